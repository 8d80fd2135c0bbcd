// The observer's page (issue 15, item 6): the published partnership workbook (jobs::reportLscb with publish, the
// build behind `audit-report lscb --publish`) shown sheet by sheet, its KPIs' XmR charts as SVG drawn by the server;
// no case reference, worker or auditor name; the observer has no audit route at all.
#include "web_fixture.h"

using namespace webtest;

namespace {

// alice's audit of C100 submitted, and eight months of one KPI (a chart needs six).
void month(World& w) {
    auto c = w.client();
    c.login("alice");
    const auto form = web::AuditDesk(w.store, test::catalogue(), "cin-cp", Date(2026, 8, 3)).forAuditor("QA Officer A")[0].formId;
    BOOST_TEST_REQUIRE(c.json("POST", "/api/audits/" + form + "/submit", web::draftToJson(completeDraft())).status == 200);
    const double values[] = {81, 83, 80, 84, 82, 79, 85, 97};
    const char* months[] = {"2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"};
    for (int m = 0; m < 8; ++m)
        w.store.exec("INSERT INTO kpi (indicator, period, value, target, polarity, source_hash, imported_at) VALUES "
                     "('assessments_within_45_days', ?, ?, 85, 'higher', 'h', 'now')",
                     std::string(months[m]), values[m]);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_observer_sees_the_published_figures_with_svg_charts_and_no_names) {
    World w;
    month(w);
    auto o = w.client();
    BOOST_TEST_REQUIRE(o.login("obs").status == 303);
    BOOST_TEST(o.get("/").header("Location") == "/observer");
    BOOST_TEST(o.get("/observer?period=2025-08").status == 200);
    auto page = o.get("/observer?period=2026-07");
    BOOST_TEST_REQUIRE(page.status == 200);
    BOOST_TEST(contains(page.body, "id=\"sheet-summary\""));
    BOOST_TEST(contains(page.body, "suppressed"));
    for (const char* name : {"C100", "P100", "W. Worker", "QA Officer A", "alice"}) {
        BOOST_TEST_INFO(name);
        BOOST_TEST(!contains(page.body, name));
    }
    BOOST_TEST(contains(page.body, "<svg class=\"spc\""));  // the KPI's XmR chart, drawn by the server
    BOOST_TEST(contains(page.body, "2026-07: 97.0"));
    BOOST_TEST(!contains(page.body, "style="));  // the strict CSP: presentation attributes only
    BOOST_TEST(o.get("/observer?period=soon").status == 400);
    BOOST_TEST(o.get("/audits").status == 403);
    BOOST_TEST(o.get("/api/audits").status == 403);
}
