#include "audit/jobs/report.h"

#include <filesystem>

#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "audit/report/lscb_build.h"
#include "audit/report/report_definition.h"
#include "audit/store/store.h"

namespace audit::jobs {

using namespace audit::report;

namespace {

// The report definition (an id or a file), checked against the catalogue; the questions' texts in `questionText`.
ReportDefinition definition(const std::string& d, std::map<std::string, std::string>& questionText,
                            std::map<std::string, std::string>& domainTitles) {
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
    // The domains' titles, from the frameworks.
    for (const auto& f : catalogue.frameworks())
        for (const auto& dm : f.domains)
            if (!dm.title.empty()) domainTitles.try_emplace(dm.id, dm.title);
    return def;
}

}  // namespace

ReportLscbResult reportLscb(const ReportLscbRequest& req) {
    LscbOptions o;
    const ReportDefinition def = definition(req.definition, o.questionText, o.domainTitles);
    Store store(req.store, StoreOpen::ReadWrite);
    o.period = req.period;
    o.publish = req.publish;
    o.trendMonths = req.trendMonths;
    LscbBuild b;
    b.out = req.out;
    b.kpis = req.kpis;
    b.selfAssessments = req.selfAssessments;
    b.command = "lscb --period " + req.periodText + (o.publish ? " --publish" : "");
    // Imports, pseudonym key, workbook and event in one transaction, committed once the workbook is in place.
    LscbBuilt built = buildLscb(store, def, o, b);
    ReportLscbResult res;
    res.kpis = std::move(built.kpis);
    res.selfAssessments = std::move(built.selfAssessments);
    res.workbook = std::move(built.result);
    return res;
}

TrackerResult reportActions(const ReportActionsRequest& req) {
    Store store(req.store, StoreOpen::ReadWrite);
    return buildActionsTracker(store, req.out, req.asOf);  // the event only once the tracker is in place
}

TrackerImport reportActionsImport(const ReportActionsImportRequest& req) {
    Store store(req.store, StoreOpen::ReadWrite);
    return importActionsTrackerLogged(store, req.file, req.today, req.by);  // import and event: one transaction
}

}  // namespace audit::jobs
