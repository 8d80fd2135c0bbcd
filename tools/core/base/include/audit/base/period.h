// Reporting periods as people write them: a month "2026-03", a quarter "2026-Q1", a calendar year "2026",
// a financial year "2025-26" or "2025/26" (April to March). A period is a closed range of months.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace audit {

struct Period {
    std::string text;   // as given, trimmed
    int firstMonth = 0; // months since year 0: year * 12 + (month - 1)
    int lastMonth = 0;

    bool contains(int month) const { return month >= firstMonth && month <= lastMonth; }
    bool contains(const Period& other) const { return other.firstMonth >= firstMonth && other.lastMonth <= lastMonth; }
    bool overlaps(const Period& other) const { return other.firstMonth <= lastMonth && other.lastMonth >= firstMonth; }
    std::string firstDay() const;  // ISO date of the first day, "2026-01-01"
    std::string lastDay() const;   // ISO date of the last day, "2026-03-31"
};

// nullopt when the text is none of the forms above.
std::optional<Period> parsePeriod(std::string_view text);
// The month index of an ISO date "YYYY-MM-DD" (or "YYYY-MM"); nullopt if it is not one.
std::optional<int> monthOfDate(std::string_view isoDate);
std::string monthLabel(int month);  // "2026-03"
// What the forms are, for error messages.
inline constexpr const char* kPeriodForms = "YYYY-MM, YYYY-Qn, YYYY or a financial year YYYY-YY";

}  // namespace audit
