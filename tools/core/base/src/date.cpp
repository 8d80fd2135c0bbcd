#include "audit/base/date.h"

#include <cmath>
#include <utility>
#include <ctime>
#include <ostream>

#include "audit/base/error.h"

namespace audit {

namespace {
// Howard Hinnant's days_from_civil / civil_from_days.
std::int32_t daysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
    int y;
    unsigned m, d;
};
Civil civilFromDays(std::int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

std::string pad(int v, int width) {
    std::string s = std::to_string(v);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
    return s;
}

constexpr std::int32_t kExcelEpochShift = 25569;  // serial of 1970-01-01

// Reads 1..maxDigits digits at s[i]; returns the count read (0 if none).
int digits(std::string_view s, std::size_t& i, int maxDigits, int& value) {
    int n = 0;
    value = 0;
    while (i < s.size() && n < maxDigits + 1 && s[i] >= '0' && s[i] <= '9') {
        value = value * 10 + (s[i] - '0');
        ++i;
        ++n;
    }
    return n;
}

bool validTime(std::string_view rest) {
    // After a date: nothing, or ' ' / 'T' then a time of day made of digits, ':' and '.', optional 'Z'.
    if (rest.empty()) return true;
    if (rest.front() != ' ' && rest.front() != 'T') return false;
    rest.remove_prefix(1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty() || rest.front() < '0' || rest.front() > '9') return false;
    for (char c : rest)
        if (!((c >= '0' && c <= '9') || c == ':' || c == '.' || c == 'Z')) return false;
    return true;
}

const char* const kExpected = "expected a date as dd/mm/yyyy or yyyy-mm-dd";

// Returns the problem, or "" with `out` set. monthFirst: a d/m/yyyy form is read as m/d/yyyy.
std::string parseInto(std::string_view text, Date& out, bool monthFirst = false) {
    std::string_view s = text;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    const std::string quoted = "'" + std::string(text) + "'";
    if (s.empty()) return "blank; " + std::string(kExpected);
    std::size_t i = 0;
    int a = 0, b = 0, c = 0;
    const int na = digits(s, i, 4, a);
    if (na == 0 || i >= s.size()) return quoted + " is not a date; " + kExpected;
    const char sep = s[i];
    if (sep != '/' && sep != '-' && sep != '.') return quoted + " is not a date; " + kExpected;
    ++i;
    const int nb = digits(s, i, 2, b);
    if (nb == 0 || nb > 2 || i >= s.size() || s[i] != sep) return quoted + " is not a date; " + kExpected;
    ++i;
    const int nc = digits(s, i, 4, c);
    if (!validTime(s.substr(i))) return quoted + " is not a date; " + kExpected;
    int y, m, d;
    if (na == 4 && (nc == 1 || nc == 2)) {  // yyyy-mm-dd
        y = a, m = b, d = c;
    } else if ((na == 1 || na == 2) && nc == 4) {  // dd/mm/yyyy (mm/dd/yyyy when month first)
        d = a, m = b, y = c;
        if (monthFirst) std::swap(d, m);
    } else if ((na == 1 || na == 2) && (nc == 1 || nc == 2)) {
        return quoted + " has a two-digit year; write the year in full (dd/mm/yyyy)";
    } else {
        return quoted + " is not a date; " + kExpected;
    }
    auto date = Date::make(y, m, d);
    if (!date) {
        if (m < 1 || m > 12) return quoted + " is not a date: there is no month " + std::to_string(m) + " (" + kExpected + ")";
        return quoted + " is not a date: " + std::to_string(y) + " month " + std::to_string(m) + " has no day " +
               std::to_string(d) + " (" + kExpected + ")";
    }
    out = *date;
    return "";
}
}  // namespace

std::ostream& operator<<(std::ostream& os, const Date& d) { return os << d.iso(); }

bool isLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && isLeapYear(y) ? 29 : days[m - 1];
}

std::optional<Date> Date::make(int year, int month, int day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return std::nullopt;
    return fromDays(daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

Date::Date(int year, int month, int day) {
    auto d = make(year, month, day);
    if (!d)
        throw Error(ErrorKind::Data, std::to_string(year) + "-" + pad(month, 2) + "-" + pad(day, 2) + " is not a date");
    days_ = d->days_;
}

Date Date::fromDays(std::int32_t n) {
    Date d;
    d.days_ = n;
    return d;
}

int Date::year() const { return civilFromDays(days_).y; }
int Date::month() const { return static_cast<int>(civilFromDays(days_).m); }
int Date::day() const { return static_cast<int>(civilFromDays(days_).d); }

std::string Date::iso() const {
    const Civil c = civilFromDays(days_);
    return pad(c.y, 4) + "-" + pad(static_cast<int>(c.m), 2) + "-" + pad(static_cast<int>(c.d), 2);
}

std::string Date::uk() const {
    const Civil c = civilFromDays(days_);
    return pad(static_cast<int>(c.d), 2) + "/" + pad(static_cast<int>(c.m), 2) + "/" + pad(c.y, 4);
}

Date Date::addMonths(int n) const {
    const Civil c = civilFromDays(days_);
    int total = c.y * 12 + static_cast<int>(c.m) - 1 + n;
    const int y = total >= 0 ? total / 12 : (total - 11) / 12;
    const int m = total - y * 12 + 1;
    const int d = std::min(static_cast<int>(c.d), daysInMonth(y, m));
    return fromDays(daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

double Date::excelSerial() const {
    const std::int32_t s = days_ + kExcelEpochShift;
    return s >= 61 ? s : s - 1;  // before March 1900 Excel is a day behind (its phantom 29 Feb 1900)
}

std::optional<Date> parseDate(std::string_view text) {
    Date d;
    if (!parseInto(text, d).empty()) return std::nullopt;
    return d;
}

Date parseDate(std::string_view text, const std::string& file, const std::string& place) {
    Date d;
    const std::string problem = parseInto(text, d);
    if (!problem.empty()) throw Error(ErrorKind::Data, file, place, problem);
    return d;
}

std::string dateProblem(std::string_view text) {
    Date d;
    return parseInto(text, d);
}

std::optional<Date> parseDate(std::string_view text, DateOrder order) {
    Date d;
    if (!parseInto(text, d, order == DateOrder::MonthFirst).empty()) return std::nullopt;
    return d;
}

std::string dateProblem(std::string_view text, DateOrder order) {
    Date d;
    std::string p = parseInto(text, d, order == DateOrder::MonthFirst);
    if (order == DateOrder::MonthFirst) {
        const auto at = p.find("dd/mm/yyyy");
        if (at != std::string::npos) p.replace(at, 10, "mm/dd/yyyy");
    }
    return p;
}

DayMonthReading dayMonthReading(std::string_view text) {
    const bool dmy = parseDate(text, DateOrder::DayFirst).has_value();
    const bool mdy = parseDate(text, DateOrder::MonthFirst).has_value();
    if (!dmy && !mdy) return DayMonthReading::Neither;
    // Only a d/m/yyyy form can be read two ways; yyyy-mm-dd reads the same either way.
    std::string_view s = text;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    std::size_t i = 0;
    int v = 0;
    if (digits(s, i, 4, v) == 4) return DayMonthReading::Unambiguous;
    if (dmy && mdy) {
        Date a, b;
        parseInto(text, a, false);
        parseInto(text, b, true);
        return a == b ? DayMonthReading::Unambiguous : DayMonthReading::Both;
    }
    return dmy ? DayMonthReading::DayFirstOnly : DayMonthReading::MonthFirstOnly;
}

std::string_view dateOrderName(DateOrder order) { return order == DateOrder::MonthFirst ? "mdy" : "dmy"; }

std::optional<DateOrder> dateOrderByName(std::string_view name) {
    if (name == "dmy") return DateOrder::DayFirst;
    if (name == "mdy") return DateOrder::MonthFirst;
    return std::nullopt;
}

std::optional<Date> fromExcelSerial(double serial) {
    if (!std::isfinite(serial) || serial < 1) return std::nullopt;
    const double whole = std::floor(serial);
    if (whole > 2958465) return std::nullopt;  // 9999-12-31
    auto s = static_cast<std::int32_t>(whole);
    if (s == 60) return std::nullopt;  // 29 February 1900 never was
    if (s < 60) s += 1;
    return Date::fromDays(s - kExcelEpochShift);
}

int monthsBetween(const Date& a, const Date& b) {
    int n = (b.year() - a.year()) * 12 + (b.month() - a.month());
    if (b >= a) {
        while (n > 0 && a.addMonths(n) > b) --n;
        while (a.addMonths(n + 1) <= b) ++n;
    } else {
        while (n < 0 && a.addMonths(n) < b) ++n;
        while (a.addMonths(n - 1) >= b) --n;
    }
    return n;
}

Date today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return Date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

}  // namespace audit
