// `audit-report spc`: an XmR chart of a series with Making Data Count's rules (the work is in the core,
// audit/report/spc.h), as a table or JSON.
#pragma once
#include <string>
#include <vector>

#include "audit/cli/tool.h"

namespace audit::reportcli {

// Reads --series, --polarity, --target, --baseline, --run-length and --screen-moving-ranges.
int spcCommand(cli::Tool& tool, const std::vector<std::string>& rest);

// What `audit-report --help` says about spc.
extern const char* const spcHelp;

}  // namespace audit::reportcli
