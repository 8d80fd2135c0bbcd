#include "audit/web/app.h"

#include <algorithm>
#include <chrono>

#include "app_context.h"
#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "audit/web/security.h"

namespace audit::web {

namespace {
using R = Role;
const std::set<Role> kEveryone{R::Admin, R::QaLead, R::Auditor, R::Moderator, R::Practitioner, R::Observer};
// Whoever may own an action (an action's owner is free text: the account's display name); not the observer.
const std::set<Role> kActionOwners{R::QaLead, R::Auditor, R::Moderator, R::Practitioner};
const std::set<Role> kAuditReaders{R::Auditor, R::QaLead};  // the observer sees no case (issue 15 item 6)
}  // namespace

// THE ROLE × ROUTE TABLE. A route that is not here does not exist (404). tests/unit/web/app_test.cpp repeats it.
const std::vector<Route>& routes() {
    static const std::vector<Route> table{
        {"GET", "/healthz", true, {}, "health", getHealth},
        {"GET", "/static/app.css", true, {}, "static", getCss},
        {"GET", "/static/app.js", true, {}, "static", getJs},
        {"GET", "/login", true, {}, "sign-in page", getLogin},
        {"POST", "/login", true, {}, "sign in", postLogin},
        {"POST", "/logout", false, kEveryone, "sign out", postLogout},
        {"GET", "/", false, kEveryone, "home", getHome},
        {"GET", "/audits", false, kAuditReaders, "list audits", getAudits},
        {"GET", "/audits/{form_id}", false, kAuditReaders, "view audit", getAudit},
        {"POST", "/audits/{form_id}", false, {R::Auditor}, "save audit", postAudit},
        {"GET", "/api/audits", false, kAuditReaders, "list audits", apiAudits},
        {"GET", "/api/audits/{form_id}", false, kAuditReaders, "view audit", apiAudit},
        {"PUT", "/api/audits/{form_id}/draft", false, {R::Auditor}, "save draft", apiDraft},
        {"POST", "/api/audits/{form_id}/submit", false, {R::Auditor}, "submit audit", apiSubmit},
        {"GET", "/moderation", false, {R::Moderator}, "list moderations", getModerations},
        {"GET", "/moderation/{form_id}", false, {R::Moderator}, "view moderation", getModeration},
        {"POST", "/moderation/{form_id}/take", false, {R::Moderator}, "take for moderation", postTake},
        {"POST", "/moderation/{form_id}/grades", false, {R::Moderator}, "moderator's grades", postGrades},
        {"POST", "/moderation/{form_id}/comment", false, {R::Moderator}, "comment", postComment},
        {"POST", "/moderation/{form_id}/agree", false, {R::Moderator}, "agree", postAgree},
        {"POST", "/moderation/{form_id}/send-back", false, {R::Moderator}, "send back", postSendBack},
        {"GET", "/api/moderation/{form_id}", false, {R::Moderator}, "view moderation", apiModeration},
        {"GET", "/practitioner", false, {R::Practitioner}, "list practitioner audits", getPractitionerAudits},
        {"GET", "/practitioner/{form_id}", false, {R::Practitioner}, "view practitioner audit", getPractitionerAudit},
        {"POST", "/practitioner/{form_id}/response", false, {R::Practitioner}, "practitioner response", postPractitionerResponse},
        {"GET", "/actions", false, kActionOwners, "list actions", getActions},
        {"POST", "/actions/{action_id}", false, kActionOwners, "update action", postAction},
        // Starting a round: upload, preview, confirm.
        {"GET", "/rounds/new", false, {R::QaLead}, "start round form", getRoundStart},
        {"POST", "/rounds/preview", false, {R::QaLead}, "preview round", postRoundPreview, true},
        {"POST", "/rounds/confirm", false, {R::QaLead}, "start round", postRoundConfirm},
        {"GET", "/observer", false, {R::Observer, R::QaLead}, "view published figures", getObserver},
        // The QA lead's month (issue 15 item 2): rounds and their returns, moderation accuracy, the workbooks.
        {"GET", "/rounds", false, {R::QaLead}, "list rounds", getRounds},
        {"GET", "/rounds/{draw_id}", false, {R::QaLead}, "view round", getRound},
        {"GET", "/accuracy", false, {R::QaLead}, "view accuracy", getAccuracy},
        {"GET", "/downloads", false, {R::QaLead}, "list downloads", getDownloads},
        {"GET", "/downloads/{name}", false, {R::QaLead}, "download", getDownload},
        {"GET", "/admin/access-log", false, {R::Admin, R::QaLead}, "view access log", getAccessLog},
        {"GET", "/admin/accounts", false, {R::Admin}, "view accounts", getAccounts},
    };
    return table;
}

namespace {

// Splits "/a/b/" into {"a", "b"}.
std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
        while (i < path.size() && path[i] == '/') ++i;
        std::size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        if (j > i) out.push_back(path.substr(i, j - i));
        i = j;
    }
    return out;
}

// How many of a pattern's segments are literal: where two rows match a path ("/rounds/new" and "/rounds/{draw_id}"),
// the one with more literal segments wins, whatever their order in the table.
std::size_t literals(const Route& r) {
    std::size_t n = 0;
    for (const auto& s : segments(r.pattern)) n += !(s.size() > 2 && s.front() == '{' && s.back() == '}');
    return n;
}

bool matches(const Route& r, const std::string& path, std::map<std::string, std::string>& params) {
    const auto want = segments(r.pattern), got = segments(path);
    if (want.size() != got.size()) return false;
    std::map<std::string, std::string> p;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') p[want[i].substr(1, want[i].size() - 2)] = got[i];
        else if (want[i] != got[i]) return false;
    }
    params = std::move(p);
    return true;
}

bool hasAnyRole(const Account& a, const std::set<Role>& roles) {
    for (Role r : roles)
        if (a.has(r)) return true;
    return false;
}

}  // namespace

const Route* findRoute(const std::vector<Route>& table, const std::string& method, const std::string& path,
                       std::map<std::string, std::string>& params, bool& pathKnown) {
    const Route* route = nullptr;
    pathKnown = false;
    for (const auto& r : table) {
        std::map<std::string, std::string> p;
        if (!matches(r, path, p)) continue;
        pathKnown = true;
        if ((r.method == method || (method == "HEAD" && r.method == "GET")) && (!route || literals(r) > literals(*route))) {
            route = &r;
            params = std::move(p);
        }
    }
    return route;
}

App::App(const Catalogue& catalogue, AppOptions options) : catalogue_(catalogue), options_(std::move(options)) {}

std::int64_t App::now() const {
    if (options_.clock) return options_.clock();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::size_t App::bodyLimit(const Route* route) const {
    return route && route->upload ? std::max(options_.maxBody, options_.maxUpload) : options_.maxBody;
}

std::size_t App::bodyLimit(const std::string& method, const std::string& path) const {
    std::map<std::string, std::string> params;
    bool pathKnown = false;
    return bodyLimit(findRoute(routes(), method, path, params, pathKnown));
}

Response App::handle(const Request& req, Store& store) const {
    // Find the route: the path first (404), then the method (405).
    std::map<std::string, std::string> params;
    bool pathKnown = false;
    const Route* route = findRoute(routes(), req.method, req.path, params, pathKnown);
    Context c{*this, req, store, route, std::move(params), std::nullopt, std::nullopt, randomToken(16), now()};
    Response res;
    try {
        if (!route) {
            res = pathKnown ? errorPage(c, 405, "Method not allowed", "This address does not take that request.")
                            : errorPage(c, 404, "Page not found", "There is no page at this address.");
            if (pathKnown) res.set("Allow", "GET, POST, PUT");
        } else if (req.body.size() > bodyLimit(route)) {
            res = errorPage(c, 413, "Too large", "The request is larger than the server accepts.");
        } else {
            // Who is asking.
            auto sid = req.cookies.find(kSessionCookie);
            if (sid != req.cookies.end()) {
                Sessions sessions(store, options_.sessions);
                c.session = sessions.find(sid->second, c.now);
                if (c.session) {
                    c.account = Accounts(store).byId(c.session->accountId);
                    if (!c.account || c.account->disabled) {
                        sessions.end(sid->second);
                        c.session.reset();
                        c.account.reset();
                    }
                }
            }
            if (!route->isPublic && !c.account) {
                if (c.wantsJson()) res = jsonError(401, "sign in first (POST /login)");
                else res = redirect("/login");
                if (sid != req.cookies.end()) res.headers.emplace_back("Set-Cookie", sessionCookie(kSessionCookie, "", req.tls, 0));
            } else if (!route->isPublic && !hasAnyRole(*c.account, route->roles)) {
                res = c.wantsJson() ? jsonError(403, "your role may not do this")
                                    : errorPage(c, 403, "Not allowed", "Your role does not give access to this page.");
                c.log("denied: " + route->name, req.path, 403);
            } else if (!route->isPublic && req.isStateChanging()) {
                std::string token = req.header("x-csrf-token");
                if (token.empty()) {
                    auto f = req.form();
                    if (auto it = f.find("csrf"); it != f.end()) token = it->second;
                }
                if (!constantTimeEqual(token, c.session->csrf)) {
                    res = c.wantsJson() ? jsonError(403, "missing or wrong CSRF token (send the X-CSRF-Token header)")
                                        : errorPage(c, 403, "Not allowed",
                                                    "The form had expired or did not come from this site. Go back, "
                                                    "reload the page and try again.");
                    c.log("refused (CSRF): " + route->name, req.path, 403);
                } else {
                    res = route->handler(c);
                }
            } else {
                res = route->handler(c);
            }
        }
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Data || e.kind() == ErrorKind::Usage) {
            res = c.wantsJson() ? jsonError(400, e.what()) : errorPage(c, 400, "Bad request", e.what());
        } else {
            res = c.wantsJson() ? jsonError(500, "the server could not do this; the error is in its log")
                                : errorPage(c, 500, "Sorry, there is a problem with the service", "Try again later.");
            res.set("X-Audit-Error", e.what());  // the HTTP layer logs it and removes it
        }
    }
    addSecurityHeaders(res, c.nonce, req.tls);
    if (req.method == "HEAD") res.body.clear();
    return res;
}

}  // namespace audit::web
