// The QA lead's moderation accuracy (issue 15 item 2): exact agreement by month and by team from the
// `moderationAccuracy` job, as tables and as server-drawn SVG (a line with error bars and the threshold; bars with
// whiskers), each chart with a title, a description and a caption saying n; fewer moderated grades than the job's
// minimum shown as n/a and never as a bar; no script or style attribute; a team's name escaped.
#include "audit/jobs/reconcile.h"
#include "audit/web/access_log.h"
#include "web_fixture.h"

using namespace webtest;

namespace {

// An audit of `period` by team `team`, its overall grade `auditor`, moderated as `moderator` (rows as an import
// stores them).
void moderated(Store& s, int n, const std::string& period, const std::string& team, const std::string& auditor,
               const std::string& moderator) {
    const std::string form = "F-" + period + "-" + std::to_string(n);
    const std::string version = std::to_string(test::catalogue().getTemplate("cin-cp").version);
    const auto id = s.insertReturningId(
        "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, team, period, source_hash, "
        "imported_at) VALUES (?, 1, ?, 'cin-cp', ?, 'QA Officer A', ?, ?, ?, '2026-08-01T09:00:00Z')",
        form, "K" + std::to_string(n), version, team, period, "h" + form);
    s.exec("INSERT INTO judgement (audit_id, domain, auditor_grade) VALUES (?, '_overall', ?)", id, auditor);
    s.exec("INSERT INTO moderation (audit_id, form_id, domain, moderator, moderator_grade, mode, period, source_hash, "
           "imported_at) VALUES (?, ?, '_overall', 'Moderator', ?, 'blind', ?, ?, '2026-08-02T09:00:00Z')",
           id, "M-" + form, moderator, period, "m" + form);
}

// May: 6 moderated in CP East, 5 agreeing; June: 2 in a team named with markup (too few); July: 8 in CIN West, 4
// agreeing.
void months(Store& s) {
    int n = 0;
    for (int i = 0; i < 6; ++i) moderated(s, ++n, "2026-05", "CP East", "Good", i < 5 ? "Good" : "Requires improvement");
    for (int i = 0; i < 2; ++i) moderated(s, ++n, "2026-06", "<b>&\"", "Good", "Good");
    for (int i = 0; i < 8; ++i) moderated(s, ++n, "2026-07", "CIN West", "Good", i < 4 ? "Good" : "Outstanding");
}

std::string between(const std::string& s, const std::string& from, const std::string& to) {
    const auto a = s.find(from);
    if (a == std::string::npos) return "";
    return s.substr(a, s.find(to, a) - a + to.size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(accuracy_by_month_and_team_as_tables_and_svg_charts_from_the_job) {
    World w;
    months(w.store);
    auto lead = w.client();
    BOOST_TEST_REQUIRE(lead.login("lead").status == 303);
    const auto page = lead.get("/accuracy");
    BOOST_TEST_REQUIRE(page.status == 200);
    // The job's figures, for the same store.
    jobs::ModerationAccuracyRequest req;
    req.store = w.dir.file("audit.db");
    req.options.by = "period";
    const auto job = jobs::moderationAccuracy(req);
    BOOST_TEST_REQUIRE(job.accuracy.rows.size() == 3u);
    BOOST_TEST(*job.accuracy.rows[0].exact.value == 5.0 / 6);
    BOOST_TEST(contains(page.body, "16 moderated overall grades"));
    // By month: May 83.3% with its interval, June n/a (2 < 5), July 50.0%; the threshold at 75%.
    const std::string trend = between(page.body, "<svg class=\"accuracy-trend\"", "</svg>");
    BOOST_TEST_REQUIRE(!trend.empty());
    char interval[64];
    std::snprintf(interval, sizeof interval, "95%% interval %.1f%% to %.1f%%", 100 * *job.accuracy.rows[0].exact.low,
                  100 * *job.accuracy.rows[0].exact.high);
    BOOST_TEST(contains(trend, std::string("2026-05: 83.3% (") + interval + ", n=6)"));
    BOOST_TEST(contains(trend, "2026-06: n/a (n=2, fewer than 5)"));
    BOOST_TEST(contains(trend, "2026-07: 50.0%"));
    BOOST_TEST(contains(trend, "role=\"img\""));
    BOOST_TEST(contains(trend, "<title>Exact agreement with the moderator by month"));
    BOOST_TEST(contains(trend, "<desc>"));
    BOOST_TEST(contains(trend, "stroke-dasharray"));  // the threshold line
    BOOST_TEST(contains(trend, ">75.0%</text>"));
    BOOST_TEST(contains(trend, ">n=2</text>"));        // n under each month
    BOOST_TEST(contains(page.body, "<td class=\"num\">83.3%</td><td>" + std::string(interval).substr(13)));
    // By team: bars for CP East and CIN West; the small team is n/a, not a bar.
    const std::string teams = between(page.body, "<svg class=\"accuracy-teams\"", "</svg>");
    BOOST_TEST_REQUIRE(!teams.empty());
    const std::string small = between(teams, "<g class=\"bar\"><title>&lt;b&gt;&amp;&quot;", "</g>");
    BOOST_TEST_REQUIRE(!small.empty());
    BOOST_TEST(contains(small, "n/a (n=2)"));
    BOOST_TEST(!contains(small, "<rect"));
    const std::string east = between(teams, "<g class=\"bar\"><title>CP East", "</g>");
    BOOST_TEST(contains(east, "<rect"));
    BOOST_TEST(contains(east, "83.3% (n=6)"));
    // Captions say n; no script, no style attribute (the strict CSP), markup escaped.
    BOOST_TEST(contains(page.body, "<figcaption>Exact agreement by month: each point one month"));
    BOOST_TEST(contains(page.body, "n (moderated grades) beside it"));
    const std::string main = page.body.substr(page.body.find("<main"));
    BOOST_TEST(!contains(main, "<script"));
    BOOST_TEST(!contains(page.body, "style="));
    BOOST_TEST(!contains(page.body, "<b>&\""));
    BOOST_TEST(contains(page.body, "<th scope=\"row\">&lt;b&gt;&amp;&quot;</th><td class=\"num\">2</td><td class=\"num\">n/a</td>"));
    BOOST_TEST(web::readAccess(w.store, {"lead", "", 1})[0].action == "view accuracy");
}

BOOST_AUTO_TEST_CASE(accuracy_with_nothing_moderated_says_so) {
    World w;
    auto lead = w.client();
    lead.login("lead");
    const auto page = lead.get("/accuracy");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(contains(page.body, "No moderated audit is in the store yet."));
    BOOST_TEST(!contains(page.body, "<svg"));
}
