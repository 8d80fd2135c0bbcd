// The auditor's side of moderation: a submitted audit is read-only unless a moderator sent it back; while a
// moderator holds it, the page says who and since when; a sent-back audit opens as the stored version with the
// moderator's comments, and its submission is the audit's next version (the same jobs::submitAudit path).
#include <Poco/JSON/Parser.h>

#include <set>

#include "audit/moderation/moderation_round.h"
#include "audit_lookup.h"
#include "moderation_view.h"

namespace audit::web {

namespace mod = audit::moderation;

std::string whyReadOnly(Context& c, const AuditItem& item) {
    if (item.status != AuditStatus::Submitted) return "";
    const mod::RoundStatus st = mod::roundStatus(c.store, item.formId);
    if (st.state == mod::RoundState::SentBack) return "";
    if (st.state == mod::RoundState::Locked)
        return "This audit is being moderated by " + st.lock->holder + " since " + st.lock->takenAt +
               ": it cannot be changed until the moderator agrees it or sends it back.";
    return "This audit has been submitted; it cannot be changed here.";
}

std::string moderationNotice(Context& c, const AuditItem& item) {
    if (item.status != AuditStatus::Submitted) return "";
    const mod::RoundStatus st = mod::roundStatus(c.store, item.formId);
    if (st.state == mod::RoundState::NotModerated) return "";
    std::string h = "<div class=\"notice\" role=\"status\" id=\"round-state\">" + escape(roundText(st, "")) + ".";
    if (st.state == mod::RoundState::SentBack) {
        h += " Change what the comments ask and submit again: your submission is a new version of the audit.";
        if (!st.note.empty()) h += "<p class=\"note\">" + escape(st.note) + "</p>";
    }
    h += "</div>";
    if (st.state == mod::RoundState::Agreed) {
        h += "<table class=\"data\" id=\"agreed-grades\"><caption>The agreed grades</caption><thead><tr><th scope=\"col\">Domain</th>"
             "<th scope=\"col\">Moderator's grade</th><th scope=\"col\">Agreed grade</th></tr></thead><tbody>";
        for (const auto& r : c.store.query("SELECT domain, moderator_grade, agreed_grade, reason_code, reason FROM moderation_latest "
                                           "WHERE form_id = ? ORDER BY domain = '_overall', domain",
                                           "M-" + item.formId)) {
            const Section* s = item.tpl->section(r.text(0));
            h += "<tr><th scope=\"row\">" + escape(r.text(0) == "_overall" ? "Overall" : s ? s->title : r.text(0)) + "</th><td>" +
                 escape(r.text(1)) + "</td><td>" + agreedText(r.text(2), r.text(3), r.text(4)) + "</td></tr>";
        }
        h += "</tbody></table>";
    }
    // The comments the auditor has been given: every version's but a version being moderated now.
    std::vector<mod::Comment> shown;
    for (auto& cm : mod::comments(c.store, item.formId))
        if (st.state != mod::RoundState::Locked || cm.auditVersion < st.latestVersion) shown.push_back(cm);
    if (!shown.empty()) h += "<section id=\"moderator-comments\"><h2>The moderator's comments</h2>" + commentsHtml(shown, item.tpl) + "</section>";
    return h;
}

Draft storedDraft(Context& c, const AuditItem& item) {
    Draft d;
    auto rows = c.store.query("SELECT id, completed_date, strengths, extra FROM audit_latest WHERE form_id = ?", item.formId);
    if (rows.empty()) return d;
    const std::int64_t id = rows[0].integer(0);
    // Grades the auditor left blank to agree with the computed one stay blank (they follow the answers).
    std::set<std::string> leftBlank;
    try {
        auto extra = Poco::JSON::Parser().parse(rows[0].text(3)).extract<Poco::JSON::Object::Ptr>();
        if (auto arr = extra->getArray("grades_left_blank"))
            for (std::size_t i = 0; i < arr->size(); ++i) leftBlank.insert(arr->getElement<std::string>(static_cast<unsigned>(i)));
    } catch (const Poco::Exception&) {
    }
    d.completed = rows[0].text(1);
    d.input.strengths = rows[0].text(2);
    const Framework& fw = c.app.catalogue().frameworkOf(*item.tpl);
    auto label = [&](const std::string& g) {
        const Grade* x = fw.grade(g);
        return x ? x->label : g;
    };
    for (const auto& r : c.store.query("SELECT question_id, answer, evidence FROM answer WHERE audit_id = ?", id)) {
        const AnswerOption* o = fw.answer(r.text(1));
        if (!r.text(1).empty()) d.input.answers[r.text(0)] = o ? o->label : r.text(1);
        if (!r.text(2).empty()) d.input.evidence[r.text(0)] = r.text(2);
    }
    for (const auto& r : c.store.query("SELECT domain, auditor_grade, rationale FROM judgement WHERE audit_id = ?", id)) {
        if (r.text(0) == "_overall") {
            d.input.overallGrade = r.isNull(1) ? "" : label(r.text(1));
            d.input.overallRationale = r.text(2);
        } else {
            if (!r.isNull(1) && !leftBlank.count(r.text(0))) d.input.domainGrades[r.text(0)] = label(r.text(1));
            if (!r.text(2).empty()) d.input.domainRationales[r.text(0)] = r.text(2);
        }
    }
    for (const auto& r : c.store.query("SELECT description, owner, due_date FROM action WHERE audit_id = ? ORDER BY action_no", id))
        d.input.actions.push_back({r.text(0), r.text(1), r.text(2)});
    return d;
}

}  // namespace audit::web
