// The moderator's list and the moderation round in the browser (issue 15, item 1): take (lock), the blind grades,
// comments, agree or send back. Every change is a moderation::moderation_round call, whose grades go through
// importGrades exactly as `audit-reconcile import` (one code path); a refusal (Error Data) is shown on the page.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "moderation_view.h"

namespace audit::web {

namespace mod = audit::moderation;

std::optional<mod::Allocated> findModeration(Context& c) {
    const std::string formId = c.params["form_id"];
    for (const auto& a : mod::allocatedTo(c.store, c.account->auditor))
        if (a.formId == formId) return a;  // newest draw first
    // Another moderator's, or none at all: the same answer, so that form ids cannot be probed.
    c.log(c.route->name + ": not found", formId, 404);
    return std::nullopt;
}

namespace {

Response notFound(Context& c) {
    return c.wantsJson() ? jsonError(404, "no moderation with this form id that you can open")
                         : errorPage(c, 404, "Page not found", "There is no moderation at this address that you can open.");
}

const Template* templateOf(Context& c, const mod::ModerationForm& f) {
    return c.app.catalogue().findTemplate(f.templateId, std::atoi(f.templateVersion.c_str()));
}

// The form of the audit's latest version: blind until the moderator's own grades are in.
mod::ModerationForm formOf(Context& c, const mod::Allocated& a, std::optional<bool> blind = std::nullopt) {
    if (!blind) blind = mod::ownGrades(c.store, a.formId, c.account->auditor).empty();
    const auto latest = c.store.scalar<std::int64_t>("SELECT id FROM audit_latest WHERE form_id = ?", a.formId);
    return mod::loadForm(c.store, c.app.catalogue(), a.drawId, latest.value_or(a.auditId), *blind);
}

Response page(Context& c, const mod::Allocated& a, std::vector<Problem> problems = {}, int status = 200) {
    const mod::ModerationForm f = formOf(c, a);
    const mod::RoundStatus st = mod::roundStatus(c.store, a.formId);
    const auto comments = mod::comments(c.store, a.formId);
    Frame fr = c.frame("Moderation of case " + a.caseRef, "/moderation");
    if (c.req.query.count("done")) fr.notice = c.req.query.at("done");
    fr.body = renderModeration({a, f, st, comments, c.app.catalogue().framework(f.frameworkId), templateOf(c, f),
                                c.account->auditor, c.session->csrf, std::move(problems)}) +
              historyHtml(c, a.formId);
    return htmlPage(c, fr, status);
}

std::string field(const std::map<std::string, std::string>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? std::string() : it->second;
}

// Runs a change of the round; a refusal (Data) is shown on the page with status 422, else back to the page.
template <class F>
Response change(Context& c, const char* action, const std::string& done, F&& f) {
    auto a = findModeration(c);
    if (!a) return notFound(c);
    try {
        c.store.transaction([&] {
            f(*a);
            c.log(action, a->formId, 303);
        });
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Data) throw;
        c.log(std::string(action) + " refused", a->formId, 422);
        std::vector<Problem> ps = e.problems();
        if (ps.empty()) ps.push_back({"", "", e.what()});
        return page(c, *a, std::move(ps), 422);
    }
    return redirect("/moderation/" + a->formId + "?done=" + urlEncode(done));
}

}  // namespace

Response getModerations(Context& c) {
    const auto items = mod::allocatedTo(c.store, c.account->auditor);
    c.log("list moderations", "", 200);
    Frame f = c.frame("My moderations", "/moderation");
    std::string b;
    if (items.empty()) b = "<p>No audits are allocated to you for moderation. They appear here after a moderation draw.</p>";
    else {
        b = "<table class=\"data\"><caption>Allocated to you for moderation</caption><thead><tr><th scope=\"col\">Case</th>"
            "<th scope=\"col\">Auditor</th><th scope=\"col\">Period</th><th scope=\"col\">Draw</th><th scope=\"col\">Where it stands</th></tr></thead><tbody>";
        for (const auto& a : items)
            b += "<tr><td><a href=\"/moderation/" + escape(a.formId) + "\">" + escape(a.caseRef) + "</a></td><td>" + escape(a.auditor) +
                 "</td><td>" + escape(a.period) + "</td><td>" + std::to_string(a.drawId) + "</td><td>" +
                 escape(roundText(mod::roundStatus(c.store, a.formId), c.account->auditor)) + "</td></tr>";
        b += "</tbody></table>";
    }
    f.body = remindersPanel(c) + b;
    return htmlPage(c, f);
}

Response getModeration(Context& c) {
    auto a = findModeration(c);
    if (!a) return notFound(c);
    c.log("view moderation", a->formId, 200);
    return page(c, *a);
}

Response postTake(Context& c) {
    return change(c, "take for moderation", "The audit is yours to moderate; its auditor cannot change it meanwhile.",
                  [&](const mod::Allocated& a) { mod::takeLock(c.store, a.formId, c.account->auditor); });
}

Response postGrades(Context& c) {
    const auto fields = c.req.form();
    return change(c, "moderator's grades", "Your grades are in: the auditor's record is shown beside them.", [&](const mod::Allocated& a) {
        // Every domain of the form, blank ones too, so that importGrades names a missing grade.
        std::map<std::string, std::string> grades;
        for (const auto& d : formOf(c, a, true).domains)
            grades[d.domain] = field(fields, "grade." + d.domain);
        mod::submitBlind(c.store, c.app.catalogue(), a.formId, c.account->auditor, grades, c.desk().today().iso());
    });
}

Response postComment(Context& c) {
    const auto fields = c.req.form();
    return change(c, "comment", "Comment added.", [&](const mod::Allocated& a) {
        mod::addComment(c.store, c.app.catalogue(), a.formId, c.account->auditor, field(fields, "target"), field(fields, "comment"));
    });
}

Response postAgree(Context& c) {
    const auto fields = c.req.form();
    return change(c, "agree", "Agreed: the final grades are recorded.", [&](const mod::Allocated& a) {
        const auto own = mod::ownGrades(c.store, a.formId, c.account->auditor);
        if (own.empty()) throw Error(ErrorKind::Data, "audit " + a.formId, "", "give your own grades (blind) before agreeing");
        std::vector<mod::BrowserGrade> grades;
        for (const auto& [domain, grade] : own)
            grades.push_back({domain, grade, field(fields, "agreed." + domain), field(fields, "code." + domain),
                              field(fields, "reason." + domain)});
        mod::agree(c.store, c.app.catalogue(), a.formId, c.account->auditor, grades, c.desk().today().iso());
    });
}

Response postSendBack(Context& c) {
    const auto fields = c.req.form();
    return change(c, "send back", "Sent back to the auditor with your comments.", [&](const mod::Allocated& a) {
        mod::sendBack(c.store, a.formId, c.account->auditor, field(fields, "note"));
    });
}

Response apiModeration(Context& c) {
    auto a = findModeration(c);
    if (!a) return notFound(c);
    c.log("view moderation", a->formId, 200);
    const mod::ModerationForm f = formOf(c, *a);
    const mod::RoundStatus st = mod::roundStatus(c.store, a->formId);
    using Obj = Poco::JSON::Object;
    Obj o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("form_id", a->formId);
    o.set("case_ref", a->caseRef);
    o.set("auditor", a->auditor);
    o.set("period", a->period);
    o.set("state", std::string(mod::toString(st.state)));
    o.set("holder", st.lock ? st.lock->holder : std::string());
    o.set("blind", f.blind);
    Poco::JSON::Array::Ptr ds = new Poco::JSON::Array;
    for (const auto& d : f.domains) {
        Obj::Ptr x = new Obj(Poco::JSON_PRESERVE_KEY_ORDER);
        x->set("domain", d.domain);
        x->set("title", d.title);
        if (!f.blind) {
            x->set("auditor_grade", d.auditorGrade);
            x->set("computed_grade", d.computedGrade);
            x->set("rationale", d.rationale);
            x->set("moderator_grade", d.moderatorGrade);
            x->set("agreed_grade", d.agreedGrade);
        }
        Poco::JSON::Array::Ptr qs = new Poco::JSON::Array;
        for (const auto& q : d.questions) {
            Obj::Ptr y = new Obj(Poco::JSON_PRESERVE_KEY_ORDER);
            y->set("id", q.id);
            y->set("evidence", q.evidence);
            if (!f.blind) y->set("answer", q.answer);
            qs->add(y);
        }
        x->set("questions", qs);
        ds->add(x);
    }
    o.set("domains", ds);
    if (!f.blind) o.set("strengths", f.strengths);
    std::ostringstream os;
    o.stringify(os);
    return jsonResponse(200, os.str());
}

}  // namespace audit::web
