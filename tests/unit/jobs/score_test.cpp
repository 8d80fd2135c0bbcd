// The audit-score jobs on a real store: returns imported (and again, unchanged), the summary and its workbook.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/jobs/score.h"
#include "audit/store/store.h"
#include "jobs_cycle.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(import_stores_every_return_once) {
    test::Cycle c(20);
    const ImportReport first = jobs::scoreImport({{c.returns}, c.store, {}});  // after the cycle's own import
    BOOST_TEST(c.imported == 20u);
    BOOST_TEST(first.files.size() == 20u);
    BOOST_TEST(first.unchanged == 20u);
    BOOST_TEST(first.rejected == 0u);
    Store store(c.store);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit_latest WHERE period = '2026-09'").value_or(0) == 20);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM event_log WHERE tool = 'audit-score'").value_or(0) == 2);  // one event per import

    // Again: nothing new.
    const ImportReport again = jobs::scoreImport({{c.returns}, c.store, {}});
    BOOST_TEST(again.imported == 0u);
    BOOST_TEST(again.unchanged == 20u);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit").value_or(0) == 20);
}

BOOST_AUTO_TEST_CASE(import_reports_a_bad_file_and_refuses_a_missing_path) {
    test::Cycle c(10, false);
    test::writeText(c.dir.file("bad.csv"), "form_id,question,answer\nF1,Q1,Maybe\n");
    const ImportReport r = jobs::scoreImport({{c.dir.file("bad.csv")}, c.store, {}});
    BOOST_TEST(r.rejected == 1u);
    BOOST_TEST(!r.files.at(0).problems.empty());
    test::expectError([&] { jobs::scoreImport({{c.dir.file("none")}, c.store, {}}); }, ErrorKind::NoInput, {"none"});
}

BOOST_AUTO_TEST_CASE(summary_counts_the_period_and_writes_the_workbook) {
    test::Cycle c(20);
    const std::string out = c.dir.file("summary.xlsx");
    const ScoreSummary s = jobs::scoreSummary({c.store, "2026-09", out});
    BOOST_TEST(s.audits == 20u);
    BOOST_TEST(s.period == "2026-09");
    std::size_t overall = 0;
    for (const auto& [g, n] : s.overall) overall += n;
    BOOST_TEST(overall == 20u);
    BOOST_TEST(std::filesystem::file_size(out) > 0u);
    BOOST_TEST(jobs::scoreSummary({c.store, "2026-10", ""}).audits == 0u);
}

BOOST_AUTO_TEST_CASE(summary_of_a_bad_period_is_refused) {
    test::Cycle c(5, false);
    test::expectError([&] { jobs::scoreSummary({c.store, "autumn", ""}); }, ErrorKind::Usage, {"autumn"});
}

BOOST_AUTO_TEST_CASE(status_counts_the_draw_and_never_creates_a_store) {
    test::Cycle c(20);
    const ReturnStatus s = jobs::scoreStatus({c.store, "2026-09", "2026-10-01", c.dir.file("status.xlsx")});
    BOOST_TEST_REQUIRE(s.draws.size() == 1u);
    BOOST_TEST(s.draws[0].drawId == c.drawId);
    BOOST_TEST(s.draws[0].dueDate == "2026-10-14");  // recorded with the draw: 30 September + ten working days
    BOOST_TEST(!s.draws[0].dueDateDefault);
    BOOST_TEST(s.total.allocated == c.sampled);
    BOOST_TEST(s.total.returned == c.imported);
    BOOST_TEST(std::filesystem::exists(c.dir.file("status.xlsx")));
    test::expectError([&] { jobs::scoreStatus({c.dir.file("other.db"), "", "", ""}); }, ErrorKind::NoInput,
                      {"other.db", "does not create"});
    BOOST_TEST(!std::filesystem::exists(c.dir.file("other.db")));
    test::expectError([&] { jobs::scoreSummary({c.dir.file("other.db"), "", ""}); }, ErrorKind::NoInput, {"other.db"});
    test::expectError([&] { jobs::scoreStatus({c.store, "", "next week", ""}); }, ErrorKind::Usage, {"next week"});
}
