// Signing in and out, the home page, the health check, static files, and what every handler shares.
#include "app_context.h"
#include "audit/base/date.h"
#include "audit/web/security.h"

namespace audit::web {

AuditDesk Context::desk() const {
    return AuditDesk(store, app.catalogue(), app.options().defaultTemplate,
                     app.options().today ? app.options().today() : today());
}

std::vector<AuditItem> Context::visibleAudits() const {
    if (account->has(Role::QaLead)) return desk().all();
    return desk().forAuditor(account->auditor);
}

bool Context::mayWrite(const AuditItem& item) const {
    return account && account->has(Role::Auditor) && !account->auditor.empty() && item.auditor == account->auditor;
}

void Context::log(const std::string& action, const std::string& object, int status) const {
    logAccess(store, {store.now(), account ? account->name : "", req.remote, req.method, action, object, status});
}

Frame Context::frame(const std::string& title, const std::string& current) const {
    Frame f;
    f.title = title;
    f.nonce = nonce;
    f.current = current;
    if (account) {
        f.user = account->display;
        f.roles = joinRoles(account->roles);
        f.csrf = session ? session->csrf : "";
        if (account->has(Role::Auditor)) f.nav.emplace_back("/audits", "My audits");
        else if (account->has(Role::QaLead)) f.nav.emplace_back("/audits", "Audits");
        if (account->has(Role::QaLead)) {
            f.nav.emplace_back("/rounds", "Rounds");
            f.nav.emplace_back("/accuracy", "Accuracy");
            f.nav.emplace_back("/downloads", "Downloads");
        }
        if (account->has(Role::Observer) || account->has(Role::QaLead)) f.nav.emplace_back("/observer", "Published figures");
        if (account->has(Role::Moderator)) f.nav.emplace_back("/moderation", "My moderations");
        if (account->has(Role::Practitioner)) f.nav.emplace_back("/practitioner", "Audits of my cases");
        if (account->has(Role::QaLead)) f.nav.emplace_back("/actions", "Open actions");
        else if (account->has(Role::Auditor) || account->has(Role::Moderator) || account->has(Role::Practitioner))
            f.nav.emplace_back("/actions", "My actions");
        if (account->has(Role::Admin) || account->has(Role::QaLead)) f.nav.emplace_back("/admin/access-log", "Access log");
        if (account->has(Role::Admin)) f.nav.emplace_back("/admin/accounts", "Accounts");
    }
    return f;
}

Response htmlPage(const Context&, const Frame& f, int status) {
    Response r;
    r.status = status;
    r.body = renderFrame(f);
    return r;
}

Response jsonResponse(int status, const std::string& json) {
    Response r;
    r.status = status;
    r.contentType = "application/json; charset=utf-8";
    r.body = json;
    return r;
}

Response jsonError(int status, const std::string& message) {
    std::string m;
    for (char ch : message) {
        if (ch == '"' || ch == '\\') m += '\\';
        if (static_cast<unsigned char>(ch) < 0x20) continue;
        m += ch;
    }
    return jsonResponse(status, "{\"error\":\"" + m + "\"}");
}

Response redirect(const std::string& location) {
    Response r;
    r.status = 303;
    r.set("Location", location);
    return r;
}

Response errorPage(const Context& c, int status, const std::string& title, const std::string& message) {
    Frame f = c.frame(title, "");
    f.body = "<p>" + escape(message) + "</p><p><a href=\"/\">Go to the start page</a></p>";
    return htmlPage(c, f, status);
}

namespace {

Response loginForm(Context& c, int status, const std::string& problem) {
    // The sign-in form's CSRF token: a random value in a cookie and in the form (double submit).
    const std::string token = randomToken(16);
    Frame f = c.frame("Sign in", "");
    std::string b;
    if (!problem.empty())
        b += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>There is a problem</h2><p>" +
             escape(problem) + "</p></div>";
    b += "<form method=\"post\" action=\"/login\" class=\"narrow\" novalidate>"
         "<input type=\"hidden\" name=\"csrf\" value=\"" + token + "\">"
         "<div class=\"field\"><label for=\"username\">Account name</label>"
         "<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\" spellcheck=\"false\" required></div>"
         "<div class=\"field\"><label for=\"password\">Password</label>"
         "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></div>"
         "<button type=\"submit\" class=\"button\">Sign in</button></form>"
         "<p class=\"hint\">Forgotten your password? Ask your administrator to reset it.</p>";
    f.body = b;
    Response r = htmlPage(c, f, status);
    r.headers.emplace_back("Set-Cookie", sessionCookie(kLoginCookie, token, c.req.tls));
    return r;
}

}  // namespace

Response getLogin(Context& c) {
    return loginForm(c, 200, "");  // also when signed in: signing in again starts a new session
}

Response postLogin(Context& c) {
    const auto form = c.req.form();
    auto field = [&](const char* k) {
        auto it = form.find(k);
        return it == form.end() ? std::string() : it->second;
    };
    auto cookie = c.req.cookies.find(kLoginCookie);
    if (cookie == c.req.cookies.end() || !constantTimeEqual(field("csrf"), cookie->second)) {
        c.log("refused (CSRF): sign in", field("username").substr(0, 64), 403);
        return errorPage(c, 403, "Not allowed", "The sign-in form had expired. Go back, reload the page and sign in.");
    }
    Accounts accounts(c.store);
    const LoginResult result =
        accounts.authenticate(field("username"), field("password"), c.req.remote, c.now, c.app.options().throttle);
    if (result.outcome == LoginOutcome::Throttled) {
        c.log("sign in throttled", field("username").substr(0, 64), 429);
        Response r = loginForm(c, 429, "Too many failed attempts. Wait " + std::to_string((result.retryAfter + 59) / 60) +
                                           " minutes and try again, or ask your administrator.");
        r.set("Retry-After", std::to_string(result.retryAfter));
        return r;
    }
    if (result.outcome == LoginOutcome::Bad) {
        c.log("sign in failed", field("username").substr(0, 64), 401);
        return loginForm(c, 401, "The account name or password is not right.");
    }
    // A new session id at every sign-in; whatever the browser had before is ended.
    Sessions sessions(c.store, c.app.options().sessions);
    if (auto old = c.req.cookies.find(kSessionCookie); old != c.req.cookies.end()) sessions.end(old->second);
    const Session s = sessions.create(result.account->id, c.req.remote, c.now);
    c.account = result.account;
    c.session = s;
    c.log("sign in", result.account->name, 303);
    Response r = redirect("/");
    r.headers.emplace_back("Set-Cookie", sessionCookie(kSessionCookie, s.id, c.req.tls));
    r.headers.emplace_back("Set-Cookie", sessionCookie(kLoginCookie, "", c.req.tls, 0));
    return r;
}

Response postLogout(Context& c) {
    Sessions(c.store, c.app.options().sessions).end(c.session->id);
    c.log("sign out", c.account->name, 303);
    Response r = redirect("/login");
    r.headers.emplace_back("Set-Cookie", sessionCookie(kSessionCookie, "", c.req.tls, 0));
    return r;
}

Response getHome(Context& c) {
    const Account& a = *c.account;
    if (a.has(Role::Auditor) || a.has(Role::QaLead)) return redirect("/audits");
    if (a.has(Role::Observer)) return redirect("/observer");
    if (a.has(Role::Moderator)) return redirect("/moderation");
    if (a.has(Role::Admin)) return redirect("/admin/accounts");
    if (a.has(Role::Practitioner)) return redirect("/practitioner");
    Frame f = c.frame("Case audits", "/");
    f.body = "<p>Your account has no pages in this version of the service yet.</p>";
    return htmlPage(c, f);
}

Response getHealth(Context& c) {
    c.store.scalar<std::int64_t>("SELECT COUNT(*) FROM schema_version");  // the store answers
    return jsonResponse(200, "{\"status\":\"ok\"}");
}

Response getCss(Context&) {
    Response r;
    r.contentType = "text/css; charset=utf-8";
    r.body = appCss();
    r.set("Cache-Control", "public, max-age=3600");
    return r;
}

Response getJs(Context&) {
    Response r;
    r.contentType = "text/javascript; charset=utf-8";
    r.body = appJs();
    r.set("Cache-Control", "public, max-age=3600");
    return r;
}

}  // namespace audit::web
