#include <boost/test/unit_test.hpp>

#include <cmath>

#include "audit/base/error.h"
#include "audit/sampling/planning.h"
#include "test_support.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(normal_quantile) {
    BOOST_TEST(std::abs(normalQuantile(0.975) - 1.959963985) < 1e-8);
    BOOST_TEST(std::abs(normalQuantile(0.5)) < 1e-12);
    BOOST_CHECK_THROW(normalQuantile(1.0), Error);
}

BOOST_AUTO_TEST_CASE(cochran_examples_of_the_shared_reference) {
    auto ref = test::reference("sampling.json")->getObject("sample_size_proportion");
    auto examples = ref->getArray("examples");
    for (std::size_t k = 0; k < examples->size(); ++k) {
        auto ex = examples->getObject(k);
        std::optional<std::size_t> N;
        if (!ex->isNull("N")) N = ex->getValue<std::size_t>("N");
        const auto plan = proportionSampleSize(ex->getValue<double>("e"), ex->getValue<double>("confidence"),
                                               ex->getValue<double>("P"), N);
        const auto expect = ex->getValue<std::size_t>("expect");
        BOOST_TEST_CONTEXT("N=" << (N ? std::to_string(*N) : "none") << " expect " << expect) {
            if (!N) {
                // PracTools nPropMoe: n0 = 384.15, rounded up 385.
                BOOST_TEST(plan.n == expect);
            } else {
                // The clinical-audit worked example says 155; the documented formula (STATISTICS.md, and the
                // reference's own "formula" string) gives 155.71, and "round up" gives 156, which is what the
                // tool prints (the e2e case plan-cochran checks the printed line). The only ways to 155 are to
                // round the result down (155.71, or 155.79 from n0 rounded up first) or to round to nearest the
                // variant n0/(1 + n0/N) = 155.46; rounding to nearest fails the other example (384.15 -> 384, not
                // 385), and rounding down under-samples: with the finite population correction 155 cases give a
                // margin of ±5.02%, above the ±5% asked for, while 156 meet it.
                BOOST_TEST(std::abs(plan.nExact - 155.714) < 0.001);
                BOOST_TEST(plan.n == 156u);
                BOOST_TEST(plan.n == expect + 1);
                auto margin = [&](double n) {
                    const double P = 0.7, Nd = static_cast<double>(*N);
                    return plan.z * std::sqrt(P * (1 - P) / n * (Nd - n) / (Nd - 1));
                };
                BOOST_TEST(margin(155) > 0.05);
                BOOST_TEST(margin(156) <= 0.05);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(cochran_details) {
    auto p = proportionSampleSize(0.05, 0.95, 0.5);
    BOOST_TEST(std::abs(p.n0 - 384.146) < 0.001);
    // A tiny population caps the sample at N.
    p = proportionSampleSize(0.01, 0.99, 0.5, 50);
    BOOST_TEST(p.n <= 50u);
    BOOST_CHECK_THROW(proportionSampleSize(0, 0.95, 0.5), Error);
    BOOST_CHECK_THROW(proportionSampleSize(0.05, 1.5, 0.5), Error);
    BOOST_CHECK_THROW(proportionSampleSize(0.05, 0.95, -0.1), Error);
}

BOOST_AUTO_TEST_CASE(zero_failure_plans_of_the_shared_reference) {
    auto ref = test::reference("sampling.json")->getObject("zero_failure_attribute_plan");
    const auto plan = zeroFailurePlan(0.05, 0.95, 1000);
    BOOST_TEST(plan.binomial == ref->getValue<std::size_t>("binomial"));
    BOOST_TEST(plan.poisson == ref->getValue<std::size_t>("poisson"));
    BOOST_REQUIRE(plan.hypergeometric.has_value());
    BOOST_TEST(*plan.hypergeometric == ref->getValue<std::size_t>("hypergeometric_N1000"));
    BOOST_TEST(plan.populationDeviations == 50u);
    BOOST_TEST(!zeroFailurePlan(0.05, 0.95).hypergeometric.has_value());
    // The hypergeometric plan never exceeds the binomial one and tends to it as N grows.
    BOOST_TEST(*zeroFailurePlan(0.05, 0.95, 1000000).hypergeometric == 59u);
    BOOST_CHECK_THROW(zeroFailurePlan(0.0, 0.95), Error);
}
