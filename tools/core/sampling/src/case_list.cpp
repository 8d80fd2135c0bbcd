#include "audit/sampling/case_list.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <exception>
#include <ostream>
#include <thread>
#include <unordered_map>

#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "audit/base/paths.h"
#include "audit/io/xlsx_reader.h"
#include "audit/io/xml_check.h"
#include "audit/base/text.h"
#include "audit/sampling/annex_a.h"
#include "date_order.h"

namespace fs = std::filesystem;

namespace audit {

// ------------------------------------------------------------------------------------------- names

namespace {
constexpr std::array<std::string_view, kCategoryCount> kCategoryNames = {"CIN", "CP", "CLA", "Care leaver",
                                                                          "Early help", "Assessment"};
constexpr std::array<std::string_view, kFlagCount> kFlagNames = {"missing", "exploitation", "uasc", "disability"};
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "case_ref",     "child_ref",       "team",          "service_area",     "category",  "worker",
    "team_manager", "open_date",       "last_audit_date", "closed_date",    "legal_status", "flag_missing",
    "flag_exploitation", "flag_uasc", "flag_disability", "flags"};

// Built-in aliases of the canonical categories (every map has these; a map can add its own).
const std::vector<std::pair<Category, std::vector<std::string_view>>>& builtinCategoryAliases() {
    static const std::vector<std::pair<Category, std::vector<std::string_view>>> aliases = {
        {Category::CIN, {"CIN", "Child in Need", "Children in Need", "CIN Plan", "Child in Need Plan", "S17",
                         "Section 17"}},
        {Category::CP, {"CP", "Child Protection", "CPP", "Child Protection Plan", "CP Plan"}},
        {Category::CLA, {"CLA", "Looked After", "LAC", "Child Looked After", "Children Looked After",
                         "Looked After Child", "CiC", "Child in Care", "Children in Care"}},
        {Category::CareLeaver, {"Care leaver", "Care leavers", "Leaving Care", "Care Experienced", "Former Relevant",
                                "Relevant Child", "Qualifying Care Leaver"}},
        {Category::EarlyHelp, {"Early help", "EH", "Early Help Assessment", "Targeted Early Help",
                               "Team Around the Family", "TAF"}},
        {Category::Assessment, {"Assessment", "Open assessment", "Open asmt", "Assessment only"}},
    };
    return aliases;
}

const std::vector<std::pair<unsigned, std::vector<std::string_view>>>& builtinFlagAliases() {
    static const std::vector<std::pair<unsigned, std::vector<std::string_view>>> aliases = {
        {FlagMissing, {"missing", "MFH", "Missing from Home", "Missing from Care", "Missing Episode"}},
        {FlagExploitation, {"exploitation", "CSE", "CCE", "Child Sexual Exploitation", "Child Criminal Exploitation",
                            "Exploitation Risk", "County Lines"}},
        {FlagUasc, {"uasc", "Unaccompanied Asylum Seeking Child", "Unaccompanied Asylum-Seeking Child",
                    "Unaccompanied"}},
        {FlagDisability, {"disability", "Disabled", "Disabled Child", "CWD", "Child with Disabilities"}},
    };
    return aliases;
}

const std::vector<std::string_view> kDefaultYes = {"Y", "Yes", "True", "1", "X"};
const std::vector<std::string_view> kDefaultNo = {"N", "No", "False", "0"};

std::uint64_t load64(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}
std::uint64_t load32(const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
}

// A hash of a cell for the in-memory tables (never stored): short texts, the usual case, are read with two
// overlapping loads; longer ones eight bytes at a time. Finalised with MurmurHash3's fmix64 so that every
// input bit reaches the low bits used as the slot index.
std::uint64_t hashBytes(std::string_view s) {
    const char* p = s.data();
    const std::size_t n = s.size();
    std::uint64_t a = 0, b = 0;
    if (n > 16) {
        std::uint64_t h = 0x9E3779B97F4A7C15ULL;
        std::size_t i = 0;
        for (; i + 8 < n; i += 8) {
            h = (h ^ load64(p + i)) * 0xBF58476D1CE4E5B9ULL;
            h ^= h >> 29;
        }
        a = h;
        b = load64(p + n - 8);
    } else if (n >= 8) {
        a = load64(p);
        b = load64(p + n - 8);
    } else if (n >= 4) {
        a = load32(p);
        b = load32(p + n - 4);
    } else if (n > 0) {
        a = static_cast<unsigned char>(p[0]) | (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
            (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
    }
    std::uint64_t h = (a * 0x94D049BB133111EBULL) ^ ((b + n) * 0xBF58476D1CE4E5B9ULL);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

// Equality of two cells, without a library call for short ones.
bool sameText(std::string_view x, std::string_view y) {
    const std::size_t n = x.size();
    if (n != y.size()) return false;
    if (n > 16) return std::memcmp(x.data(), y.data(), n) == 0;
    if (n >= 8)
        return load64(x.data()) == load64(y.data()) && load64(x.data() + n - 8) == load64(y.data() + n - 8);
    if (n >= 4)
        return load32(x.data()) == load32(y.data()) && load32(x.data() + n - 4) == load32(y.data() + n - 4);
    for (std::size_t i = 0; i < n; ++i)
        if (x[i] != y[i]) return false;
    return true;
}

std::string lineOf(const std::string& text, std::ptrdiff_t offset) {
    std::size_t line = 1;
    for (std::ptrdiff_t i = 0; i < offset && i < static_cast<std::ptrdiff_t>(text.size()); ++i)
        if (text[static_cast<std::size_t>(i)] == '\n') ++line;
    return "line " + std::to_string(line);
}

std::string quoteList(const std::vector<std::string>& names) {
    std::string s;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) s += ", ";
        s += "'" + names[i] + "'";
    }
    return s;
}
}  // namespace

std::string_view categoryName(Category c) { return kCategoryNames[static_cast<std::size_t>(c)]; }

const std::array<Category, kCategoryCount>& allCategories() {
    static const std::array<Category, kCategoryCount> all = {Category::CIN,        Category::CP,
                                                             Category::CLA,        Category::CareLeaver,
                                                             Category::EarlyHelp,  Category::Assessment};
    return all;
}

std::string_view flagName(std::size_t bitIndex) { return bitIndex < kFlagCount ? kFlagNames[bitIndex] : ""; }

std::string flagList(unsigned flags) {
    std::string s;
    for (std::size_t b = 0; b < kFlagCount; ++b)
        if (flags & (1u << b)) {
            if (!s.empty()) s += ';';
            s += kFlagNames[b];
        }
    return s;
}

std::ostream& operator<<(std::ostream& os, Category c) { return os << categoryName(c); }
std::ostream& operator<<(std::ostream& os, Field f) { return os << fieldName(f); }

std::string_view fieldName(Field f) { return kFieldNames[static_cast<std::size_t>(f)]; }

std::optional<Field> fieldByName(std::string_view name) {
    for (std::size_t i = 0; i < kFieldCount; ++i)
        if (kFieldNames[i] == name) return static_cast<Field>(i);
    return std::nullopt;
}

bool isRequired(Field f) {
    return f == Field::CaseRef || f == Field::Team || f == Field::Category || f == Field::Worker;
}

namespace {
// The length of a typographic punctuation or space character at s[i] (UTF-8), 0 if there is none: no-break
// space U+00A0, U+2000..U+200B spaces, U+2010..U+2015 dashes, U+2018..U+201F quotes, U+2026 ellipsis,
// U+202F narrow no-break space, U+2032/U+2033 primes.
std::size_t typographic(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    if (b(0) == 0xC2 && b(1) == 0xA0) return 2;
    if (b(0) == 0xE2 && b(1) == 0x80) {
        const unsigned c = b(2);
        if ((c >= 0x80 && c <= 0x8B) || (c >= 0x90 && c <= 0x95) || (c >= 0x98 && c <= 0x9F) || c == 0xA6 ||
            c == 0xAF || c == 0xB2 || c == 0xB3)
            return 3;
    }
    return 0;
}
}  // namespace

std::string matchKey(std::string_view s) {
    std::string k;
    k.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 'A' && c <= 'Z') k.push_back(static_cast<char>(c + 32));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) k.push_back(s[i]);
        else if (c >= 0x80) {
            if (const std::size_t n = typographic(s, i)) i += n - 1;
            else k.push_back(s[i]);
        }
    }
    return k;
}

std::string codeKey(std::string_view s) {
    s = text::trimBlanks(s);
    // "a) ", "a. ", "(a) ", "a - ": one letter and its closing mark.
    std::size_t i = 0;
    if (!s.empty() && s[0] == '(') i = 1;
    if (i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i])) &&
        (s[i + 1] == ')' || s[i + 1] == '.' || s[i + 1] == ':') && (i + 2 == s.size() || s[i + 2] == ' '))
        s.remove_prefix(i + 2);
    return matchKey(s);
}

bool isErrorValue(std::string_view s) {
    if (s.size() < 4 || s.front() != '#') return false;
    static constexpr std::string_view kErrors[] = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!",
                                                   "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!",
                                                   "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"};
    const std::string_view t = text::trimBlanks(s);
    for (auto e : kErrors)
        if (t == e) return true;
    return false;
}

const std::vector<std::string>* ListColumns::named(std::string_view name) const {
    if (const auto f = fieldByName(name)) return of(*f).empty() ? nullptr : &of(*f);
    for (const auto& [n, cols] : extra)
        if (n == name) return &cols;
    return nullptr;
}

std::string ListColumns::names() const {
    std::string s;
    for (std::size_t f = 0; f < kFieldCount; ++f)
        if (!columns[f].empty()) s += (s.empty() ? "" : ", ") + std::string(fieldName(static_cast<Field>(f)));
    for (const auto& e : extra) s += (s.empty() ? "" : ", ") + e.first;
    return s;
}

int findColumn(const std::vector<std::string>& header, const std::vector<std::string>& names) {
    std::vector<std::string> keys;
    keys.reserve(header.size());
    for (const auto& h : header) keys.push_back(matchKey(h));
    for (const auto& n : names) {
        const std::string k = matchKey(n);
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (!k.empty() && keys[i] == k) return static_cast<int>(i);
    }
    return -1;
}

// ------------------------------------------------------------------------------------------ ColumnMap

ColumnMap ColumnMap::parse(const std::string& xml, const std::string& fileName) {
    pugi::xml_document doc;
    const pugi::xml_parse_result ok = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype);
    if (!ok) throw Error(ErrorKind::Data, fileName, lineOf(xml, ok.offset), std::string("not well-formed XML: ") + ok.description());
    if (const auto at = detail::doctypeOffset(doc); at >= 0)
        throw Error(ErrorKind::Data, fileName, lineOf(xml, at), detail::kDoctypeRefused);
    const pugi::xml_node root = doc.child("column-map");
    if (!root) throw Error(ErrorKind::Data, fileName, "", "expected a <column-map> root element");

    ColumnMap m;
    m.file_ = fileName;
    m.id_ = root.attribute("id").as_string();
    m.name_ = root.attribute("name").as_string(m.id_.c_str());
    if (m.id_.empty()) m.id_ = fs::path(fileName).stem().string();
    for (std::size_t i = 0; i < kCategoryCount; ++i) m.categoryLabels_[i] = std::string(kCategoryNames[i]);
    for (std::size_t i = 0; i < kFlagCount; ++i) m.flagLabels_[i] = std::string(kFlagNames[i]);
    for (const auto& [cat, aliases] : builtinCategoryAliases())
        for (auto a : aliases) m.categories_.emplace(matchKey(a), cat);
    for (const auto& [bit, aliases] : builtinFlagAliases())
        for (auto a : aliases) m.flagNames_.emplace(matchKey(a), bit);

    std::vector<Problem> problems;
    auto at = [&](const pugi::xml_node& n) { return lineOf(xml, n.offset_debug()); };
    if (const auto df = root.attribute("date-format")) {
        m.dateFormat_ = df.as_string();
        if (m.dateFormat_ != "dd/mm/yyyy" && m.dateFormat_ != "yyyy-mm-dd")
            problems.push_back({fileName, at(root), "date-format '" + m.dateFormat_ + "' is not dd/mm/yyyy or yyyy-mm-dd"});
    }
    if (const auto lay = root.attribute("layout")) {
        const std::string v = lay.as_string();
        if (v == "annex-a") m.layout_ = MapLayout::AnnexA;
        else if (v == "history") m.layout_ = MapLayout::History;
        else if (v != "cases") problems.push_back({fileName, at(root), "layout '" + v + "' is not cases, annex-a or history"});
    }
    if (const auto dord = root.attribute("date-order")) {
        m.dateOrder_ = dateOrderByName(dord.as_string());
        if (!m.dateOrder_) problems.push_back({fileName, at(root), std::string("date-order '") + dord.as_string() + "' is not dmy or mdy"});
    }
    m.excelSerials_ = root.attribute("excel-serials").as_bool(false);
    // A <field>: its columns into `cols` (and whether it is a count into `count`).
    auto parseField = [&](const pugi::xml_node& n, std::array<std::vector<std::string>, kFieldCount>& columns,
                          bool* count) {
        const std::string name = n.attribute("name").as_string();
        const auto f = fieldByName(name);
        if (!f) {
            problems.push_back({fileName, at(n), "unknown field '" + name + "'; expected one of case_ref, child_ref, team, "
                                                 "service_area, category, worker, team_manager, open_date, "
                                                 "last_audit_date, closed_date, legal_status, flag_missing, "
                                                 "flag_exploitation, flag_uasc, flag_disability, flags"});
            return;
        }
        auto& cols = columns[static_cast<std::size_t>(*f)];
        if (!cols.empty()) problems.push_back({fileName, at(n), "field '" + name + "' is given twice"});
        for (const pugi::xml_node c : n.children("column")) {
            const std::string col(text::trimBlanks(c.text().as_string()));
            if (col.empty()) problems.push_back({fileName, at(c), "empty <column> in field '" + name + "'"});
            else cols.push_back(col);
        }
        if (cols.empty()) problems.push_back({fileName, at(n), "field '" + name + "' names no <column>"});
        if (*f == Field::Flags) {
            if (const auto sep = n.attribute("separator")) m.flagSeparator_ = sep.as_string();
            if (m.flagSeparator_.empty()) problems.push_back({fileName, at(n), "empty flag separator"});
        }
        if (n.attribute("count").as_bool(false)) {
            if (!count || name.rfind("flag_", 0) != 0)
                problems.push_back({fileName, at(n), "count=\"yes\" is for a flag_ field in a <list>"});
            else count[static_cast<std::size_t>(*f)] = true;
        }
    };
    std::vector<std::string> yes, no;
    for (const pugi::xml_node n : root.children()) {
        if (n.type() != pugi::node_element) continue;
        const std::string tag = n.name();
        if (tag == "description") continue;
        if (tag == "field" && m.layout_ == MapLayout::History) {
            const std::string name = n.attribute("name").as_string();
            if (name == "template") {
                for (const pugi::xml_node c : n.children("column"))
                    if (auto col = std::string(text::trimBlanks(c.text().as_string())); !col.empty()) m.templateColumns_.push_back(col);
                if (m.templateColumns_.empty()) problems.push_back({fileName, at(n), "field 'template' names no <column>"});
            } else if (name != "case_ref" && name != "child_ref" && name != "last_audit_date") {
                problems.push_back({fileName, at(n), "a history map names case_ref, child_ref, last_audit_date (the audit "
                                                     "date) and template; not '" + name + "'"});
            } else {
                parseField(n, m.columns_, nullptr);
            }
        } else if (tag == "field") {
            if (m.layout_ == MapLayout::AnnexA)
                problems.push_back({fileName, at(n), "an annex-a map names its fields inside <list number=\"N\">"});
            parseField(n, m.columns_, nullptr);
        } else if (tag == "list") {
            ListColumns lc;
            lc.number = n.attribute("number").as_int(0);
            if (m.layout_ != MapLayout::AnnexA)
                problems.push_back({fileName, at(n), "<list> is for a map with layout=\"annex-a\""});
            if (lc.number < 1 || lc.number > 11)
                problems.push_back({fileName, at(n), "<list> needs number=\"1\" to \"11\""});
            for (const pugi::xml_node f : n.children()) {
                if (f.type() != pugi::node_element) continue;
                if (std::string(f.name()) == "extra") {
                    const std::string name = f.attribute("name").as_string();
                    std::vector<std::string> cols;
                    for (const pugi::xml_node c : f.children("column")) {
                        const std::string col(text::trimBlanks(c.text().as_string()));
                        if (col.empty()) problems.push_back({fileName, at(c), "empty <column> in extra '" + name + "'"});
                        else cols.push_back(col);
                    }
                    if (name.empty()) problems.push_back({fileName, at(f), "<extra> needs a name"});
                    else if (fieldByName(name) || lc.named(name))
                        problems.push_back({fileName, at(f), "extra '" + name + "' is given twice or is a field's name"});
                    if (cols.empty()) problems.push_back({fileName, at(f), "extra '" + name + "' names no <column>"});
                    lc.extra.emplace_back(name, std::move(cols));
                    continue;
                }
                if (std::string(f.name()) != "field") {
                    problems.push_back({fileName, at(f), std::string("unknown element <") + f.name() + "> in <list>; expected field or extra"});
                    continue;
                }
                parseField(f, lc.columns, lc.count.data());
            }
            if (lc.of(Field::CaseRef).empty())
                problems.push_back({fileName, at(n), "list " + std::to_string(lc.number) + " names no column for case_ref (the child's id)"});
            m.lists_.push_back(std::move(lc));
        } else if (tag == "status") {
            StatusMeaning meaning;
            const std::string cat = n.attribute("category").as_string();
            if (n.attribute("closed").as_bool(false)) {
                if (!cat.empty()) problems.push_back({fileName, at(n), "a <status> is either closed or a category"});
            } else {
                for (std::size_t i = 0; i < kCategoryCount; ++i)
                    if (matchKey(kCategoryNames[i]) == matchKey(cat)) meaning.category = static_cast<Category>(i);
                if (!meaning.category)
                    problems.push_back({fileName, at(n), "<status> needs category=\"CIN|CP|CLA|Care leaver|Assessment\" or closed=\"yes\"; got '" + cat + "'"});
            }
            for (const pugi::xml_node a : n.children("alias")) {
                const std::string key = codeKey(a.text().as_string());
                if (key.empty()) problems.push_back({fileName, at(a), "empty <alias>"});
                else m.statuses_[key] = meaning;
            }
        } else if (tag == "category") {
            const std::string name = n.attribute("name").as_string();
            std::optional<Category> cat;
            for (std::size_t i = 0; i < kCategoryCount; ++i)
                if (matchKey(kCategoryNames[i]) == matchKey(name)) cat = static_cast<Category>(i);
            if (!cat) {
                problems.push_back({fileName, at(n), "unknown category '" + name + "'; expected CIN, CP, CLA, Care leaver or Early help"});
                continue;
            }
            bool first = true;
            for (const pugi::xml_node a : n.children("alias")) {
                const std::string alias(text::trimBlanks(a.text().as_string()));
                const auto key = matchKey(alias);
                if (key.empty()) {
                    problems.push_back({fileName, at(a), "empty <alias>"});
                    continue;
                }
                auto [it, inserted] = m.categories_.emplace(key, *cat);
                if (!inserted && it->second != *cat)
                    problems.push_back({fileName, at(a), "alias '" + alias + "' already means " + std::string(categoryName(it->second))});
                if (first) m.categoryLabels_[static_cast<std::size_t>(*cat)] = alias;
                first = false;
            }
        } else if (tag == "flag") {
            const std::string name = n.attribute("name").as_string();
            std::size_t bit = kFlagCount;
            for (std::size_t i = 0; i < kFlagCount; ++i)
                if (kFlagNames[i] == name) bit = i;
            if (bit == kFlagCount) {
                problems.push_back({fileName, at(n), "unknown flag '" + name + "'; expected missing, exploitation, uasc or disability"});
                continue;
            }
            bool first = true;
            for (const pugi::xml_node a : n.children("alias")) {
                const std::string alias(text::trimBlanks(a.text().as_string()));
                const auto key = matchKey(alias);
                if (key.empty()) {
                    problems.push_back({fileName, at(a), "empty <alias>"});
                    continue;
                }
                m.flagNames_[key] = 1u << bit;
                if (first) m.flagLabels_[bit] = alias;
                first = false;
            }
        } else if (tag == "yes") {
            yes.emplace_back(text::trimBlanks(n.text().as_string()));
        } else if (tag == "no") {
            no.emplace_back(text::trimBlanks(n.text().as_string()));
        } else {
            problems.push_back({fileName, at(n), "unknown element <" + tag + ">; expected field, list, status, category, flag, yes, no or description"});
        }
    }
    if (m.layout_ == MapLayout::AnnexA) {
        if (m.lists_.empty()) problems.push_back({fileName, at(root), "an annex-a map needs at least one <list>"});
        std::sort(m.lists_.begin(), m.lists_.end(), [](const ListColumns& a, const ListColumns& b) { return a.number < b.number; });
    }
    if (m.layout_ == MapLayout::History &&
        (m.columns(Field::LastAuditDate).empty() || (m.columns(Field::CaseRef).empty() && m.columns(Field::ChildRef).empty())))
        problems.push_back({fileName, at(root), "a history map names the audit date (last_audit_date) and case_ref or child_ref"});
    for (std::size_t i = 0; i < kFieldCount && m.layout_ == MapLayout::Cases; ++i)
        if (isRequired(static_cast<Field>(i)) && m.columns_[i].empty())
            problems.push_back({fileName, at(root), "the map names no column for the required field '" + std::string(kFieldNames[i]) + "'"});
    if (!problems.empty()) throw Error(ErrorKind::Data, std::move(problems));

    m.yes_ = yes;
    for (auto v : kDefaultYes) m.yes_.emplace_back(v);
    m.no_ = no;
    for (auto v : kDefaultNo) m.no_.emplace_back(v);
    return m;
}

ColumnMap ColumnMap::load(const std::string& nameOrPath) {
    std::string path = nameOrPath;
    const bool isPath = nameOrPath.size() > 4 && nameOrPath.substr(nameOrPath.size() - 4) == ".xml";
    if (!isPath) {
        if (nameOrPath.empty() || nameOrPath.find_first_of("/\\") != std::string::npos)
            throw Error(ErrorKind::Usage, "column map '" + nameOrPath + "': give a map name (" +
                                              [] { std::string s; for (auto& n : available()) s += (s.empty() ? "" : ", ") + n; return s; }() +
                                              ") or a path ending in .xml");
        path = frameworksDir() + "/column-maps/" + nameOrPath + ".xml";
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            std::string names;
            for (const auto& n : available()) names += (names.empty() ? "" : ", ") + n;
            throw Error(ErrorKind::Usage, "no column map named '" + nameOrPath + "' (available: " + names + ")");
        }
    }
    return parse(readFile(path), path);
}

std::vector<std::string> ColumnMap::available() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(frameworksDir() + "/column-maps", ec))
        if (e.path().extension() == ".xml") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        if ((a == "generic") != (b == "generic")) return a == "generic";
        return a < b;
    });
    return names;
}

std::optional<Category> ColumnMap::category(std::string_view value) const {
    auto it = categories_.find(matchKey(value));
    if (it == categories_.end()) it = categories_.find(codeKey(value));
    if (it == categories_.end()) return std::nullopt;
    return it->second;
}

const ListColumns* ColumnMap::list(int number) const {
    for (const auto& l : lists_)
        if (l.number == number) return &l;
    return nullptr;
}

std::optional<StatusMeaning> ColumnMap::status(std::string_view value) const {
    auto it = statuses_.find(codeKey(value));
    if (it != statuses_.end()) return it->second;
    return std::nullopt;
}

ColumnMap ColumnMap::withColumns(const std::vector<std::pair<Field, std::string>>& columns) const {
    ColumnMap m = *this;
    for (const auto& [f, name] : columns) {
        const auto i = static_cast<std::size_t>(f);
        if (m.layout_ == MapLayout::AnnexA) {
            for (auto& l : m.lists_) l.columns[i] = {name};
        } else {
            m.columns_[i] = {name};
        }
    }
    return m;
}

const std::string& ColumnMap::categoryLabel(Category c) const { return categoryLabels_[static_cast<std::size_t>(c)]; }

unsigned ColumnMap::flagByName(std::string_view token) const {
    auto it = flagNames_.find(matchKey(token));
    return it == flagNames_.end() ? 0u : it->second;
}

const std::string& ColumnMap::flagLabel(std::size_t bitIndex) const {
    static const std::string none;
    return bitIndex < kFlagCount ? flagLabels_[bitIndex] : none;
}

std::optional<bool> ColumnMap::flagValue(std::string_view value) const {
    const std::string k = codeKey(value);
    if (text::trimBlanks(value).empty()) return false;
    for (const auto& y : yes_)
        if (matchKey(y) == k) return true;
    for (const auto& n : no_)
        if (matchKey(n) == k) return false;
    return std::nullopt;
}

std::array<int, kFieldCount> ColumnMap::resolve(const std::vector<std::string>& header, const std::string& file,
                                                const std::string& place) const {
    std::array<int, kFieldCount> out;
    out.fill(-1);
    if (layout_ != MapLayout::Cases)
        throw Error(ErrorKind::Data, file, place,
                    "column map '" + id_ + "' is for an Annex A workbook (sheets List 6 to List 9, or one CSV per list); "
                    "this file has one table (expected a case-list map such as generic)");
    std::vector<std::string> keys;
    keys.reserve(header.size());
    for (const auto& h : header) keys.push_back(matchKey(h));
    std::vector<Problem> problems;
    for (std::size_t f = 0; f < kFieldCount; ++f) {
        for (const auto& name : columns_[f]) {
            const auto key = matchKey(name);
            auto it = std::find(keys.begin(), keys.end(), key);
            if (it != keys.end()) {
                out[f] = static_cast<int>(it - keys.begin());
                break;
            }
        }
        if (out[f] < 0 && isRequired(static_cast<Field>(f)))
            problems.push_back({file, place,
                                "no column for the required field '" + std::string(kFieldNames[f]) + "' (column map '" + id_ +
                                    "' looks for " + quoteList(columns_[f]) + "); the file's columns are " + quoteList(header)});
    }
    if (!problems.empty()) throw Error(ErrorKind::Data, std::move(problems));
    return out;
}

bool ColumnMap::fits(const std::vector<std::string>& header) const {
    if (layout_ != MapLayout::Cases) return false;
    try {
        resolve(header, "", "");
        return true;
    } catch (const Error&) {
        return false;
    }
}

// ----------------------------------------------------------------------------------- column storage

namespace {

// One column of strings, interned while it has few distinct values (a 16-bit code per row), then a text block
// with 32-bit end offsets: a million case references take 12 MB, not 16.
class StringColumn {
public:
    static constexpr std::uint32_t kNoCode = 0xFFFFFFFFu;
    static constexpr std::size_t kMaxDistinct = 1u << 14;  // small enough for the table to stay in cache
    static constexpr std::size_t kMaxText = 0xFFFFFFFFu;   // a column's text, in bytes (4 GiB)
    static_assert(kMaxDistinct <= 0x10000, "codes are 16 bits");

    std::uint32_t push(std::string_view v) {
        if (!interned_) {
            text_.append(v);
            if (text_.size() > kMaxText) tooMuchText();
            ends_.push_back(static_cast<std::uint32_t>(text_.size()));
            return kNoCode;
        }
        const std::uint64_t h = hashBytes(v);
        std::uint32_t code = find(v, h);
        if (code == kNoCode) {
            if (views_.size() >= kMaxDistinct) {
                spill();
                return push(v);
            }
            code = add(v, h);
        }
        codes_.push_back(static_cast<std::uint16_t>(code));
        return code;
    }

    // Appends the rows of another column of the same header (read from a later part of the file): the result
    // is what pushing those rows one by one would have given.
    void append(const StringColumn& o) {
        if (absent_) return;
        if (interned_ && o.interned_) {
            // o's values in o's first-seen order, as a row-by-row load would have met them.
            std::vector<std::uint32_t> map(o.views_.size());
            for (std::size_t k = 0; k < o.views_.size() && interned_; ++k) {
                std::uint32_t code = find(o.views_[k], o.hashes_[k]);
                if (code == kNoCode) {
                    if (views_.size() >= kMaxDistinct) {
                        spill();
                        break;
                    }
                    code = add(o.views_[k], o.hashes_[k]);
                }
                map[k] = code;
            }
            if (interned_) {
                codes_.reserve(codes_.size() + o.codes_.size());
                for (std::uint16_t c : o.codes_) codes_.push_back(static_cast<std::uint16_t>(map[c]));
                return;
            }
        }
        if (interned_) spill();
        if (o.interned_) {
            for (std::uint16_t c : o.codes_) {
                text_.append(o.views_[c]);
                if (text_.size() > kMaxText) tooMuchText();
                ends_.push_back(static_cast<std::uint32_t>(text_.size()));
            }
        } else {
            const std::size_t base = text_.size();
            text_.append(o.text_);
            if (text_.size() > kMaxText) tooMuchText();
            ends_.reserve(ends_.size() + o.ends_.size());
            for (std::uint32_t e : o.ends_) ends_.push_back(static_cast<std::uint32_t>(base + e));
        }
    }

    std::string_view at(std::size_t row) const {
        if (interned_) return views_[codes_[row]];
        if (absent_) return {};
        const std::size_t b = row ? ends_[row - 1] : 0;
        return std::string_view(text_.data() + b, ends_[row] - b);
    }
    std::size_t size() const { return interned_ ? codes_.size() : ends_.size(); }

    // A column a lean load does not read: stores nothing, reads as blank.
    void markAbsent() {
        interned_ = false;
        absent_ = true;
    }
    bool absent() const { return absent_; }
    bool interned() const { return interned_; }
    // The text block and each row's end in it (a column that is neither interned nor absent).
    const char* textData() const { return text_.data(); }
    const std::uint32_t* endsData() const { return ends_.data(); }
    const std::vector<std::uint16_t>& codes() const { return codes_; }
    const std::vector<std::string_view>& views() const { return views_; }

    // The expected number of rows: codes (and, once the column holds text, the offsets) are reserved for it.
    void reserve(std::size_t rows) {
        rowsHint_ = rows;
        if (interned_) codes_.reserve(rows);
    }


private:
    std::uint32_t add(std::string_view v, std::uint64_t h) {
        const auto code = static_cast<std::uint32_t>(views_.size());
        values_.emplace_back(v);
        views_.push_back(values_.back());
        hashes_.push_back(h);
        if (views_.size() * 2 > slots_.size()) rehash(slots_.empty() ? 64 : slots_.size() * 2);
        else insert(code);
        return code;
    }
    // A slot holds the upper 32 bits of the value's hash and its code + 1 (0 = empty): most probes are settled
    // by the slot alone, without touching the value.
    static std::uint64_t slot(std::uint64_t h, std::uint32_t code) { return (h & 0xFFFFFFFF00000000ULL) | (code + 1u); }
    std::uint32_t find(std::string_view v, std::uint64_t h) const {
        if (slots_.empty()) return kNoCode;
        const std::size_t mask = slots_.size() - 1;
        const std::uint64_t tag = h & 0xFFFFFFFF00000000ULL;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const std::uint64_t s = slots_[i];
            if (s == 0) return kNoCode;
            if ((s & 0xFFFFFFFF00000000ULL) == tag) {
                const auto code = static_cast<std::uint32_t>(s) - 1u;
                if (sameText(views_[code], v)) return code;
            }
        }
    }
    void insert(std::uint32_t code) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hashes_[code] & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = slot(hashes_[code], code);
    }
    void rehash(std::size_t n) {
        slots_.assign(n, 0);
        for (std::uint32_t c = 0; c < views_.size(); ++c) insert(c);
    }
    void spill() {
        std::size_t total = 0;
        for (auto c : codes_) total += views_[c].size();
        const std::size_t rows = std::max(codes_.size() * 2, rowsHint_);
        text_.reserve(codes_.empty() ? total * 2 : total / codes_.size() * rows + rows / 8 + 64);
        ends_.reserve(rows);
        for (auto c : codes_) {
            text_.append(views_[c]);
            if (text_.size() > kMaxText) tooMuchText();
            ends_.push_back(static_cast<std::uint32_t>(text_.size()));
        }
        interned_ = false;
        codes_ = {};
        values_ = {};
        views_ = {};
        hashes_ = {};
        slots_ = {};
    }

    [[noreturn]] static void tooMuchText() {
        throw Error(ErrorKind::Data, "a column of the case list holds over 4 GiB of text; split the list");
    }

    bool interned_ = true;
    bool absent_ = false;
    std::size_t rowsHint_ = 0;
    std::vector<std::uint16_t> codes_;
    std::deque<std::string> values_;
    std::vector<std::string_view> views_;
    std::vector<std::uint64_t> hashes_;
    std::vector<std::uint64_t> slots_;
    std::string text_;
    std::vector<std::uint32_t> ends_;
};

constexpr std::int32_t kNoDate = std::numeric_limits<std::int32_t>::min();

}  // namespace

struct CaseList::Data {
    std::string file, mapId, sheet;
    bool sheetRows = false;  // place() says "row N" (a sheet) rather than "line N" (CSV)
    std::vector<std::string> header;
    std::vector<std::string> headerKeys;
    std::vector<StringColumn> columns;
    std::array<int, kFieldCount> fieldColumn{};
    std::vector<std::uint8_t> category, flags;
    std::vector<std::int32_t> dates[3];  // open, last audit, closed
    std::vector<std::uint32_t> lines;
    std::vector<LoadWarning> warnings;
    std::vector<std::pair<std::string, std::string>> notes;
    std::optional<DateOrder> dateOrder;  // given (option or map); else found per column
    // find()'s index, built at its first call (the loader's duplicate check has a table of its own, not kept:
    // 16 MB for a million cases that a draw never looks up).
    mutable std::once_flag findOnce;
    mutable std::unordered_map<std::string_view, std::size_t> byRef;

    std::string placeOf(std::size_t line) const {
        if (!sheetRows) return "line " + std::to_string(line);
        return (sheet.empty() ? "" : "sheet '" + sheet + "', ") + "row " + std::to_string(line);
    }
    // The cell of a column on a line: "sheet 'List 6', cell D14" or "line 12, column 4 ('Allocated Team')".
    std::string cellOf(std::size_t line, std::size_t column) const {
        if (!sheetRows)
            return "line " + std::to_string(line) + ", column " + std::to_string(column + 1) + " ('" +
                   (column < header.size() ? header[column] : std::string()) + "')";
        return (sheet.empty() ? "" : "sheet '" + sheet + "', ") + "cell " + xlsx::cellName(line - 1, column);
    }
    std::string_view text(std::size_t row, Field f) const {
        const int c = fieldColumn[static_cast<std::size_t>(f)];
        return c < 0 ? std::string_view() : columns[static_cast<std::size_t>(c)].at(row);
    }
};

namespace {

constexpr std::size_t kMaxListed = 50;

// Builds a CaseList row by row, checking each, collecting problems.
class Builder {
public:
    Builder(const ColumnMap& map, std::unique_ptr<CaseList::Data>& d, bool excelSerials, std::size_t headerLine,
            const LoadOptions& options = {})
        : map_(map), d_(d), excelSerials_(excelSerials || map.excelSerials()), threads_(options.threads) {
        d_->mapId = map.id();
        d_->dateOrder = options.dateOrder ? options.dateOrder : map.dateOrder();
        d_->fieldColumn = map.resolve(d_->header, d_->file, d_->placeOf(headerLine));
        const std::size_t n = d_->header.size();
        d_->columns.resize(n);
        for (const auto& h : d_->header) d_->headerKeys.push_back(matchKey(h));
        for (std::size_t f = 0; f < kFieldCount; ++f) {
            const int c = d_->fieldColumn[f];
            if (isRequired(static_cast<Field>(f))) required_.emplace_back(static_cast<Field>(f), c);
        }
        // The columns to read: every one, or the named ones and the required fields' (named like column()).
        std::vector<bool> wanted(n, options.allColumns);
        for (const auto& [f, c] : required_) wanted[static_cast<std::size_t>(c)] = true;
        for (const auto& name : options.columns) {
            const std::string key = matchKey(name);
            int c = -1;
            for (std::size_t i = 0; i < n && c < 0; ++i)
                if (d_->headerKeys[i] == key) c = static_cast<int>(i);
            if (c < 0)
                if (auto f = fieldByName(name)) c = d_->fieldColumn[static_cast<std::size_t>(*f)];
            if (c >= 0) wanted[static_cast<std::size_t>(c)] = true;
        }
        for (std::size_t c = 0; c < n; ++c) {
            if (wanted[c]) read_.push_back(c);
            else d_->columns[c].markAbsent();
        }
        codes_.assign(n, StringColumn::kNoCode);
        values_.assign(n, std::string_view());
        refColumn_ = static_cast<std::size_t>(d_->fieldColumn[static_cast<std::size_t>(Field::CaseRef)]);
        kind_.assign(n, ColumnKind::Other);
        for (Field f : {Field::Team, Field::Worker}) kind_[static_cast<std::size_t>(d_->fieldColumn[static_cast<std::size_t>(f)])] = ColumnKind::Allocation;
        for (Field f : {Field::CaseRef, Field::Category})
            kind_[static_cast<std::size_t>(d_->fieldColumn[static_cast<std::size_t>(f)])] = ColumnKind::Required;
        for (std::size_t f = 0; f < kFieldCount; ++f) {
            const int c = d_->fieldColumn[f];
            if (c >= 0 && kind_[static_cast<std::size_t>(c)] == ColumnKind::Other && static_cast<Field>(f) != Field::TeamManager &&
                static_cast<Field>(f) != Field::ServiceArea && static_cast<Field>(f) != Field::LegalStatus &&
                static_cast<Field>(f) != Field::ChildRef)
                kind_[static_cast<std::size_t>(c)] = ColumnKind::Checked;  // dates and flags: their checks say what is wrong
        }
        errorCells_.assign(n, {});
    }
    void add(std::size_t line, const std::vector<std::string_view>& fields) {
        const std::size_t row = d_->lines.size();
        d_->lines.push_back(static_cast<std::uint32_t>(line));
        // values_ holds this row's trimmed cells of the columns read (the checks below look at them).
        for (std::size_t c : read_) {
            std::string_view v = c < fields.size() ? text::trimBlanks(fields[c]) : std::string_view();
            if (!v.empty() && v.front() == '#' && isErrorValue(v)) v = errorCell(row, line, c, v);
            values_[c] = v;
            codes_[c] = d_->columns[c].push(v);
        }
        // The case reference's hash, for the duplicate check at the end (computed here, where the text is at
        // hand and where a long list is read on two threads).
        refHash_.push_back(static_cast<std::uint32_t>(hashBytes(values_[refColumn_]) >> 32));

        for (const auto& [f, c] : required_) {
            if (values_[static_cast<std::size_t>(c)].empty() && errorRow_ != row)
                problem(row, "blank " + std::string(fieldName(f)) + " (column '" + d_->header[static_cast<std::size_t>(c)] +
                                 "'); every case needs one");
        }
        // Category.
        {
            const auto c = static_cast<std::size_t>(d_->fieldColumn[static_cast<std::size_t>(Field::Category)]);
            const std::string_view v = values_[c];
            int cat = lookup(catCache_, codes_[c], [&] { auto k = map_.category(v); return k ? static_cast<int>(*k) : -1; });
            if (cat < 0) {
                if (!v.empty())
                    problem(row, "'" + std::string(v) + "' in column '" + d_->header[c] +
                                     "' is not a known category; expected CIN, CP, CLA, Care leaver or Early help "
                                     "(or an alias named in column map '" + map_.id() + "')");
                cat = 0;
            }
            d_->category.push_back(static_cast<std::uint8_t>(cat));
        }
        // Flags.
        unsigned flags = 0;
        static constexpr Field flagFields[4] = {Field::FlagMissing, Field::FlagExploitation, Field::FlagUasc,
                                                Field::FlagDisability};
        for (int k = 0; k < 4; ++k) {
            const int c = d_->fieldColumn[static_cast<std::size_t>(flagFields[k])];
            if (c < 0 || d_->columns[static_cast<std::size_t>(c)].absent()) continue;
            const std::string_view v = values_[static_cast<std::size_t>(c)];
            const int set = lookup(flagCache_[k], codes_[static_cast<std::size_t>(c)], [&] {
                auto b = map_.flagValue(v);
                return b ? static_cast<int>(*b) : -1;
            });
            if (set < 0)
                problem(row, "'" + std::string(v) + "' in column '" + d_->header[static_cast<std::size_t>(c)] +
                                 "' is not a flag value; expected " + map_.yesLabel() + " or " + map_.noLabel() +
                                 " (Yes/No, True/False, 1/0) or blank");
            else if (set) flags |= 1u << k;
        }
        if (const int c = d_->fieldColumn[static_cast<std::size_t>(Field::Flags)];
            c >= 0 && !d_->columns[static_cast<std::size_t>(c)].absent()) {
            const std::string_view v = values_[static_cast<std::size_t>(c)];
            flags |= static_cast<unsigned>(lookup(listCache_, codes_[static_cast<std::size_t>(c)], [&] {
                unsigned bits = 0;
                std::size_t start = 0;
                const std::string& sep = map_.flagSeparator();
                while (start <= v.size()) {
                    std::size_t end = v.find_first_of(sep, start);
                    if (end == std::string_view::npos) end = v.size();
                    bits |= map_.flagByName(text::trimBlanks(v.substr(start, end - start)));
                    start = end + 1;
                }
                return static_cast<int>(bits);
            }));
        }
        d_->flags.push_back(static_cast<std::uint8_t>(flags));
    }

    void reserve(std::size_t rows) {
        d_->lines.reserve(rows);
        d_->category.reserve(rows);
        d_->flags.reserve(rows);
        refHash_.reserve(rows);
        for (std::size_t c : read_) d_->columns[c].reserve(rows);
    }

    // Takes the rows another builder read from the rest of the file (same map, options and header).
    void append(Builder& o) {
        CaseList::Data& a = *d_;
        CaseList::Data& b = *o.d_;
        const std::size_t offset = a.lines.size();
        a.lines.insert(a.lines.end(), b.lines.begin(), b.lines.end());
        a.category.insert(a.category.end(), b.category.begin(), b.category.end());
        a.flags.insert(a.flags.end(), b.flags.begin(), b.flags.end());
        for (std::size_t k = 0; k < 3; ++k) a.dates[k].insert(a.dates[k].end(), b.dates[k].begin(), b.dates[k].end());
        for (std::size_t c = 0; c < a.columns.size(); ++c) a.columns[c].append(b.columns[c]);
        refHash_.insert(refHash_.end(), o.refHash_.begin(), o.refHash_.end());
        for (std::size_t c = 0; c < errorCells_.size(); ++c) {
            errorCells_[c].count += o.errorCells_[c].count;
            for (auto& pl : o.errorCells_[c].places)
                if (errorCells_[c].places.size() < kPlacesListed) errorCells_[c].places.push_back(pl);
        }
        for (auto& [row, p] : o.listed_)
            if (listed_.size() < kMaxListed) listed_.push_back({row + offset, std::move(p)});
        count_ += o.count_;
        // The other builder's rows are all here now: its memory is given back before the duplicate check.
        o.d_.reset();
        std::vector<std::uint32_t>().swap(o.refHash_);
    }

    std::unique_ptr<CaseList::Data> finish() {
        parseDates();
        mergeSpellings(Field::Team);
        mergeSpellings(Field::Worker);
        mergeSpellings(Field::TeamManager);
        for (std::size_t c = 0; c < errorCells_.size(); ++c) {
            const auto& e = errorCells_[c];
            if (e.count == 0) continue;
            std::string where;
            for (const auto& pl : e.places) where += (where.empty() ? "" : "; ") + pl;
            if (e.count > e.places.size()) where += "; and " + std::to_string(e.count - e.places.size()) + " more";
            d_->warnings.push_back(
                {d_->file, "column '" + d_->header[c] + "'",
                 std::to_string(e.count) + " error cell" + (e.count == 1 ? "" : "s") + " (#N/A, #REF! …) " +
                     (kind_[c] == ColumnKind::Allocation ? "read as " + std::string(kUnallocated) +
                                                               ": those cases are unallocated, a stratum value of "
                                                               "their own, never one worker under a cap"
                                                         : "read as blank") +
                     " (" + where + ")"});
        }
        // No shrink_to_fit: it would copy every column, and the reserve beyond the rows read was never touched.
        // Duplicate case references, through an open-addressing index (on case_ref: the upper 32 bits of the
        // reference's hash and row + 1, 0 = empty): two tables side by side, one per value of the hash's top
        // bit, filled at once by two threads for a long list. A hash starts in its half, then probes linearly
        // within it.
        const std::size_t n = d_->lines.size();
        std::size_t size = 32;
        while (size < n * 2) size *= 2;
        std::vector<std::uint64_t> index(size, 0);
        const std::size_t halfSize = size / 2;
        auto slotOf = [&](std::uint64_t h) { return ((h >> 63) ? halfSize : 0) + (h & (halfSize - 1)); };
        auto nextSlot = [&](std::size_t i) { return (i & ~(halfSize - 1)) + ((i + 1) & (halfSize - 1)); };
        // A row's 32-bit hash, kept per row, in both halves of the 64 bits the table reads (top bit, low bits, tag).
        auto hashOf = [&](std::size_t row) { return (std::uint64_t(refHash_[row]) << 32) | refHash_[row]; };
        struct Found {
            std::vector<std::pair<std::size_t, Problem>> dups;
            std::size_t count = 0;
            std::exception_ptr failed;
        } found[2];
        auto scan = [&](unsigned half) {
            try {
                Found& f = found[half];
                // The slots are spread over a table much larger than the caches: the hashes of the next rows
                // are computed ahead and their slots prefetched, so that the memory fetches overlap.
                constexpr std::size_t kAhead = 16;
                for (std::size_t row = 0; row < n && row < kAhead; ++row)
                    if ((hashOf(row) >> 63) == half) __builtin_prefetch(&index[slotOf(hashOf(row))], 1);
                for (std::size_t row = 0; row < n; ++row) {
                    const std::uint64_t h = hashOf(row);
                    if (row + kAhead < n) {
                        const std::uint64_t later = hashOf(row + kAhead);
                        if ((later >> 63) == half) __builtin_prefetch(&index[slotOf(later)], 1);
                    }
                    if ((h >> 63) != half) continue;
                    const std::string_view ref = d_->text(row, Field::CaseRef);
                    if (ref.empty()) continue;
                    const std::uint64_t tag = h & 0xFFFFFFFF00000000ULL;
                    for (std::size_t i = slotOf(h);; i = nextSlot(i)) {
                        const std::uint64_t slot = index[i];
                        if (slot == 0) {
                            index[i] = tag | static_cast<std::uint32_t>(row + 1);
                            break;
                        }
                        const std::uint32_t s = static_cast<std::uint32_t>(slot);
                        if ((slot & 0xFFFFFFFF00000000ULL) == tag && d_->text(s - 1, Field::CaseRef) == ref) {
                            if (f.dups.size() < kMaxListed)
                                f.dups.push_back({row, Problem{d_->file, d_->placeOf(d_->lines[row]),
                                                               "case reference '" + std::string(ref) +
                                                                   "' is repeated (first at " +
                                                                   d_->placeOf(d_->lines[s - 1]) +
                                                                   "); each case must appear once"}});
                            ++f.count;
                            break;
                        }
                    }
                }
            } catch (...) {
                found[half].failed = std::current_exception();
            }
        };
        if (threads_ == 2 && n >= 100000) {
            std::thread other(scan, 1u);
            scan(0);
            other.join();
        } else {
            scan(0);
            scan(1);
        }
        for (auto& f : found)
            if (f.failed) std::rethrow_exception(f.failed);
        std::vector<std::pair<std::size_t, Problem>> dups = std::move(found[0].dups);
        dups.insert(dups.end(), found[1].dups.begin(), found[1].dups.end());
        const std::size_t dupCount = found[0].count + found[1].count;
        const std::size_t total = count_ + dupCount;
        if (total > 0) {
            std::vector<std::pair<std::size_t, Problem>> all = std::move(listed_);
            all.insert(all.end(), dups.begin(), dups.end());
            std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            if (all.size() > kMaxListed) all.resize(kMaxListed);
            std::vector<Problem> problems;
            for (auto& p : all) problems.push_back(std::move(p.second));
            if (total > problems.size())
                problems.push_back({d_->file, "", "and " + std::to_string(total - problems.size()) + " more problems"});
            throw Error(ErrorKind::Data, std::move(problems));
        }
        return std::move(d_);
    }

private:
    enum class ColumnKind : std::uint8_t { Other, Allocation, Required, Checked };
    static constexpr std::size_t kPlacesListed = 5;
    struct ErrorCells {
        std::size_t count = 0;
        std::vector<std::string> places;
    };

    // An error cell (#N/A …) is never a value: in case_ref or category an error naming the cell; in team or
    // worker the case is unallocated; in a date or flag column the check says it is not one; elsewhere blank.
    std::string_view errorCell(std::size_t row, std::size_t line, std::size_t c, std::string_view v) {
        switch (kind_[c]) {
            case ColumnKind::Required:
                problemAt(row, d_->cellOf(line, c),
                          "error cell " + std::string(v) + " in column '" + d_->header[c] +
                              "': an error cell is not a value; every case needs one (correct the formula or the cell)");
                errorRow_ = row;
                return {};
            case ColumnKind::Checked:
                return v;
            case ColumnKind::Allocation:
            case ColumnKind::Other:
                break;
        }
        auto& e = errorCells_[c];
        if (e.places.size() < kPlacesListed) e.places.push_back(d_->cellOf(line, c) + " " + std::string(v));
        ++e.count;
        return kind_[c] == ColumnKind::Allocation ? kUnallocated : std::string_view();
    }

    // The distinct values of a column and each row's value id (in order of first appearance).
    static void distinct(const StringColumn& col, std::size_t n, std::vector<std::uint32_t>& ids,
                         std::vector<std::string_view>& vals) {
        if (col.interned()) {
            ids.assign(col.codes().begin(), col.codes().end());
            vals = col.views();
            return;
        }
        std::unordered_map<std::string_view, std::uint32_t> seen;
        ids.resize(n);
        for (std::size_t r = 0; r < n; ++r) {
            auto [it, inserted] = seen.emplace(col.at(r), static_cast<std::uint32_t>(vals.size()));
            if (inserted) vals.push_back(it->first);
            ids[r] = it->second;
        }
    }

    // Dates are parsed once every row is in: the order of day and month is the one given (option or map), else
    // found from the column (a value that reads only month first makes it month first; values reading only day
    // first and only month first in one column are an error; a column whose every d/m value reads both ways is
    // read day first and warned as ambiguous).
    void parseDates() {
        static constexpr Field dateFields[3] = {Field::OpenDate, Field::LastAuditDate, Field::ClosedDate};
        const std::size_t n = d_->lines.size();
        for (int k = 0; k < 3; ++k) {
            const int ci = d_->fieldColumn[static_cast<std::size_t>(dateFields[k])];
            if (ci < 0 || d_->columns[static_cast<std::size_t>(ci)].absent()) continue;
            const auto c = static_cast<std::size_t>(ci);
            const std::string& name = d_->header[c];
            std::vector<std::uint32_t> ids;
            std::vector<std::string_view> vals;
            distinct(d_->columns[c], n, ids, vals);
            std::vector<std::size_t> first(vals.size(), n);
            for (std::size_t r = n; r-- > 0;) first[ids[r]] = r;
            // How the values read.
            std::size_t dmyOnly = n, mdyOnly = n, both = n, serials = 0;
            for (std::uint32_t v = 0; v < vals.size(); ++v) {
                if (first[v] == n || vals[v].empty()) continue;
                if (excelSerials_ && csv::isPlainNumber(vals[v])) {
                    ++serials;
                    continue;
                }
                switch (dayMonthReading(vals[v])) {
                    case DayMonthReading::DayFirstOnly: dmyOnly = std::min(dmyOnly, first[v]); break;
                    case DayMonthReading::MonthFirstOnly: mdyOnly = std::min(mdyOnly, first[v]); break;
                    case DayMonthReading::Both: both = std::min(both, first[v]); break;
                    default: break;
                }
            }
            auto example = [&](std::size_t r) {
                return "'" + std::string(d_->columns[c].at(r)) + "' (" + d_->placeOf(d_->lines[r]) + ")";
            };
            detail::DateColumnReadings readings;
            if (dmyOnly < n) readings.dayFirstOnly = example(dmyOnly);
            if (mdyOnly < n) readings.monthFirstOnly = example(mdyOnly);
            if (both < n) readings.both = example(both);
            const auto choice = detail::chooseDateOrder(d_->dateOrder, name, readings);
            const DateOrder order = choice.order;
            if (!choice.error.empty()) problem(std::max(dmyOnly, mdyOnly), choice.error);
            if (!choice.warning.empty()) d_->warnings.push_back({d_->file, "column '" + name + "'", choice.warning});
            if (serials > 0)
                d_->notes.push_back({"Dates in '" + name + "'", std::to_string(serials) + " value" + (serials == 1 ? "" : "s") +
                                                                     " read as Excel serial numbers (the map allows them)"});
            const std::int32_t bad = kNoDate + 1;
            std::vector<std::int32_t> days(vals.size(), kNoDate);
            for (std::uint32_t v = 0; v < vals.size(); ++v) {
                const std::string_view t = vals[v];
                if (t.empty() || first[v] == n) continue;
                if (auto dt = parseDate(t, order)) days[v] = dt->days();
                else if (excelSerials_ && csv::isPlainNumber(t)) {
                    auto ds = fromExcelSerial(std::strtod(std::string(t).c_str(), nullptr));
                    days[v] = ds ? ds->days() : bad;
                } else days[v] = bad;
            }
            auto& out = d_->dates[k];
            out.resize(n);
            for (std::size_t r = 0; r < n; ++r) {
                std::int32_t dv = days[ids[r]];
                if (dv == bad) {
                    problem(r, std::string(fieldName(dateFields[k])) + " (column '" + name + "'): " +
                                   dateProblem(d_->columns[c].at(r), order));
                    dv = kNoDate;
                }
                out[r] = dv;
            }
        }
    }

    // A name for comparison: no-break and other typographic spaces as spaces, runs of blanks as one, ends
    // trimmed, ASCII letters lowered.
    static std::string spellingKey(std::string_view v) {
        std::string k;
        bool space = false;
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::size_t t = typographic(v, i);
            const bool blank = v[i] == ' ' || v[i] == '\t' || (t > 0 && (static_cast<unsigned char>(v[i]) == 0xC2 ||
                                                                       static_cast<unsigned char>(v[i + 2]) <= 0x8B ||
                                                                       static_cast<unsigned char>(v[i + 2]) == 0xAF));
            if (blank) {
                space = true;
                if (t) i += t - 1;
                continue;
            }
            if (space && !k.empty()) k.push_back(' ');
            space = false;
            const char ch = v[i];
            k.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch);
        }
        return k;
    }
    static std::string visible(std::string_view v) {
        std::string out = "'";
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (static_cast<unsigned char>(v[i]) == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0xA0) {
                out += "[no-break space]";
                ++i;
            } else if (v[i] == '\t') out += "[tab]";
            else out.push_back(v[i]);
        }
        return out + "'";
    }

    // Names of one person or team written two ways (a no-break space, a double space, another case) are one:
    // the commonest spelling is kept for all (the first met on a tie) and a warning lists the spellings.
    void mergeSpellings(Field f) {
        const int ci = d_->fieldColumn[static_cast<std::size_t>(f)];
        if (ci < 0 || d_->columns[static_cast<std::size_t>(ci)].absent()) return;
        const auto c = static_cast<std::size_t>(ci);
        const std::size_t n = d_->lines.size();
        std::vector<std::uint32_t> ids;
        std::vector<std::string_view> vals;
        distinct(d_->columns[c], n, ids, vals);
        std::vector<std::size_t> count(vals.size(), 0);
        for (auto id : ids) ++count[id];
        std::unordered_map<std::string, std::vector<std::uint32_t>> groups;
        std::vector<std::string> order;
        for (std::uint32_t v = 0; v < vals.size(); ++v) {
            if (count[v] == 0 || vals[v].empty() || vals[v] == kUnallocated) continue;
            auto key = spellingKey(vals[v]);
            auto [it, inserted] = groups.try_emplace(key);
            if (inserted) order.push_back(key);
            it->second.push_back(v);
        }
        std::vector<std::uint32_t> to(vals.size());
        for (std::uint32_t v = 0; v < vals.size(); ++v) to[v] = v;
        std::size_t merged = 0;
        for (const auto& key : order) {
            const auto& g = groups[key];
            if (g.size() < 2) continue;
            std::uint32_t keep = g.front();
            for (auto v : g)
                if (count[v] > count[keep]) keep = v;
            std::string list;
            for (auto v : g) {
                to[v] = keep;
                list += (list.empty() ? "" : ", ") + visible(vals[v]) + " (" + std::to_string(count[v]) + ")";
            }
            if (++merged <= 20)
                d_->warnings.push_back({d_->file, "column '" + d_->header[c] + "'",
                                        "names differing only in spacing or case taken as one: " + list + "; merged as " +
                                            visible(vals[keep])});
        }
        if (merged == 0) return;
        if (merged > 20)
            d_->warnings.push_back({d_->file, "column '" + d_->header[c] + "'",
                                    "and " + std::to_string(merged - 20) + " more names merged the same way"});
        StringColumn fresh;
        fresh.reserve(n);
        for (std::size_t r = 0; r < n; ++r) fresh.push(vals[to[ids[r]]]);
        d_->columns[c] = std::move(fresh);
    }

    void problemAt(std::size_t row, std::string place, std::string message) {
        if (listed_.size() < kMaxListed) listed_.push_back({row, Problem{d_->file, std::move(place), std::move(message)}});
        ++count_;
    }

    template <class T, class F>
    static T lookup(std::vector<T>& cache, std::uint32_t code, F compute) {
        static constexpr T unset = std::numeric_limits<T>::max();
        if (code == StringColumn::kNoCode) return compute();
        if (code >= cache.size()) cache.resize(code + 1, unset);
        if (cache[code] == unset) cache[code] = compute();
        return cache[code];
    }
    void problem(std::size_t row, std::string message) {
        if (listed_.size() < kMaxListed)
            listed_.push_back({row, Problem{d_->file, d_->placeOf(d_->lines[row]), std::move(message)}});
        ++count_;
    }

    const ColumnMap& map_;
    std::unique_ptr<CaseList::Data>& d_;
    bool excelSerials_;
    unsigned threads_;
    std::vector<std::pair<Field, int>> required_;
    std::vector<std::size_t> read_;         // the columns read
    std::vector<std::uint32_t> codes_;      // this row's codes, per column
    std::vector<std::string_view> values_;  // this row's trimmed cells, per column (blank if not read)
    std::size_t refColumn_ = 0;
    std::vector<std::uint32_t> refHash_;    // per row: the upper half of hashBytes(case reference)
    std::vector<int> catCache_, flagCache_[4], listCache_;
    std::vector<ColumnKind> kind_;          // per column: how an error cell in it is taken
    std::vector<ErrorCells> errorCells_;    // per column: error cells read as unallocated or blank
    std::size_t errorRow_ = static_cast<std::size_t>(-1);  // the row whose required field was an error cell
    std::vector<std::pair<std::size_t, Problem>> listed_;
    std::size_t count_ = 0;
};

// A workbook by its name or, whatever its name, by its content (a zip, or an OLE file: an .xls or an encrypted
// workbook, which the XLSX reader refuses saying what to save instead).
bool isXlsxFile(const std::string& path) {
    auto ext = fs::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".xlsx" || ext == ".xlsm" || ext == ".xls") return true;
    std::ifstream in(path, std::ios::binary);
    unsigned char m[4] = {};
    in.read(reinterpret_cast<char*>(m), 4);
    return (m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4) || (m[0] == 0xD0 && m[1] == 0xCF && m[2] == 0x11 && m[3] == 0xE0);
}

csv::Options caseCsvOptions() {
    csv::Options o;
    o.acceptWindows1252 = true;
    return o;
}

// A folder given as a case list: only as Annex A list CSVs.
void refuseFolder(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw Error(ErrorKind::NoInput, path, "",
                    "is a folder with no Annex A list CSVs (expected files named like 'List 6.csv' … 'List 9.csv'), "
                    "or give a case list file");
}

// An Annex A source (a workbook with list sheets, or a folder of list CSVs) read as one frame, unless --sheet
// names a sheet that is not a list.
bool annexSource(const std::string& path, const LoadOptions& options) {
    std::error_code ec;
    if (!fs::is_directory(path, ec) && !isXlsxFile(path)) return false;
    if (!options.sheet.empty() && !annexListNumber(options.sheet)) return false;
    return looksLikeAnnexA(path);
}

const ColumnMap& pickMap(const std::vector<std::string>& header, const std::string& file, std::vector<ColumnMap>& maps) {
    for (const auto& name : ColumnMap::available()) maps.push_back(ColumnMap::load(name));
    for (const auto& m : maps)
        if (m.fits(header)) return m;
    if (maps.empty()) throw Error(ErrorKind::NoInput, frameworksDir() + "/column-maps", "", "no column maps found");
    maps.front().resolve(header, file);  // throws, saying what the generic map looked for
    return maps.front();
}

// A header found below title rows: said, with the first title.
LoadWarning titleWarning(const std::string& path, const std::string& place, const std::string& row, const ListHeader& h) {
    const bool several = h.row - h.firstRow > 1;
    return {path, place,
            "the header is in " + row + " " + std::to_string(h.row) + " (" +
                (several ? row + "s " + std::to_string(h.firstRow) + " to " + std::to_string(h.row - 1) + " above it, from '" +
                               h.title + "', are taken as titles"
                         : row + " " + std::to_string(h.firstRow) + " above it, '" + h.title + "', is taken as a title") +
                " and not read)"};
}

// An XLSX case list: the sheet named "Cases" if there is one, else the first visible worksheet; the header is
// the first row with a non-blank cell. Date cells arrive as ISO dates, numbers in date columns as serials.
const xlsx::SheetInfo& caseSheet(const xlsx::Reader& reader, const std::string& path, const std::string& name) {
    const xlsx::SheetInfo* sheet = nullptr;
    if (!name.empty()) {
        sheet = reader.findSheet(name);
        if (!sheet || !sheet->worksheet) {
            std::string names;
            for (const auto& s : reader.sheets())
                if (s.worksheet) names += (names.empty() ? "'" : ", '") + s.name + "'";
            throw Error(ErrorKind::Data, path, "", "no worksheet named '" + name + "' (--sheet); the workbook's worksheets are " + names);
        }
    } else {
        sheet = reader.findSheet("Cases");
    }
    if (!sheet || !sheet->worksheet) {
        sheet = nullptr;
        for (const auto& s : reader.sheets())
            if (s.worksheet && s.state == xlsx::SheetState::Visible) {
                sheet = &s;
                break;
            }
    }
    if (!sheet) throw Error(ErrorKind::Data, path, "", "the workbook has no visible worksheet to read cases from");
    return *sheet;
}

std::unique_ptr<CaseList::Data> loadXlsx(const std::string& path, const ColumnMap* map, const LoadOptions& options) {
    xlsx::Reader reader(path);
    const xlsx::SheetInfo* sheet = &caseSheet(reader, path, options.sheet);
    // The header: the first row (of the first 20 with a cell) that the map fits (the given map, else any case-list
    // map); a title row above it is passed over and said. None fits: the first non-blank row, for the error.
    std::vector<ColumnMap> maps;
    if (!map)
        for (const auto& name : ColumnMap::available()) maps.push_back(ColumnMap::load(name));
    auto fitting = [&](const std::vector<std::string>& h) -> const ColumnMap* {
        if (map) return map->fits(h) ? map : nullptr;
        for (const auto& m : maps)
            if (m.fits(h)) return &m;
        return nullptr;
    };
    // The same search as an Annex A list's (findListHeader).
    const AnnexSource source{0, path, sheet->name};
    std::vector<std::string> header;
    std::size_t headerRow = 0;
    const ColumnMap* found = nullptr;
    const auto h = findListHeader(source, [&](const std::vector<std::string>& cells) { return fitting(cells) != nullptr; });
    if (h) {
        header = h->header;
        headerRow = h->row;
        found = fitting(header);
    } else {
        const auto first = findListHeader(source, [](const std::vector<std::string>&) { return true; });
        if (!first)
            throw Error(ErrorKind::Data, path, "sheet '" + sheet->name + "'", "the sheet is empty: expected a header row naming the columns");
        header = first->header;
        headerRow = first->row;
        if (map) map->resolve(header, path, "sheet '" + sheet->name + "', row " + std::to_string(headerRow));
        pickMap(header, path, maps);  // throws, saying what the generic map looked for
    }
    const ColumnMap& m = found ? *found : *map;
    auto rows = reader.rows(sheet->name);
    while (rows.next())
        if (rows.index() + 1 >= headerRow) break;
    auto d = std::make_unique<CaseList::Data>();
    d->file = path;
    d->sheet = sheet->name;
    d->sheetRows = true;
    d->header = header;
    Builder b(m, d, true, headerRow, options);
    d->notes.push_back({"Case list", "sheet '" + sheet->name + "' of " + fs::path(path).filename().string() +
                                         ", header in row " + std::to_string(headerRow)});
    if (h && h->row != h->firstRow) d->warnings.push_back(titleWarning(path, "sheet '" + sheet->name + "'", "row", *h));
    std::vector<std::string> cells(header.size());
    std::vector<std::string_view> views(header.size());
    while (rows.next()) {
        const auto& cs = rows.cells();
        bool any = false;
        for (std::size_t k = 0; k < header.size(); ++k) {
            // A text cell may carry the apostrophe our CSV writer puts before '=', '+', '-', '@' (a sample CSV
            // opened in a spreadsheet and saved as a workbook): accepted in either form, as in CSV.
            cells[k] = k >= cs.size() ? std::string()
                       : cs[k].type == xlsx::Cell::Type::String ? std::string(csv::restoreNeutralised(cs[k].text))
                                                                 : cs[k].str();
            if (!text::trimBlanks(cells[k]).empty()) any = true;
        }
        if (!any) continue;  // a row of blank cells
        for (std::size_t k = 0; k < header.size(); ++k) views[k] = cells[k];
        b.add(rows.index() + 1, views);
    }
    return b.finish();
}

}  // namespace

bool isWorkbook(const std::string& path) { return isXlsxFile(path); }

std::string caseListSheet(const std::string& path, const std::string& sheet) {
    xlsx::Reader reader(path);
    return caseSheet(reader, path, sheet).name;
}

// ------------------------------------------------------------------------------------------- CaseList

CaseList::CaseList(std::unique_ptr<Data> d) : d_(std::move(d)) {}
CaseList::CaseList(CaseList&&) noexcept = default;
CaseList& CaseList::operator=(CaseList&&) noexcept = default;
CaseList::~CaseList() = default;

CaseList CaseList::load(const std::string& path, const ColumnMap& map) { return load(path, map, LoadOptions{}); }

namespace {

LoadWarning encodingWarning(const std::string& path, const std::string& encoding) {
    return {path, "", "read as " + encoding + " (Excel's plain CSV save), not UTF-8; save as CSV UTF-8 to be sure of "
                      "names with accents"};
}

// A large CSV is read in two halves on two threads, each into its own builder; the second is then appended
// to the first. The result, and any error, is the same as reading it row by row: an error of the first half
// comes first; the second half is trusted only if the first ended exactly where the second began (a file
// whose quotes are unbalanced can mislead the split: it is then read again row by row). Null: read it so.
std::unique_ptr<CaseList::Data> loadCsvInTwo(csv::Reader& reader, const ColumnMap& map, const LoadOptions& options) {
    const std::size_t size = reader.inputSize(), start = reader.position();
    const std::size_t mid = reader.splitPoint(start + (size - start) / 2);
    if (mid >= size || mid <= start) return nullptr;
    reader.stopAt(mid);
    auto make = [&] {
        auto d = std::make_unique<CaseList::Data>();
        d->file = reader.file();
        d->header = reader.header();
        return d;
    };
    auto da = make(), db = make();
    if (reader.encoding() != "UTF-8") da->warnings.push_back(encodingWarning(reader.file(), reader.encoding()));
    Builder a(map, da, false, 1, options), b(map, db, false, 1, options);
    const std::size_t guess = std::min<std::size_t>(size / 40 + 16, std::size_t(1) << 26);
    a.reserve(guess);
    b.reserve(guess / 2 + 16);
    std::exception_ptr failed;
    std::thread other([&] {
        try {
            // part() only reads what the first half's reading does not change (the text, header, delimiter).
            auto second = reader.part(mid, size);
            while (second->next()) b.add(second->line(), second->fields());
        } catch (...) {
            failed = std::current_exception();
        }
    });
    try {
        while (reader.next()) a.add(reader.line(), reader.fields());
    } catch (...) {
        other.join();
        throw;
    }
    other.join();
    if (reader.position() != mid) return nullptr;
    if (failed) std::rethrow_exception(failed);
    a.append(b);
    return a.finish();
}

}  // namespace

namespace {
// Automatic: two threads for a large file when a second core is free (the load average says the machine is
// not already busy: under contention a second thread only adds its overhead).
unsigned threadsFor(const LoadOptions& options, std::size_t bytes) {
    if (options.threads != 0) return std::min(options.threads, 2u);
    const unsigned cores = std::thread::hardware_concurrency();
    if (bytes < (std::size_t(8) << 20) || cores < 2) return 1;
    double load = 0;
    if (::getloadavg(&load, 1) == 1 && load >= static_cast<double>(cores)) return 1;
    return 2;
}
}  // namespace

CaseList CaseList::load(const std::string& path, const ColumnMap& map, const LoadOptions& given) {
    if (map.layout() == MapLayout::History)
        throw Error(ErrorKind::Usage, "column map '" + map.id() + "' describes prior audits (audit-sample history import), not a case list");
    if (map.layout() == MapLayout::AnnexA) {
        auto sources = findAnnexSources(path);
        if (sources.empty())
            throw Error(ErrorKind::Data, path, "",
                        "column map '" + map.id() + "' reads an Annex A return, but this has no list sheets or files "
                        "(expected List 6 … List 9)");
        return loadAnnexFrame(sources, map, given);
    }
    refuseFolder(path);
    if (isXlsxFile(path)) return CaseList(loadXlsx(path, &map, given));
    csv::Options csvOptions = caseCsvOptions();
    auto reader = csv::Reader::open(path, csvOptions);
    // A header below title rows: the first of the first 20 rows the map fits (as in a workbook); said.
    std::optional<ListHeader> titled;
    if (!map.fits(reader->header()))
        if (auto h = findListHeader(AnnexSource{0, path, ""}, [&](const std::vector<std::string>& c) { return map.fits(c); });
            h && h->row > 1) {
            csvOptions.headerLine = h->row;
            reader = csv::Reader::open(path, csvOptions);
            titled = h;
        }
    auto said = [&](CaseList list) {
        if (titled) {
            list.addNote("Case list", fs::path(path).filename().string() + ", header in line " + std::to_string(titled->row));
            list.addWarning(titleWarning(path, "", "line", *titled));
        }
        return list;
    };
    LoadOptions options = given;
    options.threads = threadsFor(given, reader->inputSize());
    if (options.threads == 2) {
        if (auto d = loadCsvInTwo(*reader, map, options)) return said(CaseList(std::move(d)));
        reader = csv::Reader::open(path, csvOptions);  // the split was not trustworthy: read it again, row by row
    }
    auto d = std::make_unique<Data>();
    d->file = path;
    d->header = reader->header();
    if (reader->encoding() != "UTF-8") d->warnings.push_back(encodingWarning(path, reader->encoding()));
    Builder b(map, d, false, 1, options);
    // A first guess at the row count, from the file's size and its first lines.
    b.reserve(std::min<std::size_t>(reader->inputSize() / 40 + 16, std::size_t(1) << 26));
    while (reader->next()) b.add(reader->line(), reader->fields());
    return said(CaseList(b.finish()));
}

CaseList CaseList::load(const std::string& path) { return load(path, LoadOptions{}); }

CaseList CaseList::load(const std::string& path, const LoadOptions& options) {
    if (annexSource(path, options)) return loadAnnexFrame(findAnnexSources(path), options);
    refuseFolder(path);
    if (isXlsxFile(path)) return CaseList(loadXlsx(path, nullptr, options));
    std::vector<std::string> header;
    {
        auto reader = csv::Reader::open(path, caseCsvOptions());
        header = reader->header();
    }
    std::vector<ColumnMap> maps;
    for (const auto& name : ColumnMap::available()) maps.push_back(ColumnMap::load(name));
    const auto fits = [&](const std::vector<std::string>& h) -> const ColumnMap* {
        for (const auto& m : maps)
            if (m.fits(h)) return &m;
        return nullptr;
    };
    // No map fits line 1: the header may be below title rows (the map that fits it there is used).
    if (!fits(header))
        if (auto h = findListHeader(AnnexSource{0, path, ""}, [&](const std::vector<std::string>& c) { return fits(c) != nullptr; }))
            return load(path, *fits(h->header), options);
    maps.clear();
    return load(path, pickMap(header, path, maps), options);
}

CaseList CaseList::fromTable(const csv::Table& table, const ColumnMap& map) {
    auto d = std::make_unique<Data>();
    d->file = table.file;
    d->header = table.header;
    Builder b(map, d, false, 1);
    b.reserve(table.rows.size());
    std::vector<std::string_view> fields;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        fields.assign(table.rows[i].begin(), table.rows[i].end());
        b.add(i < table.lines.size() ? table.lines[i] : i + 2, fields);
    }
    return CaseList(b.finish());
}

CaseList CaseList::fromRows(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                            const std::string& file, const std::string& sheet, std::size_t firstRow,
                            const ColumnMap& map) {
    auto d = std::make_unique<Data>();
    d->file = file;
    d->sheet = sheet;
    d->sheetRows = true;
    d->header = header;
    Builder b(map, d, true, firstRow > 1 ? firstRow - 1 : 1);
    b.reserve(rows.size());
    std::vector<std::string_view> fields;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        fields.assign(rows[i].begin(), rows[i].end());
        b.add(firstRow + i, fields);
    }
    return CaseList(b.finish());
}

const std::string& CaseList::file() const { return d_->file; }
const std::vector<LoadWarning>& CaseList::warnings() const { return d_->warnings; }
const std::vector<std::pair<std::string, std::string>>& CaseList::notes() const { return d_->notes; }
void CaseList::addWarning(LoadWarning w) { d_->warnings.push_back(std::move(w)); }
void CaseList::addNote(std::string name, std::string value) { d_->notes.emplace_back(std::move(name), std::move(value)); }
void CaseList::setMapId(std::string id) { d_->mapId = std::move(id); }
const std::string& CaseList::mapId() const { return d_->mapId; }
std::size_t CaseList::size() const { return d_->lines.size(); }
const std::vector<std::string>& CaseList::columnNames() const { return d_->header; }

int CaseList::column(std::string_view name) const {
    const std::string key = matchKey(name);
    for (std::size_t i = 0; i < d_->headerKeys.size(); ++i)
        if (d_->headerKeys[i] == key) return static_cast<int>(i);
    if (auto f = fieldByName(name)) return d_->fieldColumn[static_cast<std::size_t>(*f)];
    return -1;
}

int CaseList::fieldColumn(Field f) const { return d_->fieldColumn[static_cast<std::size_t>(f)]; }

bool CaseList::loaded(int column) const {
    return column >= 0 && static_cast<std::size_t>(column) < d_->columns.size() &&
           !d_->columns[static_cast<std::size_t>(column)].absent();
}

std::string_view CaseList::value(std::size_t row, int column) const {
    if (column < 0 || static_cast<std::size_t>(column) >= d_->columns.size()) return {};
    const StringColumn& c = d_->columns[static_cast<std::size_t>(column)];
    if (c.absent())
        throw Error(ErrorKind::Internal, d_->file, "",
                    "column '" + d_->header[static_cast<std::size_t>(column)] + "' was not read (LoadOptions)");
    return c.at(row);
}

void CaseList::valueIds(int column, std::vector<std::uint32_t>& ids, std::vector<std::string_view>& values) const {
    const std::size_t n = size();
    ids.clear();
    values.clear();
    if (column < 0 || static_cast<std::size_t>(column) >= d_->columns.size()) {
        ids.assign(n, 0);
        values.emplace_back();
        return;
    }
    const StringColumn& c = d_->columns[static_cast<std::size_t>(column)];
    if (c.absent())
        throw Error(ErrorKind::Internal, d_->file, "",
                    "column '" + d_->header[static_cast<std::size_t>(column)] + "' was not read (LoadOptions)");
    if (c.interned()) {
        ids.assign(c.codes().begin(), c.codes().end());
        values = c.views();
        return;
    }
    // Mostly distinct values: an open-addressing table of (hash tag, id + 1).
    ids.resize(n);
    std::vector<std::uint64_t> slots(16);
    for (std::size_t row = 0; row < n; ++row) {
        const std::string_view v = c.at(row);
        const std::uint64_t h = hashBytes(v), tag = h & 0xFFFFFFFF00000000ULL;
        if ((values.size() + 1) * 2 > slots.size()) {
            slots.assign(slots.size() * 2, 0);
            for (std::uint32_t id = 0; id < values.size(); ++id) {
                const std::uint64_t hv = hashBytes(values[id]);
                std::size_t i = hv & (slots.size() - 1);
                while (slots[i]) i = (i + 1) & (slots.size() - 1);
                slots[i] = (hv & 0xFFFFFFFF00000000ULL) | (id + 1u);
            }
        }
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const std::uint64_t s = slots[i];
            if (s == 0) {
                slots[i] = tag | static_cast<std::uint32_t>(values.size() + 1);
                ids[row] = static_cast<std::uint32_t>(values.size());
                values.push_back(v);
                break;
            }
            if ((s & 0xFFFFFFFF00000000ULL) == tag && sameText(values[static_cast<std::uint32_t>(s) - 1], v)) {
                ids[row] = static_cast<std::uint32_t>(s) - 1;
                break;
            }
        }
    }
}

std::string_view CaseList::value(std::size_t row, std::string_view columnName) const {
    return value(row, column(columnName));
}

std::string_view CaseList::caseRef(std::size_t row) const { return d_->text(row, Field::CaseRef); }

CaseRefs CaseList::caseRefs(const std::vector<std::uint32_t>& rows) const {
    const int c = fieldColumn(Field::CaseRef);
    if (c >= 0) {
        const StringColumn& column = d_->columns[static_cast<std::size_t>(c)];
        if (!column.interned() && !column.absent()) return CaseRefs(column.textData(), column.endsData(), rows.data(), rows.size());
    }
    return CaseRefs(rows.size(), [this, &rows](std::size_t unit) { return caseRef(rows[unit]); });
}
std::string_view CaseList::childRef(std::size_t row) const { return d_->text(row, Field::ChildRef); }
std::string_view CaseList::team(std::size_t row) const { return d_->text(row, Field::Team); }
std::string_view CaseList::serviceArea(std::size_t row) const { return d_->text(row, Field::ServiceArea); }
std::string_view CaseList::worker(std::size_t row) const { return d_->text(row, Field::Worker); }
std::string_view CaseList::teamManager(std::size_t row) const { return d_->text(row, Field::TeamManager); }
std::string_view CaseList::legalStatus(std::size_t row) const { return d_->text(row, Field::LegalStatus); }
Category CaseList::category(std::size_t row) const { return static_cast<Category>(d_->category[row]); }
unsigned CaseList::flags(std::size_t row) const { return d_->flags[row]; }

namespace {
std::optional<Date> dateAt(const std::vector<std::int32_t>& v, std::size_t row) {
    if (v.empty() || v[row] == kNoDate) return std::nullopt;
    return Date::fromDays(v[row]);
}
}  // namespace

std::optional<Date> CaseList::openDate(std::size_t row) const { return dateAt(d_->dates[0], row); }
std::optional<Date> CaseList::lastAuditDate(std::size_t row) const { return dateAt(d_->dates[1], row); }
std::optional<Date> CaseList::closedDate(std::size_t row) const { return dateAt(d_->dates[2], row); }

Case CaseList::at(std::size_t row) const {
    Case c;
    c.caseRef = caseRef(row);
    c.childRef = childRef(row);
    c.team = team(row);
    c.serviceArea = serviceArea(row);
    c.worker = worker(row);
    c.teamManager = teamManager(row);
    c.legalStatus = legalStatus(row);
    c.category = category(row);
    c.openDate = openDate(row);
    c.lastAuditDate = lastAuditDate(row);
    c.closedDate = closedDate(row);
    c.flags = flags(row);
    c.line = line(row);
    return c;
}

std::size_t CaseList::line(std::size_t row) const { return d_->lines[row]; }
std::string CaseList::place(std::size_t row) const { return d_->placeOf(d_->lines[row]); }

std::optional<std::size_t> CaseList::find(std::string_view ref) const {
    std::call_once(d_->findOnce, [this] {
        d_->byRef.reserve(size());
        for (std::size_t r = 0; r < size(); ++r) d_->byRef.emplace(caseRef(r), r);
    });
    const auto it = d_->byRef.find(ref);
    if (it == d_->byRef.end()) return std::nullopt;
    return it->second;
}

}  // namespace audit
