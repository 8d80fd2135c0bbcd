// The audit-reconcile jobs (moderation): draw the moderation sample of a period (and write its sample, blank returns
// and forms), render a draw's forms again, import moderation returns, and audit accuracy over time (optionally as a
// CSV or workbook). Throw audit::Error (Usage for a request the store or catalogue shows to be wrong: an unknown
// framework, a grade not on its scale); never print.
#pragma once
#include "audit/moderation/moderation_void.h"
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/moderation/moderation.h"
#include "audit/moderation/calibration.h"
#include "audit/moderation/moderation_form.h"
#include "audit/moderation/ratings.h"

namespace audit::jobs {

using Progress = std::function<void(std::size_t done, std::size_t total)>;

// ---- sample
struct ModerationSampleRequest {
    std::string period;                      // YYYY-MM or YYYY-Qn
    std::string store;
    std::string framework;                   // empty: the period's audits' framework, else ofsted-four-point
    // Overrides of the framework's moderation policy:
    std::optional<double> fraction;          // 0 to 1
    std::optional<long long> minPerAuditor;  // 0 or more
    std::vector<std::string> oversample;     // GRADE=FACTOR
    bool noAlways = false;                   // no grade is always moderated
    std::vector<std::string> always;         // grades always moderated (replace the policy's when given)
    std::optional<bool> blind;               // absent: the framework's
    std::optional<std::uint64_t> seed;       // absent: a fresh one, reported
    std::string moderators;                  // the moderators' roster (CSV: moderator, capacity); empty: none
    std::string outDir;                      // empty: only the draw is recorded; else sample, returns and forms
    Progress progress;                       // while the forms are written
};

struct ModerationSampleResult {
    std::int64_t drawId = 0;
    std::string period, framework;
    std::uint64_t seed = 0;
    std::size_t audits = 0, target = 0, selected = 0;
    double fraction = 0;
    bool blind = true;
    std::map<std::string, std::size_t> reasons;  // selected because -> audits
    std::map<std::string, std::size_t> loads;    // moderator -> audits (with a roster)
    std::vector<std::string> files;              // moderation-sample.csv, moderation-returns.csv
    std::vector<std::string> forms;              // the XLSX moderation forms
    std::string formsDir;                        // outDir/forms
};

// The files are written before the draw is recorded (a failure leaves neither); the forms after (a failure then
// says how to write them again). Error(Data) when the period has no audits in the store.
ModerationSampleResult moderationSample(const ModerationSampleRequest& request);

// ---- forms
struct ModerationFormsRequest {
    std::string store;
    std::optional<std::int64_t> drawId;  // else the latest moderation draw of `period`
    std::string period;
    std::optional<bool> blind;           // absent: the draw's mode
    std::string outDir;
    Progress progress;
};

struct ModerationFormsResult {
    std::int64_t drawId = 0;
    bool blind = true;
    std::vector<std::string> forms;
    std::size_t folders = 0;  // one per moderator
};

ModerationFormsResult moderationForms(const ModerationFormsRequest& request);

// ---- import
struct ModerationImportRequest {
    std::vector<std::string> paths;  // XLSX forms, folders of them, CSV returns
    std::string store;
    Progress progress;
};

struct ModerationImportResult {
    std::vector<moderation::FileResult> files;  // each imported or rejected with every problem
    moderation::ImportResult total;             // over the imported files
    std::size_t rejected = 0;
};

// Error(NoInput) for a missing path before anything is stored; a bad file is reported, not thrown.
ModerationImportResult moderationImport(const ModerationImportRequest& request);

// ---- accuracy
struct ModerationAccuracyRequest {
    moderation::AccuracyOptions options;  // options.framework: empty = the one the moderated audits name
    std::string store;
    std::string out;  // empty, FILE.csv or FILE.xlsx (Accuracy, Flags and Trend with a chart)
};

struct ModerationAccuracyResult {
    moderation::Accuracy accuracy;
    std::string framework;  // whose grades counted
    std::size_t pairs = 0;  // moderated grades
};

ModerationAccuracyResult moderationAccuracy(const ModerationAccuracyRequest& request);
// The same on a store the caller holds open (audit-serve's accuracy page and downloads); request.store is not used.
ModerationAccuracyResult moderationAccuracy(Store& store, const ModerationAccuracyRequest& request);

// ---- stats: the agreement statistics of a pairs file
struct PairStatsRequest {
    std::string pairs;                         // the pairs file (CSV)
    std::string scale = "ofsted-four-point";   // a framework id, a framework XML file, or a built-in scale (ofsted4)
    std::optional<std::string> by;             // absent: no groups; else one of agreement::pairGroupColumns()
};

struct PairStatsResult {
    agreement::GradeScale scale;
    agreement::PairsFile pairs;  // the tallies and statistics, overall and by group
};

// Error(Usage) for an unknown scale (naming the known ones) or `by`; Error(NoInput) or Error(Data) for the file.
PairStatsResult pairStats(const PairStatsRequest& request);

// The share of a row's pairs moderated down (none without pairs), and its note (why kappa or AC2 is missing).
std::optional<double> moderatedDownShare(const moderation::AccuracyRow& row);
std::string accuracyNote(const moderation::AccuracyRow& row);

// ---- stats --ratings: multi-rater agreement of a ratings file (unit, rater, grade)
struct RatingStatsRequest {
    std::string ratings;                      // the ratings file (CSV)
    std::string scale = "ofsted-four-point";  // as PairStatsRequest::scale, or "numbers" for plain numbers
};

struct RatingStatsResult {
    agreement::RatingsFile file;
    agreement::RatingsSummary summary;
};

// Error(Usage) for an unknown scale; Error(NoInput) or Error(Data) (every problem by line and column) for the file.
RatingStatsResult ratingStats(const RatingStatsRequest& request);

// ---- calibrate: calibration exercises (audit/moderation/calibration.h)
struct CalibrationSampleRequest {
    std::string store;
    std::string auditors;                    // roster CSV: a column auditor naming the participants
    std::size_t cases = 0;
    std::optional<std::string> period;       // draw among this period's audited cases
    std::optional<std::string> templateId;   // when the audits use several templates
    std::optional<std::uint64_t> seed;       // absent: a fresh one, reported
    std::string outDir;                      // empty: only the exercise is recorded; else one form per participant and case
};

struct CalibrationSampleResult {
    calibration::Exercise exercise;
    std::vector<std::string> forms;
};

CalibrationSampleResult calibrationSample(const CalibrationSampleRequest& request);

struct CalibrationImportRequest {
    std::vector<std::string> paths;  // returned forms, or folders of them
    std::string store;
};

// A bad file is reported (rejected, with every problem), not thrown.
calibration::ImportReport calibrationImport(const CalibrationImportRequest& request);

struct CalibrationReportRequest {
    std::string store;
    std::int64_t exercise = 0;
    std::string reference;  // a participant whose grades are the reference; empty = the consensus
    std::string out;        // empty, or the QA lead's workbook (.xlsx)
};

calibration::Report calibrationReport(const CalibrationReportRequest& request);
// ---- void: a moderation return stops counting, with a record
struct ModerationVoidRequest {
    std::string store;
    std::string formId;          // the moderation form's id (M-...) or the audited form's id
    std::optional<int> version;  // default: the version that counts now
    std::string reason;          // required
    std::string by;              // who: "" for the OS user
};

// audit/moderation/moderation_void.h; the store must exist.
ModerationVoid moderationVoid(const ModerationVoidRequest& request);

}  // namespace audit::jobs
