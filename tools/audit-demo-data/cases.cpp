// audit-demo-data cases: a synthetic council's case list.
#include <Poco/JSON/Object.h>

#include <array>
#include <iomanip>
#include <sstream>

#include "audit/sampling/case_list.h"
#include "audit/base/date.h"
#include "audit/demo/demo_cases.h"
#include "audit/base/error.h"
#include "subcommands.h"

namespace audit::demo {

int runCases(DemoTool& tool, const std::vector<std::string>& args) {
    if (!args.empty()) tool.usageError("cases takes no further arguments (got '" + args[0] + "')");
    const std::string out = tool.require("out");
    DemoCasesOptions o;
    const long long size = tool.integer("size", -1);
    if (size < 0) tool.usageError(tool.has("size") ? "--size must be at least 1" : "--size is required");
    if (size < 1 || size > 10000000) tool.usageError("--size must be between 1 and 10,000,000");
    o.size = static_cast<std::size_t>(size);
    bool freshSeed = false;
    o.seed = seedOption(tool, freshSeed);
    o.asOf = asOfOption(tool).value_or(today());
    const ColumnMap map = ColumnMap::load(tool.value("map", "generic"));

    const DemoCases demo = generateDemoCases(o);
    {
        auto bar = tool.progress("writing " + out, demo.cases.size());
        writeDemoCases(demo, map, out, [&](std::size_t done) { bar.update(done); });
        bar.finish();
    }

    std::array<std::size_t, kCategoryCount> byCategory{};
    std::array<std::size_t, kFlagCount> byFlag{};
    for (const auto& c : demo.cases) {
        ++byCategory[static_cast<std::size_t>(c.category)];
        for (std::size_t b = 0; b < kFlagCount; ++b)
            if ((c.flags >> b) & 1u) ++byFlag[b];
    }
    if (tool.json()) {
        Poco::JSON::Object j;
        j.set("file", out);
        j.set("cases", demo.cases.size());
        j.set("seed", o.seed);
        j.set("map", map.id());
        j.set("as_of", o.asOf.iso());
        j.set("teams", demo.teams.size());
        j.set("workers", demo.workers.size());
        Poco::JSON::Object cats, flags;
        for (auto c : allCategories())
            if (c != Category::Assessment) cats.set(std::string(categoryName(c)), byCategory[static_cast<std::size_t>(c)]);
        for (std::size_t b = 0; b < kFlagCount; ++b) flags.set(std::string(flagName(b)), byFlag[b]);
        j.set("categories", cats);
        j.set("flags", flags);
        j.stringify(tool.out());
        tool.out() << '\n';
        return 0;
    }
    if (tool.quiet()) return 0;
    auto pct = [&](std::size_t n) {
        std::ostringstream s;
        s << std::fixed << std::setprecision(1) << 100.0 * static_cast<double>(n) / static_cast<double>(demo.cases.size()) << '%';
        return s.str();
    };
    std::ostream& os = tool.out();
    os << "wrote " << demo.cases.size() << " cases to " << out << " (map " << map.id() << ", seed " << o.seed
       << ", as of " << o.asOf.iso() << ")\n";
    os << "  " << demo.teams.size() << " teams, " << demo.workers.size() << " workers\n  categories:";
    for (auto c : allCategories())
        if (c != Category::Assessment)  // the generic list has no open assessments (Annex A has: annex-a)
        os << ' ' << categoryName(c) << ' ' << byCategory[static_cast<std::size_t>(c)] << " ("
           << pct(byCategory[static_cast<std::size_t>(c)]) << ")" << (c == Category::EarlyHelp ? "" : ",");
    os << "\n  flags:";
    for (std::size_t b = 0; b < kFlagCount; ++b)
        os << ' ' << flagName(b) << ' ' << byFlag[b] << (b + 1 < kFlagCount ? "," : "");
    os << '\n';
    if (freshSeed) os << "  to make the same file again: --seed " << o.seed << " --as-of " << o.asOf.iso() << '\n';
    return 0;
}

}  // namespace audit::demo
