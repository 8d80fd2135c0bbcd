// The moderation forms and import jobs: a draw's forms rendered again, and moderation returns imported.
#include <filesystem>
#include <set>

#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"

namespace audit::jobs {

using namespace audit::moderation;

ModerationFormsResult moderationForms(const ModerationFormsRequest& req) {
    const Catalogue catalogue = Catalogue::load();
    Store store(req.store, StoreOpen::ReadWrite);
    ModerationFormsResult res;
    if (req.drawId) {
        res.drawId = *req.drawId;
    } else {
        const auto d = latestDraw(store, req.period);
        if (!d)
            throw Error(ErrorKind::Data, store.name(), "",
                        "no moderation draw of period " + req.period + " in the store (audit-reconcile sample makes one)");
        res.drawId = *d;
    }
    res.forms = writeDrawForms(store, catalogue, res.drawId, req.blind, req.outDir, req.progress);
    std::set<std::string> folders;
    for (const auto& p : res.forms) folders.insert(std::filesystem::path(p).parent_path().filename().string());
    res.folders = folders.size();
    const auto params = store.scalar<std::string>("SELECT parameters FROM draw WHERE id = ?", res.drawId).value_or("");
    res.blind = req.blind.value_or(params.find("\"mode\": \"open\"") == std::string::npos);
    return res;
}

ModerationImportResult moderationImport(const ModerationImportRequest& req) {
    const Catalogue catalogue = Catalogue::load();
    const std::vector<std::string> paths = expandModerationPaths(req.paths);  // Error(NoInput) for a missing path
    Store store(req.store, StoreOpen::ReadWrite);
    ModerationImportResult res;
    res.files = importModerationFiles(store, catalogue, paths, req.progress);
    for (const auto& f : res.files) {
        if (f.rejected) {
            ++res.rejected;
            continue;
        }
        res.total.forms += f.result.forms;
        res.total.imported += f.result.imported;
        res.total.newVersions += f.result.newVersions;
        res.total.unchanged += f.result.unchanged;
        res.total.rows += f.result.rows;
        res.total.awaitingAgreement += f.result.awaitingAgreement;
    }
    store.logEvent("audit-reconcile", "import",
                   std::to_string(paths.size()) + " files, " + std::to_string(res.rejected) + " rejected");
    return res;
}

}  // namespace audit::jobs
