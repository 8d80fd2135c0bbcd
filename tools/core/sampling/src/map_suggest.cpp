#include "audit/sampling/map_suggest.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace audit {

std::size_t editDistance(std::string_view a, std::string_view b) {
    // The classic two-row dynamic programme (written here: a few lines, no library in Debian offers it for C++).
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

namespace {

constexpr double kNearEnough = 0.75;  // nearest: at least this alike (1 - edits / longer key)
constexpr std::size_t kShortest = 4;  // keys shorter than this are matched exactly or not at all

struct Candidate {
    std::string key, name, mapId;
    bool own = false;    // the field's own name
    bool annex = false;  // from an annex-a layout map's list (a child's id is case_ref there, child_ref elsewhere)
};

// The words of a name worth sharing: lower-case runs of letters and digits, three characters or more, not
// "the", "and", "for", "date" (a date column shares it with every other).
std::vector<std::string> words(std::string_view name) {
    std::vector<std::string> out;
    std::string w;
    auto flush = [&] {
        if (w.size() >= 3 && w != "the" && w != "and" && w != "for" && w != "date" &&
            std::find(out.begin(), out.end(), w) == out.end())
            out.push_back(w);
        w.clear();
    };
    for (char ch : name) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (std::isalnum(c)) w.push_back(static_cast<char>(std::tolower(c)));
        else flush();
    }
    flush();
    return out;
}

std::vector<std::vector<Candidate>> candidates(const std::vector<ColumnMap>& maps) {
    std::vector<std::vector<Candidate>> out(kFieldCount);
    for (std::size_t f = 0; f < kFieldCount; ++f) {
        const std::string own(fieldName(static_cast<Field>(f)));
        out[f].push_back({matchKey(own), own, "", true, false});
    }
    auto add = [&](std::size_t f, const std::string& name, const std::string& mapId, bool annex) {
        const std::string k = matchKey(name);
        for (const auto& c : out[f])
            if (c.key == k && (c.annex == annex || !annex)) return;
        out[f].push_back({k, name, mapId, false, annex});
    };
    for (const auto& m : maps) {
        for (std::size_t f = 0; f < kFieldCount; ++f) {
            for (const auto& n : m.columns(static_cast<Field>(f))) add(f, n, m.id(), false);
            for (const auto& l : m.lists())
                for (const auto& n : l.columns[f]) add(f, n, m.id(), true);
        }
    }
    return out;
}

struct Pair {
    double score;
    std::size_t field;
    std::size_t column;
    FieldMatch match;
};

// Every (field, header) pair worth considering, scored: exact 4, alias 3 (2.9 from an Annex A list), nearest
// 1 + similarity.
std::vector<Pair> pairsOf(const std::vector<std::string>& header, const std::vector<std::vector<Candidate>>& cands) {
    std::vector<Pair> out;
    std::vector<bool> named(header.size(), false);  // the header is some field's name or alias
    for (std::size_t h = 0; h < header.size(); ++h) {
        const std::string hk = matchKey(header[h]);
        if (hk.empty()) continue;
        for (std::size_t f = 0; f < kFieldCount; ++f)
            for (const auto& c : cands[f])
                if (c.key == hk) {
                    named[h] = true;
                    FieldMatch m{static_cast<Field>(f), c.own ? MatchHow::Exact : MatchHow::Alias, static_cast<int>(h),
                                 header[h], c.name, c.mapId, 0, 1.0};
                    out.push_back({c.own ? 4.0 : c.annex ? 2.9 : 3.0, f, h, m});
                    break;
                }
    }
    for (std::size_t h = 0; h < header.size(); ++h) {
        const std::string hk = matchKey(header[h]);
        if (named[h] || hk.size() < kShortest) continue;
        for (std::size_t f = 0; f < kFieldCount; ++f) {
            const Candidate* best = nullptr;
            std::size_t bestEdits = 0;
            double bestSim = 0;
            for (const auto& c : cands[f]) {
                if (c.key.size() < kShortest) continue;
                const std::size_t d = editDistance(hk, c.key);
                const double sim = 1.0 - static_cast<double>(d) / static_cast<double>(std::max(hk.size(), c.key.size()));
                if (sim > bestSim) best = &c, bestEdits = d, bestSim = sim;
            }
            if (best && bestSim >= kNearEnough)
                out.push_back({1.0 + bestSim, f, h,
                               FieldMatch{static_cast<Field>(f), MatchHow::Nearest, static_cast<int>(h), header[h],
                                          best->name, best->mapId, bestEdits, bestSim}});
        }
    }
    // A required field: an unnamed header sharing a word with one of its names (the weakest match).
    for (std::size_t h = 0; h < header.size(); ++h) {
        if (named[h]) continue;
        const auto hw = words(header[h]);
        for (std::size_t f = 0; f < kFieldCount; ++f) {
            if (!isRequired(static_cast<Field>(f))) continue;
            for (const auto& c : cands[f]) {
                const auto cw = words(c.name);
                std::size_t shared = 0;
                std::string word;
                for (const auto& w : hw)
                    if (std::find(cw.begin(), cw.end(), w) != cw.end()) ++shared, word = w;
                if (!shared) continue;
                const double share = static_cast<double>(shared) / static_cast<double>(std::max(hw.size(), cw.size()));
                out.push_back({0.5 + share * 0.4, f, h,
                               FieldMatch{static_cast<Field>(f), MatchHow::Word, static_cast<int>(h), header[h], c.name,
                                          c.mapId, 0, share, word}});
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Pair& a, const Pair& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.field != b.field) return a.field < b.field;
        return a.column < b.column;
    });
    return out;
}

std::string commentText(std::string s) {
    // "--" may not appear in an XML comment, nor may one end in "-".
    for (std::size_t i; (i = s.find("--")) != std::string::npos;) s.replace(i, 2, "- -");
    if (!s.empty() && s.back() == '-') s += ' ';
    return " " + s + " ";
}

std::string percent(double v) {
    char b[16];
    std::snprintf(b, sizeof b, "%.0f%%", v * 100.0);
    return b;
}

std::string said(const FieldMatch& m) {
    const std::string f(fieldName(m.field));
    const std::string where = "'" + m.header + "' (column " + std::to_string(m.column + 1) + ")";
    switch (m.how) {
        case MatchHow::Exact:
            return f + ": " + where + ", exact: the field's own name after normalising (case, spaces, punctuation)";
        case MatchHow::Alias:
            return f + ": " + where + ", alias: a name map '" + m.mapId + "' gives " + f;
        case MatchHow::Nearest:
            return f + ": " + where + ", nearest by edit distance: " + std::to_string(m.edits) + " edit" +
                   (m.edits == 1 ? "" : "s") + " from '" + m.matched + "' (map '" + m.mapId + "'), " + percent(m.similarity) +
                   " alike; check it";
        case MatchHow::Word:
            return f + ": " + where + ", weak: it shares the word '" + m.word + "' with " +
                   (m.mapId.empty() ? "the field's name" : "'" + m.matched + "' (map '" + m.mapId + "')") +
                   ", and no header is nearer; it is required: check it";
        case MatchHow::None: break;
    }
    return f + ": NOT FOUND: no header is or resembles a name for " + f + "; it is required: replace '" + f +
           "' below with the header of the column that holds it";
}

}  // namespace

MapSuggestion suggestColumns(const std::vector<std::string>& header, const std::vector<ColumnMap>& maps) {
    MapSuggestion s;
    for (std::size_t f = 0; f < kFieldCount; ++f) s.fields.push_back(FieldMatch{static_cast<Field>(f)});
    const auto pairs = pairsOf(header, candidates(maps));
    std::vector<bool> taken(header.size(), false);
    for (bool required : {true, false})
        for (const auto& p : pairs) {
            if (isRequired(static_cast<Field>(p.field)) != required) continue;
            if (taken[p.column] || s.fields[p.field].how != MatchHow::None) continue;
            s.fields[p.field] = p.match;
            taken[p.column] = true;
        }
    for (std::size_t h = 0; h < header.size(); ++h)
        if (!taken[h] && !header[h].empty()) s.unusedHeaders.push_back(header[h]);
    return s;
}

bool looksLikeHeader(const std::vector<std::string>& cells, const std::vector<ColumnMap>& maps) {
    int n = 0;
    for (const auto& p : pairsOf(cells, candidates(maps)))
        if (p.match.how == MatchHow::Exact || p.match.how == MatchHow::Alias) ++n;
    return n >= 2;
}

std::string suggestedMapXml(const MapSuggestion& s, const std::string& id, const std::string& name, const std::string& source) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    doc.append_child(pugi::node_comment)
        .set_value(commentText("Suggested by audit-sample check (suggest-map) from " + source +
                               ". Each field's comment says what it matched and how sure that is: exact (the field's "
                               "own name), alias (a name a shipped map gives it) or nearest by edit distance (check "
                               "those and the word matches). Edit the <column> names, then give this file's path as the map of "
                               "audit-sample (format: "
                               "audit-frameworks/column-maps/README.md).").c_str());
    auto root = doc.append_child("column-map");
    root.append_attribute("id") = id.c_str();
    root.append_attribute("name") = name.c_str();
    root.append_attribute("date-format") = "dd/mm/yyyy";
    root.append_child("description").text().set(("Suggested from " + source + "; review before use.").c_str());
    std::vector<std::string> notFound;
    for (const auto& m : s.fields) {
        const std::string f(fieldName(m.field));
        if (m.how == MatchHow::None && !isRequired(m.field)) {
            notFound.push_back(f);
            continue;
        }
        root.append_child(pugi::node_comment).set_value(commentText(said(m)).c_str());
        auto field = root.append_child("field");
        field.append_attribute("name") = f.c_str();
        field.append_child("column").text().set(m.how == MatchHow::None ? f.c_str() : m.header.c_str());
    }
    std::string nf, unused;
    for (const auto& f : notFound) nf += (nf.empty() ? "" : ", ") + f;
    for (const auto& h : s.unusedHeaders) unused += (unused.empty() ? "'" : ", '") + h + "'";
    root.append_child(pugi::node_comment)
        .set_value(commentText("Optional fields with no matching header (left out): " + (nf.empty() ? "none" : nf) +
                               ". Add a <field> for any the file holds under another name.").c_str());
    root.append_child(pugi::node_comment)
        .set_value(commentText("Headers no field took (unmatched): " + (unused.empty() ? "none" : unused) +
                               ". Any of them can still be a stratum by its header name.").c_str());
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

}  // namespace audit
