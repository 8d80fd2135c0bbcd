// `audit-report reminders`: per person, the open actions due within N days or overdue, shown or e-mailed through
// an SMTP relay (the work is in the core, audit/jobs/reminders.h).
#pragma once
#include <string>
#include <vector>

#include "audit/cli/tool.h"

namespace audit::reportcli {

// Reads --as-of, --days, --qa-lead, --smtp, --from and --addresses.
int remindersCommand(cli::Tool& tool, const std::vector<std::string>& rest);

// What `audit-report --help` says about reminders.
extern const char* const remindersHelp;

}  // namespace audit::reportcli
