#include "audit/base/due_date.h"

namespace audit {

Date auditDueDate(const Period& period) {
    return addWorkingDays(*parseDate(period.lastDay()), kAuditDueWorkingDays);
}

}  // namespace audit
