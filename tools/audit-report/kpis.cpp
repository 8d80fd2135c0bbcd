#include "kpis.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "audit/cli/table.h"
#include "audit/jobs/report.h"

namespace audit::reportcli {

const char* const kpisHelp =
    "  kpis            performance indicators computed from Ofsted Annex A extracts by the rules of\n"
    "                  reports/kpis.xml (--definition ID|FILE): for each, the numerator, denominator, value\n"
    "                  (per cent), target and rating by its polarity (green at or beyond the target, amber short\n"
    "                  by no more than its margin, red beyond). --annex-a is a workbook, a folder of list CSVs,\n"
    "                  or a folder of monthly workbooks (a series). Each extract's as-of date is --as-of (one\n"
    "                  extract only) or the date in its name: YYYY-MM-DD is that day, YYYY-MM the month's last\n"
    "                  day; none, or two different dates, is an error. Columns are found through the annex-a\n"
    "                  column map (--map); an indicator whose list or column the extract lacks is 'not\n"
    "                  computable' with the column named; a denominator of 0 gives n/a. --out writes a workbook\n"
    "                  (Indicators, Series, Definitions, Notes); --date-order mdy reads US-order text dates.\n"
    "                  lscb --annex-a computes the same indicators and imports them as the partnership's KPIs\n"
    "                  (the month of each extract); for one indicator and month they win over --kpis.";

namespace {

using cli::fixed;

Poco::Dynamic::Var orNull(const std::optional<double>& v) { return v ? Poco::Dynamic::Var(*v) : Poco::Dynamic::Var(); }

std::string ragText(const std::optional<Rag>& r) { return r ? ragName(*r) : std::string(); }

Poco::JSON::Object::Ptr extractJson(const kpi::Definition& def, const kpi::Extract& e) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("file", e.file);
    j->set("as_of", e.asOf.iso());
    j->set("as_of_from", e.asOfFrom);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (std::size_t k = 0; k < def.indicators.size(); ++k) {
        const auto& ind = def.indicators[k];
        const auto& r = e.results[k];
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("id", ind.id);
        o->set("title", ind.title);
        o->set("list", ind.list);
        o->set("computable", r.computable);
        if (!r.computable) o->set("reason", r.reason);
        o->set("numerator", r.computable ? Poco::Dynamic::Var(static_cast<Poco::UInt64>(r.numerator)) : Poco::Dynamic::Var());
        o->set("denominator", r.computable ? Poco::Dynamic::Var(static_cast<Poco::UInt64>(r.denominator)) : Poco::Dynamic::Var());
        o->set("value", orNull(r.value));
        o->set("target", orNull(ind.target));
        o->set("polarity", kpi::polarityName(ind.polarity));
        o->set("rag", r.rag ? Poco::Dynamic::Var(ragName(*r.rag)) : Poco::Dynamic::Var());
        Poco::JSON::Array::Ptr notes = new Poco::JSON::Array;
        for (const auto& n : r.notes) notes->add(n);
        o->set("notes", notes);
        list->add(o);
    }
    j->set("indicators", list);
    return j;
}

void printExtract(std::ostream& out, const kpi::Definition& def, const kpi::Extract& e) {
    out << def.title << ", as at " << e.asOf.uk() << " (" << e.file << "; as-of date from " << e.asOfFrom << ")\n";
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> notes;
    for (std::size_t k = 0; k < def.indicators.size(); ++k) {
        const auto& ind = def.indicators[k];
        const auto& r = e.results[k];
        const std::string target = ind.target ? fixed(*ind.target, 0) + "%" : "";
        if (!r.computable) {
            rows.push_back({ind.id, std::to_string(ind.list), "", "", "not computable", target, kpi::polarityName(ind.polarity), ""});
            notes.push_back(ind.id + ": not computable: " + r.reason);
            continue;
        }
        rows.push_back({ind.id, std::to_string(ind.list), std::to_string(r.numerator), std::to_string(r.denominator),
                        r.value ? fixed(*r.value, 1) + "%" : "n/a", target, kpi::polarityName(ind.polarity), ragText(r.rag)});
        for (const auto& n : r.notes) notes.push_back(ind.id + ": " + n);
    }
    cli::printTable(out, {"indicator", "list", "numerator", "denominator", "value", "target", "better", "rating"}, rows,
                    {false, true, true, true, true, true, false, false});
    for (const auto& n : notes) out << "  " << n << '\n';
}

}  // namespace

void presentLscbAnnex(cli::Tool& tool, const jobs::ReportLscbResult& res, std::vector<std::string>& lines,
                      Poco::JSON::Object::Ptr summary) {
    if (res.annexExtracts == 0) return;
    const bool unchanged = res.annexKpis && res.annexKpis->unchanged;
    lines.push_back("KPIs from Annex A: " + std::to_string(res.annexValues) + " values from " + std::to_string(res.annexExtracts) +
                    (res.annexExtracts == 1 ? " extract" : " extracts") +
                    (!res.annexKpis ? "" : unchanged ? " (imported before, unchanged)" : ", imported") +
                    "; they replace the KPI file's for the same indicator and month");
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("source", res.annexKpis ? Poco::Dynamic::Var(res.annexKpis->file) : Poco::Dynamic::Var());
    j->set("extracts", static_cast<Poco::UInt64>(res.annexExtracts));
    j->set("values", static_cast<Poco::UInt64>(res.annexValues));
    j->set("unchanged", unchanged);
    Poco::JSON::Array::Ptr notes = new Poco::JSON::Array;
    for (const auto& n : res.annexNotes) notes->add(n);
    j->set("notes", notes);
    summary->set("annex_a", j);
    for (const auto& n : res.annexNotes) tool.warn("Annex A KPI " + n);
}

int kpisCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("kpis takes no arguments besides options; unexpected '" + rest.front() + "'");
    jobs::ReportKpisRequest q;
    q.annexA = tool.values("annex-a");
    if (q.annexA.empty()) tool.usageError("kpis needs --annex-a FILE.xlsx|FOLDER (repeatable)");
    if (auto v = tool.optional("as-of")) {
        q.asOf = parseDate(*v);
        if (!q.asOf) tool.usageError("--as-of '" + *v + "' is not a date (expected YYYY-MM-DD or dd/mm/yyyy)");
    }
    q.definition = tool.value("definition", "kpis");
    q.map = tool.value("map", "annex-a");
    if (auto v = tool.optional("date-order")) {
        const auto o = dateOrderByName(*v);
        if (!o) tool.usageError("--date-order must be dmy or mdy, not '" + *v + "'");
        q.dateOrder = *o;
    }
    q.out = tool.value("out", "");
    const auto r = jobs::reportKpis(q);
    if (tool.json()) {
        Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        j->set("definition", r.definition.file);
        Poco::JSON::Array::Ptr ex = new Poco::JSON::Array;
        for (const auto& e : r.extracts) ex->add(extractJson(r.definition, e));
        j->set("extracts", ex);
        j->set("out", q.out.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(q.out));
        Poco::JSON::Stringifier::condense(j, tool.out());
        tool.out() << '\n';
    } else if (!tool.quiet()) {
        for (std::size_t i = 0; i < r.extracts.size(); ++i) {
            if (i) tool.out() << '\n';
            printExtract(tool.out(), r.definition, r.extracts[i]);
        }
        if (!q.out.empty()) tool.out() << "wrote " << q.out << '\n';
    }
    tool.out().flush();
    return 0;
}

}  // namespace audit::reportcli
