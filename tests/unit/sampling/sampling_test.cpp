#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <set>

#include "audit/base/error.h"
#include "audit/base/hash.h"
#include "audit/base/random.h"
#include "test_support.h"
#include "audit/sampling/case_list.h"
#include "audit/sampling/sampling.h"

using namespace audit;

namespace {
// A frame of `strata` strata; case i of stratum s has worker "w<s>-<i % workers>".
std::vector<FrameUnit> makeFrame(const std::vector<std::size_t>& sizes, std::size_t workersPerStratum) {
    std::vector<FrameUnit> f;
    for (std::size_t s = 0; s < sizes.size(); ++s)
        for (std::size_t i = 0; i < sizes[s]; ++i)
            f.push_back({"C" + std::to_string(s) + "-" + std::to_string(1000 + i), "S" + std::to_string(s),
                         "w" + std::to_string(s) + "-" + std::to_string(i % workersPerStratum), 1.0});
    return f;
}
std::map<std::string, std::size_t> countByStratum(const std::vector<FrameUnit>& f, const DrawResult& d) {
    std::map<std::string, std::size_t> c;
    for (const auto& s : d.sample) ++c[f[s.unit].stratum];
    return c;
}
}  // namespace

BOOST_AUTO_TEST_CASE(exclusions_are_counted_per_rule_in_order) {
    std::vector<int> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    auto r = applyExclusions(v.size(), {{"even", [&](std::size_t i) { return v[i] % 2 == 0; }},
                                        {"multiple of 3", [&](std::size_t i) { return v[i] % 3 == 0; }}});
    BOOST_TEST(r.before == 10u);
    BOOST_TEST(r.counts[0].removed == 5u);  // 2 4 6 8 10
    BOOST_TEST(r.counts[1].removed == 2u);  // 3 9 (6 already gone)
    BOOST_TEST(r.kept == (std::vector<std::uint32_t>{0, 4, 6}));
}

BOOST_AUTO_TEST_CASE(srs_draw_has_the_allocated_sizes_and_exact_pi) {
    auto f = makeFrame({40, 25, 10}, 5);
    DrawSpec spec;
    spec.seed = 20261123;
    spec.sampleSizes = {{"S0", 8}, {"S1", 5}, {"S2", 10}};
    auto d = drawSample(f, spec);
    BOOST_TEST(d.sample.size() == 23u);
    auto c = countByStratum(f, d);
    BOOST_TEST(c["S0"] == 8u);
    BOOST_TEST(c["S1"] == 5u);
    BOOST_TEST(c["S2"] == 10u);
    std::set<std::size_t> uniq;
    for (const auto& s : d.sample) {
        uniq.insert(s.unit);
        BOOST_TEST(s.piExact);
        const double expect = f[s.unit].stratum == "S0" ? 0.2 : f[s.unit].stratum == "S1" ? 0.2 : 1.0;
        BOOST_TEST(std::abs(s.pi - expect) < 1e-12);
        BOOST_TEST(std::abs(s.weight - 1 / expect) < 1e-9);
    }
    BOOST_TEST(uniq.size() == 23u);
    BOOST_TEST(d.replicates == 0u);
    BOOST_TEST(d.frameHash.size() == 64u);
}

BOOST_AUTO_TEST_CASE(same_seed_same_draw_whatever_the_row_order) {
    auto f = makeFrame({40, 25}, 5);
    DrawSpec spec;
    spec.seed = 7;
    spec.sampleSizes = {{"S0", 8}, {"S1", 5}};
    auto a = drawSample(f, spec);
    auto reversed = f;
    std::reverse(reversed.begin(), reversed.end());
    auto b = drawSample(reversed, spec);
    BOOST_TEST(a.frameHash == b.frameHash);
    std::vector<std::string> ra, rb;
    for (auto& s : a.sample) ra.push_back(f[s.unit].caseRef);
    for (auto& s : b.sample) rb.push_back(reversed[s.unit].caseRef);
    BOOST_TEST(ra == rb);
    spec.seed = 8;
    auto c = drawSample(f, spec);
    std::vector<std::string> rc;
    for (auto& s : c.sample) rc.push_back(f[s.unit].caseRef);
    BOOST_TEST(ra != rc);
    // A changed frame changes the hash.
    auto g = f;
    g[3].worker = "someone else";
    BOOST_TEST(frameHash(g) != a.frameHash);
}

BOOST_AUTO_TEST_CASE(srs_inclusion_frequencies_match_pi) {
    // 4000 seeded draws; each unit's frequency within 4.5 binomial SEs of π (a false alarm about 1 in 10^5 per unit).
    auto f = makeFrame({12, 7}, 3);
    DrawSpec spec;
    spec.sampleSizes = {{"S0", 4}, {"S1", 2}};
    const int reps = 4000;
    std::vector<int> hits(f.size(), 0);
    for (int r = 0; r < reps; ++r) {
        spec.seed = 1000 + r;
        for (auto& s : drawSample(f, spec).sample) hits[s.unit]++;
    }
    auto pi = inclusionProbabilities(f, spec);
    for (std::size_t i = 0; i < f.size(); ++i) {
        const double se = std::sqrt(pi[i] * (1 - pi[i]) / reps);
        BOOST_TEST(std::abs(hits[i] / double(reps) - pi[i]) < 4.5 * se);
    }
}

BOOST_AUTO_TEST_CASE(oversampled_cases_get_exact_pps_pi_and_frequencies_match) {
    // 20 cases, 4 flagged with factor 3: π = 5·x/Σx = 5·3/28 and 5/28; a flag factor so large that π ≥ 1
    // makes a certainty case.
    std::vector<FrameUnit> f;
    for (int i = 0; i < 20; ++i) f.push_back({"C" + std::to_string(100 + i), "A", "w", i < 4 ? 3.0 : 1.0});
    DrawSpec spec;
    spec.sampleSizes = {{"A", 5}};
    auto pi = inclusionProbabilities(f, spec);
    BOOST_TEST(std::abs(pi[0] - 15.0 / 28) < 1e-12);
    BOOST_TEST(std::abs(pi[10] - 5.0 / 28) < 1e-12);
    double sum = 0;
    for (double p : pi) sum += p;
    BOOST_TEST(std::abs(sum - 5) < 1e-12);
    const int reps = 6000;
    std::vector<int> hits(f.size(), 0);
    for (int r = 0; r < reps; ++r) {
        spec.seed = 5000 + r;
        auto d = drawSample(f, spec);
        BOOST_TEST(d.sample.size() == 5u);
        for (auto& s : d.sample) hits[s.unit]++;
    }
    for (std::size_t i = 0; i < f.size(); ++i) {
        const double se = std::sqrt(pi[i] * (1 - pi[i]) / reps);
        BOOST_TEST(std::abs(hits[i] / double(reps) - pi[i]) < 4.5 * se);
    }
    // Certainty: one case with a factor of 100 among 9 others, n = 3.
    std::vector<FrameUnit> g;
    for (int i = 0; i < 10; ++i) g.push_back({"D" + std::to_string(i), "B", "", i == 0 ? 100.0 : 1.0});
    spec.sampleSizes = {{"B", 3}};
    auto pg = inclusionProbabilities(g, spec);
    BOOST_TEST(pg[0] == 1.0);
    BOOST_TEST(std::abs(pg[5] - 2.0 / 9) < 1e-12);
    spec.seed = 3;
    auto d = drawSample(g, spec);
    BOOST_TEST(d.strata[0].certainty == 1u);
    bool hasCertain = false;
    for (auto& s : d.sample) hasCertain |= s.unit == 0;
    BOOST_TEST(hasCertain);
}

BOOST_AUTO_TEST_CASE(worker_cap_is_a_constraint_of_the_draw) {
    // Stratum S0: worker "busy" holds 12 of 20 cases; others 1 each. Cap 2, n = 6.
    std::vector<FrameUnit> f;
    for (int i = 0; i < 20; ++i)
        f.push_back({"C" + std::to_string(100 + i), "S0", i < 12 ? "busy" : "w" + std::to_string(i), 1.0});
    for (int i = 0; i < 10; ++i) f.push_back({"E" + std::to_string(i), "S1", "other" + std::to_string(i % 5), 1.0});
    DrawSpec spec;
    spec.sampleSizes = {{"S0", 6}, {"S1", 3}};
    spec.maxPerWorker = 2;
    spec.replicates = 3000;
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
        spec.seed = seed;
        auto d = drawSample(f, spec);
        BOOST_TEST(d.sample.size() == 9u);
        std::map<std::string, int> perWorker;
        for (auto& s : d.sample) perWorker[f[s.unit].worker]++;
        for (auto& [w, c] : perWorker) BOOST_TEST(c <= 2);
        auto byStratum = countByStratum(f, d);
        BOOST_TEST(byStratum["S0"] == 6u);
        BOOST_TEST(byStratum["S1"] == 3u);
    }
    spec.seed = 99;
    auto d = drawSample(f, spec);
    // S1's workers hold 2 cases each: never capped, π exact. S0 is estimated.
    BOOST_TEST(d.strata[1].piExact);
    BOOST_TEST(!d.strata[0].piExact);
    BOOST_TEST(d.replicates == 3000u);
    BOOST_TEST(d.method.find("Monte Carlo") != std::string::npos);
    // Monte Carlo π: the busy worker's cases share 2 places: π = 2/12 each exactly by symmetry,
    // the 8 others share 4: π = 0.5. Estimated within 4.5 SE.
    std::vector<double> se;
    auto pi = inclusionProbabilities(f, spec, &se);
    for (int i = 0; i < 20; ++i) {
        const double truth = i < 12 ? 2.0 / 12 : 0.5;
        BOOST_TEST(se[i] > 0);
        BOOST_TEST(std::abs(pi[i] - truth) < 4.5 * std::sqrt(truth * (1 - truth) / 3000));
    }
    for (int i = 20; i < 30; ++i) BOOST_TEST(std::abs(pi[i] - 0.3) < 1e-12);
    // Frequencies over independent seeds match the estimated π (independent replicate streams).
    const int reps = 2000;
    std::vector<int> hits(f.size(), 0);
    spec.replicates = 200;  // the draws themselves; π from the 3000-replicate estimate above
    for (int r = 0; r < reps; ++r) {
        spec.seed = 777000 + r;
        for (auto& s : drawSample(f, spec).sample) hits[s.unit]++;
    }
    for (int i = 0; i < 20; ++i) {
        const double tol = 4.5 * std::sqrt(pi[i] * (1 - pi[i]) / reps) + 4.5 * se[i];
        BOOST_TEST(std::abs(hits[i] / double(reps) - pi[i]) < tol);
    }
}

BOOST_AUTO_TEST_CASE(cap_across_strata_and_an_impossible_cap_is_refused_with_numbers) {
    // One worker holds every case of two strata: with cap 3 they cannot supply 2 + 2 = 4.
    std::vector<FrameUnit> f;
    for (int i = 0; i < 6; ++i) f.push_back({"A" + std::to_string(i), "SA", "solo", 1.0});
    for (int i = 0; i < 6; ++i) f.push_back({"B" + std::to_string(i), "SB", "solo", 1.0});
    for (int i = 0; i < 6; ++i) f.push_back({"X" + std::to_string(i), "SX", "x" + std::to_string(i), 1.0});
    DrawSpec spec;
    spec.seed = 1;
    spec.sampleSizes = {{"SA", 2}, {"SB", 2}, {"SX", 2}};
    spec.maxPerWorker = 3;
    try {
        drawSample(f, spec);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        const std::string msg = e.what();
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(msg.find("'SA'") != std::string::npos);
        BOOST_TEST(msg.find("'SB'") != std::string::npos);
        BOOST_TEST(msg.find("need 4") != std::string::npos);
        BOOST_TEST(msg.find("at most 3") != std::string::npos);
    }
    spec.maxPerWorker = 4;
    auto d = drawSample(f, spec);
    int solo = 0;
    for (auto& s : d.sample) solo += f[s.unit].worker == "solo";
    BOOST_TEST(solo == 4);
}

BOOST_AUTO_TEST_CASE(bad_requests) {
    auto f = makeFrame({5}, 1);
    DrawSpec spec;
    spec.sampleSizes = {{"S0", 6}};
    BOOST_CHECK_THROW(drawSample(f, spec), Error);
    spec.sampleSizes = {{"nope", 1}};
    BOOST_CHECK_THROW(drawSample(f, spec), Error);
    f.push_back(f[0]);
    spec.sampleSizes = {{"S0", 1}};
    BOOST_CHECK_THROW(drawSample(f, spec), Error);  // a duplicate case
    auto g = makeFrame({5}, 1);
    g[0].size = 0;
    BOOST_CHECK_THROW(drawSample(g, spec), Error);
}

BOOST_AUTO_TEST_CASE(frame_hash_is_the_sha256_of_the_documented_canonical_frame) {
    // One line per unit, "case_ref \t stratum \t worker \t size \n", strata in key order, case references in
    // order within each; the expected value is from `sha256sum` of that text:
    //   C03\tA\tw2\t1 / C10\tA\t\t2.5 / CASE-REFERENCE-000001\tA\tw2\t1 / C1\tB\tw1\t1 / C2\tB\tw1\t1
    const std::vector<FrameUnit> f = {{"C2", "B", "w1", 1.0},
                                      {"C10", "A", "", 2.5},
                                      {"CASE-REFERENCE-000001", "A", "w2", 1.0},
                                      {"C1", "B", "w1", 1.0},
                                      {"C03", "A", "w2", 1.0}};
    const std::string expect = "0a79e7d2705e48b5783dc0a3beba2e9b6054ae780b520b019e1536ff803b1b63";
    BOOST_TEST(frameHash(f) == expect);
    DrawSpec spec;
    spec.seed = 1;
    spec.sampleSizes = {{"A", 1}, {"B", 1}};
    BOOST_TEST(drawSample(f, spec).frameHash == expect);
}

BOOST_AUTO_TEST_CASE(a_large_frame_is_put_in_order_a_batch_of_strata_at_a_time) {
    // Over 262,144 units (one batch of sort entries): a stratum larger than a batch, small strata batched
    // together, rows in no order, references longer than the 16 bytes kept in an entry; the hash is still the
    // SHA-256 of the documented canonical text (built here by sorting its lines), and a repeat in a stratum of
    // a later batch is still found.
    std::vector<FrameUnit> f;
    const std::vector<std::pair<std::string, std::size_t>> strata = {
        {"Big", 300000}, {"Small A", 40000}, {"Small B", 90000}, {"Small C", 150000}, {"Tail", 5}};
    for (const auto& [key, n] : strata)
        for (std::size_t i = 0; i < n; ++i)
            f.push_back({(i % 3 ? "C" : "CASE-REFERENCE-") + std::to_string((i * 7919) % n), key, "w" + std::to_string(i % 11), 1.0});
    Random shuffle(5);
    shuffle.shuffle(f);
    std::vector<std::pair<std::string, std::string>> lines;  // (stratum, case reference) -> its line
    for (const auto& u : f) lines.emplace_back(u.stratum + '\0' + u.caseRef, u.caseRef + "\t" + u.stratum + "\t" + u.worker + "\t1\n");
    std::sort(lines.begin(), lines.end());
    std::string canonical;
    for (const auto& l : lines) canonical += l.second;
    FrameColumns c = frameColumns(f);
    c.size.clear();  // every size 1: the columns say so by leaving sizes out
    BOOST_TEST(frameHash(c) == sha256(canonical));
    f.push_back(f[f.size() / 2]);
    if (f.back().stratum == "Big") f.back() = *std::find_if(f.begin(), f.end(), [](const FrameUnit& u) { return u.stratum == "Small C"; });
    test::expectError([&] { frameHash(f); }, ErrorKind::Data, {"'" + f.back().caseRef + "' appears twice in stratum '" + f.back().stratum + "'"});
}

BOOST_AUTO_TEST_CASE(frame_columns_give_the_same_draw_as_frame_units) {
    // The column-wise frame audit-sample builds: stratum and worker ids in any order, sizes left out when all 1.
    auto f = makeFrame({300, 120, 45}, 7);
    for (std::size_t i = 0; i < f.size(); i += 3) f[i].caseRef += "-with-a-long-suffix";  // past the 16-byte prefix
    FrameColumns c;
    c.stratumKeys = {"S2", "S0", "S1"};
    std::map<std::string, std::uint32_t> workerId;
    for (const auto& u : f) {
        c.caseRef.push_back(u.caseRef);
        c.stratum.push_back(u.stratum == "S2" ? 0 : u.stratum == "S0" ? 1 : 2);
        auto [it, fresh] = workerId.try_emplace(u.worker, static_cast<std::uint32_t>(workerId.size()));
        if (fresh) c.workerNames.push_back(it->first);
        c.worker.push_back(it->second);
    }
    BOOST_TEST(frameHash(c) == frameHash(f));
    BOOST_TEST((stratumSizes(c) == stratumSizes(f)));
    for (std::size_t cap : {0, 2}) {
        DrawSpec spec;
        spec.seed = 99;
        spec.maxPerWorker = cap;
        spec.replicates = 200;
        spec.sampleSizes = {{"S0", 12}, {"S1", 10}, {"S2", 9}};
        const auto a = drawSample(f, spec), b = drawSample(c, spec);
        BOOST_TEST(a.frameHash == b.frameHash);
        BOOST_TEST(a.method == b.method);
        BOOST_TEST((a.replicates > 0) == (cap > 0));  // the cap binds: the joint draw and Monte Carlo π
        BOOST_REQUIRE(a.sample.size() == b.sample.size());
        for (std::size_t k = 0; k < a.sample.size(); ++k) {
            BOOST_TEST(a.sample[k].unit == b.sample[k].unit);
            BOOST_TEST(a.sample[k].order == b.sample[k].order);
            BOOST_TEST(a.sample[k].pi == b.sample[k].pi);
        }
    }
    // Ids out of range, or a key given twice, are the caller's mistakes.
    auto bad = c;
    bad.stratum[0] = 7;
    BOOST_CHECK_THROW(drawSample(bad, DrawSpec{}), Error);
    bad = c;
    bad.stratumKeys[2] = "S0";
    BOOST_CHECK_THROW(frameHash(bad), Error);
}

BOOST_AUTO_TEST_CASE(unallocated_cases_are_never_one_worker_under_a_cap) {
    // Eight unallocated cases and two of worker A: a cap of 1 must still allow a sample of 5 (the unallocated
    // are not one worker), with π exact for them.
    std::vector<FrameUnit> f;
    for (int i = 0; i < 8; ++i) f.push_back({"U" + std::to_string(i), "S", std::string(kUnallocated)});
    f.push_back({"A1", "S", "A"});
    f.push_back({"A2", "S", "A"});
    DrawSpec spec;
    spec.seed = 5;
    spec.sampleSizes = {{"S", 5}};
    spec.maxPerWorker = 1;
    spec.replicates = 200;
    const auto d = drawSample(f, spec);
    BOOST_TEST(d.sample.size() == 5u);
    std::size_t fromA = 0;
    for (const auto& s : d.sample) fromA += f[s.unit].worker == "A";
    BOOST_TEST(fromA <= 1u);
}
