#include "audit/moderation/moderation_void.h"

#include <set>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/store/store.h"
#include "audit/store/voiding.h"

namespace audit {

ModerationVoid voidModeration(Store& store, const std::string& formIdText, std::optional<int> version,
                              const std::string& reason, const std::string& by) {
    ModerationVoid v;
    const std::string given = text::trimmed(formIdText);
    v.formId = given.rfind("M-", 0) == 0 ? given : "M-" + given;
    if (text::trimmed(reason).empty())
        throwUsage("a reason is needed (--reason TEXT): it is kept with the record of what was voided");
    const auto rows = store.query(
        "SELECT version, MIN(COALESCE(source_file, '')) AS source_file, MIN(source_hash) AS source_hash "
        "FROM moderation WHERE form_id = ? GROUP BY version ORDER BY version", v.formId);
    if (rows.empty())
        throw Error(ErrorKind::Data, store.name(), "", "no moderation return '" + v.formId + "' in the store");
    std::set<std::int64_t> voided;
    for (const auto& r : store.query("SELECT version FROM voiding WHERE kind = 'moderation' AND form_id = ?", v.formId))
        voided.insert(r.integer(0));
    const StoreRow* target = nullptr;
    for (const auto& r : rows)
        if (version ? r.integer("version") == *version : !voided.count(r.integer("version"))) target = &r;
    if (!target) {
        if (version)
            throw Error(ErrorKind::Data, store.name(), "", "moderation '" + v.formId + "' has no version " +
                                                               std::to_string(*version) + " (it has 1 to " +
                                                               rows.back().text("version") + ")");
        throw Error(ErrorKind::Data, store.name(), "", "every version of moderation '" + v.formId + "' is voided already");
    }
    v.version = static_cast<int>(target->integer("version"));
    if (voided.count(v.version))
        throw Error(ErrorKind::Data, store.name(), "",
                    "version " + std::to_string(v.version) + " of moderation '" + v.formId + "' is voided already");
    v.sourceFile = target->text("source_file");
    const VoidDone done = recordVoid(
        store, {"moderation", v.formId, v.version, std::nullopt, v.sourceFile, target->text("source_hash"), reason, by},
        "audit-reconcile");
    v.by = done.by;
    v.at = done.at;
    if (const auto now = store.scalar<std::int64_t>("SELECT MAX(version) FROM moderation_latest WHERE form_id = ?",
                                                    v.formId))
        v.nowCounting = static_cast<int>(*now);
    return v;
}

}  // namespace audit
