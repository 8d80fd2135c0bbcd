// When a month's audits are due: the end of the audit period plus ten working days (Monday to Friday; bank
// holidays are not counted out). One function for every front end, until draws carry their own due date.
//
//   auditDueDate(*parsePeriod("2026-07"))  // 2026-08-14: 31 July is a Friday, ten working days on
#pragma once
#include "audit/base/date.h"
#include "audit/base/period.h"

namespace audit {

inline constexpr int kAuditDueWorkingDays = 10;

// `n` working days (Monday..Friday) after `d`; n = 0 gives d itself.
Date addWorkingDays(const Date& d, int n);
// The last day of the period plus kAuditDueWorkingDays working days.
Date auditDueDate(const Period& period);

}  // namespace audit
