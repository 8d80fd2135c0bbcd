// audit-score: import completed audit forms and bulk answer files, score them by the framework's rules, and
// summarise the grades. The first positional argument is the subcommand (import, summary); the work is in
// the core's jobs module (audit/jobs/score.h).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "audit/cli/options.h"
#include "audit/cli/tool.h"
#include "audit/base/error.h"
#include "audit/base/paths.h"
#include "audit/jobs/score.h"
#include "audit/store/store.h"
#include "status_cmd.h"

namespace {

using namespace audit;

std::string percent(double x) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(1) << 100.0 * x << '%';
    return os.str();
}

class Score : public cli::Tool {
public:
    Score()
        : Tool({"audit-score",
                "import completed audit forms, score them by the framework's rules and summarise the grades",
                "audit-score import PATH... [--store DB] [--json]\n"
                "audit-score summary [--period P] [--store DB] [--json | --out FILE.xlsx]\n"
                "audit-score status [--period P] [--as-of DATE] [--store DB] [--json | --out FILE.xlsx]\n"
                "audit-score void FORM_ID --reason TEXT [--form-version N] [--by NAME] [--store DB] [--json]",
                "Subcommands:\n"
                "  import   read returned forms (.xlsx as rendered by audit-template, saved by Excel, LibreOffice\n"
                "           or openpyxl) and bulk answer files (.csv, docs/BULK_ANSWERS.md); folders are searched\n"
                "           recursively. Each return is checked against the template and framework it names:\n"
                "           answers and grades on the scales, required answers and grades present, a rationale\n"
                "           wherever the auditor's grade departs from the computed one, valid dates, every action\n"
                "           with an owner and a due date. A return with problems is rejected with every problem by\n"
                "           sheet and cell (or line) and nothing of it is stored; each valid return is scored\n"
                "           (item scores, domain grades, limiting items, the overall grade) and stored in its own\n"
                "           transaction with the computed and the auditor's grades and its actions (status open).\n"
                "           A file imported before changes nothing; a changed return of a stored form becomes its\n"
                "           next version, and the latest version counts. Exit 65 if any file was rejected.\n"
                "  summary  grades per domain, team and template over the latest versions (of one period with\n"
                "           --period: YYYY-MM, YYYY-Qn, YYYY or YYYY-YY), disagreements between computed and\n"
                "           auditor grades, and the share of cases good or better: the unweighted count with a\n"
                "           Wilson interval, and a design-weighted stratified estimate with a 95% interval from\n"
                "           the draws' inclusion probabilities.\n"
                "  status   for each audit draw (of one period with --period) and each auditor: cases allocated,\n"
                "           returned, moderated, outstanding and overdue (not returned after the draw's due date;\n"
                "           a draw without one is due ten working days after its period ends), with the case\n"
                "           references of what is overdue. --as-of DATE (default today) sets the day it is counted\n"
                "           on; --out writes the status workbook (Draws, Auditors, Overdue).\n"
                "  void     a stored return stops counting everywhere (every count of latest versions), with the\n"
                "           reason, who (--by, else the user running it) and when kept in the store's event log;\n"
                "           the version before it counts again, if any; the same file can be imported again.\n"
                "import refuses a return whose case is in no audit draw of the store unless --unsampled is given\n"
                "(thematic audits outside a sample), and a form made for another store (its identity sheet\n"
                "carries the store's id).\n"
                "Commands that only read (summary, status) never create a store: a store that does not exist\n"
                "is exit 66, naming it.",
                "audit-score import returns/ --store audit.db\n"
                "audit-score import returns/C1042.xlsx answers.csv --json\n"
                "audit-score summary --period 2026-11\n"
                "audit-score summary --period 2026-Q4 --out scores.xlsx\n"
                "audit-score status --period 2026-11\n"
                "audit-score status --period 2026-11 --as-of 2026-12-20 --out status.xlsx\n"
                "audit-score import thematic/ --unsampled\n"
                "audit-score void F-1a2b3c4d5e6f --reason \"another council's case, imported by mistake\""}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(cli::options::period("summary, status: only this period (YYYY-MM, YYYY-Qn, YYYY, YYYY-YY)"));
        set.addOption(cli::options::out("FILE.xlsx", "summary, status: write the workbook here"));
        set.addOption(cli::options::asOf("status: count overdue as of this date (YYYY-MM-DD; default today)"));
        set.addOption(flag("unsampled", "import: accept returns whose case is in no audit draw of the store (thematic audits)"));
        set.addOption(opt("reason", "TEXT", "void: why the return should not count (kept in the store)"));
        set.addOption(opt("by", "NAME", "void: who voids it (default: the user running the command)"));
        set.addOption(opt("form-version", "N", "void: the version to void (default: the one that counts now)"));
    }

    int work(const std::vector<std::string>& args) override {
        return dispatch(args, {{"import", [this](const std::vector<std::string>& rest) { return importCmd(rest); }},
                               {"summary", [this](const std::vector<std::string>& rest) { return summaryCmd(rest); }},
                               {"status", [this](const std::vector<std::string>& rest) {
                                    return score_cli::statusCmd(*this, rest);
                                }},
                               {"void", [this](const std::vector<std::string>& rest) {
                                    return score_cli::voidCmd(*this, rest);
                                }}});
    }

private:
    int importCmd(const std::vector<std::string>& paths) {
        if (paths.empty()) usageError("import needs at least one file or folder of returns");
        if (has("period") || has("out") || has("as-of"))
            usageError("--period, --out and --as-of belong to summary and status, not import");
        auto bar = progress("importing returns", 0);
        if (has("reason") || has("by") || has("form-version")) usageError("--reason, --by and --form-version belong to void");
        const ImportReport report = jobs::scoreImport(
            {paths, Tool::store(), [&](std::size_t done, std::size_t total) { bar.update(done, total); }, has("unsampled")});
        bar.finish();

        for (const auto& f : report.files) {
            if (f.outcome != ImportOutcome::Rejected) continue;
            std::cerr << "audit-score: error: " << f.file << ": rejected, " << f.problems.size()
                      << (f.problems.size() == 1 ? " problem" : " problems") << ", nothing of it stored\n";
            for (const auto& p : f.problems) {
                std::istringstream lines(p.str());
                std::string line;
                while (std::getline(lines, line)) std::cerr << "audit-score: error: " << line << '\n';
            }
        }
        if (json()) {
            Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
            root.set("imported", static_cast<Poco::UInt64>(report.imported));
            root.set("new_versions", static_cast<Poco::UInt64>(report.newVersions));
            root.set("unchanged", static_cast<Poco::UInt64>(report.unchanged));
            root.set("rejected", static_cast<Poco::UInt64>(report.rejected));
            root.set("files", static_cast<Poco::UInt64>(report.files.size()));
            root.set("disagreements", static_cast<Poco::UInt64>(report.disagreements));
            root.set("grades_left_blank", static_cast<Poco::UInt64>(report.gradesLeftBlank));
            Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
            for (const auto& f : report.files) {
                Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
                o->set("file", f.file);
                o->set("outcome", std::string(toString(f.outcome)));
                Poco::JSON::Array::Ptr forms = new Poco::JSON::Array;
                for (const auto& r : f.returns) {
                    Poco::JSON::Object::Ptr fo = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
                    fo->set("form_id", r.formId);
                    fo->set("case_ref", r.caseRef);
                    fo->set("version", r.version);
                    fo->set("outcome", std::string(toString(r.outcome)));
                    fo->set("disagreements", static_cast<Poco::UInt64>(r.disagreements));
                    fo->set("grades_left_blank", static_cast<Poco::UInt64>(r.gradesLeftBlank));
                    forms->add(fo);
                }
                o->set("returns", forms);
                Poco::JSON::Array::Ptr problems = new Poco::JSON::Array;
                for (const auto& p : f.problems) {
                    Poco::JSON::Object::Ptr po = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
                    po->set("place", p.place);
                    po->set("message", p.message);
                    problems->add(po);
                }
                o->set("problems", problems);
                list->add(o);
            }
            root.set("results", list);
            root.stringify(out());
            out() << '\n';
        } else if (!quiet()) {
            out() << "Imported " << report.imported << " return" << (report.imported == 1 ? "" : "s");
            if (report.newVersions) out() << " (" << report.newVersions << " new versions of stored forms)";
            out() << ", " << report.unchanged << " unchanged, " << report.rejected << " file"
                  << (report.rejected == 1 ? "" : "s") << " rejected; " << report.disagreements
                  << " grades depart from the computed grade";
            if (report.gradesLeftBlank)
                out() << "; " << report.gradesLeftBlank << " domain grade" << (report.gradesLeftBlank == 1 ? "" : "s")
                      << " left blank, taken as agreeing with the computed grade";
            out() << "; store " << storeDisplayName(Tool::store()) << ".\n";
        }
        out().flush();
        return report.rejected > 0 ? static_cast<int>(ErrorKind::Data) : 0;
    }

    int summaryCmd(const std::vector<std::string>& rest) {
        if (!rest.empty()) usageError("summary takes no arguments besides options; unexpected '" + rest.front() + "'");
        if (json() && has("out")) usageError("give --json or --out, not both");
        if (has("as-of")) usageError("--as-of belongs to status, not summary");
        const std::string file = has("out") ? require("out") : "";
        const ScoreSummary s = jobs::scoreSummary({Tool::store(), value("period", ""), file});
        if (has("out")) {
            if (!quiet()) out() << "Wrote " << file << " (" << s.audits << " audits, store " << storeDisplayName(Tool::store()) << ")\n";
        } else if (json()) {
            out() << summaryJson(s) << '\n';
        } else if (!quiet()) {
            printSummary(s);
        }
        out().flush();
        return 0;
    }

    void printTable(const std::string& title, const std::vector<std::string>& keys,
                    const std::map<std::string, GradeCounts>& rows, const std::vector<std::string>& grades) {
        std::size_t width = title.size();
        for (const auto& k : keys) width = std::max(width, k.size());
        out() << std::left << std::setw(static_cast<int>(width) + 2) << title;
        for (const auto& g : grades) out() << std::right << std::setw(static_cast<int>(std::max<std::size_t>(g.size(), 5)) + 2) << g;
        out() << std::right << std::setw(7) << "Total" << '\n';
        for (const auto& k : keys) {
            const auto& c = rows.at(k);
            out() << std::left << std::setw(static_cast<int>(width) + 2) << k;
            std::size_t total = 0;
            for (const auto& g : grades) {
                auto it = c.find(g);
                const std::size_t n = it == c.end() ? 0 : it->second;
                total += n;
                out() << std::right << std::setw(static_cast<int>(std::max<std::size_t>(g.size(), 5)) + 2) << n;
            }
            out() << std::right << std::setw(7) << total << '\n';
        }
        out() << '\n';
    }

    void printSummary(const ScoreSummary& s) {
        out() << "Audits: " << s.audits << (s.period.empty() ? " (all periods)" : " in " + s.period) << ", store "
              << storeDisplayName(Tool::store()) << "\n\n";
        if (s.audits == 0) return;
        std::vector<std::string> domainKeys;
        for (const auto& d : s.domainOrder)
            if (s.domains.count(d)) domainKeys.push_back(d);
        for (const auto& [d, c] : s.domains)
            if (std::find(domainKeys.begin(), domainKeys.end(), d) == domainKeys.end()) domainKeys.push_back(d);
        std::map<std::string, GradeCounts> domainRows = s.domains;
        domainRows["overall"] = s.overall;
        domainKeys.push_back("overall");
        printTable("Domain", domainKeys, domainRows, s.gradeOrder);
        std::vector<std::string> teams, templates;
        for (const auto& [k, v] : s.teams) teams.push_back(k);
        for (const auto& [k, v] : s.templates) templates.push_back(k);
        printTable("Team (overall)", teams, s.teams, s.gradeOrder);
        printTable("Template (overall)", templates, s.templates, s.gradeOrder);
        std::size_t dis = 0;
        for (const auto& [d, n] : s.disagreements) dis += n;
        out() << "Auditor's grade departs from the computed grade: " << dis << " times";
        if (auto it = s.disagreements.find("overall"); it != s.disagreements.end())
            out() << " (" << it->second << " overall)";
        out() << "\n";
        if (s.graded > 0)
            out() << s.thresholdLabel << ": " << s.goodOrBetter << " of " << s.graded << " audits ("
                  << percent(static_cast<double>(s.goodOrBetter) / static_cast<double>(s.graded)) << ", 95% "
                  << s.unweightedCi->method << " interval " << percent(s.unweightedCi->lower) << " to "
                  << percent(s.unweightedCi->upper) << ", unweighted)\n";
        if (s.weighted) {
            const auto& w = *s.weighted;
            out() << s.thresholdLabel << ", design-weighted estimate: " << percent(w.estimate.estimate);
            if (w.ci)
                out() << " (95% interval " << percent(w.ci->lower) << " to " << percent(w.ci->upper) << ")";
            else
                out() << " (95% interval " << w.ciNote << ")";
            out() << " from " << w.audits << " audits in " << w.estimate.strata.size() << " strata of " << w.draws
                  << (w.draws == 1 ? " draw" : " draws") << "\n";
        }
        if (!s.weightedNote.empty()) out() << "Note: " << s.weightedNote << "\n";
        out() << "Grades counted: " << ScoreSummary::kGradeCounted << ".\n";
    }
};

}  // namespace

AUDIT_TOOL_MAIN(Score)
