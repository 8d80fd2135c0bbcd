#include "status_cmd.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "audit/cli/table.h"
#include "audit/jobs/score.h"
#include "audit/store/store.h"

namespace audit::score_cli {

namespace {

std::string percentText(const StatusCounts& c) {
    const auto r = c.completion();
    return r ? cli::fixed(100.0 * *r, 0) + "%" : "n/a";
}

std::string casesText(const std::vector<std::string>& refs) {
    std::string s;
    for (const auto& r : refs) s += (s.empty() ? "" : " ") + r;
    return s;
}

Poco::JSON::Object::Ptr countsJson(const StatusCounts& c) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("allocated", static_cast<Poco::UInt64>(c.allocated));
    o->set("returned", static_cast<Poco::UInt64>(c.returned));
    o->set("moderated", static_cast<Poco::UInt64>(c.moderated));
    o->set("outstanding", static_cast<Poco::UInt64>(c.outstanding));
    o->set("overdue", static_cast<Poco::UInt64>(c.overdue));
    if (const auto r = c.completion()) o->set("completion", *r);
    else o->set("completion", Poco::Dynamic::Var());
    Poco::JSON::Array::Ptr cases = new Poco::JSON::Array;
    for (const auto& ref : c.overdueCases) cases->add(ref);
    o->set("overdue_cases", cases);
    return o;
}

Poco::JSON::Array::Ptr auditorsJson(const std::vector<AuditorStatus>& list) {
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (const auto& x : list) {
        Poco::JSON::Object::Ptr o = countsJson(x.counts);
        o->set("auditor", x.auditor);
        a->add(o);
    }
    return a;
}

}  // namespace

int statusCmd(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("status takes no arguments besides options; unexpected '" + rest.front() + "'");
    if (tool.json() && tool.has("out")) tool.usageError("give --json or --out, not both");
    const ReturnStatus s = jobs::scoreStatus(
        {tool.store(), tool.value("period", ""), tool.value("as-of", ""), tool.has("out") ? tool.require("out") : ""});
    auto& out = tool.out();
    if (tool.json()) {
        Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
        root.set("store", s.store);
        root.set("period", s.period);
        root.set("as_of", s.asOf);
        root.set("total", countsJson(s.total));
        Poco::JSON::Array::Ptr draws = new Poco::JSON::Array;
        for (const auto& d : s.draws) {
            Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            o->set("draw", d.drawId);
            o->set("period", d.period);
            o->set("due_date", d.dueDate);
            o->set("due_date_default", d.dueDateDefault);
            o->set("counts", countsJson(d.counts));
            o->set("auditors", auditorsJson(d.auditors));
            draws->add(o);
        }
        root.set("draws", draws);
        root.set("auditors", auditorsJson(s.auditors));
        root.stringify(out);
        out << '\n';
    } else if (!tool.quiet()) {
        out << "Audit returns as of " << s.asOf << (s.period.empty() ? ", every period" : ", period " + s.period)
            << ", store " << s.store << ": " << s.total.returned << " of " << s.total.allocated << " returned ("
            << percentText(s.total) << "), " << s.total.outstanding << " outstanding, " << s.total.overdue
            << " overdue, " << s.total.moderated << " moderated.\n";
        if (tool.has("out")) {
            out << "Wrote " << tool.require("out") << "\n";
        } else if (!s.draws.empty()) {
            out << '\n';
            std::vector<std::vector<std::string>> rows;
            for (const auto& d : s.draws) {
                auto row = [&](const std::string& who, const StatusCounts& c) {
                    rows.push_back({std::to_string(d.drawId), d.period, d.dueDate + (d.dueDateDefault ? "*" : ""), who,
                                    std::to_string(c.allocated), std::to_string(c.returned),
                                    std::to_string(c.moderated), std::to_string(c.outstanding),
                                    std::to_string(c.overdue), casesText(c.overdueCases)});
                };
                row("all auditors", d.counts);
                for (const auto& a : d.auditors) row(a.auditor.empty() ? "(not allocated)" : a.auditor, a.counts);
            }
            cli::printTable(out, {"draw", "period", "due", "auditor", "allocated", "returned", "moderated",
                                  "outstanding", "overdue", "overdue cases"},
                            rows, {true, false, false, false, true, true, true, true, true, false});
            bool anyDefault = false;
            for (const auto& d : s.draws) anyDefault = anyDefault || d.dueDateDefault;
            if (anyDefault) out << "\n* the draw carries no due date: the period's end plus ten working days\n";
        }
    }
    out.flush();
    return 0;
}

int voidCmd(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (rest.size() != 1) tool.usageError("void needs one form id (the form's id, as audit-score import --json shows it)");
    if (!tool.has("reason")) tool.usageError("void needs --reason TEXT: why this return should not count");
    jobs::ScoreVoidRequest q;
    q.store = tool.store();
    q.formId = rest.front();
    if (tool.has("form-version")) q.version = static_cast<int>(tool.integer("form-version", 0));
    q.reason = tool.require("reason");
    q.by = tool.value("by", "");
    const AuditVoid v = jobs::scoreVoid(q);
    auto& out = tool.out();
    if (tool.json()) {
        Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
        o.set("store", storeDisplayName(q.store));
        o.set("form_id", v.formId);
        o.set("case_ref", v.caseRef);
        o.set("version", v.version);
        o.set("now_counting", v.nowCounting ? Poco::Dynamic::Var(*v.nowCounting) : Poco::Dynamic::Var());
        o.set("by", v.by);
        o.set("at", v.at);
        o.stringify(out);
        out << '\n';
    } else if (!tool.quiet()) {
        out << "Voided version " << v.version << " of audit " << v.formId << " (case " << v.caseRef << ") in store "
            << storeDisplayName(q.store) << ", by " << v.by << " at " << v.at << "; "
            << (v.nowCounting ? "version " + std::to_string(*v.nowCounting) + " counts now"
                              : std::string("no version of it counts now"))
            << ". Importing the file again stores it again.\n";
    }
    out.flush();
    return 0;
}

}  // namespace audit::score_cli
