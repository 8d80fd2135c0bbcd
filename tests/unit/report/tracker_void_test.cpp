// Voiding a returned tracker's import: its updates stop counting and each action's status goes back to what the
// updates that still count say (open when none does); the tracker may be imported again.
#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/report/tracker_void.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(an_imports_updates_are_undone) {
    Store s(":memory:");
    const auto audit = s.insertReturningId(
        "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, period, source_hash, "
        "imported_at) VALUES ('F-1', 1, 'C1', 'cin-cp', '3', 'A', '2026-11', 'h', ?)", s.now());
    std::vector<std::int64_t> actions;
    for (int n = 1; n <= 2; ++n)
        actions.push_back(s.insertReturningId(
            "INSERT INTO action (audit_id, action_no, description, owner, due_date, status, created_at, updated_at) "
            "VALUES (?, ?, 'do it', 'T. Manager', '2026-12-31', 'open', ?, ?)", audit, n, s.now(), s.now()));
    const std::string first(64, 'a'), second(64, 'b');
    auto update = [&](std::int64_t id, const std::string& status, std::optional<std::string> closed, const std::string& hash) {
        s.exec("UPDATE action SET status = ?, closed_date = ? WHERE id = ?", status, closed, id);
        s.exec("INSERT INTO action_update (action_id, status, closed_date, source_file, source_hash, updated_at) "
               "VALUES (?, ?, ?, 'tracker.xlsx', ?, ?)", id, status, closed, hash, s.now());
    };
    update(actions[0], "in progress", std::nullopt, first);
    s.logImport("tracker-1.xlsx", first, "action-tracker", "imported");
    update(actions[0], "done", std::string("2026-12-10"), second);
    update(actions[1], "cancelled", std::nullopt, second);
    s.logImport("tracker-2.xlsx", second, "action-tracker", "imported");

    const TrackerVoid v = voidTrackerImport(s, second, "the wrong month's tracker", "Q. Lead");
    BOOST_TEST(v.updates == 2u);
    BOOST_TEST(v.actions == 2u);
    BOOST_TEST(v.by == "Q. Lead");
    BOOST_TEST(s.scalar<std::string>("SELECT status FROM action WHERE id = ?", actions[0]).value_or("") == "in progress");
    BOOST_TEST(!s.scalar<std::string>("SELECT closed_date FROM action WHERE id = ?", actions[0]));
    BOOST_TEST(s.scalar<std::string>("SELECT status FROM action WHERE id = ?", actions[1]).value_or("") == "open");
    BOOST_TEST(!s.wasImported(second, "action-tracker"));
    BOOST_TEST(s.wasImported(first, "action-tracker"));
    test::expectError([&] { voidTrackerImport(s, second, "again", ""); }, ErrorKind::Data, {"voided already"});
    test::expectError([&] { voidTrackerImport(s, std::string(64, 'c'), "x", ""); }, ErrorKind::Data, {"nothing to void"});
    test::expectError([&] { voidTrackerImport(s, "no-such.xlsx", "x", ""); }, ErrorKind::NoInput, {"no-such.xlsx"});
}
