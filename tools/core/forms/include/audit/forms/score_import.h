// Importing completed audits: returned XLSX forms (as rendered by audit-template and filled in with Excel,
// LibreOffice or openpyxl) and bulk answer CSV files (docs/BULK_ANSWERS.md), validated against the template
// and framework they name, scored by the framework's rules (audit/scoring.h) and stored (audit/store.h).
//
//   audit::Catalogue cat = audit::Catalogue::load();
//   audit::Store store(audit::resolveStore(option));
//   audit::ImportReport report = audit::importReturns(store, cat, {"returns/"});
//   // report.files: one entry per file with its outcome and, when rejected, every problem by sheet and cell
//   // (or line); report.imported / newVersions / unchanged / rejected: the counts.
//
// Rules (issue 5):
// - A form is identified by its hidden identity sheet (template id and version, case, draw, auditor, form id).
//   A workbook without one is "not an audit form"; a template version the toolkit does not have is an error.
// - Validation collects every problem: answers and grades on the template's scales, every required answer and
//   domain grade present, a rationale wherever the auditor's grade departs from the computed one (the framework's
//   rule), a valid completed date, and for each action a description, an owner and a valid due date.
// - An invalid return stores nothing. Each valid return (one form; for a CSV, the whole file) is stored in one
//   transaction. A file imported before (same SHA-256) changes nothing; a return whose content equals the
//   latest stored version of its form changes nothing either; a changed return for a stored form becomes its
//   next version (the latest counts, see the store's audit_latest view).
// Nothing here prints or exits; problems are audit::Problem values (file, place, message).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/base/error.h"
#include "audit/forms/scoring.h"
#include "audit/forms/template.h"

namespace audit {

class Store;

// One action from a return, as read (not yet validated).
struct ReturnedAction {
    int number = 0;           // its row on the form's actions table (1..), or its order in the CSV file
    std::string description;
    std::string owner;
    std::string due;          // as read: an ISO date from a date cell, or the text typed
    std::string descriptionPlace, ownerPlace, duePlace;  // where each value is, for messages
};

// A return as read from a form or from a CSV file, before validation.
struct ReturnedAudit {
    std::string file;        // as given on the command line
    std::string kind;        // "xlsx" or "csv"
    std::string fileHash;    // SHA-256 of the whole file

    // identity
    std::string formId;
    std::string templateId;
    int templateVersion = 0;
    std::string caseRef, childRef, auditor, team, serviceArea, category, worker, period;
    std::string storeId;  // the store the form was made for (its identity sheet's store_id); "" for none
    std::optional<std::int64_t> drawId;
    std::string completedDate;  // as read
    std::string strengths, escalation;

    AuditInput input;                     // answers, evidence, grades, rationales
    std::vector<ReturnedAction> actions;  // rows with anything in them

    // Where each value sits, for messages: "answer:<question>", "evidence:<question>", "grade:<domain>",
    // "rationale:<domain>", "overall-grade", "overall-rationale", "completed", "identity:<field>", "form".
    std::map<std::string, std::string> places;
    std::string place(const std::string& key) const;  // "" if unknown
};

// Checks a return against its template and framework; returns every problem (empty = valid) and the scores.
// `score` is filled in either way.
std::vector<Problem> validateReturn(const ReturnedAudit& r, const Template& tpl, const Framework& fw, ScoreResult& score);

// A canonical text of everything a return says (identity, answers, evidence, grades, rationales, actions,
// dates, strengths): equal texts mean equal returns, whatever program saved the file.
std::string canonicalReturn(const ReturnedAudit& r);

enum class ImportOutcome { Imported, NewVersion, Unchanged, Rejected };
const char* toString(ImportOutcome o);  // "imported", "new-version", "unchanged", "rejected"

struct StoredReturn {
    std::string formId;
    std::string caseRef;
    int version = 0;             // the version stored (or the stored one that was equal)
    std::int64_t auditId = 0;
    ImportOutcome outcome = ImportOutcome::Imported;
    std::size_t disagreements = 0;  // domains (and overall) where the auditor's grade departs from the computed one
    std::size_t gradesLeftBlank = 0;  // domain grades left blank to agree with the computed one (audit.extra)
};

// Stores one validated, scored return (audit, answers, judgements with computed and auditor grades, actions
// with status open). Call inside a transaction. Returns Unchanged (and stores nothing) when the latest version
// of the form has the same canonical content.
StoredReturn storeReturn(Store& store, const ReturnedAudit& r, const Template& tpl, const Framework& fw,
                         const ScoreResult& score);

// ---- reading -------------------------------------------------------------------------------------------

// Why a template id and version cannot be used ("" when the catalogue has it): an unknown template, or a
// version the toolkit does not have (naming the versions it has).
std::string templateProblem(const Catalogue& catalogue, const std::string& id, int version);

// Reads a returned form. Throws Error(Data) when the file is not a workbook, not one of our forms, or names a
// template (version) the catalogue does not have; values are read as they are (validation comes later).
ReturnedAudit readFormReturn(const std::string& path, const Catalogue& catalogue);
// The same from the file's bytes, already read (importReturns hashes them first): the file is not read again.
ReturnedAudit readFormReturn(const std::string& path, std::string contents, const Catalogue& catalogue);

// Reads a bulk answers CSV (docs/BULK_ANSWERS.md): every return in it, grouped by form. Problems of the
// file's structure and rows (unknown columns, inconsistent identity, unknown template) go to `problems` with
// "line N" places; the returns are still given for validation.
std::vector<ReturnedAudit> readBulkCsv(const std::string& path, const Catalogue& catalogue,
                                       std::vector<Problem>& problems);

// ---- importing files and folders ------------------------------------------------------------------------

struct FileReport {
    std::string file;
    std::string kind;                  // "xlsx", "csv"
    ImportOutcome outcome = ImportOutcome::Imported;  // for the file as a whole (a CSV: Imported if any
                                                      // return was stored, else Unchanged; Rejected)
    std::vector<Problem> problems;     // when rejected: every problem
    std::vector<StoredReturn> returns; // what was stored (or found unchanged)
};

struct ImportReport {
    std::vector<FileReport> files;     // in the order processed (folders expanded, sorted)
    std::size_t imported = 0;          // returns stored (first versions and new versions)
    std::size_t newVersions = 0;       // of which new versions of a stored form
    std::size_t unchanged = 0;         // returns (or files) already stored as they are
    std::size_t rejected = 0;          // files rejected
    std::size_t disagreements = 0;     // grades departing from the computed one, over the stored returns
    std::size_t gradesLeftBlank = 0;   // domain grades left blank to agree with the computed one, over them
};

struct ImportOptions {
    // Called after each file (for a progress bar): files done, files in all.
    std::function<void(std::size_t done, std::size_t total)> progress;
    // When set, the import is recorded in the event log (tool "audit-score", command "import") in the same
    // transaction as the data.
    std::string eventTool, eventCommand = "import";
    // Accept returns whose case is in no audit draw of the store (thematic audits outside a sample). Without it such
    // a return is rejected: it is most often another council's or another store's form.
    bool unsampled = false;
};

// Why a return does not belong in this store ("" when it does): a form made by another store (its identity sheet's
// store_id differs from Store::storeId()), or, unless `unsampled`, a case in no audit draw of this store.
std::string provenanceProblem(Store& store, const ReturnedAudit& r, bool unsampled);

// The files a list of paths names: files as given; folders searched recursively for *.xlsx and *.csv
// (lock files "~$..." and ".~lock..." skipped), sorted. Throws Error(NoInput) for a path that does not exist.
std::vector<std::string> expandReturnPaths(const std::vector<std::string>& paths);

// Validates returns read from one source (a file, or an audit completed in the browser) and stores them the
// way importReturns does: every problem collected into `fr.problems` (then nothing is stored and fr.outcome is
// Rejected), else all of them in one transaction (fr.returns, fr.outcome). A return without a fileHash gets the
// SHA-256 of its canonical text. Throws only for store failures.
// With `provenance` (importReturns passes its options), a return from another store, or of a case in no audit draw
// unless provenance->unsampled, is refused too (provenanceProblem).
void validateAndStore(Store& store, const Catalogue& catalogue, std::vector<ReturnedAudit>& returns, FileReport& fr,
                      const ImportOptions* provenance = nullptr);

// One return that did not come from a file (audit-serve: a form submitted in the browser): validateAndStore with
// `options`' provenance checks, an import_log row of kind `logKind` and, when options.eventTool is set, an event, all
// in one transaction. The same validation, scoring, refusals and stored rows as a returned workbook. The caller is
// jobs::submitAudit (audit/jobs/score.h).
FileReport importReturn(Store& store, const Catalogue& catalogue, ReturnedAudit r, const std::string& logKind,
                        const ImportOptions& options);

// Imports every file: each valid return stored with its import_log row (a savepoint per file), each rejected
// file with all its problems (nothing of it stored, a "rejected" import_log row), the whole run in ONE
// transaction: a failure of the store or the disk part way leaves the store exactly as it was. Never throws for
// a bad file (it is reported); throws for store failures.
ImportReport importReturns(Store& store, const Catalogue& catalogue, const std::vector<std::string>& paths,
                           const ImportOptions& options = {});

}  // namespace audit
