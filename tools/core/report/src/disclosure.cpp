#include "audit/report/disclosure.h"

#include <Poco/HMACEngine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>

#include "audit/base/error.h"
#include "audit/base/text.h"

namespace audit {

namespace {

// The unknowns (columns 0..V-1 of the equations m, each row a linear equation = 0 over the unknowns, known
// values already moved out) whose value the equations fix, in column order. Brings m to reduced row echelon form
// (Gauss-Jordan with partial pivoting): an unknown is determined exactly when it is a pivot whose row has no other
// non-zero entry, i.e. its unit vector lies in the row space.
std::vector<std::size_t> determinedUnknowns(std::vector<std::vector<double>>& m, std::size_t V) {
    const double eps = 1e-9;
    std::vector<std::size_t> pivotCol;
    std::size_t rank = 0;
    for (std::size_t col = 0; col < V && rank < m.size(); ++col) {
        std::size_t best = rank;
        for (std::size_t i = rank + 1; i < m.size(); ++i)
            if (std::fabs(m[i][col]) > std::fabs(m[best][col])) best = i;
        if (std::fabs(m[best][col]) < eps) continue;
        std::swap(m[rank], m[best]);
        const double p = m[rank][col];
        for (double& x : m[rank]) x /= p;
        for (std::size_t i = 0; i < m.size(); ++i) {
            if (i == rank || std::fabs(m[i][col]) < eps) continue;
            const double f = m[i][col];
            for (std::size_t j = 0; j < V; ++j) m[i][j] -= f * m[rank][j];
        }
        pivotCol.push_back(col);
        ++rank;
    }
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < rank; ++i) {
        const std::size_t k = pivotCol[i];
        bool alone = true;
        for (std::size_t j = 0; j < V && alone; ++j) alone = j == k || std::fabs(m[i][j]) < 1e-7;
        if (alone) out.push_back(k);
    }
    return out;
}


// Poco 1.11's SHA2Engine lacks the BLOCK_SIZE and DIGEST_SIZE that HMACEngine needs.
class Sha256Engine : public Poco::SHA2Engine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
    Sha256Engine() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A key written as an even number of hex digits is used as the bytes it spells; other text as its own bytes.
std::string keyBytes(std::string_view key) {
    if (key.size() % 2 == 0 && !key.empty() &&
        std::all_of(key.begin(), key.end(), [](char c) { return hexDigit(c) >= 0; })) {
        std::string bytes;
        for (std::size_t i = 0; i < key.size(); i += 2)
            bytes += static_cast<char>(hexDigit(key[i]) * 16 + hexDigit(key[i + 1]));
        return bytes;
    }
    return std::string(key);
}

std::string hmacRaw(const std::string& keyRaw, std::string_view message) {
    Poco::HMACEngine<Sha256Engine> hmac(keyRaw.data(), keyRaw.size());
    hmac.update(message.data(), message.size());
    return Poco::DigestEngine::digestToHex(hmac.digest());
}

}  // namespace

std::string newPseudonymKey() {
    Poco::RandomInputStream random;
    unsigned char bytes[32];
    random.read(reinterpret_cast<char*>(bytes), sizeof bytes);
    if (random.gcount() != static_cast<std::streamsize>(sizeof bytes))
        throw Error(ErrorKind::Internal, "could not read 32 random bytes for a pseudonym key");
    static const char* hex = "0123456789abcdef";
    std::string key;
    for (unsigned char b : bytes) {
        key += hex[b >> 4];
        key += hex[b & 15];
    }
    return key;
}

std::string hmacSha256Hex(std::string_view key, std::string_view message) {
    return hmacRaw(std::string(key), message);
}

std::string pseudonym(std::string_view key, std::string_view caseReference) {
    if (key.empty()) throw Error(ErrorKind::Internal, "pseudonym key is empty");
    std::string hex = hmacRaw(keyBytes(key), text::trim(caseReference));
    std::string out = "P-";
    for (std::size_t i = 0; i < 12; ++i) out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
    return out;
}

// ---------------------------------------------------------------- suppression

SuppressedTable::SuppressedTable(const std::vector<std::vector<long>>& counts) {
    rows_ = counts.size();
    cols_ = counts.empty() ? 0 : counts[0].size();
    values_.assign((rows_ + 1) * (cols_ + 1), 0);
    states_.assign(values_.size(), CellState::Shown);
    for (std::size_t r = 0; r < rows_; ++r) {
        if (counts[r].size() != cols_) throw Error(ErrorKind::Internal, "suppress: rows of unequal length");
        for (std::size_t c = 0; c < cols_; ++c) {
            const long v = counts[r][c];
            if (v < 0) throw Error(ErrorKind::Internal, "suppress: a count is negative");
            values_[r * (cols_ + 1) + c] = v;
            values_[r * (cols_ + 1) + cols_] += v;
            values_[rows_ * (cols_ + 1) + c] += v;
            values_[rows_ * (cols_ + 1) + cols_] += v;
        }
    }
}

std::string SuppressedTable::text(std::size_t r, std::size_t c, const std::string& marker) const {
    return hidden(r, c) ? marker : std::to_string(value(r, c));
}

std::size_t SuppressedTable::count(CellState s) const {
    return static_cast<std::size_t>(std::count(states_.begin(), states_.end(), s));
}

namespace {

using Entry = std::pair<std::size_t, std::size_t>;

// The entries of line k: k < rows+1 are rows of the augmented table, the rest its columns. The line's total is
// its last entry.
std::vector<Entry> lineEntries(const SuppressedTable& t, std::size_t k) {
    std::vector<Entry> e;
    if (k <= t.rows()) {
        for (std::size_t c = 0; c <= t.columns(); ++c) e.emplace_back(k, c);
    } else {
        const std::size_t c = k - t.rows() - 1;
        for (std::size_t r = 0; r <= t.rows(); ++r) e.emplace_back(r, c);
    }
    return e;
}

bool isCell(const SuppressedTable& t, const Entry& e) { return e.first < t.rows() && e.second < t.columns(); }

std::size_t hiddenIn(const SuppressedTable& t, const std::vector<Entry>& line) {
    std::size_t n = 0;
    for (const Entry& e : line) n += t.hidden(e.first, e.second);
    return n;
}

// The best complementary entry among candidates: a cell before a total; then one whose other line (its column
// when choosing along a row, and the reverse) already holds a single hidden entry, so that one suppression
// protects two lines; then non-zero before zero; then the smallest; then the first in reading order.
bool pickComplement(const SuppressedTable& t, const std::vector<Entry>& candidates, Entry& chosen,
                    int alongRows) {
    bool found = false;
    std::tuple<int, int, int, long, std::size_t, std::size_t> best;
    for (const Entry& e : candidates) {
        if (t.hidden(e.first, e.second)) continue;
        const long v = t.value(e.first, e.second);
        int closes = 1;
        if (alongRows == 1) closes = hiddenIn(t, lineEntries(t, t.rows() + 1 + e.second)) == 1 ? 0 : 1;
        if (alongRows == 0) closes = hiddenIn(t, lineEntries(t, e.first)) == 1 ? 0 : 1;
        auto key = std::make_tuple(isCell(t, e) ? 0 : 1, closes, v == 0 ? 1 : 0, v, e.first, e.second);
        if (!found || key < best) {
            best = key;
            chosen = e;
            found = true;
        }
    }
    return found;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> determinedEntries(const SuppressedTable& t) {
    const std::size_t R = t.rows(), C = t.columns();
    std::vector<Entry> vars;
    std::vector<long> index((R + 1) * (C + 1), -1);
    for (std::size_t r = 0; r <= R; ++r)
        for (std::size_t c = 0; c <= C; ++c)
            if (t.hidden(r, c)) {
                index[r * (C + 1) + c] = static_cast<long>(vars.size());
                vars.emplace_back(r, c);
            }
    const std::size_t V = vars.size();
    if (V == 0) return {};
    // One equation per line: the entries before the total minus the total = 0, restricted to hidden entries.
    std::vector<std::vector<double>> m;
    for (std::size_t k = 0; k < R + 1 + C + 1; ++k) {
        std::vector<double> row(V, 0.0);
        bool any = false;
        auto entries = lineEntries(t, k);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            long v = index[entries[i].first * (C + 1) + entries[i].second];
            if (v < 0) continue;
            row[static_cast<std::size_t>(v)] = (i + 1 == entries.size()) ? -1.0 : 1.0;
            any = true;
        }
        if (any) m.push_back(std::move(row));
    }
    std::vector<Entry> out;
    for (std::size_t k : determinedUnknowns(m, V)) out.push_back(vars[k]);
    return out;
}

SuppressedTable suppress(const std::vector<std::vector<long>>& counts, const SuppressionOptions& options,
                         const std::vector<std::pair<std::size_t, std::size_t>>& alsoHide) {
    SuppressedTable t(counts);
    const std::size_t R = t.rows(), C = t.columns();
    for (std::size_t r = 0; r <= R; ++r)
        for (std::size_t c = 0; c <= C; ++c) {
            const long v = t.value(r, c);
            if ((v > 0 && v < options.threshold) || (v == 0 && options.suppressZeros)) t.setState(r, c, CellState::Primary);
        }
    for (const auto& [r, c] : alsoHide)
        if (r <= R && c <= C && !t.hidden(r, c)) t.setState(r, c, CellState::Secondary);
    if (t.count(CellState::Primary) + t.count(CellState::Secondary) == 0) return t;
    for (;;) {
        bool changed = true;
        while (changed) {
            changed = false;
            for (std::size_t k = 0; k < R + 1 + C + 1; ++k) {
                auto entries = lineEntries(t, k);
                std::size_t hiddenCount = 0;
                for (const Entry& e : entries) hiddenCount += t.hidden(e.first, e.second);
                if (hiddenCount != 1) continue;
                Entry e;
                if (pickComplement(t, entries, e, k <= R ? 1 : 0)) {
                    t.setState(e.first, e.second, CellState::Secondary);
                    changed = true;
                }
            }
        }
        auto determined = determinedEntries(t);
        if (determined.empty()) break;
        const Entry d = determined.front();
        std::vector<Entry> candidates = lineEntries(t, d.first);
        auto col = lineEntries(t, R + 1 + d.second);
        candidates.insert(candidates.end(), col.begin(), col.end());
        Entry e;
        if (!pickComplement(t, candidates, e, -1)) {
            // Its row and column are hidden whole: widen to every entry of the table.
            candidates.clear();
            for (std::size_t r = 0; r <= R; ++r)
                for (std::size_t c = 0; c <= C; ++c) candidates.emplace_back(r, c);
            if (!pickComplement(t, candidates, e, -1)) break;  // everything hidden: nothing is published
        }
        t.setState(e.first, e.second, CellState::Secondary);
    }
    return t;
}

std::pair<SuppressedTable, SuppressedTable> suppressLinked(const std::vector<std::vector<long>>& a,
                                                           const std::vector<std::vector<long>>& b,
                                                           const SuppressionOptions& options) {
    std::vector<Entry> hideA, hideB;  // column totals to hide in each
    for (;;) {
        SuppressedTable ta = suppress(a, options, hideA);
        SuppressedTable tb = suppress(b, options, hideB);
        if (ta.columns() != tb.columns()) throw Error(ErrorKind::Internal, "suppressLinked: tables differ in width");
        bool grew = false;
        for (std::size_t c = 0; c <= ta.columns(); ++c) {
            const bool hidden = ta.hidden(ta.rows(), c) || tb.hidden(tb.rows(), c);
            if (hidden && !ta.hidden(ta.rows(), c)) {
                hideA.emplace_back(ta.rows(), c);
                grew = true;
            }
            if (hidden && !tb.hidden(tb.rows(), c)) {
                hideB.emplace_back(tb.rows(), c);
                grew = true;
            }
        }
        if (!grew) return {ta, tb};
    }
}

// ---------------------------------------------------------------- linked counts

std::size_t LinkedCounts::add(long value, bool published, int tier) {
    if (value < 0) throw Error(ErrorKind::Internal, "LinkedCounts: a count is negative");
    entries_.push_back(Entry{value, published, tier, published ? CellState::Shown : CellState::Secondary, false});
    return entries_.size() - 1;
}

void LinkedCounts::sum(std::size_t total, const std::vector<std::size_t>& parts) {
    std::vector<std::pair<std::size_t, int>> eq{{total, -1}};
    long check = 0;
    for (std::size_t p : parts) {
        eq.emplace_back(p, 1);
        check += entries_.at(p).value;
    }
    if (check != entries_.at(total).value)
        throw Error(ErrorKind::Internal, "LinkedCounts: parts add up to " + std::to_string(check) + ", not " +
                                             std::to_string(entries_.at(total).value));
    equations_.push_back(std::move(eq));
}

std::size_t LinkedCounts::count(CellState s, bool publishedOnly) const {
    std::size_t n = 0;
    for (const auto& e : entries_) n += e.state == s && (e.published || !publishedOnly);
    return n;
}

// Protected entries whose value follows from the known ones: the unknowns' columns of the equations are reduced;
// an unknown is determined when its unit vector lies in their row space.
std::vector<std::size_t> LinkedCounts::determinedAmong(const std::vector<bool>& known) const {
    std::vector<long> var(entries_.size(), -1);
    std::vector<std::size_t> vars;
    for (std::size_t e = 0; e < entries_.size(); ++e)
        if (!known[e]) {
            var[e] = static_cast<long>(vars.size());
            vars.push_back(e);
        }
    const std::size_t V = vars.size();
    if (V == 0) return {};
    std::vector<std::vector<double>> m;
    for (const auto& eq : equations_) {
        std::vector<double> row(V, 0.0);
        bool any = false;
        for (const auto& [e, c] : eq)
            if (var[e] >= 0) {
                row[static_cast<std::size_t>(var[e])] += c;
                any = true;
            }
        if (any) m.push_back(std::move(row));
    }
    std::vector<std::size_t> out;
    for (std::size_t k : determinedUnknowns(m, V))
        if (entries_[vars[k]].isProtected) out.push_back(vars[k]);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::size_t> LinkedCounts::determined() const {
    std::vector<bool> known(entries_.size());
    for (std::size_t e = 0; e < entries_.size(); ++e) known[e] = entries_[e].state == CellState::Shown;
    return determinedAmong(known);
}

void LinkedCounts::suppress(long threshold) {
    for (auto& e : entries_)
        if (e.value > 0 && e.value < threshold) {
            e.isProtected = true;
            if (e.published) e.state = CellState::Primary;
        }
    auto preferred = [&](std::size_t a, std::size_t b) {
        const Entry &x = entries_[a], &y = entries_[b];
        return std::make_tuple(x.tier, x.value == 0 ? 1 : 0, x.value, a) <
               std::make_tuple(y.tier, y.value == 0 ? 1 : 0, y.value, b);
    };
    for (;;) {
        // First the cheap cases: a sum with a single unknown, protected entry gets a second one (the preferred
        // shown entry of that sum).
        for (bool changed = true; changed;) {
            changed = false;
            for (const auto& eq : equations_) {
                std::size_t unknown = 0, shownBest = entries_.size();
                bool guarded = false;
                for (const auto& [e, c] : eq) {
                    if (entries_[e].state != CellState::Shown) {
                        ++unknown;
                        guarded = entries_[e].isProtected;
                    } else if (shownBest == entries_.size() || preferred(e, shownBest)) {
                        shownBest = e;
                    }
                }
                if (unknown == 1 && guarded && shownBest < entries_.size()) {
                    entries_[shownBest].state = CellState::Secondary;
                    entries_[shownBest].isProtected = true;
                    changed = true;
                }
            }
        }
        // Then the exact check, for what chains of sums give away.
        const auto det = determined();
        if (det.empty()) return;
        const std::size_t d = det.front();
        // Candidates: the shown entries of the equations linked to d through unknown entries (d is determined
        // through them), nearest first; in order of preference, the first whose suppression leaves d undetermined.
        std::vector<std::vector<std::size_t>> equationsOf(entries_.size());
        for (std::size_t q = 0; q < equations_.size(); ++q)
            for (const auto& [e, c] : equations_[q]) equationsOf[e].push_back(q);
        std::vector<bool> seenEntry(entries_.size(), false), seenEquation(equations_.size(), false);
        std::vector<std::size_t> frontier{d}, candidates, distance(entries_.size(), 0);
        seenEntry[d] = true;
        for (std::size_t hop = 1; !frontier.empty(); ++hop) {
            std::vector<std::size_t> next;
            for (std::size_t e : frontier)
                for (std::size_t q : equationsOf[e]) {
                    if (seenEquation[q]) continue;
                    seenEquation[q] = true;
                    for (const auto& [x, c] : equations_[q]) {
                        if (seenEntry[x]) continue;
                        seenEntry[x] = true;
                        distance[x] = hop;
                        if (entries_[x].state == CellState::Shown) candidates.push_back(x);
                        else next.push_back(x);
                    }
                }
            frontier = std::move(next);
        }
        if (candidates.empty()) return;  // nothing shown is linked to it: cannot happen for a determined entry
        auto preference = [&](std::size_t c) {
            const Entry& e = entries_[c];
            return std::make_tuple(e.tier, e.value == 0 ? 1 : 0, e.value, c);
        };
        std::sort(candidates.begin(), candidates.end(),
                  [&](std::size_t a, std::size_t b) { return preference(a) < preference(b); });
        std::vector<bool> known(entries_.size());
        for (std::size_t e = 0; e < entries_.size(); ++e) known[e] = entries_[e].state == CellState::Shown;
        // When no single suppression frees it (it takes two or more), the nearest preferred one: the next round
        // finds what is still determined and continues from there.
        std::size_t chosen = *std::min_element(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
            return std::make_pair(distance[a], preference(a)) < std::make_pair(distance[b], preference(b));
        });
        const std::size_t tries = std::min<std::size_t>(candidates.size(), 12);
        for (std::size_t i = 0; i < tries; ++i) {
            const std::size_t c = candidates[i];
            known[c] = false;
            const auto after = determinedAmong(known);
            known[c] = true;
            if (std::find(after.begin(), after.end(), d) == after.end()) {
                chosen = c;
                break;
            }
        }
        entries_[chosen].state = CellState::Secondary;
        entries_[chosen].isProtected = true;
    }
}

std::string suppressionNote(long threshold, const std::string& marker) {
    return marker + " = suppressed: a count from 1 to " + std::to_string(threshold - 1) +
           " (primary), or a count hidden so that the totals cannot reveal a suppressed one (secondary).";
}

}  // namespace audit
