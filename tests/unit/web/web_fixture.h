// What the web module's tests share: a store holding one month's draw (three cases: two allocated to
// "QA Officer A", one to "QA Officer B"), an account for every role, and a browser-like client that keeps
// cookies and the CSRF token and talks to web::App without a socket.
#pragma once
#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <regex>
#include <string>

#include "audit/forms/framework.h"
#include "audit/forms/scoring.h"
#include "audit/forms/template.h"
#include "audit/store/store.h"
#include "audit/web/accounts.h"
#include "audit/web/app.h"
#include "audit/web/audits.h"
#include "audit/web/security.h"
#include "test_support.h"

namespace webtest {

using namespace audit;

inline const std::string kPassword = "correct horse battery staple";

// One draw of 2026-07 with three cases.
inline void addDraw(Store& s, const std::string& templateId = "") {
    s.exec("INSERT INTO draw (id, kind, period, created_at, seed, algorithm, sample_size, template_id) "
           "VALUES (1, 'audit', '2026-07', '2026-07-31T09:00:00Z', '1', 'test', 3, ?)",
           templateId.empty() ? std::optional<std::string>() : std::optional<std::string>(templateId));
    s.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (1, 'all', 10, 3)");
    const char* cases[][5] = {{"C100", "P100", "CP East", "CP", "QA Officer A"},
                              {"C200", "P200", "CIN West", "CIN", "QA Officer A"},
                              {"C300", "P300", "CP East", "CP", "QA Officer B"}};
    for (auto& c : cases) {
        s.exec("INSERT INTO case_snapshot (draw_id, case_ref, child_ref, team, category, worker) VALUES (1, ?, ?, ?, ?, 'W. Worker')",
               c[0], c[1], c[2], c[3]);
        s.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) VALUES (1, ?, 'all', 0.3, 3.333)",
               c[0]);
        s.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) VALUES (1, ?, 'auditor', ?, '2026-07-31T09:00:00Z')",
               c[0], c[4]);
    }
}

inline void addAccounts(Store& s) {
    web::Accounts a(s);
    auto add = [&](const std::string& name, const std::string& roles, const std::string& auditor) {
        a.add({name, name, web::parseRoles(roles), "QA", auditor, kPassword});
    };
    add("alice", "auditor", "QA Officer A");
    add("bob", "auditor", "QA Officer B");
    add("lead", "qa-lead", "");
    add("admin", "admin", "");
    add("obs", "observer", "");
    add("mod", "moderator", "");
    add("prac", "practitioner", "");
}

// A client with a cookie jar.
class Client {
public:
    Client(const web::App& app, Store& store, std::string remote = "192.0.2.10") : app_(app), store_(store), remote_(std::move(remote)) {}

    web::Response send(const std::string& method, const std::string& target, const std::string& body = "",
                       const std::string& contentType = "", const std::map<std::string, std::string>& headers = {}) {
        web::Request r;
        r.method = method;
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = web::parseUrlEncoded(target.substr(q + 1));
        r.cookies = cookies;
        r.body = body;
        r.remote = remote_;
        r.tls = tls;
        if (!contentType.empty()) r.headers["content-type"] = contentType;
        for (const auto& [k, v] : headers) r.headers[k] = v;
        web::Response res = app_.handle(r, store_);
        for (const auto& c : res.all("Set-Cookie")) {
            const auto eq = c.find('='), semi = c.find(';');
            const std::string name = c.substr(0, eq), value = c.substr(eq + 1, semi - eq - 1);
            if (c.find("Max-Age=0") != std::string::npos) cookies.erase(name);
            else cookies[name] = value;
        }
        static const std::regex token(R"re(name="csrf" value="([0-9a-f]+)")re");
        // The last token on the page: the sign-in form's comes after the sign-out form's in the header.
        for (auto it = std::sregex_iterator(res.body.begin(), res.body.end(), token); it != std::sregex_iterator(); ++it)
            lastFormCsrf = (*it)[1];
        return res;
    }
    web::Response get(const std::string& target) { return send("GET", target); }
    web::Response postForm(const std::string& target, std::string body, bool withCsrf = true) {
        if (withCsrf) body += std::string(body.empty() ? "" : "&") + "csrf=" + lastFormCsrf;
        return send("POST", target, body, "application/x-www-form-urlencoded");
    }
    web::Response json(const std::string& method, const std::string& target, const std::string& body, bool withCsrf = true) {
        std::map<std::string, std::string> h;
        if (withCsrf) h["x-csrf-token"] = csrf;
        return send(method, target, body, "application/json", h);
    }
    // Signs in through the sign-in page; returns the POST /login response.
    web::Response login(const std::string& name, const std::string& password = kPassword) {
        get("/login");
        web::Response r = postForm("/login", "username=" + name + "&password=" + web::urlEncode(password));
        if (r.status == 303) {
            get("/audits");  // a page with the session's token
            csrf = lastFormCsrf;
        }
        return r;
    }

    std::map<std::string, std::string> cookies;
    std::string lastFormCsrf, csrf;
    bool tls = false;

private:
    const web::App& app_;
    Store& store_;
    std::string remote_;
};

struct World {
    test::TempDir dir;
    Store store{dir.file("audit.db")};
    std::int64_t clock = 1'790'000'000;
    std::unique_ptr<web::App> app;
    explicit World(const std::string& defaultTemplate = "cin-cp", bool productionHashes = false) {
        // Argon2id at its minimum cost keeps these tests fast; accounts_test checks the production cost.
        web::setPasswordCost(productionHashes ? web::productionPasswordCost() : web::PasswordCost{1, 8192});
        addDraw(store);
        addAccounts(store);
        web::AppOptions o;
        o.defaultTemplate = defaultTemplate;
        o.clock = [this] { return clock; };
        o.today = [] { return Date(2026, 8, 3); };
        app = std::make_unique<web::App>(test::catalogue(), o);
    }
    Client client(const std::string& remote = "192.0.2.10") { return Client(*app, store, remote); }
};

// A complete return: every answer "Yes" but one "Partly" with evidence, grades as the auditor sees them (one
// departing, with a rationale), strengths, two actions.
inline web::Draft completeDraft() {
    const Template& tpl = test::catalogue().getTemplate("cin-cp");
    const Framework& fw = test::catalogue().frameworkOf(tpl);
    web::Draft d;
    for (const auto& s : tpl.sections)
        for (const auto& q : s.questions) {
            d.input.answers[q.id] = "Yes";
            d.input.evidence[q.id] = "Seen on file, " + q.id + ".";
        }
    d.input.answers[tpl.sections[0].questions[1].id] = "Partly";
    ScoreResult sr = score(tpl, fw, d.input);
    for (const auto& dom : sr.domains) d.input.domainGrades[dom.domain] = fw.grade(*dom.computed)->label;
    d.input.domainGrades[tpl.sections[1].domain] = "Requires improvement";
    d.input.domainRationales[tpl.sections[1].domain] = "Plan not reviewed since the strategy meeting.";
    sr = score(tpl, fw, d.input);
    d.input.overallGrade = sr.overall.computed ? fw.grade(*sr.overall.computed)->label : "Good";
    if (score(tpl, fw, d.input).overall.rationaleRequired) d.input.overallRationale = "As the domains show.";
    d.input.strengths = "Warm, child-centred recording.";
    d.input.actions = {{"Update the chronology", "Team manager", "2026-08-31"}, {"Review the plan", "Social worker", "2026-09-15"}};
    d.completed = "2026-08-03";
    return d;
}

// alice signs in and submits her first audit (C100) with completeDraft(); returns its form id.
inline std::string submitAlices(World& w) {
    auto c = w.client();
    c.login("alice");
    const auto form = web::AuditDesk(w.store, test::catalogue(), "cin-cp", Date(2026, 8, 3)).forAuditor("QA Officer A")[0].formId;
    BOOST_TEST_REQUIRE(c.json("POST", "/api/audits/" + form + "/submit", web::draftToJson(completeDraft())).status == 200);
    return form;
}

// A query's rows as text (NULL spelled out), for comparing stores.
inline std::string rows(Store& s, const std::string& sql) {
    std::string out;
    for (const auto& r : s.query(sql)) {
        for (std::size_t i = 0; i < r.size(); ++i) out += (r.isNull(i) ? std::string("NULL") : r.text(i)) + "|";
        out += "\n";
    }
    return out;
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace webtest
