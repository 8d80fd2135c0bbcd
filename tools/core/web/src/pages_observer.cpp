// The board's view (issue 15, item 6): the observer sees only the published, disclosure-controlled partnership
// figures. The page is the published workbook itself: jobs::reportLscb with publish (the same build, pseudonyms and
// small-count suppression as `audit-report lscb --publish`, one code path) written to a temporary file, read back
// and shown sheet by sheet, with the SPC sheet's XmR charts drawn as SVG by the server (no JavaScript needed).
#include <filesystem>

#include "app_context.h"
#include "audit/base/error.h"
#include "audit/base/period.h"
#include "audit/io/xlsx_reader.h"
#include "audit/jobs/report.h"
#include "audit/web/security.h"
#include "observer_view.h"
#include "temp_folder.h"

namespace audit::web {

namespace {

// The sheets the board reads, in the workbook's order ("Data" and "Chart data" repeat them as numbers).
bool shown(const std::string& sheet) { return sheet != "Data" && sheet != "Chart data"; }

}  // namespace

Response getObserver(Context& c) {
    std::string periodText = c.req.query.count("period") ? c.req.query.at("period") : "";
    if (periodText.empty()) periodText = c.store.scalar<std::string>("SELECT MAX(period) FROM audit_latest").value_or("");
    Frame f = c.frame("Published figures", "/observer");
    if (periodText.empty()) {
        f.body = "<p>No audits are in the store yet: there are no figures to publish.</p>";
        c.log("view published figures", "", 200);
        return htmlPage(c, f);
    }
    const auto period = parsePeriod(periodText);
    if (!period)
        throw Error(ErrorKind::Usage, "period", "", "'" + periodText + "' is not a period (expected YYYY-MM, YYYY-Qn or YYYY)");
    TempFolder tmp("audit-serve-published-");
    jobs::ReportLscbRequest req;
    req.period = *period;
    req.periodText = period->text;
    req.publish = true;
    req.out = (tmp.path / "published.xlsx").string();
    const jobs::ReportLscbResult built = jobs::reportLscb(c.store, req);
    xlsx::Reader book(req.out);
    std::vector<xlsx::SheetData> sheets;
    for (const auto& s : book.sheets())
        if (s.worksheet && s.state == xlsx::SheetState::Visible && shown(s.name)) sheets.push_back(book.sheet(s.name));
    c.log("view published figures", period->text, 200);
    f.title = "Published figures, " + period->text;
    f.body = publishedHtml(period->text, sheets, built.workbook.suppressedCells);
    return htmlPage(c, f);
}

}  // namespace audit::web
