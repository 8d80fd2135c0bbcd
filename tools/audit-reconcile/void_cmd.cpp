// audit-reconcile void: a moderation return stops counting, with a record (the job: audit/jobs/reconcile.h).
#include <Poco/JSON/Object.h>

#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"
#include "moderation_cmds.h"

namespace audit::reconcile {

int voidCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (rest.size() != 1) tool.usageError("void needs one form id (the moderation form's M-... id, or the audit's)");
    if (!tool.has("reason")) tool.usageError("void needs --reason TEXT: why this moderation should not count");
    jobs::ModerationVoidRequest q;
    q.store = tool.store();
    q.formId = rest.front();
    if (tool.has("form-version")) q.version = static_cast<int>(tool.integer("form-version", 0));
    q.reason = tool.require("reason");
    q.by = tool.value("by", "");
    const ModerationVoid v = jobs::moderationVoid(q);
    auto& out = tool.out();
    if (tool.json()) {
        Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
        o.set("store", storeDisplayName(q.store));
        o.set("form_id", v.formId);
        o.set("version", v.version);
        o.set("now_counting", v.nowCounting ? Poco::Dynamic::Var(*v.nowCounting) : Poco::Dynamic::Var());
        o.set("by", v.by);
        o.set("at", v.at);
        o.stringify(out);
        out << '\n';
    } else if (!tool.quiet()) {
        out << "Voided version " << v.version << " of moderation " << v.formId << " in store "
            << storeDisplayName(q.store) << ", by " << v.by << " at " << v.at << "; "
            << (v.nowCounting ? "version " + std::to_string(*v.nowCounting) + " counts now"
                              : std::string("no version of it counts now"))
            << ". Importing the file again stores it again.\n";
    }
    out.flush();
    return 0;
}

}  // namespace audit::reconcile
