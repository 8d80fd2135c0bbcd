// audit-report actions-void: a returned tracker's updates stop counting, with a record (the job: audit/jobs/report.h).
#pragma once
#include <string>
#include <vector>

#include "audit/cli/tool.h"

namespace audit::reportcli {

int actionsVoidCommand(cli::Tool& tool, const std::vector<std::string>& rest);

}  // namespace audit::reportcli
