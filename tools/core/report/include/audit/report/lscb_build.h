// The partnership workbook as one unit of work on the store: import the KPI and self-assessment files, read what
// the store holds, write the workbook and record the event, all in ONE transaction that commits only after the
// workbook is in place. A command that fails anywhere (a bad file, a full disk while the workbook is written, a
// damaged store) leaves the store exactly as it was: no KPIs stored, no pseudonym key made, no event logged.
// Whichever front end builds the workbook (audit-report, the jobs module, the server) goes through here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "audit/report/report_definition.h"
#include "audit/report/report_store.h"
#include "audit/report/report_workbook.h"
#include "audit/store/store.h"

namespace audit::report {

struct LscbBuild {
    std::string out;                              // the workbook (.xlsx)
    std::optional<std::string> kpis;              // KPI file to import first
    std::optional<std::string> selfAssessments;   // self-assessment file to import first
    // KPIs computed from Annex A extracts (jobs: reportKpis), imported after the KPI file as `annexSource`. For an
    // indicator and period both give, the computed value is the one the workbook shows.
    std::vector<Kpi> annexKpis;
    std::string annexSource;
    std::string command;                          // for the event log ("lscb --period 2026-Q3")
    std::string tool = "audit-report";
};

struct LscbBuilt {
    std::optional<ImportResult> kpis, selfAssessments, annexKpis;
    LscbResult result;
};

// options: everything but the sources, hashes, store name and pseudonym key, which this fills in.
LscbBuilt buildLscb(Store& store, const ReportDefinition& def, LscbOptions options, const LscbBuild& build);

// The actions tracker written and its event logged in one transaction, committed after the file is in place.
TrackerResult buildActionsTracker(Store& store, const std::string& out, const std::string& asOf,
                                  const std::string& tool = "audit-report");

// A returned tracker imported and its event logged in one transaction.
TrackerImport importActionsTrackerLogged(Store& store, const std::string& path, const std::string& today,
                                         const std::string& updatedBy, const std::string& tool = "audit-report");

}  // namespace audit::report
