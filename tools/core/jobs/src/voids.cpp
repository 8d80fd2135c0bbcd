// The void jobs of audit-reconcile and audit-report (audit-score's is in score.cpp): a reason is a usage matter,
// checked before the store is opened; the store must exist.
#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/jobs/reconcile.h"
#include "audit/jobs/report.h"
#include "audit/store/store.h"

namespace audit::jobs {

namespace {
void needReason(const std::string& reason) {
    if (text::trimmed(reason).empty())
        throwUsage("a reason is needed (--reason TEXT): it is kept with the record of what was voided");
}
}  // namespace

ModerationVoid moderationVoid(const ModerationVoidRequest& request) {
    needReason(request.reason);
    Store store(request.store, StoreOpen::ReadWrite);
    return voidModeration(store, request.formId, request.version, request.reason, request.by);
}

TrackerVoid actionsVoid(const ActionsVoidRequest& request) {
    needReason(request.reason);
    Store store(request.store, StoreOpen::ReadWrite);
    return voidTrackerImport(store, request.tracker, request.reason, request.by);
}

}  // namespace audit::jobs
