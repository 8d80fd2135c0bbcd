#include "audit/sampling/estimate.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "audit/base/error.h"
#include "audit/sampling/planning.h"

namespace audit {

Interval wilsonInterval(double k, double n, double confidence) {
    if (!(n > 0) || !(k >= 0) || k > n) {
        std::ostringstream os;
        os << "Wilson interval needs 0 <= successes <= n and n > 0 (got " << k << " of " << n << ")";
        throwUsage(os.str());
    }
    const double z = normalQuantile(1.0 - (1.0 - confidence) / 2.0);
    const double p = k / n, z2 = z * z;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    Interval ci;
    ci.lower = std::max(0.0, centre - half);
    ci.upper = std::min(1.0, centre + half);
    if (k == 0) ci.lower = 0.0;
    if (k == n) ci.upper = 1.0;
    ci.confidence = confidence;
    ci.method = "Wilson score";
    return ci;
}

Interval normalInterval(double estimate, double se, double confidence, double lo, double hi) {
    const double z = normalQuantile(1.0 - (1.0 - confidence) / 2.0);
    Interval ci;
    ci.lower = std::max(lo, estimate - z * se);
    ci.upper = std::min(hi, estimate + z * se);
    ci.confidence = confidence;
    ci.method = "normal (estimate ± z·SE)";
    return ci;
}

const char* singletonRuleText(SingletonRule rule) {
    switch (rule) {
        case SingletonRule::Average:
            return "a stratum with one sampled case is given the average variance term of the other strata "
                   "(R survey: lonely.psu = \"average\")";
        case SingletonRule::Zero:
            return "a stratum with one sampled case contributes no variance (this understates the SE)";
    }
    return "";
}

Interval StratifiedEstimate::ci(double confidence, double lo, double hi) const {
    if (!se) throw Error(ErrorKind::Data, "the standard error is undefined: no stratum has two sampled cases");
    return normalInterval(estimate, *se, confidence, lo, hi);
}

StratifiedEstimate stratifiedMean(const std::vector<StratumValues>& strata, SingletonRule rule) {
    if (strata.empty()) throw Error(ErrorKind::Data, "no strata to estimate from");
    StratifiedEstimate e;
    e.rule = rule;
    for (const auto& s : strata) {
        if (!(s.populationSize > 0)) throw Error(ErrorKind::Data, "stratum '" + s.key + "': population size must be > 0");
        if (s.values.empty())
            throw Error(ErrorKind::Data, "stratum '" + s.key + "' has no sampled case: the estimate cannot cover it");
        if (static_cast<double>(s.values.size()) > s.populationSize + 1e-9)
            throw Error(ErrorKind::Data, "stratum '" + s.key + "' has more sampled cases than its population size");
        e.N += s.populationSize;
        e.n += s.values.size();
    }
    double sumTerm = 0, sumTermNoFpc = 0;
    std::size_t withVariance = 0;
    for (const auto& s : strata) {
        StratumTerm t;
        t.key = s.key;
        t.N = s.populationSize;
        t.n = static_cast<double>(s.values.size());
        t.weight = t.N / e.N;
        double sum = 0;
        for (double v : s.values) sum += v;
        t.mean = sum / t.n;
        const double f = t.n / t.N;
        if (s.values.size() >= 2) {
            double ss = 0;
            for (double v : s.values) ss += (v - t.mean) * (v - t.mean);
            t.variance = ss / (t.n - 1);
            t.varianceTerm = t.weight * t.weight * (1 - f) * *t.variance / t.n;
            t.varianceTermNoFpc = t.weight * t.weight * *t.variance / t.n;
            sumTerm += t.varianceTerm;
            sumTermNoFpc += t.varianceTermNoFpc;
            ++withVariance;
        } else if (t.n >= t.N) {
            // A census of a one-case stratum: no sampling variance with the fpc.
        } else {
            t.singleton = true;
            ++e.singletons;
        }
        e.estimate += t.weight * t.mean;
        e.strata.push_back(t);
    }
    bool defined = true;
    if (e.singletons > 0 && rule == SingletonRule::Average) {
        if (withVariance == 0) {
            defined = false;
        } else {
            const double avg = sumTerm / static_cast<double>(withVariance);
            const double avgNoFpc = sumTermNoFpc / static_cast<double>(withVariance);
            for (auto& t : e.strata)
                if (t.singleton) {
                    t.varianceTerm = avg;
                    t.varianceTermNoFpc = avgNoFpc;
                    sumTerm += avg;
                    sumTermNoFpc += avgNoFpc;
                }
        }
    }
    if (defined) {
        e.se = std::sqrt(sumTerm);
        e.seNoFpc = std::sqrt(sumTermNoFpc);
    }
    std::ostringstream m;
    m << "stratified estimator Σ W_h ȳ_h with W_h = N_h/N; variance Σ W_h² (1 − n_h/N_h) s_h²/n_h";
    if (e.singletons > 0) m << "; " << e.singletons << " stratum/strata with one sampled case: " << singletonRuleText(rule);
    if (!defined) m << "; SE undefined: no stratum has two sampled cases";
    e.method = m.str();
    return e;
}

StratifiedEstimate stratifiedProportion(const std::vector<StratumCounts>& strata, SingletonRule rule) {
    std::vector<StratumValues> values;
    values.reserve(strata.size());
    for (const auto& s : strata) {
        if (s.successes > s.sampled)
            throw Error(ErrorKind::Data, "stratum '" + s.key + "' has more successes than sampled cases");
        StratumValues v;
        v.key = s.key;
        v.populationSize = s.populationSize;
        v.values.assign(s.sampled, 0.0);
        std::fill(v.values.begin(), v.values.begin() + static_cast<std::ptrdiff_t>(s.successes), 1.0);
        values.push_back(std::move(v));
    }
    return stratifiedMean(values, rule);
}

}  // namespace audit
