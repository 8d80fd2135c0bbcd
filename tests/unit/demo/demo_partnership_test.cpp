#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "audit/demo/demo_partnership.h"
#include "audit/base/error.h"
#include "audit/base/paths.h"
#include "audit/report/report_definition.h"
#include "audit/report/triangulation.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(kpis_are_seeded_monthly_and_read_back_under_the_definition) {
    auto def = loadReportDefinition(reportDefinitionPath("lscb"));
    auto a = demoKpis(7, "2026-01", 3);
    BOOST_TEST(a.size() == demoKpiCatalogue().size() * 3);
    BOOST_TEST(kpisToCsv(a) == kpisToCsv(demoKpis(7, "2026-01", 3)));
    BOOST_TEST(kpisToCsv(a) != kpisToCsv(demoKpis(8, "2026-01", 3)));
    std::set<std::string> periods;
    for (const auto& k : a) {
        periods.insert(k.period);
        BOOST_TEST(k.value >= 0.0);
        BOOST_TEST(k.value <= 100.0);
        // Every demo indicator is one the definition places in the theme it names.
        const Theme* t = def.themeForKpi(k.indicator, k.theme);
        BOOST_REQUIRE(t);
        BOOST_TEST(t->id == k.theme);
    }
    BOOST_TEST((periods == std::set<std::string>{"2026-01", "2026-02", "2026-03"}));
    BOOST_TEST(parseKpis(kpisToCsv(a), "k.csv", &def).size() == a.size());
    // Across years.
    BOOST_TEST(demoKpis(1, "2025-11", 3).back().period == "2026-01");
    BOOST_CHECK_THROW(demoKpis(1, "2026-Q1", 3), Error);
    BOOST_CHECK_THROW(demoKpis(1, "2026-01", 0), Error);
}

BOOST_AUTO_TEST_CASE(self_assessments_are_seeded_valid_and_some_optimistic) {
    auto def = loadReportDefinition(reportDefinitionPath("lscb"));
    auto rows = demoSelfAssessments(11, "2025-26");
    BOOST_TEST(selfAssessmentsToCsv(rows) == selfAssessmentsToCsv(demoSelfAssessments(11, "2025-26")));
    BOOST_TEST(rows.size() > 30u);
    BOOST_TEST(parseSelfAssessments(selfAssessmentsToCsv(rows), "s.csv", def).size() == rows.size());
    std::map<std::string, int> green, total;
    bool graded = false;
    for (const auto& r : rows) {
        BOOST_TEST(def.themeForStandard(r.standard, r.theme)->id == r.theme);
        total[r.agency]++;
        green[r.agency] += def.ratingToRag(r.rating) == Rag::Green;
        graded = graded || !parseRag(r.rating);
    }
    BOOST_TEST(graded);  // some agencies use grades
    // The optimistic agencies rate green far more often than the cautious ones.
    BOOST_TEST(green["Police"] * total["Probation"] > 2 * green["Probation"] * total["Police"]);
    BOOST_CHECK_THROW(demoSelfAssessments(1, "whenever"), Error);
}
