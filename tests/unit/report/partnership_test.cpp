#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/report/partnership.h"
#include "audit/base/paths.h"
#include "audit/report/report_definition.h"
#include "test_support.h"

using namespace audit;

namespace {
ReportDefinition lscb() { return loadReportDefinition(reportDefinitionPath("lscb")); }

std::string problems(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == 65);
        return e.what();
    }
    BOOST_FAIL("expected an error");
    return "";
}
void expectAll(const std::string& msg, std::initializer_list<const char*> parts) {
    for (const char* p : parts) BOOST_TEST(msg.find(p) != std::string::npos, p << "\n--- in ---\n" << msg);
}
}  // namespace

BOOST_AUTO_TEST_CASE(kpis_read_in_any_column_order_with_extra_columns) {
    auto def = lscb();
    auto k = parseKpis("Theme,Indicator,Period,Value,Target,Polarity,Note\r\n"
                       "assessment,assessments_within_45_days,2026-01,84.5,85,higher,x\r\n"
                       "assessment,re_referrals_within_12_months,2026-Q1,22%,20,Lower,\r\n",
                       "k.csv", &def);
    BOOST_REQUIRE(k.size() == 2u);
    BOOST_TEST(k[0].indicator == "assessments_within_45_days");
    BOOST_TEST(k[0].value == 84.5);
    BOOST_TEST(k[0].target == 85.0);
    BOOST_TEST((k[0].polarity == Polarity::Higher));
    BOOST_TEST(k[0].line == 2);
    BOOST_TEST(k[1].value == 22.0);
    BOOST_TEST((k[1].polarity == Polarity::Lower));
    BOOST_TEST(k[1].period == "2026-Q1");
}

BOOST_AUTO_TEST_CASE(bad_kpi_values_are_all_reported_with_file_and_line) {
    auto def = lscb();
    std::string msg = problems([&] {
        parseKpis("indicator,period,value,target,polarity,theme\n"
                  "assessments_within_45_days,2026-13,84,85,higher,assessment\n"
                  ",2026-01,eighty,85,higher,assessment\n"
                  "cla_reviews_on_time,2026-01,90,,up,permanence\n"
                  "new_measure,2026-01,1,2,lower,nowhere\n"
                  "cla_reviews_on_time,2026-01,91,95,higher,permanence\n",
                  "kpis.csv", &def);
    });
    expectAll(msg, {"kpis.csv: line 2: period '2026-13' is not a period (expected YYYY-MM, YYYY-Qn",
                    "kpis.csv: line 3: indicator is empty", "kpis.csv: line 3: value 'eighty' is not a number",
                    "kpis.csv: line 4: target '' is not a number",
                    "kpis.csv: line 4: polarity 'up' is not higher or lower",
                    "kpis.csv: line 5: indicator 'new_measure' is in no theme of report lscb, and theme 'nowhere'",
                    "kpis.csv: line 6: indicator 'cla_reviews_on_time' for period 2026-01 is given twice (first on line 4)"});
    // Without a definition the theme is not checked.
    BOOST_TEST(parseKpis("indicator,period,value,target,polarity,theme\nx,2026-01,1,2,lower,nowhere\n", "k.csv").size() == 1u);
}

BOOST_AUTO_TEST_CASE(missing_kpi_columns_are_named) {
    std::string msg = problems([] { parseKpis("indicator,period,value\nx,2026-01,1\n", "k.csv"); });
    expectAll(msg, {"k.csv: line 1: missing column 'target' (the header has: indicator, period, value)",
                    "k.csv: line 1: missing column 'polarity'", "k.csv: line 1: missing column 'theme'"});
    msg = problems([] { parseKpis("indicator,period,value,target,polarity,theme\n", "k.csv"); });
    expectAll(msg, {"k.csv: no KPI rows below the header"});
    // The csv module's own errors keep their place.
    msg = problems([] { parseKpis("indicator,period,value,target,polarity,theme\na,\"2026-01,1,2,higher,x\n", "k.csv"); });
    expectAll(msg, {"k.csv: line 2"});
}

BOOST_AUTO_TEST_CASE(a_missing_kpi_file_is_no_input) {
    try {
        readKpis("/nonexistent/kpis.csv");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == 66);
    }
}

BOOST_AUTO_TEST_CASE(self_assessments_read_and_validated) {
    auto def = lscb();
    auto s = parseSelfAssessments("agency,period,theme,standard,rating,evidence\n"
                                  "Police,2025-26,voice,S7,Green,\"Voice of child training, 92% staff\"\n"
                                  "Health (ICB),2025-26,voice,S7,Requires improvement,audit of GP records\n",
                                  "sa.csv", def);
    BOOST_REQUIRE(s.size() == 2u);
    BOOST_TEST(s[0].evidence == "Voice of child training, 92% staff");
    BOOST_TEST(s[1].rating == "Requires improvement");
    std::string msg = problems([&] {
        parseSelfAssessments("agency,period,theme,standard,rating,evidence\n"
                             "Police,2025-26,voice,S7,purple,x\n"
                             ",sometime,voice,,green,x\n"
                             "Police,2025-26,voice,S7,red,again\n"
                             "Probation,2025-26,elsewhere,S77,red,x\n",
                             "sa.csv", def);
    });
    expectAll(msg, {"sa.csv: line 2: rating 'purple' is not a rating (expected red, amber, green, good, inadequate",
                    "sa.csv: line 3: agency is empty", "sa.csv: line 3: period 'sometime' is not a period",
                    "sa.csv: line 3: standard is empty",
                    "sa.csv: line 4: Police's rating of standard S7 for 2025-26 is given twice (first on line 2)",
                    "sa.csv: line 5: standard 'S77' is in no theme of report lscb, and theme 'elsewhere'"});
    msg = problems([&] { parseSelfAssessments("agency,period,standard,rating\n", "sa.csv", def); });
    expectAll(msg, {"sa.csv: line 1: missing column 'theme'", "sa.csv: line 1: missing column 'evidence'"});
}

BOOST_AUTO_TEST_CASE(written_csv_reads_back_the_same) {
    auto def = lscb();
    std::vector<Kpi> k = {{"care_leavers_in_eet", "2026-02", 52.25, 60, Polarity::Higher, "care_leavers", 0},
                          {"re_referrals_within_12_months", "2026-02", 0.1 + 0.2, 20, Polarity::Lower, "assessment", 0}};
    auto back = parseKpis(kpisToCsv(k), "k.csv", &def);
    BOOST_REQUIRE(back.size() == 2u);
    BOOST_TEST(back[0].value == 52.25);
    BOOST_TEST(back[1].value == 0.1 + 0.2);  // shortest round trip
    BOOST_TEST((back[1].polarity == Polarity::Lower));
    std::vector<SelfAssessment> s = {{"Police", "2025-26", "voice", "S7", "green", "=HYPERLINK(\"x\")", 0}};
    const std::string written = selfAssessmentsToCsv(s);
    BOOST_TEST(written.find("'=HYPERLINK") != std::string::npos);  // formula injection neutralised on writing
    auto sb = parseSelfAssessments(written, "s.csv", def);
    BOOST_TEST(sb[0].evidence == "=HYPERLINK(\"x\")");  // and restored on reading our own file (issue 17)
    BOOST_TEST(formatNumber(85.0) == "85");
}
