#include "audit/store/voiding.h"

#include <Poco/Environment.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/store/store.h"

namespace audit {

std::string currentUserName() {
    for (const char* var : {"USER", "LOGNAME", "USERNAME"})
        if (Poco::Environment::has(var)) return Poco::Environment::get(var);
    return "";
}

VoidDone recordVoid(Store& store, const VoidRecord& v, const std::string& tool) {
    const std::string reason = text::trimmed(v.reason);
    if (reason.empty()) throwUsage("a reason is needed (--reason TEXT): it is kept with the record of what was voided");
    VoidDone done;
    done.by = text::trimmed(v.by).empty() ? currentUserName() : text::trimmed(v.by);
    if (done.by.empty()) done.by = "unknown";
    done.at = store.now();
    Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
    details.set("kind", v.kind);
    if (!v.formId.empty()) details.set("form_id", v.formId);
    if (v.version) details.set("version", *v.version);
    if (!v.sourceFile.empty()) details.set("source_file", v.sourceFile);
    if (!v.sourceHash.empty()) details.set("source_hash", v.sourceHash);
    details.set("reason", reason);
    details.set("by", done.by);
    std::ostringstream os;
    details.stringify(os);
    auto opt = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s); };
    store.transaction([&] {
        store.exec("INSERT INTO voiding (kind, form_id, version, record_id, source_file, source_hash, reason, voided_by, "
                   "voided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   v.kind, opt(v.formId), v.version, v.recordId, opt(v.sourceFile), opt(v.sourceHash), reason, done.by,
                   done.at);
        store.logEvent(tool, "void", os.str());
    });
    return done;
}

}  // namespace audit
