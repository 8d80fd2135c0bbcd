#include "audit/web/access_log.h"

#include "audit/store/store.h"

namespace audit::web {

void logAccess(Store& store, const AccessEntry& e) {
    auto opt = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s); };
    store.exec("INSERT INTO access_log (at, account_name, remote, method, action, object, status) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               e.at.empty() ? store.now() : e.at, opt(e.account), opt(e.remote), e.method, e.action, opt(e.object),
               e.status);
}

std::vector<AccessEntry> readAccess(Store& store, const AccessQuery& q) {
    std::string sql = "SELECT id, at, account_name, remote, method, action, object, status FROM access_log WHERE 1 = 1";
    if (!q.account.empty()) sql += " AND account_name = ?";
    if (!q.object.empty()) sql += " AND object = ?";
    sql += " ORDER BY id DESC LIMIT " + std::to_string(q.limit);
    StoreRows rows;
    if (!q.account.empty() && !q.object.empty()) rows = store.query(sql, q.account, q.object);
    else if (!q.account.empty()) rows = store.query(sql, q.account);
    else if (!q.object.empty()) rows = store.query(sql, q.object);
    else rows = store.query(sql);
    std::vector<AccessEntry> out;
    for (const auto& r : rows) {
        out.push_back({r.text("at"), r.text("account_name"), r.text("remote"), r.text("method"), r.text("action"),
                       r.text("object"), static_cast<int>(r.integer("status"))});
    }
    return out;
}

}  // namespace audit::web
