// The partnership's other two sources beside the audits (ARCHITECTURE §6, contract):
//   KPI data:         CSV  indicator, period, value, target, polarity (higher|lower), theme
//   self-assessment:  CSV  agency, period, theme, standard, rating (red|amber|green or a grade), evidence
// The value types, their readers (every problem by file and line, all at once) and their storage
// are declared here.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audit {

enum class Polarity { Higher, Lower };  // higher (or lower) values are better
std::string polarityName(Polarity p);    // "higher", "lower"
std::optional<Polarity> parsePolarity(std::string_view text);

struct Kpi {
    std::string indicator;
    std::string period;   // as written: 2026-03, 2026-Q1, 2026, 2025-26
    double value = 0;
    double target = 0;
    Polarity polarity = Polarity::Higher;
    std::string theme;
    int line = 0;         // where it was read (0 if not from a file)
};

struct SelfAssessment {
    std::string agency;
    std::string period;
    std::string theme;
    std::string standard;
    std::string rating;   // red|amber|green or a grade of the report definition's rating scale
    std::string evidence;
    int line = 0;
};

struct ReportDefinition;

// Reads a KPI file. Checks, all reported at once with file and line: the six columns present (any order, any
// case, other columns ignored), an indicator, a period (kPeriodForms), value and target numbers (a trailing '%'
// is allowed), polarity higher or lower, and no (indicator, period) given twice. With a definition, a row whose
// indicator no theme lists must name one of its themes. Throws Error(Data); Error(NoInput) for a missing file.
std::vector<Kpi> readKpis(const std::string& path, const ReportDefinition* def = nullptr);
std::vector<Kpi> parseKpis(std::string_view text, const std::string& fileName, const ReportDefinition* def = nullptr);

// Reads a self-assessment file: the six columns, an agency, a period, a standard, a rating that the definition's
// scale knows (red, amber, green or one of its grades), no (agency, period, standard) twice; with a definition,
// a row whose standard no theme lists must name one of its themes.
std::vector<SelfAssessment> readSelfAssessments(const std::string& path, const ReportDefinition& def);
std::vector<SelfAssessment> parseSelfAssessments(std::string_view text, const std::string& fileName,
                                                 const ReportDefinition& def);

// CSV text in the contract's column order (numbers written in shortest round-trip form).
std::string kpisToCsv(const std::vector<Kpi>& kpis);
std::string selfAssessmentsToCsv(const std::vector<SelfAssessment>& rows);
// A number cell of an input file: a plain decimal (a leading '+' and a trailing '%' allowed, the '%' ignored);
// nullopt when blank or not a finite number.
std::optional<double> parseNumber(std::string_view text);
// Shortest text that reads back as the same double ("85.2", "12", "0.125").
std::string formatNumber(double v);

}  // namespace audit
