// audit-reconcile accuracy: auditors' accuracy over time (the job: audit/jobs/reconcile.h), shown as a table or JSON.
#include <algorithm>

#include "audit/cli/table.h"
#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"
#include "json.h"
#include "moderation_cmds.h"

namespace audit::reconcile {

using namespace audit::moderation;
using cli::fixed;
using cli::pad;

namespace {

std::string pct(const std::optional<double>& v) { return v ? fixed(100 * *v, 1) + "%" : "n/a"; }

Json coefficient(const agreement::Coefficient& c) {
    Json j = Json::object();
    j.set("value", c.value);
    j.set("se", c.se);
    if (c.ciLow && c.ciHigh)
        j.set("ci95", Json::Array{Json(*c.ciLow), Json(*c.ciHigh)});
    else
        j.set("ci95", nullptr);
    if (c.ciLow && c.ciHigh) {
        j.set("ci95_method", agreement::kIntervalMethod);
        j.set("ci95_truncated", c.truncated);
    }
    if (!c.value) j.set("reason", c.reason);
    return j;
}

Json proportion(const agreement::Proportion& p) {
    Json j = Json::object();
    j.set("value", p.value);
    if (p.low && p.high)
        j.set("ci95", Json::Array{Json(*p.low), Json(*p.high)});
    else
        j.set("ci95", nullptr);
    return j;
}

}  // namespace

int accuracyCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty())
        tool.usageError("accuracy takes no arguments besides options; unexpected '" + rest.front() + "'");
    AccuracyOptions o;
    o.by = tool.value("by", "auditor");
    if (o.by != "auditor" && o.by != "team" && o.by != "domain" && o.by != "period")
        tool.usageError("--by must be one of auditor, team, domain, period, not '" + o.by + "'");
    if (tool.has("from")) {
        o.from = tool.require("from");
        checkPeriod(tool, "from", *o.from);
    }
    if (tool.has("to")) {
        o.to = tool.require("to");
        checkPeriod(tool, "to", *o.to);
    }
    o.domain = tool.value("domain", "_overall");
    o.threshold = tool.number("threshold", 0.75);
    if (o.threshold > 1 && o.threshold <= 100) o.threshold /= 100;  // 75 means 75%
    if (!(o.threshold > 0 && o.threshold <= 1)) tool.usageError("--threshold must be a share (0.75) or percent (75)");
    const long long k = tool.integer("periods", 3);
    if (k < 1) tool.usageError("--periods must be 1 or more");
    o.periods = static_cast<std::size_t>(k);
    const long long minN = tool.integer("min-n", 5);
    if (minN < 1) tool.usageError("--min-n must be 1 or more");
    o.minN = static_cast<std::size_t>(minN);
    const std::string outPath = tool.value("out", "");
    o.framework = tool.value("framework", "");
    const jobs::ModerationAccuracyResult res = jobs::moderationAccuracy({o, tool.store(), outPath});
    const Accuracy& acc = res.accuracy;
    if (tool.json()) {
        Json j = Json::object();
        j.set("by", o.by);
        j.set("framework", res.framework);
        j.set("from", o.from);
        j.set("to", o.to);
        j.set("domain", o.by == "domain" ? std::string("all") : o.domain);
        j.set("threshold", o.threshold);
        j.set("periods_for_flags", static_cast<std::uint64_t>(o.periods));
        j.set("pairs", static_cast<std::uint64_t>(res.pairs));
        Json ps = Json::array();
        for (const auto& p : acc.periods) ps.push(p);
        j.set("periods", ps);
        Json rows = Json::array();
        for (const auto& r : acc.rows) {
            Json x = Json::object();
            x.set(o.by, r.group);
            x.set("period", r.period);
            x.set("n", r.table.n());
            x.set("exact_agreement", proportion(r.exact));
            x.set("within_one_agreement", proportion(r.withinOne));
            x.set("moderated_down", r.down);
            x.set("moderated_up", r.up);
            x.set("moderated_down_share", jobs::moderatedDownShare(r));
            x.set("kappa_linear", coefficient(r.kappaLinear));
            x.set("ac2_ordinal", coefficient(r.ac2));
            rows.push(x);
        }
        j.set("rows", rows);
        Json flags = Json::array();
        for (const auto& f : acc.flags) {
            Json x = Json::object();
            x.set(o.by, f.group);
            x.set("flag", f.kind);
            x.set("n", f.n);
            x.set("value", f.value);
            x.set("p_value", f.pValue);
            x.set("detail", f.detail);
            flags.push(x);
        }
        j.set("flags", flags);
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet()) {
        auto& out = tool.out();
        out << "Audit accuracy by " << o.by;
        if (!acc.periods.empty()) out << ", " << acc.periods.front() << " to " << acc.periods.back();
        out << " (" << (o.by == "domain" ? std::string("every domain") : "domain " + o.domain) << "; " << res.pairs
            << " moderated grades, framework " << res.framework << "; threshold " << fixed(100 * o.threshold, 0) << "% exact over the last " << o.periods
            << " periods; store " << storeDisplayName(tool.store()) << ")\n";
        if (acc.rows.empty()) out << "No moderated grades in the store for this selection.\n";
        std::size_t gw = std::max<std::size_t>(o.by.size(), 8);
        for (const auto& g : acc.groups) gw = std::max(gw, g.size());
        if (!acc.rows.empty()) {
            out << pad(o.by, gw) << "  " << pad("period", 7) << "  " << pad("n", 4, true) << "  " << pad("exact", 6, true)
                << "  " << pad("95% CI", 13) << "  " << pad("within 1", 8, true) << "  " << pad("down", 6, true)
                << "  " << pad("kappa lin", 9, true) << "  " << pad("AC2 ord", 7, true) << "  note\n";
            for (const auto& r : acc.rows) {
                std::string ci = r.exact.low ? fixed(100 * *r.exact.low, 0) + "-" + fixed(100 * *r.exact.high, 0) + "%"
                                             : "n/a";
                out << pad(r.group, gw) << "  " << pad(r.period, 7) << "  " << pad(std::to_string(r.table.n()), 4, true)
                    << "  " << pad(pct(r.exact.value), 6, true) << "  " << pad(ci, 13) << "  "
                    << pad(pct(r.withinOne.value), 8, true) << "  " << pad(pct(jobs::moderatedDownShare(r)), 6, true) << "  "
                    << pad(r.kappaLinear.value ? fixed(*r.kappaLinear.value, 3) : "n/a", 9, true) << "  "
                    << pad(r.ac2.value ? fixed(*r.ac2.value, 3) : "n/a", 7, true) << "  " << jobs::accuracyNote(r) << '\n';
            }
        }
        if (!acc.rows.empty() && acc.periods.size() < o.periods)
            out << "\nThe threshold flag needs " << o.periods << " periods (--periods); the range has "
                << acc.periods.size() << ".\n";
        if (!acc.flags.empty()) {
            out << "\nFlags:\n";
            for (const auto& f : acc.flags) out << "  " << f.group << ": " << f.kind << ": " << f.detail << '\n';
        } else if (!acc.rows.empty()) {
            out << "\nNo flags.\n";
        }
        if (!outPath.empty()) out << "wrote " << outPath << '\n';
    }
    tool.out().flush();
    return 0;
}

}  // namespace audit::reconcile
