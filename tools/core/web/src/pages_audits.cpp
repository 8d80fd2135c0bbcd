// My audits, the audit form (save and submit without JavaScript), the access log and accounts pages.
#include "audit/base/text.h"
#include "audit_lookup.h"
#include "moderation_view.h"

namespace audit::web {

namespace {

std::string statusTag(const AuditItem& it) {
    std::string cls = it.status == AuditStatus::Submitted ? "tag done" : it.overdue ? "tag overdue" : it.status == AuditStatus::InProgress ? "tag progress" : "tag";
    std::string label = it.status == AuditStatus::Submitted ? "Submitted" : it.overdue ? "Overdue" : it.status == AuditStatus::InProgress ? "In progress" : "Allocated";
    return "<strong class=\"" + cls + "\">" + label + "</strong>";
}

std::string auditTable(const std::vector<AuditItem>& items, const std::string& caption, bool showAuditor) {
    std::string h = "<table class=\"data\"><caption>" + escape(caption) + "</caption><thead><tr><th scope=\"col\">Case</th>"
                    "<th scope=\"col\">Child</th><th scope=\"col\">Team</th><th scope=\"col\">Category</th>" +
                    std::string(showAuditor ? "<th scope=\"col\">Auditor</th>" : "") +
                    "<th scope=\"col\">Period</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th></tr></thead><tbody>";
    for (const auto& it : items) {
        h += "<tr><td><a href=\"/audits/" + escape(it.formId) + "\">" + escape(it.caseRef) + "</a></td><td>" + escape(it.childRef) +
             "</td><td>" + escape(it.team) + "</td><td>" + escape(it.category) + "</td>" +
             (showAuditor ? "<td>" + escape(it.auditor) + "</td>" : "") + "<td>" + escape(it.period) + "</td><td>" +
             escape(it.due) + "</td><td>" + statusTag(it) +
             (it.status == AuditStatus::Submitted && !it.overallGrade.empty() ? " " + escape(it.overallGrade) : "") + "</td></tr>";
    }
    return h + "</tbody></table>";
}

}  // namespace

Response getAudits(Context& c) {
    const auto items = c.visibleAudits();
    const bool mine = !c.account->has(Role::QaLead);
    std::vector<AuditItem> todo, done;
    std::size_t overdue = 0, progress = 0;
    for (const auto& it : items) {
        (it.status == AuditStatus::Submitted ? done : todo).push_back(it);
        overdue += it.overdue;
        progress += it.status == AuditStatus::InProgress;
    }
    Frame f = c.frame(mine ? "My audits" : "Audits", "/audits");
    std::string b = remindersPanel(c) + "<ul class=\"counts\"><li><span class=\"n\">" + std::to_string(todo.size()) + "</span> to do</li><li><span class=\"n\">" +
                    std::to_string(progress) + "</span> in progress</li><li><span class=\"n\">" + std::to_string(overdue) +
                    "</span> overdue</li><li><span class=\"n\">" + std::to_string(done.size()) + "</span> submitted</li></ul>";
    if (items.empty()) b += "<p>No audits are allocated to you yet. They appear here after the month's draw.</p>";
    if (!todo.empty()) b += auditTable(todo, "To do", !mine);
    if (!done.empty()) b += auditTable(done, "Submitted", !mine);
    f.body = b;
    c.log("list audits", "", 200);
    return htmlPage(c, f);
}

Response getAudit(Context& c) {
    auto item = findAudit(c);
    if (!item) return errorPage(c, 404, "Page not found", "There is no audit at this address that you can open.");
    c.log("view audit", item->formId, 200);
    Frame f = c.frame("Audit of case " + item->caseRef, "/audits");
    if (c.req.query.count("saved")) f.notice = "Your draft is saved.";
    if (c.req.query.count("unchanged"))
        f.notice = "Nothing had changed since the version sent back: change what the comments ask, then submit again.";
    const std::string round = moderationNotice(c, *item);
    if (item->status == AuditStatus::Submitted && !(c.mayWrite(*item) && whyReadOnly(c, *item).empty())) {
        f.body = round + submittedHtml(c, *item) + historyHtml(c, item->formId);
        return htmlPage(c, f);
    }
    const Framework& fw = c.app.catalogue().frameworkOf(*item->tpl);
    const Draft d = currentDraft(c, *item);
    const ScoreResult sr = score(*item->tpl, fw, d.input);
    f.body = round + renderAuditForm({*item, fw, d, sr, c.session->csrf, !c.mayWrite(*item), {}}) + historyHtml(c, item->formId);
    return htmlPage(c, f);
}

Response postAudit(Context& c) {
    auto item = findAudit(c);
    if (!item || !c.mayWrite(*item)) {
        if (item) c.log("save audit: not theirs", item->formId, 404);
        return errorPage(c, 404, "Page not found", "There is no audit at this address that you can change.");
    }
    if (const std::string why = whyReadOnly(c, *item); !why.empty()) {
        c.log("save audit refused", item->formId, 409);
        return errorPage(c, 409, item->status == AuditStatus::Submitted ? "Cannot be changed now" : "Already submitted", why);
    }
    const auto fields = c.req.form();
    AuditDesk desk = c.desk();
    Draft d = desk.saveDraft(*item, c.account->id, draftFromFields(fields, *item->tpl));
    auto action = fields.find("do");
    if (action == fields.end() || action->second != "submit") {
        c.log("save draft", item->formId, 303);
        return redirect("/audits/" + item->formId + "?saved=1");
    }
    const FileReport fr = desk.submit(*item, d);
    if (fr.outcome == ImportOutcome::Rejected) {
        c.log("submit refused", item->formId, 422);
        const Framework& fw = c.app.catalogue().frameworkOf(*item->tpl);
        const ScoreResult sr = score(*item->tpl, fw, d.input);
        Frame f = c.frame("Audit of case " + item->caseRef, "/audits");
        f.body = renderAuditForm({*item, fw, d, sr, c.session->csrf, false, fieldErrors(*item->tpl, fr.problems)});
        return htmlPage(c, f, 422);
    }
    c.log("submit audit", item->formId, 303);
    if (!fr.returns.empty() && fr.returns.front().outcome == ImportOutcome::Unchanged)
        return redirect("/audits/" + item->formId + "?unchanged=1");
    return redirect("/audits/" + item->formId);
}

Response getAccessLog(Context& c) {
    AccessQuery q;
    if (auto it = c.req.query.find("object"); it != c.req.query.end()) q.object = it->second;
    if (auto it = c.req.query.find("account"); it != c.req.query.end()) q.account = it->second;
    const auto entries = readAccess(c.store, q);
    c.log("view access log", q.object, 200);
    Frame f = c.frame("Access log", "/admin/access-log");
    std::string b = "<p>Who viewed and changed what, newest first (the latest " + std::to_string(q.limit) +
                    "). Filter by audit form id or account.</p><form method=\"get\" action=\"/admin/access-log\" class=\"filters\">"
                    "<div class=\"field\"><label for=\"object\">Form id or object</label><input id=\"object\" name=\"object\" value=\"" +
                    escape(q.object) + "\"></div><div class=\"field\"><label for=\"account\">Account</label><input id=\"account\" "
                    "name=\"account\" value=\"" + escape(q.account) + "\"></div><button class=\"button secondary\" type=\"submit\">Filter</button></form>"
                    "<table class=\"data\"><caption class=\"visually-hidden\">Access log</caption><thead><tr><th scope=\"col\">When (UTC)</th>"
                    "<th scope=\"col\">Who</th><th scope=\"col\">From</th><th scope=\"col\">What</th><th scope=\"col\">Object</th>"
                    "<th scope=\"col\">Result</th></tr></thead><tbody>";
    for (const auto& e : entries)
        b += "<tr><td>" + escape(e.at) + "</td><td>" + escape(e.account) + "</td><td>" + escape(e.remote) + "</td><td>" +
             escape(e.method + " " + e.action) + "</td><td>" + escape(e.object) + "</td><td>" + std::to_string(e.status) + "</td></tr>";
    f.body = b + "</tbody></table>";
    return htmlPage(c, f);
}

Response getAccounts(Context& c) {
    c.log("view accounts", "", 200);
    Frame f = c.frame("Accounts", "/admin/accounts");
    std::string b = "<p>Accounts are added, disabled and reset with <code>audit-serve user</code> on the server.</p>"
                    "<table class=\"data\"><caption class=\"visually-hidden\">Accounts</caption><thead><tr><th scope=\"col\">Account</th>"
                    "<th scope=\"col\">Name</th><th scope=\"col\">Roles</th><th scope=\"col\">Team</th><th scope=\"col\">Auditor name</th>"
                    "<th scope=\"col\">Status</th></tr></thead><tbody>";
    for (const auto& a : Accounts(c.store).list())
        b += "<tr><td>" + escape(a.name) + "</td><td>" + escape(a.display) + "</td><td>" + escape(joinRoles(a.roles)) + "</td><td>" +
             escape(a.team) + "</td><td>" + escape(a.auditor) + "</td><td>" + (a.disabled ? "disabled" : "active") + "</td></tr>";
    f.body = b + "</tbody></table>";
    return htmlPage(c, f);
}

}  // namespace audit::web
