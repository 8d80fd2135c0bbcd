#include "actions_void.h"

#include <Poco/JSON/Object.h>

#include "audit/jobs/report.h"
#include "audit/store/store.h"

namespace audit::reportcli {

int actionsVoidCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (rest.size() != 1) tool.usageError("actions-void takes one returned tracker (its file, or its SHA-256)");
    if (!tool.has("reason")) tool.usageError("actions-void needs --reason TEXT: why the tracker's updates should not count");
    jobs::ActionsVoidRequest q{tool.store(), rest.front(), tool.require("reason"), tool.value("by", "")};
    const TrackerVoid v = jobs::actionsVoid(q);
    auto& out = tool.out();
    if (tool.json()) {
        Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
        o.set("store", storeDisplayName(q.store));
        o.set("source_file", v.sourceFile);
        o.set("source_hash", v.sourceHash);
        o.set("updates", static_cast<Poco::UInt64>(v.updates));
        o.set("actions", static_cast<Poco::UInt64>(v.actions));
        o.set("by", v.by);
        o.set("at", v.at);
        o.stringify(out);
        out << '\n';
    } else if (!tool.quiet()) {
        out << "Voided the import of " << (v.sourceFile.empty() ? v.sourceHash : v.sourceFile) << " in store "
            << storeDisplayName(q.store) << ", by " << v.by << " at " << v.at << ": " << v.updates
            << (v.updates == 1 ? " update" : " updates") << " no longer count; " << v.actions
            << (v.actions == 1 ? " action is" : " actions are")
            << " back to their status before it. Importing the tracker again stores it again.\n";
    }
    out.flush();
    return 0;
}

}  // namespace audit::reportcli
