// Actions in the browser (issue 15, item 4): an owner (the action's `owner`, matched to the account's display name)
// sees their open actions with due dates, overdue ones flagged, and marks progress or completion with a note through
// report::updateAction: the same rules and rows as returning the actions tracker (`audit-report actions import`),
// one store, either path. The QA lead sees everyone's open actions (and changes only their own). Another owner's
// action answers 404, as one that does not exist.
#include "app_context.h"
#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/report/action_updates.h"
#include "audit/report/report_workbook.h"

namespace audit::web {

namespace {

std::string field(const std::map<std::string, std::string>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? std::string() : it->second;
}

std::string statusSelect(const std::string& id, const std::string& current) {
    std::string h = "<select id=\"" + id + "\" name=\"status\">";
    for (const auto& s : report::actionStatuses())
        h += "<option value=\"" + escape(s) + "\"" + (s == current ? " selected" : "") + ">" + escape(s) + "</option>";
    return h + "</select>";
}

// The due date, with an "overdue" or "due in N days" tag against today.
std::string dueCell(const std::string& due, const Date& today) {
    const auto d = parseDate(due);
    if (!d) return escape(due);
    const long late = today.days() - d->days();
    std::string h = escape(d->uk());
    if (late > 0) h += " <strong class=\"tag overdue\">overdue " + std::to_string(late) + (late == 1 ? " day" : " days") + "</strong>";
    else if (late >= -7) h += " <span class=\"tag progress\">" + (late == 0 ? std::string("due today") : "due in " + std::to_string(-late) + (late == -1 ? " day" : " days")) + "</span>";
    return h;
}

Response page(Context& c, std::vector<Problem> problems = {}, int status = 200) {
    const bool all = c.account->has(Role::QaLead);
    const std::string me = c.account->display;
    const auto items = report::openActions(c.store, all ? "" : me);
    const Date today = c.desk().today();
    Frame f = c.frame(all ? "Open actions" : "My actions", "/actions");
    if (c.req.query.count("done")) f.notice = c.req.query.at("done");
    std::string b;
    if (!problems.empty()) {
        b += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\"><h2>That was not done</h2><ul>";
        for (const auto& p : problems) b += "<li>" + escape(p.place.empty() ? p.message : p.place + ": " + p.message) + "</li>";
        b += "</ul></div>";
    }
    std::size_t overdue = 0;
    for (const auto& a : items)
        if (const auto d = parseDate(a.dueDate); d && d->days() < today.days()) ++overdue;
    if (items.empty()) b += "<p>" + std::string(all ? "No actions are open." : "You have no open actions.") + "</p>";
    else {
        b += "<p>" + std::to_string(items.size()) + " open, " + std::to_string(overdue) + " overdue.</p>";
        b += "<table class=\"data\"><caption>" + std::string(all ? "Every open action" : "Actions you own") +
             "</caption><thead><tr><th scope=\"col\">Case</th><th scope=\"col\">Action</th>" +
             (all ? "<th scope=\"col\">Owner</th>" : "") +
             "<th scope=\"col\">Due</th><th scope=\"col\">Status</th><th scope=\"col\">Update</th></tr></thead><tbody>";
        for (const auto& a : items) {
            const std::string id = std::to_string(a.id);
            b += "<tr id=\"action-" + id + "\"><td>" + escape(a.caseRef) + " (" + escape(a.auditPeriod) + ")</td><td>" +
                 std::to_string(a.actionNo) + ". " + escape(a.description) + "</td>" +
                 (all ? "<td>" + escape(a.owner) + "</td>" : "") + "<td>" + dueCell(a.dueDate, today) + "</td><td>" +
                 escape(a.status) + "</td><td>";
            if (a.owner == me)
                b += "<form method=\"post\" action=\"/actions/" + id + "\"><input type=\"hidden\" name=\"csrf\" value=\"" +
                     escape(c.session->csrf) + "\"><div class=\"field\"><label for=\"status-" + id + "\">Status</label>" +
                     statusSelect("status-" + id, a.status) + "</div><div class=\"field\"><label for=\"closed-" + id +
                     "\">Date completed (when done)</label><input type=\"date\" id=\"closed-" + id +
                     "\" name=\"closed\"></div><div class=\"field\"><label for=\"note-" + id +
                     "\">Note</label><textarea id=\"note-" + id + "\" name=\"note\" rows=\"2\" maxlength=\"4000\"></textarea>"
                     "</div><button type=\"submit\">Save</button></form>";
            else b += "Its owner updates it.";
            b += "</td></tr>";
        }
        b += "</tbody></table>";
    }
    f.body = b;
    return htmlPage(c, f, status);
}

}  // namespace

Response getActions(Context& c) {
    c.log("list actions", "", 200);
    return page(c);
}

Response postAction(Context& c) {
    const std::string idText = c.params["action_id"];
    std::int64_t id = 0;
    try {
        std::size_t used = 0;
        id = std::stoll(idText, &used);
        if (used != idText.size() || id <= 0) id = 0;
    } catch (const std::exception&) {
        id = 0;
    }
    const auto fields = c.req.form();
    report::ActionChange change{id, field(fields, "status"), field(fields, "closed"), field(fields, "note")};
    const std::string me = c.account->display;
    bool changed = false;
    try {
        if (id == 0) throw Error(ErrorKind::Data, "action " + idText, "", "no such action of " + me);
        changed = report::updateAction(c.store, change, c.desk().today().iso(), me, me);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Data) throw;
        std::vector<Problem> ps = e.problems();
        if (ps.empty()) ps.push_back({"", "", e.what()});
        const bool missing = ps.size() == 1 && ps[0].message.rfind("no such action", 0) == 0;
        c.log(missing ? "update action: not found" : "update action refused", idText, missing ? 404 : 422);
        if (missing) return errorPage(c, 404, "Page not found", "There is no action of yours at this address.");
        return page(c, std::move(ps), 422);
    }
    c.log("update action", idText, 303);
    return redirect("/actions?done=" + urlEncode(changed ? "Action " + idText + " updated." : "Nothing changed in action " + idText + "."));
}

}  // namespace audit::web
