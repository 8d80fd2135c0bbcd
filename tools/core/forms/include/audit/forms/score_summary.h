// The scoring summary over the store's latest audit versions (optionally of one period): grades per domain,
// per team and per template; disagreements between computed and auditor grades; and the share of cases graded
// good or better overall, unweighted (with a Wilson interval) and as a design-weighted stratified estimate
// (audit/estimate.h) with a 95% interval from the draws' inclusion probabilities.
//
// The grade counted for a domain (and overall) is the final one: the auditor's grade where given, else the
// computed one. "Good or better" is the framework's threshold (Framework::meetsThreshold).
//
// Design-weighted estimate: every audit whose draw and case are in the store's draw_member table counts in
// its stratum (key "draw <id>: <stratum>"); the stratum's population is the sum of the design weights (1/π) of
// all its drawn members, so it equals N_h for simple random sampling within strata; n_h is the number of
// returned audits (the latest form per drawn case), so cases not returned are treated as missing at random
// within their stratum. Strata with no return are left out (and counted). Several draws in one period are
// pooled as strata of one design. Audits outside any draw count only in the unweighted figures.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/sampling/estimate.h"
#include "audit/base/period.h"
#include "audit/forms/template.h"

namespace audit {

class Store;

using GradeCounts = std::map<std::string, std::size_t>;  // grade label -> audits

struct WeightedShare {
    StratifiedEstimate estimate;     // of the share good or better
    std::optional<Interval> ci;      // 95%, normal, clipped to [0, 1]; none when it cannot be computed
    std::string ciNote;              // why there is no interval ("" when there is one)
    std::size_t audits = 0;          // audits in the estimate
    std::size_t draws = 0;           // draws they come from
    std::size_t strataWithoutReturns = 0;
};

struct ScoreSummary {
    std::string period;                         // as asked ("" = every period)
    std::size_t audits = 0;                     // latest versions counted
    std::vector<std::string> gradeOrder;        // grade labels, best first, over the frameworks used
    std::vector<std::string> domainOrder;       // domains in the order first met in templates
    std::map<std::string, GradeCounts> domains; // domain -> final grade -> count
    GradeCounts overall;                        // overall final grade -> count
    std::map<std::string, GradeCounts> teams;   // team -> overall grade -> count ("(no team)" when unknown)
    std::map<std::string, GradeCounts> templates;  // "cin-cp v3" -> overall grade -> count
    std::map<std::string, std::size_t> disagreements;  // domain (or "overall") -> auditor grade departs
    std::size_t graded = 0;                     // audits with an overall grade
    std::size_t goodOrBetter = 0;
    std::optional<Interval> unweightedCi;       // Wilson, when graded > 0
    std::optional<WeightedShare> weighted;      // when any audit comes from a draw in the store
    std::string weightedNote;                   // why there is none, or what was left out
    std::size_t outsideDraws = 0;               // graded audits not from a draw in the store
    std::string thresholdLabel = "Good or better";
    // Which grade "good or better" (and every count here) counts: the auditor's grade before moderation.
    static constexpr const char* kGradeCounted =
        "the auditor's grade before moderation (the computed grade where the auditor gave none)";
    std::map<std::string, std::string> domainTitles;    // domain id -> its title in the framework
    std::map<std::string, std::string> templateTitles;  // "cin-cp v3" -> "Child in need and child protection (v3)"
};

// Throws Error(Usage) for a period that is not one (kPeriodForms).
ScoreSummary summarise(Store& store, const Catalogue& catalogue, const std::string& period = "");

// The summary as one JSON object: {"audits", "period", "domains": {domain: {grade: n}}, "overall", "teams",
// "templates", "disagreements", "good_or_better": {"grade_counted", "count", "graded", "share", "ci95",
// "weighted": {..., "ci95" (null when it cannot be computed), "ci95_note" (why)}}}.
std::string summaryJson(const ScoreSummary& s);

// The summary as a workbook (sheets Summary, Domains, Teams, Templates), written atomically: domains and templates
// by their titles, numbers formatted, each sheet set to print landscape one page wide with its header row repeated.
void writeSummaryXlsx(const ScoreSummary& s, const std::string& path);

}  // namespace audit
