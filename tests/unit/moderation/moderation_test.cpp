#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <set>

#include "audit/demo/demo_moderation.h"
#include "audit/base/error.h"
#include "audit/moderation/moderation.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "test_support.h"

using namespace audit;
using namespace audit::moderation;
using agreement::GradeScale;

namespace {

const GradeScale scale = GradeScale::ofsted4();

using audit::test::catalogue;

// auditor → list of overall grades (indexes); form ids F<auditor><k>
std::vector<Candidate> candidates(const std::map<std::string, std::vector<std::size_t>>& byAuditor) {
    std::vector<Candidate> out;
    for (const auto& [a, grades] : byAuditor)
        for (std::size_t k = 0; k < grades.size(); ++k) {
            Candidate c;
            c.auditId = static_cast<std::int64_t>(out.size() + 1);
            c.formId = "F" + a + std::to_string(k);
            c.caseRef = "C" + a + std::to_string(k);
            c.auditor = a;
            c.overall = grades[k];
            out.push_back(c);
        }
    return out;
}

// A store with audits (one per case) of auditors with the given _overall and assessment grades.
std::int64_t addAudit(Store& store, const std::string& form, const std::string& auditor, const std::string& period,
                      const std::string& overall, const std::string& assessment = "Good") {
    const auto id = store.insertReturningId(
        "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, team, period, "
        "source_hash, imported_at) VALUES (?, 1, ?, 't', '1', ?, ?, ?, 'h', 'now')",
        form, "C" + form, auditor, auditor == "A1" ? "T1" : "T2", period);
    store.exec("INSERT INTO judgement (audit_id, domain, auditor_grade) VALUES (?, '_overall', ?)", id, overall);
    store.exec("INSERT INTO judgement (audit_id, domain, auditor_grade) VALUES (?, 'assessment', ?)", id, assessment);
    return id;
}

std::string csvFile(const test::TempDir& dir, const std::string& name, const std::string& body) {
    const std::string path = dir.path() + "/" + name;
    test::writeText(path, "form_id,domain,moderator,moderator_grade,reason_code,reason,agreed_grade\n" + body);
    return path;
}

std::int64_t count(Store& store, const std::string& table) {
    return store.scalar<std::int64_t>("SELECT COUNT(*) FROM " + table).value_or(-1);
}

}  // namespace

// ------------------------------------------------------------------ sample policy

BOOST_AUTO_TEST_CASE(sample_takes_at_least_one_per_auditor_and_the_fraction) {
    // 5 auditors, 40 audits of one, 1 or 2 of the others: 10% of 46 is 5, but every auditor needs one
    auto c = candidates({{"A", std::vector<std::size_t>(40, 1)}, {"B", {1}}, {"C", {2, 2}}, {"D", {1}}, {"E", {3}}});
    SamplePolicy p;
    p.fraction = 0.2;  // ceil(0.2 * 45) = 9
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
        Random r(seed);
        const Sample s = drawSample(c, p, r);
        BOOST_TEST(s.target == 9u);
        BOOST_TEST(s.selected.size() == 9u);
        std::set<std::string> auditors;
        std::set<std::size_t> seen;
        for (const auto& x : s.selected) {
            auditors.insert(c[x.candidate].auditor);
            BOOST_TEST(seen.insert(x.candidate).second);  // no audit twice
            BOOST_TEST((x.inclusionProbability > 0 && x.inclusionProbability <= 1));
        }
        BOOST_TEST(auditors.size() == 5u);
    }
}

BOOST_AUTO_TEST_CASE(sample_minimum_exceeds_the_fraction_when_needed) {
    auto c = candidates({{"A", {1, 1, 1}}, {"B", {1, 1, 1}}, {"C", {1, 1, 1}}});
    SamplePolicy p;
    p.fraction = 0.1;  // target 1, but three auditors
    Random r(3);
    BOOST_TEST(drawSample(c, p, r).selected.size() == 3u);
    p.minPerAuditor = 0;
    Random r2(3);
    BOOST_TEST(drawSample(c, p, r2).selected.size() == 1u);
}

BOOST_AUTO_TEST_CASE(sample_always_takes_every_inadequate) {
    auto c = candidates({{"A", {0, 1, 2, 0, 3, 2, 2, 2, 2, 2}}, {"B", {0, 2, 2, 2, 2, 2, 2, 2, 2, 2}}});
    SamplePolicy p;
    p.always = {0};
    Random r(11);
    const Sample s = drawSample(c, p, r);
    std::size_t inadequate = 0;
    for (const auto& x : s.selected)
        if (c[x.candidate].overall == 0u) {
            ++inadequate;
            BOOST_TEST(x.reason == "always");
            BOOST_TEST(x.inclusionProbability == 1.0);
        }
    BOOST_TEST(inadequate == 3u);
    BOOST_TEST(s.selected.size() == 3u);  // the target (2) and the minimum per auditor are met already
}

BOOST_AUTO_TEST_CASE(sample_oversamples_good_and_outstanding) {
    // half RI, half Outstanding; weight 3 for Outstanding: about 3/4 of the draws should be Outstanding
    std::vector<std::size_t> grades;
    for (int i = 0; i < 100; ++i) grades.push_back(i % 2 ? 3 : 1);
    auto c = candidates({{"A", grades}});
    SamplePolicy p;
    p.fraction = 0.05;
    p.minPerAuditor = 0;
    p.weightByGrade = {1, 1, 2, 3};
    std::size_t outstanding = 0, total = 0;
    for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        Random r(seed);
        for (const auto& x : drawSample(c, p, r).selected) {
            outstanding += c[x.candidate].overall == 3u ? 1 : 0;
            ++total;
        }
    }
    const double share = static_cast<double>(outstanding) / static_cast<double>(total);
    BOOST_TEST(total == 2000u);
    BOOST_TEST((share > 0.68 && share < 0.80), "Outstanding share " << share);
    // without oversampling about one half
    p.weightByGrade.clear();
    outstanding = total = 0;
    for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        Random r(seed);
        for (const auto& x : drawSample(c, p, r).selected) {
            outstanding += c[x.candidate].overall == 3u ? 1 : 0;
            ++total;
        }
    }
    const double even = static_cast<double>(outstanding) / static_cast<double>(total);
    BOOST_TEST((even > 0.44 && even < 0.56), "share " << even);
}

BOOST_AUTO_TEST_CASE(sample_is_reproducible_from_the_seed) {
    auto c = candidates({{"A", {1, 2, 3, 2, 1, 2}}, {"B", {2, 2, 3, 1, 1, 2}}, {"C", {3, 2, 2, 2}}});
    SamplePolicy p;
    p.fraction = 0.4;
    auto ids = [&](std::uint64_t seed) {
        Random r(seed);
        std::vector<std::size_t> v;
        for (const auto& x : drawSample(c, p, r).selected) v.push_back(x.candidate);
        return v;
    };
    BOOST_TEST(ids(42) == ids(42));
    bool differs = false;
    for (std::uint64_t s = 43; s < 60 && !differs; ++s) differs = ids(s) != ids(42);
    BOOST_TEST(differs);
}

BOOST_AUTO_TEST_CASE(nobody_moderates_their_own_audit_and_load_follows_capacity) {
    auto c = candidates({{"A1", {1, 2, 2, 1}}, {"A2", {2, 2, 3}}, {"M", {1, 2}}});
    SamplePolicy p;
    p.fraction = 1.0;
    Random r(5);
    const Sample s = drawSample(c, p, r);
    BOOST_REQUIRE(s.selected.size() == 9u);
    const std::vector<Moderator> roster = {{"A1", 2}, {"M", 3}, {"Z", 6}};
    const auto mods = allocateModerators(c, s, roster);
    BOOST_REQUIRE(mods.size() == 9u);
    std::map<std::string, std::size_t> load;
    for (std::size_t k = 0; k < mods.size(); ++k) {
        BOOST_TEST(mods[k] != c[s.selected[k].candidate].auditor);
        ++load[mods[k]];
    }
    BOOST_TEST(load["A1"] <= 2u);
    BOOST_TEST(load["M"] <= 3u);
    BOOST_TEST(load["Z"] <= 6u);
    // only A1 as moderator: A1's own audits cannot be moderated
    BOOST_CHECK_THROW(allocateModerators(c, s, {{"A1", 20}}), Error);
}

// ------------------------------------------------------------------ recording and returns

BOOST_AUTO_TEST_CASE(draw_is_recorded_with_members_and_allocations) {
    Store store(":memory:");
    addAudit(store, "F1", "A1", "2026-11", "Good");
    addAudit(store, "F2", "A1", "2026-11", "Inadequate");
    addAudit(store, "F3", "A2", "2026-11", "Outstanding");
    addAudit(store, "F4", "A2", "2026-10", "Good");  // another period
    const auto c = loadCandidates(store, "2026-11", scale);
    BOOST_REQUIRE(c.size() == 3u);
    BOOST_TEST((c[1].overall == std::optional<std::size_t>(0)));
    SamplePolicy p;
    p.always = {0};
    Random r(1);
    const Sample s = drawSample(c, p, r);
    const auto mods = allocateModerators(c, s, {{"M1", 5}});
    const auto id = recordDraw(store, "2026-11", 1, p, scale, c, s, mods);
    BOOST_TEST(store.scalar<std::string>("SELECT kind FROM draw WHERE id = ?", id).value() == "moderation");
    BOOST_TEST(count(store, "draw_member") == static_cast<std::int64_t>(s.selected.size()));
    BOOST_TEST(count(store, "allocation") == static_cast<std::int64_t>(s.selected.size()));
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM draw_member WHERE audit_id IS NULL").value() == 0);
}

BOOST_AUTO_TEST_CASE(import_reports_every_problem_and_stores_nothing) {
    test::TempDir dir;
    Store store(dir.path() + "/a.db");
    addAudit(store, "F1", "A1", "2026-11", "Good", "Good");
    addAudit(store, "F2", "A2", "2026-11", "Requires improvement", "Good");
    const std::string bad = csvFile(dir, "bad.csv",
                                    "F1,_overall,M1,Requires improvement,,,Requires improvement\n"  // line 2: no reason
                                    "F1,assessment,M2,Good,agreed,,Good\n"                          // 3: two moderators
                                    "F9,_overall,M1,Good,agreed,,Good\n"                            // 4: unknown form
                                    "F2,plan,M1,Good,agreed,,Good\n"                                // 5: unknown domain
                                    "F2,_overall,M1,Grand,agreed,,Good\n"                           // 6: bad grade
                                    "F2,assessment,A2,Good,agreed,,Good\n"                          // 7: own audit
                                    "F2,_overall,M1,Inadequate,whim,no idea,Inadequate\n");         // 8: bad code
    const auto before = count(store, "moderation");
    try {
        importCsv(store, catalogue(), bad);
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        std::map<std::string, std::string> byLine;
        for (const auto& p : e.problems()) byLine[p.place] += p.message + " | ";
        BOOST_TEST(byLine["line 2"].find("reason_code other than 'agreed' is required") != std::string::npos);
        BOOST_TEST(byLine["line 2"].find("the reason (in words) is required") != std::string::npos);
        BOOST_TEST(byLine["line 3"].find("two moderators") != std::string::npos);
        BOOST_TEST(byLine["line 4"].find("no audit with form id 'F9'") != std::string::npos);
        BOOST_TEST(byLine["line 5"].find("has no domain 'plan'") != std::string::npos);
        BOOST_TEST(byLine["line 6"].find("'Grand' is not a grade") != std::string::npos);
        BOOST_TEST(byLine["line 7"].find("cannot moderate their own audit") != std::string::npos);
        BOOST_TEST(byLine["line 8"].find("'whim' is not a reason code") != std::string::npos);
        for (const auto& p : e.problems()) BOOST_TEST(p.file == bad);
    }
    BOOST_TEST(count(store, "moderation") == before);
    BOOST_TEST(store.scalar<std::string>("SELECT outcome FROM import_log ORDER BY id DESC").value() == "rejected");
    // a missing column
    const std::string noCol = dir.path() + "/nocol.csv";
    test::writeText(noCol, "form_id,domain,moderator\nF1,_overall,M1\n");
    BOOST_CHECK_THROW(importCsv(store, catalogue(), noCol), Error);
}

BOOST_AUTO_TEST_CASE(import_is_idempotent_and_versions_changes) {
    test::TempDir dir;
    Store store(dir.path() + "/a.db");
    addAudit(store, "F1", "A1", "2026-11", "Good", "Good");
    addAudit(store, "F2", "A2", "2026-11", "Outstanding", "Good");
    const std::string body = "F1,_overall,M1,Good,agreed,,Good\n"
                             "F1,assessment,M1,Good,,,Good\n"
                             "F2,_overall,M1,Good,Over-generous,Drift in planning not weighed,Good\n"
                             "F2,assessment,M1,Good,agreed,,Good\n";
    const auto first = importCsv(store, catalogue(), csvFile(dir, "r.csv", body));
    BOOST_TEST(first.forms == 2u);
    BOOST_TEST(first.imported == 2u);
    BOOST_TEST(first.rows == 4u);
    BOOST_TEST(store.scalar<std::string>("SELECT reason_code FROM moderation WHERE form_id = 'M-F2' AND domain = "
                                         "'_overall'")
                   .value() == "over-generous");
    BOOST_TEST(store.scalar<std::int64_t>("SELECT moderator_rank FROM moderation WHERE form_id = 'M-F2' AND domain "
                                          "= '_overall'")
                   .value() == 3);
    const std::string dump = store.dump();
    const auto again = importCsv(store, catalogue(), csvFile(dir, "r2.csv", body));
    BOOST_TEST(again.unchanged == 2u);
    BOOST_TEST(again.outcome == "unchanged");
    BOOST_TEST(count(store, "moderation") == 4);
    // a changed return for F1 only: a new version of F1's moderation form
    const auto changed = importCsv(
        store, catalogue(),
        csvFile(dir, "r3.csv",
                "F1,_overall,M1,Requires improvement,threshold-misapplied,Threshold not met,Requires improvement\n"
                "F1,assessment,M1,Good,,,Good\n"
                "F2,_overall,M1,Good,Over-generous,Drift in planning not weighed,Good\n"
                "F2,assessment,M1,Good,agreed,,Good\n"));
    BOOST_TEST(changed.newVersions == 1u);
    BOOST_TEST(changed.unchanged == 1u);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT MAX(version) FROM moderation_latest WHERE form_id = 'M-F1'").value() ==
               2);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM moderation_latest").value() == 4);
    // The first version's rows no longer flagged (migration 8's triggers), and every flag right.
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM moderation WHERE form_id = 'M-F1' AND version = 1 "
                                          "AND is_latest = 0").value() == 2);
    BOOST_TEST(store.latestFlagProblems().empty());
}

// Issue 13, item 6: blind moderation returns the moderator's grades first; the agreed grade comes later. A return
// without it is stored as awaiting agreement (agreed_grade NULL), counts for accuracy (moderator against auditor)
// and is never an agreement; the agreed return is the form's next version. The case reference is checked.
BOOST_AUTO_TEST_CASE(agreed_grade_optional_until_agreement_and_case_ref_checked) {
    test::TempDir dir;
    Store store(dir.path() + "/a.db");
    addAudit(store, "F1", "A1", "2026-11", "Outstanding", "Good");
    auto file = [&](const std::string& name, const std::string& body) {
        const std::string path = dir.path() + "/" + name;
        test::writeText(path, "form_id,case_ref,domain,moderator,moderator_grade,moderated_date,agreed_grade,"
                              "reason_code,reason\n" + body);
        return path;
    };
    // The moderator's grades only: no reason needed yet, even where the grade differs.
    const auto first = importCsv(store, catalogue(),
                                 file("blind.csv", "F1,CF1,_overall,M1,Good,2026-11-24,,,\n"
                                                   "F1,CF1,assessment,M1,Good,2026-11-24,,,\n"));
    BOOST_TEST(first.imported == 1u);
    BOOST_TEST(first.awaitingAgreement == 1u);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM moderation_latest WHERE agreed_grade IS NULL AND "
                                          "agreed_rank IS NULL").value() == 2);
    AccuracyOptions o;
    auto pairs = loadPairs(store, o, scale);
    BOOST_REQUIRE(pairs.size() == 1u);  // the moderator's grade counts for accuracy
    BOOST_TEST(pairs[0].moderatorGrade == 2u);
    BOOST_TEST(store.scalar<std::string>("SELECT details FROM import_log ORDER BY id DESC").value_or("").find(
                   "1 awaiting agreement") != std::string::npos);

    // Agreement: the agreed grade with its reason; a new version, no longer awaiting.
    const auto agreed = importCsv(
        store, catalogue(),
        file("agreed.csv", "F1,CF1,_overall,M1,Good,2026-11-24,Good,over-generous,Impact not evidenced\n"
                           "F1,CF1,assessment,M1,Good,2026-11-24,Good,agreed,\n"));
    BOOST_TEST(agreed.newVersions == 1u);
    BOOST_TEST(agreed.awaitingAgreement == 0u);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM moderation_latest WHERE agreed_grade IS NULL")
                   .value() == 0);

    // An agreed grade that differs still needs its reason; a wrong case reference is refused.
    try {
        importCsv(store, catalogue(),
                  file("bad.csv", "F1,C-OTHER,_overall,M1,Good,2026-11-24,Good,agreed,\n"
                                  "F1,CF1,assessment,M1,Good,2026-11-24,Requires improvement,,\n"));
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        std::string all;
        for (const auto& p : e.problems()) all += p.place + ": " + p.message + "\n";
        BOOST_TEST(all.find("line 2: case reference 'C-OTHER' is not the case of audit 'F1' (its case: CF1)") !=
                       std::string::npos,
                   all);
        BOOST_TEST(all.find("reason_code other than 'agreed' is required") != std::string::npos, all);
    }
    // An agreed grade not on the scale is an error, not "awaiting".
    BOOST_CHECK_THROW(importCsv(store, catalogue(), file("bad2.csv", "F1,CF1,_overall,M1,Good,,Grand,,\n")), Error);
}

// ------------------------------------------------------------------ accuracy

BOOST_AUTO_TEST_CASE(accuracy_matches_a_hand_computed_example) {
    // auditor X in 2026-10: (Good, Good), (Good, RI), (Outstanding, Good), (RI, RI): exact 2/4, within one 4/4,
    // moderated down 2, up 0. Auditor Y in 2026-10: (Good, Outstanding): exact 0/1, up 1.
    auto pair = [](std::string a, std::string period, std::size_t g, std::size_t m) {
        return Pair{std::move(a), "T", "_overall", std::move(period), g, m};
    };
    const std::vector<Pair> pairs = {pair("X", "2026-10", 2, 2), pair("X", "2026-10", 2, 1),
                                     pair("X", "2026-10", 3, 2), pair("X", "2026-10", 1, 1),
                                     pair("Y", "2026-10", 2, 3)};
    AccuracyOptions o;
    BOOST_TEST(accuracy(pairs, o).flags.empty());  // one period: "below over the last 3 periods" cannot be said
    o.periods = 1;
    const Accuracy acc = accuracy(pairs, o);
    BOOST_TEST(acc.flags.empty());  // fewer than --min-n (5) pairs: no flag
    BOOST_REQUIRE(acc.rows.size() == 4u);  // X 2026-10, X all, Y 2026-10, Y all
    const AccuracyRow& x = acc.rows[0];
    BOOST_TEST(x.group == "X");
    BOOST_TEST(x.table.n() == 4u);
    BOOST_TEST(*x.exact.value == 0.5);
    // Wilson 95% for 2/4: (0.5 ± 1.96·sqrt(0.0625 + 0.960365/16)) / (1 + 3.841459/4) = 0.5 ± 0.34996
    BOOST_TEST(std::abs(*x.exact.low - 0.15004) < 1e-4);
    BOOST_TEST(std::abs(*x.exact.high - 0.84996) < 1e-4);
    BOOST_TEST(*x.withinOne.value == 1.0);
    BOOST_TEST(x.down == 2u);
    BOOST_TEST(x.up == 0u);
    BOOST_TEST(!x.kappaLinear.value);  // fewer than 5 pairs
    BOOST_TEST(x.kappaLinear.reason == "fewer than 5 pairs");
    BOOST_TEST(acc.rows[1].period == "all");
    BOOST_TEST(acc.rows[3].up == 1u);
    // from one pair on, both are below 75% over the last period; nobody is significantly generous with so few
    o.minN = 1;
    const Accuracy flagged = accuracy(pairs, o);
    BOOST_REQUIRE(flagged.flags.size() == 2u);
    BOOST_TEST(flagged.flags[0].kind == "below-threshold");
    BOOST_TEST(flagged.flags[0].group == "X");
    // with --min-n 4, X gets a kappa: linear weights on 4 grades
    o.minN = 4;
    const Accuracy acc4 = accuracy(pairs, o);
    BOOST_TEST(acc4.rows[0].kappaLinear.value.has_value());
}

BOOST_AUTO_TEST_CASE(flags_below_threshold_over_the_last_k_periods_and_generous) {
    std::vector<Pair> pairs;
    auto add = [&](const std::string& a, const std::string& period, std::size_t g, std::size_t m, int times) {
        for (int i = 0; i < times; ++i) pairs.push_back(Pair{a, "T", "_overall", period, g, m});
    };
    // Good: 100% in the old period, then 90%: no flag. Poor: 60% in the last three periods: flagged.
    // Early: poor long ago (2026-01), good in the last three: not flagged. Kind: moved down 10 times, up once.
    for (const char* p : {"2026-01", "2026-09", "2026-10", "2026-11"}) {
        add("Good", p, 2, 2, 9);
        add("Good", p, 2, 1, std::string(p) == "2026-01" ? 0 : 1);
        add("Poor", p, 2, 2, 3);
        add("Poor", p, 2, 3, 2);
        add("Early", p, 1, 1, std::string(p) == "2026-01" ? 1 : 8);
        add("Early", p, 1, 2, std::string(p) == "2026-01" ? 8 : 1);
    }
    add("Kind", "2026-11", 3, 2, 10);
    add("Kind", "2026-11", 2, 3, 1);
    add("Kind", "2026-11", 2, 2, 40);
    AccuracyOptions o;
    const Accuracy acc = accuracy(pairs, o);
    std::set<std::pair<std::string, std::string>> flags;
    for (const auto& f : acc.flags) flags.insert({f.group, f.kind});
    BOOST_TEST(flags.count({"Poor", "below-threshold"}) == 1u);
    BOOST_TEST(flags.count({"Early", "below-threshold"}) == 0u);
    BOOST_TEST(flags.count({"Good", "below-threshold"}) == 0u);
    BOOST_TEST(flags.count({"Kind", "generous"}) == 1u);
    BOOST_TEST(flags.count({"Kind", "below-threshold"}) == 0u);  // 40 exact of 51: 78.4%
    BOOST_TEST(flags.count({"Good", "generous"}) == 0u);         // down 3, up 0: p = 0.125
    // with k = 4 the early auditor's bad period counts: 24 + 1 = 25 exact of 36 = 69% < 75%
    o.periods = 4;
    bool early = false;
    for (const auto& f : accuracy(pairs, o).flags) early = early || (f.group == "Early" && f.kind == "below-threshold");
    BOOST_TEST(early);
}

BOOST_AUTO_TEST_CASE(sign_test_values) {
    BOOST_TEST(std::abs(signTestUpper(9, 0) - 1.0 / 512) < 1e-12);
    BOOST_TEST(std::abs(signTestUpper(5, 5) - 638.0 / 1024) < 1e-12);
    BOOST_TEST(std::abs(signTestUpper(10, 1) - 12.0 / 2048) < 1e-12);
    BOOST_TEST(signTestUpper(0, 0) == 1.0);
}

BOOST_AUTO_TEST_CASE(accuracy_from_the_store_uses_latest_versions_and_periods) {
    test::TempDir dir;
    Store store(dir.path() + "/a.db");
    addAudit(store, "F1", "A1", "2026-10", "Good", "Good");
    addAudit(store, "F2", "A1", "2026-11", "Outstanding", "Good");
    importCsv(store, catalogue(),
              csvFile(dir, "r.csv",
                      "F1,_overall,M1,Good,agreed,,Good\n"
                      "F2,_overall,M1,Good,over-generous,Not outstanding,Good\n"
                      "F2,assessment,M1,Good,agreed,,Good\n"));
    AccuracyOptions o;
    auto pairs = loadPairs(store, o, scale);
    BOOST_TEST(pairs.size() == 2u);  // _overall only
    o.from = "2026-11";
    pairs = loadPairs(store, o, scale);
    BOOST_REQUIRE(pairs.size() == 1u);
    BOOST_TEST(pairs[0].auditorGrade == 3u);
    BOOST_TEST(pairs[0].moderatorGrade == 2u);
    o.from.reset();
    o.by = "domain";
    BOOST_TEST(loadPairs(store, o, scale).size() == 3u);
}

// ------------------------------------------------------------------ demo returns

BOOST_AUTO_TEST_CASE(demo_returns_import_cleanly_and_agree_about_three_in_four) {
    test::TempDir dir;
    Store store(dir.path() + "/a.db");
    const char* grades[] = {"Inadequate", "Requires improvement", "Good", "Outstanding"};
    for (int i = 0; i < 400; ++i)
        addAudit(store, "F" + std::to_string(1000 + i), "A" + std::to_string(i % 8), "2026-11", grades[1 + i % 3],
                 grades[i % 4]);
    BOOST_CHECK_THROW(demoModeration(store, "2026-11", 1, scale), Error);  // no draw yet
    const auto c = loadCandidates(store, "2026-11", scale);
    SamplePolicy p;
    p.fraction = 0.5;
    Random r(2);
    const Sample s = drawSample(c, p, r);
    recordDraw(store, "2026-11", 2, p, scale, c, s, allocateModerators(c, s, {{"M1", 200}, {"M2", 200}}));
    const auto demo = demoModeration(store, "2026-11", 9, scale);
    const auto again = demoModeration(store, "2026-11", 9, scale);
    BOOST_TEST(demo.rows == again.rows);
    BOOST_TEST(demo.generousAuditors.size() == 2u);
    BOOST_TEST(demo.forms == s.selected.size());
    std::vector<std::vector<std::string>> all = {demo.header};
    all.insert(all.end(), demo.rows.begin(), demo.rows.end());
    std::string text;
    for (const auto& row : all) {
        for (std::size_t k = 0; k < row.size(); ++k) text += (k ? "," : "") + ("\"" + row[k] + "\"");
        text += "\n";
    }
    test::writeText(dir.path() + "/demo.csv", text);
    const auto res = importCsv(store, catalogue(), dir.path() + "/demo.csv");
    BOOST_TEST(res.rows == demo.rows.size());
    AccuracyOptions o;
    o.domain = "all";
    const Accuracy acc = accuracy(loadPairs(store, o, scale), o);
    std::uint64_t n = 0, exact = 0, withinOne = 0;
    for (const auto& row : acc.rows)
        if (row.period == "all") {
            n += row.table.n();
            exact += row.exact.successes;
            withinOne += row.withinOne.successes;
        }
    const double share = static_cast<double>(exact) / static_cast<double>(n);
    BOOST_TEST((share > 0.65 && share < 0.82), "exact " << share);
    BOOST_TEST(static_cast<double>(withinOne) / static_cast<double>(n) > 0.95);
    std::set<std::string> generousFlagged;
    for (const auto& f : acc.flags)
        if (f.kind == "generous") generousFlagged.insert(f.group);
    for (const auto& g : demo.generousAuditors) BOOST_TEST(generousFlagged.count(g) == 1u, g << " not flagged");
}
