#include "audit/report/tracker_void.h"

#include <filesystem>
#include <set>

#include "audit/base/error.h"
#include "audit/base/hash.h"
#include "audit/base/text.h"
#include "audit/store/store.h"
#include "audit/store/voiding.h"

namespace audit {

TrackerVoid voidTrackerImport(Store& store, const std::string& tracker, const std::string& reason,
                              const std::string& by) {
    TrackerVoid v;
    if (text::trimmed(reason).empty())
        throwUsage("a reason is needed (--reason TEXT): it is kept with the record of what was voided");
    std::error_code ec;
    const bool isHash = tracker.size() == 64 && tracker.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (std::filesystem::is_regular_file(tracker, ec)) v.sourceHash = sha256File(tracker);
    else if (isHash) v.sourceHash = tracker;
    else throw Error(ErrorKind::NoInput, tracker, "", "no such file (give the returned tracker that was imported, or its SHA-256)");
    const auto updates = store.query("SELECT id, action_id, COALESCE(source_file, '') AS source_file FROM action_update "
                                     "WHERE source_hash = ? ORDER BY id", v.sourceHash);
    if (updates.empty())
        throw Error(ErrorKind::Data, tracker, "",
                    "no import of this tracker changed an action in store " + store.name() + " (nothing to void)");
    if (store.scalar<std::int64_t>("SELECT COUNT(*) FROM voiding WHERE kind = 'tracker' AND source_hash = ?",
                                   v.sourceHash).value_or(0) > 0)
        throw Error(ErrorKind::Data, tracker, "", "this tracker's import is voided already");
    v.sourceFile = updates.front().text("source_file");
    v.updates = updates.size();
    std::set<std::int64_t> actions;
    for (const auto& u : updates) actions.insert(u.integer("action_id"));
    v.actions = actions.size();
    store.transaction([&] {
        const VoidDone done =
            recordVoid(store, {"tracker", "", std::nullopt, std::nullopt, v.sourceFile, v.sourceHash, reason, by},
                       "audit-report");
        v.by = done.by;
        v.at = done.at;
        for (const std::int64_t id : actions) {
            const auto last = store.query(
                "SELECT status, closed_date FROM action_update u WHERE action_id = ? AND NOT EXISTS "
                "(SELECT 1 FROM voiding x WHERE x.kind = 'tracker' AND x.source_hash = u.source_hash) ORDER BY id DESC",
                id);
            if (last.empty())
                store.exec("UPDATE action SET status = 'open', closed_date = NULL, updated_at = ? WHERE id = ?", v.at, id);
            else
                store.exec("UPDATE action SET status = ?, closed_date = ?, updated_at = ? WHERE id = ?",
                           last.front().text("status"), last.front().optText("closed_date"), v.at, id);
        }
    });
    return v;
}

}  // namespace audit
