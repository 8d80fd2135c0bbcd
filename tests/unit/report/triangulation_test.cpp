#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "audit/report/triangulation.h"

using namespace audit;

namespace {

const char* kDef = R"(<report id="t" title="T">
  <audit-evidence good-or-better="outstanding good" min-audits="5"/>
  <rag audit-green="0.70" audit-amber="0.50" kpi-amber-margin="5"/>
  <ratings><rating value="good" rag="green"/><rating value="requires improvement" rag="amber"/>
           <rating value="inadequate" rag="red"/><rating value="outstanding" rag="green"/></ratings>
  <theme id="voice" title="Voice of the child">
    <domain ref="voice"/><kpi ref="seen_alone"/><kpi ref="advocacy" amber-margin="10"/><standard ref="S7"/>
  </theme>
  <theme id="planning" title="Planning"><domain ref="planning"/><kpi ref="repeat_cp" /><standard ref="S10"/></theme>
</report>)";

ReportDefinition def() { return parseReportDefinition(kDef, "t.xml"); }
Period q1() { return *parsePeriod("2026-Q1"); }

Kpi kpi(const std::string& ind, const std::string& period, double value, double target,
        Polarity pol = Polarity::Higher, const std::string& theme = "voice") {
    return Kpi{ind, period, value, target, pol, theme, 0};
}
SelfAssessment sa(const std::string& agency, const std::string& standard, const std::string& rating,
                  const std::string& period = "2025-26", const std::string& theme = "voice") {
    return SelfAssessment{agency, period, theme, standard, rating, "evidence", 0};
}
AuditEvidence ev(double share, std::size_t n = 112, double lo = 0, double hi = 0) {
    return AuditEvidence{n, share, lo ? lo : share - 0.08, hi ? hi : share + 0.09};
}
bool has(const ThemeTriangulation& t, Flag f) { return std::find(t.flags.begin(), t.flags.end(), f) != t.flags.end(); }
bool says(const ThemeTriangulation& t, const std::string& text) { return t.sentence.find(text) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(kpi_against_target_with_polarity) {
    // Higher is better: met, short within the margin, short beyond it.
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 80, 80), 5).rag == Rag::Green);
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 91, 80), 5).rag == Rag::Green);
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 75, 80), 5).rag == Rag::Amber);  // exactly the margin: amber
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 74.9, 80), 5).rag == Rag::Red);
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 74.9, 80), 5).shortfall == 5.1, boost::test_tools::tolerance(1e-9));
    // Lower is better (re-referrals): above the target is short of it.
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 18, 20, Polarity::Lower), 5).rag == Rag::Green);
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 24, 20, Polarity::Lower), 5).rag == Rag::Amber);
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 26, 20, Polarity::Lower), 5).rag == Rag::Red);
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 26, 20, Polarity::Lower), 5).shortfall == 6.0);
    // A zero margin: anything short is red.
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 79.99, 80), 0).rag == Rag::Red);
    // Decimal values read from text do not fall short by a rounding error.
    BOOST_TEST(assessKpi(kpi("k", "2026-03", 0.1 + 0.2, 0.3), 0).rag == Rag::Green);
}

BOOST_AUTO_TEST_CASE(audit_evidence_thresholds_and_minimum) {
    RagThresholds t;  // 0.70 / 0.50 / min 5
    BOOST_TEST(auditRag(ev(0.70), t) == Rag::Green);
    BOOST_TEST(auditRag(ev(0.6999), t) == Rag::Amber);
    BOOST_TEST(auditRag(ev(0.50), t) == Rag::Amber);
    BOOST_TEST(auditRag(ev(0.49), t) == Rag::Red);
    BOOST_TEST(!auditRag(ev(0.9, 4), t).has_value());
    BOOST_TEST(auditRag(ev(0.9, 5), t) == Rag::Green);
}

BOOST_AUTO_TEST_CASE(lower_median_takes_the_worse_middle) {
    BOOST_TEST(!lowerMedian({}).has_value());
    BOOST_TEST(lowerMedian({Rag::Green}) == Rag::Green);
    BOOST_TEST(lowerMedian({Rag::Green, Rag::Red}) == Rag::Red);
    BOOST_TEST(lowerMedian({Rag::Green, Rag::Green, Rag::Red}) == Rag::Green);
    BOOST_TEST(lowerMedian({Rag::Green, Rag::Amber, Rag::Red, Rag::Green}) == Rag::Amber);
}

BOOST_AUTO_TEST_CASE(self_assessment_rosier_than_audit_is_flagged_in_plain_english) {
    auto d = def();
    auto t = triangulate(d, *d.theme("voice"), q1(), {kpi("seen_alone", "2026-03", 78, 80)}, ev(0.38, 112, 0.30, 0.47),
                         {sa("Police", "S7", "green"), sa("Health (ICB)", "S7", "Good")});
    BOOST_TEST(t.selfRag == Rag::Green);
    BOOST_TEST(t.auditRag == Rag::Red);
    BOOST_TEST(t.kpiRag == Rag::Amber);
    BOOST_TEST(has(t, Flag::SelfRosierThanAudit));
    BOOST_TEST(has(t, Flag::TwoSteps));
    BOOST_TEST(t.sentence ==
               "Partners rate voice of the child green, but only 38% of audited cases were good or better (95% "
               "confidence interval 30% to 47%, 112 cases): audit evidence is red. Challenge the self-assessment: "
               "ask partners for the evidence behind it. Performance data is amber (0 of 1 indicator met its target).");
}

// Published, where the share and count could reveal a suppressed count: the RAG and flags stay, the figures go.
BOOST_AUTO_TEST_CASE(withheld_audit_figures_leave_the_rag_and_flags_but_no_numbers) {
    auto d = def();
    AuditEvidence e = ev(0.38, 112, 0.30, 0.47);
    e.withheld = true;
    auto t = triangulate(d, *d.theme("voice"), q1(), {kpi("seen_alone", "2026-03", 78, 80)}, e,
                         {sa("Police", "S7", "green"), sa("Health (ICB)", "S7", "Good")});
    BOOST_TEST(t.auditRag == Rag::Red);
    BOOST_TEST(has(t, Flag::SelfRosierThanAudit));
    BOOST_TEST(t.sentence ==
               "Partners rate voice of the child green, but the audits say otherwise (figures withheld to protect "
               "small counts): audit evidence is red. Challenge the self-assessment: ask partners for the evidence "
               "behind it. Performance data is amber (0 of 1 indicator met its target).");
    BOOST_TEST(t.sentence.find("38%") == std::string::npos);
    BOOST_TEST(t.sentence.find("112") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_step_rosier_is_flagged_without_two_steps) {
    auto d = def();
    auto t = triangulate(d, *d.theme("voice"), q1(), {}, ev(0.62), {sa("Police", "S7", "green"), sa("Education", "S7", "amber"), sa("Health", "S7", "green")});
    BOOST_TEST(t.selfRag == Rag::Green);  // lower median of green, amber, green
    BOOST_TEST(t.auditRag == Rag::Amber);
    BOOST_TEST(has(t, Flag::SelfRosierThanAudit));
    BOOST_TEST(!has(t, Flag::TwoSteps));
    BOOST_TEST(says(t, "Partners rate voice of the child green overall (Health and Police green; Education amber)"),
               t.sentence);
    BOOST_TEST(says(t, "Rated above the audit evidence by Health and Police."), t.sentence);
    BOOST_TEST(says(t, "Missing: no KPI for the period."), t.sentence);
}

BOOST_AUTO_TEST_CASE(kpi_green_audit_red_is_two_steps) {
    auto d = def();
    auto t = triangulate(d, *d.theme("voice"), q1(), {kpi("seen_alone", "2026-03", 85, 80), kpi("advocacy", "2026-02", 60, 50)},
                         ev(0.41), {sa("Police", "S7", "red")});
    BOOST_TEST(t.kpiRag == Rag::Green);
    BOOST_TEST(t.auditRag == Rag::Red);
    BOOST_TEST(!has(t, Flag::SelfRosierThanAudit));
    BOOST_TEST(has(t, Flag::TwoSteps));
    BOOST_TEST(says(t, "Performance data on voice of the child is green (2 of 2 indicators met their target), but only 41%"),
               t.sentence);
    BOOST_TEST(says(t, "Timely is not the same as good"), t.sentence);
    BOOST_TEST(says(t, "Partners rate voice of the child red."), t.sentence);
}

BOOST_AUTO_TEST_CASE(kpi_red_audit_green_is_two_steps) {
    auto d = def();
    auto t = triangulate(d, *d.theme("voice"), q1(), {kpi("seen_alone", "2026-03", 60, 80)}, ev(0.8), {});
    BOOST_TEST(t.kpiRag == Rag::Red);
    BOOST_TEST(has(t, Flag::TwoSteps));
    BOOST_TEST(says(t, "Audit evidence on voice of the child is green (80% of audited cases"), t.sentence);
    BOOST_TEST(says(t, "but performance data is red (0 of 1 indicator met its target)"), t.sentence);
}

BOOST_AUTO_TEST_CASE(self_red_audit_green_is_two_steps_but_not_rosier) {
    auto d = def();
    auto t = triangulate(d, *d.theme("voice"), q1(), {}, ev(0.75), {sa("Probation", "S7", "Inadequate")});
    BOOST_TEST(t.selfRag == Rag::Red);
    BOOST_TEST(has(t, Flag::TwoSteps));
    BOOST_TEST(!has(t, Flag::SelfRosierThanAudit));
    BOOST_TEST(says(t, "Ask what partners see that the audits do not."), t.sentence);
}

BOOST_AUTO_TEST_CASE(self_green_kpi_red_without_audit_is_two_steps) {
    auto d = def();
    auto t = triangulate(d, *d.theme("voice"), q1(), {kpi("seen_alone", "2026-03", 50, 80)}, ev(0.9, 3), {sa("Police", "S7", "green")});
    BOOST_TEST(!t.auditRag.has_value());
    BOOST_TEST(has(t, Flag::TwoSteps));
    BOOST_TEST(says(t, "Partners rate voice of the child green, but performance data is red"), t.sentence);
    BOOST_TEST(says(t, "only 3 cases audited (at least 5 needed)"), t.sentence);
    auto p = triangulate(d, *d.theme("voice"), q1(), {}, ev(0.9, 3), {sa("Police", "S7", "green")}, 5);
    BOOST_TEST(says(p, "and fewer than 5 cases audited (at least 5 needed)."), p.sentence);  // published: the small count is not given
    BOOST_TEST(p.sentence.find('3') == std::string::npos, p.sentence);
    auto u = triangulate(d, *d.theme("voice"), q1(), {kpi("seen_alone", "2026-03", 95, 80)}, ev(0, 0), {sa("Police", "S7", "red")});
    BOOST_TEST(has(u, Flag::TwoSteps));
    BOOST_TEST(says(u, "although performance data is green"), u.sentence);
    BOOST_TEST(says(u, "no audited cases"), u.sentence);
}

BOOST_AUTO_TEST_CASE(agreement_and_one_step_are_not_flagged) {
    auto d = def();
    auto t = triangulate(d, *d.theme("voice"), q1(), {kpi("seen_alone", "2026-03", 82, 80)}, ev(0.72), {sa("Police", "S7", "green")});
    BOOST_TEST(!t.flagged());
    BOOST_TEST(says(t, "The sources agree on voice of the child: performance data green"), t.sentence);
    auto u = triangulate(d, *d.theme("voice"), q1(), {kpi("seen_alone", "2026-03", 77, 80)}, ev(0.72), {sa("Police", "S7", "amber")});
    BOOST_TEST(!u.flagged());  // self amber below audit green: not rosier; kpi amber: one step
    BOOST_TEST(says(u, "The sources are within one step on voice of the child"), u.sentence);
}

BOOST_AUTO_TEST_CASE(a_single_source_cannot_be_triangulated) {
    auto d = def();
    auto t = triangulate(d, *d.theme("voice"), q1(), {}, ev(0.2), {});
    BOOST_TEST(!t.flagged());
    BOOST_TEST(t.auditRag == Rag::Red);
    BOOST_TEST(says(t, "Not enough to triangulate voice of the child: only audit evidence is red"), t.sentence);
    BOOST_TEST(says(t, "Missing: no KPI for the period and no partner self-assessment."), t.sentence);
}

BOOST_AUTO_TEST_CASE(kpis_are_picked_by_theme_and_period_latest_value_counts) {
    auto d = def();
    std::vector<Kpi> ks = {
        kpi("seen_alone", "2026-01", 50, 80),             // earlier in the quarter: replaced by March
        kpi("seen_alone", "2026-03", 81, 80),
        kpi("seen_alone", "2026-04", 10, 80),             // after the period
        kpi("seen_alone", "2025-12", 10, 80),             // before it
        kpi("repeat_cp", "2026-03", 10, 80, Polarity::Lower, "voice"),  // listed under planning: not voice
        kpi("unlisted_thing", "2026-02", 3, 5, Polarity::Lower, "voice"),  // listed nowhere: the data's theme
        kpi("unlisted_other", "2026-02", 3, 5, Polarity::Lower, "planning"),
        kpi("advocacy", "2026-02", 45, 50),               // margin 10 from the definition: amber
    };
    auto t = triangulate(d, *d.theme("voice"), q1(), ks, ev(0.7), {});
    BOOST_REQUIRE(t.kpis.size() == 3u);
    BOOST_TEST(t.kpis[0].kpi.indicator == "seen_alone");  // definition order first
    BOOST_TEST(t.kpis[0].kpi.value == 81);
    BOOST_TEST(t.kpis[0].rag == Rag::Green);
    BOOST_TEST(t.kpis[1].kpi.indicator == "advocacy");
    BOOST_TEST(t.kpis[1].rag == Rag::Amber);
    BOOST_TEST(t.kpis[2].kpi.indicator == "unlisted_thing");
    BOOST_TEST(t.kpiRag == Rag::Green);  // green, amber, green
    // A whole financial year as the period takes the latest month in it.
    auto y = triangulate(d, *d.theme("voice"), *parsePeriod("2025-26"), ks, ev(0.7), {});
    BOOST_TEST(y.kpis[0].kpi.period == "2026-03");
}

BOOST_AUTO_TEST_CASE(self_assessments_latest_per_agency_and_standard_up_to_the_period_end) {
    auto d = def();
    std::vector<SelfAssessment> rows = {
        sa("Police", "S7", "red", "2024-25"),
        sa("Police", "S7", "green", "2025-26"),       // latest: counts
        sa("Police", "S7", "red", "2026-27"),         // starts after the period: ignored
        sa("Health", "S10", "green", "2025-26", "planning"),  // planning's standard
        sa("Health", "S99", "amber", "2025-26", "voice"),     // unlisted standard, data says voice
        sa("Health", "S7", "green", "2025-26"),
        sa("Education", "S7", "purple", "2025-26"),   // unknown rating: ignored here
    };
    auto t = triangulate(d, *d.theme("voice"), q1(), {}, ev(0.7), rows);
    BOOST_REQUIRE(t.agencies.size() == 2u);
    BOOST_TEST(t.agencies[0].agency == "Health");
    BOOST_TEST(t.agencies[0].ratings.size() == 2u);  // S7 green, S99 amber
    BOOST_TEST(t.agencies[0].rag == Rag::Amber);     // lower median of green, amber
    BOOST_TEST(t.agencies[1].agency == "Police");
    BOOST_TEST(t.agencies[1].rag == Rag::Green);
    BOOST_TEST(t.selfRag == Rag::Amber);
}

BOOST_AUTO_TEST_CASE(every_theme_in_definition_order) {
    auto d = def();
    auto all = triangulateAll(d, q1(), {}, {{"planning", ev(0.3)}}, {});
    BOOST_REQUIRE(all.size() == 2u);
    BOOST_TEST(all[0].themeId == "voice");
    BOOST_TEST(all[0].audit.n == 0u);
    BOOST_TEST(all[1].auditRag == Rag::Red);
    BOOST_TEST(flagName(Flag::SelfRosierThanAudit) == "self-assessment rosier than audit evidence");
    BOOST_TEST(percent(0.385) == "39%");
}

BOOST_AUTO_TEST_CASE(a_wide_interval_is_named_as_uncertain_without_moving_the_rag) {
    const RagThresholds t;  // green >= 70%, amber >= 50%
    // 12 cases, 75% (32% to 100%): green on the estimate, but the interval reaches red.
    BOOST_TEST(auditRag(ev(0.75, 12, 0.32, 1.0), t) == Rag::Green);
    const auto span = auditInterval(ev(0.75, 12, 0.32, 1.0), t);
    BOOST_REQUIRE(span.has_value());
    BOOST_TEST((span->first == Rag::Red && span->second == Rag::Green));
    BOOST_TEST(!auditInterval(ev(0.80, 300, 0.75, 0.85), t).has_value());  // within green
    BOOST_TEST(!auditInterval(ev(0.75, 4, 0.32, 1.0), t).has_value());     // too few cases: no RAG at all
    AuditEvidence withheld = ev(0.75, 12, 0.32, 1.0);
    withheld.withheld = true;
    BOOST_TEST(!auditInterval(withheld, t).has_value());  // no figures to speak of

    const auto d = def();
    const auto wide = triangulate(d, d.themes[0], q1(), {kpi("seen_alone", "2026-03", 90, 85)},
                                  ev(0.75, 12, 0.32, 1.0), {sa("Police", "S7", "good")});
    BOOST_TEST(wide.auditRag == Rag::Green);
    BOOST_TEST(!wide.flagged());
    BOOST_TEST(says(wide, "The audit evidence cannot tell red from green: its 95% confidence interval, 32% to 100% "
                          "on 12 cases, spans all three bands."),
               wide.sentence);
    const auto amberGreen = triangulate(d, d.themes[0], q1(), {}, ev(0.73, 102, 0.66, 0.80), {});
    BOOST_TEST(says(amberGreen, "cannot tell amber from green: its 95% confidence interval, 66% to 80% on 102 cases, "
                                "spans both bands."),
               amberGreen.sentence);
    const auto narrow = triangulate(d, d.themes[0], q1(), {kpi("seen_alone", "2026-03", 90, 85)},
                                    ev(0.80, 300, 0.75, 0.85), {sa("Police", "S7", "good")});
    BOOST_TEST(!narrow.auditSpan.has_value());
    BOOST_TEST(!says(narrow, "cannot tell"), narrow.sentence);
}
