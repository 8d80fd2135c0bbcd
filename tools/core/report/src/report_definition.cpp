#include "audit/report/report_definition.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <ostream>
#include <set>

#include "audit/base/error.h"
#include "audit/io/xml_check.h"
#include "audit/base/output_file.h"
#include "audit/base/paths.h"
#include "audit/forms/template.h"

namespace audit {

std::string ragName(Rag rag) {
    switch (rag) {
        case Rag::Red: return "red";
        case Rag::Amber: return "amber";
        case Rag::Green: return "green";
    }
    return "?";
}

std::string normaliseLabel(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (c == '_' || c == '-' || std::isspace(u)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(u));
    }
    return out;
}

std::optional<Rag> parseRag(std::string_view text) {
    const std::string n = normaliseLabel(text);
    if (n == "red") return Rag::Red;
    if (n == "amber") return Rag::Amber;
    if (n == "green") return Rag::Green;
    return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, Rag rag) { return os << ragName(rag); }
std::ostream& operator<<(std::ostream& os, const std::optional<Rag>& rag) {
    return os << (rag ? ragName(*rag) : std::string("none"));
}

int ragSteps(Rag a, Rag b) { return std::abs(static_cast<int>(a) - static_cast<int>(b)); }

const ThemeKpi* Theme::kpi(const std::string& indicator) const {
    for (const auto& k : kpis)
        if (k.indicator == indicator) return &k;
    return nullptr;
}

bool Theme::hasStandard(const std::string& ref) const {
    return std::any_of(standards.begin(), standards.end(), [&](const ThemeStandard& s) { return s.ref == ref; });
}

double Theme::kpiAmberMargin(const std::string& indicator) const {
    const ThemeKpi* k = kpi(indicator);
    return k && k->amberMargin ? *k->amberMargin : rag.kpiAmberMargin;
}

const Theme* ReportDefinition::theme(const std::string& themeId) const {
    for (const auto& t : themes)
        if (t.id == themeId) return &t;
    return nullptr;
}

const Theme* ReportDefinition::themeForKpi(const std::string& indicator, const std::string& dataTheme) const {
    for (const auto& t : themes)
        if (t.kpi(indicator)) return &t;
    return theme(dataTheme);
}

const Theme* ReportDefinition::themeForStandard(const std::string& standard, const std::string& dataTheme) const {
    for (const auto& t : themes)
        if (t.hasStandard(standard)) return &t;
    return theme(dataTheme);
}

bool ReportDefinition::isGoodOrBetter(std::string_view grade) const {
    const std::string n = normaliseLabel(grade);
    return std::find(goodOrBetter.begin(), goodOrBetter.end(), n) != goodOrBetter.end();
}

std::optional<Rag> ReportDefinition::ratingToRag(std::string_view rating) const {
    if (auto r = parseRag(rating)) return r;
    auto it = ratings.find(normaliseLabel(rating));
    if (it == ratings.end()) return std::nullopt;
    return it->second;
}

namespace {

class Parser {
public:
    Parser(const std::string& xml, std::string file) : xml_(xml), file_(std::move(file)) {}

    ReportDefinition parse() {
        pugi::xml_document doc;
        pugi::xml_parse_result res =
            doc.load_buffer(xml_.data(), xml_.size(), pugi::parse_default | pugi::parse_comments | pugi::parse_doctype);
        if (!res) {
            throw Error(ErrorKind::Data, file_, place(res.offset, true),
                        std::string("not well-formed XML: ") + res.description());
        }
        if (const auto at = detail::doctypeOffset(doc); at >= 0)
            throw Error(ErrorKind::Data, file_, place(at, true), detail::kDoctypeRefused);
        ReportDefinition def;
        def.file = file_;
        def.ratings = {};
        pugi::xml_node root = doc.document_element();
        if (std::string(root.name()) != "report") {
            problem(root, "the root element is <" + std::string(root.name()) + ">, expected <report>");
            fail();
        }
        checkAttributes(root, {"id", "version", "title"});
        def.id = required(root, "id");
        if (!def.id.empty()) identifier(root, "id", def.id);
        def.version = root.attribute("version").as_string("1");
        def.title = required(root, "title");

        bool sawEvidence = false;
        std::set<std::string> themeIds;
        // Defaults first, so that themes inherit them wherever they appear in the file.
        for (pugi::xml_node n : root.children()) {
            if (n.type() != pugi::node_element) continue;
            const std::string name = n.name();
            if (name == "audit-evidence") {
                sawEvidence = true;
                checkAttributes(n, {"good-or-better", "min-audits"});
                std::string grades = required(n, "good-or-better");
                for (const std::string& g : splitWords(grades)) def.goodOrBetter.push_back(normaliseLabel(g));
                if (!grades.empty() && def.goodOrBetter.empty()) problem(n, "good-or-better names no grade");
                if (n.attribute("min-audits")) def.rag.minAudits = integer(n, "min-audits", 1);
            } else if (name == "rag") {
                checkAttributes(n, {"audit-green", "audit-amber", "kpi-amber-margin"});
                thresholds(n, def.rag);
            } else if (name == "ratings") {
                checkAttributes(n, {});
                for (pugi::xml_node r : n.children()) {
                    if (r.type() != pugi::node_element) continue;
                    if (std::string(r.name()) != "rating") {
                        problem(r, "unknown element <" + std::string(r.name()) + "> in <ratings>, expected <rating>");
                        continue;
                    }
                    checkAttributes(r, {"value", "rag"});
                    std::string value = required(r, "value");
                    std::string rag = required(r, "rag");
                    auto parsed = parseRag(rag);
                    if (!rag.empty() && !parsed) problem(r, "rag '" + rag + "' is not red, amber or green");
                    if (!value.empty() && parsed) {
                        if (parseRag(value)) problem(r, "rating '" + value + "' is already a RAG rating");
                        else if (!def.ratings.emplace(normaliseLabel(value), *parsed).second)
                            problem(r, "rating '" + value + "' is given twice");
                    }
                }
            } else if (name == "accuracy") {
                checkAttributes(n, {"threshold", "min-moderated"});
                if (n.attribute("threshold")) {
                    def.accuracyThreshold = number(n, "threshold", 0.0, 1.0);
                    if (def.accuracyThreshold <= 0) problem(n, "threshold must be above 0 (a share, e.g. 0.75)");
                }
                if (n.attribute("min-moderated")) def.minModerated = integer(n, "min-moderated", 1);
            } else if (name == "disclosure") {
                checkAttributes(n, {"threshold", "marker"});
                if (n.attribute("threshold")) def.suppressionThreshold = integer(n, "threshold", 1);
                if (n.attribute("marker")) {
                    def.suppressionMarker = n.attribute("marker").as_string();
                    if (def.suppressionMarker.empty()) problem(n, "marker is empty");
                }
            } else if (name != "theme") {
                problem(n, "unknown element <" + name +
                               ">, expected audit-evidence, rag, ratings, accuracy, disclosure or theme");
            }
        }
        if (!sawEvidence) problem(root, "<audit-evidence good-or-better=\"...\"/> is missing");

        for (pugi::xml_node n : root.children("theme")) {
            Theme t;
            t.line = line(n);
            t.rag = def.rag;
            checkAttributes(n, {"id", "title", "audit-green", "audit-amber", "kpi-amber-margin", "min-audits"});
            t.id = required(n, "id");
            if (!t.id.empty()) {
                identifier(n, "id", t.id);
                if (!themeIds.insert(t.id).second) problem(n, "theme '" + t.id + "' is defined twice");
            }
            t.title = required(n, "title");
            thresholds(n, t.rag);
            if (n.attribute("min-audits")) t.rag.minAudits = integer(n, "min-audits", 1);
            std::set<std::string> seen;
            for (pugi::xml_node c : n.children()) {
                if (c.type() != pugi::node_element) continue;
                const std::string name = c.name();
                if (name != "domain" && name != "question" && name != "kpi" && name != "standard") {
                    problem(c, "unknown element <" + name + "> in theme '" + t.id +
                                   "', expected domain, question, kpi or standard");
                    continue;
                }
                if (name == "kpi") checkAttributes(c, {"ref", "amber-margin", "title"});
                else if (name == "standard") checkAttributes(c, {"ref", "title"});
                else checkAttributes(c, {"ref"});
                std::string ref = required(c, "ref");
                if (ref.empty()) continue;
                if (!seen.insert(name + ":" + ref).second) {
                    problem(c, name + " '" + ref + "' is listed twice in theme '" + t.id + "'");
                    continue;
                }
                if (name == "domain") {
                    t.domains.push_back(ref);
                    t.domainLines.push_back(line(c));
                } else if (name == "question") {
                    t.questions.push_back(ref);
                    t.questionLines.push_back(line(c));
                }
                else if (name == "kpi") {
                    ThemeKpi k{ref, std::nullopt, c.attribute("title").as_string(), line(c)};
                    if (c.attribute("amber-margin")) k.amberMargin = number(c, "amber-margin", 0.0, 1e12);
                    t.kpis.push_back(k);
                } else {
                    t.standards.push_back(ThemeStandard{ref, c.attribute("title").as_string(), line(c)});
                }
            }
            if (t.domains.empty() && t.questions.empty() && t.kpis.empty() && t.standards.empty())
                problem(n, "theme '" + t.id + "' names no domain, question, kpi or standard");
            def.themes.push_back(std::move(t));
        }
        if (def.themes.empty()) problem(root, "the report defines no <theme>");
        fail();
        return def;
    }

private:
    int line(pugi::xml_node n) const { return lineAt(static_cast<std::size_t>(n.offset_debug())); }

    int lineAt(std::size_t offset) const {
        int l = 1;
        for (std::size_t i = 0; i < offset && i < xml_.size(); ++i)
            if (xml_[i] == '\n') ++l;
        return l;
    }

    std::string place(std::ptrdiff_t offset, bool withColumn) const {
        std::size_t off = offset < 0 ? 0 : static_cast<std::size_t>(offset);
        std::string p = "line " + std::to_string(lineAt(off));
        if (withColumn) {
            std::size_t start = xml_.rfind('\n', off == 0 ? 0 : off - 1);
            std::size_t col = (start == std::string::npos || off == 0) ? off + 1 : off - start;
            p += ", column " + std::to_string(col);
        }
        return p;
    }

    void problem(pugi::xml_node n, std::string message) {
        problems_.push_back(Problem{file_, "line " + std::to_string(line(n)), std::move(message)});
    }

    void fail() {
        if (!problems_.empty()) throw Error(ErrorKind::Data, problems_);
    }

    void checkAttributes(pugi::xml_node n, std::initializer_list<const char*> allowed) {
        for (pugi::xml_attribute a : n.attributes()) {
            bool ok = false;
            for (const char* name : allowed) ok = ok || std::string(a.name()) == name;
            if (!ok) {
                std::string list;
                for (const char* name : allowed) list += std::string(list.empty() ? "" : ", ") + name;
                problem(n, "unknown attribute '" + std::string(a.name()) + "' on <" + n.name() + ">" +
                               (list.empty() ? std::string(" (it takes none)") : ", expected " + list));
            }
        }
    }

    std::string required(pugi::xml_node n, const char* name) {
        std::string v = n.attribute(name).as_string();
        if (v.empty()) problem(n, "<" + std::string(n.name()) + "> needs a non-empty '" + name + "' attribute");
        return v;
    }

    void identifier(pugi::xml_node n, const char* name, const std::string& v) {
        bool ok = std::all_of(v.begin(), v.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        });
        if (!ok) problem(n, std::string(name) + " '" + v + "' may hold only a-z, 0-9, '_', '-' and '.'");
    }

    double number(pugi::xml_node n, const char* name, double lo, double hi) {
        std::string v = n.attribute(name).as_string();
        double d = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
        if (v.empty() || ec != std::errc() || p != v.data() + v.size()) {
            problem(n, std::string(name) + " '" + v + "' is not a number");
            return lo;
        }
        if (d < lo || d > hi) {
            problem(n, std::string(name) + " " + v + " is out of range (expected " + fmt(lo) + " to " + fmt(hi) + ")");
            return lo;
        }
        return d;
    }

    int integer(pugi::xml_node n, const char* name, int lo) {
        std::string v = n.attribute(name).as_string();
        int d = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
        if (v.empty() || ec != std::errc() || p != v.data() + v.size() || d < lo) {
            problem(n, std::string(name) + " '" + v + "' is not a whole number of at least " + std::to_string(lo));
            return lo;
        }
        return d;
    }

    void thresholds(pugi::xml_node n, RagThresholds& r) {
        bool both = true;
        if (n.attribute("audit-green")) r.auditGreen = number(n, "audit-green", 0.0, 1.0);
        else both = false;
        if (n.attribute("audit-amber")) r.auditAmber = number(n, "audit-amber", 0.0, 1.0);
        if (n.attribute("kpi-amber-margin")) r.kpiAmberMargin = number(n, "kpi-amber-margin", 0.0, 1e12);
        if (r.auditAmber > r.auditGreen)
            problem(n, "audit-amber " + fmt(r.auditAmber) + " is above audit-green " + fmt(r.auditGreen) +
                           (both ? "" : " (inherited)") + ": amber must not need more than green");
    }

    static std::string fmt(double d) {
        char buf[32];
        auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
        (void)ec;
        return std::string(buf, p);
    }

    static std::vector<std::string> splitWords(const std::string& s) {
        // Grades are separated by commas; a list without commas is split on spaces.
        std::vector<std::string> out;
        const char sep = s.find(',') != std::string::npos ? ',' : ' ';
        std::string cur;
        for (char c : s + sep) {
            if (c == sep) {
                std::string n = normaliseLabel(cur);
                if (!n.empty()) out.push_back(n);
                cur.clear();
            } else {
                cur += c;
            }
        }
        return out;
    }

    const std::string& xml_;
    std::string file_;
    std::vector<Problem> problems_;
};

}  // namespace

ReportDefinition parseReportDefinition(const std::string& xml, const std::string& fileName) {
    return Parser(xml, fileName).parse();
}

ReportDefinition loadReportDefinition(const std::string& path) {
    return parseReportDefinition(readFile(path), path);
}

std::string reportDefinitionPath(const std::string& id) { return reportsDir() + "/" + id + ".xml"; }

std::vector<Problem> checkAgainstCatalogue(const ReportDefinition& def, const Catalogue& catalogue) {
    std::set<std::string> domains, questions;
    for (const auto& fw : catalogue.frameworks())
        for (const auto& d : fw.domains) domains.insert(d.id);
    for (const auto& t : catalogue.templates())
        for (const auto& sec : t.sections) {
            domains.insert(sec.domain);
            for (const auto& q : sec.questions) questions.insert(q.id);
        }
    auto list = [](const std::set<std::string>& ids) {
        std::string s;
        for (const auto& id : ids) s += (s.empty() ? "" : ", ") + id;
        return s;
    };
    std::vector<Problem> problems;
    auto check = [&](const Theme& t, const std::vector<std::string>& refs, const std::vector<int>& lines,
                     const std::set<std::string>& known, const char* kind, const char* where) {
        for (std::size_t i = 0; i < refs.size(); ++i) {
            if (known.count(refs[i])) continue;
            const int line = i < lines.size() ? lines[i] : t.line;
            problems.push_back(Problem{def.file, line > 0 ? "line " + std::to_string(line) : std::string(),
                                       std::string(kind) + " '" + refs[i] + "' of theme '" + t.id + "' is not " +
                                           where + " (known " + kind + "s: " + list(known) + ")"});
        }
    };
    for (const auto& t : def.themes) {
        check(t, t.domains, t.domainLines, domains, "domain", "a domain of any framework or template");
        check(t, t.questions, t.questionLines, questions, "question", "a question of any template");
    }
    return problems;
}

std::string ReportDefinition::kpiTitle(const std::string& indicator) const {
    for (const auto& t : themes)
        if (const ThemeKpi* k = t.kpi(indicator); k && !k->title.empty()) return k->title;
    std::string s = indicator;
    for (char& c : s)
        if (c == '_') c = ' ';
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

}  // namespace audit
