// history import: stored once (idempotent), nothing stored for a bad file, and used by the draw and check.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/jobs/prior_audits.h"
#include "audit/jobs/sample.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;
using audit::test::TempDir;

namespace {
jobs::HistoryImportRequest importOf(const TempDir& dir, const std::string& file) {
    jobs::HistoryImportRequest r;
    r.file = file;
    r.latest = *parseDate("2026-11-30");
    r.store = dir.file("audit.db");
    return r;
}

// 12 cases C1..C12 of children P1..P12, two teams.
std::string writeCases(const TempDir& dir) {
    std::string text = "case_ref,child_ref,team,category,worker\n";
    for (int n = 1; n <= 12; ++n)
        text += "C" + std::to_string(n) + ",P" + std::to_string(n) + "," + (n % 2 ? "North" : "South") + ",CIN,W" + std::to_string(n % 4) + "\n";
    test::writeText(dir.file("cases.csv"), text);
    return dir.file("cases.csv");
}
}  // namespace

BOOST_AUTO_TEST_CASE(import_is_idempotent_and_a_bad_file_stores_nothing) {
    TempDir dir;
    test::writeText(dir.file("h.csv"), "Case ID,Audit Date,Template\nC1,10/01/2026,cin-cp\nC2,2026-02-11,\nC1,10/01/2026,cin-cp\n");
    auto r = jobs::historyImport(importOf(dir, dir.file("h.csv")));
    BOOST_TEST(r.rows == 3u);
    BOOST_TEST(r.added == 2u);          // the repeated row is held once
    BOOST_TEST(r.alreadyStored == 1u);
    BOOST_TEST(r.cases == 2u);
    BOOST_REQUIRE(r.importId.has_value());
    BOOST_TEST(r.hash.size() == 64u);
    std::string before;
    {
        Store s(dir.file("audit.db"));
        before = s.dump();
        BOOST_TEST(s.scalar<std::int64_t>("SELECT COUNT(*) FROM audit_history").value() == 2);
        BOOST_TEST(s.lastAuditDates() == (std::vector<std::pair<std::string, std::string>>{{"C1", "2026-01-10"}, {"C2", "2026-02-11"}}));
    }
    // Again: nothing new, nothing written (not even a log row).
    r = jobs::historyImport(importOf(dir, dir.file("h.csv")));
    BOOST_TEST(!r.importId.has_value());
    BOOST_TEST(r.added == 0u);
    BOOST_TEST(r.alreadyStored == 3u);
    {
        Store s(dir.file("audit.db"));
        BOOST_TEST(s.dump() == before);
    }
    // A file with one bad row among good ones: refused with its cell, the store unchanged.
    test::writeText(dir.file("bad.csv"), "Case ID,Audit Date\nC5,01/03/2026\nC6,32/03/2026\n");
    test::expectError([&] { jobs::historyImport(importOf(dir, dir.file("bad.csv"))); }, ErrorKind::Data,
                      {"bad.csv", "line 3, column 2 ('Audit Date')"});
    {
        Store s(dir.file("audit.db"));
        BOOST_TEST(s.dump() == before);
    }
    // A bad file makes no store where there was none.
    TempDir empty;
    test::expectError([&] { jobs::historyImport(importOf(empty, dir.file("bad.csv"))); }, ErrorKind::Data, {"32/03/2026"});
    BOOST_TEST(!std::filesystem::exists(empty.file("audit.db")));
}

BOOST_AUTO_TEST_CASE(the_draw_excludes_by_imported_history_and_says_where_it_came_from) {
    TempDir dir;
    const std::string cases = writeCases(dir);
    // Case ids for C1, C2 (C2 too long ago); child ids for P3, P4.
    test::writeText(dir.file("byCase.csv"), "Case Reference,Date Audited\nC1,2026-06-01\nC2,2024-06-01\n");
    test::writeText(dir.file("byChild.csv"), "Child ID,Date of Audit\nP3,2026-05-01\nP4,2026-04-01\n");
    jobs::historyImport(importOf(dir, dir.file("byCase.csv")));
    jobs::historyImport(importOf(dir, dir.file("byChild.csv")));
    jobs::SampleDrawRequest d;
    d.casesFile = cases;
    d.strata = {"team"};
    d.strataText = "team";
    d.size = 4;
    d.seed = 7;
    d.asOf = *parseDate("2026-11-23");
    d.auditedWithinMonths = 12;
    d.auditedWithinText = "12m";
    d.out = dir.file("s.csv");
    d.store = dir.file("audit.db");
    const auto r = jobs::sampleDraw(d);
    std::size_t excluded = 0;
    for (const auto& e : r.exclusions)
        if (e.rule == "audited within 12m") excluded = e.removed;
    BOOST_TEST(excluded == 3u);  // C1, P3, P4
    BOOST_TEST(r.frameSize == 9u);
    std::vector<std::string> imported;
    for (const auto& [n, v] : r.notes)
        if (n == "audit history imported") imported.push_back(v);
    BOOST_REQUIRE(imported.size() == 2u);
    BOOST_TEST(imported[0].find("byCase.csv (SHA-256 ") == 0u);
    BOOST_TEST(imported[0].find("): 2 audits of 2 cases added") != std::string::npos);
    bool onSheet = false;
    for (const auto& [n, v] : r.parameters) onSheet = onSheet || (n == "audit history imported" && v.find("byChild.csv") == 0);
    BOOST_TEST(onSheet);
    // check: the imports and the list's cases they cover (C1, C2 by case; P3, P4 by child).
    jobs::SampleCheckRequest c;
    c.casesFile = cases;
    c.store = dir.file("audit.db");
    const auto cr = jobs::sampleCheck(c);
    BOOST_TEST(cr.history.size() == 2u);
    BOOST_TEST(cr.historyCases == 4u);
    // check with no store file: none is made.
    c.store = dir.file("nowhere.db");
    BOOST_TEST(jobs::sampleCheck(c).history.empty());
    BOOST_TEST(!std::filesystem::exists(dir.file("nowhere.db")));
}
