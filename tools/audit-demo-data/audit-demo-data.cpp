// audit-demo-data: realistic synthetic data for demos, tests and benchmarks, seeded. A thin main: it picks the
// subcommand (the first argument) and hands over; each subcommand is a file here over a generator in the core.
#include <Poco/Util/OptionSet.h>

#include "audit/cli/tool.h"
#include "audit/error.h"
#include "audit/random.h"
#include "subcommands.h"

namespace audit::demo {

namespace {

const Subcommand kSubcommands[] = {
    {"cases", "a synthetic council's case list (CSV or XLSX), laid out for a column map", runCases},
    {"moderation", "moderation returns for a period's moderation sample in the store (CSV for audit-reconcile import)",
     runModeration},
};

std::string subcommandList() {
    std::string s;
    for (const auto& c : kSubcommands) s += (s.empty() ? "" : ", ") + std::string(c.name);
    return s;
}

class DemoData : public cli::Tool {
public:
    DemoData()
        : Tool({"audit-demo-data",
                "generate realistic synthetic data (case lists, ...) for demos, tests and benchmarks",
                "audit-demo-data cases --size N [--seed S] --out FILE.csv|FILE.xlsx [--map generic|mosaic|lcs] "
                "[--as-of DATE]\n"
                "audit-demo-data moderation --period P [--seed S] --out DIR|FILE.csv [--store DB]",
                "SUBCOMMANDS\n"
                "  cases   a synthetic council's open-case list: service areas (front door/MASH, assessment, child in\n"
                "          need, child protection, children in care, care leavers, disabled children, early help),\n"
                "          teams, workers with caseloads of 10-25, team managers, categories in England's rough\n"
                "          proportions, open and last-audit dates, flags (missing, exploitation, UASC, disability).\n"
                "          Synthetic references only; no child is ever named. Same seed, size, map and --as-of:\n"
                "          the same file, byte for byte.\n"
                "  moderation  moderation returns for the latest moderation draw of a period in the store (made by\n"
                "          audit-reconcile sample): one row per domain of each drawn audit, about three grades in four\n"
                "          agreeing exactly, most disagreements one grade, one or two generous auditors (chosen by the\n"
                "          seed) moved down far more often. Written to FILE.csv or DIR/moderation-returns-P.csv.",
                "audit-demo-data cases --size 2000 --seed 7 --out cases.csv\n"
                "audit-demo-data cases --size 500 --seed 7 --map mosaic --as-of 2026-01-31 --out mosaic.xlsx\n"
                "audit-demo-data cases --size 1000000 --seed 1 --out big.csv --quiet\n"
                "audit-demo-data moderation --period 2026-11 --seed 7 --out moderation/"}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(opt("size", "N", "cases: how many cases (1 to 10,000,000; XLSX at most 1,048,575)"));
        set.addOption(opt("seed", "S", "the random seed (a whole number); without it a fresh one is drawn and printed"));
        set.addOption(opt("out", "FILE", "the file to write: .csv or .xlsx (written whole or not at all)"));
        set.addOption(opt("map", "NAME", "cases: lay the list out for this column map (generic, mosaic, lcs, or a "
                                         ".xml path; default generic)"));
        set.addOption(opt("period", "P", "moderation: the round whose moderation sample gets returns (YYYY-MM)"));
        set.addOption(opt("as-of", "DATE", "cases: the export's date, dd/mm/yyyy or yyyy-mm-dd (default today)"));
    }

    int work(const std::vector<std::string>& args) override {
        if (args.empty()) usageError("give a subcommand: " + subcommandList());
        for (const auto& c : kSubcommands)
            if (args[0] == c.name) return c.run(*this, {args.begin() + 1, args.end()});
        usageError("unknown subcommand '" + args[0] + "'; expected one of: " + subcommandList());
    }
};

}  // namespace

std::uint64_t seedOption(DemoTool& tool, bool& fresh) {
    fresh = !tool.has("seed");
    if (fresh) return freshSeed();
    const long long s = tool.integer("seed", 0);
    if (s < 0) tool.usageError("--seed must not be negative");
    return static_cast<std::uint64_t>(s);
}

}  // namespace audit::demo

AUDIT_TOOL_MAIN(audit::demo::DemoData)
