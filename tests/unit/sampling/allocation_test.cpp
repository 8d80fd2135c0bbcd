#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>

#include <numeric>

#include "audit/sampling/allocation.h"
#include "audit/base/error.h"
#include "test_support.h"

using namespace audit;

namespace {
std::vector<double> numbers(const Poco::JSON::Array::Ptr& a) {
    std::vector<double> v;
    for (std::size_t i = 0; i < a->size(); ++i) v.push_back(a->getElement<double>(i));
    return v;
}
std::vector<StratumSpec> specs(const std::vector<double>& N, const std::vector<double>& S = {}) {
    std::vector<StratumSpec> out;
    for (std::size_t h = 0; h < N.size(); ++h)
        out.push_back({"s" + std::to_string(h + 1), static_cast<std::size_t>(N[h]), S.empty() ? 0.0 : S[h]});
    return out;
}
std::size_t total(const Allocation& a) {
    std::size_t t = 0;
    for (const auto& s : a.strata) t += s.sample;
    return t;
}
}  // namespace

BOOST_AUTO_TEST_CASE(every_allocation_example_of_the_shared_reference) {
    auto ref = test::reference("sampling.json");
    auto examples = ref->getArray("allocation");
    BOOST_REQUIRE(examples->size() >= 4);
    for (std::size_t k = 0; k < examples->size(); ++k) {
        auto ex = examples->getObject(k);
        const std::string name = ex->getValue<std::string>("name");
        BOOST_TEST_CONTEXT(name) {
            const auto N = numbers(ex->getArray("N_h"));
            std::vector<double> S;
            if (ex->has("S_h")) S = numbers(ex->getArray("S_h"));
            AllocationRequest req;
            req.method = parseAllocationMethod(ex->getValue<std::string>("method"));
            req.total = ex->getValue<std::size_t>("n");
            const auto a = allocate(specs(N, S), req);
            BOOST_TEST(total(a) == req.total);
            if (ex->has("targets")) {
                const auto t = numbers(ex->getArray("targets"));
                for (std::size_t h = 0; h < t.size(); ++h) BOOST_TEST(std::abs(a.strata[h].target - t[h]) < 0.006);
            }
            if (ex->has("expect")) {
                const auto e = numbers(ex->getArray("expect"));
                for (std::size_t h = 0; h < e.size(); ++h) BOOST_TEST(a.strata[h].sample == static_cast<std::size_t>(e[h]));
            }
            if (ex->has("expect_sum")) BOOST_TEST(total(a) == ex->getValue<std::size_t>("expect_sum"));
        }
    }
}

BOOST_AUTO_TEST_CASE(equal_ties_go_to_the_larger_stratum_then_the_smaller_key) {
    AllocationRequest req{AllocationMethod::Equal, 10, 0};
    auto a = allocate({{"b", 50, 0}, {"a", 50, 0}, {"c", 50, 0}}, req);
    BOOST_TEST(a.strata[0].sample == 3u);  // b
    BOOST_TEST(a.strata[1].sample == 4u);  // a: smaller key wins the tie
    BOOST_TEST(a.strata[2].sample == 3u);
    a = allocate({{"b", 50, 0}, {"a", 40, 0}, {"c", 60, 0}}, req);
    BOOST_TEST(a.strata[2].sample == 4u);  // c: larger N_h wins the tie
    BOOST_TEST(total(a) == 10u);
}

BOOST_AUTO_TEST_CASE(minimum_per_stratum_is_met_and_the_rest_reallocated) {
    // proportional 100 over N = 1000, 50, 10: targets 94.3, 4.7, 0.9; with m = 8 → 8 and 8 fixed, 84 left.
    AllocationRequest req{AllocationMethod::Proportional, 100, 8};
    auto a = allocate({{"big", 1000, 0}, {"mid", 50, 0}, {"small", 10, 0}}, req);
    BOOST_TEST(a.strata[0].sample == 84u);
    BOOST_TEST(a.strata[1].sample == 8u);
    BOOST_TEST(a.strata[2].sample == 8u);
    BOOST_TEST((a.strata[1].bound == StratumAllocation::Bound::Minimum));
    // A stratum smaller than m is taken whole.
    req.minPerStratum = 20;
    a = allocate({{"big", 1000, 0}, {"mid", 50, 0}, {"small", 10, 0}}, req);
    BOOST_TEST(a.strata[2].sample == 10u);
    BOOST_TEST(a.strata[1].sample == 20u);
    BOOST_TEST(a.strata[0].sample == 70u);
}

BOOST_AUTO_TEST_CASE(targets_above_the_stratum_size_are_capped_and_the_excess_moves) {
    // Neyman: the small stratum with a huge S_h would get more than it holds.
    AllocationRequest req{AllocationMethod::Neyman, 60, 0};
    auto a = allocate({{"a", 20, 100.0}, {"b", 200, 1.0}, {"c", 200, 1.0}}, req);
    BOOST_TEST(a.strata[0].sample == 20u);
    BOOST_TEST((a.strata[0].bound == StratumAllocation::Bound::Full));
    BOOST_TEST(a.strata[1].sample + a.strata[2].sample == 40u);
    BOOST_TEST(a.strata[1].sample == 20u);
    // Both bounds in play at once: the fixed point clamp(λ w, min(m, N_h), N_h) sums to n.
    req = {AllocationMethod::Neyman, 50, 5};
    a = allocate({{"a", 10, 100.0}, {"b", 300, 1.0}, {"c", 300, 0.01}, {"d", 3, 1.0}}, req);
    BOOST_TEST(total(a) == 50u);
    BOOST_TEST(a.strata[0].sample == 10u);
    BOOST_TEST(a.strata[2].sample == 5u);
    BOOST_TEST(a.strata[3].sample == 3u);
    BOOST_TEST(a.strata[1].sample == 32u);
}

BOOST_AUTO_TEST_CASE(sd_from_a_prior_rate) {
    BOOST_TEST(std::abs(sdFromPrior(0.5) - 0.5) < 1e-12);
    BOOST_TEST(std::abs(sdFromPrior(0.1) - 0.3) < 1e-12);
    BOOST_CHECK_THROW(sdFromPrior(1.2), Error);
    // Neyman with priors: S_h = sqrt(P(1-P)).
    AllocationRequest req{AllocationMethod::Neyman, 30, 0};
    auto a = allocate({{"x", 100, sdFromPrior(0.5)}, {"y", 100, sdFromPrior(0.1)}}, req);
    BOOST_TEST(a.strata[0].sample == 19u);  // 30·0.5/0.8 = 18.75
    BOOST_TEST(a.strata[1].sample == 11u);
}

BOOST_AUTO_TEST_CASE(infeasible_requests_are_refused_with_the_numbers) {
    AllocationRequest req{AllocationMethod::Proportional, 200, 0};
    try {
        allocate({{"a", 100, 0}, {"b", 50, 0}}, req);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(std::string(e.what()).find("150") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("200") != std::string::npos);
    }
    req = {AllocationMethod::Proportional, 10, 5};
    try {
        allocate({{"a", 100, 0}, {"b", 50, 0}, {"c", 3, 0}}, req);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("13") != std::string::npos);  // 5 + 5 + 3
    }
    req = {AllocationMethod::Proportional, 0, 0};
    try {
        allocate({{"a", 100, 0}}, req);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 64);
    }
    BOOST_CHECK_THROW(parseAllocationMethod("optimal"), Error);
}

BOOST_AUTO_TEST_CASE(the_total_is_always_exact) {
    for (std::size_t n = 1; n <= 300; n += 7)
        for (std::size_t m = 0; m < 6; ++m) {
            std::vector<StratumSpec> s{{"a", 3, 1}, {"b", 17, 2}, {"c", 101, 0.5}, {"d", 250, 0.1}, {"e", 9, 3}};
            std::size_t sumMin = 0;
            for (auto& x : s) sumMin += std::min(m, x.size);
            if (n < sumMin) continue;
            for (auto method : {AllocationMethod::Proportional, AllocationMethod::Equal, AllocationMethod::Neyman}) {
                auto a = allocate(s, {method, n, m});
                BOOST_TEST(total(a) == n);
                for (std::size_t h = 0; h < s.size(); ++h) {
                    BOOST_TEST(a.strata[h].sample <= s[h].size);
                    BOOST_TEST(a.strata[h].sample >= std::min(m, s[h].size));
                }
            }
        }
}
