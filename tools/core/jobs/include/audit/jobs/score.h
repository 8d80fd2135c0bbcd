// The audit-score jobs: import returned forms and bulk answer files into the store (scored by the framework's rules),
// and summarise the stored grades (optionally as a workbook). Throw audit::Error; never print.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/forms/audit_void.h"
#include "audit/forms/score_import.h"
#include "audit/forms/score_summary.h"
#include "audit/report/return_status.h"

namespace audit::jobs {

struct ScoreImportRequest {
    std::vector<std::string> paths;  // files (.xlsx returns, .csv bulk answers) and folders (searched recursively)
    std::string store;
    std::function<void(std::size_t done, std::size_t total)> progress;  // after each file
    bool unsampled = false;  // accept returns whose case is in no audit draw of the store (thematic audits)
};

// Every file is imported or rejected with all its problems (nothing of a rejected file is stored); the report says
// which. A missing path is Error(NoInput) before anything is read.
ImportReport scoreImport(const ScoreImportRequest& request);

// audit-serve's submission of a form completed in the browser (issue 14): the job `audit-score import` runs for a
// returned workbook, for one return built from the allocation and the draft. The same validation and scoring, the
// same provenance refusal (a case in no audit draw of the store; a browser submission is never --unsampled), the same
// stored rows, an import_log row (kind "audit-web", outcome and problems) and an event (tool "audit-serve", command
// "submit"), all in one transaction. Takes the store the server holds open. Never throws for a bad return (its
// problems are in the report); throws for store failures.
FileReport submitAudit(Store& store, const Catalogue& catalogue, ReturnedAudit r);

struct ScoreSummaryRequest {
    std::string store;
    std::string period;  // empty: every period (else YYYY-MM, YYYY-Qn, YYYY or YYYY-YY)
    std::string out;     // non-empty: the summary workbook (.xlsx) is written here
};

// Reads only: a store that does not exist is Error(NoInput), never created.
ScoreSummary scoreSummary(const ScoreSummaryRequest& request);
// The same on a store the caller holds open (audit-serve's downloads); request.store is not used.
ScoreSummary scoreSummary(Store& store, const ScoreSummaryRequest& request);

struct ScoreStatusRequest {
    std::string store;
    std::string period;  // empty: every audit draw
    std::string asOf;    // ISO date; empty: today (the store's clock, so $AUDIT_NOW fixes it)
    std::string out;     // non-empty: the status workbook (.xlsx) is written here
};

// Allocated, returned, moderated, outstanding and overdue per draw and per auditor (audit/report/return_status.h).
// Reads only: a store that does not exist is Error(NoInput).
ReturnStatus scoreStatus(const ScoreStatusRequest& request);
// The same on a store the caller holds open (audit-serve's rounds and downloads); request.store is not used.
ReturnStatus scoreStatus(Store& store, const ScoreStatusRequest& request);

struct ScoreVoidRequest {
    std::string store;
    std::string formId;
    std::optional<int> version;  // default: the version that counts now
    std::string reason;          // required
    std::string by;              // who: "" for the OS user
};

// A stored audit version stops counting, with a record (audit/forms/audit_void.h). The store must exist.
AuditVoid scoreVoid(const ScoreVoidRequest& request);

}  // namespace audit::jobs
