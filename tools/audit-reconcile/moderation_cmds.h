// audit-reconcile's moderation subcommands: sample, forms, import (moderation_cmds.cpp) and accuracy
// (accuracy_cmd.cpp); the work is in the core's jobs module (audit/jobs/reconcile.h).
#pragma once
#include <string>
#include <vector>

#include "audit/cli/tool.h"

namespace audit::reconcile {

int sampleCommand(cli::Tool& tool, const std::vector<std::string>& rest);
int importCommand(cli::Tool& tool, const std::vector<std::string>& rest);
int formsCommand(cli::Tool& tool, const std::vector<std::string>& rest);
int accuracyCommand(cli::Tool& tool, const std::vector<std::string>& rest);
int voidCommand(cli::Tool& tool, const std::vector<std::string>& rest);  // void_cmd.cpp

// Usage error unless p is a period YYYY-MM or YYYY-Qn ("--NAME must be a period ...").
void checkPeriod(cli::Tool& tool, const std::string& name, const std::string& p);

}  // namespace audit::reconcile
