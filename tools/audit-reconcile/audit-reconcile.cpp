// audit-reconcile: agreement between auditors and moderators. The first positional argument is the
// subcommand; the work of each is a job of the core (audit/jobs/reconcile.h), shown by the functions here.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>

#include "audit/cli/options.h"
#include "audit/cli/tool.h"
#include "audit/base/error.h"
#include "audit/jobs/reconcile.h"
#include "audit/base/paths.h"
#include "calibrate.h"
#include "moderation_cmds.h"
#include "ratings.h"
#include "stats.h"

namespace {

using namespace audit;
using namespace audit::agreement;

class Reconcile : public cli::Tool {
public:
    Reconcile()
        : Tool({"audit-reconcile",
                "agreement between auditors' and moderators' grades",
                "audit-reconcile stats --pairs FILE [--by auditor|team|domain|period] [--scale NAME] [--json]\n"
                "audit-reconcile stats --ratings FILE [--scale NAME|numbers] [--json]\n"
                "audit-reconcile sample --period P [--seed S] [--moderators ROSTER.csv] [--out DIR] [--open]\n"
                "audit-reconcile forms --draw N|--period P --out DIR [--open|--blind]\n"
                "audit-reconcile import FORM.xlsx|FOLDER|RETURNS.csv...\n"
                "audit-reconcile accuracy [--by auditor|team|domain|period] [--from P] [--to P] [--out FILE.csv|.xlsx]\n"
                "audit-reconcile void FORM_ID --reason TEXT [--form-version N] [--by NAME]",
                "Subcommands:\n"
                "  sample  the moderation sample of a period from the audits in the store, by the framework's\n"
                "          moderation policy (--framework; the options override it). ofsted-four-point: every\n"
                "          Inadequate (--always GRADE, --no-always), at least --min-per-auditor (1) per auditor,\n"
                "          then up to --fraction (0.1) of the audits drawn with weights by the\n"
                "          overall grade (Good x2, Outstanding x3; --oversample GRADE=FACTOR). Seeded (--seed),\n"
                "          recorded in the store as a draw of kind moderation. --moderators ROSTER.csv (columns\n"
                "          moderator, capacity) allocates moderators by capacity; nobody moderates their own\n"
                "          audit. --out DIR writes moderation-sample.csv, moderation-returns.csv (the blank CSV\n"
                "          return, one row per domain) and one XLSX moderation form per audit in\n"
                "          DIR/forms/<moderator>/M-<form id>.xlsx. Blind (the framework's default; --open to\n"
                "          show them): neither the forms nor the CSV hold the auditor's grades.\n"
                "  forms   render the moderation forms of a draw again (--draw N, or --period P for its latest\n"
                "          draw) into --out DIR/<moderator>/; --open shows the auditor's answers, grades and\n"
                "          rationales (e.g. once the blind grades are in), --blind hides them.\n"
                "  import  moderation forms (XLSX; a folder is searched for *.xlsx) and CSV returns (form_id,\n"
                "          [case_ref,] domain, moderator, moderator_grade, reason_code, reason, agreed_grade[,\n"
                "          moderated_date, mode]). Grades are checked against the framework of each audit.\n"
                "          A blank agreed grade is stored as awaiting agreement (never counted as agreed).\n"
                "          Every problem is reported by file and cell or line, and nothing of an invalid file\n"
                "          is stored (exit 65 when a file was rejected); a reason code and a reason are\n"
                "          required where a grade differs from the auditor's; an identical re-import changes\n"
                "          nothing, a changed return is stored as a new version. Reason codes: evidence-missed,\n"
                "          over-generous, threshold-misapplied, recording-quality, agreed.\n"
                "  void    a stored moderation return (M-<form id>, or the audit's form id) stops counting: the\n"
                "          version before it counts again, if any; the reason, who (--by, else the user running\n"
                "          it) and when are kept in the store's event log; the file can be imported again.\n"
                "  accuracy  auditors' accuracy over time from the store: per group and period the number\n"
                "          moderated, exact agreement (Wilson 95% interval), within one grade, the share moderated\n"
                "          down, linear-weighted kappa and Gwet's AC2 (from --min-n pairs, 5). Flags a group whose\n"
                "          exact agreement over the last --periods (3) periods (from --min-n pairs) is below\n"
                "          --threshold (0.75), or\n"
                "          that is moderated down more than up with a one-sided sign test p < 0.05 (generous).\n"
                "          --domain D (default _overall; 'all' pools every domain). --out FILE.csv or .xlsx\n"
                "          (with a trend chart). On the scale of the audits' framework (--framework ID when the\n"
                "          store holds audits of several).\n"
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
                "          computed (e.g. every pair on one grade) is shown as n/a with the reason, null in JSON.\n"
                "          --ratings FILE instead: several raters grading the same units (group audits,\n"
                "          calibration): a CSV with the columns unit, rater, grade (one row per unit and rater;\n"
                "          any number of raters per unit; a blank grade is missing). Krippendorff's alpha\n"
                "          (nominal, ordinal, interval, ratio), Fleiss' kappa, Gwet's AC1 and AC2 (linear,\n"
                "          quadratic, ordinal weights), each with SE and 95% interval. Grades on --scale (default\n"
                "          ofsted-four-point), or --scale numbers for plain numbers (the categories are the\n"
                "          distinct values given).\n" +
                    std::string(reconcile::calibrateHelp),
                "audit-reconcile sample --period 2026-11 --seed 7 --moderators moderators.csv --out moderation\n"
                "audit-reconcile import moderation/forms\n"
                "audit-reconcile forms --period 2026-11 --open --out moderation/open\n"
                "audit-reconcile accuracy --by auditor --from 2026-06 --to 2026-11 --out accuracy.xlsx\n"
                "audit-reconcile stats --pairs moderation-pairs.csv\n"
                "audit-reconcile stats --pairs moderation-pairs.csv --by auditor\n"
                "audit-reconcile stats --pairs sos-pairs.csv --scale signs-of-safety\n"
                "audit-reconcile stats --pairs moderation-pairs.csv --json > agreement.json\n"
                "audit-reconcile stats --ratings group-audit.csv\n"
                "audit-reconcile stats --ratings reliability.csv --scale numbers --json\n"
                "audit-reconcile calibrate sample --auditors group.csv --cases 3 --period 2026-11 --out calibration\n"
                "audit-reconcile calibrate import calibration\n"
                "audit-reconcile calibrate report --exercise 1 --out calibration-1.xlsx"}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(opt("pairs", "FILE", "stats: the pairs file (CSV) to read"));
        set.addOption(opt("ratings", "FILE", "stats: a ratings file (CSV: unit, rater, grade) of several raters"));
        set.addOption(opt("auditors", "FILE", "calibrate sample: the participants (CSV with a column auditor)"));
        set.addOption(opt("cases", "N", "calibrate sample: cases every participant audits"));
        set.addOption(opt("template", "ID", "calibrate sample: the template, when the audits use several"));
        set.addOption(opt("exercise", "ID", "calibrate report: the calibration exercise"));
        set.addOption(opt("reference", "NAME", "calibrate report: compare with this participant instead of the consensus"));
        set.addOption(opt("by", "COLUMN", "stats: break the statistics down by auditor, team, domain or period; accuracy: the grouping (default auditor); void: who voids it (default: the user running the command)"));
        set.addOption(opt("reason", "TEXT", "void: why the moderation return should not count (kept in the store)"));
        set.addOption(opt("form-version", "N", "void: the version to void (default: the one that counts now)"));
        set.addOption(cli::options::period("sample: the audit round (YYYY-MM or YYYY-Qn); forms: its latest moderation draw"));
        set.addOption(cli::options::seed("sample: the random seed (default: a fresh one, printed)"));
        set.addOption(opt("moderators", "FILE", "sample: the moderators' roster (CSV: moderator, capacity)"));
        set.addOption(cli::options::out("PATH", "sample: folder for the sample, blank returns and forms; forms: folder; "
                                         "accuracy: FILE.csv or FILE.xlsx"));
        set.addOption(flag("open", "sample, forms: open moderation (the auditor's grades shown); default: the framework's"));
        set.addOption(flag("blind", "sample, forms: blind moderation (the auditor's grades not shown)"));
        set.addOption(cli::options::framework("sample: the framework whose moderation policy applies (default: the "
                                             "period's audits', else ofsted-four-point); accuracy: whose grades count"));
        set.addOption(opt("draw", "N", "forms: the moderation draw whose forms to render"));
        set.addOption(opt("fraction", "F", "sample: share of the period's audits to moderate (default 0.1)"));
        set.addOption(opt("min-per-auditor", "N", "sample: at least N audits of every auditor (default 1)"));
        set.addOption(opt("always", "GRADE", "sample: moderate every audit of this overall grade (default Inadequate)", true));
        set.addOption(flag("no-always", "sample: no grade is always moderated"));
        set.addOption(cli::options::oversample("GRADE=FACTOR", "sample: selection weight of a grade (default Good=2, Outstanding=3)"));
        set.addOption(cli::options::from("P", "accuracy: first period"));
        set.addOption(opt("to", "P", "accuracy: last period"));
        set.addOption(opt("domain", "D", "accuracy: the domain whose grades count (default _overall; all = every domain)"));
        set.addOption(opt("threshold", "X", "accuracy: the exact-agreement threshold (default 0.75)"));
        set.addOption(opt("periods", "K", "accuracy: the threshold flag looks at the last K periods (default 3)"));
        set.addOption(opt("min-n", "N", "accuracy: kappa and AC2 from N pairs (default 5)"));
        set.addOption(opt("scale", "NAME", "stats: the grade scale: a framework's id (default ofsted-four-point: "
                                           "Inadequate, Requires improvement, Good, Outstanding; signs-of-safety: "
                                           "0-10), a framework XML file, ofsted4 (built in), or numbers (--ratings: "
                                           "plain numbers)"));
    }

    int work(const std::vector<std::string>& args) override {
        return dispatch(
            args,
            {{"stats", [this](const std::vector<std::string>& rest) { return stats(rest); }},
             {"sample", [this](const std::vector<std::string>& rest) { return reconcile::sampleCommand(*this, rest); }},
             {"forms", [this](const std::vector<std::string>& rest) { return reconcile::formsCommand(*this, rest); }},
             {"import", [this](const std::vector<std::string>& rest) { return reconcile::importCommand(*this, rest); }},
             {"calibrate", [this](const std::vector<std::string>& rest) { return reconcile::calibrateCommand(*this, rest); }},
             {"void", [this](const std::vector<std::string>& rest) { return reconcile::voidCommand(*this, rest); }},
             {"accuracy",
              [this](const std::vector<std::string>& rest) { return reconcile::accuracyCommand(*this, rest); }}});
    }

private:
    int stats(const std::vector<std::string>& rest) {
        if (!rest.empty()) usageError("stats takes no arguments besides options; unexpected '" + rest.front() + "'");
        if (has("ratings") && has("pairs")) usageError("give --pairs or --ratings, not both");
        if (has("ratings")) return reconcile::ratingsCommand(*this);
        if (!has("pairs")) usageError("stats needs --pairs FILE (auditor and moderator grades) or --ratings FILE");
        const std::string path = require("pairs");
        const jobs::PairStatsResult r = jobs::pairStats({path, value("scale", "ofsted-four-point"), optional("by")});
        if (json())
            out() << reconcile::statsJson(r.pairs, r.scale).dump() << '\n';
        else if (!quiet())
            reconcile::printStats(out(), r.pairs, r.scale);
        out().flush();
        return 0;
    }
};

}  // namespace

AUDIT_TOOL_MAIN(Reconcile)
