#include "audit/base/working_days.h"

#include <algorithm>
#include <cstdint>

namespace audit {

namespace {

// Moved or added by proclamation: a day that is a bank holiday, and, for a moved one, the rule's day that is not.
struct OneOff {
    Date day;
    Date replaces;  // equal to `day` when nothing is replaced
};

const std::vector<OneOff>& oneOffs() {
    static const std::vector<OneOff> table = {
        {Date(1995, 5, 8), Date(1995, 5, 1)},    // early May moved to VE Day's 50th anniversary
        {Date(1999, 12, 31), Date(1999, 12, 31)},  // millennium
        {Date(2002, 6, 4), Date(2002, 5, 27)},   // spring moved (Golden Jubilee)
        {Date(2002, 6, 3), Date(2002, 6, 3)},    // Golden Jubilee
        {Date(2011, 4, 29), Date(2011, 4, 29)},  // royal wedding
        {Date(2012, 6, 4), Date(2012, 5, 28)},   // spring moved (Diamond Jubilee)
        {Date(2012, 6, 5), Date(2012, 6, 5)},    // Diamond Jubilee
        {Date(2020, 5, 8), Date(2020, 5, 4)},    // early May moved to VE Day's 75th anniversary
        {Date(2022, 6, 2), Date(2022, 5, 30)},   // spring moved (Platinum Jubilee)
        {Date(2022, 6, 3), Date(2022, 6, 3)},    // Platinum Jubilee
        {Date(2022, 9, 19), Date(2022, 9, 19)},  // State Funeral of Queen Elizabeth II
        {Date(2023, 5, 8), Date(2023, 5, 8)},    // coronation of King Charles III
    };
    return table;
}

Date nthMonday(int year, int month, int n) {  // n >= 1
    Date d(year, month, 1);
    while (weekday(d) != 0) d = d.addDays(1);
    return d.addDays(7 * (n - 1));
}

Date lastMonday(int year, int month) {
    Date d(year, month, daysInMonth(year, month));
    while (weekday(d) != 0) d = d.addDays(-1);
    return d;
}

bool isWeekend(const Date& d) { return weekday(d) >= 5; }

std::vector<Date> computeYear(int year) {
    std::vector<Date> days;
    auto fixed = [&](Date d) {  // a fixed-date holiday: at a weekend, the next weekday not already taken
        while (isWeekend(d) || std::find(days.begin(), days.end(), d) != days.end()) d = d.addDays(1);
        days.push_back(d);
    };
    fixed(Date(year, 1, 1));
    const Date easter = easterSunday(year);
    days.push_back(easter.addDays(-2));
    days.push_back(easter.addDays(1));
    if (year >= 1978) days.push_back(nthMonday(year, 5, 1));
    days.push_back(lastMonday(year, 5));
    days.push_back(lastMonday(year, 8));
    fixed(Date(year, 12, 25));
    fixed(Date(year, 12, 26));
    for (const auto& o : oneOffs()) {
        if (o.day.year() != year) continue;
        days.erase(std::remove(days.begin(), days.end(), o.replaces), days.end());
        days.push_back(o.day);
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    return days;
}

// Every bank holiday from 1900 to 2199, computed once (a function-local static: thread-safe initialisation).
constexpr int kFirstYear = 1900, kLastYear = 2199;
const std::vector<Date>& allHolidays() {
    static const std::vector<Date> all = [] {
        std::vector<Date> v;
        for (int y = kFirstYear; y <= kLastYear; ++y) {
            auto d = computeYear(y);
            v.insert(v.end(), d.begin(), d.end());
        }
        return v;
    }();
    return all;
}

}  // namespace

// 1970-01-01 was a Thursday: day 0 → 3 with Monday = 0.
int weekday(const Date& d) { return static_cast<int>(((d.days() % 7) + 7 + 3) % 7); }

Date easterSunday(int year) {
    const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return Date(year, month, day);
}

std::vector<Date> bankHolidays(int year) {
    if (year < kFirstYear || year > kLastYear) return computeYear(year);
    const auto& all = allHolidays();
    const auto lo = std::lower_bound(all.begin(), all.end(), Date(year, 1, 1));
    const auto hi = std::upper_bound(all.begin(), all.end(), Date(year, 12, 31));
    return {lo, hi};
}

bool isBankHoliday(const Date& d) {
    if (isWeekend(d)) return false;  // no holiday falls at a weekend (substitute days)
    const int y = d.year();
    if (y < kFirstYear || y > kLastYear) {
        const auto v = computeYear(y);
        return std::binary_search(v.begin(), v.end(), d);
    }
    return std::binary_search(allHolidays().begin(), allHolidays().end(), d);
}

bool isWorkingDay(const Date& d) { return !isWeekend(d) && !isBankHoliday(d); }

Date addWorkingDays(const Date& d, int n) {
    Date x = d;
    const int step = n < 0 ? -1 : 1;
    for (int left = n < 0 ? -n : n; left > 0;) {
        x = x.addDays(step);
        if (isWorkingDay(x)) --left;
    }
    return x;
}

int workingDaysBetween(const Date& a, const Date& b) {
    if (b < a) return -workingDaysBetween(b, a);
    // Whole weeks at once (five weekdays each), then the rest day by day; bank holidays counted out by search.
    const std::int32_t span = b.days() - a.days();
    int n = static_cast<int>(span / 7) * 5;
    for (Date x = a.addDays(static_cast<std::int32_t>(span / 7) * 7); x < b;) {
        x = x.addDays(1);
        if (!isWeekend(x)) ++n;
    }
    if (a.year() >= kFirstYear && b.year() <= kLastYear) {
        const auto& all = allHolidays();
        n -= static_cast<int>(std::upper_bound(all.begin(), all.end(), b) - std::upper_bound(all.begin(), all.end(), a));
    } else {
        for (Date x = a.addDays(1); x <= b; x = x.addDays(1)) n -= isBankHoliday(x);
    }
    return n;
}

std::string longDate(const Date& d) {
    static const char* days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
    return std::string(days[weekday(d)]) + " " + std::to_string(d.day()) + " " + months[d.month() - 1] + " " +
           std::to_string(d.year());
}

}  // namespace audit
