// audit-score status and void: what is outstanding, and undoing a return with a record (beside the main tool).
#pragma once
#include <string>
#include <vector>

#include "audit/cli/tool.h"

namespace audit::score_cli {

int statusCmd(cli::Tool& tool, const std::vector<std::string>& rest);
int voidCmd(cli::Tool& tool, const std::vector<std::string>& rest);

}  // namespace audit::score_cli
