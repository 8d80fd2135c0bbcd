#include "audit/base/due_date.h"

namespace audit {

namespace {
// 1970-01-01 was a Thursday: day 0 → 3 with Monday = 0.
int weekday(const Date& d) { return static_cast<int>(((d.days() % 7) + 7 + 3) % 7); }
}  // namespace

Date addWorkingDays(const Date& d, int n) {
    Date x = d;
    while (n > 0) {
        x = x.addDays(1);
        if (weekday(x) < 5) --n;
    }
    return x;
}

Date auditDueDate(const Period& period) {
    return addWorkingDays(*parseDate(period.lastDay()), kAuditDueWorkingDays);
}

}  // namespace audit
