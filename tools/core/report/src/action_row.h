// One action as the report module reads it (private to the report module): the columns, and a row read into an
// ActionRow, for the report data (a streaming cursor) and the owners' lists (action_updates.cpp) alike.
#pragma once
#include "audit/report/report_data.h"

namespace audit::report {

// Select these, then FROM action ac JOIN audit a ON a.id = ac.audit_id.
inline constexpr const char* kActionColumns =
    "SELECT ac.id, ac.audit_id, ac.action_no, ac.description, ac.owner, ac.due_date, ac.status, ac.closed_date, "
    "a.case_ref, a.team, a.period, COALESCE(a.completed_date, '') ";

// intern: makes the Symbols (ActionRow's repeating fields) from the texts; the report data's loader passes its
// cache, which spares the symbol pool's lock.
template <class Row, class Intern = Symbol (*)(std::string_view)>
void readActionRow(const Row& row, ActionRow& r, Intern&& intern = [](std::string_view s) { return Symbol(s); }) {
    r.id = row.integer(0);
    r.auditId = row.integer(1);
    r.actionNo = static_cast<int>(row.integer(2));
    r.description = row.text(3);
    r.owner = intern(row.text(4));
    r.dueDate = intern(row.text(5));
    r.status = intern(row.text(6));
    r.closedDate = intern(row.text(7));
    r.caseRef = row.text(8);
    r.team = intern(row.text(9));
    r.auditPeriod = intern(row.text(10));
    r.raisedDate = intern(row.text(11));
}

}  // namespace audit::report
