// Internal to sampling: choosing the order of day and month for one date column from how its values read
// (case_list's Builder and annex_a's lists share it).
#pragma once
#include <optional>
#include <string>

#include "audit/base/date.h"

namespace audit::detail {

// Examples of a column's values, as "'03/25/2025' (line 9)", of each way of reading (empty: none).
struct DateColumnReadings {
    std::string dayFirstOnly, monthFirstOnly, both;
};

struct DateOrderChoice {
    DateOrder order = DateOrder::DayFirst;
    std::string error;    // non-empty: the column contradicts itself
    std::string warning;  // non-empty: read month first, or ambiguous
};

// `given` (an option or the map) wins. Otherwise: values reading only day first and only month first in one
// column are an error; a value reading only month first makes the column month first (warned); a column whose
// every d/m value reads both ways is read day first and warned as ambiguous.
inline DateOrderChoice chooseDateOrder(const std::optional<DateOrder>& given, const std::string& column,
                                       const DateColumnReadings& r) {
    DateOrderChoice c;
    if (given) {
        c.order = *given;
    } else if (!r.dayFirstOnly.empty() && !r.monthFirstOnly.empty()) {
        c.error = "column '" + column + "' contradicts itself: " + r.dayFirstOnly +
                  " reads only day first (dd/mm/yyyy) and " + r.monthFirstOnly +
                  " only month first (mm/dd/yyyy); correct the column, or say which with --date-order dmy|mdy";
    } else if (!r.monthFirstOnly.empty()) {
        c.order = DateOrder::MonthFirst;
        c.warning = "dates in column '" + column + "' read month first (mm/dd/yyyy, a US-locale save): " +
                    r.monthFirstOnly + " cannot be day first; give --date-order dmy to refuse such dates instead";
    } else if (!r.both.empty() && r.dayFirstOnly.empty()) {
        c.warning = "dates in column '" + column + "' are ambiguous: every d/m date reads both ways (e.g. " + r.both +
                    "); read day first (dd/mm/yyyy, the UK order); give --date-order mdy if the file was saved in US "
                    "order, or --date-order dmy to confirm";
    }
    return c;
}

}  // namespace audit::detail
