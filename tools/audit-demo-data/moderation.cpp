// audit-demo-data moderation: synthetic moderation returns for the latest moderation draw of a period
// (audit/demo_moderation.h), in the CSV that `audit-reconcile import` reads.
#include <filesystem>

#include "audit/io/csv.h"
#include "audit/demo/demo_moderation.h"
#include "audit/base/error.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "subcommands.h"

namespace audit::demo {

int runModeration(DemoTool& tool, const std::vector<std::string>& args) {
    if (!args.empty()) tool.usageError("moderation takes no further arguments (got '" + args[0] + "')");
    const std::string period = tool.require("period");
    std::string out = tool.require("out");
    bool fresh = false;
    const std::uint64_t seed = seedOption(tool, fresh);
    std::filesystem::path p(out);
    if (tool.has("xlsx")) {  // filled XLSX moderation forms in a folder
        if (p.extension() == ".csv" || p.extension() == ".xlsx")
            tool.usageError("with --xlsx, --out names a folder (the forms go to DIR/<moderator>/), not '" + out + "'");
        Store store(tool.store());
        const Catalogue catalogue = Catalogue::load();
        const auto demo = moderation::demoModeration(store, period, seed, agreement::GradeScale::ofsted4());
        const auto files = moderation::writeDemoModerationForms(store, catalogue, demo, out);
        if (tool.json()) {
            tool.out() << "{\"folder\": \"" << out << "\", \"forms\": " << files.size() << ", \"rows\": "
                       << demo.rows.size() << ", \"seed\": " << seed << ", \"draw_id\": " << demo.drawId << "}\n";
        } else if (!tool.quiet()) {
            std::string g;
            for (const auto& a : demo.generousAuditors) g += (g.empty() ? "" : ", ") + a;
            tool.out() << "wrote " << files.size() << " filled moderation forms (" << demo.rows.size() << " grades) for "
                       << period << " in " << out << " (seed " << seed << "; generous auditors: "
                       << (g.empty() ? "none" : g) << ")\n";
        }
        return 0;
    }
    if (p.extension() != ".csv") {  // a folder
        std::error_code ec;
        std::filesystem::create_directories(p, ec);
        if (ec) throw Error(ErrorKind::CantCreate, out, "", "cannot create the folder: " + ec.message());
        p /= "moderation-returns-" + period + ".csv";
    }
    Store store(tool.store());
    const auto scale = agreement::GradeScale::ofsted4();
    const auto demo = moderation::demoModeration(store, period, seed, scale);
    csv::writeFile(p.string(), demo.header, demo.rows);
    if (tool.json()) {
        tool.out() << "{\"file\": \"" << p.string() << "\", \"forms\": " << demo.forms << ", \"rows\": "
                   << demo.rows.size() << ", \"seed\": " << seed << ", \"draw_id\": " << demo.drawId << "}\n";
    } else if (!tool.quiet()) {
        std::string g;
        for (const auto& a : demo.generousAuditors) g += (g.empty() ? "" : ", ") + a;
        tool.out() << "wrote " << demo.forms << " moderation returns (" << demo.rows.size() << " grades) for "
                   << period << " to " << p.string() << " (seed " << seed << "; generous auditors: "
                   << (g.empty() ? "none" : g) << ")\n";
    }
    return 0;
}

}  // namespace audit::demo
