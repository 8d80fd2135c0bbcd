// The QA lead's rounds (issue 15 item 2): /rounds lists the audit draws newest first with the `scoreStatus` job's
// counts, /rounds/{draw_id} one round per auditor with the overdue cases and links to the audits; a draw that is
// not there or not an audit draw answers 404; only the QA lead sees these pages (and /accuracy, /downloads): every
// other role 403, signed out to the sign-in page; names are escaped; views are logged.
#include "audit/jobs/score.h"
#include "audit/web/access_log.h"
#include "web_fixture.h"

using namespace webtest;

namespace {

const char* kLeadRoutes[] = {"/rounds", "/rounds/1", "/accuracy", "/downloads", "/downloads/status?period=2026-07"};

// alice's C100 submitted; draw 1 due on 2026-08-01 (so C200 and C300 are overdue on the fixture's 2026-08-03); a
// later draw of 2026-08 (one case, its team named with markup) and a moderation draw.
void month(World& w) {
    submitAlices(w);
    w.store.exec("UPDATE draw SET due_date = '2026-08-01' WHERE id = 1");
    w.store.exec("INSERT INTO draw (id, kind, period, created_at, seed, algorithm, sample_size) "
                 "VALUES (2, 'audit', '2026-08', '2026-08-02T09:00:00Z', '2', 'test', 1)");
    w.store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (2, 'all', 5, 1)");
    w.store.exec("INSERT INTO case_snapshot (draw_id, case_ref, child_ref, team, category, worker) "
                 "VALUES (2, 'C400', 'P400', '<b>&\"', 'CP', 'W. Worker')");
    w.store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
                 "VALUES (2, 'C400', 'all', 0.2, 5)");
    w.store.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) "
                 "VALUES (2, 'C400', 'auditor', 'QA Officer B', '2026-08-02T09:00:00Z')");
    w.store.exec("INSERT INTO draw (id, kind, period, created_at, seed, algorithm, sample_size) "
                 "VALUES (3, 'moderation', '2026-07', '2026-08-02T10:00:00Z', '3', 'test', 1)");
}

std::string between(const std::string& s, const std::string& from, const std::string& to) {
    const auto a = s.find(from);
    if (a == std::string::npos) return "";
    const auto b = s.find(to, a + from.size());
    return s.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_rounds_page_lists_audit_draws_newest_first_with_the_status_jobs_counts) {
    World w;
    month(w);
    auto lead = w.client();
    BOOST_TEST_REQUIRE(lead.login("lead").status == 303);
    const auto page = lead.get("/rounds");
    BOOST_TEST_REQUIRE(page.status == 200);
    BOOST_TEST(contains(page.body, "<a class=\"button\" href=\"/rounds/new\">Start a round</a>"));
    const auto one = page.body.find("href=\"/rounds/1\""), two = page.body.find("href=\"/rounds/2\"");
    BOOST_TEST_REQUIRE(one != std::string::npos);
    BOOST_TEST_REQUIRE(two != std::string::npos);
    BOOST_TEST(two < one);                                      // newest first
    BOOST_TEST(!contains(page.body, "href=\"/rounds/3\""));     // a moderation draw is not a round
    // Draw 1's row: the job's counts as at the server's today (allocated, returned, moderated, outstanding, overdue).
    jobs::ScoreStatusRequest req;
    req.store = w.dir.file("audit.db");
    req.period = "2026-07";
    req.asOf = "2026-08-03";
    const auto st = jobs::scoreStatus(req);
    BOOST_TEST_REQUIRE(st.draws.size() == 1u);
    BOOST_TEST(st.draws[0].counts.returned == 1u);
    BOOST_TEST(st.draws[0].counts.overdue == 2u);
    const std::string row = between(page.body, "href=\"/rounds/1\"", "</tr>");
    BOOST_TEST(contains(row, "<td>2026-07</td><td>31/07/2026</td><td class=\"num\">3</td><td>01/08/2026</td>"
                             "<td class=\"num\">3</td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">2</td>"
                             "<td class=\"num\">2 <strong class=\"tag overdue\">overdue</strong></td>"));
    BOOST_TEST(!contains(page.body, "style="));
    BOOST_TEST(web::readAccess(w.store, {"lead", "", 1})[0].action == "list rounds");
}

BOOST_AUTO_TEST_CASE(a_round_shows_each_auditor_with_the_overdue_cases_and_links_to_the_audits) {
    World w;
    month(w);
    auto lead = w.client();
    lead.login("lead");
    const auto items = web::AuditDesk(w.store, test::catalogue(), "cin-cp", Date(2026, 8, 3)).all("2026-07");
    const auto page = lead.get("/rounds/1");
    BOOST_TEST_REQUIRE(page.status == 200);
    const std::string a = between(page.body, "<th scope=\"row\">QA Officer A</th>", "</tr>");
    BOOST_TEST(contains(a, "<td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td>"));
    BOOST_TEST(contains(a, "<td>C200</td>"));  // the overdue case
    const std::string b = between(page.body, "<th scope=\"row\">QA Officer B</th>", "</tr>");
    BOOST_TEST(contains(b, "<td>C300</td>"));
    BOOST_TEST(contains(page.body, "<th scope=\"row\">All auditors</th>"));
    BOOST_TEST_REQUIRE(items.size() == 3u);
    for (const auto& it : items) {
        BOOST_TEST_INFO(it.caseRef);
        BOOST_TEST(contains(page.body, "<a href=\"/audits/" + it.formId + "\">" + it.caseRef));
        BOOST_TEST(lead.get("/audits/" + it.formId).status == 200);  // the link goes to a page
    }
    BOOST_TEST(contains(page.body, "C100 (CP East): returned</a>"));
    BOOST_TEST(contains(page.body, "C200 (CIN West): not returned <strong class=\"tag overdue\">overdue</strong></a>"));
    BOOST_TEST(contains(page.body, "<dt>Due</dt><dd>01/08/2026</dd>"));
    BOOST_TEST(!contains(page.body, "C400"));  // another round's case
    BOOST_TEST(web::readAccess(w.store, {"lead", "1", 5}).size() >= 1u);
    // The team named with markup comes back escaped.
    const auto two = lead.get("/rounds/2");
    BOOST_TEST(two.status == 200);
    BOOST_TEST(contains(two.body, "C400 (&lt;b&gt;&amp;&quot;)"));
    BOOST_TEST(!contains(two.body, "<b>&\""));
}

BOOST_AUTO_TEST_CASE(a_round_that_is_not_there_or_not_an_audit_draw_answers_404) {
    World w;
    month(w);
    auto lead = w.client();
    lead.login("lead");
    for (const char* target : {"/rounds/3", "/rounds/99", "/rounds/0", "/rounds/abc", "/rounds/-1", "/rounds/99999999999999999999"}) {
        BOOST_TEST_INFO(target);
        BOOST_TEST(lead.get(target).status == 404);
    }
}

BOOST_AUTO_TEST_CASE(the_qa_leads_pages_are_denied_to_every_other_role_and_to_a_signed_out_user) {
    World w;
    month(w);
    for (const char* who : {"admin", "alice", "mod", "prac", "obs"}) {
        auto c = w.client();
        BOOST_TEST_REQUIRE(c.login(who).status == 303);
        for (const char* target : kLeadRoutes) {
            BOOST_TEST_INFO(who << " " << target);
            BOOST_TEST(c.get(target).status == 403);
        }
        BOOST_TEST(!contains(c.get("/audits").body, "href=\"/rounds\""));  // nor in their navigation
    }
    auto anon = w.client();
    for (const char* target : kLeadRoutes) {
        const auto r = anon.get(target);
        BOOST_TEST_INFO(target);
        BOOST_TEST(r.status == 303);
        BOOST_TEST(r.header("Location") == "/login");
    }
    auto lead = w.client();
    lead.login("lead");
    const auto nav = lead.get("/audits").body;
    for (const char* link : {"href=\"/rounds\"", "href=\"/accuracy\"", "href=\"/downloads\""}) BOOST_TEST(contains(nav, link));
}
