// The practitioner's pages (issue 15, item 3). The allocated worker of a case (the case list's `worker`, matched
// to the account's display name) sees the final audits of their cases whose template involves them
// (moderation::practitionerAudits: `feedback` or `view-findings`; `none` shows nothing) with findings and
// strengths; with `feedback` they record a response through moderation::recordResponse (the same row the QA lead
// and the partnership workbook read). Another worker's audit answers 404, exactly as one that does not exist.
#include "app_context.h"
#include "form_html.h"
#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/moderation/practitioner.h"

namespace audit::web {

namespace mod = audit::moderation;

namespace {

// The worker name the account answers to in case lists.
std::string workerOf(const Context& c) { return c.account->display; }

std::optional<mod::PractitionerAudit> findOwn(Context& c) {
    const std::string formId = c.params["form_id"];
    auto p = mod::practitionerAudit(c.store, c.app.catalogue(), formId, workerOf(c));
    if (!p) c.log(c.route->name + ": not found", formId, 404);
    return p;
}

Response notFound(Context& c) {
    return errorPage(c, 404, "Page not found", "There is no audit of your cases at this address.");
}

std::string involvementText(Involvement i) {
    return i == Involvement::Feedback ? "Your response is asked for" : "Findings shared with you";
}

Response page(Context& c, const mod::PractitionerAudit& p, const std::string& problem = "", const std::string& draft = "",
              int status = 200) {
    Frame f = c.frame("Audit of case " + p.caseRef, "/practitioner");
    if (c.req.query.count("done")) f.notice = c.req.query.at("done");
    const auto completed = parseDate(p.completedDate);
    std::string b = caseSummaryHtml({{"Case", p.caseRef},
                                     {"Audit", p.templateTitle},
                                     {"Period", p.period},
                                     {"Completed", completed ? completed->uk() : p.completedDate}});
    b += "<table class=\"data\"><caption>Findings</caption><thead><tr><th scope=\"col\">Area</th><th scope=\"col\">Grade</th>"
         "</tr></thead><tbody>";
    for (const auto& g : p.grades) b += "<tr><td>" + escape(g.title) + "</td><td>" + escape(g.grade) + "</td></tr>";
    b += "</tbody></table><h2>Strengths</h2><p>" + (p.strengths.empty() ? std::string("None recorded.") : escape(p.strengths)) + "</p>";
    if (p.response)
        b += "<h2>Your response</h2><p class=\"response\">" + escape(p.response->response) + "</p><p>Recorded " +
             escape(p.response->at) + ".</p>";
    if (p.involvement == Involvement::Feedback) {
        b += "<form method=\"post\" action=\"/practitioner/" + escape(p.formId) + "/response\">"
             "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(c.session->csrf) + "\">";
        if (!problem.empty())
            b += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\"><h2>That was not done</h2><p>" +
                 escape(problem) + "</p></div>";
        b += "<div class=\"field\"><label for=\"response\">" + escape(p.prompt.empty() ? "Your response" : p.prompt) + "</label>"
             "<textarea id=\"response\" name=\"response\" rows=\"6\" maxlength=\"4000\">" + escape(draft) + "</textarea></div>"
             "<button type=\"submit\" class=\"button\">" + std::string(p.response ? "Replace my response" : "Record my response") +
             "</button></form>";
    } else {
        b += "<p>" + escape(p.prompt) + "</p>";
    }
    f.body = b;
    return htmlPage(c, f, status);
}

}  // namespace

std::string practitionerResponseHtml(Context& c, const AuditItem& item) {
    if (!c.account->has(Role::QaLead)) return "";
    const auto p = mod::practitionerAudit(c.store, c.app.catalogue(), item.formId, item.worker);
    if (!p || p->involvement != Involvement::Feedback) return "";
    if (!p->response) return "<h2>Practitioner's response</h2><p>None yet: " + escape(item.worker) + " can respond on their page.</p>";
    return "<h2>Practitioner's response</h2><p class=\"response\">" + escape(p->response->response) + "</p><p>" +
           escape(p->response->practitioner) + ", " + escape(p->response->at) + " (on version " +
           std::to_string(p->response->auditVersion) + ").</p>";
}

Response getPractitionerAudits(Context& c) {
    const auto items = mod::practitionerAudits(c.store, c.app.catalogue(), workerOf(c));
    c.log("list practitioner audits", "", 200);
    Frame f = c.frame("Audits of my cases", "/practitioner");
    std::string b;
    if (items.empty()) b = "<p>No agreed audits of your cases are shared with you yet.</p>";
    else {
        b = "<table class=\"data\"><caption>Agreed audits of your cases</caption><thead><tr><th scope=\"col\">Case</th>"
            "<th scope=\"col\">Audit</th><th scope=\"col\">Period</th><th scope=\"col\">Overall</th><th scope=\"col\">"
            "Your part</th></tr></thead><tbody>";
        for (const auto& p : items) {
            std::string overall;
            for (const auto& g : p.grades)
                if (g.domain == "_overall") overall = g.grade;
            b += "<tr><td><a href=\"/practitioner/" + escape(p.formId) + "\">" + escape(p.caseRef) + "</a></td><td>" +
                 escape(p.templateTitle) + "</td><td>" + escape(p.period) + "</td><td>" + escape(overall) + "</td><td>" +
                 escape(p.involvement == Involvement::Feedback && p.response ? "Response recorded"
                                                                            : involvementText(p.involvement)) +
                 "</td></tr>";
        }
        b += "</tbody></table>";
    }
    f.body = remindersPanel(c) + b;
    return htmlPage(c, f);
}

Response getPractitionerAudit(Context& c) {
    auto p = findOwn(c);
    if (!p) return notFound(c);
    c.log("view practitioner audit", p->formId, 200);
    return page(c, *p);
}

Response postPractitionerResponse(Context& c) {
    auto p = findOwn(c);
    if (!p) return notFound(c);
    const auto fields = c.req.form();
    const auto it = fields.find("response");
    const std::string text = it == fields.end() ? std::string() : it->second;
    try {
        mod::recordResponse(c.store, c.app.catalogue(), p->formId, workerOf(c), text);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Data) throw;
        c.log("practitioner response refused", p->formId, 422);
        return page(c, *p, e.problems().empty() ? e.what() : e.problems()[0].message, text, 422);
    }
    c.log("practitioner response", p->formId, 303);
    return redirect("/practitioner/" + p->formId + "?done=" + urlEncode("Your response is recorded; the QA lead sees it."));
}

}  // namespace audit::web
