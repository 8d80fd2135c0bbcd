// Every indicator of reports/kpis.xml on a small hand-made Annex A whose counts were worked out by hand (as-of
// Tuesday 7 April 2026: Good Friday 3 April and Easter Monday 6 April are bank holidays, so several rows are in time
// only because those days are not working days).
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <vector>

#include "audit/io/xlsx_writer.h"
#include "audit/report/kpi_compute.h"
#include "test_support.h"

using namespace audit;
using namespace audit::kpi;

namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Sheet {
    std::string name;
    std::string title;  // a title row above the header, if any
    std::vector<std::string> header;
    Rows rows;
};

bool isIsoDate(const std::string& s) {
    return s.size() == 10 && s[4] == '-' && s[7] == '-' && std::isdigit(static_cast<unsigned char>(s[0]));
}

void writeAnnex(const std::string& path, const std::vector<Sheet>& sheets) {
    xlsx::Writer w(path);
    for (const auto& s : sheets) {
        lxw_worksheet* ws = w.addSheet(s.name);
        std::size_t r = 0;
        if (!s.title.empty()) w.writeString(ws, r++, 0, s.title);
        for (std::size_t c = 0; c < s.header.size(); ++c) w.writeString(ws, r, c, s.header[c]);
        for (const auto& row : s.rows) {
            ++r;
            for (std::size_t c = 0; c < row.size(); ++c) {
                const std::string& v = row[c];
                if (v.empty()) continue;
                if (isIsoDate(v)) w.writeDate(ws, r, c, std::stoi(v.substr(0, 4)), std::stoi(v.substr(5, 2)), std::stoi(v.substr(8, 2)));
                else if (v == "#REF!" || v == "#N/A") w.writeFormula(ws, r, c, v == "#N/A" ? "=NA()" : "=#REF!", v);
                else if (v.find_first_not_of("0123456789") == std::string::npos) w.writeNumber(ws, r, c, std::stod(v));
                else w.writeString(ws, r, c, v);
            }
        }
    }
    w.close();
}

const Sheet kList3{"List 3", "", {"Child Unique ID", "Date of Referral", "Referral NFA?", "Number of Referrals in Last 12 Months"},
                   {{"R1", "2026-04-01", "b) No", "1"},
                    {"R2", "2026-03-01", "b) No", "2"},
                    {"R3", "2025-11-30", "b) No", "3"},
                    {"R4", "2025-10-07", "b) No", "4"},   // the window is after 7 October 2025: out
                    {"R5", "2026-02-01", "b) No", ""},
                    {"R6", "2026-02-02", "b) No", "two"}}};  // not a count: noted
const Sheet kList4{"List 4", "", {"Child ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"},
                   {{"A1", "2026-01-30", "2026-04-07"},  // 47 weekdays, 45 working days: in time
                    {"A2", "2026-01-29", "2026-04-07"},  // 46 working days
                    {"A3", "2025-09-01", "2025-10-07"},  // authorised before the window
                    {"A4", "2025-10-01", "2025-10-08"},
                    {"A5", "2026-03-01", ""},            // not authorised yet
                    {"A6", "2026-03-10", "2026-03-05"}}};  // authorised before it started: not in time
const Sheet kList5{"List 5", "", {"Child Unique ID", "Strategy Discussion Initiating Section 47 Enquiry Start Date", "Was an ICPC Held?", "Date of ICPC"},
                   {{"S1", "2026-03-16", "a) Yes", "2026-04-07"},  // 14 working days
                    {"S2", "2026-03-13", "a) Yes", "2026-04-07"},  // 15 (17 weekdays)
                    {"S3", "2026-03-12", "a) Yes", "2026-04-07"},  // 16
                    {"S4", "2025-12-19", "a) Yes", "2026-01-12"},  // 13 over Christmas and New Year
                    {"S5", "2026-03-20", "b) No", ""},
                    {"S6", "2025-09-01", "a) Yes", "2025-09-20"}}};
const Sheet kList7{"List_7", "List 7: Child Protection",
                   {"Child Unique ID", "Child Protection Plan Start Date", "Date of Last Statutory Visit", "Was the Child Seen Alone?",
                    "Child Protection Plan End Date", "Number of Previous Child Protection Plans"},
                   {{"C1", "2025-10-01", "2026-03-20", "a) Yes", "", "0"},       // 10 working days before: in time
                    {"C2", "2025-11-15", "2026-03-19", "b) No", "", "1"},        // 11
                    {"C3", "2026-01-10", "2026-04-07", "Yes", "", "2"},
                    {"C4", "2023-01-05", "2026-02-01", "a) Yes", "2026-02-10", "0"},  // ended after 2 years 1 month
                    {"C5", "2025-06-01", "2026-04-01", "a) Yes", "2026-04-07", "0"},  // ends on the as-of date: not open
                    {"C6", "2026-04-08", "", "", "", "0"},                         // starts after the as-of date
                    {"C7", "2025-12-01", "#REF!", "", "", "n/k"},
                    {"C8", "2025-10-07", "2026-03-23", "Y", "", "3"}}};
const Sheet kList8{"List8", "",
                   {"Child Unique ID", "Date Started to be Looked After", "Date of the Last Statutory Visit", "Date of Latest Statutory Review",
                    "Date of Last Health Assessment", "Date of Last Dental Check", "Number of Placements in the Last 12 Months",
                    "Date Ceased to be Looked After"},
                   {{"L1", "2024-01-10", "2026-03-01", "2025-10-07", "2025-04-07", "2025-04-06", "3", ""},
                    {"L2", "2025-10-08", "2026-02-24", "", "", "", "1", ""},
                    {"L3", "2025-04-07", "2026-02-23", "2025-10-06", "2026-01-01", "", "5", ""},
                    {"L4", "2020-01-01", "2026-02-01", "2026-01-01", "2026-01-01", "2026-01-01", "4", "2026-03-01"},
                    {"L5", "2023-05-05", "2026-04-07", "2026-01-01", "#N/A", "2025-12-12", "0", "2026-05-01"}}};
const Sheet kList9{"List 9", "", {"Child Unique ID", "In Touch", "Activity", "Accommodation Suitability"},
                   {{"Y1", "a) Yes", "a) In education, training or employment", "a) Suitable"},
                    {"Y2", "b) No", "b) Not in education, training or employment", "b) Unsuitable"},
                    {"Y3", "Yes", "F2 Full time education other than higher education", "Suitable"},
                    {"Y4", "c) Unknown", "G5 NEET other", ""}}};

const Date kAsOf(2026, 4, 7);

std::map<std::string, Result> byId(const Extract& e) {
    std::map<std::string, Result> m;
    for (const auto& r : e.results) m[r.id] = r;
    return m;
}

void expect(const std::map<std::string, Result>& m, const std::string& id, std::size_t num, std::size_t den) {
    BOOST_TEST_CONTEXT(id) {
        BOOST_TEST_REQUIRE(m.count(id) == 1);
        const Result& r = m.at(id);
        BOOST_TEST(r.computable, r.reason);
        BOOST_TEST(r.numerator == num);
        BOOST_TEST(r.denominator == den);
        BOOST_TEST_REQUIRE(r.value.has_value());
        BOOST_TEST(*r.value == 100.0 * static_cast<double>(num) / static_cast<double>(den), boost::test_tools::tolerance(1e-9));
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_shipped_indicator_on_a_hand_counted_annex_a) {
    test::TempDir dir;
    const std::string path = dir.file("annex.xlsx");
    writeAnnex(path, {kList3, kList4, kList5, kList7, kList8, kList9});
    const Definition def = loadDefinition("kpis");
    BOOST_TEST(def.indicators.size() >= 12u);
    const Extract e = computeKpis(def, path, "annex-a", kAsOf);
    const auto m = byId(e);
    expect(m, "re_referrals_within_12_months", 2, 5);
    expect(m, "assessments_within_45_days", 2, 4);
    expect(m, "icpc_within_15_working_days", 3, 4);
    expect(m, "cp_visits_within_timescale", 3, 5);
    expect(m, "children_seen_alone_at_visits", 3, 5);
    expect(m, "cp_plans_second_or_subsequent", 2, 3);
    expect(m, "cp_plans_over_two_years", 1, 2);
    expect(m, "cla_three_or_more_placements", 2, 4);
    expect(m, "cla_visits_within_six_weeks", 3, 4);
    expect(m, "cla_health_assessments_in_time", 2, 3);
    expect(m, "cla_dental_checks_in_time", 1, 3);
    expect(m, "cla_reviews_on_time", 2, 3);
    expect(m, "care_leavers_in_touch", 2, 4);
    expect(m, "care_leavers_suitable_accommodation", 2, 4);
    expect(m, "care_leavers_in_eet", 2, 4);
    // Every shipped indicator is checked above.
    BOOST_TEST(m.size() == 15u);
    // RAG by polarity: re-referrals (lower is better, target 20, margin 5) at 40% are red; EET (higher, 55, 8) at 50%
    // amber; over two years (lower, 4, 2) at 50% red.
    BOOST_TEST((m.at("re_referrals_within_12_months").rag == Rag::Red));
    BOOST_TEST((m.at("care_leavers_in_eet").rag == Rag::Amber));
    // The unreadable values are said, with their cells.
    const auto& visits = m.at("cp_visits_within_timescale");
    BOOST_TEST_REQUIRE(visits.notes.size() == 1u);
    BOOST_TEST(visits.notes[0].find("sheet 'List_7', cell C9: '#REF!'") != std::string::npos, visits.notes[0]);
    const auto& second = m.at("cp_plans_second_or_subsequent");
    BOOST_TEST_REQUIRE(second.notes.size() == 1u);
    BOOST_TEST(second.notes[0].find("not a whole number") != std::string::npos, second.notes[0]);
    BOOST_TEST(m.at("re_referrals_within_12_months").notes.size() == 1u);
    BOOST_TEST(m.at("cla_health_assessments_in_time").notes.size() == 1u);
    // The values a one-of rule did not count are listed, most frequent first.
    const auto& touch = m.at("care_leavers_in_touch").notes;
    BOOST_TEST_REQUIRE(touch.size() == 1u);
    BOOST_TEST(touch[0] == "values of 'In Touch' counted as not meeting the rule: 'b) No' (1), 'c) Unknown' (1)");
    // The header found for a column is given.
    const auto& cols = m.at("assessments_within_45_days").columns;
    BOOST_TEST_REQUIRE(cols.size() == 2u);
    BOOST_TEST(cols[0] == "assessment_authorised = 'Continuous Assessment Date of Authorisation' (column C)");
}

BOOST_AUTO_TEST_CASE(working_days_at_the_edges_without_and_with_a_bank_holiday) {
    // The same gaps with no bank holiday between: 15 working days is in time, 16 is not; 10 is, 11 is not.
    test::TempDir dir;
    const std::string path = dir.file("annex.xlsx");
    Sheet l5{"List 5", "", kList5.header, {{"S1", "2026-04-10", "a) Yes", "2026-05-01"},    // Fri → Fri: 15 working days
                                           {"S2", "2026-04-09", "a) Yes", "2026-05-01"}}};  // 16
    Sheet l7{"List 7", "", kList7.header, {{"C1", "2025-10-01", "2026-04-17", "a) Yes", "", "0"},    // 10 working days to 1 May
                                           {"C2", "2025-10-01", "2026-04-16", "a) Yes", "", "0"}}};  // 11
    writeAnnex(path, {l5, l7});
    const auto m = byId(computeKpis(loadDefinition("kpis"), path, "annex-a", Date(2026, 5, 1)));
    expect(m, "icpc_within_15_working_days", 1, 2);
    expect(m, "cp_visits_within_timescale", 1, 2);
    // Over the early May bank holiday (Monday 4 May 2026): 20 April to 5 May is 11 weekdays but 10 working days.
    const std::string may = dir.file("may.xlsx");
    Sheet l7b{"List 7", "", kList7.header, {{"C1", "2025-10-01", "2026-04-20", "a) Yes", "", "0"},    // 10 working days
                                            {"C2", "2025-10-01", "2026-04-17", "a) Yes", "", "0"}}};  // 11
    writeAnnex(may, {l7b});
    expect(byId(computeKpis(loadDefinition("kpis"), may, "annex-a", Date(2026, 5, 5))), "cp_visits_within_timescale", 1, 2);
}

BOOST_AUTO_TEST_CASE(a_missing_list_or_column_is_not_computable_and_an_empty_denominator_is_na) {
    test::TempDir dir;
    const std::string path = dir.file("annex.xlsx");
    Sheet l8 = kList8;
    l8.header[6] = "Moves";  // no placements column under any name the map knows
    Sheet l5{"List 5", "", kList5.header, {{"S6", "2025-09-01", "a) Yes", "2025-09-20"}}};  // none in the window
    writeAnnex(path, {l5, l8});
    const auto m = byId(computeKpis(loadDefinition("kpis"), path, "annex-a", kAsOf));
    const Result& moves = m.at("cla_three_or_more_placements");
    BOOST_TEST(!moves.computable);
    BOOST_TEST(moves.reason.find("sheet 'List8' of annex.xlsx has no column for 'placements_12m'") != std::string::npos, moves.reason);
    BOOST_TEST(moves.reason.find("'Number of Placements in the Last 12 Months'") != std::string::npos);
    BOOST_TEST(!moves.value.has_value());
    const Result& leavers = m.at("care_leavers_in_touch");
    BOOST_TEST(!leavers.computable);
    BOOST_TEST(leavers.reason.find("no list 9") != std::string::npos, leavers.reason);
    const Result& icpc = m.at("icpc_within_15_working_days");
    BOOST_TEST(icpc.computable);
    BOOST_TEST(icpc.denominator == 0u);
    BOOST_TEST(!icpc.value.has_value());  // n/a, never 0%
    BOOST_TEST(!icpc.rag.has_value());
    expect(m, "cla_health_assessments_in_time", 2, 3);  // the rest of list 8 still counts
}

BOOST_AUTO_TEST_CASE(us_order_text_dates_read_with_the_option) {
    test::TempDir dir;
    const std::string path = dir.file("annex.xlsx");
    // Text dates, as a CSV saved on a US-locale machine and re-opened would hold them.
    Sheet l9{"List 9", "", kList9.header, kList9.rows};
    Sheet l7{"List 7", "", kList7.header, {{"C1", "10/01/2025", "03/20/2026", "a) Yes", "", "0"}}};
    writeAnnex(path, {l7, l9});
    ComputeOptions us;
    us.dateOrder = DateOrder::MonthFirst;
    expect(byId(computeKpis(loadDefinition("kpis"), path, "annex-a", kAsOf, us)), "cp_visits_within_timescale", 1, 1);
    // Read day first, 03/20/2026 is no date: the visit is not in time, and the cell is named.
    const auto dmy = byId(computeKpis(loadDefinition("kpis"), path, "annex-a", kAsOf));
    BOOST_TEST(dmy.at("cp_visits_within_timescale").numerator == 0u);
}
