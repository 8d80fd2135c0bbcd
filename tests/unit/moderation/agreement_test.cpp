#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <functional>
#include <map>
#include <sstream>

#include "audit/moderation/agreement.h"
#include "audit/base/error.h"
#include "audit/base/random.h"
#include "test_support.h"

using namespace audit::agreement;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

// The reference file with every number turned into a string, so that the digits as printed are kept:
// a value is reproduced "to its printed precision" when it is within half a unit of the last printed digit.
Object::Ptr referenceWithPrintedDigits(const std::string& name = "agreement.json") {
    const std::string raw = audit::test::readText(audit::test::referenceDir() + "/" + name);
    std::string out;
    bool inString = false, escaped = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char ch = raw[i];
        if (inString) {
            out += ch;
            if (escaped)
                escaped = false;
            else if (ch == '\\')
                escaped = true;
            else if (ch == '"')
                inString = false;
            continue;
        }
        if (ch == '"') {
            inString = true;
            out += ch;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            std::size_t j = i;
            while (j < raw.size() && std::string_view("+-.eE0123456789").find(raw[j]) != std::string_view::npos) ++j;
            out += '"' + raw.substr(i, j - i) + '"';
            i = j - 1;
        } else {
            out += ch;
        }
    }
    Poco::JSON::Parser parser;
    return parser.parse(out).extract<Object::Ptr>();
}

struct Printed {
    double value;
    double tolerance;  // half a unit of the last printed digit
    std::string text;
};

Printed printed(const Poco::Dynamic::Var& v) {
    const std::string s = v.convert<std::string>();
    const auto dot = s.find('.');
    const int decimals = dot == std::string::npos ? 0 : static_cast<int>(s.size() - dot - 1);
    return {std::stod(s), 0.5 * std::pow(10.0, -decimals) + 1e-12, s};
}

void checkPrinted(const std::string& what, std::optional<double> got, const Poco::Dynamic::Var& expected) {
    const Printed p = printed(expected);
    BOOST_TEST_CONTEXT(what << ": published " << p.text) {
        BOOST_TEST_REQUIRE(got.has_value());
        BOOST_TEST(std::fabs(*got - p.value) <= p.tolerance, what << " = " << *got << ", published " << p.text);
    }
}

// {"value", "se", "ci95", "se_null"} against a coefficient.
void checkCoefficient(const std::string& what, const Coefficient& c, const Object::Ptr& e) {
    for (const auto& key : e->getNames()) {
        if (key == "value")
            checkPrinted(what + ".value", c.value, e->get(key));
        else if (key == "se")
            checkPrinted(what + ".se", c.se, e->get(key));
        else if (key == "se_null")
            checkPrinted(what + ".se_null", c.seNull, e->get(key));
        else if (key == "z")
            checkPrinted(what + ".z", c.z, e->get(key));
        else if (key == "ci95") {
            auto ci = e->getArray(key);
            checkPrinted(what + ".ci95[0]", c.ciLow, ci->get(0));
            checkPrinted(what + ".ci95[1]", c.ciHigh, ci->get(1));
        } else if (key == "computed") {
            // marks values computed with the stated formulas rather than published
        } else {
            BOOST_ERROR(what << ": the test has no check for key '" << key << "'");
        }
    }
}

ConfusionTable tableOf(const Array::Ptr& rows) {
    std::vector<std::vector<std::uint64_t>> counts;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        auto row = rows->getArray(static_cast<unsigned>(i));
        std::vector<std::uint64_t> r;
        for (std::size_t j = 0; j < row->size(); ++j) r.push_back(std::stoull(row->get(static_cast<unsigned>(j)).convert<std::string>()));
        counts.push_back(r);
    }
    return ConfusionTable::fromCounts(counts);
}

Weights weightsOf(const Array::Ptr& rows) {
    Weights w;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        auto row = rows->getArray(static_cast<unsigned>(i));
        std::vector<double> r;
        for (std::size_t j = 0; j < row->size(); ++j) r.push_back(std::stod(row->get(static_cast<unsigned>(j)).convert<std::string>()));
        w.push_back(r);
    }
    return w;
}

// Reliability data as printed (rows = raters, columns = units) → units × raters.
RatingMatrix ratingsOf(const Array::Ptr& raters) {
    const std::size_t r = raters->size();
    const std::size_t u = raters->getArray(0)->size();
    RatingMatrix m(u, std::vector<std::optional<double>>(r));
    for (std::size_t i = 0; i < r; ++i) {
        auto row = raters->getArray(static_cast<unsigned>(i));
        BOOST_TEST_REQUIRE(row->size() == u);
        for (std::size_t j = 0; j < u; ++j) {
            auto v = row->get(static_cast<unsigned>(j));
            if (!v.isEmpty()) m[j][i] = std::stod(v.convert<std::string>());
        }
    }
    return m;
}

bool finiteOrAbsent(const std::optional<double>& x) { return !x || std::isfinite(*x); }

bool allFinite(const Coefficient& c) {
    return finiteOrAbsent(c.value) && finiteOrAbsent(c.se) && finiteOrAbsent(c.ciLow) && finiteOrAbsent(c.ciHigh) &&
           finiteOrAbsent(c.seNull) && finiteOrAbsent(c.z) && finiteOrAbsent(c.pValue) &&
           (c.value || !c.reason.empty()) && (c.se || !c.reason.empty());
}

std::vector<const Coefficient*> coefficients(const Summary& s) {
    return {&s.kappa, &s.kappaLinear, &s.kappaQuadratic, &s.ac1, &s.ac2Linear, &s.ac2Quadratic,
            &s.ac2Ordinal, &s.alphaNominal, &s.alphaOrdinal, &s.alphaInterval};
}

void sameCoefficient(const Coefficient& a, const Coefficient& b, const std::string& what, double tol = 1e-12) {
    BOOST_TEST_CONTEXT(what) {
        BOOST_TEST(a.value.has_value() == b.value.has_value());
        if (a.value && b.value) BOOST_TEST(std::fabs(*a.value - *b.value) <= tol);
        BOOST_TEST(a.se.has_value() == b.se.has_value());
        if (a.se && b.se) BOOST_TEST(std::fabs(*a.se - *b.se) <= tol);
        BOOST_TEST(a.seNull.has_value() == b.seNull.has_value());
        if (a.seNull && b.seNull) BOOST_TEST(std::fabs(*a.seNull - *b.seNull) <= tol);
    }
}

ConfusionTable randomTable(audit::Random& rng, std::size_t q, std::uint64_t n) {
    ConfusionTable t(q);
    for (std::uint64_t k = 0; k < n; ++k) {
        const std::size_t i = rng.below(q);
        // mostly agreement, sometimes one grade apart, rarely anywhere
        std::size_t j = i;
        if (rng.chance(0.3)) j = rng.below(q);
        t.add(i, j);
    }
    return t;
}

}  // namespace

// ------------------------------------------------------------------ published values

BOOST_AUTO_TEST_CASE(every_published_table_is_reproduced) {
    auto ref = referenceWithPrintedDigits();
    auto tables = ref->getArray("tables");
    BOOST_TEST_REQUIRE(tables->size() >= 4u);
    for (std::size_t k = 0; k < tables->size(); ++k) {
        auto entry = tables->getObject(static_cast<unsigned>(k));
        const std::string name = entry->getValue<std::string>("name");
        BOOST_TEST_CONTEXT("table " << name) {
            const ConfusionTable t = tableOf(entry->getArray("table"));
            auto e = entry->getObject("expect");
            const Summary s = summarise(t);
            for (const auto& key : e->getNames()) {
                const std::string what = name + "." + key;
                if (key == "n")
                    BOOST_TEST(std::to_string(s.n) == e->get(key).convert<std::string>());
                else if (key == "exact_agreement")
                    checkPrinted(what, s.exact.value, e->get(key));
                else if (key == "within_one_agreement")
                    checkPrinted(what, s.withinOne.value, e->get(key));
                else if (key == "kappa")
                    checkCoefficient(what, s.kappa, e->getObject(key));
                else if (key == "kappa_linear")
                    checkCoefficient(what, s.kappaLinear, e->getObject(key));
                else if (key == "kappa_quadratic")
                    checkCoefficient(what, s.kappaQuadratic, e->getObject(key));
                else if (key == "ac1")
                    checkCoefficient(what, s.ac1, e->getObject(key));
                else if (key == "ac2_quadratic")
                    checkCoefficient(what, s.ac2Quadratic, e->getObject(key));
                else if (key == "ac2_gwet_ordinal")
                    checkCoefficient(what, s.ac2Ordinal, e->getObject(key));
                else if (key == "kappa_custom_weights")
                    checkCoefficient(what, cohenKappa(t, weightsOf(entry->getArray("weights"))), e->getObject(key));
                else if (key == "rows_lower_than_columns")  // moderator's grade better: moderated up
                    BOOST_TEST(std::to_string(s.shift.up) == e->get(key).convert<std::string>());
                else if (key == "rows_higher_than_columns")  // moderator's grade worse: moderated down
                    BOOST_TEST(std::to_string(s.shift.down) == e->get(key).convert<std::string>());
                else
                    BOOST_ERROR(what << ": the test has no check for this key");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_published_reliability_data_set_is_reproduced) {
    auto ref = referenceWithPrintedDigits();
    auto sets = ref->getArray("reliability_data");
    BOOST_TEST_REQUIRE(sets->size() >= 2u);
    for (std::size_t k = 0; k < sets->size(); ++k) {
        auto entry = sets->getObject(static_cast<unsigned>(k));
        const std::string name = entry->getValue<std::string>("name");
        BOOST_TEST_CONTEXT("data " << name) {
            const RatingMatrix m = ratingsOf(entry->getArray("data"));
            auto e = entry->getObject("expect");
            for (const auto& key : e->getNames()) {
                const std::string what = name + "." + key;
                std::optional<AlphaMetric> metric;
                if (key == "alpha_nominal") metric = AlphaMetric::Nominal;
                if (key == "alpha_ordinal") metric = AlphaMetric::Ordinal;
                if (key == "alpha_interval") metric = AlphaMetric::Interval;
                if (key == "alpha_ratio") metric = AlphaMetric::Ratio;
                if (metric) {
                    const Coefficient a = krippendorffAlpha(m, *metric);
                    checkPrinted(what, a.value, e->get(key));
                    BOOST_TEST(a.se.has_value());
                    BOOST_TEST(allFinite(a));
                } else if (key == "ac1") {
                    checkCoefficient(what, gwetAC(m, Weighting::Identity), e->getObject(key));
                } else {
                    BOOST_ERROR(what << ": the test has no check for this key");
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_published_multi_rater_data_set_is_reproduced) {
    auto ref = referenceWithPrintedDigits("multirater.json");
    auto sets = ref->getArray("data");
    BOOST_TEST_REQUIRE(sets->size() >= 7u);
    std::size_t checked = 0;
    for (std::size_t k = 0; k < sets->size(); ++k) {
        auto entry = sets->getObject(static_cast<unsigned>(k));
        const std::string name = entry->getValue<std::string>("name");
        BOOST_TEST_CONTEXT("data " << name) {
            BOOST_TEST(!entry->getValue<std::string>("source").empty());
            auto rows = entry->getArray("units");
            RatingMatrix m;
            for (std::size_t u = 0; u < rows->size(); ++u) {
                auto row = rows->getArray(static_cast<unsigned>(u));
                std::vector<std::optional<double>> r;
                for (std::size_t j = 0; j < row->size(); ++j) {
                    auto v = row->get(static_cast<unsigned>(j));
                    r.push_back(v.isEmpty() ? std::nullopt : std::optional<double>(std::stod(v.convert<std::string>())));
                }
                m.push_back(r);
            }
            std::vector<double> cats;
            auto c = entry->getArray("categories");
            for (std::size_t j = 0; j < c->size(); ++j) cats.push_back(std::stod(c->get(static_cast<unsigned>(j)).convert<std::string>()));
            auto e = entry->getObject("expect");
            for (const auto& key : e->getNames()) {
                const std::string what = name + "." + key;
                ++checked;
                const std::map<std::string, Weighting> weighted = {{"linear", Weighting::Linear},
                                                                    {"quadratic", Weighting::Quadratic},
                                                                    {"ordinal", Weighting::GwetOrdinal}};
                auto weightingOf = [&](const std::string& prefix) -> std::optional<Weighting> {
                    if (key == prefix) return Weighting::Identity;
                    if (key.rfind(prefix + "_", 0) != 0) return std::nullopt;
                    auto it = weighted.find(key.substr(prefix.size() + 1));
                    return it == weighted.end() ? std::nullopt : std::optional<Weighting>(it->second);
                };
                if (auto w = weightingOf("fleiss")) {
                    const Coefficient f = fleissKappa(m, *w, cats);
                    checkCoefficient(what, f, e->getObject(key));
                    BOOST_TEST(allFinite(f));
                } else if (auto w = key == "ac1" ? std::optional<Weighting>(Weighting::Identity) : weightingOf("ac2")) {
                    checkCoefficient(what, gwetAC(m, *w, cats), e->getObject(key));
                } else if (key.rfind("alpha_", 0) == 0) {
                    const std::map<std::string, AlphaMetric> metrics = {{"alpha_nominal", AlphaMetric::Nominal},
                                                                        {"alpha_ordinal", AlphaMetric::Ordinal},
                                                                        {"alpha_interval", AlphaMetric::Interval},
                                                                        {"alpha_ratio", AlphaMetric::Ratio}};
                    BOOST_TEST_REQUIRE(metrics.count(key) == 1u);
                    const Coefficient a = krippendorffAlpha(m, metrics.at(key), cats);
                    checkPrinted(what, a.value, e->get(key));
                    BOOST_TEST(a.se.has_value());
                } else {
                    BOOST_ERROR(what << ": the test has no check for this key");
                }
            }
        }
    }
    BOOST_TEST(checked >= 25u);
}

BOOST_AUTO_TEST_CASE(fleiss_kappa_with_two_raters_and_no_missing_is_scotts_pi) {
    // Scott's pi from the table: pa = diagonal share, pe = Σ ((row + column)/2n)².
    const RatingMatrix m = {{1, 1}, {2, 2}, {4, 2}, {1, 2}, {4, 4}, {2, 1}, {3, 3}, {3, 4}};
    ConfusionTable t(4);
    for (const auto& r : m) t.add(static_cast<std::size_t>(*r[0] - 1), static_cast<std::size_t>(*r[1] - 1));
    double pa = 0, pe = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        pa += static_cast<double>(t(i, i)) / 8;
        const double p = static_cast<double>(t.rowTotal(i) + t.colTotal(i)) / 16;
        pe += p * p;
    }
    const Coefficient f = fleissKappa(m, Weighting::Identity, {1, 2, 3, 4});
    BOOST_TEST_REQUIRE(f.value.has_value());
    BOOST_TEST(std::fabs(*f.value - (pa - pe) / (1 - pe)) < 1e-12);
    BOOST_TEST(f.seNull.has_value());  // balanced: the test of kappa = 0 is given
    // Unbalanced: no null test, but the linearised SE still is.
    const Coefficient u = fleissKappa(RatingMatrix{{1, 1, 2}, {2, 2, std::nullopt}, {3, 4, 4}, {1, std::nullopt, 1}},
                                      Weighting::Identity, {1, 2, 3, 4});
    BOOST_TEST(u.value.has_value());
    BOOST_TEST(u.se.has_value());
    BOOST_TEST(!u.seNull.has_value());
    // Nothing to go on: undefined with a reason, never NaN.
    const Coefficient same = fleissKappa(RatingMatrix{{2, 2}, {2, 2}}, Weighting::Identity, {1, 2, 3, 4});
    BOOST_TEST(!same.value.has_value());
    BOOST_TEST(!same.reason.empty());
    BOOST_TEST(!fleissKappa(RatingMatrix{{1, std::nullopt}, {2, std::nullopt}}).value.has_value());
}

BOOST_AUTO_TEST_CASE(degenerate_tables_are_undefined_with_a_reason_never_nan) {
    auto ref = referenceWithPrintedDigits();
    auto cases = ref->getArray("degenerate");
    BOOST_TEST_REQUIRE(cases->size() >= 1u);
    for (std::size_t k = 0; k < cases->size(); ++k) {
        auto entry = cases->getObject(static_cast<unsigned>(k));
        BOOST_TEST_CONTEXT("degenerate " << entry->getValue<std::string>("name")) {
            const ConfusionTable t = tableOf(entry->getArray("table"));
            const Summary s = summarise(t);
            BOOST_TEST(!s.kappa.value.has_value());
            BOOST_TEST(!s.kappa.reason.empty());
            BOOST_TEST(!s.kappaLinear.value.has_value());
            BOOST_TEST(!s.kappaQuadratic.value.has_value());
            BOOST_TEST(!s.alphaOrdinal.value.has_value());
            BOOST_TEST(!s.alphaOrdinal.reason.empty());
            BOOST_TEST_REQUIRE(s.exact.value.has_value());
            BOOST_TEST(*s.exact.value == 1.0);
            BOOST_TEST(!s.shift.chi2.has_value());
            BOOST_TEST(!s.shift.reason.empty());
            for (const Coefficient* c : coefficients(s)) BOOST_TEST(allFinite(*c));
        }
    }
}

// ------------------------------------------------------------------ other fixed values

BOOST_AUTO_TEST_CASE(weights_on_four_grades) {
    const Weights g = weights(Weighting::GwetOrdinal, 4);
    BOOST_TEST(g[0][0] == 1.0);
    BOOST_TEST(std::fabs(g[0][1] - 5.0 / 6) < 1e-15);
    BOOST_TEST(std::fabs(g[1][3] - 0.5) < 1e-15);
    BOOST_TEST(g[0][3] == 0.0);
    const Weights l = weights(Weighting::Linear, 4);
    BOOST_TEST(std::fabs(l[0][1] - 2.0 / 3) < 1e-15);
    const Weights qd = weights(Weighting::Quadratic, 4);
    BOOST_TEST(std::fabs(qd[0][2] - 5.0 / 9) < 1e-15);
    BOOST_TEST(weights(Weighting::Linear, 1)[0][0] == 1.0);
}

BOOST_AUTO_TEST_CASE(mcnemar_type_test_on_the_sas_table) {
    const auto t = ConfusionTable::fromCounts({{10, 4, 1, 0}, {5, 10, 12, 2}, {2, 4, 12, 5}, {0, 2, 6, 13}});
    const Shift s = moderationShift(t);
    BOOST_TEST(s.down == 19u);
    BOOST_TEST(s.up == 24u);
    BOOST_TEST_REQUIRE(s.chi2.has_value());
    BOOST_TEST(std::fabs(*s.chi2 - 25.0 / 43) < 1e-12);
    BOOST_TEST(std::fabs(*s.pValue - 0.44576590791484216) < 1e-9);  // scipy.stats.chi2.sf(25/43, 1)
}

BOOST_AUTO_TEST_CASE(kappa_z_test_uses_the_null_se) {
    const auto t = ConfusionTable::fromCounts({{10, 4, 1, 0}, {5, 10, 12, 2}, {2, 4, 12, 5}, {0, 2, 6, 13}});
    const Coefficient k = cohenKappa(t);
    BOOST_TEST_REQUIRE(k.z.has_value());
    BOOST_TEST(std::fabs(*k.z - *k.value / *k.seNull) < 1e-12);
    BOOST_TEST(*k.pValue < 1e-6);
    BOOST_TEST(*k.seNull != *k.se);
    BOOST_TEST(std::fabs(*k.ciLow - (*k.value - z95 * *k.se)) < 1e-15);
}

BOOST_AUTO_TEST_CASE(wilson_interval) {
    // statsmodels proportion_confint(method="wilson")
    const Proportion p = wilson(8, 10);
    BOOST_TEST(std::fabs(*p.low - 0.49016247153664183) < 1e-9);
    BOOST_TEST(std::fabs(*p.high - 0.9433178485456247) < 1e-9);
    const Proportion z = wilson(0, 10);
    BOOST_TEST(*z.low == 0.0);
    BOOST_TEST(std::fabs(*z.high - 0.27753279986288926) < 1e-9);
    const Proportion none = wilson(0, 0);
    BOOST_TEST(!none.value.has_value());
    BOOST_TEST(!none.reason.empty());
    BOOST_CHECK_THROW(wilson(3, 2), audit::Error);
}

// ------------------------------------------------------------------ properties

BOOST_AUTO_TEST_CASE(perfect_agreement_gives_one) {
    const auto t = ConfusionTable::fromCounts({{3, 0, 0, 0}, {0, 7, 0, 0}, {0, 0, 20, 0}, {0, 0, 0, 5}});
    const Summary s = summarise(t);
    BOOST_TEST(*s.exact.value == 1.0);
    BOOST_TEST(*s.withinOne.value == 1.0);
    for (const Coefficient* c : coefficients(s)) {
        BOOST_TEST_REQUIRE(c->value.has_value());
        BOOST_TEST(std::fabs(*c->value - 1.0) < 1e-12);
    }
    BOOST_TEST(s.shift.down == 0u);
    BOOST_TEST(s.shift.up == 0u);
}

BOOST_AUTO_TEST_CASE(swapping_the_raters_leaves_the_coefficients_and_swaps_up_and_down) {
    audit::Random rng(6);
    for (int round = 0; round < 50; ++round) {
        const std::size_t q = 2 + rng.below(4);
        const ConfusionTable t = randomTable(rng, q, 5 + rng.below(200));
        const Summary a = summarise(t), b = summarise(t.transposed());
        const auto ca = coefficients(a), cb = coefficients(b);
        for (std::size_t k = 0; k < ca.size(); ++k) sameCoefficient(*ca[k], *cb[k], "coefficient " + std::to_string(k), 1e-10);
        BOOST_TEST(a.shift.down == b.shift.up);
        BOOST_TEST(a.shift.up == b.shift.down);
        BOOST_TEST(a.exact.successes == b.exact.successes);
    }
}

BOOST_AUTO_TEST_CASE(an_unused_grade_changes_nothing_that_does_not_depend_on_the_scale_size) {
    // Unweighted kappa, exact agreement, nominal and ordinal alpha do not depend on empty grades at all.
    audit::Random rng(11);
    for (int round = 0; round < 30; ++round) {
        const std::size_t q = 2 + rng.below(4);
        const ConfusionTable t = randomTable(rng, q, 10 + rng.below(100));
        for (std::size_t pos = 0; pos <= q; ++pos) {
            const ConfusionTable u = t.withUnusedCategory(pos);
            BOOST_TEST(u.n() == t.n());
            sameCoefficient(cohenKappa(t), cohenKappa(u), "kappa", 1e-10);
            sameCoefficient(krippendorffAlpha(t, AlphaMetric::Nominal), krippendorffAlpha(u, AlphaMetric::Nominal),
                            "alpha nominal", 1e-10);
            sameCoefficient(krippendorffAlpha(t, AlphaMetric::Ordinal), krippendorffAlpha(u, AlphaMetric::Ordinal),
                            "alpha ordinal", 1e-10);
            BOOST_TEST(exactAgreement(t).successes == exactAgreement(u).successes);
            BOOST_TEST(moderationShift(t).down == moderationShift(u).down);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_category_set_is_fixed_so_weights_follow_the_scale_not_the_data) {
    // Grades 1, 2 and 4 of a four-grade scale are used; grade 3 never is. The table is 4×4 and the linear
    // weights are those of four grades (the trap in R irr and scikit-learn is to build 3×3 from the data).
    const auto fixed = ConfusionTable::fromCounts({{5, 2, 0, 0}, {1, 6, 0, 2}, {0, 0, 0, 0}, {0, 1, 0, 4}});
    const auto fromData = ConfusionTable::fromCounts({{5, 2, 0}, {1, 6, 2}, {0, 1, 4}});
    const Coefficient kf = cohenKappa(fixed, Weighting::Linear);
    const Coefficient kd = cohenKappa(fromData, Weighting::Linear);
    // By hand with 4-grade weights: w(0,1) = 2/3, w(1,3) = 1/3.
    {
        const double n = 21, pr[4] = {7 / n, 9 / n, 0, 5 / n}, pc[4] = {6 / n, 9 / n, 0, 6 / n};
        const Weights w = weights(Weighting::Linear, 4);
        double po = 0, pe = 0;
        const double cells[4][4] = {{5, 2, 0, 0}, {1, 6, 0, 2}, {0, 0, 0, 0}, {0, 1, 0, 4}};
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) {
                po += w[i][j] * cells[i][j] / n;
                pe += w[i][j] * pr[i] * pc[j];
            }
        BOOST_TEST(std::fabs(*kf.value - (po - pe) / (1 - pe)) < 1e-12);
    }
    BOOST_TEST(std::fabs(*kf.value - *kd.value) > 1e-3);  // the data-driven scale gives another answer
    // Alpha with a fixed category set that includes an unused grade equals alpha without it.
    const RatingMatrix m = {{1, 1}, {2, 2}, {4, 2}, {1, 2}, {4, 4}, {2, 1}};
    sameCoefficient(krippendorffAlpha(m, AlphaMetric::Ordinal), krippendorffAlpha(m, AlphaMetric::Ordinal, {1, 2, 3, 4}),
                    "alpha ordinal with grade 3 unused");
    sameCoefficient(krippendorffAlpha(m, AlphaMetric::Interval), krippendorffAlpha(m, AlphaMetric::Interval, {1, 2, 3, 4}),
                    "alpha interval with grade 3 unused");
    BOOST_CHECK_THROW(krippendorffAlpha(m, AlphaMetric::Ordinal, {1, 2, 3}), audit::Error);
}

BOOST_AUTO_TEST_CASE(the_order_of_units_does_not_matter) {
    audit::Random rng(3);
    RatingMatrix m;
    for (int u = 0; u < 60; ++u) {
        std::vector<std::optional<double>> row;
        const double g = 1 + static_cast<double>(rng.below(4));
        for (int r = 0; r < 3; ++r) {
            if (rng.chance(0.2)) {
                row.push_back(std::nullopt);
                continue;
            }
            double v = rng.chance(0.7) ? g : 1 + static_cast<double>(rng.below(4));
            row.push_back(v);
        }
        m.push_back(row);
    }
    RatingMatrix shuffled = m;
    rng.shuffle(shuffled);
    for (auto metric : {AlphaMetric::Nominal, AlphaMetric::Ordinal, AlphaMetric::Interval, AlphaMetric::Ratio})
        sameCoefficient(krippendorffAlpha(m, metric), krippendorffAlpha(shuffled, metric), metricName(metric), 1e-10);
    for (auto w : {Weighting::Identity, Weighting::Quadratic, Weighting::GwetOrdinal})
        sameCoefficient(gwetAC(m, w), gwetAC(shuffled, w), weightingName(w), 1e-10);
}

BOOST_AUTO_TEST_CASE(two_raters_raw_and_table_agree_and_missing_grades_drop_out) {
    // Two raters: complete pairs go into the table; a unit with one grade is not pairable for alpha.
    audit::Random rng(21);
    RatingMatrix m;
    ConfusionTable t(4);
    for (int u = 0; u < 120; ++u) {
        const std::size_t a = rng.below(4);
        const std::size_t b = rng.chance(0.6) ? a : rng.below(4);
        if (u % 10 == 3) {
            m.push_back({static_cast<double>(a + 1), std::nullopt});
            continue;
        }
        if (u % 17 == 5) {
            m.push_back({std::nullopt, std::nullopt});
            continue;
        }
        m.push_back({static_cast<double>(a + 1), static_cast<double>(b + 1)});
        t.add(a, b);
    }
    const std::vector<double> scale = {1, 2, 3, 4};
    for (auto metric : {AlphaMetric::Nominal, AlphaMetric::Ordinal, AlphaMetric::Interval, AlphaMetric::Ratio}) {
        const Coefficient raw = krippendorffAlpha(m, metric, scale), tab = krippendorffAlpha(t, metric);
        sameCoefficient(raw, tab, std::string("alpha ") + metricName(metric), 1e-10);
    }
    // Gwet's AC1 raw (units with one grade count towards the category shares) vs table (complete pairs only)
    // agree when there are no half-graded units.
    RatingMatrix complete;
    for (const auto& row : m)
        if (row[0] && row[1]) complete.push_back(row);
    const Coefficient raw = gwetAC(complete, Weighting::Identity, scale), tab = gwetAC(t, Weighting::Identity);
    BOOST_TEST(std::fabs(*raw.value - *tab.value) < 1e-12);
    // The variances differ only by n/(n − 1) (raw: 1/(n(n − 1)) Σ(...)²; table: 1/n).
    BOOST_TEST(*raw.se > 0);
    BOOST_TEST(std::fabs(*raw.se - *tab.se) / *tab.se < 0.05);
}

BOOST_AUTO_TEST_CASE(small_and_empty_tables_are_undefined_never_nan) {
    const Summary empty = summarise(ConfusionTable(4));
    BOOST_TEST(empty.n == 0u);
    BOOST_TEST(!empty.exact.value.has_value());
    for (const Coefficient* c : coefficients(empty)) {
        BOOST_TEST(!c->value.has_value());
        BOOST_TEST(!c->reason.empty());
    }
    ConfusionTable one(4);
    one.add(1, 2);
    const Summary single = summarise(one);
    BOOST_TEST(*single.exact.value == 0.0);
    for (const Coefficient* c : coefficients(single)) {
        BOOST_TEST(!c->value.has_value());
        BOOST_TEST(c->reason.find("only one") != std::string::npos);
    }
    audit::Random rng(99);
    for (int round = 0; round < 500; ++round) {
        const std::size_t q = 1 + rng.below(5);
        ConfusionTable t(q);
        const std::uint64_t n = rng.below(6);
        for (std::uint64_t k = 0; k < n; ++k) t.add(rng.below(q), rng.chance(0.5) ? 0 : rng.below(q));
        const Summary s = summarise(t);
        for (const Coefficient* c : coefficients(s)) BOOST_TEST(allFinite(*c));
        BOOST_TEST(finiteOrAbsent(s.shift.chi2));
        BOOST_TEST(finiteOrAbsent(s.shift.pValue));
    }
    // Raw data with too little to go on.
    BOOST_TEST(!krippendorffAlpha(RatingMatrix{{1, std::nullopt}, {2, std::nullopt}}, AlphaMetric::Ordinal).value);
    BOOST_TEST(!krippendorffAlpha(RatingMatrix{{2, 2}, {2, 2}, {2, 2}}, AlphaMetric::Ordinal).value);
    BOOST_TEST(!gwetAC(RatingMatrix{{2, 2}, {2, 2}}, Weighting::Identity).value);  // one category
}

BOOST_AUTO_TEST_CASE(bad_shapes_are_errors) {
    BOOST_CHECK_THROW(ConfusionTable::fromCounts({{1, 2}, {3}}), audit::Error);
    BOOST_CHECK_THROW(ConfusionTable::fromCounts({}), audit::Error);
    const ConfusionTable t(3);
    BOOST_CHECK_THROW(cohenKappa(t, weights(Weighting::Linear, 4)), audit::Error);
    ConfusionTable a(3);
    BOOST_CHECK_THROW(a += ConfusionTable(4), audit::Error);
}

// Issue 13: small tables near perfect agreement gave kappa and AC2 upper limits above 1 (1.029, 1.018). Intervals
// are truncated to [−1, 1], and the truncation is recorded.
BOOST_AUTO_TEST_CASE(intervals_stay_inside_minus_one_and_one_and_say_when_they_were_cut) {
    const auto t = ConfusionTable::fromCounts({{2, 0, 0, 0}, {0, 3, 0, 0}, {0, 1, 4, 0}, {0, 0, 0, 2}});
    bool cut = false;
    for (const Coefficient& c : {cohenKappa(t, Weighting::Identity), cohenKappa(t, Weighting::Quadratic),
                                 gwetAC(t, Weighting::Identity), gwetAC(t, Weighting::GwetOrdinal)}) {
        BOOST_REQUIRE(c.value && c.se && c.ciLow && c.ciHigh);
        BOOST_TEST(*c.ciLow >= -1.0);
        BOOST_TEST(*c.ciHigh <= 1.0);
        const bool beyond = *c.value + z95 * *c.se > 1.0 || *c.value - z95 * *c.se < -1.0;
        BOOST_TEST(c.truncated == beyond);
        if (beyond) BOOST_TEST(*c.ciHigh == 1.0);
        cut = cut || c.truncated;
    }
    BOOST_TEST(cut);  // the table is one where the Wald interval does reach past 1
    BOOST_TEST(std::string(kIntervalMethod).find("truncated") != std::string::npos);
}

// Every auditor grade in one category: the variance of kappa under kappa = 0 is zero (rounding left ~7e-16 and
// gave z = 0, p = 1). Zero up to rounding is zero, and then z and p are undefined, with the reason.
BOOST_AUTO_TEST_CASE(a_variance_that_is_zero_up_to_rounding_is_zero_and_z_and_p_are_null) {
    const auto t = ConfusionTable::fromCounts({{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {1, 2, 9, 3}});
    const Coefficient k = cohenKappa(t, Weighting::Identity);
    BOOST_REQUIRE(k.value.has_value());
    BOOST_TEST(*k.value == 0.0, boost::test_tools::tolerance(1e-12));
    BOOST_REQUIRE(k.seNull.has_value());
    BOOST_TEST(*k.seNull == 0.0);
    BOOST_TEST(!k.z.has_value());
    BOOST_TEST(!k.pValue.has_value());
    BOOST_TEST(!k.testReason.empty());
}
