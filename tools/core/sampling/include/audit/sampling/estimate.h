// Estimates from a stratified sample (STATISTICS.md "Stratified estimate"), matching R's survey package
// (svydesign(strata=, fpc=) + svymean):
//   ŷ = Σ W_h ȳ_h, W_h = N_h/N;   var(ŷ) = Σ W_h² (1 − f_h) s_h²/n_h,  f_h = n_h/N_h (0 without the fpc),
//   s_h² the sample variance with divisor n_h − 1 (for 0/1 values: n_h p̂_h(1 − p̂_h)/(n_h − 1)).
// A stratum with a single sampled case has no s_h². The rule is stated in the result:
//   SingletonRule::Average (default): its variance term is the average of the other strata's terms
//     (R survey options(survey.lonely.psu = "average")); if no stratum has two cases the SE is undefined;
//   SingletonRule::Zero: it contributes no variance (survey.lonely.psu = "certainty"-like), which understates.
// A stratum sampled completely (n_h = N_h) contributes no variance with the fpc, and is not "lonely".
// Intervals: Wilson score for a simple proportion; normal (ŷ ± z·SE) for stratified estimates.
// Used by sampling, scoring summaries and the accuracy reports. Everything is silent and throws Error.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace audit {

struct Interval {
    double lower = 0, upper = 0;
    double confidence = 0.95;
    std::string method;  // "Wilson score", "normal (estimate ± z·SE)"
};

// Wilson score interval for k successes out of n (n > 0, 0 <= k <= n). Error(Usage) otherwise.
Interval wilsonInterval(double successes, double n, double confidence = 0.95);
// estimate ± z·se, clipped to [lo, hi] (e.g. 0 and 1 for a proportion).
Interval normalInterval(double estimate, double se, double confidence = 0.95, double lo = -1e300, double hi = 1e300);

enum class SingletonRule { Average, Zero };
const char* singletonRuleText(SingletonRule rule);  // a sentence for the method notes

// One stratum's population size and the values observed on its sampled cases.
struct StratumValues {
    std::string key;
    double populationSize = 0;   // N_h (> 0; >= number of values)
    std::vector<double> values;  // y for each sampled case (0/1 for a proportion)
};

// One stratum of a proportion, as counts.
struct StratumCounts {
    std::string key;
    double populationSize = 0;   // N_h
    std::size_t sampled = 0;     // n_h
    std::size_t successes = 0;   // cases with the attribute
};

struct StratumTerm {
    std::string key;
    double N = 0, n = 0, weight = 0;  // N_h, n_h, W_h
    double mean = 0;                  // ȳ_h
    std::optional<double> variance;   // s_h², none for a single case
    double varianceTerm = 0;          // W_h² (1 − f_h) s_h²/n_h as used (after the singleton rule)
    double varianceTermNoFpc = 0;     // W_h² s_h²/n_h as used
    bool singleton = false;           // one sampled case, not a census of the stratum
};

struct StratifiedEstimate {
    double estimate = 0;
    std::optional<double> se;        // with the finite population correction; none when undefined
    std::optional<double> seNoFpc;   // without it (sampling with replacement)
    std::size_t n = 0;               // cases
    double N = 0;                    // population
    std::size_t singletons = 0;      // strata with one sampled case (handled by the rule)
    SingletonRule rule = SingletonRule::Average;
    std::vector<StratumTerm> strata;
    std::string method;              // e.g. "stratified estimator, fpc, singleton strata: ..."
    Interval ci(double confidence = 0.95, double lo = -1e300, double hi = 1e300) const;  // normal interval
};

// Strata with no sampled case are refused (Error(Data)): the estimate would not cover them.
StratifiedEstimate stratifiedMean(const std::vector<StratumValues>& strata, SingletonRule rule = SingletonRule::Average);
StratifiedEstimate stratifiedProportion(const std::vector<StratumCounts>& strata,
                                        SingletonRule rule = SingletonRule::Average);

}  // namespace audit
