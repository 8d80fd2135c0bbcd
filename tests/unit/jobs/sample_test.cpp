// The audit-sample jobs: a draw written and recorded in a real store in a temporary folder, and the check.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/io/csv.h"
#include "audit/jobs/sample.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;
using audit::test::TempDir;

namespace {

// 24 cases: North and South, CIN and CLA, 6 of each; C1 is closed, C2 has a missing flag.
std::string writeCases(const TempDir& dir) {
    std::string text = "case_ref,child_ref,team,service_area,category,worker,team_manager,open_date,last_audit_date,"
                       "closed_date,flags\n";
    int n = 0;
    for (const char* team : {"North", "South"})
        for (const char* cat : {"CIN", "CLA"})
            for (int k = 0; k < 6; ++k) {
                ++n;
                text += "C" + std::to_string(n) + ",P" + std::to_string(n) + "," + team + ",Children's services," + cat +
                        ",W" + std::to_string(k % 3) + "," + team + " Manager,2025-01-10,," +
                        (n == 1 ? "2026-01-05" : "") + "," + (n == 2 ? "missing" : "") + "\n";
            }
    const std::string path = dir.file("cases.csv");
    test::writeText(path, text);
    return path;
}

jobs::SampleDrawRequest request(const TempDir& dir, const std::string& cases) {
    jobs::SampleDrawRequest r;
    r.casesFile = cases;
    r.strata = {"team", "category"};
    r.strataText = "team,category";
    r.size = 8;
    r.seed = 2026;
    r.asOf = *parseDate("2026-11-23");
    r.out = dir.file("sample.csv");
    r.store = dir.file("audit.db");
    return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(draw_writes_the_sample_and_records_it) {
    TempDir dir;
    const jobs::SampleDrawResult r = jobs::sampleDraw(request(dir, writeCases(dir)));
    BOOST_TEST(r.casesRead == 24u);
    BOOST_TEST(r.frameSize == 23u);  // C1 closed before --as-of
    BOOST_REQUIRE(r.exclusions.size() == 1u);
    BOOST_TEST(r.exclusions[0].rule == "closed");
    BOOST_TEST(r.exclusions[0].removed == 1u);
    BOOST_TEST(r.rows.size() == 8u);
    BOOST_TEST(r.strata.size() == 4u);
    for (const auto& s : r.strata) BOOST_TEST(s.sample == 2u);  // 23 cases over 4 strata: 2 each
    BOOST_TEST(r.seedGiven);
    BOOST_TEST(r.draw.seed == 2026u);
    BOOST_TEST(r.period == "2026-11");
    BOOST_REQUIRE(r.drawId.has_value());

    // The file: a header and one line per sampled case, in the result's order.
    const csv::Table t = csv::readFile(r.out);
    BOOST_REQUIRE(t.rows.size() == 8u);
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        BOOST_TEST(t.rows[i][static_cast<std::size_t>(t.column("case_ref"))] == r.rows[i].caseRef);

    // The store: the draw, its strata, its members and their snapshots.
    Store store(dir.file("audit.db"));
    BOOST_TEST(store.scalar<std::int64_t>("SELECT sample_size FROM draw WHERE id = ?", *r.drawId).value_or(-1) == 8);
    BOOST_TEST(store.scalar<std::string>("SELECT period FROM draw WHERE id = ?", *r.drawId).value_or("") == "2026-11");
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM draw_stratum WHERE draw_id = ?", *r.drawId).value_or(0) == 4);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM draw_member WHERE draw_id = ?", *r.drawId).value_or(0) == 8);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM case_snapshot WHERE draw_id = ?", *r.drawId).value_or(0) == 8);

    // The same request again: the same sample, byte for byte.
    jobs::SampleDrawRequest again = request(dir, dir.file("cases.csv"));
    again.out = dir.file("again.csv");
    again.record = false;
    const jobs::SampleDrawResult r2 = jobs::sampleDraw(again);
    BOOST_TEST(!r2.drawId.has_value());
    BOOST_TEST(test::readText(r.out) == test::readText(again.out));
}

BOOST_AUTO_TEST_CASE(draw_refused_leaves_no_file_and_no_store) {
    TempDir dir;
    jobs::SampleDrawRequest r = request(dir, writeCases(dir));
    r.strata = {"colour"};
    test::expectError([&] { jobs::sampleDraw(r); }, ErrorKind::Usage, {"no column 'colour'"});
    BOOST_TEST(!std::filesystem::exists(r.out));
    BOOST_TEST(!std::filesystem::exists(r.store));
}

BOOST_AUTO_TEST_CASE(check_counts_the_case_list) {
    TempDir dir;
    const jobs::SampleCheckResult r = jobs::sampleCheck({writeCases(dir), std::nullopt});
    BOOST_TEST(r.cases == 24u);
    BOOST_TEST(r.workers == 3u);
    BOOST_TEST(r.byTeam.size() == 2u);
    BOOST_TEST(r.byTeam.at("North").at("CIN") == 6u);
    BOOST_TEST((r.categories == std::vector<std::string>{"CIN", "CLA"}));
    BOOST_TEST(r.flags.at("missing") == 1u);
    BOOST_TEST(r.withClosedDate == 1u);
    BOOST_TEST(r.withoutLastAuditDate == 24u);
}

BOOST_AUTO_TEST_CASE(check_of_a_missing_file_is_no_input) {
    TempDir dir;
    test::expectError([&] { jobs::sampleCheck({dir.file("none.csv"), std::nullopt}); }, ErrorKind::NoInput, {"none.csv"});
}

BOOST_AUTO_TEST_CASE(parse_helpers_refuse_bad_text) {
    BOOST_TEST(jobs::parseMonths("1y") == 12);
    test::expectError([] { jobs::parseMonths("soon"); }, ErrorKind::Usage, {"is not a period"});
    BOOST_TEST(jobs::parseOversample("missing=2").second == 2.0);
    test::expectError([] { jobs::parseOversample("tall=2"); }, ErrorKind::Usage, {"is not a flag"});
}
