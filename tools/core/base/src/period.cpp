#include "audit/base/period.h"
#include "audit/base/text.h"

#include <cctype>
#include <cstdio>

namespace audit {

namespace {
bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}
int toInt(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}
int daysIn(int year, int month) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return d[month - 1];
}
}  // namespace

std::string monthLabel(int month) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", month / 12, month % 12 + 1);
    return buf;
}

std::string Period::firstDay() const { return monthLabel(firstMonth) + "-01"; }

std::string Period::lastDay() const {
    char buf[8];
    std::snprintf(buf, sizeof buf, "-%02d", daysIn(lastMonth / 12, lastMonth % 12 + 1));
    return monthLabel(lastMonth) + buf;
}

std::optional<Period> parsePeriod(std::string_view text) {
    std::string_view s = text::trim(text);
    Period p;
    p.text = std::string(s);
    if (s.size() == 4 && digits(s)) {  // calendar year
        int y = toInt(s);
        p.firstMonth = y * 12;
        p.lastMonth = y * 12 + 11;
        return p;
    }
    if (s.size() != 7 || !digits(s.substr(0, 4)) || (s[4] != '-' && s[4] != '/')) return std::nullopt;
    const int y = toInt(s.substr(0, 4));
    std::string_view rest = s.substr(5);
    if (s[4] == '-' && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4') {  // quarter
        p.firstMonth = y * 12 + (rest[1] - '1') * 3;
        p.lastMonth = p.firstMonth + 2;
        return p;
    }
    if (!digits(rest)) return std::nullopt;
    const int n = toInt(rest);
    if (s[4] == '-' && n >= 1 && n <= 12) {  // month (a month wins over the rare financial year "2011-12")
        p.firstMonth = p.lastMonth = y * 12 + n - 1;
        return p;
    }
    if (n == (y + 1) % 100) {  // financial year: April y to March y + 1
        p.firstMonth = y * 12 + 3;
        p.lastMonth = (y + 1) * 12 + 2;
        return p;
    }
    return std::nullopt;
}

std::optional<int> monthOfDate(std::string_view isoDate) {
    std::string_view s = text::trim(isoDate);
    if (s.size() < 7 || !digits(s.substr(0, 4)) || s[4] != '-' || !digits(s.substr(5, 2))) return std::nullopt;
    int m = toInt(s.substr(5, 2));
    if (m < 1 || m > 12) return std::nullopt;
    return toInt(s.substr(0, 4)) * 12 + m - 1;
}

}  // namespace audit
