// The JSON API under /api/ (tools/audit-serve/README.md shows a session): the page's script uses it for
// autosave and live grades; scripts and tests may use it too. Errors are {"error": "..."} or, for a refused
// submission, {"error": "...", "errors": [{"field", "id", "message"}]} naming the question or domain.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <sstream>

#include "audit_lookup.h"

namespace audit::web {

namespace {

using Obj = Poco::JSON::Object;
using Arr = Poco::JSON::Array;

std::string str(const Obj& o) {
    std::ostringstream os;
    o.stringify(os);
    return os.str();
}

Obj::Ptr itemJson(const AuditItem& it) {
    Obj::Ptr o = new Obj(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("form_id", it.formId);
    o->set("case_ref", it.caseRef);
    o->set("child_ref", it.childRef);
    o->set("team", it.team);
    o->set("worker", it.worker);
    o->set("category", it.category);
    o->set("auditor", it.auditor);
    o->set("period", it.period);
    o->set("draw_id", it.drawId);
    o->set("template", it.tpl ? it.tpl->id + " v" + std::to_string(it.tpl->version) : "");
    o->set("due", it.due);
    o->set("overdue", it.overdue);
    o->set("status", std::string(toString(it.status)));
    if (!it.draftSavedAt.empty()) o->set("draft_saved_at", it.draftSavedAt);
    if (it.status == AuditStatus::Submitted) {
        o->set("version", it.version);
        o->set("overall_grade", it.overallGrade);
    }
    return o;
}

// The live result: computed grades, what is required, and the gaps.
void addScore(Obj& o, const Template& tpl, const Framework& fw, const ScoreResult& sr) {
    Arr::Ptr domains = new Arr;
    for (const auto& d : sr.domains) {
        Obj::Ptr x = new Obj(Poco::JSON_PRESERVE_KEY_ORDER);
        x->set("domain", d.domain);
        x->set("computed", d.computed ? fw.grade(*d.computed)->label : std::string());
        x->set("computed_text", computedText(fw, d));
        if (d.score) x->set("score", std::round(*d.score * 10) / 10);
        x->set("rationale_required", d.rationaleRequired);
        x->set("departs", d.departs);
        domains->add(x);
    }
    Obj::Ptr overall = new Obj(Poco::JSON_PRESERVE_KEY_ORDER);
    overall->set("computed", sr.overall.computed ? fw.grade(*sr.overall.computed)->label : std::string());
    overall->set("computed_text", overallText(fw, sr.overall));
    overall->set("rationale_required", sr.overall.rationaleRequired);
    Obj::Ptr score = new Obj(Poco::JSON_PRESERVE_KEY_ORDER);
    score->set("domains", domains);
    score->set("overall", overall);
    o.set("score", score);
    Arr::Ptr gs = new Arr;
    for (const auto& g : gaps(tpl, sr)) {
        Obj::Ptr x = new Obj(Poco::JSON_PRESERVE_KEY_ORDER);
        x->set("field", g.field);
        x->set("id", g.id);
        x->set("label", g.label);
        x->set("message", g.message);
        gs->add(x);
    }
    o.set("gaps", gs);
}

Response notFound() { return jsonError(404, "no audit with this form id that you can open"); }

}  // namespace

Response apiAudits(Context& c) {
    Arr::Ptr list = new Arr;
    for (const auto& it : c.visibleAudits()) list->add(itemJson(it));
    Obj o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("audits", list);
    c.log("list audits", "", 200);
    return jsonResponse(200, str(o));
}

Response apiAudit(Context& c) {
    auto item = findAudit(c);
    if (!item) return notFound();
    c.log("view audit", item->formId, 200);
    const Framework& fw = c.app.catalogue().frameworkOf(*item->tpl);
    const Draft d = currentDraft(c, *item);
    Obj o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("audit", itemJson(*item));
    o.set("writable", c.mayWrite(*item) && whyReadOnly(c, *item).empty());
    Poco::Dynamic::Var draft = Poco::JSON::Parser().parse(draftToJson(d));
    o.set("draft", draft);
    o.set("revision", d.revision);
    addScore(o, *item->tpl, fw, score(*item->tpl, fw, d.input));
    return jsonResponse(200, str(o));
}

Response apiDraft(Context& c) {
    auto item = findAudit(c);
    if (!item || !c.mayWrite(*item)) {
        if (item) c.log("save draft: not theirs", item->formId, 404);
        return notFound();
    }
    if (const std::string why = whyReadOnly(c, *item); !why.empty()) return jsonError(409, why);
    if (!c.req.isJson()) return jsonError(415, "send the draft as application/json");
    const Draft incoming = draftFromJson(c.req.body);
    // The draft and its access-log row in one transaction: one commit per save.
    const Draft saved = c.store.transaction([&] {
        Draft d = c.desk().saveDraft(*item, c.account->id, incoming);
        c.log("save draft", item->formId, 200);
        return d;
    });
    const Framework& fw = c.app.catalogue().frameworkOf(*item->tpl);
    Obj o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("revision", saved.revision);
    o.set("saved_at", saved.savedAt);
    addScore(o, *item->tpl, fw, score(*item->tpl, fw, saved.input));
    return jsonResponse(200, str(o));
}

Response apiSubmit(Context& c) {
    auto item = findAudit(c);
    if (!item || !c.mayWrite(*item)) {
        if (item) c.log("submit: not theirs", item->formId, 404);
        return notFound();
    }
    if (const std::string why = whyReadOnly(c, *item); !why.empty()) return jsonError(409, why);
    AuditDesk desk = c.desk();
    // A body, when given, is the final draft (saved first); otherwise the saved draft is submitted.
    Draft d = !c.req.body.empty() ? desk.saveDraft(*item, c.account->id, draftFromJson(c.req.body)) : currentDraft(c, *item);
    const FileReport fr = desk.submit(*item, d);
    Obj o(Poco::JSON_PRESERVE_KEY_ORDER);
    if (fr.outcome == ImportOutcome::Rejected) {
        c.log("submit refused", item->formId, 422);
        o.set("error", "the audit was not submitted: " + std::to_string(fr.problems.size()) + " problem(s)");
        Arr::Ptr errs = new Arr;
        for (const auto& p : fr.problems) {
            Obj::Ptr x = new Obj(Poco::JSON_PRESERVE_KEY_ORDER);
            const std::size_t colon = p.place.find(':');
            x->set("field", colon == std::string::npos ? p.place : p.place.substr(0, colon));
            x->set("id", colon == std::string::npos ? std::string() : p.place.substr(colon + 1));
            x->set("message", p.message);
            errs->add(x);
        }
        o.set("errors", errs);
        return jsonResponse(422, str(o));
    }
    c.log("submit audit", item->formId, 200);
    const StoredReturn& s = fr.returns.front();
    o.set("outcome", std::string(toString(s.outcome)));
    o.set("form_id", s.formId);
    o.set("version", s.version);
    o.set("disagreements", static_cast<int>(s.disagreements));
    return jsonResponse(200, str(o));
}

}  // namespace audit::web
