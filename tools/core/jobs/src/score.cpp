#include "audit/jobs/score.h"

#include "audit/forms/template.h"
#include "audit/store/store.h"

namespace audit::jobs {

ImportReport scoreImport(const ScoreImportRequest& request) {
    const Catalogue catalogue = Catalogue::load();
    Store db(request.store);
    db.logEvent("audit-score", "import", "");
    ImportOptions options;
    options.progress = request.progress;
    return importReturns(db, catalogue, request.paths, options);
}

ScoreSummary scoreSummary(const ScoreSummaryRequest& request) {
    const Catalogue catalogue = Catalogue::load();
    Store db(request.store);
    ScoreSummary s = summarise(db, catalogue, request.period);
    if (!request.out.empty()) writeSummaryXlsx(s, request.out);
    return s;
}

}  // namespace audit::jobs
