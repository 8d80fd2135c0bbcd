// The audits an account works on in the browser: allocations of the month's draws (table allocation, role
// auditor) with their case details (case_snapshot), the form each one has (the same form id as the XLSX form
// audit-template renders for that case: audit::formId), drafts saved as the auditor goes (table web_draft), and
// submission through the job jobs::submitAudit, which shares `audit-score import`'s path (the same validation and
// provenance checks, the same scores, the same stored rows; only source_file/source_kind say "browser").
//
// Which template a case's form uses: the draw's template_id when the draw records one, else the server's
// default (audit-serve run --template), else the latest template whose categories include the case's category.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/forms/score_import.h"
#include "audit/forms/scoring.h"
#include "audit/forms/template.h"

namespace audit {
class Store;
}

namespace audit::web {

enum class AuditStatus { Allocated, InProgress, Submitted };
const char* toString(AuditStatus s);  // "allocated", "in progress", "submitted"

struct AuditItem {
    std::string formId;
    std::int64_t drawId = 0;
    std::string caseRef, childRef, team, worker, category, serviceArea;
    std::string auditor;
    std::string period;
    std::string due;            // ISO date (audit::auditDueDate of the period)
    bool overdue = false;       // due before today and not submitted
    const Template* tpl = nullptr;  // nullptr when no template fits (templateProblem says why)
    std::string templateProblem;
    AuditStatus status = AuditStatus::Allocated;
    std::string draftSavedAt;   // when a draft exists
    int version = 0;            // the latest stored version when submitted
    std::string overallGrade;   // the stored overall grade (final) when submitted
};

// What the auditor has entered so far. Answers and grades are the scale's labels, as on the XLSX form.
struct Draft {
    AuditInput input;           // answers, evidence, grades, rationales, overall, strengths, actions (by row)
    std::string completed;      // ISO date
    std::int64_t revision = 0;  // increases with every save
    std::string savedAt;
};

std::string draftToJson(const Draft& d);
// Throws Error(Data) naming what is wrong (not JSON, a field of the wrong type).
Draft draftFromJson(const std::string& json);
// From the HTML form's fields (answer.<q>, evidence.<q>, grade.<d>, rationale.<d>, overall.grade,
// overall.rationale, strengths, completed, action.<n>.action|owner|due).
Draft draftFromFields(const std::map<std::string, std::string>& fields, const Template& tpl);

class AuditDesk {
public:
    AuditDesk(Store& store, const Catalogue& catalogue, std::string defaultTemplate, Date today)
        : store_(store), catalogue_(catalogue), defaultTemplate_(std::move(defaultTemplate)), today_(today) {}

    // The audits allocated to this auditor name, newest period first, then by case.
    std::vector<AuditItem> forAuditor(const std::string& auditor);
    // Every allocated audit (for the QA lead and admin), optionally of one period.
    std::vector<AuditItem> all(const std::string& period = "");
    // One audit by form id among `items` (nullopt if absent: the caller answers 404).
    static std::optional<AuditItem> pick(const std::vector<AuditItem>& items, const std::string& formId);

    std::optional<Draft> draft(const std::string& formId);
    // Saves the draft (revision + 1) for the account; returns the stored one.
    Draft saveDraft(const AuditItem& item, std::int64_t accountId, Draft d);

    // The return a submission makes: identity from the allocation, answers from the draft.
    ReturnedAudit toReturn(const AuditItem& item, const Draft& d) const;
    // Validates, scores and stores like `audit-score import` (jobs::submitAudit: the same checks, an import_log row
    // and an event); on success the draft is removed. The FileReport's problems name the question or domain (place "answer:<question id>" ...).
    FileReport submit(const AuditItem& item, const Draft& d);

    const Catalogue& catalogue() const { return catalogue_; }
    Date today() const { return today_; }

private:
    std::vector<AuditItem> load(const std::string& where, const std::string& value);
    Store& store_;
    const Catalogue& catalogue_;
    std::string defaultTemplate_;
    Date today_;
};

// Questions left unanswered (required ones first in template order), domains without a grade, rationales
// required and missing: what the form lists under "Still to do", from the scoring engine's problems.
struct Gap {
    std::string field;    // "answer", "grade", "rationale", "overall-grade", "overall-rationale"
    std::string id;       // question or domain id ("" for the overall fields)
    std::string label;    // "1.2 Was the child seen alone?" / "Assessment: your grade"
    std::string message;
};
std::vector<Gap> gaps(const Template& tpl, const ScoreResult& score);

}  // namespace audit::web
