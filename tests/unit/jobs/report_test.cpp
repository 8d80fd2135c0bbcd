// The audit-report jobs on a real store holding a month of audits: the partnership workbook (importing its KPI and
// self-assessment files), the actions tracker, and a returned tracker imported.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "audit/base/output_file.h"
#include "audit/demo/demo_actions.h"
#include "audit/demo/demo_partnership.h"
#include "audit/jobs/report.h"
#include "audit/report/partnership.h"
#include "audit/store/store.h"
#include "jobs_cycle.h"

using namespace audit;

namespace {

jobs::ReportLscbRequest lscbRequest(const test::Cycle& c) {
    writeFileAtomically(c.dir.file("kpis.csv"), kpisToCsv(demoKpis(3, "2026-07", 3)));
    writeFileAtomically(c.dir.file("sas.csv"), selfAssessmentsToCsv(demoSelfAssessments(3, "2026-Q3")));
    jobs::ReportLscbRequest q;
    q.period = *parsePeriod("2026-Q3");
    q.periodText = "2026-Q3";
    q.out = c.dir.file("lscb.xlsx");
    q.kpis = c.dir.file("kpis.csv");
    q.selfAssessments = c.dir.file("sas.csv");
    q.store = c.store;
    return q;
}

std::int64_t count(const std::string& store, const std::string& sql) {
    Store s(store);
    return s.scalar<std::int64_t>(sql).value_or(-1);
}

}  // namespace

BOOST_AUTO_TEST_CASE(lscb_imports_its_files_and_writes_the_workbook) {
    test::Cycle c(30);
    const jobs::ReportLscbResult r = jobs::reportLscb(lscbRequest(c));
    BOOST_TEST(r.workbook.audits == 30u);
    BOOST_REQUIRE(r.kpis.has_value());
    BOOST_TEST(r.kpis->rows == demoKpis(3, "2026-07", 3).size());
    BOOST_TEST(!r.kpis->unchanged);
    BOOST_REQUIRE(r.selfAssessments.has_value());
    BOOST_TEST(r.selfAssessments->rows > 0u);
    BOOST_TEST(std::filesystem::file_size(c.dir.file("lscb.xlsx")) > 0u);
    BOOST_TEST(count(c.store, "SELECT COUNT(*) FROM event_log WHERE tool = 'audit-report' AND command = "
                              "'lscb --period 2026-Q3'") == 1);
    // Again: the files were imported before; the published version suppresses small counts.
    jobs::ReportLscbRequest q = lscbRequest(c);
    q.publish = true;
    q.out = c.dir.file("published.xlsx");
    const jobs::ReportLscbResult again = jobs::reportLscb(q);
    BOOST_TEST(again.kpis->unchanged);
    BOOST_TEST(again.selfAssessments->unchanged);
    BOOST_TEST(again.workbook.audits == 30u);
}

BOOST_AUTO_TEST_CASE(lscb_refuses_a_bad_kpi_file_and_stores_none_of_it) {
    test::Cycle c(5, false);
    jobs::ReportLscbRequest q = lscbRequest(c);
    test::writeText(c.dir.file("kpis.csv"), "indicator,period\nRe-referrals,2026-09\n");
    test::expectError([&] { jobs::reportLscb(q); }, ErrorKind::Data, {"kpis.csv"});
    BOOST_TEST(!std::filesystem::exists(q.out));
    BOOST_TEST(count(c.store, "SELECT COUNT(*) FROM kpi") == 0);
}

BOOST_AUTO_TEST_CASE(actions_tracker_out_and_back) {
    test::Cycle c(30);
    const std::int64_t open = count(c.store, "SELECT COUNT(*) FROM action WHERE status IN ('open', 'in progress')");
    BOOST_REQUIRE(open > 0);
    const report::TrackerResult t = jobs::reportActions({c.dir.file("tracker.xlsx"), "2026-12-31", c.store});
    BOOST_TEST(static_cast<std::int64_t>(t.actions) == open);
    DemoActionsOptions o;
    o.trackerPath = c.dir.file("tracker.xlsx");
    o.outPath = c.dir.file("returned.xlsx");
    o.seed = 4;
    const DemoActionsResult filled = writeDemoActions(o);
    const report::TrackerImport r = jobs::reportActionsImport({o.outPath, "2026-12-31", "QA Lead", c.store});
    BOOST_TEST(static_cast<std::int64_t>(r.rows) == open);
    BOOST_TEST(r.updated == filled.counts.actions - filled.counts.open);
    BOOST_TEST(!r.unchanged);
    BOOST_TEST(count(c.store, "SELECT COUNT(*) FROM action_update") == static_cast<std::int64_t>(r.updated));
    BOOST_TEST(jobs::reportActionsImport({o.outPath, "2026-12-31", "QA Lead", c.store}).unchanged);
}

BOOST_AUTO_TEST_CASE(actions_import_refuses_a_file_that_is_not_a_tracker) {
    test::Cycle c(5, false);
    test::expectError([&] { jobs::reportActionsImport({c.sample, "2026-12-31", "QA Lead", c.store}); }, ErrorKind::Data,
                      {"sample.csv"});
}

BOOST_AUTO_TEST_CASE(actions_tracker_into_a_missing_folder_is_refused_and_logs_nothing) {
    test::Cycle c(5, false);
    const std::string out = c.dir.file("no/such/folder/tracker.xlsx");
    test::expectError([&] { jobs::reportActions({out, "2026-12-31", c.store}); }, ErrorKind::CantCreate, {"tracker.xlsx"});
    BOOST_TEST(count(c.store, "SELECT COUNT(*) FROM event_log WHERE tool = 'audit-report'") == 0);
}

BOOST_AUTO_TEST_CASE(spc_charts_a_series_file) {
    test::TempDir dir;
    std::string csv = "period,value\n";
    const double values[] = {10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 20};
    for (int i = 0; i < 13; ++i) csv += "P" + std::to_string(i + 1) + "," + formatNumber(values[i]) + "\n";
    test::writeText(dir.file("s.csv"), csv);
    jobs::ReportSpcRequest q;
    q.series = dir.file("s.csv");
    q.options.polarity = Polarity::Lower;
    const jobs::ReportSpcResult r = jobs::reportSpc(q);
    BOOST_TEST(r.series.size() == 13u);
    BOOST_TEST(r.chart.baseline == 12u);
    BOOST_TEST(r.chart.points.back().rules == std::vector<std::string>{"outside"});
    BOOST_TEST(r.chart.variation == "concern-high");
    q.options.baseline = 14;
    test::expectError([&] { jobs::reportSpc(q); }, ErrorKind::Usage, {"--baseline 14", "13 points"});
    q.series = dir.file("none.csv");
    test::expectError([&] { jobs::reportSpc(q); }, ErrorKind::NoInput, {"none.csv"});
}

BOOST_AUTO_TEST_CASE(actions_trackers_one_per_owner_and_per_team_into_a_folder) {
    test::Cycle c(30);
    const std::int64_t open = count(c.store, "SELECT COUNT(*) FROM action WHERE status IN ('open', 'in progress')");
    const std::int64_t owners =
        count(c.store, "SELECT COUNT(DISTINCT owner) FROM action WHERE status IN ('open', 'in progress')");
    BOOST_REQUIRE(owners > 1);
    jobs::ReportActionsRequest q{c.dir.file("trackers"), "2026-12-31", c.store};
    const report::TrackerResult t = jobs::reportActions(q);
    BOOST_TEST(static_cast<std::int64_t>(t.actions) == open);
    BOOST_TEST(static_cast<std::int64_t>(t.files.size()) == owners);
    std::size_t sum = 0;
    std::set<std::int64_t> ids;
    for (const auto& f : t.files) {
        BOOST_TEST(std::filesystem::path(f.file).parent_path() == std::filesystem::path(q.out));
        const report::TrackerContents back = report::readActionsTracker(f.file);
        BOOST_TEST(back.actions.size() == f.actions);
        for (const auto& a : back.actions) {
            BOOST_TEST(a.owner == f.name);
            BOOST_TEST(ids.insert(a.id).second);  // each action in one tracker only
        }
        sum += f.actions;
    }
    BOOST_TEST(sum == t.actions);
    // Nothing but the trackers in the folder; no temporary folder left beside it.
    std::size_t inFolder = 0, beside = 0;
    for (const auto& e : std::filesystem::directory_iterator(q.out)) inFolder += e.path().extension() == ".xlsx";
    for (const auto& e : std::filesystem::directory_iterator(c.dir.path())) beside += e.path().filename().string().find(".tmp-") != std::string::npos;
    BOOST_TEST(inFolder == t.files.size());
    BOOST_TEST(beside == 0u);
    // A tracker of one owner is imported as any tracker is.
    const report::TrackerImport imp = jobs::reportActionsImport({t.files.front().file, "2026-12-31", "QA Lead", c.store});
    BOOST_TEST(imp.rows == t.files.front().actions);
    // By team: one per team, the same actions.
    q.out = c.dir.file("teams");
    q.by = "team";
    const report::TrackerResult byTeam = jobs::reportActions(q);
    BOOST_TEST(byTeam.actions == t.actions);
    BOOST_TEST(static_cast<std::int64_t>(byTeam.files.size()) ==
               count(c.store, "SELECT COUNT(DISTINCT a.team) FROM action ac JOIN audit a ON a.id = ac.audit_id "
                              "WHERE ac.status IN ('open', 'in progress')"));
}

BOOST_AUTO_TEST_CASE(actions_trackers_refuse_a_folder_holding_files_and_log_nothing) {
    test::Cycle c(10);
    std::filesystem::create_directory(c.dir.file("used"));
    test::writeText(c.dir.file("used/old.xlsx"), "x");
    const std::int64_t events = count(c.store, "SELECT COUNT(*) FROM event_log");
    test::expectError([&] { jobs::reportActions({c.dir.file("used"), "2026-12-31", c.store}); }, ErrorKind::Usage,
                      {"already holds files"});
    test::expectError([&] { jobs::reportActions({c.dir.file("no/such/trackers"), "2026-12-31", c.store}); },
                      ErrorKind::CantCreate, {"does not exist"});
    BOOST_TEST(count(c.store, "SELECT COUNT(*) FROM event_log") == events);
    BOOST_TEST(!std::filesystem::exists(c.dir.file("no")));
}

BOOST_AUTO_TEST_CASE(lscb_on_an_open_store_writes_the_same_workbook_as_by_the_stores_name) {
    // audit-serve's observer page builds the published workbook on the store it holds open: the same bytes.
    test::Cycle c(30);
    jobs::ReportLscbRequest q = lscbRequest(c);
    q.publish = true;
    q.out = c.dir.file("by-name.xlsx");
    jobs::reportLscb(q);
    q.out = c.dir.file("open.xlsx");
    {
        Store s(c.store);
        const jobs::ReportLscbResult r = jobs::reportLscb(s, q);
        BOOST_TEST(r.workbook.audits == 30u);
    }
    auto bytes = [](const std::string& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    BOOST_TEST(bytes(c.dir.file("by-name.xlsx")) == bytes(c.dir.file("open.xlsx")));
    BOOST_TEST(count(c.store, "SELECT COUNT(*) FROM event_log WHERE command = 'lscb --period 2026-Q3 --publish'") == 2);
}
