// Stratified sampling of a case frame (STATISTICS.md "Sampling").
//
// The frame is a list of units (case reference, stratum key, worker, size measure). Within a stratum
// the units are put in case-reference order first, so the draw does not depend on the order of the
// rows in the export; the frame hash is the SHA-256 of that canonical frame (one line per unit,
// "case_ref \t stratum \t worker \t size" with the size in its shortest round-trip form, sorted by
// stratum key then case reference).
//
// Designs, per stratum, and their inclusion probabilities π:
//  * equal chances (every size measure equal), no binding worker cap: simple random sampling without
//    replacement (partial Fisher–Yates with audit::Random); π = n_h/N_h, exact.
//  * unequal chances (--oversample: a flagged case has size measure = the factor, others 1), no binding
//    cap: randomised systematic PPS (Goodman & Kish 1950; Hartley & Rao 1962): the stratum is shuffled,
//    π_i = n_h·x_i/Σx capped at 1 (units reaching 1 are taken with certainty and the rest re-scaled),
//    and a systematic sample with one uniform start is taken over the cumulated π. π is exact.
//  * a worker cap K (--max-per-worker) that can bind (some worker holds more than K units of the frame):
//    the strata holding such workers' cases are drawn jointly by a sequential procedure — repeatedly
//    pick a stratum with probability proportional to the cases it still needs, take its next unit in a
//    random order (uniform order; or Efraimidis–Spirakis successive sampling, P ∝ size, when chances
//    are unequal), skipping units whose worker already has K cases; if a stratum runs out, the attempt
//    is discarded and the whole draw of those strata is repeated (rejective). The total stays exact.
//    Its π has no closed form: it is estimated by Monte Carlo over R replicate draws with seeds derived
//    from the draw's seed (π̂ = share of replicates that include the unit; SE = √(π̂(1−π̂)/R)). Strata
//    with no worker over the cap are unaffected and keep their exact π. Feasibility is checked first as a
//    maximum flow (strata → workers with capacity K); an impossible cap is refused with the numbers.
// Design weight = 1/π. Everything here is silent and throws audit::Error.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "audit/sampling/case_refs.h"

namespace audit {

struct FrameUnit {
    std::string caseRef;
    std::string stratum;
    std::string worker;   // empty or kUnallocated (case_list.h): unknown, never capped
    double size = 1.0;    // size measure for unequal chances (> 0)
};

// The same frame held column-wise and by reference, for large frames (a million-case list): no string per
// unit. The views must outlive the call; the stratum keys must be distinct. drawSample() on a FrameUnit
// vector makes one of these and gives the same result.
struct FrameColumns {
    CaseRefs caseRef;                        // per unit
    std::vector<std::uint32_t> stratum;      // per unit: an index into stratumKeys
    std::vector<std::string> stratumKeys;
    std::vector<std::uint32_t> worker;       // per unit: an index into workerNames
    std::vector<std::string_view> workerNames;  // distinct ("": unknown, never capped)
    std::vector<double> size;                // per unit, or empty: every size measure is 1
    std::size_t units() const { return caseRef.size(); }
};
FrameColumns frameColumns(const std::vector<FrameUnit>& frame);  // views into `frame`

// --- exclusions: rules applied in order; a row removed by an earlier rule is not counted again.
struct ExclusionRule {
    std::string name;                               // "audited within 12m", "category=Early help", "closed"
    std::function<bool(std::size_t row)> excludes;  // true: the row leaves the frame
};
struct ExclusionCount {
    std::string rule;
    std::size_t removed = 0;
};
struct ExclusionResult {
    std::size_t before = 0;
    std::vector<std::uint32_t> kept;      // rows left, in order (4 bytes a row: a million-case list is read)
    std::vector<ExclusionCount> counts;   // one per rule, in order
};
ExclusionResult applyExclusions(std::size_t rows, const std::vector<ExclusionRule>& rules);

// --- the draw
struct DrawSpec {
    std::uint64_t seed = 0;
    std::map<std::string, std::size_t> sampleSizes;  // n_h per stratum key (a stratum not named gets 0)
    std::size_t maxPerWorker = 0;                    // 0: no cap
    std::size_t replicates = 2000;                   // Monte Carlo replicates when π has no closed form
    std::size_t maxAttempts = 1000;                  // rejective attempts per draw before giving up
};

struct SampledCase {
    std::size_t unit = 0;   // index into the frame
    std::size_t order = 0;  // 1-based position in the draw
    double pi = 0;          // inclusion probability
    double piSe = 0;        // its Monte Carlo standard error (0 when exact)
    bool piExact = true;
    double weight = 0;      // design weight 1/π
};

struct StratumDraw {
    std::string key;
    std::size_t population = 0;  // N_h (after exclusions)
    std::size_t sample = 0;      // n_h
    std::size_t certainty = 0;   // units taken with π = 1 under unequal chances
    std::string design;          // "SRSWOR", "systematic PPS", "sequential with worker cap (Monte Carlo π)"
    bool piExact = true;
};

struct DrawResult {
    std::uint64_t seed = 0;
    std::string generator;             // Random::algorithm()
    std::string frameHash;             // SHA-256, hex
    std::vector<SampledCase> sample;   // by stratum key, then case reference
    std::vector<StratumDraw> strata;   // by key
    std::size_t replicates = 0;        // Monte Carlo replicates used (0 when every π is exact)
    std::size_t attempts = 1;          // attempts the realised draw needed
    double acceptance = 1.0;           // share of accepted attempts over the replicates
    std::size_t lowCountUnits = 0;     // sampled units never seen in a replicate (π̂ set to 1/(2R))
    std::string method;                // the design in words, for the parameters sheet and --json
};

DrawResult drawSample(const std::vector<FrameUnit>& frame, const DrawSpec& spec);
DrawResult drawSample(const FrameColumns& frame, const DrawSpec& spec);

// π for every unit of the frame under the design (exact, or Monte Carlo with spec.replicates);
// piSe (if given) receives the standard errors. For tests and for reporting.
std::vector<double> inclusionProbabilities(const std::vector<FrameUnit>& frame, const DrawSpec& spec,
                                           std::vector<double>* piSe = nullptr);

// SHA-256 (hex) of the canonical frame described above.
std::string frameHash(const std::vector<FrameUnit>& frame);
std::string frameHash(const FrameColumns& frame);

// N_h per stratum key.
std::map<std::string, std::size_t> stratumSizes(const std::vector<FrameUnit>& frame);
std::map<std::string, std::size_t> stratumSizes(const FrameColumns& frame);  // strata with no unit left out

}  // namespace audit
