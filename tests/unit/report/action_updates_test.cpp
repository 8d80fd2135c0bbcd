// Following up actions: the browser's path (updateAction) and a returned tracker (importActionsTracker) check the
// same rules and store the same rows.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/base/error.h"
#include "audit/report/action_updates.h"
#include "audit/report/report_store.h"
#include "audit/report/report_workbook.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;
using namespace audit::report;

namespace {

// One audit (completed 2026-03-02) with three actions: 1 and 2 owned by TM East, 3 by TM West.
void fill(Store& store) {
    store.transaction([&] {
        const auto id = store.insertReturningId(
            "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, team, period, "
            "completed_date, source_hash, imported_at) VALUES ('F1', 1, 'C1', 'cin-cp', '3', 'A1', 'East', "
            "'2026-03', '2026-03-02', 'h', 't')");
        const char* owners[] = {"TM East", "TM East", "TM West"};
        const char* due[] = {"2026-03-20", "2026-04-30", "2026-03-10"};
        for (int k = 0; k < 3; ++k)
            store.exec("INSERT INTO action (audit_id, action_no, description, owner, due_date, status, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, 'open', 't', 't')",
                       id, k + 1, "Action " + std::to_string(k + 1), owners[k], due[k]);
    });
}

std::string problemsOf(Store& store, const ActionChange& c, const std::optional<std::string>& owner = "TM East") {
    try {
        updateAction(store, c, "2026-04-01", "TM East", owner);
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        return e.what();
    }
    BOOST_FAIL("not refused");
    return "";
}

std::string rows(Store& store) {
    std::string out;
    for (const auto& r : store.query("SELECT id, status, COALESCE(closed_date, '-') FROM action ORDER BY id"))
        out += r.text(0) + " " + r.text(1) + " " + r.text(2) + "\n";
    for (const auto& r : store.query("SELECT action_id, status, COALESCE(closed_date, '-'), COALESCE(note, '-') "
                                     "FROM action_update ORDER BY action_id, id"))
        out += r.text(0) + " " + r.text(1) + " " + r.text(2) + " " + r.text(3) + "\n";
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(owners_see_their_open_actions_most_due_first) {
    Store store(":memory:");
    fill(store);
    const auto mine = openActions(store, "TM East");
    BOOST_REQUIRE(mine.size() == 2u);
    BOOST_TEST(mine[0].dueDate == "2026-03-20");
    BOOST_TEST(mine[0].caseRef == "C1");
    BOOST_TEST(mine[0].raisedDate == "2026-03-02");
    BOOST_TEST(openActions(store).size() == 3u);
    BOOST_TEST(openActions(store).front().owner == "TM West");  // due first
}

BOOST_AUTO_TEST_CASE(a_change_is_checked_like_a_tracker_row) {
    Store store(":memory:");
    fill(store);
    const std::string before = store.dump();
    std::string m = problemsOf(store, {1, "finished", "", ""});
    BOOST_TEST(m.find("'finished' is not a status (expected open, in progress, done, cancelled)") != std::string::npos, m);
    m = problemsOf(store, {1, "done", "", ""});
    BOOST_TEST(m.find("status done needs the date completed") != std::string::npos, m);
    m = problemsOf(store, {1, "Done", "2026-05-01", ""});
    BOOST_TEST(m.find("the date completed 01/05/2026 is in the future") != std::string::npos, m);
    m = problemsOf(store, {1, "done", "2026-02-27", ""});
    BOOST_TEST(m.find("is before the action was raised (its audit was completed 02/03/2026)") != std::string::npos, m);
    m = problemsOf(store, {1, "in progress", "2026-03-27", ""});
    BOOST_TEST(m.find("a date completed is given but the status is in progress") != std::string::npos, m);
    m = problemsOf(store, {1, "done", "27/3/26x", ""});
    BOOST_TEST(m.find("'27/3/26x' is not a date") != std::string::npos, m);
    m = problemsOf(store, {3, "done", "2026-03-27", ""});  // TM West's action: not found for TM East
    BOOST_TEST(m.find("action 3: no such action of TM East") != std::string::npos, m);
    m = problemsOf(store, {99, "done", "2026-03-27", ""}, std::nullopt);
    BOOST_TEST(m.find("action 99: no such action") != std::string::npos, m);
    BOOST_TEST(store.dump() == before);  // nothing stored
}

BOOST_AUTO_TEST_CASE(one_store_either_path) {
    test::TempDir dir;
    const std::string a = dir.file("a.db"), b = dir.file("b.db");
    {
        Store s(a);
        fill(s);
    }
    std::filesystem::copy_file(a, b);
    // Path 1: the owners return the tracker.
    const std::string tracker = dir.file("tracker.xlsx"), returned = dir.file("returned.xlsx");
    {
        Store s(a);
        writeActionsTracker(tracker, loadReportData(s), "2026-03-31");
    }
    auto r = test::runPython(R"(
import sys, openpyxl, datetime
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Actions']
rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1)}
ws.cell(row=rows[1], column=10).value = 'done'
ws.cell(row=rows[1], column=11).value = datetime.datetime(2026, 3, 20)
ws.cell(row=rows[1], column=12).value = 'Chronology updated'
ws.cell(row=rows[2], column=10).value = 'in progress'
ws.cell(row=rows[2], column=12).value = 'Meeting booked'
wb.save(sys.argv[2])
)", {tracker, returned});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    {
        Store s(a);
        BOOST_TEST(importActionsTracker(s, returned, "2026-04-01", "QA lead").updated == 2u);
    }
    // Path 2: the owner marks the same in the browser.
    Store s(b);
    BOOST_TEST(updateAction(s, {1, "done", "2026-03-20", "Chronology updated"}, "2026-04-01", "TM East", "TM East"));
    BOOST_TEST(updateAction(s, {2, "In progress", "", " Meeting booked "}, "2026-04-01", "TM East", "TM East"));
    BOOST_TEST(!updateAction(s, {2, "in progress", "", "Meeting booked"}, "2026-04-01", "TM East", "TM East"));
    Store sa(a);
    BOOST_TEST(rows(s) == rows(sa));
    BOOST_TEST(rows(s).find("1 done 2026-03-20 Chronology updated") != std::string::npos, rows(s));
    BOOST_TEST(s.scalar<std::string>("SELECT updated_by FROM action_update WHERE action_id = 1").value() == "TM East");
    BOOST_TEST(s.scalar<std::int64_t>("SELECT COUNT(*) FROM action_update WHERE source_file IS NULL").value() == 2);
    const auto h = actionHistory(s, 2);
    BOOST_REQUIRE(h.size() == 1u);
    BOOST_TEST(h[0].note == "Meeting booked");
    BOOST_TEST(openActions(s, "TM East").size() == 1u);
}
