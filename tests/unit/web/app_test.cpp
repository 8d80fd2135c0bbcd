// web::App without a socket: deny by default with the role × route table (repeated here: a route added without a
// row in kTable fails), CSRF on every state-changing request, the headers, escaping, ownership (another auditor's
// audit answers 404), the access log.
#include <set>

#include "audit/web/access_log.h"
#include "audit/web/html.h"
#include "web_fixture.h"

using namespace webtest;
using audit::web::Role;

namespace {

// THE ROLE × ROUTE TABLE, as the test expects it. "public" or the roles allowed.
struct Rule {
    const char* method;
    const char* pattern;
    const char* roles;
};
const Rule kTable[] = {
    {"GET", "/healthz", "public"},
    {"GET", "/static/app.css", "public"},
    {"GET", "/static/app.js", "public"},
    {"GET", "/login", "public"},
    {"POST", "/login", "public"},
    {"POST", "/logout", "admin,qa-lead,auditor,moderator,practitioner,observer"},
    {"GET", "/", "admin,qa-lead,auditor,moderator,practitioner,observer"},
    {"GET", "/audits", "qa-lead,auditor"},
    {"GET", "/audits/{form_id}", "qa-lead,auditor"},
    {"POST", "/audits/{form_id}", "auditor"},
    {"GET", "/api/audits", "qa-lead,auditor"},
    {"GET", "/api/audits/{form_id}", "qa-lead,auditor"},
    {"PUT", "/api/audits/{form_id}/draft", "auditor"},
    {"POST", "/api/audits/{form_id}/submit", "auditor"},
    {"GET", "/moderation", "moderator"},
    {"GET", "/moderation/{form_id}", "moderator"},
    {"POST", "/moderation/{form_id}/take", "moderator"},
    {"POST", "/moderation/{form_id}/grades", "moderator"},
    {"POST", "/moderation/{form_id}/comment", "moderator"},
    {"POST", "/moderation/{form_id}/agree", "moderator"},
    {"POST", "/moderation/{form_id}/send-back", "moderator"},
    {"GET", "/api/moderation/{form_id}", "moderator"},
    {"GET", "/practitioner", "practitioner"},
    {"GET", "/practitioner/{form_id}", "practitioner"},
    {"POST", "/practitioner/{form_id}/response", "practitioner"},
    {"GET", "/actions", "qa-lead,auditor,moderator,practitioner"},
    {"POST", "/actions/{action_id}", "qa-lead,auditor,moderator,practitioner"},
    {"GET", "/rounds/new", "qa-lead"},
    {"POST", "/rounds/preview", "qa-lead"},
    {"POST", "/rounds/confirm", "qa-lead"},
    {"GET", "/observer", "qa-lead,observer"},
    {"GET", "/rounds", "qa-lead"},
    {"GET", "/rounds/{draw_id}", "qa-lead"},
    {"GET", "/accuracy", "qa-lead"},
    {"GET", "/downloads", "qa-lead"},
    {"GET", "/downloads/{name}", "qa-lead"},
    {"GET", "/admin/access-log", "admin,qa-lead"},
    {"GET", "/admin/accounts", "admin"},
};

const Rule* ruleFor(const web::Route& r) {
    for (const auto& rule : kTable)
        if (r.method == rule.method && r.pattern == rule.pattern) return &rule;
    return nullptr;
}

const char* accountOf(Role r) {
    switch (r) {
        case Role::Admin: return "admin";
        case Role::QaLead: return "lead";
        case Role::Auditor: return "alice";
        case Role::Moderator: return "mod";
        case Role::Practitioner: return "prac";
        case Role::Observer: return "obs";
    }
    return "";
}

std::string formOf(World& w, const std::string& caseRef) {
    auto c = w.client();
    c.login("lead");
    auto r = c.get("/api/audits");
    const auto at = r.body.find("\"case_ref\":\"" + caseRef + "\"");
    const auto id = r.body.rfind("\"form_id\":\"", at);
    return r.body.substr(id + 11, 14);
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_route_has_a_rule_in_this_test_and_they_agree) {
    std::set<std::string> seen;
    for (const auto& r : web::routes()) {
        const Rule* rule = ruleFor(r);
        BOOST_TEST_INFO(r.method << " " << r.pattern);
        BOOST_TEST_REQUIRE(rule != nullptr);  // a new route needs a row in kTable
        seen.insert(r.method + " " + r.pattern);
        if (std::string(rule->roles) == "public") {
            BOOST_TEST(r.isPublic);
        } else {
            BOOST_TEST(!r.isPublic);
            BOOST_TEST(web::joinRoles(r.roles) == web::joinRoles(web::parseRoles(rule->roles)));
        }
    }
    BOOST_TEST(seen.size() == std::size(kTable));  // and no row here for a route that is gone
}

BOOST_AUTO_TEST_CASE(every_role_on_every_route_is_allowed_or_denied_as_the_table_says) {
    World w;
    const std::string form = formOf(w, "C100");  // alice's
    for (Role role : web::kAllRoles) {
        auto c = w.client();
        BOOST_TEST_REQUIRE(c.login(accountOf(role)).status == 303);
        for (const auto& rule : kTable) {
            if (std::string(rule.roles) == "public") continue;
            std::string target = rule.pattern;
            if (auto p = target.find("{form_id}"); p != std::string::npos) target.replace(p, 9, form);
            if (auto p = target.find("{draw_id}"); p != std::string::npos) target.replace(p, 9, "1");
            if (auto p = target.find("{name}"); p != std::string::npos) target.replace(p, 6, "status");
            web::Response r;
            if (std::string(rule.method) == "GET") r = c.get(target);
            else if (target.rfind("/api/", 0) == 0) r = c.json(rule.method, target, "{}");
            else r = c.send(rule.method, target, "csrf=" + c.csrf, "application/x-www-form-urlencoded");
            const bool allowed = web::parseRoles(rule.roles).count(role) > 0;
            BOOST_TEST_INFO(web::toString(role) << " " << rule.method << " " << target << " -> " << r.status);
            BOOST_TEST((r.status == 403) == !allowed);
            if (std::string(rule.pattern) == "/logout" && allowed) {
                BOOST_TEST_REQUIRE(c.login(accountOf(role)).status == 303);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(the_most_literal_route_wins_whatever_the_order_and_no_literal_route_is_shadowed) {
    auto none = [](web::Context&) { return web::Response{}; };
    const std::vector<web::Route> table{{"GET", "/rounds/{draw_id}", false, {}, "view round", none},
                                        {"GET", "/rounds/new", false, {}, "new round", none},
                                        {"POST", "/rounds/{draw_id}/close", false, {}, "close", none}};
    std::map<std::string, std::string> params;
    bool known = false;
    const web::Route* r = web::findRoute(table, "GET", "/rounds/new", params, known);
    BOOST_TEST_REQUIRE(r != nullptr);
    BOOST_TEST(r->name == "new round");
    BOOST_TEST(params.empty());
    r = web::findRoute(table, "HEAD", "/rounds/7", params, known);
    BOOST_TEST_REQUIRE(r != nullptr);
    BOOST_TEST(r->name == "view round");
    BOOST_TEST(params["draw_id"] == "7");
    BOOST_TEST(web::findRoute(table, "POST", "/rounds/7", params, known) == nullptr);
    BOOST_TEST(known);  // 405
    BOOST_TEST(web::findRoute(table, "GET", "/rounds/7/close/x", params, known) == nullptr);
    BOOST_TEST(!known);  // 404
    // The server's own table: each route's literal path (its pattern with no {name}) reaches that route.
    for (const auto& route : web::routes()) {
        if (route.pattern.find('{') != std::string::npos) continue;
        BOOST_TEST_INFO(route.method << " " << route.pattern);
        BOOST_TEST(web::findRoute(web::routes(), route.method, route.pattern, params, known) == &route);
    }
}

BOOST_AUTO_TEST_CASE(unknown_paths_answer_404_and_signed_out_requests_go_to_sign_in) {
    World w;
    auto c = w.client();
    BOOST_TEST(c.get("/nothing-here").status == 404);
    BOOST_TEST(c.get("/audits/../admin/accounts").status == 404);
    BOOST_TEST(c.send("DELETE", "/audits").status == 405);
    auto r = c.get("/audits");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("Location") == "/login");
    BOOST_TEST(c.get("/api/audits").status == 401);
    BOOST_TEST(c.get("/healthz").status == 200);
}

BOOST_AUTO_TEST_CASE(a_state_changing_request_without_the_csrf_token_is_refused_with_403) {
    World w;
    const std::string form = formOf(w, "C100");
    auto c = w.client();
    c.login("alice");
    BOOST_TEST(c.json("PUT", "/api/audits/" + form + "/draft", "{}", false).status == 403);
    BOOST_TEST(c.send("PUT", "/api/audits/" + form + "/draft", "{}", "application/json", {{"x-csrf-token", std::string(64, 'a')}}).status == 403);
    BOOST_TEST(c.json("POST", "/api/audits/" + form + "/submit", "", false).status == 403);
    BOOST_TEST(c.postForm("/audits/" + form, "do=save", false).status == 403);
    BOOST_TEST(c.postForm("/logout", "", false).status == 403);
    // With the token they pass.
    BOOST_TEST(c.json("PUT", "/api/audits/" + form + "/draft", "{}").status == 200);
    // Sign-in has its own token (cookie and form field): without it, 403.
    auto d = w.client();
    BOOST_TEST(d.send("POST", "/login", "username=alice&password=x", "application/x-www-form-urlencoded").status == 403);
}

BOOST_AUTO_TEST_CASE(every_response_has_a_strict_csp_with_a_fresh_nonce_nosniff_and_no_framing) {
    World w;
    auto c = w.client();
    for (const std::string target : {"/login", "/nothing", "/healthz", "/static/app.js"}) {
        auto r = c.get(target);
        const std::string csp = r.header("Content-Security-Policy");
        BOOST_TEST_INFO(target << ": " << csp);
        BOOST_TEST(contains(csp, "default-src 'none'"));
        BOOST_TEST(contains(csp, "script-src 'self' 'nonce-"));
        BOOST_TEST(contains(csp, "frame-ancestors 'none'"));
        BOOST_TEST(!contains(csp, "unsafe-inline"));
        BOOST_TEST(!contains(csp, "unsafe-eval"));
        BOOST_TEST(r.header("X-Content-Type-Options") == "nosniff");
        BOOST_TEST(r.header("X-Frame-Options") == "DENY");
    }
    auto a = c.get("/login"), b = c.get("/login");
    const std::string na = a.header("Content-Security-Policy"), nb = b.header("Content-Security-Policy");
    BOOST_TEST(na != nb);
    const std::string nonce = na.substr(na.find("'nonce-") + 7, 32);
    BOOST_TEST(contains(a.body, "<script src=\"/static/app.js\" defer nonce=\"" + nonce + "\">"));
    // No inline script or style anywhere on a page.
    BOOST_TEST(!contains(a.body, "<script>"));
    BOOST_TEST(!contains(a.body, "style="));
    BOOST_TEST(a.header("Cache-Control") == "no-store");
}

BOOST_AUTO_TEST_CASE(another_auditors_audit_answers_404_like_one_that_does_not_exist) {
    World w;
    const std::string bobs = formOf(w, "C300");
    auto c = w.client();
    c.login("alice");
    BOOST_TEST(c.get("/audits/" + bobs).status == 404);
    BOOST_TEST(c.get("/api/audits/" + bobs).status == 404);
    BOOST_TEST(c.json("PUT", "/api/audits/" + bobs + "/draft", "{}").status == 404);
    BOOST_TEST(c.json("POST", "/api/audits/" + bobs + "/submit", "").status == 404);
    BOOST_TEST(c.get("/api/audits/F-000000000000").status == 404);
    BOOST_TEST(!contains(c.get("/api/audits").body, bobs));
    BOOST_TEST(!contains(c.get("/audits").body, "C300"));
    // The QA lead sees it; an observer sees no audit at all (403 by role), nor can the QA lead write.
    auto o = w.client();
    o.login("obs");
    BOOST_TEST(o.get("/audits/" + bobs).status == 403);
    BOOST_TEST(o.json("PUT", "/api/audits/" + bobs + "/draft", "{}").status == 403);
    auto l = w.client();
    l.login("lead");
    BOOST_TEST(l.get("/api/audits/" + bobs).status == 200);
    BOOST_TEST(l.json("PUT", "/api/audits/" + bobs + "/draft", "{}").status == 403);
}

BOOST_AUTO_TEST_CASE(a_script_in_evidence_comes_back_escaped) {
    World w;
    const std::string form = formOf(w, "C100");
    auto c = w.client();
    c.login("alice");
    const std::string q = test::catalogue().getTemplate("cin-cp").sections[0].questions[0].id;
    BOOST_TEST(c.json("PUT", "/api/audits/" + form + "/draft",
                      R"({"evidence":{")" + q + R"(":"<script>alert('x')</script> & \"quotes\""}})").status == 200);
    auto page = c.get("/audits/" + form);
    BOOST_TEST(page.status == 200);
    BOOST_TEST(contains(page.body, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    BOOST_TEST(!contains(page.body, "<script>alert"));
    BOOST_TEST(web::escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

BOOST_AUTO_TEST_CASE(views_and_changes_go_to_the_access_log_which_admin_and_qa_lead_can_read) {
    World w;
    const std::string form = formOf(w, "C100");
    auto c = w.client("198.51.100.7");
    c.login("alice");
    c.get("/audits/" + form);
    c.json("PUT", "/api/audits/" + form + "/draft", "{}");
    const auto entries = web::readAccess(w.store, {"alice", form, 10});
    BOOST_TEST_REQUIRE(entries.size() == 2u);
    BOOST_TEST(entries[0].action == "save draft");
    BOOST_TEST(entries[1].action == "view audit");
    BOOST_TEST(entries[1].remote == "198.51.100.7");
    BOOST_TEST(entries[1].method == "GET");
    BOOST_TEST(!entries[1].at.empty());
    for (const char* who : {"lead", "admin"}) {
        auto x = w.client();
        x.login(who);
        auto page = x.get("/admin/access-log?object=" + form);
        BOOST_TEST(page.status == 200);
        BOOST_TEST(contains(page.body, "GET view audit"));
        BOOST_TEST(contains(page.body, "198.51.100.7"));
    }
    BOOST_TEST(c.get("/admin/access-log").status == 403);
}
