// Scoring by a framework's rules: item answers → item scores (Not applicable and unanswered items left
// out) → domain score (0..100) → domain grade by the framework's score bands → capped by limiting items
// (e.g. "child seen alone = No caps Assessment at Requires improvement") → the overall grade by the overall
// rule (auditor judgement, lowest domain, weighted mean, limiting) and overall caps → whether a rationale is
// required because the auditor's grade departs from the computed one.
//
// The audit form's live formulas (audit/form.h) compute exactly the same numbers; tests hold them together.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/forms/framework.h"
#include "audit/forms/template.h"

namespace audit {

// What an auditor returned. Answers and grades may be keys ("partly") or labels ("Partly"); blank or absent
// means not given.
struct AuditInput {
    std::map<std::string, std::string> answers;           // question id → answer
    std::map<std::string, std::string> evidence;          // question id → evidence text (not scored)
    std::map<std::string, std::string> domainGrades;      // domain id → the auditor's grade
    std::map<std::string, std::string> domainRationales;  // domain id → rationale
    std::string overallGrade;
    std::string overallRationale;
    // Not scored; carried so that a filled form (audit/form.h) can hold a whole return.
    std::string strengths;
    struct Action {
        std::string action, owner, due;  // due: ISO date yyyy-mm-dd
    };
    std::vector<Action> actions;
};

struct ItemResult {
    std::string question;
    std::string domain;
    std::string answer;     // answer key; empty when unanswered (or not an answer of the scale)
    bool answered = false;
    bool excluded = false;  // Not applicable
    double weight = 1;
    double score = 0;       // weight × answer score (0 when excluded or unanswered)
    double possible = 0;    // weight × the scale's highest score (0 when excluded or unanswered)
};

struct CapResult {
    std::string question;
    std::string answer;  // the answer key that triggered it
    std::string cap;     // grade key
    Limit::Scope scope = Limit::Scope::Domain;
};

struct DomainResult {
    std::string domain;
    std::vector<ItemResult> items;
    double earned = 0;                  // Σ weight × score
    double possible = 0;                // Σ weight × highest score, over answered, scored items
    std::optional<double> score;        // 100 × earned / possible; none when nothing was scorable
    std::optional<std::string> band;    // grade key by the bands
    std::vector<CapResult> caps;        // limiting items that triggered (domain scope)
    std::optional<std::string> computed;  // band, capped
    std::optional<std::string> auditor;   // the auditor's grade key (the computed one when left blank to agree)
    std::optional<std::string> final;     // auditor's grade if given, else computed
    bool leftBlank = false;             // left blank under <blank-grade domain="agrees">: agrees with computed
    bool departs = false;               // auditor and computed both given and different
    bool rationaleRequired = false;
    bool rationaleGiven = false;
};

struct OverallResult {
    OverallMethod method = OverallMethod::WeightedMean;
    std::optional<double> mean;           // weighted mean of domain grade values (weighted-mean, limiting)
    std::optional<std::string> uncapped;  // before caps
    std::vector<CapResult> caps;          // overall-scope caps that triggered
    std::vector<std::string> limitedBy;   // limiting domains that lowered it
    std::optional<std::string> computed;  // none under auditor-judgement, or when no domain has a grade
    std::optional<std::string> auditor;
    std::optional<std::string> final;
    bool departs = false;
    bool rationaleRequired = false;
    bool rationaleGiven = false;
};

// A problem with a return, named by the field it is in so that a reader can point at the cell
// (FormLayout::cell(field, id) in audit/form.h).
enum class Field { Answer, Evidence, DomainGrade, DomainRationale, OverallGrade, OverallRationale };
struct ScoreProblem {
    Field field;
    std::string id;  // question id or domain id; empty for the overall fields
    std::string message;
};

struct ScoreResult {
    std::vector<DomainResult> domains;  // in template order
    OverallResult overall;
    std::vector<ScoreProblem> problems; // values not on the scales; required answers, grades, rationales missing
    const DomainResult* domain(std::string_view id) const;
    bool complete() const { return problems.empty(); }
};

// Scores one return. Never throws for bad input values: they become problems (and count as not given).
ScoreResult score(const Template& tpl, const Framework& fw, const AuditInput& input);

// Rounding used by the weighted mean: the nearest whole grade value, halves going down (to the worse grade).
double roundGradeValue(double mean);

}  // namespace audit
