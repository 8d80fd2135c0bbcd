// audit-reconcile's moderation subcommands: sample, import, accuracy (the work is in audit/moderation.h).
#pragma once
#include <string>
#include <vector>

#include "audit/cli/tool.h"

namespace audit::reconcile {

int sampleCommand(cli::Tool& tool, const std::vector<std::string>& rest);
int importCommand(cli::Tool& tool, const std::vector<std::string>& rest);
int formsCommand(cli::Tool& tool, const std::vector<std::string>& rest);
int accuracyCommand(cli::Tool& tool, const std::vector<std::string>& rest);

}  // namespace audit::reconcile
