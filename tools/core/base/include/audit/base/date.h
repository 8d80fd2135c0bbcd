// A calendar date (proleptic Gregorian, no time of day, no time zone), as case lists, audits and
// actions use them. Held as days since 1970-01-01, so comparison and arithmetic are cheap.
//
// Parsing accepts what case-management exports and spreadsheets give us:
//   dd/mm/yyyy and d/m/yyyy (UK order; '/', '-' or '.' between the parts),
//   yyyy-mm-dd (ISO 8601; also yyyy/mm/dd),
//   either of those followed by a time of day ("02/01/2025 00:00", "2025-01-02T00:00:00"), which is ignored,
//   Excel serial numbers (1900 date system) through fromExcelSerial().
// Two-digit years are refused (ambiguous). A date that does not exist (31/02/2025) is an error.
#pragma once
#include <compare>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace audit {

class Date {
public:
    Date() = default;  // 1970-01-01
    // Throws Error(Data) if the date does not exist.
    Date(int year, int month, int day);
    static std::optional<Date> make(int year, int month, int day);  // nullopt if it does not exist
    static Date fromDays(std::int32_t daysSince1970);

    int year() const;
    int month() const;  // 1..12
    int day() const;    // 1..31
    std::int32_t days() const { return days_; }  // since 1970-01-01

    std::string iso() const;  // "2025-03-31"
    std::string uk() const;   // "31/03/2025"

    Date addDays(std::int32_t n) const { return fromDays(days_ + n); }
    // Same day n months later (or earlier); clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
    Date addMonths(int n) const;

    // Excel serial number of this date in the 1900 date system (1 = 1900-01-01; 61 = 1900-03-01).
    double excelSerial() const;

    friend auto operator<=>(const Date&, const Date&) = default;
    friend bool operator==(const Date&, const Date&) = default;

private:
    std::int32_t days_ = 0;
};

// Writes the ISO form.
std::ostream& operator<<(std::ostream& os, const Date& d);

bool isLeapYear(int year);
int daysInMonth(int year, int month);

// Parses a date as described above; nullopt if the text is not a date (or not one that exists).
std::optional<Date> parseDate(std::string_view text);
// The same, but throws Error(Data) naming file and place, saying what was expected.
Date parseDate(std::string_view text, const std::string& file, const std::string& place);
// Why `text` is not a date, or "" if it is one (for error messages that collect several problems).
std::string dateProblem(std::string_view text);

// The order of day and month in a d/m/yyyy date: UK (dmy, the default everywhere) or US (mdy, what a CSV saved
// on a US-locale machine holds). yyyy-mm-dd reads the same in both.
enum class DateOrder { DayFirst, MonthFirst };
std::string_view dateOrderName(DateOrder order);             // "dmy" or "mdy"
std::optional<DateOrder> dateOrderByName(std::string_view name);  // "dmy" / "mdy", else nullopt
std::optional<Date> parseDate(std::string_view text, DateOrder order);
std::string dateProblem(std::string_view text, DateOrder order);
// How a text reads as a date: not at all, the same either way (ISO, or 05/05/2025), two different dates
// (03/04/2025), or in one order only (25/03/2025 day first, 03/25/2025 month first).
enum class DayMonthReading { Neither, Unambiguous, Both, DayFirstOnly, MonthFirstOnly };
DayMonthReading dayMonthReading(std::string_view text);

// Excel serial (1900 date system; a fraction is a time of day and is dropped). Excel counts a 29 February
// 1900 that never was (serial 60): serials from 61 on are shifted back a day, and 60 itself is refused.
// nullopt for serials below 1, 60, or beyond 9999-12-31.
std::optional<Date> fromExcelSerial(double serial);

// Whole months from a to b: the largest n with a.addMonths(n) <= b when b >= a (negative, the smallest
// n with a.addMonths(n) >= b, when b < a). monthsBetween(15/01, 14/02) = 0; (31/01, 28/02/2025) = 1.
int monthsBetween(const Date& a, const Date& b);

// Today in the local time zone (the tools' clock; the core takes dates as parameters).
Date today();

}  // namespace audit
