#include "audit/report/kpi_definition.h"

#include <algorithm>
#include <cmath>

#include "audit/base/output_file.h"
#include "audit/base/paths.h"
#include "audit/io/xml_check.h"
#include "audit/sampling/case_list.h"

namespace audit::kpi {

std::string polarityName(Polarity p) { return p == Polarity::Higher ? "higher" : "lower"; }

namespace {

using detail::XmlDoc;

std::string unitWords(Unit u, int n) {
    const char* w = u == Unit::WorkingDays ? " working day" : u == Unit::Days ? " day" : " month";
    return std::to_string(n) + w + (n == 1 ? "" : "s");
}

std::string quote(const std::string& c) { return "'" + c + "'"; }

std::string number(double v) {
    if (v == std::floor(v)) return std::to_string(static_cast<long long>(v));
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    return s;
}

class Parser {
public:
    Parser(const std::string& xml, const std::string& file) : doc_(xml, file) {}

    Definition parse() {
        Definition def;
        def.file = doc_.file();
        if (!doc_.ok()) fail();
        const pugi::xml_node root = doc_.root();
        if (std::string(root.name()) != "kpis") {
            doc_.problem(root, "the root element is <" + std::string(root.name()) + ">, expected <kpis>");
            fail();
        }
        doc_.allowAttributes(root, {"id", "title"});
        doc_.allowChildren(root, {"indicator", "description"});
        def.id = doc_.text(root, "id", true).value_or("");
        def.title = doc_.text(root, "title", true).value_or("");
        for (const pugi::xml_node n : root.children("indicator")) def.indicators.push_back(indicator(n));
        std::vector<std::string> ids;
        for (const auto& i : def.indicators) {
            if (std::find(ids.begin(), ids.end(), i.id) != ids.end())
                doc_.problemAtLine(i.line, "indicator '" + i.id + "' is defined twice");
            ids.push_back(i.id);
        }
        if (def.indicators.empty()) doc_.problem(root, "no <indicator>");
        fail();
        return def;
    }

private:
    void fail() {
        if (!doc_.problems().empty()) throw Error(ErrorKind::Data, std::move(doc_.problems()));
    }

    Indicator indicator(const pugi::xml_node n) {
        Indicator i;
        i.line = doc_.lineOf(n);
        doc_.allowAttributes(n, {"id", "list", "polarity", "target", "amber-margin"});
        doc_.allowChildren(n, {"title", "numerator-words", "denominator-words", "source", "note", "denominator", "numerator"});
        i.id = doc_.text(n, "id", true).value_or("");
        if (!i.id.empty() && !std::all_of(i.id.begin(), i.id.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            }))
            doc_.problem(n, "indicator id '" + i.id + "' must be lower-case letters, digits and '_'");
        i.list = static_cast<int>(doc_.integer(n, "list", true, 1).value_or(0));
        if (i.list > 11) doc_.problem(n, "list " + std::to_string(i.list) + " is not an Annex A list (1 to 11)");
        const std::string pol = doc_.text(n, "polarity", true).value_or("higher");
        if (pol == "lower") i.polarity = Polarity::Lower;
        else if (pol != "higher") doc_.problem(n, "polarity '" + pol + "' is not higher or lower");
        i.target = doc_.number(n, "target", false, 0.0, 100.0);
        i.amberMargin = doc_.number(n, "amber-margin", false, 0.0, 100.0).value_or(5.0);
        auto part = [&](const char* name, bool required) {
            const pugi::xml_node c = n.child(name);
            if (!c) {
                if (required) doc_.problem(n, "indicator '" + i.id + "' has no <" + name + ">");
                return std::string();
            }
            return doc_.content(c, required, std::string("<") + name + ">");
        };
        i.title = part("title", true);
        i.numeratorWords = part("numerator-words", true);
        i.denominatorWords = part("denominator-words", true);
        i.source = part("source", true);
        i.note = part("note", false);
        if (!n.child("denominator")) doc_.problem(n, "indicator '" + i.id + "' has no <denominator> rules");
        if (!n.child("numerator")) doc_.problem(n, "indicator '" + i.id + "' has no <numerator> rules");
        i.denominator = group(n.child("denominator"), Rule::Kind::All);
        i.numerator = group(n.child("numerator"), Rule::Kind::All);
        return i;
    }

    Rule group(const pugi::xml_node n, Rule::Kind kind) {
        Rule g;
        g.kind = kind;
        g.line = n ? doc_.lineOf(n) : 0;
        if (!n) return g;
        doc_.allowAttributes(n, {});
        for (const pugi::xml_node c : n.children()) {
            if (c.type() != pugi::node_element) continue;
            g.children.push_back(rule(c));
        }
        if (g.children.empty() && kind != Rule::Kind::All) doc_.problem(n, "<" + std::string(n.name()) + "> holds no rule");
        return g;
    }

    std::string column(const pugi::xml_node n, const char* attr = "column") {
        return doc_.text(n, attr, true).value_or("");
    }

    // A length: exactly one of working-days, days, months.
    void length(const pugi::xml_node n, Rule& r, bool monthsOnly) {
        int given = 0;
        for (const auto& [attr, unit] : {std::pair{"working-days", Unit::WorkingDays}, std::pair{"days", Unit::Days},
                                         std::pair{"months", Unit::Months}}) {
            if (!n.attribute(attr)) continue;
            ++given;
            r.unit = unit;
            r.amount = static_cast<int>(doc_.integer(n, attr, true, 0).value_or(0));
            if (monthsOnly && unit != Unit::Months) doc_.problem(n, std::string("<") + n.name() + "> takes months, not " + attr);
        }
        if (given != 1)
            doc_.problem(n, std::string("<") + n.name() + "> needs exactly one of " +
                                (monthsOnly ? "months" : "working-days, days or months"));
    }

    Rule rule(const pugi::xml_node n) {
        const std::string tag = n.name();
        Rule r;
        r.line = doc_.lineOf(n);
        if (tag == "all" || tag == "any" || tag == "not") {
            r = group(n, tag == "any" ? Rule::Kind::Any : tag == "not" ? Rule::Kind::Not : Rule::Kind::All);
        } else if (tag == "open") {
            r.kind = Rule::Kind::Open;
            doc_.allowAttributes(n, {"start", "end"});
            r.column = column(n, "start");
            r.column2 = column(n, "end");
        } else if (tag == "dated") {
            r.kind = Rule::Kind::Dated;
            doc_.allowAttributes(n, {"column", "months"});
            r.column = column(n);
            length(n, r, true);
        } else if (tag == "within") {
            r.kind = Rule::Kind::Within;
            doc_.allowAttributes(n, {"column", "of", "working-days", "days", "months"});
            r.column = column(n);
            r.column2 = column(n, "of");
            if (r.column2 == "as-of") r.column2.clear();
            length(n, r, false);
        } else if (tag == "longer") {
            r.kind = Rule::Kind::Longer;
            doc_.allowAttributes(n, {"column", "than", "months"});
            r.column = column(n);
            r.column2 = column(n, "than");
            if (r.column2 == "as-of") r.column2.clear();
            length(n, r, true);
        } else if (tag == "count") {
            r.kind = Rule::Kind::Count;
            doc_.allowAttributes(n, {"column", "at-least"});
            r.column = column(n);
            r.atLeast = doc_.number(n, "at-least", true).value_or(0);
        } else if (tag == "one-of") {
            r.kind = Rule::Kind::OneOf;
            doc_.allowAttributes(n, {"column", "match"});
            doc_.allowChildren(n, {"value"});
            r.column = column(n);
            const std::string match = n.attribute("match").as_string("exact");
            if (match == "prefix") r.prefix = true;
            else if (match != "exact") doc_.problem(n, "match '" + match + "' is not exact or prefix");
            for (const pugi::xml_node v : n.children("value")) {
                const std::string text = doc_.content(v, true, "<value>");
                if (text.empty()) continue;
                r.written.push_back(text);
                r.values.push_back(codeKey(text));
                if (r.values.back().empty()) doc_.problem(v, "value '" + text + "' has no letters or digits");
            }
            if (r.values.empty()) doc_.problem(n, "<one-of> holds no <value>");
        } else if (tag == "present") {
            r.kind = Rule::Kind::Present;
            doc_.allowAttributes(n, {"column"});
            r.column = column(n);
        } else {
            doc_.problem(n, "unknown rule <" + tag + ">; expected open, dated, within, longer, count, one-of, present, "
                            "not, any or all");
        }
        return r;
    }

    XmlDoc doc_;
};

std::string join(const std::vector<Rule>& rules, const std::string& sep) {
    std::string s;
    for (const auto& c : rules) s += (s.empty() ? "" : sep) + describe(c);
    return s;
}

}  // namespace

std::string describe(const Rule& r) {
    const std::string of = r.column2.empty() ? std::string("the as-of date") : quote(r.column2);
    switch (r.kind) {
        case Rule::Kind::All: return r.children.empty() ? "every row" : join(r.children, "; and ");
        case Rule::Kind::Any: return "any of (" + join(r.children, "; or ") + ")";
        case Rule::Kind::Not: return "not (" + join(r.children, "; or ") + ")";
        case Rule::Kind::Open:
            return "open at the as-of date (" + quote(r.column) + " on or before it, " + quote(r.column2) + " blank or after it)";
        case Rule::Kind::Dated: return quote(r.column) + " in the " + unitWords(r.unit, r.amount) + " up to the as-of date";
        case Rule::Kind::Within:
            return r.column2.empty() ? quote(r.column) + " no more than " + unitWords(r.unit, r.amount) + " before the as-of date"
                                     : quote(r.column) + " on or after " + of + " and no more than " + unitWords(r.unit, r.amount) + " after it";
        case Rule::Kind::Longer: return of + " at least " + unitWords(r.unit, r.amount) + " after " + quote(r.column);
        case Rule::Kind::Count: return quote(r.column) + " at least " + number(r.atLeast);
        case Rule::Kind::OneOf: {
            std::string s = quote(r.column) + (r.prefix ? " begins with " : " is ");
            for (std::size_t i = 0; i < r.written.size(); ++i)
                s += (i ? (i + 1 == r.written.size() ? " or " : ", ") : "") + quote(r.written[i]);
            return s;
        }
        case Rule::Kind::Present: return quote(r.column) + " recorded";
    }
    return "";
}

void columnsOf(const Rule& r, std::vector<std::string>& out) {
    auto add = [&](const std::string& c) {
        if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    };
    add(r.column);
    add(r.column2);
    for (const auto& c : r.children) columnsOf(c, out);
}

std::vector<std::string> Indicator::columns() const {
    std::vector<std::string> out;
    columnsOf(denominator, out);
    columnsOf(numerator, out);
    return out;
}

Definition parseDefinition(const std::string& xml, const std::string& file) { return Parser(xml, file).parse(); }

Definition loadDefinition(const std::string& idOrPath) {
    const bool isPath = idOrPath.size() > 4 && idOrPath.compare(idOrPath.size() - 4, 4, ".xml") == 0;
    const std::string path = isPath ? idOrPath : reportsDir() + "/" + idOrPath + ".xml";
    return parseDefinition(readFile(path), path);
}

void checkAgainstMap(const Definition& def, const ColumnMap& map) {
    std::vector<Problem> problems;
    for (const auto& i : def.indicators) {
        const ListColumns* lc = map.list(i.list);
        if (!lc) {
            problems.push_back({def.file, "line " + std::to_string(i.line),
                                "indicator '" + i.id + "' reads list " + std::to_string(i.list) + ", which column map '" +
                                    map.id() + "' (" + map.file() + ") does not describe"});
            continue;
        }
        for (const auto& c : i.columns())
            if (!lc->named(c))
                problems.push_back({def.file, "line " + std::to_string(i.line),
                                    "indicator '" + i.id + "' names column '" + c + "', which list " + std::to_string(i.list) +
                                        " of column map '" + map.id() + "' does not have; it has " + lc->names()});
    }
    if (!problems.empty()) throw Error(ErrorKind::Data, std::move(problems));
}

Rag ragOf(double value, double target, Polarity polarity, double amberMargin) {
    const double shortBy = polarity == Polarity::Higher ? target - value : value - target;
    constexpr double eps = 1e-9;
    if (shortBy <= eps) return Rag::Green;
    if (shortBy <= amberMargin + eps) return Rag::Amber;
    return Rag::Red;
}

}  // namespace audit::kpi
