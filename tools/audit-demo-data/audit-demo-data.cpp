// audit-demo-data: realistic synthetic data for demos, tests and benchmarks, seeded. A thin main: it picks the
// subcommand (the first argument) and hands over; each subcommand is a file here over a generator in the core.
#include <Poco/Util/OptionSet.h>

#include "audit/cli/options.h"
#include "audit/cli/tool.h"
#include "audit/base/error.h"
#include "audit/base/random.h"
#include "subcommands.h"

namespace audit::demo {

namespace {

const Subcommand kSubcommands[] = {
    {"cases", "a synthetic council's case list (CSV or XLSX), laid out for a column map", runCases},
    {"annex-a", "a synthetic Ofsted Annex A workbook (all eleven lists, the published layout; --messy as real extracts)",
     runAnnexA},
    {"returns", "completed audit forms (XLSX, the exact form layout) for a sample", runReturns},
    {"moderation", "moderation returns for a period's moderation sample in the store (CSV for audit-reconcile import)",
     runModeration},
    {"kpis", "monthly KPIs with targets and polarity for the partnership report (CSV)", runKpis},
    {"self-assessments", "partner agencies' section 11 self-assessments (CSV)", runSelfAssessments},
    {"actions", "an actions tracker (audit-report actions) filled in as its owners return it (XLSX)", runActions},
};

class DemoData : public cli::Tool {
public:
    DemoData()
        : Tool({"audit-demo-data",
                "generate realistic synthetic data (case lists, completed returns, ...) for demos, tests and benchmarks",
                "audit-demo-data cases --size N [--seed S] --out FILE.csv|FILE.xlsx [--map generic|mosaic|lcs] "
                "[--as-of DATE]\n"
                "audit-demo-data annex-a --size N [--seed S] --out FILE.xlsx [--as-of DATE] [--messy]\n"
                "audit-demo-data annex-a --months N --size N [--seed S] --out FOLDER [--as-of DATE] [--messy]\n"
                "audit-demo-data returns --sample SAMPLE.csv --out DIR [--seed S] [--template ID] [--as-of DATE]\n"
                "audit-demo-data moderation --period P [--seed S] --out DIR|FILE.csv [--xlsx] [--store DB]\n"
                "audit-demo-data kpis --from YYYY-MM [--months N] [--seed S] --out FILE.csv\n"
                "audit-demo-data self-assessments --period P [--seed S] --out FILE.csv\n"
                "audit-demo-data actions --tracker TRACKER.xlsx --out RETURNED.xlsx [--seed S] [--as-of DATE]",
                "SUBCOMMANDS\n"
                "  annex-a an Ofsted Annex A workbook of N children: sheets List 1 ... List 11 in the published layout\n"
                "          (the template's columns, letter-coded values such as 'c) Child in need plan', dates as date\n"
                "          cells), from the same synthetic council as cases: CIN in list 6 (some open assessments),\n"
                "          CP in lists 6 and 7, CLA in 6 and 8, care leavers in 9, early help in 2; episodes ended in the\n"
                "          last six months kept with their end dates. --messy: a title row on every list, sheet names\n"
                "          List_2 / List3, #N/A error cells in teams and workers, no-break spaces in names, councils'\n"
                "          own status spellings (LAC, CPP, CiN Plan, Open asmt, Closed). Same size, seed, date: same file.\n"
                "          --months N: N monthly extracts in the --out folder (annex-a-YYYY-MM.xlsx, each as at its\n"
                "          month's last day, the last one the month of --as-of): the same council, the indicators'\n"
                "          columns (visits, reviews, health and dental checks, placements, assessment and conference\n"
                "          timings, care leavers) drifting month to month by a seeded walk, for audit-report kpis.\n"
                "  cases   a synthetic council's open-case list: service areas (front door/MASH, assessment, child in\n"
                "          need, child protection, children in care, care leavers, disabled children, early help),\n"
                "          teams, workers with caseloads of 10-25, team managers, categories in England's rough\n"
                "          proportions, open and last-audit dates, flags (missing, exploitation, UASC, disability).\n"
                "          Synthetic references only; no child is ever named. Same seed, size, map and --as-of:\n"
                "          the same file, byte for byte.\n"
                "  returns completed audit forms for a sample, one XLSX per case in the exact layout audit-template\n"
                "          renders (DIR/<case_ref>.xlsx): answers that follow each case's latent practice quality,\n"
                "          a few auditors who grade generously, rationales where grades depart from the computed\n"
                "          ones, SMART actions with owners and due dates. Same sample, seed, template and --as-of:\n"
                "          the same files, byte for byte.\n"
                "  moderation  moderation returns for the latest moderation draw of a period in the store (made by\n"
                "          audit-reconcile sample): one row per domain of each drawn audit, about three grades in four\n"
                "          agreeing exactly, most disagreements one grade, one or two generous auditors (chosen by the\n"
                "          seed) moved down far more often. Written to FILE.csv or DIR/moderation-returns-P.csv;\n"
                "          with --xlsx as the draw's moderation forms filled in, DIR/<moderator>/M-<form id>.xlsx\n"
                "          (the same grades as the CSV for the same seed).\n"
                "  kpis    monthly performance indicators of the same council for audit-report: assessments within 45\n"
                "          working days, CP visits and CLA reviews on time, care leavers in touch / in suitable\n"
                "          accommodation / in education, employment or training, return home interviews within 72h,\n"
                "          supervision in timescale, re-referrals... with targets and polarity (indicator, period,\n"
                "          value, target, polarity, theme).\n"
                "  self-assessments\n"
                "          section 11 self-assessments of partner agencies (police, health, education, probation,\n"
                "          youth justice, housing), RAG-rated or graded, some optimistic (agency, period, theme,\n"
                "          standard, rating, evidence).\n"
                "  actions the actions tracker written by audit-report actions, filled in as its owners return it\n"
                "          on --as-of (default: the tracker's own date): most actions due a month or more before\n"
                "          done (often a little late, about a quarter early), a share in progress, some untouched\n"
                "          and overdue, a few cancelled; completion dates never after --as-of nor before the action\n"
                "          was raised; a short note on every row touched. The same layout and identity as the\n"
                "          tracker (written by the same code), ready for audit-report actions-import. A file that is\n"
                "          not a tracker is refused (exit 65). Same tracker, seed and --as-of: the same file.",
                "audit-demo-data cases --size 2000 --seed 7 --out cases.csv\n"
                "audit-demo-data cases --size 500 --seed 7 --map mosaic --as-of 2026-01-31 --out mosaic.xlsx\n"
                "audit-demo-data cases --size 1000000 --seed 1 --out big.csv --quiet\n"
                "audit-demo-data annex-a --size 2500 --seed 7 --as-of 2026-01-31 --messy --out annex-a.xlsx\n"
                "audit-demo-data moderation --period 2026-11 --seed 7 --out moderation/\n"
                "audit-demo-data moderation --period 2026-11 --seed 7 --xlsx --out moderation/completed\n"
                "audit-demo-data returns --sample sample.csv --out returns --seed 7 --as-of 2026-11-20\n"
                "audit-demo-data kpis --from 2026-01 --months 3 --seed 7 --out kpis.csv\n"
                "audit-demo-data self-assessments --period 2025-26 --seed 7 --out s11.csv\n"
                "audit-demo-data actions --tracker actions-tracker.xlsx --out returned.xlsx --seed 7 --as-of 2026-09-30"}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(opt("size", "N", "cases: how many cases (1 to 10,000,000; XLSX at most 1,048,575)"));
        set.addOption(cli::options::seed("the random seed (a whole number); without it a fresh one is drawn and printed"));
        set.addOption(cli::options::out("FILE", "the file to write: .csv or .xlsx (written whole or not at all)"));
        set.addOption(cli::options::map("cases: lay the list out for this column map (generic, mosaic, lcs, or a "
                                         ".xml path; default generic)"));
        set.addOption(cli::options::period("moderation: the round whose moderation sample gets returns (YYYY-MM); "
                                         "self-assessments: the period rated (e.g. 2025-26 or 2026-Q1)"));
        set.addOption(cli::options::asOf("cases: the export's date, dd/mm/yyyy or yyyy-mm-dd (default today); "
                                           "returns: the latest date of audit (default today); actions: the date the owners "
                                           "return the tracker (default the tracker's date)"));
        set.addOption(opt("sample", "SAMPLE.csv", "returns: the sample (audit-sample's CSV: case_ref, and team, "
                                                   "category, worker, auditor, child_ref, draw_id when present)"));
        set.addOption(opt("template", "ID", "returns: the template of every form (default: by each case's category)"));
        set.addOption(cli::options::from("YYYY-MM", "kpis: the first month"));
        set.addOption(opt("months", "N", "kpis: how many months (default 3); annex-a: monthly extracts in a folder"));
        set.addOption(opt("tracker", "FILE.xlsx", "actions: the actions tracker written by audit-report actions"));
        set.addOption(flag("xlsx", "moderation: filled XLSX moderation forms in the --out folder instead of CSV"));
        set.addOption(flag("messy", "annex-a: as real extracts are (title rows, error cells, no-break spaces in names, "
                                    "councils' own status spellings, sheet names List_2 / List3)"));
    }

    int work(const std::vector<std::string>& args) override {
        std::vector<cli::Subcommand> subcommands;
        for (const auto& c : kSubcommands)
            subcommands.push_back({c.name, [this, &c](const std::vector<std::string>& rest) { return c.run(*this, rest); }});
        return dispatch(args, subcommands);
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

std::optional<Date> asOfOption(DemoTool& tool) {
    const auto given = tool.optional("as-of");
    if (!given) return std::nullopt;
    const auto d = parseDate(*given);
    if (!d) tool.usageError("--as-of: " + dateProblem(*given));
    return d;
}

}  // namespace audit::demo

AUDIT_TOOL_MAIN(audit::demo::DemoData)
