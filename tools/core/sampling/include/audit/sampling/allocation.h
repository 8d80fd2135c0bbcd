// Allocation of a total sample size n over strata (Cochran 1977 ch. 5; SAS SURVEYSELECT), as in
// shared/design/STATISTICS.md:
//   proportional  n·N_h/N          equal  n/H          Neyman  n·N_h·S_h / Σ N_i·S_i
// (for a proportion S_h = √(P_h(1−P_h)), P_h a prior rate). A minimum per stratum m and the stratum
// sizes are bounds: a stratum whose target is below min(m, N_h) is fixed there, one above N_h is fixed at
// N_h, the rest of n is re-allocated over the free strata in proportion to their weights, and this is
// repeated until stable (a stratum fixed earlier is freed again if the final share no longer puts it
// past its bound, so the result is the unique clamp(λ·w_h, min(m,N_h), N_h) that sums to n).
// Feasible only if Σ min(m, N_h) ≤ n ≤ Σ N_h; otherwise Error(Data) with the numbers.
// Then largest-remainder rounding: floor every target, give the units left one each to the largest
// fractional parts, ties to the larger N_h, then the smaller stratum key. The total is always n.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace audit {

enum class AllocationMethod { Proportional, Equal, Neyman };

const char* methodName(AllocationMethod m);                     // "proportional", "equal", "neyman"
AllocationMethod parseAllocationMethod(const std::string& text);  // Error(Usage) naming the choices

struct StratumSpec {
    std::string key;          // the stratum's name, e.g. "Team A / CP"
    std::size_t size = 0;     // N_h
    double sd = 0.0;          // S_h, for Neyman
};

// S_h for a proportion from a prior rate P_h in [0, 1]: √(P_h(1−P_h)). Error(Data) outside [0, 1].
double sdFromPrior(double prior);

struct AllocationRequest {
    AllocationMethod method = AllocationMethod::Proportional;
    std::size_t total = 0;          // n (> 0)
    std::size_t minPerStratum = 0;  // m
};

struct StratumAllocation {
    std::string key;
    std::size_t size = 0;       // N_h
    double weight = 0.0;        // the allocation weight (N_h, 1 or N_h·S_h)
    double target = 0.0;        // the real-valued target after bounds, before rounding
    std::size_t sample = 0;     // n_h after largest-remainder rounding
    enum class Bound { Free, Minimum, Full } bound = Bound::Free;  // fixed at min(m,N_h), at N_h, or free
};

struct Allocation {
    AllocationMethod method = AllocationMethod::Proportional;
    std::size_t total = 0;
    std::size_t minPerStratum = 0;
    std::vector<StratumAllocation> strata;  // in the order given
};

// Throws Error(Usage) for n = 0 or no strata, Error(Data) when infeasible or when Neyman has no stratum
// with N_h·S_h > 0 but n exceeds what the minimums take.
Allocation allocate(const std::vector<StratumSpec>& strata, const AllocationRequest& request);

// Largest-remainder (Hamilton) rounding of real targets that sum to n; ties: larger size, then smaller key.
std::vector<std::size_t> largestRemainder(const std::vector<double>& targets, std::size_t total,
                                          const std::vector<std::size_t>& sizes, const std::vector<std::string>& keys);

}  // namespace audit
