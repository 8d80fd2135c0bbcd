#include "audit/jobs/reminders.h"

#include <algorithm>
#include <set>

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/io/csv.h"
#include "audit/report/action_updates.h"
#include "audit/store/store.h"

namespace audit::jobs {

std::size_t PersonReminders::overdue() const {
    return static_cast<std::size_t>(
        std::count_if(items.begin(), items.end(), [](const Reminder& r) { return r.daysOverdue > 0; }));
}

namespace {

// The request's date, after checking it and the day count (before the store is opened).
Date checked(const RemindersRequest& req) {
    const auto today = parseDate(req.asOf);
    if (!today) throw Error(ErrorKind::Usage, "", "", "--as-of '" + req.asOf + "' is not a date (expected YYYY-MM-DD)");
    if (req.days < 0 || req.days > 366)
        throw Error(ErrorKind::Usage, "", "", "--days " + std::to_string(req.days) + " is out of range (0 to 366)");
    return *today;
}

}  // namespace

RemindersResult reminders(const RemindersRequest& req) {
    checked(req);
    Store store(req.store);
    return reminders(store, req);
}

RemindersResult reminders(Store& store, const RemindersRequest& req) {
    const std::optional<Date> today = checked(req);
    std::map<std::string, std::vector<Reminder>> byPerson;
    RemindersResult res;
    for (const auto& a : report::openActions(store)) {
        const auto due = parseDate(a.dueDate);
        if (!due) continue;  // the store only holds ISO dates; a row without one is not due
        const long late = today->days() - due->days();
        if (late < -static_cast<long>(req.days)) continue;
        Reminder r;
        r.kind = "action";
        std::string formId;
        if (auto f = store.scalar<std::string>("SELECT form_id FROM audit WHERE id = ?", a.auditId)) formId = *f;
        r.reference = "action " + std::to_string(a.id) + " (case " + a.caseRef + ", audit " + formId + ", action no. " +
                      std::to_string(a.actionNo) + ")";
        r.due = a.dueDate;
        r.daysOverdue = late;
        r.owner = a.owner;
        ++(late > 0 ? res.overdue : res.dueSoon);
        byPerson[a.owner].push_back(r);
        if (late > 0)
            for (const auto& lead : req.qaLeads)
                if (lead != a.owner) byPerson[lead].push_back(r);
    }
    for (auto& [person, items] : byPerson) {
        std::stable_sort(items.begin(), items.end(), [](const Reminder& x, const Reminder& y) {
            if (x.daysOverdue != y.daysOverdue) return x.daysOverdue > y.daysOverdue;
            return x.reference < y.reference;
        });
        res.people.push_back({person, std::move(items)});
    }
    return res;
}

ReminderMail reminderMail(const PersonReminders& p, const std::string& asOf, int days) {
    const auto date = parseDate(asOf);
    const std::string when = date ? date->uk() : asOf;
    const std::size_t overdue = p.overdue(), soon = p.items.size() - overdue;
    ReminderMail m;
    m.subject = "Case audit reminders: " + std::to_string(overdue) + " overdue, " + std::to_string(soon) +
                " due within " + std::to_string(days) + " days";
    m.body = "Hello " + p.person + ",\n\nAs at " + when + ", these are due or overdue:\n";
    auto section = [&](const char* title, bool late) {
        bool any = false;
        for (const auto& r : p.items) {
            if ((r.daysOverdue > 0) != late) continue;
            if (!any) m.body += std::string("\n") + title + "\n";
            any = true;
            const auto due = parseDate(r.due);
            m.body += "  - " + r.reference + (r.owner != p.person ? ", owner " + r.owner : std::string()) + ", due " +
                      (due ? due->uk() : r.due) + ", " +
                      (late ? std::to_string(r.daysOverdue) + (r.daysOverdue == 1 ? " day" : " days") + " overdue"
                            : r.daysOverdue == 0 ? std::string("due today")
                                                 : "in " + std::to_string(-r.daysOverdue) +
                                                       (r.daysOverdue == -1 ? " day" : " days")) +
                      "\n";
        }
    };
    section("Overdue", true);
    section("Due soon", false);
    m.body += "\nOpen the case audit site to see the details and mark progress. This message names case references "
              "only: the details stay in the site.\n";
    return m;
}

std::map<std::string, std::string> readAddresses(const std::string& path) {
    const csv::Table t = csv::readFile(path);
    const int cName = t.column("name"), cMail = t.column("email");
    std::vector<Problem> problems;
    if (cName < 0 || cMail < 0)
        throw Error(ErrorKind::Data, path, "line 1", "the columns name and email are needed (found: " +
                                                         [&] {
                                                             std::string h;
                                                             for (const auto& c : t.header) h += (h.empty() ? "" : ", ") + c;
                                                             return h;
                                                         }() + ")");
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const std::string name = text::trimmed(t.rows[i][static_cast<std::size_t>(cName)]);
        const std::string mail = text::trimmed(t.rows[i][static_cast<std::size_t>(cMail)]);
        if (name.empty() && mail.empty()) continue;
        const auto at = mail.find('@');
        const bool bad = at == std::string::npos || at == 0 || at + 1 == mail.size() ||
                         mail.find_first_of(" \t\r\n<>,;\"") != std::string::npos || mail.find('@', at + 1) != std::string::npos;
        if (name.empty()) problems.push_back({path, t.place(i), "the name is blank"});
        else if (name.find_first_of("\r\n") != std::string::npos)
            problems.push_back({path, t.place(i), "the name holds a line break"});
        if (bad) problems.push_back({path, t.place(i), "'" + mail + "' is not an e-mail address (expected name@domain)"});
        if (!name.empty() && !bad && !out.emplace(name, mail).second)
            problems.push_back({path, t.place(i), "'" + name + "' is listed twice"});
    }
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    return out;
}

}  // namespace audit::jobs
