#include "audit/jobs/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include <unistd.h>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/base/working_days.h"
#include "audit/jobs/render.h"
#include "audit/forms/template.h"
#include "audit/report/lscb_build.h"
#include "audit/moderation/practitioner.h"
#include "audit/report/report_definition.h"
#include "audit/report/return_status.h"
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

namespace {
ReportLscbResult lscbOn(Store& store, const ReportLscbRequest& req, LscbOptions o, const ReportDefinition& def) {
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
    // The completion rate as audit-score status counts it, as at --as-of or the period's last day.
    o.completionAsOfGiven = req.asOf.has_value();
    o.completionAsOf = req.asOf ? *req.asOf : req.period.lastDay();
    o.completion = completionRate(store, req.periodText, o.completionAsOf);
    if (o.completionAsOfGiven) b.command += " --as-of " + o.completionAsOf;
    LscbBuilt built = buildLscb(store, def, o, b);
    res.kpis = std::move(built.kpis);
    res.selfAssessments = std::move(built.selfAssessments);
    res.annexKpis = std::move(built.annexKpis);
    res.workbook = std::move(built.result);
    return res;
}
}  // namespace

ReportLscbResult reportLscb(const ReportLscbRequest& req) {
    LscbOptions o;
    const ReportDefinition def = definition(req.definition, o.questionText, o.domainTitles);  // before the store opens
    Store store(req.store, StoreOpen::ReadWrite);
    return lscbOn(store, req, std::move(o), def);
}

ReportLscbResult reportLscb(Store& store, const ReportLscbRequest& req) {
    LscbOptions o;
    const ReportDefinition def = definition(req.definition, o.questionText, o.domainTitles);
    return lscbOn(store, req, std::move(o), def);
}

namespace {
bool endsWithXlsx(const std::string& s) { return s.size() >= 5 && s.compare(s.size() - 5, 5, ".xlsx") == 0; }

// One tracker per owner or team into `req.out` (a folder): written into a temporary folder beside it, then put in
// place with the event in one transaction.
TrackerResult actionTrackers(Store& store, const ReportActionsRequest& req) {
    namespace fs = std::filesystem;
    if (req.by != "owner" && req.by != "team")
        throw Error(ErrorKind::Usage, "", "", "trackers go by 'owner' or 'team', not '" + req.by + "'");
    const fs::path out = fs::path(req.out).lexically_normal();
    std::error_code ec;
    if (fs::exists(out, ec)) {
        if (!fs::is_directory(out, ec))
            throw Error(ErrorKind::Usage, req.out, "", "is a file: name a folder for the trackers, or a .xlsx file for one tracker");
        if (!fs::is_empty(out, ec))
            throw Error(ErrorKind::Usage, req.out, "",
                        "the folder already holds files: name a new or empty folder, so that no tracker of an earlier "
                        "run is mistaken for this one");
    }
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec))
        throw Error(ErrorKind::CantCreate, req.out, "", "the folder '" + parent.string() + "' it should go in does not exist");
    const Date asOf = *parseDate(req.asOf);
    TrackerAddress to{req.by, "", req.returnBy.empty() ? addWorkingDays(asOf, 10).iso() : req.returnBy, req.returnTo};
    return store.transaction([&] {
        const ReportData data = loadReportData(store);
        std::set<std::string> names;  // owners or teams with open actions, in order
        for (const ActionRow& a : data.actions)
            if (a.open()) names.insert(req.by == "team" ? a.team : a.owner);
        const fs::path temp = parent / ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()));
        fs::remove_all(temp, ec);
        if (!fs::create_directory(temp, ec))
            throw Error(ErrorKind::CantCreate, temp.string(), "", "cannot make the folder: " + ec.message());
        struct Cleanup {
            fs::path p;
            ~Cleanup() { std::error_code e; if (!p.empty()) fs::remove_all(p, e); }
        } cleanup{temp};
        TrackerResult total;
        std::set<std::string> files;
        for (const std::string& name : names) {
            std::string base = "actions-" + (name.empty() ? std::string(req.by == "team" ? "no-team" : "no-owner") : safeName(name));
            std::string file = base + ".xlsx";
            for (int n = 2; !files.insert(text::lower(file)).second; ++n) file = base + "-" + std::to_string(n) + ".xlsx";
            to.name = name;
            const TrackerResult one = writeActionsTracker((temp / file).string(), data, req.asOf, nullptr, &to);
            total.actions += one.actions;
            total.overdue += one.overdue;
            total.files.push_back({name, (out / file).string(), one.actions, one.overdue});
        }
        store.logEvent("audit-report", "actions --by " + req.by + " --as-of " + req.asOf, req.out);
        if (fs::exists(out, ec)) fs::remove(out, ec);  // empty, checked above
        fs::rename(temp, out, ec);
        if (ec) throw Error(ErrorKind::CantCreate, req.out, "", "cannot put the trackers in place: " + ec.message());
        cleanup.p.clear();
        return total;
    });
}
}  // namespace

TrackerResult reportActions(const ReportActionsRequest& req) {
    Store store(req.store, StoreOpen::ReadWrite);
    return reportActions(store, req);
}

TrackerResult reportActions(Store& store, const ReportActionsRequest& req) {
    if (!endsWithXlsx(req.out)) return actionTrackers(store, req);
    return buildActionsTracker(store, req.out, req.asOf);  // the event only once the tracker is in place
}

TrackerImport reportActionsImport(const ReportActionsImportRequest& req) {
    Store store(req.store, StoreOpen::ReadWrite);
    return importActionsTrackerLogged(store, req.file, req.today, req.by);  // import and event: one transaction
}

}  // namespace audit::jobs
