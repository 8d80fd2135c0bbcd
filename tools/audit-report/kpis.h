// `audit-report kpis`: performance indicators computed from Annex A extracts (the work is the core's reportKpis
// job, audit/jobs/report.h), as a table, JSON or a workbook.
#pragma once
#include <string>
#include <vector>

#include "audit/cli/tool.h"

namespace audit::reportcli {

// Reads --annex-a, --as-of, --definition, --map, --date-order and --out.
int kpisCommand(cli::Tool& tool, const std::vector<std::string>& rest);

// What `audit-report --help` says about kpis.
extern const char* const kpisHelp;

}  // namespace audit::reportcli
