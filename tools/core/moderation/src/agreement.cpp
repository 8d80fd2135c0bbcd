#include "audit/moderation/agreement.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <map>
#include <numeric>

#include "audit/base/error.h"
#include "audit/sampling/estimate.h"

namespace audit::agreement {

namespace {

// Below this, 1 − p_e (or an expected disagreement) counts as zero: the coefficient is 0/0.
constexpr double tiny = 1e-12;

void checkWeights(const Weights& w, std::size_t q) {
    bool ok = w.size() == q;
    for (const auto& row : w) ok = ok && row.size() == q;
    if (!ok)
        throw Error(ErrorKind::Internal, "agreement weights must be a " + std::to_string(q) + "×" + std::to_string(q) +
                                             " matrix for a table of " + std::to_string(q) + " grades");
}

// Fills the interval from value and se, truncated to [−1, 1] (kIntervalMethod).
void finish(Coefficient& c) {
    if (c.value && c.se) {
        const double lo = *c.value - z95 * *c.se, hi = *c.value + z95 * *c.se;
        c.ciLow = std::max(-1.0, lo);
        c.ciHigh = std::min(1.0, hi);
        c.truncated = lo < -1.0 || hi > 1.0;
    }
}

// A variance that should be ≥ 0: zero up to rounding is zero (either sign), clearly negative is undefined.
std::optional<double> sqrtVariance(double var) {
    if (!std::isfinite(var)) return std::nullopt;
    if (std::fabs(var) <= kZeroVariance) return 0.0;
    if (var < 0) return std::nullopt;
    return std::sqrt(var);
}

std::optional<std::string> tooFewPairs(std::uint64_t n) {
    if (n == 0) return std::string("no complete pairs of grades");
    if (n == 1) return std::string("only one complete pair of grades: at least two are needed");
    return std::nullopt;
}

double chi2Upper(double x, double df) {
    boost::math::chi_squared dist(df);
    return boost::math::cdf(boost::math::complement(dist, x));
}

double normalTwoSided(double z) {
    boost::math::normal dist;
    return 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(z)));
}

// Krippendorff's alpha from a coincidence matrix o (V×V, row-major) over category values in scale order.
struct AlphaResult {
    std::optional<double> value;
    std::string reason;
};

class AlphaComputer {
public:
    AlphaComputer(std::vector<double> values, AlphaMetric metric) : values_(std::move(values)), metric_(metric) {
        const std::size_t v = values_.size();
        delta_.assign(v * v, 0.0);
        if (metric_ != AlphaMetric::Ordinal) {
            for (std::size_t c = 0; c < v; ++c)
                for (std::size_t k = 0; k < v; ++k) delta_[c * v + k] = fixedDelta(values_[c], values_[k], c == k);
        }
    }

    AlphaResult operator()(const std::vector<double>& o) const {
        const std::size_t v = values_.size();
        std::vector<double> nc(v, 0.0);
        for (std::size_t c = 0; c < v; ++c)
            for (std::size_t k = 0; k < v; ++k) nc[c] += o[c * v + k];
        const double n = std::accumulate(nc.begin(), nc.end(), 0.0);
        if (n < 2 - tiny) return {std::nullopt, "fewer than two pairable grades"};
        std::vector<double> cum(v + 1, 0.0);
        for (std::size_t c = 0; c < v; ++c) cum[c + 1] = cum[c] + nc[c];
        double observed = 0, expected = 0;
        for (std::size_t c = 0; c < v; ++c) {
            for (std::size_t k = 0; k < v; ++k) {
                double d2;
                if (metric_ == AlphaMetric::Ordinal) {
                    if (c == k) continue;
                    const std::size_t lo = std::min(c, k), hi = std::max(c, k);
                    const double d = (cum[hi + 1] - cum[lo]) - (nc[c] + nc[k]) / 2;
                    d2 = d * d;
                } else {
                    d2 = delta_[c * v + k];
                }
                if (d2 == 0) continue;
                observed += o[c * v + k] * d2;
                expected += nc[c] * nc[k] * d2;
            }
        }
        if (expected <= tiny * n * n)
            return {std::nullopt,
                    "only one grade was given, so no disagreement is expected by chance and alpha is 0/0"};
        return {1 - (n - 1) * observed / expected, {}};
    }

private:
    double fixedDelta(double c, double k, bool same) const {
        switch (metric_) {
            case AlphaMetric::Nominal: return same ? 0.0 : 1.0;
            case AlphaMetric::Interval: return (c - k) * (c - k);
            case AlphaMetric::Ratio: {
                const double s = c + k;
                if (s == 0) return 0.0;
                const double r = (c - k) / s;
                return r * r;
            }
            case AlphaMetric::Ordinal: break;
        }
        return 0.0;
    }

    std::vector<double> values_;
    AlphaMetric metric_;
    std::vector<double> delta_;
};

// Jackknife: leave-one-out values θ_(u) with multiplicities; var = (N − 1)/N Σ (θ_(u) − θ̄)².
struct Jackknife {
    double sumW = 0, sum = 0;
    std::vector<std::pair<double, double>> items;  // (θ, multiplicity)
    bool failed = false;
    void add(const AlphaResult& r, double multiplicity) {
        if (!r.value) {
            failed = true;
            return;
        }
        items.emplace_back(*r.value, multiplicity);
        sumW += multiplicity;
        sum += *r.value * multiplicity;
    }
    std::optional<double> se() const {
        if (failed || sumW < 2) return std::nullopt;
        const double mean = sum / sumW;
        double ss = 0;
        for (const auto& [theta, m] : items) ss += m * (theta - mean) * (theta - mean);
        return sqrtVariance((sumW - 1) / sumW * ss);
    }
};

void alphaFinish(Coefficient& c, const AlphaResult& full, const Jackknife& jack) {
    c.value = full.value;
    if (!full.value) {
        c.reason = full.reason;
        return;
    }
    c.se = jack.se();
    if (!c.se)
        c.reason = "no jackknife standard error: alpha is undefined when some unit is left out";
    finish(c);
}

std::vector<double> categoriesOf(const RatingMatrix& ratings, const std::vector<double>& given) {
    if (!given.empty()) return given;
    std::vector<double> seen;
    for (const auto& unit : ratings)
        for (const auto& r : unit)
            if (r) seen.push_back(*r);
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    return seen;
}

// Per unit: (category index, count) for the grades given.
std::vector<std::vector<std::pair<std::size_t, double>>> countUnits(const RatingMatrix& ratings,
                                                                    const std::vector<double>& categories) {
    std::map<double, std::size_t> index;
    for (std::size_t i = 0; i < categories.size(); ++i) index.emplace(categories[i], i);
    std::vector<std::vector<std::pair<std::size_t, double>>> units;
    units.reserve(ratings.size());
    for (std::size_t u = 0; u < ratings.size(); ++u) {
        std::vector<std::pair<std::size_t, double>> counts;
        for (const auto& r : ratings[u]) {
            if (!r) continue;
            if (!std::isfinite(*r))
                throw Error(ErrorKind::Data, "", "unit " + std::to_string(u + 1), "a rating is not a finite number");
            auto it = index.find(*r);
            if (it == index.end()) {
                std::string cats;
                for (double c : categories) cats += (cats.empty() ? "" : ", ") + std::to_string(c);
                throw Error(ErrorKind::Data, "", "unit " + std::to_string(u + 1),
                            "rating " + std::to_string(*r) + " is not one of the categories (" + cats + ")");
            }
            auto c = std::find_if(counts.begin(), counts.end(), [&](const auto& p) { return p.first == it->second; });
            if (c == counts.end())
                counts.emplace_back(it->second, 1.0);
            else
                c->second += 1;
        }
        units.push_back(std::move(counts));
    }
    return units;
}

}  // namespace

// ---------------------------------------------------------------- proportions

Proportion wilson(std::uint64_t successes, std::uint64_t n, double confidence) {
    Proportion p;
    p.successes = successes;
    p.n = n;
    if (n == 0) {
        p.reason = "no complete pairs of grades";
        return p;
    }
    const Interval ci = wilsonInterval(static_cast<double>(successes), static_cast<double>(n), confidence);
    p.value = static_cast<double>(successes) / static_cast<double>(n);
    p.low = ci.lower;
    p.high = ci.upper;
    return p;
}

// ---------------------------------------------------------------- the table

ConfusionTable::ConfusionTable(std::size_t q) : q_(q), cells_(q * q, 0) {
    if (q == 0) throw Error(ErrorKind::Internal, "a confusion table needs at least one grade");
}

ConfusionTable ConfusionTable::fromCounts(const std::vector<std::vector<std::uint64_t>>& counts) {
    if (counts.empty()) throw Error(ErrorKind::Data, "a table of counts needs at least one row");
    ConfusionTable t(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i].size() != counts.size())
            throw Error(ErrorKind::Data, "", "row " + std::to_string(i + 1),
                        "has " + std::to_string(counts[i].size()) + " counts; a square table of " +
                            std::to_string(counts.size()) + " grades needs " + std::to_string(counts.size()));
        for (std::size_t j = 0; j < counts.size(); ++j) t.add(i, j, counts[i][j]);
    }
    return t;
}

std::uint64_t ConfusionTable::n() const { return std::accumulate(cells_.begin(), cells_.end(), std::uint64_t{0}); }

std::uint64_t ConfusionTable::rowTotal(std::size_t row) const {
    std::uint64_t s = 0;
    for (std::size_t j = 0; j < q_; ++j) s += (*this)(row, j);
    return s;
}

std::uint64_t ConfusionTable::colTotal(std::size_t col) const {
    std::uint64_t s = 0;
    for (std::size_t i = 0; i < q_; ++i) s += (*this)(i, col);
    return s;
}

std::vector<std::vector<std::uint64_t>> ConfusionTable::rows() const {
    std::vector<std::vector<std::uint64_t>> r(q_, std::vector<std::uint64_t>(q_));
    for (std::size_t i = 0; i < q_; ++i)
        for (std::size_t j = 0; j < q_; ++j) r[i][j] = (*this)(i, j);
    return r;
}

ConfusionTable ConfusionTable::transposed() const {
    ConfusionTable t(q_);
    for (std::size_t i = 0; i < q_; ++i)
        for (std::size_t j = 0; j < q_; ++j) t.add(j, i, (*this)(i, j));
    return t;
}

ConfusionTable ConfusionTable::withUnusedCategory(std::size_t position) const {
    if (position > q_) throw Error(ErrorKind::Internal, "withUnusedCategory: position beyond the scale");
    ConfusionTable t(q_ + 1);
    auto at = [&](std::size_t i) { return i < position ? i : i + 1; };
    for (std::size_t i = 0; i < q_; ++i)
        for (std::size_t j = 0; j < q_; ++j) t.add(at(i), at(j), (*this)(i, j));
    return t;
}

ConfusionTable& ConfusionTable::operator+=(const ConfusionTable& other) {
    if (other.q_ != q_) throw Error(ErrorKind::Internal, "cannot add tables on scales of different sizes");
    for (std::size_t k = 0; k < cells_.size(); ++k) cells_[k] += other.cells_[k];
    return *this;
}

// ---------------------------------------------------------------- weights

Weights weights(Weighting weighting, std::size_t q) {
    Weights w(q, std::vector<double>(q, 0.0));
    const double span = q > 1 ? static_cast<double>(q - 1) : 1.0;
    const double maxM = static_cast<double>(q) * (static_cast<double>(q) - 1) / 2;
    for (std::size_t i = 0; i < q; ++i) {
        for (std::size_t j = 0; j < q; ++j) {
            const double d = std::fabs(static_cast<double>(i) - static_cast<double>(j));
            switch (weighting) {
                case Weighting::Identity: w[i][j] = i == j ? 1.0 : 0.0; break;
                case Weighting::Linear: w[i][j] = 1 - d / span; break;
                case Weighting::Quadratic: w[i][j] = 1 - d * d / (span * span); break;
                case Weighting::GwetOrdinal: {
                    const double m = d + 1, M = m * (m - 1) / 2;
                    w[i][j] = maxM > 0 ? 1 - M / maxM : 1.0;
                    break;
                }
            }
        }
    }
    return w;
}

const char* weightingName(Weighting weighting) {
    switch (weighting) {
        case Weighting::Identity: return "identity";
        case Weighting::Linear: return "linear";
        case Weighting::Quadratic: return "quadratic";
        case Weighting::GwetOrdinal: return "gwet-ordinal";
    }
    return "?";
}

const char* metricName(AlphaMetric metric) {
    switch (metric) {
        case AlphaMetric::Nominal: return "nominal";
        case AlphaMetric::Ordinal: return "ordinal";
        case AlphaMetric::Interval: return "interval";
        case AlphaMetric::Ratio: return "ratio";
    }
    return "?";
}

// ---------------------------------------------------------------- simple shares

Proportion exactAgreement(const ConfusionTable& t) {
    std::uint64_t diag = 0;
    for (std::size_t i = 0; i < t.q(); ++i) diag += t(i, i);
    return wilson(diag, t.n());
}

Proportion withinOneAgreement(const ConfusionTable& t) {
    std::uint64_t near = 0;
    for (std::size_t i = 0; i < t.q(); ++i)
        for (std::size_t j = 0; j < t.q(); ++j)
            if (i == j || i + 1 == j || j + 1 == i) near += t(i, j);
    return wilson(near, t.n());
}

Shift moderationShift(const ConfusionTable& t) {
    Shift s;
    for (std::size_t i = 0; i < t.q(); ++i)
        for (std::size_t j = 0; j < t.q(); ++j) {
            if (i > j) s.down += t(i, j);
            if (i < j) s.up += t(i, j);
        }
    if (s.down + s.up == 0) {
        s.reason = "no pair was moderated up or down, so the test is 0/0";
        return s;
    }
    const double b = static_cast<double>(s.down), c = static_cast<double>(s.up);
    s.chi2 = (b - c) * (b - c) / (b + c);
    s.pValue = chi2Upper(*s.chi2, 1);
    return s;
}

// ---------------------------------------------------------------- Cohen's kappa

Coefficient cohenKappa(const ConfusionTable& t, const Weights& w) {
    const std::size_t q = t.q();
    checkWeights(w, q);
    Coefficient c;
    const std::uint64_t count = t.n();
    if (auto why = tooFewPairs(count)) {
        c.reason = *why;
        return c;
    }
    const double n = static_cast<double>(count);
    std::vector<double> pr(q), pc(q);
    for (std::size_t i = 0; i < q; ++i) {
        pr[i] = static_cast<double>(t.rowTotal(i)) / n;
        pc[i] = static_cast<double>(t.colTotal(i)) / n;
    }
    double po = 0, pe = 0;
    for (std::size_t i = 0; i < q; ++i)
        for (std::size_t j = 0; j < q; ++j) {
            po += w[i][j] * static_cast<double>(t(i, j)) / n;
            pe += w[i][j] * pr[i] * pc[j];
        }
    if (1 - pe <= tiny) {
        c.reason = "chance agreement is 1 (both raters used one and the same single grade), so kappa is 0/0";
        return c;
    }
    const double k = (po - pe) / (1 - pe);
    c.value = k;
    // Fleiss, Cohen & Everitt (1969): w̄_i· = Σ_j w_ij p_·j, w̄_·j = Σ_i w_ij p_i·.
    std::vector<double> wr(q, 0.0), wc(q, 0.0);
    for (std::size_t i = 0; i < q; ++i)
        for (std::size_t j = 0; j < q; ++j) {
            wr[i] += w[i][j] * pc[j];
            wc[j] += w[i][j] * pr[i];
        }
    double s = 0, s0 = 0;
    for (std::size_t i = 0; i < q; ++i)
        for (std::size_t j = 0; j < q; ++j) {
            const double pij = static_cast<double>(t(i, j)) / n;
            const double a = w[i][j] - (wr[i] + wc[j]) * (1 - k);
            s += pij * a * a;
            const double b = w[i][j] - (wr[i] + wc[j]);
            s0 += pr[i] * pc[j] * b * b;
        }
    const double denom = n * (1 - pe) * (1 - pe);
    const double tail = k - pe * (1 - k);
    c.se = sqrtVariance((s - tail * tail) / denom);
    c.seNull = sqrtVariance((s0 - pe * pe) / denom);
    if (!c.se) c.reason = "the large-sample variance is negative";
    if (c.seNull && *c.seNull > 0) {
        c.z = k / *c.seNull;
        c.pValue = normalTwoSided(*c.z);
    } else {
        c.testReason = c.seNull ? "the variance under kappa = 0 is zero (a rater used one grade only), so z is 0/0"
                                : "the variance under kappa = 0 is negative";
    }
    finish(c);
    return c;
}

Coefficient cohenKappa(const ConfusionTable& t, Weighting weighting) { return cohenKappa(t, weights(weighting, t.q())); }

// ---------------------------------------------------------------- Gwet's AC1 / AC2

Coefficient gwetAC(const ConfusionTable& t, const Weights& w) {
    const std::size_t q = t.q();
    checkWeights(w, q);
    Coefficient c;
    const std::uint64_t count = t.n();
    if (auto why = tooFewPairs(count)) {
        c.reason = *why;
        return c;
    }
    if (q < 2) {
        c.reason = "the scale has a single grade";
        return c;
    }
    const double n = static_cast<double>(count), qq = static_cast<double>(q) * static_cast<double>(q - 1);
    std::vector<double> pi(q);
    for (std::size_t k = 0; k < q; ++k)
        pi[k] = (static_cast<double>(t.rowTotal(k)) + static_cast<double>(t.colTotal(k))) / (2 * n);
    double tw = 0, pa = 0, spread = 0;
    for (std::size_t k = 0; k < q; ++k) {
        spread += pi[k] * (1 - pi[k]);
        for (std::size_t l = 0; l < q; ++l) {
            tw += w[k][l];
            pa += w[k][l] * static_cast<double>(t(k, l)) / n;
        }
    }
    const double pe = tw * spread / qq;
    if (1 - pe <= tiny) {
        c.reason = "chance agreement is 1 under these weights, so the coefficient is 0/0";
        return c;
    }
    const double ac = (pa - pe) / (1 - pe);
    c.value = ac;
    double s = 0;
    for (std::size_t k = 0; k < q; ++k)
        for (std::size_t l = 0; l < q; ++l) {
            const double a = w[k][l] - 2 * (1 - ac) * tw * (1 - (pi[k] + pi[l]) / 2) / qq;
            s += static_cast<double>(t(k, l)) / n * a * a;
        }
    const double tail = pa - 2 * (1 - ac) * pe;
    c.se = sqrtVariance((s - tail * tail) / (n * (1 - pe) * (1 - pe)));
    if (!c.se) c.reason = "the linearised variance is negative";
    finish(c);
    return c;
}

Coefficient gwetAC(const ConfusionTable& t, Weighting weighting) { return gwetAC(t, weights(weighting, t.q())); }

namespace {

// The units of a ratings matrix with at least one rating, as Gwet (2014, ch. 5) and irrCAC count them:
// r_ik (raters putting unit i in category k), r*_ik = Σ_l w_kl r_il, r_i, each unit's weighted agreement
// pa_i (units with r_i ≥ 2), the overall pa and the classification shares π_k (mean over units of r_ik/r_i).
struct UnitCounts {
    std::size_t q = 0;
    Weights w;
    std::vector<std::vector<double>> r, rw;
    std::vector<double> ri, paUnit, pi;
    std::size_t n2 = 0;  // units rated by two raters or more
    double pa = 0;
    std::string reason;  // why nothing can be computed; empty when the counts are usable
};

UnitCounts unitCounts(const RatingMatrix& ratings, const Weights& w, const std::vector<double>& categories) {
    UnitCounts uc;
    const auto units = countUnits(ratings, categories);
    const std::size_t q = uc.q = categories.size();
    if (q < 2) {
        uc.reason = q == 0 ? "no grades at all" : "only one category";
        return uc;
    }
    checkWeights(w, q);
    uc.w = w;
    for (const auto& u : units) {
        if (u.empty()) continue;
        std::vector<double> row(q, 0.0);
        double total = 0;
        for (const auto& [k, cnt] : u) {
            row[k] = cnt;
            total += cnt;
        }
        std::vector<double> roww(q, 0.0);
        for (std::size_t k = 0; k < q; ++k)
            for (std::size_t l = 0; l < q; ++l) roww[k] += w[k][l] * row[l];
        uc.r.push_back(std::move(row));
        uc.rw.push_back(std::move(roww));
        uc.ri.push_back(total);
    }
    const std::size_t nUnits = uc.r.size();
    if (nUnits < 2) {
        uc.reason = nUnits == 0 ? "no graded units" : "only one graded unit: at least two are needed";
        return uc;
    }
    const double n = static_cast<double>(nUnits);
    uc.paUnit.assign(nUnits, 0.0);
    uc.pi.assign(q, 0.0);
    double paSum = 0;
    for (std::size_t u = 0; u < nUnits; ++u) {
        for (std::size_t k = 0; k < q; ++k) uc.pi[k] += uc.r[u][k] / uc.ri[u] / n;
        if (uc.ri[u] >= 2) {
            double sq = 0;
            for (std::size_t k = 0; k < q; ++k) sq += uc.r[u][k] * (uc.rw[u][k] - 1);
            uc.paUnit[u] = sq / (uc.ri[u] * (uc.ri[u] - 1));
            paSum += uc.paUnit[u];
            ++uc.n2;
        }
    }
    if (uc.n2 == 0) {
        uc.reason = "no unit was graded by two raters or more";
        return uc;
    }
    uc.pa = paSum / static_cast<double>(uc.n2);
    return uc;
}

// The linearised variance shared by AC1/AC2 and Fleiss' kappa (Gwet 2014): each unit's coefficient
// c_i = (n/n2)(pa_i − pe·[r_i ≥ 2])/(1 − pe), corrected by −2(1 − c)(pe_i − pe)/(1 − pe); var = Σ (c*_i − c)²/(n(n − 1)).
void linearisedSe(Coefficient& c, const UnitCounts& uc, double pe, const std::vector<double>& peUnit) {
    const double value = *c.value;
    const double n = static_cast<double>(uc.r.size());
    double ss = 0;
    for (std::size_t u = 0; u < uc.r.size(); ++u) {
        const bool two = uc.ri[u] >= 2;
        const double cU = (n / static_cast<double>(uc.n2)) * (uc.paUnit[u] - (two ? pe : 0.0)) / (1 - pe);
        const double x = cU - 2 * (1 - value) * (peUnit[u] - pe) / (1 - pe);
        ss += (x - value) * (x - value);
    }
    c.se = sqrtVariance(ss / (n * (n - 1)));
    if (!c.se) c.reason = "the linearised variance is negative";
    finish(c);
}

}  // namespace

Coefficient gwetAC(const RatingMatrix& ratings, Weighting weighting, const std::vector<double>& given) {
    const std::vector<double> categories = categoriesOf(ratings, given);
    Coefficient c;
    const UnitCounts uc = unitCounts(ratings, weights(weighting, categories.size()), categories);
    if (!uc.reason.empty()) {
        c.reason = uc.reason;
        return c;
    }
    const std::size_t q = uc.q;
    const double qq = static_cast<double>(q) * static_cast<double>(q - 1);
    double tw = 0;
    for (const auto& row : uc.w) tw += std::accumulate(row.begin(), row.end(), 0.0);
    double spread = 0;
    for (std::size_t k = 0; k < q; ++k) spread += uc.pi[k] * (1 - uc.pi[k]);
    const double pe = tw * spread / qq;
    if (1 - pe <= tiny) {
        c.reason = "chance agreement is 1 under these weights, so the coefficient is 0/0";
        return c;
    }
    c.value = (uc.pa - pe) / (1 - pe);
    std::vector<double> peUnit(uc.r.size(), 0.0);
    for (std::size_t u = 0; u < uc.r.size(); ++u) {
        for (std::size_t k = 0; k < q; ++k) peUnit[u] += uc.r[u][k] * (1 - uc.pi[k]);
        peUnit[u] *= tw / qq / uc.ri[u];
    }
    linearisedSe(c, uc, pe, peUnit);
    return c;
}

Coefficient fleissKappa(const RatingMatrix& ratings, Weighting weighting, const std::vector<double>& given) {
    const std::vector<double> categories = categoriesOf(ratings, given);
    Coefficient c;
    const UnitCounts uc = unitCounts(ratings, weights(weighting, categories.size()), categories);
    if (!uc.reason.empty()) {
        c.reason = uc.reason;
        return c;
    }
    const std::size_t q = uc.q;
    double pe = 0;
    for (std::size_t k = 0; k < q; ++k)
        for (std::size_t l = 0; l < q; ++l) pe += uc.w[k][l] * uc.pi[k] * uc.pi[l];
    if (1 - pe <= tiny) {
        c.reason = "chance agreement is 1 (every grade given was the same), so kappa is 0/0";
        return c;
    }
    c.value = (uc.pa - pe) / (1 - pe);
    // pe_i = Σ_k (r_ik/r_i) π̄_k with π̄_k the mean of Σ_l w_kl π_l and Σ_l w_lk π_l.
    std::vector<double> piW(q, 0.0);
    for (std::size_t k = 0; k < q; ++k)
        for (std::size_t l = 0; l < q; ++l) piW[k] += (uc.w[k][l] + uc.w[l][k]) / 2 * uc.pi[l];
    std::vector<double> peUnit(uc.r.size(), 0.0);
    for (std::size_t u = 0; u < uc.r.size(); ++u) {
        for (std::size_t k = 0; k < q; ++k) peUnit[u] += uc.r[u][k] * piW[k];
        peUnit[u] /= uc.ri[u];
    }
    linearisedSe(c, uc, pe, peUnit);
    // Every unit rated by the same number of raters, identity weights: Fleiss, Nee & Landis (1979)'s
    // standard error under kappa = 0, for the z test.
    const double m = uc.ri.front();
    const bool balanced = std::all_of(uc.ri.begin(), uc.ri.end(), [&](double x) { return x == m; });
    if (weighting == Weighting::Identity && balanced && m >= 2) {
        double pq = 0, pqqp = 0;
        for (std::size_t k = 0; k < q; ++k) {
            const double p = uc.pi[k], qk = 1 - p;
            pq += p * qk;
            pqqp += p * qk * (qk - p);
        }
        const double n = static_cast<double>(uc.r.size());
        const double var0 = 2 / (pq * pq * n * m * (m - 1)) * (pq * pq - pqqp);
        c.seNull = sqrtVariance(var0);
        if (c.seNull && *c.seNull > 0) {
            c.z = *c.value / *c.seNull;
            c.pValue = normalTwoSided(*c.z);
        }
    }
    return c;
}

// ---------------------------------------------------------------- Krippendorff's alpha

Coefficient krippendorffAlpha(const ConfusionTable& t, AlphaMetric metric) {
    const std::size_t q = t.q();
    Coefficient c;
    if (auto why = tooFewPairs(t.n())) {
        c.reason = *why;
        return c;
    }
    std::vector<double> values(q);
    std::iota(values.begin(), values.end(), 1.0);
    const AlphaComputer alpha(values, metric);
    std::vector<double> o(q * q, 0.0);
    for (std::size_t i = 0; i < q; ++i)
        for (std::size_t j = 0; j < q; ++j) {
            const double x = static_cast<double>(t(i, j));
            o[i * q + j] += x;
            o[j * q + i] += x;
        }
    const AlphaResult full = alpha(o);
    Jackknife jack;
    if (full.value) {
        for (std::size_t i = 0; i < q && !jack.failed; ++i)
            for (std::size_t j = 0; j < q; ++j) {
                if (t(i, j) == 0) continue;
                std::vector<double> lo = o;
                lo[i * q + j] -= 1;
                lo[j * q + i] -= 1;
                jack.add(alpha(lo), static_cast<double>(t(i, j)));
            }
    }
    alphaFinish(c, full, jack);
    return c;
}

Coefficient krippendorffAlpha(const RatingMatrix& ratings, AlphaMetric metric, const std::vector<double>& given) {
    const std::vector<double> categories = categoriesOf(ratings, given);
    const auto units = countUnits(ratings, categories);
    Coefficient c;
    const std::size_t v = categories.size();
    // Each pairable unit's contribution to the coincidence matrix: o_ck += n_c·n_k/(m − 1), c ≠ k;
    // o_cc += n_c(n_c − 1)/(m − 1).
    auto contribute = [&](const std::vector<std::pair<std::size_t, double>>& u, std::vector<double>& o, double sign) {
        double m = 0;
        for (const auto& p : u) m += p.second;
        for (const auto& [a, na] : u)
            for (const auto& [b, nb] : u) o[a * v + b] += sign * (a == b ? na * (na - 1) : na * nb) / (m - 1);
    };
    std::vector<std::size_t> pairable;
    for (std::size_t u = 0; u < units.size(); ++u) {
        double m = 0;
        for (const auto& p : units[u]) m += p.second;
        if (m >= 2) pairable.push_back(u);
    }
    if (pairable.size() < 2) {
        c.reason = pairable.empty() ? "no unit was graded by two raters or more"
                                    : "only one unit was graded by two raters or more: at least two are needed";
        return c;
    }
    std::vector<double> o(v * v, 0.0);
    for (std::size_t u : pairable) contribute(units[u], o, 1.0);
    const AlphaComputer alpha(categories, metric);
    const AlphaResult full = alpha(o);
    Jackknife jack;
    if (full.value) {
        for (std::size_t u : pairable) {
            std::vector<double> lo = o;
            contribute(units[u], lo, -1.0);
            jack.add(alpha(lo), 1.0);
            if (jack.failed) break;
        }
    }
    alphaFinish(c, full, jack);
    return c;
}

// ---------------------------------------------------------------- everything at once

Summary summarise(const ConfusionTable& t) {
    Summary s;
    s.n = t.n();
    s.exact = exactAgreement(t);
    s.withinOne = withinOneAgreement(t);
    s.shift = moderationShift(t);
    s.kappa = cohenKappa(t, Weighting::Identity);
    s.kappaLinear = cohenKappa(t, Weighting::Linear);
    s.kappaQuadratic = cohenKappa(t, Weighting::Quadratic);
    s.ac1 = gwetAC(t, Weighting::Identity);
    s.ac2Linear = gwetAC(t, Weighting::Linear);
    s.ac2Quadratic = gwetAC(t, Weighting::Quadratic);
    s.ac2Ordinal = gwetAC(t, Weighting::GwetOrdinal);
    s.alphaNominal = krippendorffAlpha(t, AlphaMetric::Nominal);
    s.alphaOrdinal = krippendorffAlpha(t, AlphaMetric::Ordinal);
    s.alphaInterval = krippendorffAlpha(t, AlphaMetric::Interval);
    return s;
}

}  // namespace audit::agreement
