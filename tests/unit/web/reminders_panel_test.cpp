// Reminders on the home page (issue 15, item 5): audits and actions due within 7 days or overdue appear at the top
// of each user's home page (the page "/" leads to): an auditor's own unsubmitted audits, an owner's actions
// (jobs::reminders, the list the daily e-mail sends), the QA lead every overdue audit and action; the observer none.
#include "web_fixture.h"

using namespace webtest;

namespace {

// 2026-07 audits are due 2026-08-?? (auditDueDate); today is 2026-08-03 unless moved. alice submits C100 with two
// actions: Team manager (due 2026-08-31, made 2026-08-05) and Social worker (due 2026-09-15, made overdue 2026-08-01).
struct Due {
    World w;
    Due() {
        submitAlices(w);
        w.store.exec("UPDATE action SET due_date = '2026-08-05' WHERE owner = 'Team manager'");
        w.store.exec("UPDATE action SET due_date = '2026-08-01' WHERE owner = 'Social worker'");
        web::Accounts a(w.store);
        a.add({"tm", "Team manager", web::parseRoles("practitioner"), "CP East", "", kPassword});
        a.add({"sw", "Social worker", web::parseRoles("moderator"), "CP East", "", kPassword});
    }
    std::string home(const std::string& account) {
        auto c = w.client();
        BOOST_TEST_REQUIRE(c.login(account).status == 303);
        const auto to = c.get("/");
        BOOST_TEST_REQUIRE(to.status == 303);
        auto page = c.get(to.header("Location"));
        BOOST_TEST_REQUIRE(page.status == 200);
        return page.body;
    }
};

std::string panel(const std::string& body) {
    const auto b = body.find("<section class=\"reminders\""), e = body.find("</section>", b);
    return b == std::string::npos ? std::string() : body.substr(b, e - b);
}

}  // namespace

BOOST_AUTO_TEST_CASE(owners_see_their_actions_due_soon_or_overdue_on_their_home_page) {
    Due d;
    const auto tm = panel(d.home("tm"));
    BOOST_TEST(contains(tm, "Due within 7 days or overdue"));
    BOOST_TEST(contains(tm, "due in 2 days"));
    BOOST_TEST(!contains(tm, "overdue</strong>"));
    BOOST_TEST(!contains(tm, "Update the chronology"));  // the reference only, as in the e-mail
    const auto sw = panel(d.home("sw"));
    BOOST_TEST(contains(sw, "2 days overdue"));
    BOOST_TEST(!contains(sw, "due in 2 days"));
    // Done: gone from the page.
    d.w.store.exec("UPDATE action SET status = 'done', closed_date = '2026-08-03' WHERE owner = 'Social worker'");
    BOOST_TEST(panel(d.home("sw")).empty());
}

BOOST_AUTO_TEST_CASE(auditors_see_their_audits_due_and_the_qa_lead_every_overdue_item) {
    Due d;
    // Today: the 2026-07 audits are not yet within 7 days of their due date for bob? Move the clock to after it.
    const auto due = web::AuditDesk(d.w.store, test::catalogue(), "cin-cp", Date(2026, 8, 3)).forAuditor("QA Officer B")[0].due;
    const Date dueDate = *parseDate(due);
    web::AppOptions o;
    o.defaultTemplate = "cin-cp";
    o.clock = [&] { return d.w.clock; };
    o.today = [dueDate] { return dueDate.addDays(3); };
    d.w.app = std::make_unique<web::App>(test::catalogue(), o);
    const auto bob = panel(d.home("bob"));
    BOOST_TEST(contains(bob, "Audit of case C300"));
    BOOST_TEST(contains(bob, "3 days overdue"));
    BOOST_TEST(!contains(bob, "C200"));  // alice's
    const auto alice = panel(d.home("alice"));
    BOOST_TEST(contains(alice, "Audit of case C200"));
    BOOST_TEST(!contains(alice, "Audit of case C100"));  // submitted
    const auto lead = panel(d.home("lead"));
    BOOST_TEST(contains(lead, "Audit of case C200"));
    BOOST_TEST(contains(lead, "auditor QA Officer B"));
    BOOST_TEST(contains(lead, "owner Social worker"));
    BOOST_TEST(contains(lead, "owner Team manager"));  // overdue by then too
    BOOST_TEST(panel(d.home("obs")).empty());
}
