// Agreement between raters on a fixed, ordered set of grades (shared/design/STATISTICS.md):
// the confusion table of two raters (auditor rows × moderator columns, worst grade first), exact and
// within-one agreement, moderated down / up with a McNemar-type test, Cohen's kappa (any weights) with
// the Fleiss–Cohen–Everitt standard errors, Gwet's AC1 / AC2 with Gwet's variance, and Krippendorff's
// alpha (nominal, ordinal, interval, ratio; any number of raters; missing grades). A Wilson interval
// for proportions, undefined rather than an error when n = 0, is here too (used by accuracy tracking).
//
// The category set is FIXED by the caller (the framework's grades): a table always has q rows and
// columns whether or not every grade was used, so an unused grade never changes the weights.
//
// A coefficient that cannot be computed (no pairs, one pair, chance agreement of 1, only one grade
// used, ...) has no value and says why in `reason`: nothing here ever returns NaN.
//
// Intervals are large-sample Wald intervals, value ± 1.96·SE, with the NON-NULL standard error
// (Fleiss, Cohen & Everitt 1969 for kappa; Gwet 2008 for AC1/AC2; a jackknife over units for alpha),
// TRUNCATED to [−1, 1] (kIntervalMethod; Coefficient::truncated says when a limit was cut). A variance that is
// zero up to rounding (|var| ≤ 1e-12) is zero. The null standard error of kappa is used only for the z test of
// kappa = 0; when it is zero (a rater used one grade only) z and p are undefined (testReason says why).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace audit::agreement {

inline constexpr double z95 = 1.959963984540054;  // the 97.5th percentile of N(0, 1); intervals use value ± z95·SE

// How every coefficient's interval is computed (shown on sheets and in JSON beside the intervals).
inline constexpr const char* kIntervalMethod =
    "value ± 1.96·SE (large-sample), truncated to [−1, 1]: a limit beyond the coefficient's range is set to it";
// Variances at or below this in absolute value are zero (rounding leaves ~1e-16 where the exact value is 0).
inline constexpr double kZeroVariance = 1e-12;

// A coefficient with its standard error and 95% interval. Every part may be undefined; `reason` says
// why whenever `value` or `se` is missing.
struct Coefficient {
    std::optional<double> value;
    std::optional<double> se;      // non-null (large-sample) standard error, used for the interval
    std::optional<double> ciLow;   // value − z95·se
    std::optional<double> ciHigh;  // value + z95·se
    std::optional<double> seNull;  // kappa only: standard error under kappa = 0, used only for the z test
    std::optional<double> z;       // kappa only: value / seNull
    std::optional<double> pValue;  // kappa only: two-sided p of the z test of kappa = 0
    std::string reason;            // why something is undefined; empty when value and se are defined
    bool truncated = false;        // a limit of the interval was cut to −1 or 1
    std::string testReason;        // kappa only: why z and p are undefined ("" when they are defined)
    bool defined() const { return value.has_value(); }
};

// A proportion k/n with a Wilson score interval (Wilson 1927), computed by audit::wilsonInterval
// (audit/estimate.h); undefined (with a reason) when n = 0 instead of an error.
struct Proportion {
    std::uint64_t successes = 0;
    std::uint64_t n = 0;
    std::optional<double> value;  // k/n; undefined when n = 0
    std::optional<double> low, high;  // the Wilson interval at `confidence`
    std::string reason;
};
Proportion wilson(std::uint64_t successes, std::uint64_t n, double confidence = 0.95);

// Counts of pairs: rows = first rater (auditor), columns = second rater (moderator), index 0 = worst grade.
class ConfusionTable {
public:
    explicit ConfusionTable(std::size_t q);  // q ≥ 1 categories, all counts 0
    // From a square matrix of counts (rows × columns); throws Error(Data) if it is not square or is empty.
    static ConfusionTable fromCounts(const std::vector<std::vector<std::uint64_t>>& counts);

    std::size_t q() const { return q_; }
    std::uint64_t operator()(std::size_t row, std::size_t col) const { return cells_[row * q_ + col]; }
    void add(std::size_t row, std::size_t col, std::uint64_t count = 1) { cells_[row * q_ + col] += count; }
    std::uint64_t* cells() { return cells_.data(); }  // row-major q×q, for fast counting
    const std::uint64_t* cells() const { return cells_.data(); }

    std::uint64_t n() const;
    std::uint64_t rowTotal(std::size_t row) const;
    std::uint64_t colTotal(std::size_t col) const;
    std::vector<std::vector<std::uint64_t>> rows() const;

    ConfusionTable transposed() const;  // the raters swapped
    // The same counts on a scale with one more (unused) grade inserted at `position` (0..q).
    ConfusionTable withUnusedCategory(std::size_t position) const;
    ConfusionTable& operator+=(const ConfusionTable& other);  // same q, else throws Error(Internal)
    bool operator==(const ConfusionTable& other) const = default;

private:
    std::size_t q_;
    std::vector<std::uint64_t> cells_;
};

// Agreement weights w[i][j] in [0, 1], w[i][i] = 1, on the positions of the fixed scale.
using Weights = std::vector<std::vector<double>>;
enum class Weighting {
    Identity,     // 1 on the diagonal, 0 elsewhere (unweighted kappa, AC1)
    Linear,       // 1 − |i − j|/(q − 1)
    Quadratic,    // 1 − (i − j)²/(q − 1)²
    GwetOrdinal,  // 1 − M/max M with M = m(m − 1)/2, m = |i − j| + 1 (on four grades: 1, 5/6, 1/2, 0)
};
Weights weights(Weighting weighting, std::size_t q);
const char* weightingName(Weighting weighting);  // "identity", "linear", "quadratic", "gwet-ordinal"

// Share of pairs on the diagonal; undefined when n = 0.
Proportion exactAgreement(const ConfusionTable& table);
// Share of pairs at most one grade apart; undefined when n = 0.
Proportion withinOneAgreement(const ConfusionTable& table);

// Pairs off the diagonal. "Down": the moderator's grade is worse than the auditor's (row > column,
// below the diagonal, the auditor was more generous); "up": the moderator's grade is better.
// McNemar-type χ² = (down − up)²/(down + up) on 1 df, undefined when down + up = 0.
struct Shift {
    std::uint64_t down = 0;
    std::uint64_t up = 0;
    std::optional<double> chi2;
    std::optional<double> pValue;  // upper tail of χ² with 1 df
    std::string reason;
};
Shift moderationShift(const ConfusionTable& table);

// Cohen's kappa with agreement weights (Cohen 1960, 1968); se = Fleiss, Cohen & Everitt (1969) non-null,
// seNull for the z test of kappa = 0. Undefined when n < 2 or chance agreement p_e = 1.
// Throws Error(Internal) if the weights are not q×q.
Coefficient cohenKappa(const ConfusionTable& table, const Weights& w);
Coefficient cohenKappa(const ConfusionTable& table, Weighting weighting = Weighting::Identity);

// Gwet's AC1 (identity weights) / AC2 (other weights) for two raters, with Gwet's (2008) linearised
// variance (no finite-population correction). Undefined when n < 2 or q < 2.
Coefficient gwetAC(const ConfusionTable& table, const Weights& w);
Coefficient gwetAC(const ConfusionTable& table, Weighting weighting = Weighting::Identity);

// Krippendorff's alpha. The difference function of each metric (Krippendorff 2011):
// nominal 0/1; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)²; interval (c − k)²; ratio ((c − k)/(c + k))².
enum class AlphaMetric { Nominal, Ordinal, Interval, Ratio };
const char* metricName(AlphaMetric metric);  // "nominal", "ordinal", "interval", "ratio"

// Alpha of two raters without missing grades, from the table's coincidence matrix (o = T + Tᵀ); the
// category values are the scale positions 1..q. se is a jackknife over pairs (deterministic).
// Undefined with fewer than 2 pairs or when only one grade was given (no expected disagreement).
Coefficient krippendorffAlpha(const ConfusionTable& table, AlphaMetric metric);

// Ratings of units by any number of raters: ratings[unit][rater], std::nullopt = missing.
using RatingMatrix = std::vector<std::vector<std::optional<double>>>;

// Alpha from a units × raters matrix; units with fewer than two grades are not pairable and are left out.
// `categories`: the fixed category values in scale order (a value not among them throws Error(Data));
// empty = the distinct values seen, sorted. se is a jackknife over pairable units.
Coefficient krippendorffAlpha(const RatingMatrix& ratings, AlphaMetric metric,
                              const std::vector<double>& categories = {});

// Gwet's AC1/AC2 for any number of raters with missing ratings (Gwet 2014; irrCAC gwet.ac1.raw), with its
// linearised variance (no finite-population correction). Units with no rating are left out. The weights
// are on the positions of `categories` (empty = the distinct values seen, sorted).
Coefficient gwetAC(const RatingMatrix& ratings, Weighting weighting, const std::vector<double>& categories = {});

// Fleiss' kappa (Fleiss 1971) for any number of raters with missing ratings, generalised to weights
// (Gwet 2014, ch. 5; irrCAC fleiss.kappa.raw): pa as for AC1/AC2, pe = Σ_kl w_kl π_k π_l, with the
// linearised variance. When every unit has the same number of raters and the weights are the identity,
// seNull, z and pValue are Fleiss, Nee & Landis (1979)'s test of kappa = 0 (as R irr's kappam.fleiss).
Coefficient fleissKappa(const RatingMatrix& ratings, Weighting weighting = Weighting::Identity,
                        const std::vector<double>& categories = {});

// Everything `audit-reconcile stats` reports for one table.
struct Summary {
    std::uint64_t n = 0;  // complete pairs
    Proportion exact;
    Proportion withinOne;
    Shift shift;
    Coefficient kappa, kappaLinear, kappaQuadratic;
    Coefficient ac1, ac2Linear, ac2Quadratic, ac2Ordinal;  // ac2Ordinal: Gwet's ordinal weights
    Coefficient alphaNominal, alphaOrdinal, alphaInterval;
};
Summary summarise(const ConfusionTable& table);

}  // namespace audit::agreement
