#include "audit/web/audits.h"

#include <algorithm>
#include <map>

#include "audit/base/due_date.h"
#include "audit/base/error.h"
#include "audit/base/period.h"
#include "audit/base/text.h"
#include "audit/forms/form.h"
#include "audit/jobs/score.h"
#include "audit/store/store.h"

namespace audit::web {

const char* toString(AuditStatus s) {
    switch (s) {
        case AuditStatus::Allocated: return "allocated";
        case AuditStatus::InProgress: return "in progress";
        case AuditStatus::Submitted: return "submitted";
    }
    return "?";
}

std::vector<AuditItem> AuditDesk::forAuditor(const std::string& auditor) {
    if (text::trimmed(auditor).empty()) return {};
    return load(" AND a.auditor = ?", auditor);
}

std::vector<AuditItem> AuditDesk::all(const std::string& period) { return load(period.empty() ? "" : " AND d.period = ?", period); }

std::vector<AuditItem> AuditDesk::load(const std::string& where, const std::string& value) {
    const std::string sql =
        "SELECT a.draw_id, a.case_ref, a.auditor, d.period, d.template_id, d.due_date, s.child_ref, s.team, s.worker, "
        "s.category, s.service_area FROM allocation a JOIN draw d ON d.id = a.draw_id "
        "LEFT JOIN case_snapshot s ON s.draw_id = a.draw_id AND s.case_ref = a.case_ref "
        "WHERE a.role = 'auditor' AND d.kind = 'audit'" + where;
    const StoreRows rows = where.empty() ? store_.query(sql) : store_.query(sql, value);

    // What was submitted (latest versions) and what has a draft, by form id.
    // (For one auditor only their own: the draws' audits are keyed by form id, which includes the auditor.)
    std::map<std::string, std::pair<int, std::string>> submitted;
    const std::string subSql = "SELECT a.form_id, a.version, j.auditor_grade, j.computed_grade FROM audit_latest a "
                               "LEFT JOIN judgement j ON j.audit_id = a.id AND j.domain = '_overall' WHERE a.draw_id IS NOT NULL" +
                               std::string(where.find("a.auditor") != std::string::npos ? " AND a.auditor = ?" : "");
    const StoreRows subRows = where.find("a.auditor") != std::string::npos ? store_.query(subSql, value) : store_.query(subSql);
    for (const auto& r : subRows)
        submitted[r.text("form_id")] = {static_cast<int>(r.integer("version")),
                                        r.isNull("auditor_grade") ? r.text("computed_grade") : r.text("auditor_grade")};
    std::map<std::string, std::string> drafts;
    for (const auto& r : store_.query("SELECT form_id, updated_at FROM web_draft")) drafts[r.text("form_id")] = r.text("updated_at");

    std::vector<AuditItem> out;
    for (const auto& r : rows) {
        AuditItem it;
        it.drawId = r.integer("draw_id");
        it.caseRef = r.text("case_ref");
        it.auditor = r.text("auditor");
        it.period = r.text("period");
        it.childRef = r.text("child_ref");
        it.team = r.text("team");
        it.worker = r.text("worker");
        it.category = r.text("category");
        it.serviceArea = r.text("service_area");
        // The template: the draw's, the server's default, else one made for the case's category.
        const std::string drawTemplate = r.text("template_id");
        const std::string wanted = !drawTemplate.empty() ? drawTemplate : defaultTemplate_;
        if (!wanted.empty()) {
            it.tpl = catalogue_.findTemplate(wanted);
            if (!it.tpl) it.templateProblem = "the template '" + wanted + "' is not in this toolkit's catalogue";
        } else {
            for (const Template* t : catalogue_.latestTemplates())
                if (std::find(t->categories.begin(), t->categories.end(), it.category) != t->categories.end()) {
                    it.tpl = t;
                    break;
                }
            if (!it.tpl) it.templateProblem = "no template is made for category '" + it.category +
                                              "' (start audit-serve with --template ID)";
        }
        if (it.tpl) {
            FormCase fc;
            fc.caseRef = it.caseRef;
            fc.drawId = std::to_string(it.drawId);
            fc.auditor = it.auditor;
            it.formId = formId(*it.tpl, fc);
        } else {
            it.formId = "F-none-" + std::to_string(it.drawId) + "-" + it.caseRef;
        }
        // The draw's due date (audit-sample --due, or the round's page), else the default for its period.
        if (const auto due = r.optText("due_date"); due && parseDate(*due)) it.due = parseDate(*due)->iso();
        else if (auto p = parsePeriod(it.period)) it.due = auditDueDate(*p).iso();
        if (auto s = submitted.find(it.formId); s != submitted.end()) {
            it.status = AuditStatus::Submitted;
            it.version = s->second.first;
            it.overallGrade = s->second.second;
        } else if (auto d = drafts.find(it.formId); d != drafts.end()) {
            it.status = AuditStatus::InProgress;
            it.draftSavedAt = d->second;
        }
        it.overdue = it.status != AuditStatus::Submitted && !it.due.empty() && it.due < today_.iso();
        out.push_back(std::move(it));
    }
    std::sort(out.begin(), out.end(), [](const AuditItem& a, const AuditItem& b) {
        if (a.period != b.period) return a.period > b.period;
        if (a.caseRef != b.caseRef) return a.caseRef < b.caseRef;
        return a.drawId > b.drawId;
    });
    return out;
}

std::optional<AuditItem> AuditDesk::pick(const std::vector<AuditItem>& items, const std::string& formId) {
    for (const auto& it : items)
        if (it.formId == formId && it.tpl) return it;
    return std::nullopt;
}

std::optional<Draft> AuditDesk::draft(const std::string& formId) {
    auto rows = store_.query("SELECT content, revision, updated_at FROM web_draft WHERE form_id = ?", formId);
    if (rows.empty()) return std::nullopt;
    Draft d = draftFromJson(rows.front().text("content"));
    d.revision = rows.front().integer("revision");
    d.savedAt = rows.front().text("updated_at");
    return d;
}

Draft AuditDesk::saveDraft(const AuditItem& item, std::int64_t accountId, Draft d) {
    const std::string content = draftToJson(d);
    const std::string now = store_.now();
    return store_.transaction([&] {
        auto rows = store_.query("SELECT revision FROM web_draft WHERE form_id = ?", item.formId);
        if (rows.empty()) {
            d.revision = 1;
            store_.exec("INSERT INTO web_draft (form_id, account_id, content, revision, updated_at) VALUES (?, ?, ?, ?, ?)",
                        item.formId, accountId, content, d.revision, now);
        } else {
            d.revision = rows.front().integer("revision") + 1;
            store_.exec("UPDATE web_draft SET content = ?, revision = ?, updated_at = ?, account_id = ? WHERE form_id = ?",
                        content, d.revision, now, accountId, item.formId);
        }
        d.savedAt = now;
        return d;
    });
}

ReturnedAudit AuditDesk::toReturn(const AuditItem& item, const Draft& d) const {
    ReturnedAudit r;
    r.file = "browser";
    r.kind = "web";
    r.formId = item.formId;
    r.templateId = item.tpl->id;
    r.templateVersion = item.tpl->version;
    r.caseRef = item.caseRef;
    r.childRef = item.childRef;
    r.auditor = item.auditor;
    r.team = item.team;
    r.worker = item.worker;
    r.category = item.category;
    r.drawId = item.drawId;
    r.completedDate = text::trimmed(d.completed);
    r.strengths = text::trimmed(d.input.strengths);
    // Blank values are "not given", exactly as a blank cell of the workbook.
    auto copy = [](const std::map<std::string, std::string>& from, std::map<std::string, std::string>& to) {
        for (const auto& [k, v] : from)
            if (!text::trimmed(v).empty()) to[k] = text::trimmed(v);
    };
    copy(d.input.answers, r.input.answers);
    copy(d.input.evidence, r.input.evidence);
    copy(d.input.domainGrades, r.input.domainGrades);
    copy(d.input.domainRationales, r.input.domainRationales);
    r.input.overallGrade = text::trimmed(d.input.overallGrade);
    r.input.overallRationale = text::trimmed(d.input.overallRationale);
    for (const auto& q : item.tpl->sections)
        for (const auto& question : q.questions) {
            r.places["answer:" + question.id] = "answer:" + question.id;
            r.places["evidence:" + question.id] = "evidence:" + question.id;
        }
    for (const auto& s : item.tpl->sections) {
        r.places["grade:" + s.domain] = "grade:" + s.domain;
        r.places["rationale:" + s.domain] = "rationale:" + s.domain;
    }
    for (const char* k : {"overall-grade", "overall-rationale", "completed", "strengths"}) r.places[k] = k;
    for (std::size_t i = 0; i < d.input.actions.size(); ++i) {
        const auto& a = d.input.actions[i];
        ReturnedAction ra;
        ra.number = static_cast<int>(i + 1);
        ra.description = text::trimmed(a.action);
        ra.owner = text::trimmed(a.owner);
        ra.due = text::trimmed(a.due);
        const std::string n = std::to_string(i + 1);
        ra.descriptionPlace = "action:" + n + ":action";
        ra.ownerPlace = "action:" + n + ":owner";
        ra.duePlace = "action:" + n + ":due";
        if (!ra.description.empty() || !ra.owner.empty() || !ra.due.empty()) r.actions.push_back(ra);
    }
    r.places["form"] = "form";
    return r;
}

FileReport AuditDesk::submit(const AuditItem& item, const Draft& d) {
    FileReport fr = jobs::submitAudit(store_, catalogue_, toReturn(item, d));
    if (fr.outcome != ImportOutcome::Rejected) store_.exec("DELETE FROM web_draft WHERE form_id = ?", item.formId);
    return fr;
}

std::vector<Gap> gaps(const Template& tpl, const ScoreResult& score) {
    std::vector<Gap> out;
    std::map<std::string, std::string> number;
    for (std::size_t s = 0; s < tpl.sections.size(); ++s)
        for (std::size_t q = 0; q < tpl.sections[s].questions.size(); ++q)
            number[tpl.sections[s].questions[q].id] = std::to_string(s + 1) + "." + std::to_string(q + 1);
    for (const auto& p : score.problems) {
        Gap g;
        g.id = p.id;
        g.message = p.message;
        switch (p.field) {
            case Field::Answer:
            case Field::Evidence: {
                g.field = p.field == Field::Answer ? "answer" : "evidence";
                const Question* q = tpl.question(p.id);
                g.label = number[p.id] + " " + (q ? q->text : p.id);
                break;
            }
            case Field::DomainGrade:
            case Field::DomainRationale: {
                g.field = p.field == Field::DomainGrade ? "grade" : "rationale";
                const Section* s = tpl.section(p.id);
                g.label = (s ? s->title : p.id) + (p.field == Field::DomainGrade ? ": your grade" : ": rationale");
                break;
            }
            case Field::OverallGrade: g.field = "overall-grade"; g.label = "Overall: your grade"; break;
            case Field::OverallRationale: g.field = "overall-rationale"; g.label = "Overall: rationale"; break;
        }
        out.push_back(std::move(g));
    }
    return out;
}

}  // namespace audit::web
