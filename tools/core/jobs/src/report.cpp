#include "audit/jobs/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "audit/report/lscb_build.h"
#include "audit/moderation/practitioner.h"
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

// The indicators computed from the extracts as partnership KPIs (period: the as-of date's month).
void annexKpis(const std::vector<std::string>& paths, const ReportDefinition& def, LscbBuild& b, ReportLscbResult& res) {
    ReportKpisRequest kq;
    kq.annexA = paths;
    const ReportKpisResult kr = reportKpis(kq);
    res.annexExtracts = kr.extracts.size();
    std::map<std::pair<std::string, std::string>, Kpi> byKey;  // the latest extract of a month counts
    std::vector<std::pair<std::string, std::vector<std::string>>> notes;  // "id: why" and the extracts' dates
    for (const auto& e : kr.extracts) {
        char period[8];
        std::snprintf(period, sizeof period, "%04d-%02d", e.asOf.year(), e.asOf.month());
        for (std::size_t k = 0; k < kr.definition.indicators.size(); ++k) {
            const auto& ind = kr.definition.indicators[k];
            const auto& r = e.results[k];
            const Theme* theme = nullptr;
            for (const auto& t : def.themes)
                if (t.kpi(ind.id)) theme = &t;
            std::string why;
            if (!theme) why = "no theme of the report definition lists it (add <kpi ref=\"" + ind.id + "\"/> to one)";
            else if (!r.computable) why = "not computable: " + r.reason;
            else if (!r.value) why = "no value (a denominator of 0)";
            else if (!ind.target) why = "no target in " + kr.definition.file;
            if (!why.empty()) {
                const std::string note = ind.id + ": " + why;
                auto it = std::find_if(notes.begin(), notes.end(), [&](const auto& n) { return n.first == note; });
                if (it == notes.end()) it = notes.insert(notes.end(), {note, {}});
                it->second.push_back(e.asOf.iso());
                continue;
            }
            // One decimal, as KPI files hold them (a workbook shows the value as stored).
            byKey[{ind.id, period}] = Kpi{ind.id, period, std::round(*r.value * 10) / 10, *ind.target,
                                          ind.polarity == kpi::Polarity::Higher ? Polarity::Higher : Polarity::Lower,
                                          theme->id, 0};
        }
    }
    for (const auto& [note, dates] : notes)
        res.annexNotes.push_back(note + " (" + (dates.size() == 1 ? "extract of " + dates.front()
                                                                  : std::to_string(dates.size()) + " extracts, " + dates.front() +
                                                                        " to " + dates.back()) + ")");
    for (auto& [key, k] : byKey) b.annexKpis.push_back(std::move(k));
    res.annexValues = b.annexKpis.size();
    b.annexSource = "Annex A: " + std::filesystem::path(kr.extracts.front().file).filename().string() +
                    (kr.extracts.size() > 1 ? " … " + std::filesystem::path(kr.extracts.back().file).filename().string() +
                                                  " (" + std::to_string(kr.extracts.size()) + " extracts)"
                                            : std::string());
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
    ReportLscbResult res;
    if (!req.annexA.empty()) annexKpis(req.annexA, def, b, res);
    // Imports, pseudonym key, workbook and event in one transaction, committed once the workbook is in place.
    const auto fb = moderation::feedbackCount(store, Catalogue::load(), req.period);
    o.feedback = LscbOptions::Feedback{fb.asked, fb.received};
    LscbBuilt built = buildLscb(store, def, o, b);
    res.kpis = std::move(built.kpis);
    res.selfAssessments = std::move(built.selfAssessments);
    res.annexKpis = std::move(built.annexKpis);
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
