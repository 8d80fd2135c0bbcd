// The calibrate jobs: draw an exercise (and write its forms), import returned forms, report (and the QA lead's
// workbook).
#include "audit/base/error.h"
#include "audit/base/random.h"
#include "audit/forms/template.h"
#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"

namespace audit::jobs {

CalibrationSampleResult calibrationSample(const CalibrationSampleRequest& request) {
    calibration::SampleRequest q;
    q.participants = calibration::readParticipants(request.auditors);
    if (request.cases < 1) throwUsage("a calibration exercise needs --cases N of at least 1");
    q.cases = request.cases;
    q.period = request.period;
    q.templateId = request.templateId;
    q.seed = request.seed ? *request.seed : freshSeed();
    const Catalogue catalogue = Catalogue::load();
    Store store(request.store, StoreOpen::ReadWrite);
    CalibrationSampleResult r;
    r.exercise = calibration::drawExercise(store, catalogue, q);
    if (!request.outDir.empty()) r.forms = calibration::writeExerciseForms(r.exercise, catalogue, request.outDir);
    store.logEvent("audit-reconcile", "calibrate sample --cases " + std::to_string(q.cases) + " --seed " + r.exercise.seed,
                   "exercise " + std::to_string(r.exercise.id));
    return r;
}

calibration::ImportReport calibrationImport(const CalibrationImportRequest& request) {
    const Catalogue catalogue = Catalogue::load();
    Store store(request.store, StoreOpen::ReadWrite);
    calibration::ImportReport r = calibration::importReturns(store, catalogue, request.paths);
    store.logEvent("audit-reconcile", "calibrate import",
                   std::to_string(r.imported) + " imported, " + std::to_string(r.replaced) + " replaced, " +
                       std::to_string(r.unchanged) + " unchanged, " + std::to_string(r.rejected) + " rejected");
    return r;
}

calibration::Report calibrationReport(const CalibrationReportRequest& request) {
    if (!request.out.empty() && (request.out.size() < 5 || request.out.substr(request.out.size() - 5) != ".xlsx"))
        throwUsage("--out must name an .xlsx file");
    const Catalogue catalogue = Catalogue::load();
    Store store(request.store, StoreOpen::ReadWrite);
    calibration::Report r = calibration::report(store, catalogue, request.exercise, request.reference);
    if (!request.out.empty()) calibration::writeReportWorkbook(r, request.out);
    store.logEvent("audit-reconcile", "calibrate report --exercise " + std::to_string(request.exercise), request.out);
    return r;
}

}  // namespace audit::jobs
