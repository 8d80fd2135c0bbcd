// The QA lead's moderation accuracy (issue 15 item 2): how often the auditors' overall grades match the moderators',
// by month and by team, from the `moderationAccuracy` job (`audit-reconcile accuracy --by period|team`, one code
// path) on the server's open store; tables and server-drawn SVG charts (accuracy_html.cpp).
#include "accuracy_view.h"
#include "app_context.h"
#include "audit/jobs/reconcile.h"

namespace audit::web {

namespace {

AccuracyPoint pointOf(const std::string& label, const moderation::AccuracyRow& r, std::size_t minN) {
    AccuracyPoint p;
    p.label = label;
    p.n = r.exact.n;
    p.value = r.exact.value;
    p.low = r.exact.low;
    p.high = r.exact.high;
    p.withinOne = r.withinOne.value;
    p.shown = p.n >= minN && p.value.has_value();
    return p;
}

}  // namespace

Response getAccuracy(Context& c) {
    jobs::ModerationAccuracyRequest req;
    req.options.by = "period";
    const auto byMonth = jobs::moderationAccuracy(c.store, req);
    req.options.by = "team";
    const auto byTeam = jobs::moderationAccuracy(c.store, req);
    const auto& o = byMonth.accuracy.options;
    std::vector<AccuracyPoint> months, teams;
    for (const auto& r : byMonth.accuracy.rows) months.push_back(pointOf(r.group, r, o.minN));
    for (const auto& r : byTeam.accuracy.rows)
        if (r.period == "all") teams.push_back(pointOf(r.group.empty() ? "(no team)" : r.group, r, o.minN));

    Frame f = c.frame("Moderation accuracy", "/accuracy");
    std::string b = "<p>How often the auditor's overall grade was the grade the moderator gave, of the audits moderated: the "
                    "exact agreement, with its 95% interval (Wilson). The programme expects " + percent(o.threshold) +
                    " or more. Where fewer than " + std::to_string(o.minN) +
                    " grades were moderated the share is shown as n/a: too few to judge.</p>";
    if (byMonth.pairs == 0) {
        b += "<p>No moderated audit is in the store yet.</p>";
    } else {
        b += "<p>" + std::to_string(byMonth.pairs) + (byMonth.pairs == 1 ? " moderated overall grade" : " moderated overall grades") +
             ", framework " + escape(byMonth.framework) +
             ". The workbook with every auditor's figures and flags is on the <a href=\"/downloads\">downloads</a> page.</p>";
        b += "<h2>By month</h2><figure class=\"chart\">" + accuracyTrendSvg(months, o.threshold, o.minN) +
             "<figcaption>Exact agreement by month: each point one month's moderated audits, its bar the 95% interval; n "
             "(moderated grades) under each month; the dashed line the " + percent(o.threshold) + " threshold.</figcaption></figure>";
        b += accuracyTable("Exact agreement by month", "Month", months, o.minN);
        b += "<h2>By team</h2><figure class=\"chart\">" + accuracyBarsSvg(teams, o.threshold, o.minN) +
             "<figcaption>Exact agreement by team over every month: each bar one team, its whisker the 95% interval, n "
             "(moderated grades) beside it; the dashed line the " + percent(o.threshold) + " threshold.</figcaption></figure>";
        b += accuracyTable("Exact agreement by team, every month", "Team", teams, o.minN);
    }
    f.body = b;
    c.log("view accuracy", "", 200);
    return htmlPage(c, f);
}

}  // namespace audit::web
