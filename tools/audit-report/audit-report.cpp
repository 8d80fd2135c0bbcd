// audit-report: the safeguarding partnership's triangulated workbook, and the actions tracker with its import.
// The first positional argument is the subcommand; the work is in the core's jobs module (audit/jobs/report.h).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "audit/cli/options.h"
#include "audit/cli/tool.h"
#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/base/paths.h"
#include "audit/base/period.h"
#include "audit/jobs/report.h"
#include "audit/store/store.h"
#include "audit/report/triangulation.h"
#include "actions_cmd.h"
#include "actions_void.h"
#include "kpis.h"
#include "reminders.h"
#include "spc.h"

namespace {

using namespace audit;
using namespace audit::report;

std::string pct(std::optional<double> v) { return v ? percent(*v) : std::string("n/a"); }

// {"file", "rows", "unchanged"} of an imported KPI or self-assessment file.
Poco::JSON::Object::Ptr imported(const std::string& file, const ImportResult& r) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object;
    j->set("file", file);
    j->set("rows", static_cast<Poco::UInt64>(r.rows));
    j->set("unchanged", r.unchanged);
    return j;
}

class AuditReport : public cli::Tool {
public:
    AuditReport()
        : Tool({"audit-report",
                "the safeguarding partnership's triangulated workbook, and the actions tracker",
                "audit-report lscb --period P [--kpis FILE] [--annex-a FILE|FOLDER]... --self-assessments FILE --out FILE.xlsx [--publish]\n"
                "                  [--definition ID|FILE] [--trend-months N] [--as-of DATE] [--store DB] [--json]\n"
                "audit-report actions --out FOLDER [--by owner|team] [--return-by DATE] [--return-to WHOM] [--as-of DATE] [--store DB] [--json]\n"
                "audit-report actions --out tracker.xlsx [--as-of DATE] [--store DB] [--json]\n"
                "audit-report actions-import FILE [--today DATE] [--by NAME] [--store DB] [--json]\n"
                "audit-report actions-void FILE|SHA256 --reason TEXT [--by NAME] [--store DB] [--json]\n"
                "audit-report spc --series FILE.csv [--polarity higher|lower] [--target T] [--baseline N] [--json]\n"
                "audit-report kpis --annex-a FILE.xlsx|FOLDER [--as-of DATE] [--out FILE.xlsx] [--definition ID|FILE] [--json]\n"
                "audit-report reminders [--as-of DATE] [--days N] [--qa-lead NAME,...]\n"
                "                       [--smtp HOST:PORT --from ADDRESS --addresses FILE] [--store DB] [--json]",
                "Subcommands:\n"
                "  lscb            the partnership workbook for a period (YYYY-MM, YYYY-Qn, YYYY or a financial\n"
                "                  year YYYY-YY): Summary (audits, the completion rate as at --as-of or the\n"
                "                  period's last day, the design-weighted share good or better with\n"
                "                  its 95% interval, audit accuracy and its trend, charts of grades and accuracy by\n"
                "                  month), Findings, Triangulation (per theme: KPIs against target, audit evidence\n"
                "                  and partners' self-assessment as red/amber/green, flagged where they disagree),\n"
                "                  Moderation and accuracy, Actions, Method and Data. The KPI file (indicator,\n"
                "                  period, value, target, polarity, theme) and the self-assessment file (agency,\n"
                "                  period, theme, standard, rating, evidence) are validated and imported into the\n"
                "                  store first (a file imported before changes nothing); the workbook uses what the\n"
                "                  store holds. --publish pseudonymises case references with the store's secret\n"
                "                  key, replaces names by numbered labels and suppresses counts below the\n"
                "                  definition's threshold (5) with secondary suppression.\n"
                "  actions         the open actions as trackers for their owners to fill in (status, date\n"
                "                  completed, note), most overdue first: into a folder, one workbook per owner (or\n"
                "                  per team with --by team), each addressed to them with what to fill in, by when\n"
                "                  and to whom to send it back; or, with --out FILE.xlsx, every open action in one\n"
                "                  workbook (the QA lead's list).\n"
                "  actions-import  reads a returned tracker and updates the actions' statuses. Every problem is\n"
                "                  listed by sheet and cell, and nothing is stored unless the whole file is valid;\n"
                "                  importing the same file again changes nothing.\n"
                "  actions-void    undoes a tracker's import with a record: its updates stop counting, each\n"
                "                  action goes back to its status before it, the reason, who and when are kept\n"
                "                  in the store's event log, and the tracker can be imported again.\n" +
                    std::string(reportcli::spcHelp) + "\n" + reportcli::kpisHelp + "\n" + reportcli::remindersHelp,
                "audit-report lscb --period 2026-Q1 --kpis kpis.csv --self-assessments s11.csv --out lscb-2026-Q1.xlsx\n"
                "audit-report lscb --period 2026-Q1 --kpis kpis.csv --self-assessments s11.csv --publish \\\n"
                "    --out lscb-2026-Q1-published.xlsx\n"
                "audit-report actions --out trackers-2026-03 --as-of 2026-03-31 --return-to 'Sam Patel, QA lead'\n"
                "audit-report actions-import tracker-returned.xlsx\n"
                "audit-report spc --series visits-in-time.csv --polarity higher --target 90\n"
                "audit-report kpis --annex-a extracts/ --out kpis.xlsx\n"
                "audit-report reminders --days 7 --qa-lead 'QA Lead' --smtp localhost:25 --from audit@council.example \\\n"
                "    --addresses staff.csv"}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(cli::options::period("lscb: the reporting period (2026-03, 2026-Q1, 2026, 2025-26)"));
        set.addOption(opt("kpis", "FILE", "lscb: KPI data (CSV) to import and report"));
        set.addOption(opt("self-assessments", "FILE", "lscb: partners' self-assessments (CSV) to import and report"));
        set.addOption(cli::options::out("FILE", "lscb, actions, kpis: the workbook to write (.xlsx)"));
        set.addOption(flag("publish", "lscb: the version for publication (pseudonyms, no names, small counts suppressed)"));
        set.addOption(opt("definition", "ID|FILE", "lscb: the report definition (default lscb); kpis: the indicators (default kpis)"));
        set.addOption(opt("annex-a", "FILE|FOLDER", "kpis, lscb: an Annex A workbook, a folder of its list CSVs, or of monthly workbooks (repeatable)", true));
        set.addOption(cli::options::map("kpis: the annex-a layout column map (default annex-a)"));
        set.addOption(opt("date-order", "dmy|mdy", "kpis: the order of day and month in text dates (default dmy)"));
        set.addOption(opt("trend-months", "N", "lscb: months in the trend tables and charts (default 12)"));
        set.addOption(cli::options::asOf("actions, reminders: the date overdue is counted to (default today); kpis: one extract's date; "
                                         "lscb: the date of the Summary's completion rate (default: the period's last day)"));
        set.addOption(opt("today", "DATE", "actions-import: the date completion dates may not pass (default today)"));
        set.addOption(opt("by", "NAME", "actions: one tracker per owner (default) or per team; actions-import: who "
                                        "returned the tracker (recorded with each update); actions-void: who voids it "
                                        "(default: the user running the command)"));
        set.addOption(opt("return-by", "DATE", "actions: when the owners send their trackers back (default 10 working days after --as-of)"));
        set.addOption(opt("return-to", "WHOM", "actions: whom the owners send their trackers back to (default: the quality assurance lead)"));
        set.addOption(opt("reason", "TEXT", "actions-void: why the tracker's updates should not count (kept in the store)"));
        set.addOption(opt("series", "FILE", "spc: the series (CSV: period, value) to chart"));
        set.addOption(opt("polarity", "higher|lower", "spc: which way is better (default: neither, causes neutral)"));
        set.addOption(opt("target", "T", "spc: the target, for the assurance icon"));
        set.addOption(opt("baseline", "N", "spc: the limits come from the first N points (default 12)"));
        set.addOption(opt("run-length", "N", "spc: points in a run or trend (7, Making Data Count's; or 6)"));
        set.addOption(flag("screen-moving-ranges", "spc: leave moving ranges above 3.267 x their mean out of it"));
        set.addOption(opt("days", "N", "reminders: due within N days (0 to 366, default 7)"));
        set.addOption(opt("qa-lead", "NAME,...", "reminders: who also gets every overdue action"));
        set.addOption(opt("smtp", "HOST:PORT", "reminders: send e-mails through this SMTP relay"));
        set.addOption(opt("from", "ADDRESS", "reminders: the e-mails' sender"));
        set.addOption(opt("addresses", "FILE", "reminders: CSV of name and email for each person"));
    }

    int work(const std::vector<std::string>& args) override {
        return dispatch(args, {{"lscb", [this](const std::vector<std::string>& rest) { return lscb(rest); }},
                               {"actions", [this](const std::vector<std::string>& rest) { return reportcli::actionsCommand(*this, rest); }},
                               {"actions-import", [this](const std::vector<std::string>& rest) { return reportcli::actionsImportCommand(*this, rest); }},
                               {"actions-void", [this](const std::vector<std::string>& rest) { return reportcli::actionsVoidCommand(*this, rest); }},
                               {"spc", [this](const std::vector<std::string>& rest) { return reportcli::spcCommand(*this, rest); }},
                               {"kpis", [this](const std::vector<std::string>& rest) { return reportcli::kpisCommand(*this, rest); }},
                               {"reminders", [this](const std::vector<std::string>& rest) { return reportcli::remindersCommand(*this, rest); }}});
    }

private:
    void noArguments(const std::string& sub, const std::vector<std::string>& rest) const {
        if (!rest.empty()) usageError(sub + " takes no arguments besides options; unexpected '" + rest.front() + "'");
    }

    static std::string xlsxOut(const AuditReport& t, const std::string& out) {
        if (out.size() < 5 || out.substr(out.size() - 5) != ".xlsx") t.usageError("--out must name an .xlsx file");
        return out;
    }

    std::string dateOption(const std::string& name) const {
        auto v = optional(name);
        if (!v) return today().iso();
        auto d = parseDate(*v);
        if (!d) usageError("--" + name + " '" + *v + "' is not a date (expected YYYY-MM-DD or dd/mm/yyyy)");
        return d->iso();
    }

    int lscb(const std::vector<std::string>& rest) {
        noArguments("lscb", rest);
        const std::string periodText = require("period");
        auto period = parsePeriod(periodText);
        if (!period) usageError("--period '" + periodText + "' is not a period (expected " + kPeriodForms + ")");
        const std::string out = xlsxOut(*this, require("out"));
        const long long months = integer("trend-months", 12);
        if (months < 1 || months > 120) usageError("--trend-months must be 1 to 120");
        jobs::ReportLscbRequest q;
        q.period = *period;
        q.periodText = periodText;
        q.out = out;
        q.publish = has("publish");
        q.definition = value("definition", "lscb");
        q.trendMonths = static_cast<int>(months);
        q.kpis = optional("kpis");
        q.selfAssessments = optional("self-assessments");
        q.annexA = values("annex-a");
        q.store = store();
        if (has("as-of")) q.asOf = dateOption("as-of");
        const jobs::ReportLscbResult res = jobs::reportLscb(q);
        const LscbResult& r = res.workbook;
        Poco::JSON::Object::Ptr summary = new Poco::JSON::Object;
        std::vector<std::string> lines;
        if (res.kpis) {
            const std::string& k = *q.kpis;
            lines.push_back(res.kpis->unchanged ? "KPIs: " + k + " was imported before (unchanged)"
                                                : "KPIs: imported " + std::to_string(res.kpis->rows) + " rows from " + k);
            summary->set("kpis", imported(k, *res.kpis));
        }
        if (res.selfAssessments) {
            const std::string& f = *q.selfAssessments;
            lines.push_back(res.selfAssessments->unchanged
                                ? "self-assessments: " + f + " was imported before (unchanged)"
                                : "self-assessments: imported " + std::to_string(res.selfAssessments->rows) + " rows from " + f);
            summary->set("self_assessments", imported(f, *res.selfAssessments));
        }
        reportcli::presentLscbAnnex(*this, res, lines, summary);
        std::string flagged;
        for (const auto& f : r.flaggedThemes) flagged += (flagged.empty() ? "" : ", ") + f;
        if (json()) {
            summary->set("out", out);
            summary->set("period", periodText);
            summary->set("published", q.publish);
            summary->set("audits", static_cast<Poco::UInt64>(r.audits));
            Poco::JSON::Object::Ptr g = new Poco::JSON::Object;
            g->set("value", r.share ? Poco::Dynamic::Var(*r.share) : Poco::Dynamic::Var());
            Poco::JSON::Array::Ptr ci = new Poco::JSON::Array;
            ci->add(r.lower ? Poco::Dynamic::Var(*r.lower) : Poco::Dynamic::Var());
            ci->add(r.upper ? Poco::Dynamic::Var(*r.upper) : Poco::Dynamic::Var());
            g->set("ci95", ci);
            summary->set("good_or_better", g);
            summary->set("moderated", static_cast<Poco::UInt64>(r.moderated));
            summary->set("accuracy", r.accuracy ? Poco::Dynamic::Var(*r.accuracy) : Poco::Dynamic::Var());
            summary->set("completion", r.completion ? Poco::Dynamic::Var(*r.completion) : Poco::Dynamic::Var());
            summary->set("as_of", q.asOf ? *q.asOf : q.period.lastDay());
            summary->set("store", storeDisplayName(q.store));
            summary->set("themes", static_cast<Poco::UInt64>(r.themes));
            Poco::JSON::Array::Ptr fl = new Poco::JSON::Array;
            for (const auto& f : r.flaggedThemes) fl->add(f);
            summary->set("flagged", fl);
            summary->set("open_actions", static_cast<Poco::Int64>(r.openActions));
            summary->set("overdue_actions", static_cast<Poco::Int64>(r.overdueActions));
            summary->set("suppressed", static_cast<Poco::UInt64>(r.suppressedCells));
            Poco::JSON::Stringifier::condense(summary, out_());
            out_() << '\n';
        } else if (!quiet()) {
            for (const auto& l : lines) out_() << l << '\n';
            out_() << "period " << periodText << ": " << r.audits << " audits, good or better " << pct(r.share);
            if (r.share) out_() << " (95% CI " << pct(r.lower) << " to " << pct(r.upper) << ")";
            out_() << ", accuracy " << pct(r.accuracy) << " of " << r.moderated << " moderated, completion "
                   << pct(r.completion) << " as at " << (q.asOf ? *q.asOf : q.period.lastDay()) << "\n";
            out_() << "triangulation: " << r.flaggedThemes.size() << " of " << r.themes << " themes flagged"
                   << (flagged.empty() ? "" : " (" + flagged + ")") << '\n';
            out_() << "actions: " << r.openActions << " open, " << r.overdueActions << " overdue\n";
            if (q.publish) out_() << "published version: " << r.suppressedCells << " numbers suppressed\n";
            out_() << "wrote " << out << "; store " << storeDisplayName(q.store) << '\n';
        }
        return 0;
    }

    std::ostream& out_() { return out(); }
};

}  // namespace

AUDIT_TOOL_MAIN(AuditReport)
