// The QA lead's downloads (issue 15 item 2): every workbook the command-line tools write that the store can make,
// made by the same job the tool calls (on the server's open store) into a temporary folder, read back, sent as an
// attachment and deleted with the folder. Each download is in the access log ("download <name>", the period).
#include <fstream>
#include <sstream>

#include "app_context.h"
#include "audit/base/error.h"
#include "audit/base/period.h"
#include "audit/jobs/reconcile.h"
#include "audit/jobs/report.h"
#include "audit/jobs/score.h"
#include "temp_folder.h"

namespace audit::web {

namespace {

struct Download {
    const char* name;     // the address: /downloads/{name}
    const char* title;    // the link's words
    const char* command;  // the command-line tool that writes the same workbook
    const char* what;     // what it is, in the QA lead's words
    bool byPeriod;        // the chosen period applies
};

const std::vector<Download>& downloads() {
    static const std::vector<Download> list{
        {"summary", "Grades summary", "audit-score summary --out",
         "The grades the period's audits gave, per domain, team and template, and the share good or better (weighted by "
         "the sample's design).", true},
        {"status", "Returns and overdue audits", "audit-score status --out",
         "For each round of the period and each auditor: audits allocated, returned, moderated, outstanding and overdue "
         "as at today, with the overdue cases listed.", true},
        {"accuracy", "Moderation accuracy", "audit-reconcile accuracy --out",
         "How often each auditor's overall grade matched the moderator's, every month up to the period's end, with "
         "intervals, flags for auditors below the threshold or graded generously, and the trend.", true},
        {"partnership", "Partnership workbook (internal)", "audit-report lscb --out",
         "The partnership's quarterly or monthly workbook for the period with case references and names: for the QA "
         "team, not for circulation.", true},
        {"partnership-published", "Partnership workbook (published)", "audit-report lscb --publish --out",
         "The same workbook as the board and the partnership see it: pseudonyms instead of case references, no names, "
         "small counts suppressed.", true},
        {"actions", "Actions tracker", "audit-report actions --out FILE.xlsx",
         "Every open action from every audit in one workbook, overdue ones marked as at today, to send round and import "
         "back. Not by period.", false},
    };
    return list;
}

const Download* findDownload(const std::string& name) {
    for (const auto& d : downloads())
        if (name == d.name) return &d;
    return nullptr;
}

// The periods with audits or rounds, newest first.
std::vector<std::string> periods(Store& store) {
    std::vector<std::string> out;
    for (const auto& r : store.query("SELECT period FROM audit_latest UNION SELECT period FROM draw WHERE kind = 'audit' AND "
                                     "period IS NOT NULL ORDER BY 1 DESC"))
        out.push_back(r.text(0));
    return out;
}

// The period asked for (Error(Usage), a 400, when it is not one), else the latest with audits, else the latest
// round's, else this month.
Period chosenPeriod(Context& c) {
    auto it = c.req.query.find("period");
    std::string text = it == c.req.query.end() ? "" : it->second;
    if (text.empty()) text = c.store.scalar<std::string>("SELECT MAX(period) FROM audit_latest").value_or("");
    if (text.empty()) {
        const auto ps = periods(c.store);
        text = ps.empty() ? c.desk().today().iso().substr(0, 7) : ps.front();
    }
    const auto p = parsePeriod(text);
    if (!p) throw Error(ErrorKind::Usage, "period", "", "'" + text + "' is not a period (expected " + kPeriodForms + ", e.g. 2026-07)");
    return *p;
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::IO, path.string(), "", "the workbook just written cannot be read back");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

Response getDownloads(Context& c) {
    const Period period = chosenPeriod(c);
    Frame f = c.frame("Downloads", "/downloads");
    std::string b = "<p>The workbooks the command-line tools write, made now from the store by the same code. Choose the "
                    "period, then the workbook.</p>";
    b += "<form method=\"get\" action=\"/downloads\" class=\"inline-form\"><div class=\"field\"><label for=\"period\">Period</label>"
         "<span class=\"hint\" id=\"period-hint\">A month (2026-07), a quarter (2026-Q3), a year (2026) or a financial year "
         "(2026-27)</span><input id=\"period\" name=\"period\" type=\"text\" list=\"periods\" aria-describedby=\"period-hint\" "
         "spellcheck=\"false\" value=\"" + escape(period.text) + "\"><datalist id=\"periods\">";
    for (const auto& p : periods(c.store)) b += "<option value=\"" + escape(p) + "\"></option>";
    b += "</datalist></div><button type=\"submit\">Show</button></form>";
    b += "<table class=\"data\"><caption>Workbooks for " + escape(period.text) + "</caption><thead><tr><th scope=\"col\">Workbook"
         "</th><th scope=\"col\">What it is</th><th scope=\"col\">The same as</th></tr></thead><tbody>";
    for (const auto& d : downloads()) {
        const std::string href = "/downloads/" + std::string(d.name) + (d.byPeriod ? "?period=" + urlEncode(period.text) : "");
        b += "<tr><td><a href=\"" + escape(href) + "\" download>" + escape(d.title) + (d.byPeriod ? ", " + escape(period.text) : "") +
             "</a></td><td>" + escape(d.what) + "</td><td><code>" + escape(d.command) + "</code></td></tr>";
    }
    b += "</tbody></table>";
    f.body = b;
    c.log("list downloads", period.text, 200);
    return htmlPage(c, f);
}

Response getDownload(Context& c) {
    const std::string name = c.params["name"];
    const Download* d = findDownload(name);
    if (!d) {
        c.log("download: not found", name.substr(0, 64), 404);
        return errorPage(c, 404, "Page not found", "There is no workbook of that name. The downloads page lists them.");
    }
    const Period period = chosenPeriod(c);
    const std::string today = c.desk().today().iso();
    TempFolder tmp("audit-serve-download-");
    const std::string file = d->byPeriod ? name + "-" + period.text + ".xlsx" : name + "-" + today + ".xlsx";
    const std::string out = (tmp.path / file).string();
    if (name == "summary") {
        jobs::ScoreSummaryRequest r;
        r.period = period.text;
        r.out = out;
        jobs::scoreSummary(c.store, r);
    } else if (name == "status") {
        jobs::ScoreStatusRequest r;
        r.period = period.text;
        r.asOf = today;
        r.out = out;
        jobs::scoreStatus(c.store, r);
    } else if (name == "accuracy") {
        jobs::ModerationAccuracyRequest r;
        r.options.to = period.lastDay().substr(0, 7);
        r.out = out;
        jobs::moderationAccuracy(c.store, r);
    } else if (name == "partnership" || name == "partnership-published") {
        jobs::ReportLscbRequest r;
        r.period = period;
        r.periodText = period.text;
        r.publish = name == "partnership-published";
        r.out = out;
        jobs::reportLscb(c.store, r);
    } else if (name == "actions") {
        jobs::ReportActionsRequest r;
        r.out = out;
        r.asOf = today;
        jobs::reportActions(c.store, r);
    }
    Response res;
    res.contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    res.body = readFile(out);
    res.set("Content-Disposition", "attachment; filename=\"" + file + "\"");
    c.log("download " + name, d->byPeriod ? period.text : today, 200);
    return res;
}

}  // namespace audit::web
