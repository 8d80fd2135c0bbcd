#include "audit/jobs/report.h"

#include <filesystem>

#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "audit/moderation/practitioner.h"
#include "audit/report/report_definition.h"
#include "audit/store/store.h"

namespace audit::jobs {

using namespace audit::report;

namespace {

// The report definition (an id or a file), checked against the catalogue; the questions' texts in `questionText`.
ReportDefinition definition(const std::string& d, std::map<std::string, std::string>& questionText) {
    const bool isFile = d.find('/') != std::string::npos || (d.size() > 4 && d.substr(d.size() - 4) == ".xml");
    ReportDefinition def = loadReportDefinition(isFile ? d : reportDefinitionPath(d));
    // Every domain and question it names must exist in the frameworks and templates.
    const Catalogue catalogue = Catalogue::load();
    std::vector<Problem> problems = checkAgainstCatalogue(def, catalogue);
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    // The questions' texts, from the latest version of the templates that ask them.
    for (const Template* t : catalogue.latestTemplates())
        for (const auto& sec : t->sections)
            for (const auto& q : sec.questions) questionText.try_emplace(q.id, q.text);
    return def;
}

}  // namespace

ReportLscbResult reportLscb(const ReportLscbRequest& req) {
    LscbOptions o;
    const ReportDefinition def = definition(req.definition, o.questionText);
    Store store(req.store);
    o.period = req.period;
    o.publish = req.publish;
    o.storeName = store.name();
    o.trendMonths = req.trendMonths;
    ReportLscbResult res;
    if (req.kpis) {
        res.kpis = importKpis(store, *req.kpis, def);
        o.kpiSource = std::filesystem::path(*req.kpis).filename().string();
        o.kpiHash = res.kpis->hash;
    }
    if (req.selfAssessments) {
        res.selfAssessments = importSelfAssessments(store, *req.selfAssessments, def);
        o.selfSource = std::filesystem::path(*req.selfAssessments).filename().string();
        o.selfHash = res.selfAssessments->hash;
    }
    if (o.publish) o.pseudonymKey = store.pseudonymKey();
    const std::vector<Kpi> kpis = storedKpis(store);
    const std::vector<SelfAssessment> sas = storedSelfAssessments(store);
    const ReportData data = loadReportData(store, &def);
    const auto fb = moderation::feedbackCount(store, Catalogue::load(), req.period);
    o.feedback = LscbOptions::Feedback{fb.asked, fb.received};
    res.workbook = writeLscbWorkbook(req.out, def, data, kpis, sas, o);
    store.logEvent("audit-report", "lscb --period " + req.periodText + (o.publish ? " --publish" : ""), req.out);
    return res;
}

TrackerResult reportActions(const ReportActionsRequest& req) {
    Store store(req.store);
    const ReportData data = loadReportData(store);
    const TrackerResult r = writeActionsTracker(req.out, data, req.asOf);
    store.logEvent("audit-report", "actions --as-of " + req.asOf, req.out);
    return r;
}

TrackerImport reportActionsImport(const ReportActionsImportRequest& req) {
    Store store(req.store);
    const TrackerImport r = importActionsTracker(store, req.file, req.today, req.by);
    store.logEvent("audit-report", "actions-import", req.file);
    return r;
}

}  // namespace audit::jobs
