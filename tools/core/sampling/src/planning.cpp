#include "audit/sampling/planning.h"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <sstream>

#include "audit/base/error.h"

namespace audit {

namespace {
void check(bool ok, const std::string& what, double v) {
    if (!ok) {
        std::ostringstream os;
        os << what << " " << v;
        throwUsage(os.str());
    }
}
// ln C(a, b) through lgamma (exact enough for the comparisons here, any a up to 1e15).
double logChoose(double a, double b) { return std::lgamma(a + 1) - std::lgamma(b + 1) - std::lgamma(a - b + 1); }
}  // namespace

double normalQuantile(double p) {
    check(p > 0 && p < 1, "normal quantile: probability must be strictly between 0 and 1, got", p);
    return boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0), p);
}

ProportionPlan proportionSampleSize(double margin, double confidence, double expected,
                                    std::optional<std::size_t> population) {
    check(margin > 0 && margin < 1, "--margin must be between 0 and 1 (e.g. 0.05), got", margin);
    check(confidence > 0 && confidence < 1, "--confidence must be between 0 and 1 (e.g. 0.95), got", confidence);
    check(expected >= 0 && expected <= 1, "--expected must be a proportion between 0 and 1, got", expected);
    if (population && *population == 0) throwUsage("--population must be at least 1");
    ProportionPlan plan;
    plan.z = normalQuantile(1.0 - (1.0 - confidence) / 2.0);
    plan.n0 = plan.z * plan.z * expected * (1.0 - expected) / (margin * margin);
    plan.nExact = plan.n0;
    if (population) plan.nExact = plan.n0 / (1.0 + (plan.n0 - 1.0) / static_cast<double>(*population));
    // Round up; a value within 1e-9 of an integer is that integer (floating error, not a real excess).
    double up = std::ceil(plan.nExact - 1e-9);
    if (up < 1) up = 1;
    plan.n = static_cast<std::size_t>(up);
    if (population && plan.n > *population) plan.n = *population;
    return plan;
}

AttributePlan zeroFailurePlan(double tolerable, double confidence, std::optional<std::size_t> population) {
    check(tolerable > 0 && tolerable < 1, "tolerable deviation rate must be between 0 and 1 (e.g. 0.05), got", tolerable);
    check(confidence > 0 && confidence < 1, "--confidence must be between 0 and 1 (e.g. 0.95), got", confidence);
    if (population && *population == 0) throwUsage("--population must be at least 1");
    const double alpha = 1.0 - confidence;
    AttributePlan plan;
    // Binomial: (1 - p)^n <= alpha  <=>  n >= ln alpha / ln(1 - p).
    plan.binomial = static_cast<std::size_t>(std::ceil(std::log(alpha) / std::log1p(-tolerable) - 1e-9));
    plan.poisson = static_cast<std::size_t>(std::ceil(-std::log(alpha) / tolerable - 1e-9));
    if (population) {
        const double N = static_cast<double>(*population);
        const std::size_t K = static_cast<std::size_t>(std::ceil(tolerable * N - 1e-9));
        plan.populationDeviations = K;
        // P(no deviation in a sample of n) = C(N-K, n)/C(N, n), decreasing in n; 0 once n > N - K.
        const double logAlpha = std::log(alpha);
        for (std::size_t n = 1; n <= *population; ++n) {
            if (n > *population - K) {
                plan.hypergeometric = n;
                break;
            }
            const double lp = logChoose(N - K, static_cast<double>(n)) - logChoose(N, static_cast<double>(n));
            if (lp <= logAlpha + 1e-12) {
                plan.hypergeometric = n;
                break;
            }
        }
    }
    return plan;
}

}  // namespace audit
