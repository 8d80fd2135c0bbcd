#include "audit_lookup.h"

#include <cmath>

namespace audit::web {

std::optional<AuditItem> findAudit(Context& c) {
    auto item = AuditDesk::pick(c.visibleAudits(), c.params["form_id"]);
    // Another auditor's audit, or none at all: the same answer, so that form ids cannot be probed.
    if (!item) c.log(c.route->name + ": not found", c.params["form_id"], 404);
    return item;
}

Draft currentDraft(Context& c, const AuditItem& item) {
    if (auto d = c.desk().draft(item.formId)) return *d;
    if (item.status == AuditStatus::Submitted) return storedDraft(c, item);
    Draft d;
    d.completed = c.desk().today().iso();
    return d;
}

std::vector<FieldError> fieldErrors(const Template& tpl, const std::vector<Problem>& problems) {
    std::map<std::string, std::string> number;
    for (std::size_t s = 0; s < tpl.sections.size(); ++s)
        for (std::size_t q = 0; q < tpl.sections[s].questions.size(); ++q)
            number[tpl.sections[s].questions[q].id] = std::to_string(s + 1) + "." + std::to_string(q + 1);
    std::vector<FieldError> out;
    for (const auto& p : problems) {
        const std::string& place = p.place;
        FieldError e{"audit-form", "The form", p.message};
        auto after = [&](const char* prefix) { return place.substr(std::string(prefix).size()); };
        if (place.rfind("answer:", 0) == 0 || place.rfind("evidence:", 0) == 0) {
            const std::string id = place.rfind("answer:", 0) == 0 ? after("answer:") : after("evidence:");
            const Question* q = tpl.question(id);
            e = {"answer-" + id, number[id] + " " + (q ? q->text : id), p.message};
        } else if (place.rfind("grade:", 0) == 0 || place.rfind("rationale:", 0) == 0) {
            const bool grade = place.rfind("grade:", 0) == 0;
            const std::string id = grade ? after("grade:") : after("rationale:");
            const Section* s = tpl.section(id);
            e = {(grade ? "grade-" : "rationale-") + id, (s ? s->title : id) + (grade ? ": your grade" : ": rationale"), p.message};
        } else if (place == "overall-grade") {
            e = {"overall-grade-overall", "Overall: your grade", p.message};
        } else if (place == "overall-rationale") {
            e = {"overall-rationale-overall", "Overall: rationale", p.message};
        } else if (place == "completed") {
            e = {"completed-overall", "Date the audit was completed", p.message};
        } else if (place.rfind("action:", 0) == 0) {
            const std::string rest = after("action:");
            const std::string n = rest.substr(0, rest.find(':'));
            e = {"action-" + n, "Action " + n, p.message};
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::string submittedHtml(Context& c, const AuditItem& item) {
    auto audits = c.store.query("SELECT id, version, completed_date, imported_at, source_kind FROM audit_latest WHERE form_id = ?",
                                item.formId);
    if (audits.empty()) return "<p>No stored result.</p>";
    const auto& a = audits.front();
    std::string h = "<div class=\"notice\" role=\"status\">Submitted: version " + std::to_string(a.integer("version")) +
                    ", completed " + escape(a.text("completed_date")) + ", received " + escape(a.text("imported_at")) +
                    (a.text("source_kind") == "web" ? " from this browser service" : " as a returned form") + ".</div>";
    h += "<table class=\"data\"><caption>Grades as scored and stored</caption><thead><tr><th scope=\"col\">Domain</th>"
         "<th scope=\"col\">Computed</th><th scope=\"col\">Score</th><th scope=\"col\">Auditor's grade</th>"
         "<th scope=\"col\">Rationale</th></tr></thead><tbody>";
    auto rows = c.store.query("SELECT domain, computed_grade, computed_score, auditor_grade, rationale FROM judgement "
                              "WHERE audit_id = ?", a.integer("id"));
    auto titleOf = [&](const std::string& d) {
        if (d == "_overall") return std::string("Overall");
        const Section* s = item.tpl->section(d);
        return s ? s->title : d;
    };
    auto addRow = [&](const StoreRow& r) {
        const auto score = r.optReal("computed_score");
        h += "<tr><th scope=\"row\">" + escape(titleOf(r.text("domain"))) + "</th><td>" + escape(r.text("computed_grade")) +
             "</td><td>" + (score && r.text("domain") != "_overall" ? std::to_string(static_cast<int>(std::lround(*score))) + "%" : "") +
             "</td><td>" + escape(r.text("auditor_grade")) + "</td><td>" + escape(r.text("rationale")) + "</td></tr>";
    };
    for (const auto& s : item.tpl->sections)
        for (const auto& r : rows)
            if (r.text("domain") == s.domain) addRow(r);
    for (const auto& r : rows)
        if (r.text("domain") == "_overall") addRow(r);
    h += "</tbody></table>";
    h += "<table class=\"data\"><caption>Answers</caption><thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Answer</th>"
         "<th scope=\"col\">Evidence</th></tr></thead><tbody>";
    auto answers = c.store.query("SELECT question_id, answer, evidence FROM answer WHERE audit_id = ?", a.integer("id"));
    for (const auto& s : item.tpl->sections)
        for (const auto& q : s.questions)
            for (const auto& r : answers)
                if (r.text("question_id") == q.id)
                    h += "<tr><td>" + escape(q.text) + "</td><td>" + escape(r.text("answer")) + "</td><td>" +
                         escape(r.text("evidence")) + "</td></tr>";
    h += "</tbody></table>";
    return h;
}

}  // namespace audit::web
