// Accounts of audit-serve, in the store (table web_account): a login name, a display name, one or more roles,
// a team, the auditor name the account answers to in draws (allocation.auditor), an Argon2id password hash (PHC
// string; the password itself is never stored or logged) and a disabled flag.
//
// Login (authenticate) is throttled per account and per address over the store's web_login_attempt table, so
// several audit-serve processes on one PostgreSQL store share the count: after `perAccount` failures for a
// name, or `perAddress` failures from an address, within `windowSeconds`, further attempts are refused
// (Throttled, HTTP 429) without checking the password until the window has passed.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace audit {
class Store;
}

namespace audit::web {

enum class Role { Admin, QaLead, Auditor, Moderator, Practitioner, Observer };
inline constexpr Role kAllRoles[] = {Role::Admin,     Role::QaLead,       Role::Auditor,
                                     Role::Moderator, Role::Practitioner, Role::Observer};
const char* toString(Role r);           // "admin", "qa-lead", "auditor", "moderator", "practitioner", "observer"
std::optional<Role> parseRole(std::string_view s);
// "auditor,qa-lead" -> roles; throws Error(Usage) naming an unknown role and the known ones.
std::set<Role> parseRoles(std::string_view list);
std::string joinRoles(const std::set<Role>& roles);  // "qa-lead,auditor" in the order of kAllRoles

struct Account {
    std::int64_t id = 0;
    std::string name;
    std::string display;
    std::set<Role> roles;
    std::string team;
    std::string auditor;  // the name in draws; "" when the account does not audit
    bool disabled = false;
    std::string createdAt;
    bool has(Role r) const { return roles.count(r) > 0; }
};

struct NewAccount {
    std::string name;      // [a-z0-9._-]{2,64}
    std::string display;   // defaults to name
    std::set<Role> roles;  // at least one
    std::string team;
    std::string auditor;   // defaults to display when the roles include auditor or moderator
    std::string password;  // at least 12 characters
};

struct ThrottlePolicy {
    int perAccount = 5;
    int perAddress = 20;
    long windowSeconds = 15 * 60;
};

enum class LoginOutcome { Ok, Bad, Throttled };

struct LoginResult {
    LoginOutcome outcome = LoginOutcome::Bad;
    std::optional<Account> account;  // when Ok
    long retryAfter = 0;             // seconds, when Throttled
};

class Accounts {
public:
    explicit Accounts(Store& store) : store_(store) {}

    // Adds an account; throws Error(Usage) for a bad name, role or short password, Error(Data) for a name in use.
    Account add(const NewAccount& a);
    std::vector<Account> list();
    std::optional<Account> find(const std::string& name);
    std::optional<Account> byId(std::int64_t id);
    // Throw Error(NoInput) for an unknown name. Disabling also ends the account's sessions.
    void setDisabled(const std::string& name, bool disabled);
    void resetPassword(const std::string& name, const std::string& password);  // ends its sessions too

    // Checks a login at time `nowEpoch` (seconds) from `remote`, records the attempt, and applies the throttle.
    // A disabled or unknown account is Bad, with the same answer and cost as a wrong password.
    LoginResult authenticate(const std::string& name, const std::string& password, const std::string& remote,
                             std::int64_t nowEpoch, const ThrottlePolicy& policy = {});

private:
    Store& store_;
};

// Why a password cannot be used ("" when it can): at least 12 characters, not the account name.
std::string passwordProblem(const std::string& password, const std::string& name);

}  // namespace audit::web
