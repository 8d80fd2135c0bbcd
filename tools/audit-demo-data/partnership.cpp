// audit-demo-data kpis / self-assessments: the partnership's other two sources, for reports/lscb.xml.
#include <Poco/JSON/Object.h>

#include "audit/demo/demo_partnership.h"
#include "audit/base/output_file.h"
#include "audit/report/partnership.h"
#include "audit/base/period.h"
#include "subcommands.h"

namespace audit::demo {

namespace {
std::string csvOut(DemoTool& tool) {
    const std::string out = tool.require("out");
    if (out.size() < 4 || out.substr(out.size() - 4) != ".csv") tool.usageError("--out must name a .csv file");
    return out;
}
}  // namespace

int runKpis(DemoTool& tool, const std::vector<std::string>& args) {
    if (!args.empty()) tool.usageError("kpis takes no further arguments (got '" + args[0] + "')");
    const std::string out = csvOut(tool);
    const std::string from = tool.require("from");
    auto p = parsePeriod(from);
    if (!p || p->firstMonth != p->lastMonth) tool.usageError("--from '" + from + "' is not a month (expected YYYY-MM)");
    const long long months = tool.integer("months", 3);
    if (months < 1 || months > 600) tool.usageError("--months must be 1 to 600");
    bool fresh = false;
    const std::uint64_t seed = seedOption(tool, fresh);
    const std::vector<Kpi> kpis = demoKpis(seed, from, static_cast<int>(months));
    writeFileAtomically(out, kpisToCsv(kpis));
    if (tool.json()) {
        Poco::JSON::Object j;
        j.set("file", out);
        j.set("rows", kpis.size());
        j.set("indicators", demoKpiCatalogue().size());
        j.set("seed", seed);
        j.stringify(tool.out());
        tool.out() << '\n';
    } else if (!tool.quiet()) {
        tool.out() << "wrote " << kpis.size() << " KPI values (" << demoKpiCatalogue().size() << " indicators, "
                   << months << " months from " << from << ", seed " << seed << ") to " << out << '\n';
    }
    return 0;
}

int runSelfAssessments(DemoTool& tool, const std::vector<std::string>& args) {
    if (!args.empty()) tool.usageError("self-assessments takes no further arguments (got '" + args[0] + "')");
    const std::string out = csvOut(tool);
    const std::string period = tool.require("period");
    if (!parsePeriod(period)) tool.usageError("--period '" + period + "' is not a period (expected " + kPeriodForms + ")");
    bool fresh = false;
    const std::uint64_t seed = seedOption(tool, fresh);
    const std::vector<SelfAssessment> rows = demoSelfAssessments(seed, period);
    writeFileAtomically(out, selfAssessmentsToCsv(rows));
    if (tool.json()) {
        Poco::JSON::Object j;
        j.set("file", out);
        j.set("rows", rows.size());
        j.set("seed", seed);
        j.stringify(tool.out());
        tool.out() << '\n';
    } else if (!tool.quiet()) {
        tool.out() << "wrote " << rows.size() << " section 11 ratings of partner agencies for " << period << " (seed "
                   << seed << ") to " << out << '\n';
    }
    return 0;
}

}  // namespace audit::demo
