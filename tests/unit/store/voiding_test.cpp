// recordVoid: the voiding row and the event log row together, who defaults to the OS user, a reason is required.
#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "audit/base/error.h"
#include "audit/store/store.h"
#include "audit/store/voiding.h"
#include "test_support.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(a_void_is_recorded_with_reason_who_and_when) {
    Store store(":memory:");
    store.setClock([] { return std::string("2026-12-01T09:00:00Z"); });
    ::setenv("USER", "qa.lead", 1);
    const VoidDone d = recordVoid(store, {"audit", "F-1", 2, 7, "r.xlsx", "abc", " wrong case ", ""}, "audit-score");
    BOOST_TEST(d.by == "qa.lead");
    BOOST_TEST(d.at == "2026-12-01T09:00:00Z");
    const auto rows = store.query("SELECT kind, form_id, version, record_id, source_hash, reason, voided_by FROM voiding");
    BOOST_TEST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0].text("reason") == "wrong case");
    BOOST_TEST(rows[0].integer("version") == 2);
    BOOST_TEST(rows[0].integer("record_id") == 7);
    BOOST_TEST(rows[0].text("voided_by") == "qa.lead");
    const auto ev = store.query("SELECT tool, command, user_name, details FROM event_log");
    BOOST_TEST_REQUIRE(ev.size() == 1u);
    BOOST_TEST(ev[0].text("command") == "void");
    BOOST_TEST(ev[0].text("details").find("\"reason\":\"wrong case\"") != std::string::npos, ev[0].text("details"));
    BOOST_TEST(recordVoid(store, {"tracker", "", std::nullopt, std::nullopt, "", "h", "dup", "A. Named"}, "audit-report").by ==
               "A. Named");
}

BOOST_AUTO_TEST_CASE(a_void_without_a_reason_is_refused_and_records_nothing) {
    Store store(":memory:");
    test::expectError([&] { recordVoid(store, {"audit", "F-1", 1, 1, "", "", "  ", ""}, "audit-score"); },
                      ErrorKind::Usage, {"reason"});
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM voiding").value_or(-1) == 0);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM event_log").value_or(-1) == 0);
}
