// `audit-reconcile calibrate sample|import|report`: calibration exercises (the work is in the core,
// audit/moderation/calibration.h).
#pragma once
#include <string>
#include <vector>

#include "audit/cli/tool.h"

namespace audit::reconcile {

int calibrateCommand(cli::Tool& tool, const std::vector<std::string>& rest);

// What `audit-reconcile --help` says about calibrate.
extern const char* const calibrateHelp;

}  // namespace audit::reconcile
