// Synthetic returned actions trackers (demo_actions.h): seeded, dates within bounds, realistic shares, written
// with the tracker's own writer, non-trackers refused.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>

#include "audit/demo/demo_actions.h"
#include "audit/base/error.h"
#include "audit/base/random.h"
#include "audit/io/xlsx_reader.h"
#include "audit/io/xlsx_writer.h"
#include "test_support.h"

using namespace audit;
using report::ActionRow;

namespace {

// n open actions raised between 2026-01-01 and 2026-09-30, due 2 to 8 weeks after being raised.
std::vector<ActionRow> actions(std::size_t n, std::uint64_t seed = 99) {
    Random rng(seed);
    std::vector<ActionRow> v;
    const Date start(2026, 1, 1);
    for (std::size_t i = 0; i < n; ++i) {
        ActionRow a;
        a.id = static_cast<std::int64_t>(i + 1);
        const Date raised = start.addDays(static_cast<std::int32_t>(rng.below(273)));
        a.raisedDate = raised.iso();
        a.dueDate = raised.addDays(static_cast<std::int32_t>(14 + 7 * rng.below(7))).iso();
        a.auditPeriod = raised.iso().substr(0, 7);
        a.caseRef = "C" + std::to_string(100000 + i);
        a.team = "Team " + std::to_string(i % 5);
        a.actionNo = 1;
        a.description = "Update the chronology";
        a.owner = "Owner " + std::to_string(i % 7);
        a.status = i % 10 == 0 ? "in progress" : "open";
        v.push_back(a);
    }
    return v;
}

std::string bytes(const std::string& path) { return test::readText(path); }

}  // namespace

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_updates_and_another_seed_others) {
    const auto v = actions(300);
    const Date returned(2026, 9, 30);
    auto a = demoActionUpdates(v, returned, 7);
    auto b = demoActionUpdates(v, returned, 7);
    auto c = demoActionUpdates(v, returned, 8);
    BOOST_TEST(a.size() == v.size());
    std::size_t differ = 0;
    for (const auto& [id, f] : a) {
        BOOST_TEST(f.status == b[id].status);
        BOOST_TEST(f.completed == b[id].completed);
        BOOST_TEST(f.note == b[id].note);
        differ += f.status != c[id].status || f.completed != c[id].completed;
    }
    BOOST_TEST(differ > 30u);
}

BOOST_AUTO_TEST_CASE(completion_dates_are_never_after_the_return_date_nor_before_raised) {
    const auto v = actions(4000);
    for (const Date returned : {Date(2026, 9, 30), Date(2026, 6, 15), Date(2026, 1, 10)}) {
        DemoActionsCounts n;
        auto fills = demoActionUpdates(v, returned, 3, &n);
        std::size_t done = 0;
        for (const ActionRow& a : v) {
            const auto& f = fills.at(a.id);
            const Date raised = *parseDate(a.raisedDate);
            if (raised > returned) {  // not raised yet on the return date: untouched
                BOOST_TEST(f.status == a.status);
                BOOST_TEST(f.completed.empty());
                continue;
            }
            if (f.status == "done") {
                ++done;
                const auto d = parseDate(f.completed);
                BOOST_REQUIRE(d);
                BOOST_TEST(*d <= returned, f.completed << " after " << returned.iso());
                BOOST_TEST(*d >= raised, f.completed << " before raised " << a.raisedDate);
                BOOST_TEST(!f.note.empty());
            } else {
                BOOST_TEST(f.completed.empty());
                // Actions already in progress are never put back to open.
                if (a.status == "in progress") BOOST_TEST(f.status != "open");
            }
        }
        BOOST_TEST(done == n.done);
        BOOST_TEST(n.done + n.inProgress + n.open + n.cancelled == v.size());
    }
}

BOOST_AUTO_TEST_CASE(most_actions_due_well_before_are_done_often_a_little_late_some_early) {
    // Everything raised by 2026-06-30 and due by mid-August: at 2026-09-30 all due four weeks or more before.
    std::vector<ActionRow> v;
    for (auto a : actions(6000, 5))
        if (*parseDate(a.raisedDate) <= Date(2026, 6, 30)) v.push_back(a);
    BOOST_REQUIRE(v.size() > 3000u);
    DemoActionsCounts n;
    auto fills = demoActionUpdates(v, Date(2026, 9, 30), 11, &n);
    const double total = static_cast<double>(v.size());
    BOOST_TEST(n.done / total > 0.74);
    BOOST_TEST(n.done / total < 0.84);
    BOOST_TEST(n.inProgress / total > 0.10);   // 12% plus the ones already in progress
    BOOST_TEST(n.inProgress / total < 0.22);
    BOOST_TEST(n.open / total > 0.03);         // some untouched and overdue
    BOOST_TEST(n.open / total < 0.10);
    BOOST_TEST(n.cancelled / total < 0.05);
    BOOST_TEST(n.doneLate > n.doneEarly);      // often a little late
    BOOST_TEST(n.doneEarly / static_cast<double>(n.done) > 0.15);  // some early
    BOOST_TEST(n.doneEarly / static_cast<double>(n.done) < 0.35);
    // "A little" late: the median lateness of late actions is under three weeks.
    std::vector<int> late;
    for (const ActionRow& a : v) {
        const auto& f = fills.at(a.id);
        if (f.status == "done" && *parseDate(f.completed) > *parseDate(a.dueDate))
            late.push_back(parseDate(f.completed)->days() - parseDate(a.dueDate)->days());
    }
    std::sort(late.begin(), late.end());
    BOOST_REQUIRE(!late.empty());
    BOOST_TEST(late[late.size() / 2] < 21);
    // Actions not yet due: a minority done (early).
    std::vector<ActionRow> notDue;
    for (auto a : actions(6000, 6))
        if (*parseDate(a.dueDate) > Date(2026, 9, 30) && *parseDate(a.raisedDate) <= Date(2026, 9, 30))
            notDue.push_back(a);
    BOOST_REQUIRE(notDue.size() > 200u);
    DemoActionsCounts m;
    demoActionUpdates(notDue, Date(2026, 9, 30), 11, &m);
    BOOST_TEST(m.done / static_cast<double>(notDue.size()) > 0.10);
    BOOST_TEST(m.done / static_cast<double>(notDue.size()) < 0.32);
}

BOOST_AUTO_TEST_CASE(a_returned_tracker_has_the_trackers_layout_filled_in_and_is_byte_identical_per_seed) {
    test::TempDir dir;
    report::ReportData data;
    data.actions = actions(60);
    const std::string tracker = dir.file("tracker.xlsx");
    report::writeActionsTracker(tracker, data, "2026-09-30");
    DemoActionsOptions o;
    o.trackerPath = tracker;
    o.outPath = dir.file("returned.xlsx");
    o.seed = 4;
    DemoActionsResult r = writeDemoActions(o);
    BOOST_TEST(r.asOf == "2026-09-30");
    BOOST_TEST(r.returned == "2026-09-30");  // the tracker's date by default
    BOOST_TEST(r.counts.actions == 60u);
    BOOST_TEST(r.counts.done > 0u);
    o.outPath = dir.file("again.xlsx");
    writeDemoActions(o);
    BOOST_TEST((bytes(dir.file("returned.xlsx")) == bytes(dir.file("again.xlsx"))));
    o.outPath = dir.file("other.xlsx");
    o.seed = 5;
    writeDemoActions(o);
    BOOST_TEST((bytes(dir.file("returned.xlsx")) != bytes(dir.file("other.xlsx"))));

    // The same rows in the same order, the same identity; only Status, Date completed and Note differ.
    const report::TrackerContents before = report::readActionsTracker(tracker);
    const report::TrackerContents after = report::readActionsTracker(dir.file("returned.xlsx"));
    BOOST_TEST(after.asOf == before.asOf);
    BOOST_REQUIRE(after.actions.size() == before.actions.size());
    std::size_t done = 0;
    for (std::size_t i = 0; i < after.actions.size(); ++i) {
        const ActionRow& a = before.actions[i];
        const ActionRow& b = after.actions[i];
        BOOST_TEST(a.id == b.id);
        BOOST_TEST(a.caseRef == b.caseRef);
        BOOST_TEST(a.dueDate == b.dueDate);
        BOOST_TEST(a.raisedDate == b.raisedDate);
        BOOST_TEST(a.description == b.description);
        BOOST_TEST(a.closedDate.empty());
        if (b.status == "done") {
            ++done;
            BOOST_TEST(!b.closedDate.empty());
            BOOST_TEST(!after.notes[i].empty());
        }
    }
    BOOST_TEST(done == r.counts.done);
    xlsx::Reader ra(tracker), rb(dir.file("returned.xlsx"));
    BOOST_REQUIRE(ra.sheets().size() == rb.sheets().size());
    for (std::size_t s = 0; s < ra.sheets().size(); ++s) BOOST_TEST(ra.sheets()[s].name == rb.sheets()[s].name);
    xlsx::SheetData ia = ra.sheet(report::kTrackerIdentitySheet), ib = rb.sheet(report::kTrackerIdentitySheet);
    for (std::size_t row = 0; row < 4; ++row) BOOST_TEST(ia.cell(row, 1).str() == ib.cell(row, 1).str());

    // Returned later than the tracker's date.
    o.returned = Date(2026, 10, 20);
    o.outPath = dir.file("later.xlsx");
    BOOST_TEST(writeDemoActions(o).returned == "2026-10-20");
}

BOOST_AUTO_TEST_CASE(a_workbook_that_is_not_a_tracker_is_refused_and_nothing_written) {
    test::TempDir dir;
    const std::string other = dir.file("other.xlsx");
    {
        xlsx::Writer w(other);
        lxw_worksheet* ws = w.addSheet("Actions");
        w.writeString(ws, 0, 0, "Action id");
        w.close();
    }
    DemoActionsOptions o;
    o.trackerPath = other;
    o.outPath = dir.file("returned.xlsx");
    o.seed = 1;
    try {
        writeDemoActions(o);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == 65);
        BOOST_TEST(std::string(e.what()).find("not an actions tracker") != std::string::npos, e.what());
    }
    BOOST_TEST(!std::filesystem::exists(o.outPath));
    o.trackerPath = dir.file("missing.xlsx");
    try {
        writeDemoActions(o);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == 66);
    }
    BOOST_TEST(!std::filesystem::exists(o.outPath));
}

BOOST_AUTO_TEST_CASE(without_a_raised_date_the_earliest_completion_is_the_audit_periods_end_or_the_due_date) {
    ActionRow a;
    a.raisedDate = "2026-03-12";
    a.auditPeriod = "2026-03";
    a.dueDate = "2026-04-20";
    BOOST_TEST(earliestCompletion(a).iso() == "2026-03-12");
    a.raisedDate = Symbol();
    BOOST_TEST(earliestCompletion(a).iso() == "2026-03-31");
    a.dueDate = "2026-03-20";  // due before the period ends: the due date
    BOOST_TEST(earliestCompletion(a).iso() == "2026-03-20");
    a.auditPeriod = "spring";
    a.dueDate = "2026-04-20";
    BOOST_TEST(earliestCompletion(a).iso() == "2026-04-20");
    // A tracker written before the Raised column: nothing done before the audit period's end.
    std::vector<ActionRow> v = actions(500);
    for (auto& x : v) x.raisedDate = Symbol();
    auto fills = demoActionUpdates(v, Date(2026, 9, 30), 2);
    for (const auto& x : v) {
        const auto& f = fills.at(x.id);
        if (f.status == "done") BOOST_TEST(*parseDate(f.completed) >= earliestCompletion(x));
    }
}
