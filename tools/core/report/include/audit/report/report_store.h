// The partnership report's dealings with the store (docs/STORE.md): importing KPI and self-assessment files
// into the kpi and self_assessment tables (validated first; one transaction; a file whose content was imported
// before changes nothing), reading them back, and loading the audits, judgements, moderations, actions and draws
// the workbook is computed from.
#pragma once
#include <string>
#include <vector>

#include "audit/report/partnership.h"
#include "audit/report/report_data.h"
#include "audit/report/report_definition.h"
#include "audit/store/store.h"

namespace audit::report {

struct ImportResult {
    std::string file;
    std::string hash;       // SHA-256 of the file's content
    std::size_t rows = 0;   // rows read from the file
    bool unchanged = false; // the same content was imported before: nothing was stored
};

// Reads and validates the file (readKpis / readSelfAssessments), then stores every row with its source in one
// transaction, and records the import in import_log (kinds "kpi" and "self-assessment"). Invalid files throw
// Error(Data) listing every problem and store nothing (a "rejected" import_log row is written).
ImportResult importKpis(Store& store, const std::string& path, const ReportDefinition& def);
// The same for KPI rows made in memory (as CSV text, kpisToCsv): `source` names them in the store and import_log
// (the KPIs computed from Annex A: "Annex A: annex-a-2026-01.xlsx … (12 extracts)").
ImportResult importKpiText(Store& store, const std::string& source, const std::string& csv, const ReportDefinition& def);
ImportResult importSelfAssessments(Store& store, const std::string& path, const ReportDefinition& def);

// The latest stored row of each (indicator, period) and of each (agency, period, standard), in a fixed order.
std::vector<Kpi> storedKpis(Store& store);
std::vector<SelfAssessment> storedSelfAssessments(Store& store);

// Every audit's latest version with its judgements, the latest moderation of each (audit, domain), actions and
// draws, and the answers to the questions the definition names. Indexed (ReportData::index()).
ReportData loadReportData(Store& store, const ReportDefinition* def = nullptr);

}  // namespace audit::report
