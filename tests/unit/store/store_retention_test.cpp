#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "audit/store/store.h"
#include "audit/store/store_retention.h"
#include "pg_server.h"
#include "store_fill.h"
#include "test_support.h"

using namespace audit;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

void checkPurge(const std::string& spec) {
    Store store(spec);
    test::fill(store);
    const auto grades = store.query("SELECT computed_grade FROM judgement ORDER BY audit_id");
    const auto dry = purge(store, "2021-01-01", "2026-12-01", true, "test");
    BOOST_TEST(dry.rows() > 0u);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM answer WHERE evidence IS NOT NULL").value() == 4);
    const auto done = purge(store, "2021-01-01", "2026-12-01", false, "test");
    BOOST_TEST(done.types.size() == 2u);
    for (const auto& t : done.types) BOOST_TEST((t.periods == std::vector<std::string>{"2019-11"}));
    // 2019's detail gone, 2026's kept (within retention); grades and links kept.
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM answer WHERE evidence IS NOT NULL").value() == 2);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit WHERE case_ref LIKE 'purged-%'").value() == 2);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit WHERE child_ref IS NULL").value() == 2);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM allocation WHERE case_ref LIKE 'purged-%'").value() == 2);
    BOOST_TEST(store.scalar<std::int64_t>(
                   "SELECT COUNT(*) FROM audit a JOIN draw_member m ON m.draw_id = a.draw_id AND m.case_ref = a.case_ref "
                   "JOIN case_snapshot s ON s.draw_id = a.draw_id AND s.case_ref = a.case_ref").value() == 4);
    BOOST_TEST(store.scalar<std::string>("SELECT description FROM action WHERE id = 1").value() == "(purged)");
    const auto after = store.query("SELECT computed_grade FROM judgement ORDER BY audit_id");
    BOOST_REQUIRE(after.size() == grades.size());
    for (std::size_t i = 0; i < after.size(); ++i) BOOST_TEST(after[i].text(0) == grades[i].text(0));
    const auto notes = purgeNotes(store, "2019-10-01", "2019-12-31");
    BOOST_REQUIRE(notes.size() == 2u);
    BOOST_TEST(contains(notes[0] + notes[1], "evidence and free text of 2019-11 purged on"));
    BOOST_TEST(purgeNotes(store, "2026-10-01", "2026-12-31").empty());
    // Again: nothing left to purge.
    BOOST_TEST(purge(store, "2021-01-01", "2026-12-01", false, "test").rows() == 0u);
    BOOST_TEST(store.integrityProblems().empty());
    BOOST_CHECK_THROW(setRetention(store, "answers", 3, "test"), Error);
    setRetention(store, "evidence", 3, "test");
    BOOST_TEST(retentionPolicy(store).at(1).keepYears == 3);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sqlite)

BOOST_AUTO_TEST_CASE(purge_keeps_grades_and_links) {
    test::TempDir dir;
    checkPurge(dir.file("audit.db"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(postgresql, *boost::unit_test::fixture<test::StopPostgresServerAfterSuite>())

BOOST_AUTO_TEST_CASE(purge_keeps_grades_and_links) { checkPurge(test::postgresServer().freshSpec()); }

BOOST_AUTO_TEST_SUITE_END()
