// Grading frameworks (audit-frameworks/*.xml): the grade scale, the answer scale, the domains, the
// scoring rules (score bands, the overall rule, when a rationale is required) and the moderation policy.
// The format is documented in audit-frameworks/README.md. Loading validates everything and throws one
// audit::Error(Data) listing every problem with its file and line.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/base/error.h"

namespace audit {

// One grade of the scale. Grades are held worst first; rank is the position from 1 (worst).
struct Grade {
    std::string key;          // "requires-improvement", "6"
    std::string label;        // "Requires improvement", what forms show and auditors pick
    double value = 0;         // numeric value, higher is better (Ofsted 1..4, Signs of Safety 0..10)
    int rank = 0;             // 1 = worst grade of the scale
    std::string colour;       // "#FFC000"
    std::string description;  // the grade descriptor
};

// One answer an evidence item can take.
struct AnswerOption {
    std::string key;          // "yes", "partly", "no", "na"
    std::string label;        // "Yes", "Not applicable"
    double score = 0;         // what it scores (ignored when excluded)
    bool excluded = false;    // "Not applicable": left out of the domain score altogether
};

struct Domain {
    std::string id;           // "assessment"
    std::string title;        // "Assessment"
    std::string description;
    double weight = 1;        // weight in the weighted-mean overall rule (a template section may override)
    bool limiting = false;    // under the "limiting" overall rule the overall grade cannot be above this domain's grade
};

// A domain score (0..100) at or above min gives grade.
struct ScoreBand {
    std::string grade;  // grade key
    double min = 0;
};

enum class OverallMethod {
    AuditorJudgement,  // no computed overall grade: the auditor's judgement, always with a rationale
    LowestDomain,      // the lowest domain grade
    WeightedMean,      // the weighted mean of the domain grade values, rounded to the nearest grade (ties down)
    Limiting,          // the weighted mean, but never above the grade of any limiting domain
};
std::string_view toString(OverallMethod m);                      // "auditor-judgement", ...
std::optional<OverallMethod> overallMethodFrom(std::string_view s);

// Which domain grades the overall rule combines.
enum class GradeBasis {
    Final,     // the auditor's domain grade where given, else the computed one (default)
    Computed,  // the computed domain grades only
};

enum class RationaleRule {
    WhenDeparts,  // a rationale is required when the auditor's grade differs from the computed one (default)
    Always,
    Never,
};

struct ModerationPolicy {
    double fraction = 0.1;                    // share of completed audits moderated each period
    int minPerAuditor = 1;                    // at least this many per auditor per period (0 = no minimum)
    std::string period = "month";             // month | quarter
    bool blind = true;                        // the moderator does not see the auditor's grades
    std::vector<std::string> alwaysModerate;  // grade keys whose audits are all moderated (e.g. "inadequate")
    struct Oversample {
        std::string grade;  // grade key
        double factor = 1;  // selection weight relative to other audits
    };
    std::vector<Oversample> oversample;       // e.g. good and outstanding ×2 (generous grading is the usual bias)
};

class Framework {
public:
    std::string id;
    int version = 0;
    std::string title;
    std::string description;
    std::string file;  // where it was loaded from
    int line = 0;

    std::vector<Grade> grades;          // worst first
    std::vector<AnswerOption> answers;  // in the order forms offer them
    std::vector<Domain> domains;
    std::vector<ScoreBand> bands;       // best first (highest min first)
    double thresholdValue = 0;          // grades with value >= this count as "good or better" / "6 or more"
    std::string thresholdLabel;         // "Good or better"
    OverallMethod overallMethod = OverallMethod::WeightedMean;
    GradeBasis overallBasis = GradeBasis::Final;
    RationaleRule domainRationale = RationaleRule::WhenDeparts;
    RationaleRule overallRationale = RationaleRule::WhenDeparts;
    // <blank-grade domain="agrees"/>: a domain grade left blank on a return means the auditor agrees with the
    // computed grade (stored as the auditor's grade, marked as left blank); "required" (the default): it is an
    // error where the template requires a judgement.
    bool blankDomainGradeAgrees = false;
    ModerationPolicy moderation;

    // Lookups return nullptr when nothing matches. Grades and answers match by key or by label,
    // case-insensitively and ignoring surrounding spaces (what people type into a spreadsheet).
    const Grade* grade(std::string_view keyOrLabel) const;
    const Grade* gradeByValue(double value) const;
    const AnswerOption* answer(std::string_view keyOrLabel) const;
    const Domain* domain(std::string_view id) const;

    double maxAnswerScore() const;  // highest score of a non-excluded answer
    bool meetsThreshold(const Grade& g) const { return g.value >= thresholdValue; }
    const Grade& worst() const { return grades.front(); }
    const Grade& best() const { return grades.back(); }
    std::vector<std::string> gradeLabels(bool bestFirst = true) const;
    std::vector<std::string> answerLabels() const;
    // The grade a domain score (0..100) falls in, by the bands.
    const Grade& gradeForScore(double score) const;
};

// Parses framework XML; throws Error(Data) listing every problem ("file: line N: message").
Framework parseFramework(const std::string& xml, const std::string& file);
// Reads and parses a file; Error(NoInput) if it cannot be read.
Framework loadFramework(const std::string& path);

// Tolerance used wherever a score meets a band minimum (the form's formulas use the same).
inline constexpr double kScoreEpsilon = 1e-9;

}  // namespace audit
