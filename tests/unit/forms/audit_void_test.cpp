// Voiding a stored audit on a real month (the jobs' cycle): it stops counting, the record is kept, the same file
// can be imported again; a corrected version voided gives the one before back.
#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/forms/audit_void.h"
#include "audit/forms/score_import.h"
#include "audit/forms/template.h"
#include "audit/store/store.h"
#include "jobs_cycle.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(a_voided_audit_stops_counting_and_may_come_back) {
    test::Cycle c(6);
    Store store(c.store);
    const auto count = [&] { return store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit_latest").value_or(-1); };
    // Every is_latest flag agrees with the versions and voidings after each step (the triggers of migration 8).
    const auto flagsRight = [&] { return store.latestFlagProblems().empty(); };
    BOOST_TEST(count() == 6);
    BOOST_TEST(flagsRight());
    const auto row = store.query("SELECT form_id, case_ref, source_file FROM audit ORDER BY form_id").front();
    const std::string form = row.text("form_id");
    const AuditVoid v = voidAudit(store, form, std::nullopt, "another council's case", "Q. Lead");
    BOOST_TEST(v.version == 1);
    BOOST_TEST(v.caseRef == row.text("case_ref"));
    BOOST_TEST(!v.nowCounting);
    BOOST_TEST(v.by == "Q. Lead");
    BOOST_TEST(count() == 5);
    BOOST_TEST(flagsRight());
    BOOST_TEST(store.scalar<std::int64_t>("SELECT is_latest FROM audit WHERE form_id = ?", form).value_or(-1) == 0);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM event_log WHERE command = 'void'").value_or(0) == 1);
    // Again: nothing left to void.
    test::expectError([&] { voidAudit(store, form, std::nullopt, "again", ""); }, ErrorKind::Data, {"voided already"});
    test::expectError([&] { voidAudit(store, form, 1, "again", ""); }, ErrorKind::Data, {"voided already"});
    test::expectError([&] { voidAudit(store, "F-none", std::nullopt, "x", ""); }, ErrorKind::Data, {"F-none"});
    test::expectError([&] { voidAudit(store, form, 9, "x", ""); }, ErrorKind::Data, {"no version 9"});

    // The same file imported again is stored again, as the next version, and counts.
    const Catalogue cat = Catalogue::load();
    const ImportReport again = importReturns(store, cat, {row.text("source_file")});
    BOOST_TEST(again.imported == 1u);
    BOOST_TEST(count() == 6);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT version FROM audit_latest WHERE form_id = ?", form).value_or(0) == 2);
    BOOST_TEST(flagsRight());
    // Voiding version 2 now leaves nothing counting; voiding is of one version at a time.
    const AuditVoid v2 = voidAudit(store, form, 2, "imported twice", "");
    BOOST_TEST(v2.version == 2);
    BOOST_TEST(!v2.nowCounting);
    BOOST_TEST(flagsRight());
    BOOST_TEST(store.scalar<std::int64_t>("SELECT SUM(is_latest) FROM audit WHERE form_id = ?", form).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(a_return_outside_the_stores_draws_or_from_another_store_is_refused) {
    test::Cycle c(3, false);
    Store store(c.store);
    ReturnedAudit r;
    r.caseRef = "ZZ999";
    BOOST_TEST(provenanceProblem(store, r, false).find("in no audit draw") != std::string::npos);
    BOOST_TEST(provenanceProblem(store, r, true).empty());
    const std::string sampled = store.query("SELECT case_ref FROM draw_member").front().text(0);
    r.caseRef = sampled;
    BOOST_TEST(provenanceProblem(store, r, false).empty());
    r.storeId = "0123456789abcdef0123456789abcdef";
    BOOST_TEST(provenanceProblem(store, r, false).find("another store") != std::string::npos);
    BOOST_TEST(provenanceProblem(store, r, true).find("another store") != std::string::npos);
    r.storeId = store.storeId();
    BOOST_TEST(provenanceProblem(store, r, false).empty());
}
