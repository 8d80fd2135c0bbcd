// audit-demo-data actions: an actions tracker as its owners return it (audit/demo_actions.h).
#include <Poco/JSON/Object.h>

#include "audit/base/date.h"
#include "audit/demo/demo_actions.h"
#include "subcommands.h"

namespace audit::demo {

int runActions(DemoTool& tool, const std::vector<std::string>& args) {
    if (!args.empty()) tool.usageError("actions takes no further arguments (got '" + args[0] + "')");
    DemoActionsOptions o;
    o.trackerPath = tool.require("tracker");
    o.outPath = tool.require("out");
    if (o.outPath.size() < 5 || o.outPath.substr(o.outPath.size() - 5) != ".xlsx")
        tool.usageError("--out must name a .xlsx file");
    bool fresh = false;
    o.seed = seedOption(tool, fresh);
    if (const auto d = asOfOption(tool)) o.returned = *d;
    const DemoActionsResult r = writeDemoActions(o);
    const DemoActionsCounts& n = r.counts;
    if (tool.json()) {
        Poco::JSON::Object j;
        j.set("file", o.outPath);
        j.set("tracker", o.trackerPath);
        j.set("tracker_as_of", r.asOf);
        j.set("returned", r.returned);
        j.set("seed", o.seed);
        j.set("actions", n.actions);
        j.set("done", n.done);
        j.set("done_late", n.doneLate);
        j.set("done_early", n.doneEarly);
        j.set("in_progress", n.inProgress);
        j.set("open", n.open);
        j.set("cancelled", n.cancelled);
        j.stringify(tool.out());
        tool.out() << '\n';
    } else if (!tool.quiet()) {
        tool.out() << "wrote the tracker as its owners return it on " << r.returned << " to " << o.outPath << ": "
                   << n.actions << " actions, " << n.done << " done (" << n.doneLate << " late, " << n.doneEarly
                   << " early), " << n.inProgress << " in progress, " << n.open << " still open, " << n.cancelled
                   << " cancelled (seed " << o.seed << ")\n";
    }
    return 0;
}

}  // namespace audit::demo
