// The audit form as HTML, from the same template model as the XLSX form (audit/forms/form.h): sections with
// guidance, questions with their answers and evidence, the computed grade of each domain (and overall), the
// auditor's grade and rationale, strengths, actions with owner and due date, the completed date.
#include <cmath>

#include "audit/base/text.h"
#include "form_html.h"

namespace audit::web {

namespace {

std::string valueOf(const std::map<std::string, std::string>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? std::string() : it->second;
}

std::string gradeLabel(const Framework& fw, const std::optional<std::string>& key) {
    if (!key) return {};
    const Grade* g = fw.grade(*key);
    return g ? g->label : *key;
}

std::string textarea(const std::string& id, const std::string& name, const std::string& value, bool ro, int rows = 3) {
    return "<textarea id=\"" + id + "\" name=\"" + name + "\" rows=\"" + std::to_string(rows) + "\"" +
           (ro ? " readonly" : "") + ">" + escape(value) + "</textarea>";
}

std::string select(const std::string& id, const std::string& name, const std::vector<std::string>& options,
                   const std::string& value, bool ro, const std::string& describedBy = "") {
    std::string h = "<select id=\"" + id + "\" name=\"" + name + "\"" + (ro ? " disabled" : "") +
                    (describedBy.empty() ? "" : " aria-describedby=\"" + describedBy + "\"") +
                    "><option value=\"\">Choose a grade</option>";
    for (const auto& o : options)
        h += "<option value=\"" + escape(o) + "\"" + (o == value ? " selected" : "") + ">" + escape(o) + "</option>";
    return h + "</select>";
}

}  // namespace

std::string computedText(const Framework& fw, const DomainResult& d) {
    if (!d.computed) return "Not enough answers yet";
    std::string s = gradeLabel(fw, d.computed);
    if (d.score) s += " (score " + std::to_string(static_cast<int>(std::lround(*d.score))) + "%)";
    if (!d.caps.empty()) s += ", capped by the answer to " + d.caps.front().question;
    return s;
}

std::string overallText(const Framework& fw, const OverallResult& o) {
    if (o.method == OverallMethod::AuditorJudgement) return "Your judgement (no computed grade under this framework)";
    if (!o.computed) return "Not enough domain grades yet";
    return gradeLabel(fw, o.computed);
}

std::string caseSummaryHtml(const std::vector<std::pair<std::string, std::string>>& items) {
    std::string h = "<dl class=\"case-summary\">";
    for (const auto& [k, val] : items)
        if (!val.empty()) h += "<div><dt>" + escape(k) + "</dt><dd>" + escape(val) + "</dd></div>";
    return h + "</dl>";
}

std::string renderAuditForm(const FormView& v) {
    const Template& tpl = *v.item.tpl;
    const Framework& fw = v.fw;
    const AuditInput& in = v.draft.input;
    const bool ro = v.readOnly;
    const std::vector<std::string> grades = fw.gradeLabels(true);
    std::string h;

    h += caseSummaryHtml({{"Case", v.item.caseRef},
                          {"Child", v.item.childRef},
                          {"Team", v.item.team},
                          {"Worker", v.item.worker},
                          {"Category", v.item.category},
                          {"Period", v.item.period},
                          {"Due", v.item.due + (v.item.overdue ? " (overdue)" : "")},
                          {"Form", tpl.title + " v" + std::to_string(tpl.version)}});

    if (!v.errors.empty()) {
        h += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\"><h2>The audit was not "
             "submitted: " + std::to_string(v.errors.size()) + " thing(s) to put right</h2><ul>";
        for (const auto& e : v.errors)
            h += "<li><a href=\"#" + escape(e.anchor) + "\">" + escape(e.label) + "</a>: " + escape(e.message) + "</li>";
        h += "</ul></div>";
    }

    // Still to do: every gap, each a link to its field.
    const auto todo = gaps(tpl, v.score);
    h += "<div class=\"gaps\" id=\"gaps\" aria-live=\"polite\"><h2>Still to do <span id=\"gap-count\">(" +
         std::to_string(todo.size()) + ")</span></h2><ul id=\"gap-list\">";
    for (const auto& g : todo)
        h += "<li><a href=\"#" + g.field + "-" + escape(g.id.empty() ? "overall" : g.id) + "\">" + escape(g.label) + "</a></li>";
    if (todo.empty()) h += "<li class=\"done\">Nothing: every required answer and grade is given.</li>";
    h += "</ul></div>";

    h += "<form method=\"post\" action=\"/audits/" + escape(v.item.formId) + "\" id=\"audit-form\" data-form-id=\"" +
         escape(v.item.formId) + "\" data-csrf=\"" + escape(v.csrf) + "\" novalidate>";
    h += "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(v.csrf) + "\">";

    for (std::size_t s = 0; s < tpl.sections.size(); ++s) {
        const Section& sec = tpl.sections[s];
        const DomainResult* dr = v.score.domain(sec.domain);
        const std::string n = std::to_string(s + 1);
        h += "<section class=\"domain\" id=\"domain-" + sec.domain + "\" aria-labelledby=\"domain-title-" + sec.domain +
             "\"><h2 id=\"domain-title-" + sec.domain + "\">" + n + ". " + escape(sec.title) + "</h2>";
        if (!sec.guidance.empty()) h += "<p class=\"guidance\">" + escape(sec.guidance) + "</p>";
        for (std::size_t q = 0; q < sec.questions.size(); ++q) {
            const Question& qu = sec.questions[q];
            const std::string value = valueOf(in.answers, qu.id);
            h += "<fieldset class=\"question\" id=\"answer-" + qu.id + "\"><legend><span class=\"num\">" + n + "." +
                 std::to_string(q + 1) + "</span> " + escape(qu.text) + (qu.required ? "" : " <span class=\"hint\">(optional)</span>") +
                 "</legend>";
            if (!qu.guidance.empty()) h += "<p class=\"hint\">" + escape(qu.guidance) + "</p>";
            h += "<div class=\"radios\">";
            for (std::size_t a = 0; a < fw.answers.size(); ++a) {
                const std::string id = "answer-" + qu.id + "-" + std::to_string(a);
                const bool on = value == fw.answers[a].label || value == fw.answers[a].key;
                h += "<div class=\"radio\"><input type=\"radio\" id=\"" + id + "\" name=\"answer." + qu.id + "\" value=\"" +
                     escape(fw.answers[a].label) + "\"" + (on ? " checked" : "") + (ro ? " disabled" : "") +
                     "><label for=\"" + id + "\">" + escape(fw.answers[a].label) + "</label></div>";
            }
            h += "</div><div class=\"field\"><label for=\"evidence-" + qu.id + "\">Evidence</label>";
            if (!qu.evidencePrompt.empty()) h += "<p class=\"hint\">" + escape(qu.evidencePrompt) + "</p>";
            h += textarea("evidence-" + qu.id, "evidence." + qu.id, valueOf(in.evidence, qu.id), ro) + "</div></fieldset>";
        }
        h += "<div class=\"computed\"><span>Computed grade for " + escape(sec.title) + ":</span> <strong id=\"computed-" +
             sec.domain + "\" aria-live=\"polite\">" + escape(dr ? computedText(fw, *dr) : "") + "</strong></div>";
        h += "<div class=\"field\" id=\"grade-" + sec.domain + "\"><label for=\"grade-input-" + sec.domain + "\">Your grade for " +
             escape(sec.title) + "</label>" +
             (fw.blankDomainGradeAgrees ? "<p class=\"hint\">Leave it blank if you agree with the computed grade.</p>"
                                        : "") +
             select("grade-input-" + sec.domain, "grade." + sec.domain, grades, valueOf(in.domainGrades, sec.domain), ro) + "</div>";
        const bool need = dr && dr->rationaleRequired;
        h += "<div class=\"field\" id=\"rationale-" + sec.domain + "\"><label for=\"rationale-input-" + sec.domain +
             "\">Rationale for your grade</label><p class=\"hint\" id=\"rationale-note-" + sec.domain + "\">" +
             (need ? "Required: your grade differs from the computed grade." : "Needed when your grade differs from the computed grade.") +
             "</p>" + textarea("rationale-input-" + sec.domain, "rationale." + sec.domain, valueOf(in.domainRationales, sec.domain), ro) +
             "</div></section>";
    }

    // The overall judgement, strengths, actions, completed date.
    h += "<section class=\"domain\" id=\"domain-overall\"><h2>Overall judgement</h2>";
    if (!tpl.overallGuidance.empty()) h += "<p class=\"guidance\">" + escape(tpl.overallGuidance) + "</p>";
    h += "<div class=\"computed\"><span>Computed overall grade:</span> <strong id=\"computed-overall\" aria-live=\"polite\">" +
         escape(overallText(fw, v.score.overall)) + "</strong></div>";
    h += "<div class=\"field\" id=\"overall-grade-overall\"><label for=\"overall-grade\">Your overall grade</label>" +
         select("overall-grade", "overall.grade", grades, in.overallGrade, ro) + "</div>";
    h += "<div class=\"field\" id=\"overall-rationale-overall\"><label for=\"overall-rationale\">Rationale for the overall grade</label>" +
         textarea("overall-rationale", "overall.rationale", in.overallRationale, ro) + "</div>";
    h += "<div class=\"field\"><label for=\"strengths\">Strengths</label>";
    if (!tpl.strengthsPrompt.empty()) h += "<p class=\"hint\">" + escape(tpl.strengthsPrompt) + "</p>";
    h += textarea("strengths", "strengths", in.strengths, ro) + "</div></section>";

    h += "<section class=\"domain\" id=\"actions\"><h2>Actions</h2>";
    if (!tpl.actionsPrompt.empty()) h += "<p class=\"guidance\">" + escape(tpl.actionsPrompt) + "</p>";
    h += "<table class=\"actions-table\"><caption class=\"visually-hidden\">Actions with owner and due date</caption>"
         "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Due date</th></tr></thead><tbody>";
    for (int i = 1; i <= tpl.actionRows; ++i) {
        const std::string n = std::to_string(i);
        const AuditInput::Action a = static_cast<std::size_t>(i) <= in.actions.size() ? in.actions[static_cast<std::size_t>(i - 1)]
                                                                                     : AuditInput::Action{};
        auto input = [&](const std::string& f, const std::string& val, const char* type, const std::string& label) {
            return "<td><label class=\"visually-hidden\" for=\"action-" + n + "-" + f + "\">" + label + " " + n +
                   "</label><input type=\"" + type + "\" id=\"action-" + n + "-" + f + "\" name=\"action." + n + "." + f +
                   "\" value=\"" + escape(val) + "\"" + (ro ? " readonly" : "") + "></td>";
        };
        h += "<tr id=\"action-" + n + "\"><th scope=\"row\">" + n + "</th>" + input("action", a.action, "text", "Action") +
             input("owner", a.owner, "text", "Owner of action") + input("due", a.due, "date", "Due date of action") + "</tr>";
    }
    h += "</tbody></table></section>";

    h += "<div class=\"field\" id=\"completed-overall\"><label for=\"completed\">Date the audit was completed</label>"
         "<input type=\"date\" id=\"completed\" name=\"completed\" value=\"" + escape(v.draft.completed) + "\"" +
         (ro ? " readonly" : "") + "></div>";
    if (!ro) {
        h += "<div class=\"button-bar\"><button type=\"submit\" name=\"do\" value=\"save\" class=\"button secondary\">Save draft</button>"
             "<button type=\"submit\" name=\"do\" value=\"submit\" class=\"button\">Submit audit</button>"
             "<span id=\"save-status\" role=\"status\" class=\"save-status\">" +
             (v.draft.savedAt.empty() ? std::string() : "Draft saved " + escape(v.draft.savedAt)) + "</span></div>";
    }
    h += "</form>";
    return h;
}

}  // namespace audit::web
