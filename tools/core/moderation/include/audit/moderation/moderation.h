// Moderation (issue 6): the moderation sample, moderators' allocation, moderation returns (CSV) and audit
// accuracy over time from the store.
//
// Sample (drawSample): from the latest audits of a period (one per case), following the framework's
// moderation policy:
//   1. every audit whose overall grade is one of `always` (e.g. Inadequate) when the policy says so;
//   2. at least `minPerAuditor` audits of every auditor (drawn among that auditor's audits, weighted);
//   3. more audits until the sample holds ceil(fraction × N) (at least one when N > 0), drawn without
//      replacement with selection weights by overall grade (oversampling, e.g. Good ×2, Outstanding ×3).
// Draws use audit::Random only, candidates sorted by form id first, so a seed reproduces the sample.
// Inclusion probabilities recorded are first-order approximations (1 for step 1; w_i/Σw of the auditor's
// audits for step 2; min(1, m·w_i/Σw) for step 3), documented as such in the draw's parameters.
//
// Moderators (allocateModerators): audit::allocateAuditors with the moderator's own name as "worker" and the
// audit's auditor as the case's worker, so nobody moderates their own audit; load follows capacity.
//
// Returns (importCsv, and XLSX moderation forms in audit/moderation_form.h): CSV with columns form_id (the audit's form id), domain, moderator, moderator_grade,
// reason_code, reason, agreed_grade, optional moderated_date and mode (blind|open). Every problem is collected
// with file:line and thrown as one Error(Data); nothing is stored from an invalid file. Each audit's rows
// form one moderation form (form id "M-" + the audit's form id); a form identical to its latest stored version
// is unchanged, a different one is stored as the next version.
//
// Accuracy (accuracy): auditor grade (judgement.auditor_rank, else computed_rank) against the moderator's
// grade over moderation_latest, grouped by auditor, team, domain or period and by period.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/moderation/agreement.h"
#include "audit/moderation/agreement_pairs.h"
#include "audit/sampling/auditor_allocation.h"
#include "audit/base/error.h"
#include "audit/base/random.h"

namespace audit {
class Catalogue;
class Store;
}

namespace audit::moderation {

// ------------------------------------------------------------------ sample

struct SamplePolicy {
    double fraction = 0.1;
    std::size_t minPerAuditor = 1;
    std::vector<std::size_t> always;   // grade indexes (0 = worst) whose audits are all moderated
    std::vector<double> weightByGrade;  // selection weight per grade index (worst first); empty = all 1
    bool blind = true;
    std::string framework;              // where the policy came from (recorded with the draw)
    double weight(std::optional<std::size_t> grade) const;
};

struct Candidate {
    std::int64_t auditId = 0;
    std::string formId, caseRef, auditor, team;
    std::optional<std::size_t> overall;  // grade index of the overall grade (0 = worst); none if not graded
};

struct Selected {
    std::size_t candidate = 0;     // index into the candidates
    double inclusionProbability = 1;  // first-order approximation (see above)
    std::string reason;            // "always", "min-per-auditor", "fraction"
};

struct Sample {
    std::size_t target = 0;
    std::vector<Selected> selected;  // in draw order
};

Sample drawSample(const std::vector<Candidate>& candidates, const SamplePolicy& policy, Random& random);

// The latest audit of each case in a period (sorted by form id), with the overall grade index on `scale`.
std::vector<Candidate> loadCandidates(Store& store, const std::string& period, const agreement::GradeScale& scale);

struct Moderator {
    std::string name;
    std::size_t capacity = 0;
};
// Reads a roster CSV: columns moderator (or name) and capacity (optional: default = the sample size).
std::vector<Moderator> readRoster(const std::string& path, std::size_t defaultCapacity);
// Per selected audit, the moderator's name. Error(Data) when no allocation respects the rules.
std::vector<std::string> allocateModerators(const std::vector<Candidate>& candidates, const Sample& sample,
                                            const std::vector<Moderator>& moderators);

// Records the draw (kind moderation), its strata (one per auditor), members and allocations; returns its id.
std::int64_t recordDraw(Store& store, const std::string& period, std::uint64_t seed, const SamplePolicy& policy,
                        const agreement::GradeScale& scale, const std::vector<Candidate>& candidates,
                        const Sample& sample, const std::vector<std::string>& moderatorOf);

// ------------------------------------------------------------------ frameworks

// The framework an audit was graded on: its framework_id, else its template's framework in the catalogue,
// else "ofsted-four-point".
std::string auditFramework(const Catalogue& catalogue, const std::string& frameworkId, const std::string& templateId,
                           const std::string& templateVersion);
// A framework's grade scale, worst first: GradeScale::ofsted4() for a framework graded Inadequate .. Outstanding
// (its aliases and messages), the framework's own grades otherwise (Signs of Safety 0-10); ofsted4() for a
// framework the catalogue does not have.
agreement::GradeScale frameworkScale(const Catalogue& catalogue, const std::string& frameworkId);

// ------------------------------------------------------------------ returns

struct ReasonCode {
    std::string key, label;
};
const std::vector<ReasonCode>& reasonCodes();  // evidence-missed, over-generous, threshold-misapplied,
                                               // recording-quality, agreed
std::optional<std::string> reasonCode(const std::string& keyOrLabel);  // the key, or none

// One domain's moderation as read from a return (a CSV row or a domain of an XLSX moderation form), before
// validation. Values as read (trimmed).
struct ReturnedGrade {
    std::string formId;  // the audit's form id
    std::string caseRef; // the audited case, when the return names it (checked against the audit's)
    std::string domain, moderator, moderatorGrade, reasonCode, reason, agreedGrade, date, mode;
    std::optional<std::int64_t> drawId;  // the moderation draw the form names (XLSX); none = the latest draw
    std::string place;                   // where the row is ("line 3", "sheet 'Moderation'")
    std::map<std::string, std::string> places;  // field (moderator_grade, reason_code, ...) -> its cell
    std::string at(const std::string& field) const;  // the field's place, else the row's
};

struct ImportResult {
    std::size_t forms = 0, imported = 0, newVersions = 0, unchanged = 0, rows = 0;
    // Forms stored (new or new versions) with a domain whose agreed grade is still blank: awaiting agreement
    // (the moderator's grades count for accuracy; the grade that counts stays the auditor's until agreed).
    std::size_t awaitingAgreement = 0;
    std::string outcome;  // imported | new-version | unchanged (the file's, for import_log)
};

// The rules both kinds of return share: every audit in the store; its domains; one moderator per audit, not
// its auditor; the case reference, when given, the audit's; the moderator's grade on the scale of the audit's
// framework (frameworkScale); the agreed grade optional (blank: awaiting agreement, stored as NULL and never
// counted as agreed), on that scale when given; once an agreed grade is given and it or the moderator's grade
// differs from the auditor's, a reason code other than 'agreed' and the reason in words; dates and modes well formed. `problems` (e.g. of the file's structure) are thrown with the rows' own,
// all at once, as Error(Data); nothing is stored then. Otherwise each audit's grades are one moderation form
// (form id "M-" + the audit's form id), stored in one transaction: unchanged when equal to its latest stored
// version, else its next version; the file is logged in import_log under `kind`. A grade returned in open mode
// that equals the moderator's blind grade of the latest version stays blind (it was given blind).
ImportResult importGrades(Store& store, const Catalogue& catalogue, const std::string& path, const std::string& hash,
                          const std::string& kind, std::vector<ReturnedGrade> grades, std::vector<Problem> problems);

// CSV returns (columns above); rejected files are logged in import_log too.
ImportResult importCsv(Store& store, const Catalogue& catalogue, const std::string& path);

// ------------------------------------------------------------------ accuracy

struct AccuracyOptions {
    std::string by = "auditor";        // auditor | team | domain | period
    std::optional<std::string> from, to;  // periods, inclusive
    std::string domain = "_overall";   // which domain's grades count (ignored for by=domain); "all" = every domain
    double threshold = 0.75;           // programme's exact-agreement threshold
    std::size_t periods = 3;           // k: the last k periods for the threshold flag (none if the range has fewer)
    std::size_t minN = 5;              // kappa, AC2 and the below-threshold flag only from this many pairs
    double alpha = 0.05;               // sign test level for the generosity flag
    std::string framework;             // whose grades: "" = the one framework the moderated audits name
};

struct AccuracyRow {
    std::string group, period;  // period "all" for the group's total over the range
    agreement::ConfusionTable table{4};
    agreement::Proportion exact, withinOne;
    std::uint64_t down = 0, up = 0;
    agreement::Coefficient kappaLinear, ac2;
};

struct Flag {
    std::string group, kind;  // kind: below-threshold | generous
    std::string detail;       // in words
    std::uint64_t n = 0;
    double value = 0;         // exact agreement (below-threshold) or moderated-down share (generous)
    std::optional<double> pValue;  // generous: one-sided sign test of down against up
};

struct Accuracy {
    AccuracyOptions options;
    std::vector<std::string> periods;  // sorted
    std::vector<std::string> groups;   // sorted
    std::vector<AccuracyRow> rows;     // by group, then period, then the group's "all" row
    std::vector<Flag> flags;
};

struct Pair {
    std::string auditor, team, domain, period;
    std::size_t auditorGrade = 0, moderatorGrade = 0;  // indexes, 0 = worst
};
std::vector<Pair> loadPairs(Store& store, const AccuracyOptions& options, const agreement::GradeScale& scale);

// The pairs of the selection on the scale of one framework (auditFramework of each audit): options.framework,
// else the framework every moderated audit in the selection names (ofsted-four-point when there is none).
// Error(Usage) naming them when the selection mixes frameworks and none is chosen.
struct PairSet {
    std::string framework;
    agreement::GradeScale scale = agreement::GradeScale::ofsted4();
    std::vector<Pair> pairs;
};
PairSet loadPairs(Store& store, const AccuracyOptions& options, const Catalogue& catalogue);
Accuracy accuracy(const std::vector<Pair>& pairs, const AccuracyOptions& options, std::size_t q = 4);
AccuracyRow accuracyRow(std::string group, std::string period, const agreement::ConfusionTable& table,
                        std::size_t minN);
// P(X >= down) for X ~ Binomial(down + up, 1/2): the one-sided sign test.
double signTestUpper(std::uint64_t down, std::uint64_t up);

}  // namespace audit::moderation
