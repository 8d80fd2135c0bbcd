// The moderation page: the case, where the round stands and who holds the lock; the blind form (the questions and
// the evidence noted on the file, a grade per domain) until the moderator's own grades are in; then the auditor's
// record beside the moderator's grades, the comments, and the forms to comment, agree or send back.
#include <map>

#include "audit/base/text.h"
#include "audit/forms/framework.h"
#include "audit/forms/template.h"
#include "audit/jobs/history.h"
#include "form_html.h"
#include "moderation_view.h"

namespace audit::web {

using moderation::RoundState;

namespace {

std::string gradeSelect(const std::string& id, const std::string& name, const Framework* fw, const std::string& value) {
    std::string h = "<select id=\"" + escape(id) + "\" name=\"" + escape(name) + "\"><option value=\"\">Choose a grade</option>";
    if (fw)
        for (const auto& g : fw->gradeLabels(true))
            h += "<option value=\"" + escape(g) + "\"" + (g == value ? " selected" : "") + ">" + escape(g) + "</option>";
    return h + "</select>";
}

std::string hidden(const std::string& csrf) { return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) + "\">"; }

std::string targetTitle(const std::string& target, const Template* tpl) {
    if (target == "_overall") return "Overall judgement";
    if (tpl) {
        if (const Section* s = tpl->section(target)) return s->title;
        if (const Question* q = tpl->question(target)) return q->text;
    }
    return target;
}

}  // namespace

std::string agreedText(const std::string& grade, const std::string& code, const std::string& reason) {
    if (grade.empty()) return "";
    std::string label = code;
    for (const auto& rc : moderation::reasonCodes())
        if (rc.key == code) label = rc.label;
    return escape(grade) + (label.empty() ? "" : "<br><span class=\"hint\">" + escape(label) + (reason.empty() ? "" : ": " + escape(reason)) + "</span>");
}

std::string roundText(const moderation::RoundStatus& s, const std::string& me) {
    switch (s.state) {
        case RoundState::Locked:
            return "Being moderated by " + (s.lock->holder == me ? std::string("you") : s.lock->holder) + " since " +
                   s.lock->takenAt + ": the audit is locked for its auditor";
        case RoundState::SentBack: return "Sent back to the auditor by " + s.decidedBy + " on " + s.decidedAt;
        case RoundState::Resubmitted: return "Resubmitted by the auditor (version " + std::to_string(s.latestVersion) + ")";
        case RoundState::Agreed: return "Agreed" + (s.decidedBy.empty() ? std::string() : " by " + s.decidedBy + " on " + s.decidedAt);
        case RoundState::NotModerated: break;
    }
    return "Not moderated yet";
}

std::string commentsHtml(const std::vector<moderation::Comment>& comments, const Template* tpl) {
    if (comments.empty()) return "<p class=\"hint\">No comments yet.</p>";
    std::string h = "<ul class=\"comments\">";
    for (const auto& c : comments)
        h += "<li><strong>" + escape(targetTitle(c.target, tpl)) + "</strong> <span class=\"hint\">(" + escape(c.author) +
             ", " + escape(c.at) + ", on version " + std::to_string(c.auditVersion) + ")</span><p>" + escape(c.text) + "</p></li>";
    return h + "</ul>";
}

std::string historyHtml(Context& c, const std::string& formId) {
    struct Row {
        std::string at, what, who, detail;
    };
    std::vector<Row> rows;
    try {
        for (const auto& e : jobs::auditHistory(c.store, formId)) rows.push_back({e.at, e.what, e.who, e.detail});
    } catch (const Error&) {
        // not submitted yet: the draw and the allocation come from the access log's side only
    }
    // Opened and saved in the browser, from the access log: the first opening per person and day, and a person's
    // saves of a day as one row (autosave saves every few seconds). Accounts by their display names.
    std::map<std::string, std::string> display;
    auto nameOf = [&](const std::string& account) {
        auto it = display.find(account);
        if (it != display.end()) return it->second;
        const auto a = Accounts(c.store).find(account);
        return display[account] = a ? a->display : account;
    };
    std::map<std::string, std::size_t> opened, saved;  // person + day -> row
    std::map<std::size_t, std::pair<int, std::string>> saves;  // row -> count, last
    AccessQuery q;
    q.object = formId;
    q.limit = 5000;
    auto log = readAccess(c.store, q);
    for (auto it = log.rbegin(); it != log.rend(); ++it) {
        if (it->status >= 400) continue;
        const std::string key = it->account + it->at.substr(0, 10);
        if (it->action == "view audit" && !opened.count(key)) {
            opened[key] = rows.size();
            rows.push_back({it->at, "opened", nameOf(it->account), "in the browser"});
        } else if (it->action == "save draft") {
            auto [at, fresh] = saved.emplace(key, rows.size());
            if (fresh) rows.push_back({it->at, "saved", nameOf(it->account), "a draft"});
            auto& n = saves[at->second];
            ++n.first;
            n.second = it->at;
        }
    }
    for (const auto& [row, n] : saves)
        if (n.first > 1) rows[row].detail = "a draft, " + std::to_string(n.first) + " times until " + n.second;
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.at < b.at; });
    std::string h = "<section class=\"history\" id=\"history\"><h2>History</h2><table class=\"data\"><caption class=\"visually-hidden\">"
                    "History of this audit</caption><thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">What</th>"
                    "<th scope=\"col\">Who</th><th scope=\"col\">Detail</th></tr></thead><tbody>";
    for (const auto& r : rows)
        h += "<tr><td>" + escape(r.at) + "</td><td>" + escape(r.what) + "</td><td>" + escape(r.who) + "</td><td>" + escape(r.detail) + "</td></tr>";
    return h + "</tbody></table></section>";
}

std::string renderModeration(const ModerationView& v) {
    const auto& f = v.form;
    const bool blind = f.blind;
    const bool mine = v.status.lock && v.status.lock->holder == v.me;
    std::string h = caseSummaryHtml({{"Case", f.caseRef},
                                     {"Child", f.childRef},
                                     {"Team", f.team},
                                     {"Worker", f.worker},
                                     {"Auditor", f.auditor},
                                     {"Period", f.period},
                                     {"Audit version", std::to_string(v.status.latestVersion)},
                                     {"Form", f.templateTitle}});
    h += "<div class=\"notice\" role=\"status\" id=\"round-state\">" + escape(roundText(v.status, v.me)) + ".</div>";
    if (!v.problems.empty()) {
        h += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\"><h2>That was not done</h2><ul>";
        for (const auto& p : v.problems) h += "<li>" + escape(p.place.empty() ? p.message : p.place + ": " + p.message) + "</li>";
        h += "</ul></div>";
    }
    const std::string base = "/moderation/" + escape(f.auditFormId);
    const bool open = v.status.state == RoundState::NotModerated || v.status.state == RoundState::Resubmitted;
    if (!v.status.lock && open)
        h += "<form method=\"post\" action=\"" + base + "/take\">" + hidden(v.csrf) +
             "<p>Taking the audit locks it for its auditor until you agree it or send it back.</p>"
             "<button type=\"submit\" class=\"button\" id=\"take\">Start moderating</button></form>";

    if (blind) {
        // The blind stage: the questions and the evidence only.
        h += "<form method=\"post\" action=\"" + base + "/grades\" id=\"blind-form\">" + hidden(v.csrf) +
             "<p>Blind moderation: grade each domain from the case record and the evidence the auditor noted. The auditor's "
             "answers, grades, rationales and strengths are shown once your grades are in.</p>";
        for (const auto& d : f.domains) {
            h += "<section class=\"domain\" id=\"domain-" + escape(d.domain) + "\"><h2>" + escape(d.title) + "</h2>";
            if (!d.guidance.empty()) h += "<p class=\"guidance\">" + escape(d.guidance) + "</p>";
            if (!d.questions.empty()) {
                h += "<table class=\"data\"><caption class=\"visually-hidden\">Questions and evidence</caption><thead><tr>"
                     "<th scope=\"col\">Question</th><th scope=\"col\">Evidence noted</th></tr></thead><tbody>";
                for (const auto& q : d.questions)
                    h += "<tr><td>" + escape(q.number.empty() ? q.text : q.number + " " + q.text) + "</td><td>" + escape(q.evidence) + "</td></tr>";
                h += "</tbody></table>";
            }
            if (mine)
                h += "<div class=\"field\"><label for=\"mgrade-" + escape(d.domain) + "\">Your grade for " + escape(d.title) +
                     "</label>" + gradeSelect("mgrade-" + d.domain, "grade." + d.domain, v.fw, "") + "</div>";
            h += "</section>";
        }
        if (mine) h += "<button type=\"submit\" class=\"button\" id=\"submit-grades\">Submit my grades</button>";
        return h + "</form>";
    }

    // Open: the auditor's record beside the moderator's grades.
    h += "<table class=\"data\" id=\"side-by-side\"><caption>The auditor's grades and yours</caption><thead><tr>"
         "<th scope=\"col\">Domain</th><th scope=\"col\">Computed</th><th scope=\"col\">Auditor's grade</th>"
         "<th scope=\"col\">Auditor's rationale</th><th scope=\"col\">Your grade</th><th scope=\"col\">Agreed grade</th></tr></thead><tbody>";
    for (const auto& d : f.domains)
        h += "<tr><th scope=\"row\">" + escape(d.title) + "</th><td>" + escape(d.computedGrade) + "</td><td>" + escape(d.auditorGrade) +
             "</td><td>" + escape(d.rationale) + "</td><td>" + escape(d.moderatorGrade) + "</td><td>" + agreedText(d.agreedGrade, d.reasonCode, d.reason) +
             "</td></tr>";
    h += "</tbody></table>";
    for (const auto& d : f.domains) {
        if (d.questions.empty()) continue;
        h += "<details class=\"domain\"><summary>" + escape(d.title) + ": answers and evidence</summary><table class=\"data\">"
             "<thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Answer</th><th scope=\"col\">Evidence</th></tr></thead><tbody>";
        for (const auto& q : d.questions)
            h += "<tr><td>" + escape(q.number.empty() ? q.text : q.number + " " + q.text) + "</td><td>" + escape(q.answer) +
                 "</td><td>" + escape(q.evidence) + "</td></tr>";
        h += "</tbody></table></details>";
    }
    if (!f.strengths.empty()) h += "<h2>Strengths</h2><p class=\"strengths\">" + escape(f.strengths) + "</p>";
    h += "<h2>Comments</h2>" + commentsHtml(v.comments, v.tpl);
    if (!mine) return h;

    // Comment on a question, a domain or the overall grade.
    h += "<form method=\"post\" action=\"" + base + "/comment\" id=\"comment-form\" class=\"narrow\">" + hidden(v.csrf) +
         "<div class=\"field\"><label for=\"target\">Comment on</label><select id=\"target\" name=\"target\">";
    for (const auto& d : f.domains) {
        h += "<option value=\"" + escape(d.domain) + "\">" + escape(d.title) + "</option>";
        for (const auto& q : d.questions)
            h += "<option value=\"" + escape(q.id) + "\">&nbsp;&nbsp;" + escape(q.number.empty() ? q.text : q.number + " " + q.text) + "</option>";
    }
    h += "</select></div><div class=\"field\"><label for=\"comment\">Comment</label><textarea id=\"comment\" name=\"comment\" rows=\"3\">"
         "</textarea></div><button type=\"submit\" class=\"button secondary\" id=\"add-comment\">Add comment</button></form>";

    // Agree: the agreed grade and its reason code per domain.
    h += "<form method=\"post\" action=\"" + base + "/agree\" id=\"agree-form\"><h2>Agree the final grades</h2>" + hidden(v.csrf) +
         "<table class=\"data\"><thead><tr><th scope=\"col\">Domain</th><th scope=\"col\">Your grade</th><th scope=\"col\">Agreed grade</th>"
         "<th scope=\"col\">Reason code</th><th scope=\"col\">Reason</th></tr></thead><tbody>";
    for (const auto& d : f.domains) {
        const std::string id = escape(d.domain);
        h += "<tr><th scope=\"row\">" + escape(d.title) + "</th><td>" + escape(d.moderatorGrade) + "</td><td><label class=\"visually-hidden\" for=\"agreed-" +
             id + "\">Agreed grade for " + escape(d.title) + "</label>" + gradeSelect("agreed-" + d.domain, "agreed." + d.domain, v.fw, d.moderatorGrade) +
             "</td><td><label class=\"visually-hidden\" for=\"code-" + id + "\">Reason code</label><select id=\"code-" + id + "\" name=\"code." + id + "\">";
        for (const auto& rc : moderation::reasonCodes())
            h += "<option value=\"" + escape(rc.key) + "\"" + (rc.key == "agreed" ? " selected" : "") + ">" + escape(rc.label) + "</option>";
        h += "</select></td><td><label class=\"visually-hidden\" for=\"reason-" + id + "\">Reason</label><input type=\"text\" id=\"reason-" + id +
             "\" name=\"reason." + id + "\"></td></tr>";
    }
    h += "</tbody></table><button type=\"submit\" class=\"button\" id=\"agree\">Agree</button></form>";

    h += "<form method=\"post\" action=\"" + base + "/send-back\" id=\"send-back-form\" class=\"narrow\"><h2>Send back to the auditor</h2>" +
         hidden(v.csrf) + "<div class=\"field\"><label for=\"note\">What to change (the comments go with it)</label><textarea id=\"note\" "
         "name=\"note\" rows=\"3\"></textarea></div><button type=\"submit\" class=\"button secondary\" id=\"send-back\">Send back</button></form>";
    return h;
}

}  // namespace audit::web
