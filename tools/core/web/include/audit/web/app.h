// audit-serve's application, without a socket: a Request in, a Response out, against a Store.
//
// Deny by default. Every route is a row of routes() below: method, path pattern, and the roles that may use
// it (or public). A path that matches no row answers 404; a signed-out request to a non-public route goes to
// the sign-in page (API: 401); a role not in the row answers 403 (and is logged); every state-changing request
// (POST, PUT, DELETE) must carry the session's CSRF token (form field `csrf` or header X-CSRF-Token) or it
// answers 403. Handlers then check ownership: an audit that is not the auditor's answers 404, as if it did not
// exist. tests/unit/web/app_test.cpp holds the same role × route table and fails when a route is added
// without a row there.
//
// Thread safety: handle() may run on many threads at once as long as each call has its own Store.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/web/accounts.h"
#include "audit/web/http.h"
#include "audit/web/sessions.h"

namespace audit {
class Store;
class Catalogue;
}  // namespace audit

namespace audit::web {

struct Context;  // one request being handled (src/app_context.h)

struct Route {
    std::string method;         // GET, POST, PUT
    std::string pattern;        // "/api/audits/{form_id}/draft": {name} matches one path segment
    bool isPublic = false;      // no sign-in needed
    std::set<Role> roles;       // who may use it (when not public)
    std::string name;           // what the access log calls it
    Response (*handler)(Context&) = nullptr;
    bool upload = false;        // takes a file upload: bodies up to AppOptions::maxUpload
};

// Every route the server answers.
const std::vector<Route>& routes();

// The row of `table` that answers `method` on `path` (HEAD as GET), its {name} segments in `params`; nullptr when
// none does, with `pathKnown` saying whether some row matched the path with another method (405, not 404). Where
// several rows match, the one with the most literal segments wins ("/rounds/new" over "/rounds/{draw_id}"),
// whatever their order; between equals, the first.
const Route* findRoute(const std::vector<Route>& table, const std::string& method, const std::string& path,
                       std::map<std::string, std::string>& params, bool& pathKnown);

struct AppOptions {
    std::string defaultTemplate;   // template id for draws that record none ("" = by case category)
    SessionPolicy sessions;
    ThrottlePolicy throttle;
    std::function<std::int64_t()> clock;  // seconds since 1970 (default: the system clock)
    std::function<Date()> today;          // for due and overdue (default: audit::today())
    std::size_t maxBody = 1 << 20;        // larger request bodies answer 413
    std::size_t maxUpload = 64 << 20;     // the same for a route that takes a file (a council's case list)
};

class App {
public:
    App(const Catalogue& catalogue, AppOptions options = {});
    Response handle(const Request& request, Store& store) const;
    // The largest body handle() takes for `method` on `path` (the HTTP layer reads no more than this + 1 byte).
    std::size_t bodyLimit(const std::string& method, const std::string& path) const;

    const Catalogue& catalogue() const { return catalogue_; }
    const AppOptions& options() const { return options_; }
    std::int64_t now() const;

private:
    std::size_t bodyLimit(const Route* route) const;  // an upload route's, else maxBody
    const Catalogue& catalogue_;
    AppOptions options_;
};

inline constexpr const char* kSessionCookie = "audit_session";
inline constexpr const char* kLoginCookie = "audit_login";  // the sign-in form's CSRF token (double submit)

}  // namespace audit::web
