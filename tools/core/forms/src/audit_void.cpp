#include "audit/forms/audit_void.h"

#include <set>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/store/store.h"
#include "audit/store/voiding.h"

namespace audit {

AuditVoid voidAudit(Store& store, const std::string& formIdText, std::optional<int> version, const std::string& reason,
                    const std::string& by) {
    AuditVoid v;
    v.formId = text::trimmed(formIdText);
    if (text::trimmed(reason).empty())
        throwUsage("a reason is needed (--reason TEXT): it is kept with the record of what was voided");
    const auto rows = store.query(
        "SELECT id, version, case_ref, COALESCE(source_file, '') AS source_file, source_hash FROM audit "
        "WHERE form_id = ? ORDER BY version", v.formId);
    if (rows.empty())
        throw Error(ErrorKind::Data, store.name(), "", "no audit with form id '" + v.formId + "' in the store");
    std::set<std::int64_t> voided;
    for (const auto& r : store.query("SELECT version FROM voiding WHERE kind = 'audit' AND form_id = ?", v.formId))
        voided.insert(r.integer(0));
    const StoreRow* target = nullptr;
    for (const auto& r : rows) {
        if (version ? r.integer("version") == *version : !voided.count(r.integer("version"))) target = &r;
    }
    if (!target) {
        if (version)
            throw Error(ErrorKind::Data, store.name(), "", "audit '" + v.formId + "' has no version " +
                                                               std::to_string(*version) + " (it has 1 to " +
                                                               rows.back().text("version") + ")");
        throw Error(ErrorKind::Data, store.name(), "", "every version of audit '" + v.formId + "' is voided already");
    }
    v.version = static_cast<int>(target->integer("version"));
    if (voided.count(v.version))
        throw Error(ErrorKind::Data, store.name(), "",
                    "version " + std::to_string(v.version) + " of audit '" + v.formId + "' is voided already");
    v.caseRef = target->text("case_ref");
    v.sourceFile = target->text("source_file");
    const VoidDone done = recordVoid(store,
                                     {"audit", v.formId, v.version, target->integer("id"), v.sourceFile,
                                      target->text("source_hash"), reason, by},
                                     "audit-score");
    v.by = done.by;
    v.at = done.at;
    if (const auto now = store.scalar<std::int64_t>("SELECT version FROM audit_latest WHERE form_id = ?", v.formId))
        v.nowCounting = static_cast<int>(*now);
    return v;
}

}  // namespace audit
