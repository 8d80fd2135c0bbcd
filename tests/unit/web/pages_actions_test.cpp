// Actions in the browser (issue 15, item 4): an owner (matched to the account's display name) sees their open
// actions with due dates, overdue flagged, and marks progress or completion with a note through
// report::updateAction (the tracker import's rules and rows); another owner's action answers 404; the QA lead sees
// every open action; a refused change stores nothing.
#include "web_fixture.h"

using namespace webtest;

namespace {

// alice submits C100 with two actions: "Update the chronology" (Team manager, due 2026-08-31) and "Review the plan"
// (Social worker, due 2026-09-15); the first is made overdue (due 2026-07-30; today is 2026-08-03).
struct WithActions {
    World w;
    std::string chronology, plan;
    WithActions() {
        submitAlices(w);
        w.store.exec("UPDATE action SET due_date = '2026-07-30' WHERE owner = 'Team manager'");
        chronology = *w.store.scalar<std::string>("SELECT CAST(id AS TEXT) FROM action WHERE owner = 'Team manager'");
        plan = *w.store.scalar<std::string>("SELECT CAST(id AS TEXT) FROM action WHERE owner = 'Social worker'");
        web::Accounts a(w.store);
        a.add({"tm", "Team manager", web::parseRoles("practitioner"), "CP East", "", kPassword});
        a.add({"sw", "Social worker", web::parseRoles("practitioner"), "CP East", "", kPassword});
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_owner_sees_their_open_actions_with_overdue_flagged_and_marks_progress) {
    WithActions x;
    auto tm = x.w.client();
    BOOST_TEST_REQUIRE(tm.login("tm").status == 303);
    auto list = tm.get("/actions");
    BOOST_TEST_REQUIRE(list.status == 200);
    BOOST_TEST(contains(list.body, "Update the chronology"));
    BOOST_TEST(!contains(list.body, "Review the plan"));
    BOOST_TEST(contains(list.body, "overdue 4 days"));
    BOOST_TEST(contains(list.body, "action=\"/actions/" + x.chronology + "\""));
    const std::string target = "/actions/" + x.chronology;
    // No CSRF token: refused, nothing stored.
    BOOST_TEST(tm.postForm(target, "status=in%20progress&note=Started.", false).status == 403);
    BOOST_TEST(rows(x.w.store, "SELECT COUNT(*) FROM action_update") == "0|\n");
    // Done without the date completed: the rule of the tracker import, 422, nothing stored.
    tm.get("/actions");
    auto refused = tm.postForm(target, "status=done&closed=&note=Finished.");
    BOOST_TEST(refused.status == 422);
    BOOST_TEST(contains(refused.body, "status done needs the date completed"));
    BOOST_TEST(rows(x.w.store, "SELECT COUNT(*) FROM action_update") == "0|\n");
    tm.get("/actions");
    auto ok = tm.postForm(target, "status=in%20progress&closed=&note=" + web::urlEncode("Chronology <half> done."));
    BOOST_TEST_REQUIRE(ok.status == 303);
    BOOST_TEST(rows(x.w.store, "SELECT ac.status, u.status, u.note, u.updated_by, COALESCE(u.source_file, 'NULL') FROM action ac "
                               "JOIN action_update u ON u.action_id = ac.id") ==
               "in progress|in progress|Chronology <half> done.|Team manager|NULL|\n");
    BOOST_TEST(contains(tm.get(ok.header("Location")).body, "updated"));
    tm.get("/actions");
    BOOST_TEST(tm.postForm(target, "status=done&closed=2026-08-03&note=Done.").status == 303);
    BOOST_TEST(rows(x.w.store, "SELECT status, closed_date FROM action WHERE owner = 'Team manager'") == "done|2026-08-03|\n");
    BOOST_TEST(!contains(tm.get("/actions").body, "Update the chronology"));  // no longer open
}

BOOST_AUTO_TEST_CASE(another_owners_action_answers_404_and_the_qa_lead_sees_all) {
    WithActions x;
    auto sw = x.w.client();
    sw.login("sw");
    auto list = sw.get("/actions");
    BOOST_TEST(!contains(list.body, "Update the chronology"));
    BOOST_TEST(contains(list.body, "Review the plan"));
    BOOST_TEST(sw.postForm("/actions/" + x.chronology, "status=cancelled&note=Not mine.").status == 404);
    sw.get("/actions");
    BOOST_TEST(sw.postForm("/actions/999", "status=done&closed=2026-08-01").status == 404);
    sw.get("/actions");
    BOOST_TEST(sw.postForm("/actions/abc", "status=done&closed=2026-08-01").status == 404);
    BOOST_TEST(rows(x.w.store, "SELECT COUNT(*) FROM action_update") == "0|\n");
    BOOST_TEST(rows(x.w.store, "SELECT status FROM action WHERE owner = 'Team manager'") == "open|\n");
    auto lead = x.w.client();
    lead.login("lead");
    auto all = lead.get("/actions");
    BOOST_TEST(contains(all.body, "Update the chronology"));
    BOOST_TEST(contains(all.body, "Review the plan"));
    BOOST_TEST(contains(all.body, "2 open, 1 overdue."));
    BOOST_TEST(!contains(all.body, "action=\"/actions/"));  // the lead sees, the owners change
    auto obs = x.w.client();
    obs.login("obs");
    BOOST_TEST(obs.get("/actions").status == 403);
}
