// audit-report reminders: what is due within N days or overdue, per person, shown or e-mailed (reminders_cmd.cpp).
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace audit::cli_report {

struct RemindersOptions {
    std::string store, asOf;
    int days = 7;
    std::vector<std::string> qaLeads;
    std::optional<std::string> smtp, from, addresses;
    bool json = false, quiet = false;
};

// Throws audit::Error (usage errors as ErrorKind::Usage).
int remindersCommand(const RemindersOptions& options, std::ostream& out);

}  // namespace audit::cli_report
