// The practitioner's pages (issue 15, item 3): the allocated worker (matched to the account's display name) sees
// the final audits of their cases with findings and strengths; with the template's involvement `feedback` records
// a response through moderation::recordResponse (CSRF required); `view-findings` shows no form and refuses a
// response; another worker's audit answers 404, as one that does not exist.
#include "audit/moderation/practitioner.h"
#include "web_fixture.h"

using namespace webtest;

namespace {

// alice submits C100 (worker "W. Worker"); a moderation draw of 2026-07 without it makes it final as submitted.
struct Final {
    World w;
    std::string form;
    Final() {
        form = submitAlices(w);
        web::Accounts a(w.store);
        a.add({"wendy", "W. Worker", web::parseRoles("practitioner"), "CP East", "", kPassword});
        a.add({"owen", "O. Other", web::parseRoles("practitioner"), "CP East", "", kPassword});
    }
    void finalise() {
        w.store.exec("INSERT INTO draw (id, kind, period, created_at, seed, algorithm, sample_size) "
                     "VALUES (2, 'moderation', '2026-07', '2026-08-03T09:00:00Z', '7', 'test', 0)");
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_worker_sees_their_final_audit_and_records_a_response) {
    Final f;
    auto p = f.w.client();
    BOOST_TEST_REQUIRE(p.login("wendy").status == 303);
    BOOST_TEST(p.get("/").header("Location") == "/practitioner");
    // Not final yet: nothing to see, and the page answers 404.
    BOOST_TEST(!contains(p.get("/practitioner").body, f.form));
    BOOST_TEST(p.get("/practitioner/" + f.form).status == 404);
    f.finalise();
    auto list = p.get("/practitioner");
    BOOST_TEST(contains(list.body, "/practitioner/" + f.form));
    auto page = p.get("/practitioner/" + f.form);
    BOOST_TEST_REQUIRE(page.status == 200);
    BOOST_TEST(contains(page.body, "Warm, child-centred recording."));
    BOOST_TEST(contains(page.body, "Requires improvement"));
    BOOST_TEST(contains(page.body, "name=\"response\""));
    // Without the CSRF token: refused, nothing stored.
    BOOST_TEST(p.postForm("/practitioner/" + f.form + "/response", "response=Agreed.", false).status == 403);
    BOOST_TEST(rows(f.w.store, "SELECT COUNT(*) FROM practitioner_response") == "0|\n");
    // Blank: the page again with the reason, 422.
    p.get("/practitioner/" + f.form);
    auto blank = p.postForm("/practitioner/" + f.form + "/response", "response=%20");
    BOOST_TEST(blank.status == 422);
    BOOST_TEST(contains(blank.body, "blank"));
    p.get("/practitioner/" + f.form);
    auto ok = p.postForm("/practitioner/" + f.form + "/response", "response=" + web::urlEncode("I agree <b>mostly</b>."));
    BOOST_TEST_REQUIRE(ok.status == 303);
    BOOST_TEST(rows(f.w.store, "SELECT practitioner, response FROM practitioner_response") == "W. Worker|I agree <b>mostly</b>.|\n");
    auto after = p.get(ok.header("Location"));
    BOOST_TEST(contains(after.body, "I agree &lt;b&gt;mostly&lt;/b&gt;."));
    BOOST_TEST(!contains(after.body, "<b>mostly"));
    const auto count = moderation::feedbackCount(f.w.store, test::catalogue(), *parsePeriod("2026-07"));
    BOOST_TEST(count.asked == 1u);
    BOOST_TEST(count.received == 1u);
}

BOOST_AUTO_TEST_CASE(another_workers_audit_answers_404_and_takes_no_response) {
    Final f;
    f.finalise();
    auto o = f.w.client();
    BOOST_TEST_REQUIRE(o.login("owen").status == 303);
    BOOST_TEST(!contains(o.get("/practitioner").body, f.form));
    BOOST_TEST(o.get("/practitioner/" + f.form).status == 404);
    o.get("/practitioner");
    BOOST_TEST(o.postForm("/practitioner/" + f.form + "/response", "response=Mine%20now.").status == 404);
    BOOST_TEST(o.get("/practitioner/no-such-form").status == 404);
    BOOST_TEST(rows(f.w.store, "SELECT COUNT(*) FROM practitioner_response") == "0|\n");
    // Other roles have no practitioner page.
    auto a = f.w.client();
    a.login("alice");
    BOOST_TEST(a.get("/practitioner/" + f.form).status == 403);
}

BOOST_AUTO_TEST_CASE(view_findings_shows_the_findings_without_a_form) {
    Final f;
    f.finalise();
    // The audit as made with a template whose involvement is view-findings.
    f.w.store.exec("UPDATE audit SET template_id = 'front-door', template_version = 1 WHERE form_id = ?", f.form);
    auto p = f.w.client();
    p.login("wendy");
    auto page = p.get("/practitioner/" + f.form);
    BOOST_TEST_REQUIRE(page.status == 200);
    BOOST_TEST(contains(page.body, "Warm, child-centred recording."));
    BOOST_TEST(!contains(page.body, "name=\"response\""));
    BOOST_TEST(p.postForm("/practitioner/" + f.form + "/response", "response=Noted.").status == 422);
    BOOST_TEST(rows(f.w.store, "SELECT COUNT(*) FROM practitioner_response") == "0|\n");
}
