// When a month's audits are due: the end of the audit period plus ten working days (Monday to Friday less the bank
// holidays of England and Wales: working_days.h). One function for every front end, until draws carry their own
// due date.
//
//   auditDueDate(*parsePeriod("2026-07"))  // 2026-08-14: 31 July is a Friday, ten working days on
#pragma once
#include "audit/base/date.h"
#include "audit/base/period.h"
#include "audit/base/working_days.h"

namespace audit {

inline constexpr int kAuditDueWorkingDays = 10;

// The last day of the period plus kAuditDueWorkingDays working days.
Date auditDueDate(const Period& period);

}  // namespace audit
