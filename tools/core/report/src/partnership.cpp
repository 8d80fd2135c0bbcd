#include "audit/report/partnership.h"

#include <charconv>
#include <cmath>
#include <map>
#include <sstream>

#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "audit/base/period.h"
#include "audit/report/report_definition.h"

namespace audit {

std::string polarityName(Polarity p) { return p == Polarity::Higher ? "higher" : "lower"; }

std::optional<Polarity> parsePolarity(std::string_view text) {
    const std::string n = normaliseLabel(text);
    if (n == "higher" || n == "higher is better") return Polarity::Higher;
    if (n == "lower" || n == "lower is better") return Polarity::Lower;
    return std::nullopt;
}

namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

std::optional<double> parseNumber(std::string_view text) {
    std::string s = trimmed(text);
    if (!s.empty() && s.back() == '%') s = trimmed(std::string_view(s).substr(0, s.size() - 1));
    if (!s.empty() && s.front() == '+') s.erase(0, 1);
    if (s.empty()) return std::nullopt;
    double d = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(d)) return std::nullopt;
    return d;
}

namespace {

std::string themeList(const ReportDefinition& def) {
    std::string s;
    for (const auto& t : def.themes) s += (s.empty() ? "" : ", ") + t.id;
    return s;
}

// Finds the contract's columns; a missing one is a problem on line 1.
std::vector<int> columns(const csv::Table& t, const std::vector<const char*>& names, std::vector<Problem>& problems) {
    std::vector<int> idx;
    std::string header;
    for (const auto& h : t.header) header += (header.empty() ? "" : ", ") + h;
    for (const char* n : names) {
        idx.push_back(t.column(n));
        if (idx.back() < 0)
            problems.push_back(Problem{t.file, "line 1", std::string("missing column '") + n + "' (the header has: " +
                                                            (header.empty() ? std::string("nothing") : header) + ")"});
    }
    return idx;
}

}  // namespace

std::vector<Kpi> parseKpis(std::string_view text, const std::string& fileName, const ReportDefinition* def) {
    csv::Table t = csv::parse(text, fileName);
    std::vector<Problem> problems;
    auto col = columns(t, {"indicator", "period", "value", "target", "polarity", "theme"}, problems);
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    std::vector<Kpi> out;
    std::map<std::pair<std::string, std::string>, std::size_t> seen;  // (indicator, period) -> line
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& r = t.rows[i];
        const std::string place = t.place(i);
        auto bad = [&](const std::string& m) { problems.push_back(Problem{fileName, place, m}); };
        Kpi k;
        k.line = static_cast<int>(t.lines[i]);
        k.indicator = trimmed(r[col[0]]);
        k.period = trimmed(r[col[1]]);
        k.theme = trimmed(r[col[5]]);
        if (k.indicator.empty()) bad("indicator is empty");
        if (!parsePeriod(k.period)) bad("period '" + k.period + "' is not a period (expected " + kPeriodForms + ")");
        auto v = parseNumber(r[col[2]]);
        if (!v) bad("value '" + trimmed(r[col[2]]) + "' is not a number");
        else k.value = *v;
        auto tg = parseNumber(r[col[3]]);
        if (!tg) bad("target '" + trimmed(r[col[3]]) + "' is not a number");
        else k.target = *tg;
        auto pol = parsePolarity(r[col[4]]);
        if (!pol) bad("polarity '" + trimmed(r[col[4]]) + "' is not higher or lower (which way is better)");
        else k.polarity = *pol;
        if (def && !k.indicator.empty() && !def->themeForKpi(k.indicator, k.theme))
            bad("indicator '" + k.indicator + "' is in no theme of report " + def->id + ", and theme '" + k.theme +
                "' is not one of its themes (" + themeList(*def) + ")");
        if (!k.indicator.empty() && !k.period.empty()) {
            auto [it, fresh] = seen.emplace(std::make_pair(k.indicator, k.period), t.lines[i]);
            if (!fresh)
                bad("indicator '" + k.indicator + "' for period " + k.period + " is given twice (first on line " +
                    std::to_string(it->second) + ")");
        }
        out.push_back(std::move(k));
    }
    if (t.rows.empty()) problems.push_back(Problem{fileName, "", "no KPI rows below the header"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    return out;
}

std::vector<Kpi> readKpis(const std::string& path, const ReportDefinition* def) {
    return parseKpis(readFile(path), path, def);
}

std::vector<SelfAssessment> parseSelfAssessments(std::string_view text, const std::string& fileName,
                                                 const ReportDefinition& def) {
    csv::Table t = csv::parse(text, fileName);
    std::vector<Problem> problems;
    auto col = columns(t, {"agency", "period", "theme", "standard", "rating", "evidence"}, problems);
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    std::string scale = "red, amber, green";
    for (const auto& [label, rag] : def.ratings) scale += ", " + label;
    std::vector<SelfAssessment> out;
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& r = t.rows[i];
        const std::string place = t.place(i);
        auto bad = [&](const std::string& m) { problems.push_back(Problem{fileName, place, m}); };
        SelfAssessment s;
        s.line = static_cast<int>(t.lines[i]);
        s.agency = trimmed(r[col[0]]);
        s.period = trimmed(r[col[1]]);
        s.theme = trimmed(r[col[2]]);
        s.standard = trimmed(r[col[3]]);
        s.rating = trimmed(r[col[4]]);
        s.evidence = trimmed(r[col[5]]);
        if (s.agency.empty()) bad("agency is empty");
        if (!parsePeriod(s.period)) bad("period '" + s.period + "' is not a period (expected " + kPeriodForms + ")");
        if (s.standard.empty()) bad("standard is empty");
        if (!def.ratingToRag(s.rating)) bad("rating '" + s.rating + "' is not a rating (expected " + scale + ")");
        if (!s.standard.empty() && !def.themeForStandard(s.standard, s.theme))
            bad("standard '" + s.standard + "' is in no theme of report " + def.id + ", and theme '" + s.theme +
                "' is not one of its themes (" + themeList(def) + ")");
        if (!s.agency.empty() && !s.standard.empty()) {
            auto [it, fresh] = seen.emplace(std::make_tuple(s.agency, s.period, s.standard), t.lines[i]);
            if (!fresh)
                bad(s.agency + "'s rating of standard " + s.standard + " for " + s.period +
                    " is given twice (first on line " + std::to_string(it->second) + ")");
        }
        out.push_back(std::move(s));
    }
    if (t.rows.empty()) problems.push_back(Problem{fileName, "", "no self-assessment rows below the header"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    return out;
}

std::vector<SelfAssessment> readSelfAssessments(const std::string& path, const ReportDefinition& def) {
    return parseSelfAssessments(readFile(path), path, def);
}

std::string formatNumber(double v) {
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    return std::string(buf, p);
}

std::string kpisToCsv(const std::vector<Kpi>& kpis) {
    std::ostringstream os;
    csv::Writer w(os);
    w.row(std::vector<std::string>{"indicator", "period", "value", "target", "polarity", "theme"});
    for (const auto& k : kpis)
        w.row(std::vector<std::string>{k.indicator, k.period, formatNumber(k.value), formatNumber(k.target),
                                       polarityName(k.polarity), k.theme});
    return os.str();
}

std::string selfAssessmentsToCsv(const std::vector<SelfAssessment>& rows) {
    std::ostringstream os;
    csv::Writer w(os);
    w.row(std::vector<std::string>{"agency", "period", "theme", "standard", "rating", "evidence"});
    for (const auto& s : rows) w.row(std::vector<std::string>{s.agency, s.period, s.theme, s.standard, s.rating, s.evidence});
    return os.str();
}

}  // namespace audit
