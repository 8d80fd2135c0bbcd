#include "audit/web/accounts.h"

#include <algorithm>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/store/store.h"
#include "audit/web/security.h"

namespace audit::web {

const char* toString(Role r) {
    switch (r) {
        case Role::Admin: return "admin";
        case Role::QaLead: return "qa-lead";
        case Role::Auditor: return "auditor";
        case Role::Moderator: return "moderator";
        case Role::Practitioner: return "practitioner";
        case Role::Observer: return "observer";
    }
    return "?";
}

std::optional<Role> parseRole(std::string_view s) {
    for (Role r : kAllRoles)
        if (text::lower(text::trim(s)) == toString(r)) return r;
    return std::nullopt;
}

std::set<Role> parseRoles(std::string_view list) {
    std::set<Role> out;
    std::string known;
    for (Role r : kAllRoles) known += std::string(known.empty() ? "" : ", ") + toString(r);
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        std::string_view part = text::trim(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (part.empty()) continue;
        auto r = parseRole(part);
        if (!r) throw Error(ErrorKind::Usage, "unknown role '" + std::string(part) + "' (roles: " + known + ")");
        out.insert(*r);
    }
    return out;
}

std::string joinRoles(const std::set<Role>& roles) {
    std::string s;
    for (Role r : kAllRoles)
        if (roles.count(r)) s += std::string(s.empty() ? "" : ",") + toString(r);
    return s;
}

std::string passwordProblem(const std::string& password, const std::string& name) {
    if (password.size() < 12) return "the password is too short (at least 12 characters; a passphrase is best)";
    if (text::lower(password) == text::lower(name)) return "the password must not be the account name";
    return {};
}

namespace {

Account fromRow(const StoreRow& row) {
    Account a;
    a.id = row.integer("id");
    a.name = row.text("name");
    a.display = row.text("display_name");
    a.roles = parseRoles(row.text("roles"));
    a.team = row.text("team");
    a.auditor = row.text("auditor");
    a.disabled = row.integer("disabled") != 0;
    a.createdAt = row.text("created_at");
    return a;
}

constexpr const char* kColumns = "SELECT id, name, display_name, roles, team, auditor, disabled, created_at FROM web_account";

bool validName(const std::string& n) {
    if (n.size() < 2 || n.size() > 64) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

// A hash to spend the same time on for unknown accounts, so that timing does not tell which names exist.
const std::string& dummyHash() {
    static const std::string h = hashPassword("not a password of anyone");
    return h;
}

}  // namespace

Account Accounts::add(const NewAccount& in) {
    if (!validName(in.name))
        throw Error(ErrorKind::Usage, "account name '" + in.name +
                                          "' is not valid (2 to 64 of a-z, 0-9, '.', '_', '-'; e.g. j.smith)");
    if (in.roles.empty()) throw Error(ErrorKind::Usage, "an account needs at least one role (--role)");
    if (auto why = passwordProblem(in.password, in.name); !why.empty()) throw Error(ErrorKind::Usage, why);
    if (find(in.name)) throw Error(ErrorKind::Data, "an account named '" + in.name + "' exists already");
    const std::string display = text::trimmed(in.display).empty() ? in.name : text::trimmed(in.display);
    std::string auditor = text::trimmed(in.auditor);
    if (auditor.empty() && (in.roles.count(Role::Auditor) || in.roles.count(Role::Moderator))) auditor = display;
    const std::string now = store_.now();
    auto opt = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s); };
    store_.exec("INSERT INTO web_account (name, display_name, roles, team, auditor, password_hash, disabled, "
                "created_at, password_set_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                in.name, display, joinRoles(in.roles), opt(text::trimmed(in.team)), opt(auditor),
                hashPassword(in.password), now, now);
    return *find(in.name);
}

std::vector<Account> Accounts::list() {
    std::vector<Account> out;
    for (const auto& row : store_.query(std::string(kColumns) + " ORDER BY name")) out.push_back(fromRow(row));
    std::sort(out.begin(), out.end(), [](const Account& a, const Account& b) { return a.name < b.name; });
    return out;
}

std::optional<Account> Accounts::find(const std::string& name) {
    auto rows = store_.query(std::string(kColumns) + " WHERE name = ?", name);
    if (rows.empty()) return std::nullopt;
    return fromRow(rows.front());
}

std::optional<Account> Accounts::byId(std::int64_t id) {
    auto rows = store_.query(std::string(kColumns) + " WHERE id = ?", id);
    if (rows.empty()) return std::nullopt;
    return fromRow(rows.front());
}

void Accounts::setDisabled(const std::string& name, bool disabled) {
    auto a = find(name);
    if (!a) throw Error(ErrorKind::NoInput, "no account named '" + name + "'");
    store_.transaction([&] {
        store_.exec("UPDATE web_account SET disabled = ? WHERE id = ?", disabled, a->id);
        if (disabled) store_.exec("DELETE FROM web_session WHERE account_id = ?", a->id);
    });
}

void Accounts::resetPassword(const std::string& name, const std::string& password) {
    auto a = find(name);
    if (!a) throw Error(ErrorKind::NoInput, "no account named '" + name + "'");
    if (auto why = passwordProblem(password, name); !why.empty()) throw Error(ErrorKind::Usage, why);
    const std::string hash = hashPassword(password);
    store_.transaction([&] {
        store_.exec("UPDATE web_account SET password_hash = ?, password_set_at = ? WHERE id = ?", hash, store_.now(),
                    a->id);
        store_.exec("DELETE FROM web_session WHERE account_id = ?", a->id);
    });
}

LoginResult Accounts::authenticate(const std::string& name, const std::string& password, const std::string& remote,
                                   std::int64_t nowEpoch, const ThrottlePolicy& policy) {
    LoginResult result;
    const std::int64_t since = nowEpoch - policy.windowSeconds;
    const std::string key = text::lower(text::trimmed(name)).substr(0, 64);
    auto failures = [&](const char* column, const std::string& value) {
        auto rows = store_.query(std::string("SELECT COUNT(*) AS n, MIN(at_epoch) AS first FROM web_login_attempt "
                                             "WHERE ") + column + " = ? AND ok = 0 AND at_epoch > ?",
                                 value, since);
        const std::int64_t n = rows.empty() ? 0 : rows.front().integer("n");
        const std::int64_t first = n > 0 ? rows.front().optInteger("first").value_or(nowEpoch) : nowEpoch;
        return std::pair<std::int64_t, std::int64_t>(n, first);
    };
    const auto [byName, nameFirst] = failures("account_name", key);
    const auto [byAddr, addrFirst] = failures("remote", remote);
    if (byName >= policy.perAccount || byAddr >= policy.perAddress) {
        result.outcome = LoginOutcome::Throttled;
        const std::int64_t first = byName >= policy.perAccount ? nameFirst : addrFirst;
        result.retryAfter = std::max<long>(1, static_cast<long>(first + policy.windowSeconds - nowEpoch));
        store_.exec("INSERT INTO web_login_attempt (at_epoch, account_name, remote, ok) VALUES (?, ?, ?, 0)", nowEpoch,
                    key, remote);
        return result;
    }
    auto rows = store_.query("SELECT id, password_hash, disabled FROM web_account WHERE name = ?", key);
    bool ok = false;
    if (rows.empty()) {
        verifyPassword(password, dummyHash());
    } else {
        ok = verifyPassword(password, rows.front().text("password_hash")) && rows.front().integer("disabled") == 0;
    }
    store_.exec("INSERT INTO web_login_attempt (at_epoch, account_name, remote, ok) VALUES (?, ?, ?, ?)", nowEpoch, key,
                remote, ok);
    if (!ok) return result;
    const std::int64_t id = rows.front().integer("id");
    if (needsRehash(rows.front().text("password_hash")))
        store_.exec("UPDATE web_account SET password_hash = ? WHERE id = ?", hashPassword(password), id);
    // A successful login clears the account's failures (not the address's).
    store_.exec("DELETE FROM web_login_attempt WHERE account_name = ? AND ok = 0", key);
    result.outcome = LoginOutcome::Ok;
    result.account = byId(id);
    return result;
}

}  // namespace audit::web
