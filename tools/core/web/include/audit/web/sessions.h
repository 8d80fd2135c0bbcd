// Server-side sessions in the store (table web_session), so that several audit-serve processes on one
// PostgreSQL store share them. The browser holds only the session id: 256 random bits (libsodium), in an
// HttpOnly, SameSite=Strict cookie; the store keeps its SHA-256, never the id itself, with the account, the
// CSRF token of the session, when it began and when it was last used.
//
// A new id is made at every login (the id a browser had before logging in is never promoted: no fixation).
// A session ends after `idleSeconds` without a request, or `absoluteSeconds` after login, whichever is first.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace audit {
class Store;
}

namespace audit::web {

struct SessionPolicy {
    long idleSeconds = 30 * 60;         // 30 minutes without a request
    long absoluteSeconds = 10 * 3600;   // a working day
    long touchEverySeconds = 60;        // how often `seen` is written back (not on every request)
};

struct Session {
    std::string id;        // the cookie value (only known to the browser and at creation)
    std::string idHash;    // what the store keys it by
    std::int64_t accountId = 0;
    std::string csrf;      // the session's CSRF token (64 hex digits)
    std::int64_t created = 0, seen = 0;
};

class Sessions {
public:
    Sessions(Store& store, SessionPolicy policy = {}) : store_(store), policy_(policy) {}

    // A new session for the account (logging in). The caller ends any session the browser had before.
    Session create(std::int64_t accountId, const std::string& remote, std::int64_t nowEpoch);
    // The live session with this id, its `seen` time updated; nullopt (and the row removed) when unknown,
    // idle too long or too old.
    std::optional<Session> find(const std::string& id, std::int64_t nowEpoch);
    void end(const std::string& id);
    // Removes every expired session (run now and then).
    std::size_t purge(std::int64_t nowEpoch);
    const SessionPolicy& policy() const { return policy_; }

private:
    Store& store_;
    SessionPolicy policy_;
};

}  // namespace audit::web
