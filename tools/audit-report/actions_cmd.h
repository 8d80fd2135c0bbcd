// audit-report actions and actions-import: the open actions as trackers for their owners, and a returned tracker
// read back (the jobs: audit/jobs/report.h).
#pragma once
#include <string>
#include <vector>

#include "audit/cli/tool.h"

namespace audit::reportcli {

int actionsCommand(cli::Tool& tool, const std::vector<std::string>& rest);
int actionsImportCommand(cli::Tool& tool, const std::vector<std::string>& rest);

}  // namespace audit::reportcli
