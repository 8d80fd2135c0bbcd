#include "audit/web/sessions.h"

#include "audit/base/hash.h"
#include "audit/store/store.h"
#include "audit/web/security.h"

namespace audit::web {

Session Sessions::create(std::int64_t accountId, const std::string& remote, std::int64_t nowEpoch) {
    Session s;
    s.id = randomToken(32);
    s.idHash = sha256(s.id);
    s.accountId = accountId;
    s.csrf = randomToken(32);
    s.created = s.seen = nowEpoch;
    store_.exec("INSERT INTO web_session (id_hash, account_id, csrf_token, created_epoch, seen_epoch, remote) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                s.idHash, accountId, s.csrf, nowEpoch, nowEpoch, remote);
    return s;
}

std::optional<Session> Sessions::find(const std::string& id, std::int64_t nowEpoch) {
    if (id.size() != 64) return std::nullopt;
    const std::string idHash = sha256(id);
    auto rows = store_.query("SELECT account_id, csrf_token, created_epoch, seen_epoch FROM web_session WHERE id_hash = ?",
                             idHash);
    if (rows.empty()) return std::nullopt;
    Session s;
    s.id = id;
    s.idHash = idHash;
    s.accountId = rows.front().integer("account_id");
    s.csrf = rows.front().text("csrf_token");
    s.created = rows.front().integer("created_epoch");
    s.seen = rows.front().integer("seen_epoch");
    if (nowEpoch - s.seen > policy_.idleSeconds || nowEpoch - s.created > policy_.absoluteSeconds) {
        store_.exec("DELETE FROM web_session WHERE id_hash = ?", idHash);
        return std::nullopt;
    }
    if (nowEpoch - s.seen >= policy_.touchEverySeconds) {
        store_.exec("UPDATE web_session SET seen_epoch = ? WHERE id_hash = ?", nowEpoch, idHash);
        s.seen = nowEpoch;
    }
    return s;
}

void Sessions::end(const std::string& id) {
    if (!id.empty()) store_.exec("DELETE FROM web_session WHERE id_hash = ?", sha256(id));
}

std::size_t Sessions::purge(std::int64_t nowEpoch) {
    return store_.exec("DELETE FROM web_session WHERE seen_epoch < ? OR created_epoch < ?",
                       nowEpoch - policy_.idleSeconds, nowEpoch - policy_.absoluteSeconds);
}

}  // namespace audit::web
