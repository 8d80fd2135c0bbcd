#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>

#include <cmath>

#include "audit/base/error.h"
#include "audit/sampling/estimate.h"
#include "test_support.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(stratified_mean_matches_r_survey) {
    auto ref = test::reference("sampling.json")->getObject("stratified_mean");
    auto strata = ref->getArray("strata");
    std::vector<StratumValues> in;
    for (std::size_t h = 0; h < strata->size(); ++h) {
        auto s = strata->getObject(h);
        StratumValues v;
        v.key = "h" + std::to_string(h);
        v.populationSize = s->getValue<double>("N");
        auto vals = s->getArray("values");
        for (std::size_t i = 0; i < vals->size(); ++i) v.values.push_back(vals->getElement<double>(i));
        in.push_back(v);
    }
    const auto e = stratifiedMean(in);
    auto expect = ref->getObject("expect");
    BOOST_TEST(std::abs(e.estimate - expect->getValue<double>("mean")) < 5e-5);
    BOOST_REQUIRE(e.se.has_value());
    BOOST_TEST(std::abs(*e.se - expect->getValue<double>("se_with_fpc")) < 5e-4);
    BOOST_TEST(std::abs(*e.seNoFpc - expect->getValue<double>("se_without_fpc")) < 5e-5);
    BOOST_TEST(e.singletons == 0u);
    BOOST_TEST(e.n == 8u);
    const auto ci = e.ci();
    BOOST_TEST(ci.lower < e.estimate);
    BOOST_TEST(std::abs((ci.upper - ci.lower) / 2 - 1.959964 * *e.se) < 1e-6);
}

BOOST_AUTO_TEST_CASE(proportion_by_counts_equals_the_mean_of_zero_one_values) {
    const auto p = stratifiedProportion({{"a", 100, 10, 7}, {"b", 300, 20, 12}});
    BOOST_TEST(std::abs(p.estimate - (0.25 * 0.7 + 0.75 * 0.6)) < 1e-12);
    // s_h² = n p(1-p)/(n-1)
    const double va = 10 * 0.7 * 0.3 / 9, vb = 20 * 0.6 * 0.4 / 19;
    const double var = 0.0625 * (1 - 0.1) * va / 10 + 0.5625 * (1 - 20.0 / 300) * vb / 20;
    BOOST_TEST(std::abs(*p.se - std::sqrt(var)) < 1e-12);
    BOOST_CHECK_THROW(stratifiedProportion({{"a", 100, 10, 11}}), Error);
    BOOST_CHECK_THROW(stratifiedProportion({{"a", 100, 0, 0}}), Error);  // an empty stratum is not covered
}

BOOST_AUTO_TEST_CASE(a_stratum_with_one_sampled_case_follows_the_stated_rule) {
    std::vector<StratumValues> in{{"a", 20, {1, 0, 1, 1}}, {"b", 30, {1, 1, 0}}, {"lonely", 10, {1}}};
    const auto avg = stratifiedMean(in, SingletonRule::Average);
    const auto zero = stratifiedMean(in, SingletonRule::Zero);
    BOOST_TEST(avg.singletons == 1u);
    BOOST_TEST(avg.estimate == zero.estimate);
    BOOST_TEST(*avg.se > *zero.se);
    const double a = avg.strata[0].varianceTerm, b = avg.strata[1].varianceTerm;
    BOOST_TEST(std::abs(avg.strata[2].varianceTerm - (a + b) / 2) < 1e-15);
    BOOST_TEST(std::abs(*zero.se - std::sqrt(a + b)) < 1e-15);
    BOOST_TEST(avg.method.find("one sampled case") != std::string::npos);
    // Only singletons: undefined under "average", said so.
    const auto none = stratifiedMean({{"x", 10, {1}}, {"y", 10, {0}}});
    BOOST_TEST(!none.se.has_value());
    BOOST_CHECK_THROW(none.ci(), Error);
    // A one-case stratum sampled whole is a census, not lonely.
    const auto census = stratifiedMean({{"x", 1, {1}}, {"y", 10, {0, 1}}});
    BOOST_TEST(census.singletons == 0u);
}

BOOST_AUTO_TEST_CASE(wilson_interval) {
    // Wilson (1927); e.g. 8 of 10 at 95%: 0.4902 to 0.9433 (Newcombe 1998, table I method 3 for 81/263 style).
    auto ci = wilsonInterval(8, 10);
    BOOST_TEST(std::abs(ci.lower - 0.4902) < 1e-4);
    BOOST_TEST(std::abs(ci.upper - 0.9433) < 1e-4);
    ci = wilsonInterval(0, 10);
    BOOST_TEST(ci.lower == 0.0);
    BOOST_TEST(std::abs(ci.upper - 0.2775) < 1e-4);
    ci = wilsonInterval(10, 10);
    BOOST_TEST(ci.upper == 1.0);
    BOOST_TEST(ci.method == "Wilson score");
    BOOST_CHECK_THROW(wilsonInterval(3, 0), Error);
    BOOST_CHECK_THROW(wilsonInterval(4, 3), Error);
}
