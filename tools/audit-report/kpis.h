// `audit-report kpis`: performance indicators computed from Annex A extracts (the work is the core's reportKpis
// job, audit/jobs/report.h), as a table, JSON or a workbook.
#pragma once
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "audit/cli/tool.h"
#include "audit/jobs/report.h"

namespace audit::reportcli {

// Reads --annex-a, --as-of, --definition, --map, --date-order and --out.
int kpisCommand(cli::Tool& tool, const std::vector<std::string>& rest);

// lscb --annex-a: the KPIs computed from the extracts, as lines for the terminal and in the JSON summary; each
// computed indicator that gave no KPI as a warning.
void presentLscbAnnex(cli::Tool& tool, const jobs::ReportLscbResult& res, std::vector<std::string>& lines,
                      Poco::JSON::Object::Ptr summary);

// What `audit-report --help` says about kpis.
extern const char* const kpisHelp;

}  // namespace audit::reportcli
