#include "audit/jobs/score.h"

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/base/period.h"
#include "audit/base/text.h"
#include "audit/forms/template.h"
#include "audit/store/store.h"

namespace audit::jobs {

ImportReport scoreImport(const ScoreImportRequest& request) {
    const Catalogue catalogue = Catalogue::load();
    Store db(request.store);
    ImportOptions options;
    options.progress = request.progress;
    options.eventTool = "audit-score";  // logged in the import's transaction
    options.unsampled = request.unsampled;
    return importReturns(db, catalogue, request.paths, options);
}

FileReport submitAudit(Store& store, const Catalogue& catalogue, ReturnedAudit r) {
    ImportOptions options;
    options.eventTool = "audit-serve";
    options.eventCommand = "submit";
    options.unsampled = false;
    return importReturn(store, catalogue, std::move(r), "audit-web", options);
}

namespace {
// Usage errors come before the store is opened: a bad option never depends on which folder the command ran in.
void checkPeriod(const std::string& period) {
    const std::string p = text::trimmed(period);
    if (!p.empty() && !parsePeriod(p)) throwUsage("'" + p + "' is not a period (expected " + kPeriodForms + ")");
}
}  // namespace

namespace {
ScoreSummary summaryOn(Store& db, const Catalogue& catalogue, const ScoreSummaryRequest& request) {
    ScoreSummary s = summarise(db, catalogue, request.period);
    if (!request.out.empty()) writeSummaryXlsx(s, request.out);
    return s;
}
}  // namespace

ScoreSummary scoreSummary(const ScoreSummaryRequest& request) {
    checkPeriod(request.period);
    const Catalogue catalogue = Catalogue::load();
    Store db(request.store, StoreOpen::ReadOnly);
    return summaryOn(db, catalogue, request);
}

ScoreSummary scoreSummary(Store& store, const ScoreSummaryRequest& request) {
    checkPeriod(request.period);
    return summaryOn(store, Catalogue::load(), request);
}

}  // namespace audit::jobs

namespace audit::jobs {

namespace {
// The request's options, checked before any store is opened.
void checkStatusRequest(const ScoreStatusRequest& request) {
    if (!request.out.empty() && !(request.out.size() >= 5 && text::lower(request.out.substr(request.out.size() - 5)) == ".xlsx"))
        throwUsage("--out must name a .xlsx file, not '" + request.out + "'");
    checkPeriod(request.period);
    if (!request.asOf.empty() && (!parseDate(request.asOf) || parseDate(request.asOf)->iso() != request.asOf))
        throwUsage("--as-of '" + request.asOf + "' is not a date (expected YYYY-MM-DD, e.g. 2026-12-01)");
}
}  // namespace

ReturnStatus scoreStatus(const ScoreStatusRequest& request) {
    checkStatusRequest(request);
    Store db(request.store, StoreOpen::ReadOnly);
    return scoreStatus(db, request);
}

ReturnStatus scoreStatus(Store& db, const ScoreStatusRequest& request) {
    checkStatusRequest(request);
    const std::string asOf = request.asOf.empty() ? db.now().substr(0, 10) : request.asOf;
    ReturnStatus s = returnStatus(db, request.period, asOf);
    if (!request.out.empty()) writeStatusXlsx(s, request.out);
    return s;
}

}  // namespace audit::jobs

namespace audit::jobs {

AuditVoid scoreVoid(const ScoreVoidRequest& request) {
    if (text::trimmed(request.reason).empty())
        throwUsage("a reason is needed (--reason TEXT): it is kept with the record of what was voided");
    Store db(request.store, StoreOpen::ReadWrite);
    return voidAudit(db, request.formId, request.version, request.reason, request.by);
}

}  // namespace audit::jobs
