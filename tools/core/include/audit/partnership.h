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

}  // namespace audit
