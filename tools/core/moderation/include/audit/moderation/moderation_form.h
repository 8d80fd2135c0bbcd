// XLSX moderation forms (issue 6): one workbook per audit of a moderation draw, rendered like the audit form
// (audit/form.h, the same house style through the core's shared form sheet) and read back with the same rigour
// as returned audit forms; the rules for the grades are the CSV return's (audit/moderation.h, importGrades).
//
// Layout (moderation layout version 1), visible sheet "Moderation", columns
//   A ref, B question / what is graded, C the auditor's record (evidence; open mode: answers and rationale),
//   D the moderator's grade, E reason code, F reason (in words), G agreed final grade.
// Case details and the moderator's name and date at the top; one block per domain of the audit (template
// order; the overall judgement last): a heading, a row per question with the evidence the auditor noted, in
// open mode a row with the auditor's (and the computed) grade and rationale, and the moderation row with
// dropdowns for the grades (the framework's) and the reason codes. Input cells are unlocked, the rest protected.
// The hidden identity sheet "Form" (as on audit forms) holds key/value rows: kind = moderation, layout_version,
// form_id ("M-" + the audit's form id), audit_form_id, draw_id, moderator, mode, framework_id,
// framework_version, audit_template_id, audit_template_version, case_ref, auditor, period, store_id (the store it
// was made from, as on audit forms; absent when the store has no id), sheet, and the A1
// cell of every input: cell.moderator, cell.moderated_date and per domain moderator_grade.<d>,
// reason_code.<d>, reason.<d>, agreed_grade.<d>. Readers find cells there, never by row.
//
// Blind mode (the default of most frameworks' policies): the workbook holds none of the auditor's judgements
// - no auditor's or computed grades, no answers, no rationales (which name the grade), no strengths - in any
// sheet or cached value; only the questions and the evidence the auditor noted on the file. It is a function of
// the audit's identity and evidence alone: two audits that differ only in their grades give identical bytes.
// Open mode shows the answers, the auditor's and the computed grades, the rationales and the strengths.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/moderation/moderation.h"

namespace audit {
class Catalogue;
class Framework;
class Store;
}  // namespace audit

namespace audit::moderation {

inline constexpr int kModerationLayoutVersion = 1;

struct FormQuestion {
    std::string id, number, text;
    std::string answer;    // open mode only
    std::string evidence;  // what the auditor noted
};

struct FormDomain {
    std::string domain;  // the judgement's domain; "_overall" for the overall judgement
    std::string title;
    std::string guidance;  // what good looks like (the template's)
    std::vector<FormQuestion> questions;
    std::string auditorGrade, computedGrade, rationale;  // open mode only
    // The moderator's entries when a form is written filled in (demo data); blank on a form to send out.
    std::string moderatorGrade, reasonCode, reason, agreedGrade;
};

// What a moderation form shows, loaded from the store (loadForm) or made by hand in tests.
struct ModerationForm {
    std::string formId;       // "M-" + auditFormId
    std::string auditFormId;
    std::int64_t drawId = 0;
    std::string moderator;    // allocated by the draw (blank if none was)
    bool blind = true;
    std::string caseRef, childRef, team, worker, category, auditor, period, completedDate;
    std::string templateId, templateVersion, templateTitle;
    std::string frameworkId;  // whose grades the dropdowns offer
    std::vector<FormDomain> domains;  // template order, "_overall" last
    std::string strengths;    // open mode only
    std::string moderatedDate;  // ISO; filled-in forms only
    std::string storeId;      // the store the form was made from (Store::storeId()), "" if it has none
};

// The form of one audit of a moderation draw. Blind: the auditor's judgements are not even loaded. What the
// moderator returned already (moderation_latest) is filled in: rendered open once the blind grades are in, the
// form sets them beside the auditor's for agreeing the final grade (a grade returned unchanged stays blind).
ModerationForm loadForm(Store& store, const Catalogue& catalogue, std::int64_t drawId, std::int64_t auditId,
                        bool blind);
// The forms of every audit of a moderation draw, in draw order; `blind` none = the draw's mode.
// Error(Data) when there is no moderation draw of that id.
std::vector<ModerationForm> loadDrawForms(Store& store, const Catalogue& catalogue, std::int64_t drawId,
                                          std::optional<bool> blind = std::nullopt);
// The latest moderation draw of a period; none if there is none.
std::optional<std::int64_t> latestDraw(Store& store, const std::string& period);

struct ModerationCells {
    std::string moderator, date;  // A1
    struct Domain {
        std::string domain, grade, reasonCode, reason, agreed;  // A1
    };
    std::vector<Domain> domains;
};
// Where the inputs are for a form (row positions depend on the questions shown).
ModerationCells moderationCells(const ModerationForm& form);
// The identity sheet's rows, in order.
std::vector<std::pair<std::string, std::string>> moderationIdentity(const ModerationForm& form);

// Writes the form atomically; byte-identical for identical inputs. `fw` gives the grades (dropdown, colours).
void writeModerationForm(const ModerationForm& form, const Framework& fw, const std::string& path);

// A name made safe for a file or folder: letters, digits, '-', '_' and '.' kept, spaces as '-', others '_',
// no leading dot; "_" for an empty name.
std::string safeFileName(const std::string& name);

// Writes forms into dir/<moderator>/M-<audit form id>.xlsx ("unallocated" for a form without a moderator;
// names made safe for a file system), in order, each with its framework's grades; returns the paths.
std::vector<std::string> writeForms(const std::vector<ModerationForm>& forms, const Catalogue& catalogue,
                                    const std::string& dir,
                                    const std::function<void(std::size_t, std::size_t)>& progress = {});
// The forms of a moderation draw (loadDrawForms) written by writeForms.
std::vector<std::string> writeDrawForms(Store& store, const Catalogue& catalogue, std::int64_t drawId,
                                        std::optional<bool> blind, const std::string& dir,
                                        const std::function<void(std::size_t, std::size_t)>& progress = {});

// ---- reading and importing

struct ModerationReturn {
    std::string formId, auditFormId, mode, moderator;
    std::optional<std::int64_t> drawId;
    std::string storeId, storeIdPlace;  // the identity sheet's store_id ("" on forms made before it) and its cell
    std::vector<ReturnedGrade> grades;  // one per domain, in the form's order, with the cell of every field
};
// Reads a returned form. Error(Data) with the file and place: not a workbook (not a zip, truncated), no identity
// sheet ("not a moderation form"), an audit form ("use audit-score import"), another layout version, a missing
// sheet.
ModerationReturn readModerationForm(const std::string& path);

// Imports one XLSX form (validated by importGrades; logged in import_log as moderation-form, rejected too). A form
// whose identity sheet carries another store's id is refused (Error(Data) naming both), as audit forms are.
ImportResult importForm(Store& store, const Catalogue& catalogue, const std::string& path);

struct FileResult {
    std::string file;
    std::string kind;  // "xlsx" or "csv"
    bool rejected = false;
    std::vector<Problem> problems;
    ImportResult result;
};
// The files paths name: files as given (.xlsx forms or .csv returns); folders searched recursively for *.xlsx
// (lock files skipped; CSV files in a folder are left alone: a sample folder holds the sample and the blank
// return too), sorted. Error(NoInput) for a path that does not exist.
std::vector<std::string> expandModerationPaths(const std::vector<std::string>& paths);
// Imports every file, each in its own transaction; a bad file is reported with all its problems, never thrown.
std::vector<FileResult> importModerationFiles(Store& store, const Catalogue& catalogue,
                                              const std::vector<std::string>& paths,
                                              const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace audit::moderation
