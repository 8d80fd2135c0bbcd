// audit-reconcile: agreement between auditors and moderators. The first positional argument is the
// subcommand; each subcommand is a function below (the statistics live in the core, audit/agreement.h).
#include <functional>
#include <iostream>
#include <map>

#include "audit/agreement_pairs.h"
#include "audit/cli/tool.h"
#include "audit/error.h"
#include "stats.h"

namespace {

using namespace audit;
using namespace audit::agreement;

class Reconcile : public cli::Tool {
public:
    Reconcile()
        : Tool({"audit-reconcile",
                "agreement between auditors' and moderators' grades",
                "audit-reconcile stats --pairs FILE [--by auditor|team|domain|period] [--scale NAME] [--json]",
                "Subcommands:\n"
                "  stats   agreement statistics of a pairs file: a CSV with the columns auditor_grade and\n"
                "          moderator_grade (grades by label - Outstanding, Good, Requires improvement (RI),\n"
                "          Inadequate, any case - or by number 1-4 where 1 is the worst grade, Inadequate;\n"
                "          a blank cell is a missing grade) and optionally auditor, team, domain, period.\n"
                "          Reports the confusion matrix (auditor rows x moderator columns, worst grade first),\n"
                "          exact and within-one agreement (Wilson intervals), pairs moderated down and up with a\n"
                "          McNemar-type test, Cohen's kappa (unweighted, linear, quadratic), Gwet's AC1 and AC2\n"
                "          and Krippendorff's alpha. Pairs with a blank grade are dropped and counted.\n"
                "          Intervals are value +/- 1.96 SE with the non-null SE (Fleiss, Cohen & Everitt for\n"
                "          kappa; Gwet for AC1/AC2; a jackknife for alpha). A coefficient that cannot be\n"
                "          computed (e.g. every pair on one grade) is shown as n/a with the reason, null in JSON.",
                "audit-reconcile stats --pairs moderation-pairs.csv\n"
                "audit-reconcile stats --pairs moderation-pairs.csv --by auditor\n"
                "audit-reconcile stats --pairs moderation-pairs.csv --json > agreement.json"}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(opt("pairs", "FILE", "stats: the pairs file (CSV) to read"));
        set.addOption(opt("by", "COLUMN", "stats: also break the statistics down by auditor, team, domain or period"));
        set.addOption(opt("scale", "NAME", "stats: the grade scale (default ofsted4: Inadequate, Requires "
                                           "improvement, Good, Outstanding)"));
    }

    int work(const std::vector<std::string>& args) override {
        const std::map<std::string, std::function<int(const std::vector<std::string>&)>> subcommands = {
            {"stats", [this](const std::vector<std::string>& rest) { return stats(rest); }},
        };
        if (args.empty()) usageError("a subcommand is needed: " + names(subcommands));
        auto it = subcommands.find(args.front());
        if (it == subcommands.end())
            usageError("unknown subcommand '" + args.front() + "' (available: " + names(subcommands) + ")");
        return it->second(std::vector<std::string>(args.begin() + 1, args.end()));
    }

private:
    template <class Map>
    static std::string names(const Map& m) {
        std::string s;
        for (const auto& [k, v] : m) s += (s.empty() ? "" : ", ") + k;
        return s;
    }

    GradeScale scale() const {
        const std::string name = value("scale", "ofsted4");
        auto s = GradeScale::named(name);
        if (!s) {
            std::string known;
            for (const auto& n : GradeScale::names()) known += (known.empty() ? "" : ", ") + n;
            usageError("unknown grade scale '" + name + "' (available: " + known + ")");
        }
        return *s;
    }

    int stats(const std::vector<std::string>& rest) {
        if (!rest.empty()) usageError("stats takes no arguments besides options; unexpected '" + rest.front() + "'");
        const std::string path = require("pairs");
        const std::string by = value("by", "");
        if (has("by")) {
            const auto& allowed = pairGroupColumns();
            if (std::find(allowed.begin(), allowed.end(), by) == allowed.end())
                usageError("--by must be one of auditor, team, domain, period, not '" + by + "'");
        }
        const GradeScale s = scale();
        const PairsFile pairs = readPairs(path, s, by);
        if (json())
            out() << reconcile::statsJson(pairs, s).dump() << '\n';
        else if (!quiet())
            reconcile::printStats(out(), pairs, s);
        out().flush();
        return 0;
    }
};

}  // namespace

AUDIT_TOOL_MAIN(Reconcile)
