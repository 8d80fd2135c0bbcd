// Calibration exercises ("group audits"): several auditors audit the same cases with the same template, and
// the QA lead sees how far their grades agree and who grades more generously or more severely than the rest.
//
// Sample (drawExercise): `cases` distinct cases drawn at random (seeded, audit::Random) from the latest audits
// in the store (of a period when one is given), all of one template; every participant audits every case. The
// exercise, its cases and one form per participant and case are recorded in the store (calibration_exercise,
// calibration_form; docs/STORE.md). Forms are the ordinary XLSX audit forms (audit/forms/form.h) with the draw
// cell "CAL-<exercise>", which also makes their form ids distinct from the ordinary forms of the same cases.
//
// Returns (importReturns): the filled forms, read and validated as audit-score does (every problem by sheet
// and cell; an invalid form stores nothing). Each domain's final grade (the auditor's, else the computed one)
// and the overall grade are stored in calibration_grade; a form imported again with the same grades changes
// nothing, with other grades replaces its grades.
//
// Report (report): for each domain and the overall grade, the units (cases) × raters (participants) matrix of
// grade values on the framework's scale: Krippendorff's alpha (ordinal and nominal), Fleiss' kappa, Gwet's AC1
// and AC2 (linear weights), each with SE and 95% interval (audit/moderation/agreement.h). For each participant,
// over every domain and the overall grade, the share of grades equal to, above (more generous) and below (more
// severe) the consensus: the median grade of the case and domain (an even number of grades whose two middle
// grades differ has no consensus and is not compared), or the grade of a named reference rater. A participant
// is generous (severe) when above outnumbers below (below above) with a one-sided sign test p < 0.05.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/base/error.h"
#include "audit/moderation/agreement.h"

namespace audit {
class Catalogue;
class Store;
}

namespace audit::calibration {

struct SampleRequest {
    std::vector<std::string> participants;  // at least two, distinct
    std::size_t cases = 0;                  // at least one
    std::optional<std::string> period;      // draw among this period's audited cases; nullopt: any audited case
    std::optional<std::string> templateId;  // needed when the candidate audits use several templates
    std::uint64_t seed = 0;
};

struct ExerciseForm {
    std::string participant, caseRef, formId;
};

struct Exercise {
    std::int64_t id = 0;
    std::string createdAt, period, templateId, frameworkId, seed;
    int templateVersion = 0;
    std::vector<std::string> participants;  // in roster order
    std::vector<std::string> cases;         // in draw order
    std::vector<ExerciseForm> forms;        // by case, then participant
};

// The participants of a roster file: CSV with a column auditor (or participant, or name), one per row;
// Error(Data) by line for a blank or repeated name, fewer than two names or no such column.
std::vector<std::string> readParticipants(const std::string& path);

// Draws and records an exercise (one transaction). Error(Usage) for fewer than two participants or no cases;
// Error(Data) when the store has fewer audited cases than asked (saying how many) or their templates differ
// and none is chosen.
Exercise drawExercise(Store& store, const Catalogue& catalogue, const SampleRequest& request);
// Error(Data) when the store has no such exercise.
Exercise loadExercise(Store& store, std::int64_t id);
// One blank XLSX form per participant and case: DIR/<participant>/<form id>.xlsx. Returns the paths written.
std::vector<std::string> writeExerciseForms(const Exercise& exercise, const Catalogue& catalogue, const std::string& dir);

struct ImportedFile {
    std::string file;
    std::string outcome;  // imported | replaced | unchanged | rejected
    std::string participant, caseRef;
    std::int64_t exercise = 0;
    std::vector<Problem> problems;
};
struct ImportReport {
    std::vector<ImportedFile> files;
    std::size_t imported = 0, replaced = 0, unchanged = 0, rejected = 0;
};
// Reads returned calibration forms (files, or folders searched for *.xlsx). A workbook that is not a
// calibration form of this store is rejected with the reason.
ImportReport importReturns(Store& store, const Catalogue& catalogue, const std::vector<std::string>& paths);

struct DomainStats {
    std::string domain;  // a domain id, or "_overall"
    std::string title;
    std::size_t cases = 0;    // cases with two grades or more
    std::size_t grades = 0;   // grades given
    agreement::Coefficient alphaOrdinal, alphaNominal, fleiss, ac1, ac2Linear;
};

struct RaterShares {
    std::string participant;
    std::uint64_t compared = 0, equal = 0, above = 0, below = 0;
    std::optional<double> pAbove, pBelow;  // one-sided sign tests
    bool generous = false, severe = false;
};

struct GradeTable {
    std::string domain, title;
    std::vector<std::vector<std::string>> labels;  // cases × participants: the grade's label, "" when none
};

struct Report {
    Exercise exercise;
    std::string reference;              // the reference rater; empty = the consensus
    std::vector<std::string> grades;    // the scale's labels, worst first
    std::size_t returned = 0;           // forms with grades in the store
    std::vector<ExerciseForm> missing;  // forms not returned yet
    std::vector<DomainStats> domains;   // the template's domains, then the overall grade
    std::vector<RaterShares> raters;    // in roster order (the reference rater left out)
    std::vector<GradeTable> table;      // per domain (as `domains`), the grades given
};
// Error(Usage) when the reference is not a participant.
Report report(Store& store, const Catalogue& catalogue, std::int64_t exercise, const std::string& reference = "");

// The QA lead's workbook: the coefficients per domain, each participant's shares named with the generous and
// severe flags, and the grades given (case × participant per domain). Written atomically.
void writeReportWorkbook(const Report& report, const std::string& path);

}  // namespace audit::calibration
