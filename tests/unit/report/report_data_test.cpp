#include <boost/test/unit_test.hpp>

#include <cmath>

#include "audit/report/report_data.h"

using namespace audit;
using namespace audit::report;

namespace {

const char* kDef = R"(<report id="t" title="T">
  <audit-evidence good-or-better="outstanding, good"/>
  <theme id="voice" title="Voice"><domain ref="voice"/></theme>
</report>)";

const char* kGrades[] = {"", "Inadequate", "Requires improvement", "Good", "Outstanding"};

struct Builder {
    ReportData d;
    std::size_t audit(const std::string& period, std::optional<std::int64_t> draw, const std::string& stratum,
                      double pi, double N, const std::string& team = "A", const std::string& auditor = "Ann") {
        AuditRow a;
        a.id = static_cast<std::int64_t>(d.audits.size() + 1);
        a.caseRef = "C" + std::to_string(a.id);
        a.period = period;
        a.drawId = draw;
        a.stratum = stratum;
        a.inclusionProbability = pi;
        a.stratumPopulation = N;
        a.team = team;
        a.auditor = auditor;
        d.audits.push_back(a);
        return d.audits.size() - 1;
    }
    void grade(std::size_t audit, const std::string& domain, int auditorRank, int moderatorRank = 0,
               int agreedRank = 0, const std::string& modPeriod = "") {
        JudgementRow j;
        j.audit = audit;
        j.domain = domain;
        j.auditorRank = auditorRank;
        j.auditorGrade = kGrades[auditorRank];
        j.computedRank = auditorRank;
        j.computedGrade = kGrades[auditorRank];
        j.moderatorRank = moderatorRank;
        j.moderatorGrade = kGrades[moderatorRank];
        j.agreedRank = agreedRank;
        j.agreedGrade = kGrades[agreedRank];
        j.moderationPeriod = modPeriod;
        d.judgements.push_back(j);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(final_grade_prefers_agreed_then_auditor_then_computed) {
    JudgementRow j;
    j.computedRank = 2;
    j.computedGrade = "Requires improvement";
    BOOST_TEST(j.finalRank() == 2);
    j.auditorRank = 3;
    j.auditorGrade = "Good";
    BOOST_TEST(j.finalGrade() == "Good");
    j.agreedRank = 1;
    j.agreedGrade = "Inadequate";
    BOOST_TEST(j.finalRank() == 1);
    BOOST_TEST(j.finalGrade() == "Inadequate");
    BOOST_TEST(!j.moderated());
}

BOOST_AUTO_TEST_CASE(a_census_stratum_gives_the_plain_share) {
    auto def = parseReportDefinition(kDef, "t.xml");
    Builder b;
    for (int i = 0; i < 10; ++i) b.grade(b.audit("2026-01", 1, "s", 0.5, 20), "voice", i < 4 ? 3 : 2);
    b.d.index();
    auto all = auditsIn(b.d, *parsePeriod("2026-Q1"));
    BOOST_TEST(all.size() == 10u);
    auto e = estimateGoodOrBetter(b.d, def, all, {"voice"});
    BOOST_TEST(e.evidence.n == 10u);
    BOOST_TEST(e.evidence.share == 0.4, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(e.unweighted == 0.4, boost::test_tools::tolerance(1e-12));
    // SRS with fpc: se = sqrt((1 - 10/20) * s^2 / 10), s^2 = 10*0.4*0.6/9.
    const double se = std::sqrt(0.5 * (10 * 0.4 * 0.6 / 9) / 10);
    BOOST_TEST(e.evidence.lo == 0.4 - 1.959963984540054 * se, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(e.method.find("design-weighted") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(weights_follow_the_strata_populations) {
    auto def = parseReportDefinition(kDef, "t.xml");
    Builder b;
    // Stratum big: N = 90, 5 audited, all good. Stratum small: N = 10, 5 audited, none good.
    for (int i = 0; i < 5; ++i) b.grade(b.audit("2026-02", 7, "big", 5.0 / 90, 90), "voice", 4);
    for (int i = 0; i < 5; ++i) b.grade(b.audit("2026-02", 7, "small", 0.5, 10), "voice", 1);
    b.d.index();
    auto e = estimateGoodOrBetter(b.d, def, auditsIn(b.d, *parsePeriod("2026-02")), {"voice"});
    BOOST_TEST(e.unweighted == 0.5);
    BOOST_TEST(e.evidence.share == 0.9, boost::test_tools::tolerance(1e-12));  // 90% of the population
    // Audits in March are not in February.
    BOOST_TEST(auditsIn(b.d, *parsePeriod("2026-03")).empty());
}

BOOST_AUTO_TEST_CASE(audits_without_the_domain_are_left_out_and_a_theme_pools_its_domains) {
    auto def = parseReportDefinition(kDef, "t.xml");
    Builder b;
    auto a1 = b.audit("2026-01", std::nullopt, "", 0, 0);
    b.grade(a1, "voice", 3);
    b.grade(a1, "plan", 1);
    auto a2 = b.audit("2026-01", std::nullopt, "", 0, 0);
    b.grade(a2, "plan", 2);
    auto a3 = b.audit("2026-01", std::nullopt, "", 0, 0);
    b.grade(a3, "voice", 1);
    b.grade(a3, "plan", 4);
    b.d.index();
    auto all = auditsIn(b.d, *parsePeriod("2026-01"));
    auto v = estimateGoodOrBetter(b.d, def, all, {"voice"});
    BOOST_TEST(v.evidence.n == 2u);
    BOOST_TEST(v.evidence.share == 0.5);
    auto both = estimateGoodOrBetter(b.d, def, all, {"voice", "plan"});
    BOOST_TEST(both.evidence.n == 3u);
    BOOST_TEST(both.evidence.share == (0.5 + 0.0 + 0.5) / 3, boost::test_tools::tolerance(1e-12));
    auto none = estimateGoodOrBetter(b.d, def, all, {"pathway"});
    BOOST_TEST(none.evidence.n == 0u);
}

BOOST_AUTO_TEST_CASE(judgements_in_any_order_are_indexed_by_audit_and_graded_once_for_many_estimates) {
    auto def = parseReportDefinition(kDef, "t.xml");
    Builder b;
    auto a1 = b.audit("2026-01", 1, "s", 0.5, 10);
    auto a2 = b.audit("2026-01", 1, "s", 0.5, 10);
    auto a3 = b.audit("2026-01", 1, "s", 0.5, 10);
    b.grade(a2, "plan", 4);     // 0
    b.grade(a1, "voice", 3);    // 1
    b.grade(a2, "voice", 1);    // 2
    b.grade(a1, kOverall, 2);   // 3
    b.d.judgements.back().agreedRank = 4;  // moderated up: good after, not before
    b.d.judgements.back().agreedGrade = "Outstanding";
    b.d.judgements.back().moderatorRank = 4;
    b.d.index();
    auto indexes = [&](std::size_t a) {
        const auto js = b.d.judgementsOf(a);
        return std::vector<std::size_t>(js.begin(), js.end());
    };
    BOOST_TEST(indexes(a1) == (std::vector<std::size_t>{1, 3}));
    BOOST_TEST(indexes(a2) == (std::vector<std::size_t>{0, 2}));
    BOOST_TEST(indexes(a3).empty());
    const JudgementGrades grades(b.d, def);
    BOOST_TEST(grades[3].domain == grades.domainIndex(Symbol(kOverall)));
    BOOST_TEST(grades[3].finalGood);
    BOOST_TEST(!grades[3].beforeGood);
    BOOST_TEST(grades[3].finalRank == 4);
    BOOST_TEST(grades[3].beforeRank == 2);
    BOOST_TEST(grades.domainIndex(Symbol("pathway")) == grades.domains().size());
    const auto all = auditsIn(b.d, *parsePeriod("2026-01"));
    for (const std::set<std::string>& ds : std::vector<std::set<std::string>>{{"voice"}, {"voice", "plan"}, {kOverall}})
        for (bool before : {false, true}) {
            const auto once = estimateGoodOrBetter(b.d, def, all, ds, before);
            const auto shared = estimateGoodOrBetter(b.d, grades, all, ds, before);
            BOOST_TEST(once.evidence.n == shared.evidence.n);
            BOOST_TEST(once.evidence.share == shared.evidence.share);
            BOOST_TEST(once.unweighted == shared.unweighted);
        }
    BOOST_TEST(estimateGoodOrBetter(b.d, grades, all, {kOverall}).evidence.share == 1.0);
    BOOST_TEST(estimateGoodOrBetter(b.d, grades, all, {kOverall}, true).evidence.share == 0.0);
}

BOOST_AUTO_TEST_CASE(a_degenerate_sample_falls_back_to_wilson) {
    auto def = parseReportDefinition(kDef, "t.xml");
    Builder b;
    for (int i = 0; i < 6; ++i) b.grade(b.audit("2026-01", 1, "s", 0.1, 60), "voice", 3);
    b.d.index();
    auto e = estimateGoodOrBetter(b.d, def, auditsIn(b.d, *parsePeriod("2026-01")), {"voice"});
    BOOST_TEST(e.evidence.share == 1.0);
    BOOST_TEST(e.evidence.hi == 1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(e.evidence.lo < 0.7);  // Wilson for 6/6
    BOOST_TEST(e.method.find("Wilson") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(grades_and_accuracy_by_key) {
    Builder b;
    auto a1 = b.audit("2026-01", 1, "s", 0.5, 10, "East", "Ann");
    b.grade(a1, kOverall, 3, 3, 3, "2026-02");
    auto a2 = b.audit("2026-01", 1, "s", 0.5, 10, "East", "Bob");
    b.grade(a2, kOverall, 3, 2, 2, "2026-02");
    auto a3 = b.audit("2026-02", 1, "s", 0.5, 10, "West", "Ann");
    b.grade(a3, kOverall, 2);
    b.d.index();
    auto g = gradesBy(b.d, auditsIn(b.d, *parsePeriod("2026-Q1")), kOverall, [](const AuditRow& a) { return a.team; });
    BOOST_TEST(g["East"][2] == 1);  // a1 Good
    BOOST_TEST(g["East"][1] == 1);  // a2 moderated to Requires improvement
    BOOST_TEST(g["West"][1] == 1);
    auto acc = accuracyBy(b.d, kOverall, [&](const AuditRow& a, const JudgementRow& j) -> std::optional<std::string> {
        return monthLabel(moderationMonth(b.d, j)) + " " + a.auditor;
    });
    BOOST_TEST(acc.size() == 2u);
    BOOST_TEST(acc.at("2026-02 Ann").n() == 1u);
    BOOST_TEST(*agreement::exactAgreement(acc.at("2026-02 Bob")).value == 0.0);
    BOOST_TEST(acc.at("2026-02 Bob")(2, 1) == 1u);  // auditor Good, moderator RI: moderated down
}

BOOST_AUTO_TEST_CASE(actions_open_overdue_by_owner_and_age_and_the_follow_up_rate) {
    Builder b;
    auto a = b.audit("2026-01", 1, "s", 0.5, 10);
    auto late = b.audit("2026-04", 1, "s", 0.5, 10);  // after the period: its actions do not count
    b.d.index();
    auto act = [&](std::size_t audit, const std::string& owner, const std::string& due, const std::string& status,
                   const std::string& closed = "") {
        ActionRow r;
        r.id = static_cast<std::int64_t>(b.d.actions.size() + 1);
        r.auditId = b.d.audits[audit].id;
        r.owner = owner;
        r.dueDate = due;
        r.status = status;
        r.closedDate = closed;
        b.d.actions.push_back(r);
    };
    act(a, "TM East", "2026-03-30", "open");        // 1 day overdue at 31 March
    act(a, "TM East", "2025-12-01", "in progress"); // 120 days overdue
    act(a, "TM West", "2026-04-15", "open");        // not yet due
    act(a, "TM West", "2026-02-01", "done", "2026-01-30");  // done on time
    act(a, "TM West", "2026-02-01", "done", "2026-02-20");  // done late
    act(a, "TM West", "2026-03-01", "cancelled");
    act(late, "TM East", "2026-01-01", "open");
    auto s = summariseActions(b.d, *parsePeriod("2026-Q1"));
    BOOST_TEST(s.asOf == "2026-03-31");
    BOOST_TEST(s.total == 6);
    BOOST_TEST(s.open == 3);
    BOOST_TEST(s.overdue == 2);
    BOOST_TEST(s.byOwner["TM East"].overdueBands[0] == 1);
    BOOST_TEST(s.byOwner["TM East"].overdueBands[3] == 1);
    BOOST_TEST(s.byOwner["TM West"].open == 1);
    BOOST_TEST(s.byOwner["TM West"].overdue == 0);
    BOOST_TEST(s.dueByDate == 5);
    BOOST_TEST(s.doneOfDue == 2);
    BOOST_TEST(s.doneOnTimeOfDue == 1);
    BOOST_TEST(*s.followUpRate() == 0.4);
    BOOST_REQUIRE(s.overdueActions.size() == 2u);
    BOOST_TEST(b.d.actions[s.overdueActions[0]].dueDate == "2025-12-01");  // most overdue first
    BOOST_TEST(*daysBetween("2026-03-30", "2026-03-31") == 1);
    BOOST_TEST(!daysBetween("soon", "2026-03-31").has_value());
}
