// The subcommands of audit-demo-data. Each lives in its own file (cases.cpp, ...) and is listed once in
// kSubcommands (audit-demo-data.cpp): to add one, write `int runX(DemoTool&, const std::vector<std::string>&)`
// and add a line there. The generators themselves are in the core (audit/demo_*.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/cli/tool.h"

namespace audit::demo {

using DemoTool = audit::cli::Tool;

struct Subcommand {
    const char* name;
    const char* summary;
    int (*run)(DemoTool& tool, const std::vector<std::string>& args);
};

int runCases(DemoTool& tool, const std::vector<std::string>& args);
int runReturns(DemoTool& tool, const std::vector<std::string>& args);
int runModeration(DemoTool& tool, const std::vector<std::string>& args);
int runKpis(DemoTool& tool, const std::vector<std::string>& args);              // partnership.cpp
int runSelfAssessments(DemoTool& tool, const std::vector<std::string>& args);  // partnership.cpp
int runActions(DemoTool& tool, const std::vector<std::string>& args);
int runAnnexA(DemoTool& tool, const std::vector<std::string>& args);           // annex.cpp

// The --seed value, or a fresh seed (which the subcommand then reports so that the run can be repeated).
std::uint64_t seedOption(DemoTool& tool, bool& fresh);
// The --as-of date if given (a usage error if it is not a date), else nothing.
std::optional<Date> asOfOption(DemoTool& tool);

}  // namespace audit::demo
