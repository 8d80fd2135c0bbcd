// audit-demo-data returns: completed audit forms for a sample (audit/demo_returns.h).
#include <Poco/JSON/Object.h>

#include <filesystem>

#include "audit/io/csv.h"
#include "audit/base/date.h"
#include "audit/demo/demo_returns.h"
#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "subcommands.h"

namespace audit::demo {

int runReturns(DemoTool& tool, const std::vector<std::string>& args) {
    if (!args.empty()) tool.usageError("returns takes no further arguments (got '" + args[0] + "')");
    DemoReturnsOptions o;
    o.samplePath = tool.require("sample");
    o.outDir = tool.require("out");
    o.templateId = tool.value("template", "");
    bool freshSeed = false;
    o.seed = seedOption(tool, freshSeed);
    o.auditDate = asOfOption(tool).value_or(today());
    std::error_code ec;
    std::filesystem::create_directories(o.outDir, ec);
    if (ec) throw Error(ErrorKind::CantCreate, o.outDir, "", "cannot create the folder: " + ec.message());
    const Catalogue catalogue = Catalogue::load();
    DemoReturnsResult result;
    {
        auto bar = tool.progress("writing returns", csv::readFile(o.samplePath).rows.size());
        result = writeDemoReturns(catalogue, o, [&](std::size_t done, std::size_t) { bar.update(done); });
        bar.finish();
    }
    if (tool.json()) {
        Poco::JSON::Object j;
        j.set("folder", o.outDir);
        j.set("returns", result.files.size());
        j.set("seed", o.seed);
        j.set("as_of", o.auditDate.iso());
        j.set("auditors", result.auditors);
        j.set("generous_auditors", result.generousAuditors);
        j.stringify(tool.out());
        tool.out() << '\n';
        return 0;
    }
    if (!tool.quiet())
        tool.out() << "wrote " << result.files.size() << " completed returns to " << o.outDir << " (seed " << o.seed
                   << ", audits completed up to " << o.auditDate.iso() << "; " << result.generousAuditors << " of "
                   << result.auditors << " auditors grade generously)\n";
    return 0;
}

}  // namespace audit::demo
