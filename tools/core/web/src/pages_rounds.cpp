// The QA lead's rounds (issue 15 item 2): every audit draw, newest first, with what has come back, and one round per
// auditor. The counts are the `scoreStatus` job's (report/return_status: `audit-score status`, one code path) on the
// server's open store, as at the server's today; a round's audits link to their pages.
#include <algorithm>
#include <map>
#include <set>

#include "app_context.h"
#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/jobs/score.h"
#include "form_html.h"

namespace audit::web {

namespace {

struct DrawRow {
    std::int64_t id = 0;
    std::string period, createdAt;
    std::int64_t sampleSize = 0;
};

// The audit draws, newest first (drawn later, then the higher id).
std::vector<DrawRow> auditDraws(Store& store) {
    std::vector<DrawRow> out;
    for (const auto& r : store.query("SELECT id, period, created_at, sample_size FROM draw WHERE kind = 'audit' "
                                     "ORDER BY created_at DESC, id DESC"))
        out.push_back({r.integer("id"), r.optText("period").value_or(""), r.text("created_at"), r.integer("sample_size")});
    return out;
}

std::string ukDate(const std::string& iso) {
    const auto d = parseDate(iso.substr(0, 10));
    return d ? d->uk() : iso;
}

ReturnStatus statusOf(Context& c, const std::string& period) {
    jobs::ScoreStatusRequest req;
    req.period = period;
    req.asOf = c.desk().today().iso();
    return jobs::scoreStatus(c.store, req);
}

std::string countCells(const StatusCounts& k) {
    std::string h;
    for (std::size_t v : {k.allocated, k.returned, k.moderated, k.outstanding}) h += "<td class=\"num\">" + std::to_string(v) + "</td>";
    h += "<td class=\"num\">" + std::to_string(k.overdue);
    if (k.overdue) h += " <strong class=\"tag overdue\">overdue</strong>";
    return h + "</td>";
}

const char* kCountHeads =
    "<th scope=\"col\" class=\"num\">Allocated</th><th scope=\"col\" class=\"num\">Returned</th>"
    "<th scope=\"col\" class=\"num\">Moderated</th><th scope=\"col\" class=\"num\">Outstanding</th>"
    "<th scope=\"col\" class=\"num\">Overdue</th>";

std::string dueText(const DrawStatus& d) {
    return escape(ukDate(d.dueDate)) + (d.dueDateDefault ? " <span class=\"hint\">(the default: ten working days after the period)</span>" : "");
}

}  // namespace

Response getRounds(Context& c) {
    const ReturnStatus status = statusOf(c, "");
    std::map<std::int64_t, const DrawStatus*> byId;
    for (const auto& d : status.draws) byId[d.drawId] = &d;
    Frame f = c.frame("Rounds", "/rounds");
    std::string b = "<p><a class=\"button\" href=\"/rounds/new\">Start a round</a></p>";
    const auto draws = auditDraws(c.store);
    if (draws.empty()) {
        b += "<p>No round has been drawn yet.</p>";
    } else {
        b += "<p>Returns as at " + escape(ukDate(status.asOf)) + ": a case is overdue when it has not come back by its round's due date.</p>";
        b += "<table class=\"data\"><caption>Every round, newest first</caption><thead><tr><th scope=\"col\">Round</th>"
             "<th scope=\"col\">Period</th><th scope=\"col\">Drawn</th><th scope=\"col\" class=\"num\">Sample</th>"
             "<th scope=\"col\">Due</th>" + std::string(kCountHeads) + "</tr></thead><tbody>";
        for (const auto& d : draws) {
            const std::string id = std::to_string(d.id);
            b += "<tr><td><a href=\"/rounds/" + id + "\">Round " + id + "</a></td><td>" + escape(d.period) + "</td><td>" +
                 escape(ukDate(d.createdAt)) + "</td><td class=\"num\">" + std::to_string(d.sampleSize) + "</td>";
            auto it = byId.find(d.id);
            if (it == byId.end()) b += "<td colspan=\"6\">No counts for this round.</td>";
            else b += "<td>" + dueText(*it->second) + "</td>" + countCells(it->second->counts);
            b += "</tr>";
        }
        b += "</tbody></table>";
    }
    f.body = b;
    c.log("list rounds", "", 200);
    return htmlPage(c, f);
}

Response getRound(Context& c) {
    const std::string idText = c.params["draw_id"];
    std::int64_t id = 0;
    if (!idText.empty() && idText.size() < 19 && std::all_of(idText.begin(), idText.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        id = std::stoll(idText);
    const auto draws = auditDraws(c.store);
    const auto draw = std::find_if(draws.begin(), draws.end(), [&](const DrawRow& d) { return d.id == id; });
    if (id == 0 || draw == draws.end()) {
        c.log("view round: not found", idText, 404);
        return errorPage(c, 404, "Page not found", "There is no round at this address.");
    }
    const ReturnStatus status = statusOf(c, draw->period);
    const DrawStatus* ds = nullptr;
    for (const auto& d : status.draws)
        if (d.drawId == id) ds = &d;
    if (!ds) throw Error(ErrorKind::Internal, "round " + idText, "", "the status of the period " + draw->period + " does not hold this round");
    // The round's audits, by auditor, each with its page.
    std::map<std::string, std::vector<AuditItem>> audits;
    const std::set<std::string> overdue(ds->counts.overdueCases.begin(), ds->counts.overdueCases.end());
    std::set<std::string> returned;  // as report/return_status counts them: a latest audit of the case in this draw
    for (const auto& r : c.store.query("SELECT DISTINCT case_ref FROM audit_latest WHERE draw_id = ?", id)) returned.insert(r.text(0));
    for (auto& item : c.desk().all(draw->period))
        if (item.drawId == id) audits[item.auditor].push_back(std::move(item));

    Frame f = c.frame("Round " + idText + ", " + draw->period, "/rounds");
    if (c.req.query.count("done")) f.notice = c.req.query.at("done");  // from starting the round
    std::string b = "<p><a href=\"/rounds\">All rounds</a></p>" +
                    caseSummaryHtml({{"Period", draw->period},
                                     {"Drawn", ukDate(draw->createdAt)},
                                     {"Sample", std::to_string(draw->sampleSize) + " cases"},
                                     {"Due", ukDate(ds->dueDate) + (ds->dueDateDefault ? " (the default)" : "")},
                                     {"Returns as at", ukDate(status.asOf)}});
    b += "<table class=\"data\"><caption>By auditor</caption><thead><tr><th scope=\"col\">Auditor</th>" + std::string(kCountHeads) +
         "<th scope=\"col\">Overdue cases</th></tr></thead><tbody>";
    auto row = [&](const std::string& who, const StatusCounts& k, bool total) {
        std::string cases;
        for (const auto& ref : k.overdueCases) cases += (cases.empty() ? "" : ", ") + escape(ref);
        b += std::string("<tr") + (total ? " class=\"total\"" : "") + "><th scope=\"row\">" + escape(who) + "</th>" + countCells(k) +
             "<td>" + (cases.empty() ? "none" : cases) + "</td></tr>";
    };
    for (const auto& a : ds->auditors) row(a.auditor.empty() ? "(not allocated)" : a.auditor, a.counts, false);
    row("All auditors", ds->counts, true);
    b += "</tbody></table>";
    b += "<h2>The round's audits</h2>";
    if (audits.empty()) b += "<p>No audit of this round is allocated to an auditor.</p>";
    for (const auto& [auditor, items] : audits) {
        b += "<h3>" + escape(auditor) + "</h3><ul class=\"audits\">";
        for (const auto& it : items) {
            const std::string what = escape(it.caseRef) + " (" + escape(it.team) + "): " +
                                     (returned.count(it.caseRef) ? "returned" : "not returned") +
                                     (overdue.count(it.caseRef) ? " <strong class=\"tag overdue\">overdue</strong>" : "");
            b += "<li>" + (it.formId.empty() ? what : "<a href=\"/audits/" + escape(it.formId) + "\">" + what + "</a>") + "</li>";
        }
        b += "</ul>";
    }
    f.body = b;
    c.log("view round", idText, 200);
    return htmlPage(c, f);
}

}  // namespace audit::web
