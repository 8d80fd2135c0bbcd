// Sample-size planning (STATISTICS.md "Sample size for a proportion", "Zero-failure attribute plan").
//   Cochran §4.4:  n0 = z²·P(1−P)/e²,  n = n0 / (1 + (n0 − 1)/N)  (finite population correction), rounded up.
//   Zero-failure attribute plans (jfa; AICPA audit sampling), tolerable deviation rate p, confidence c:
//     binomial        smallest n with (1 − p)^n ≤ 1 − c
//     Poisson         n = ⌈−ln(1 − c) / p⌉
//     hypergeometric  smallest n with C(N − K, n) / C(N, n) ≤ 1 − c, K = ⌈p·N⌉ deviations in the population
// z is the standard normal quantile (Boost.Math). Invalid inputs throw Error(Usage).
#pragma once
#include <cstddef>
#include <optional>

namespace audit {

double normalQuantile(double p);  // Φ⁻¹(p), 0 < p < 1

struct ProportionPlan {
    double z = 0;            // two-sided quantile for the confidence
    double n0 = 0;           // infinite-population size
    double nExact = 0;       // after the finite population correction (= n0 without a population)
    std::size_t n = 0;       // rounded up, and never more than N
};

// margin e in (0, 1), confidence in (0, 1), expected P in [0, 1], population N >= 1 if given.
ProportionPlan proportionSampleSize(double margin, double confidence, double expected,
                                    std::optional<std::size_t> population = std::nullopt);

struct AttributePlan {
    std::size_t binomial = 0;
    std::size_t poisson = 0;
    std::optional<std::size_t> hypergeometric;  // only with a population
    std::size_t populationDeviations = 0;       // K = ⌈p·N⌉ used for the hypergeometric plan
};

// tolerable deviation rate p in (0, 1), confidence in (0, 1), optional population N.
AttributePlan zeroFailurePlan(double tolerable, double confidence, std::optional<std::size_t> population = std::nullopt);

}  // namespace audit
