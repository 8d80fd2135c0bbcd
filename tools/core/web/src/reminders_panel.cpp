// Reminders on each user's home page (issue 15, item 5): what is due within 7 days or overdue, at the top of the
// page the home address leads to. Audits: the auditor's own not yet submitted (the QA lead: every overdue one).
// Actions: jobs::reminders on the request's store (the same list as `audit-report reminders` and the daily e-mail):
// the account's own as owner (matched to the display name), and every overdue action for the QA lead.
#include <algorithm>

#include "app_context.h"
#include "audit/base/date.h"
#include "audit/jobs/reminders.h"

namespace audit::web {

namespace {

struct Line {
    long late = 0;  // > 0 overdue by so many days
    std::string due, html;
};

std::string when(long late) {
    if (late > 0) return "<strong class=\"tag overdue\">" + std::to_string(late) + (late == 1 ? " day" : " days") + " overdue</strong>";
    if (late == 0) return "<span class=\"tag progress\">due today</span>";
    return "<span class=\"tag progress\">due in " + std::to_string(-late) + (late == -1 ? " day" : " days") + "</span>";
}

}  // namespace

std::string remindersPanel(Context& c, int days) {
    const Account& a = *c.account;
    const bool lead = a.has(Role::QaLead);
    const Date today = c.desk().today();
    std::vector<Line> lines;
    if (a.has(Role::Auditor) || lead)
        for (const auto& it : c.visibleAudits()) {
            const auto due = parseDate(it.due);
            if (it.status == AuditStatus::Submitted || !due) continue;
            const long late = today.days() - due->days();
            const bool mine = !a.auditor.empty() && it.auditor == a.auditor;
            if (!(mine ? late >= -days : lead && late > 0)) continue;
            lines.push_back({late, it.due,
                             "<a href=\"/audits/" + escape(it.formId) + "\">Audit of case " + escape(it.caseRef) + "</a>" +
                                 (mine ? "" : ", auditor " + escape(it.auditor)) + ", due " + escape(due->uk()) + " " + when(late)});
        }
    if (lead || a.has(Role::Auditor) || a.has(Role::Moderator) || a.has(Role::Practitioner)) {
        jobs::RemindersRequest req;
        req.asOf = today.iso();
        req.days = days;
        if (lead) req.qaLeads = {a.display};
        for (const auto& p : jobs::reminders(c.store, req).people) {
            if (p.person != a.display) continue;
            for (const auto& r : p.items) {
                const auto due = parseDate(r.due);
                lines.push_back({r.daysOverdue, r.due,
                                 "<a href=\"/actions\">" + escape(r.reference) + "</a>" +
                                     (r.owner == a.display ? "" : ", owner " + escape(r.owner)) + ", due " +
                                     escape(due ? due->uk() : r.due) + " " + when(r.daysOverdue)});
            }
        }
    }
    if (lines.empty()) return "";
    std::stable_sort(lines.begin(), lines.end(), [](const Line& x, const Line& y) {
        return x.late != y.late ? x.late > y.late : x.due < y.due;
    });
    std::string h = "<section class=\"reminders\" aria-labelledby=\"reminders-title\"><h2 id=\"reminders-title\">Due within " +
                    std::to_string(days) + " days or overdue</h2><ul>";
    for (const auto& l : lines) h += "<li>" + l.html + "</li>";
    return h + "</ul></section>";
}

}  // namespace audit::web
