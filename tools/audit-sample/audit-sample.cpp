// audit-sample: draw a stratified random sample of open cases for an audit round, allocate auditors,
// plan sample sizes, check a case list. Options and presentation only: the work is in the core's jobs module
// (audit/jobs/sample.h) and planning (audit/sampling/planning.h); present.cpp shows the results.
#include <sstream>

#include "audit/base/error.h"
#include "audit/cli/options.h"
#include "audit/cli/tool.h"
#include "audit/jobs/prior_audits.h"
#include "audit/jobs/sample.h"
#include "audit/store/store.h"
#include "present.h"

namespace {

using namespace audit;

class AuditSample : public cli::Tool {
public:
    AuditSample()
        : Tool({"audit-sample",
                "draw a stratified random sample of cases for an audit round, allocate auditors, plan sample sizes",
                "audit-sample [draw] --cases FILE --strata COL[,COL...] (--size N | --fraction F | --per-stratum K) "
                "--out FILE [options]\n"
                "audit-sample plan (--margin E [--expected P] | --tolerable T) [--confidence C] [--population N]\n"
                "audit-sample check --cases FILE [--map NAME] [--suggest-map OUT.xml [--force]]\n"
                "audit-sample history import FILE [--map NAME] [--sheet NAME] [--date-order dmy|mdy]",
                "draw (the default) reads a case list (CSV or XLSX, columns named through a column map), removes the\n"
                "excluded cases, allocates the sample over the strata (largest-remainder rounding: the total is exact),\n"
                "draws within each stratum with the toolkit's seeded generator, and writes the sample with inclusion\n"
                "probabilities and design weights; the draw is recorded in the store. The same case list, options and\n"
                "seed always give the same sample, byte for byte. plan gives sample sizes for a proportion (Cochran,\n"
                "with finite population correction) and zero-failure attribute plans. check validates a case list and\n"
                "counts its cases by team and category.",
                "audit-sample --cases cases.csv --strata team,category --size 60 --seed 2026 --out sample.xlsx\n"
                "audit-sample --cases cases.csv --strata team --size 40 --min-per-stratum 3 \\\n"
                "    --exclude-audited-within 12m --exclude category=\"Early help\" --max-per-worker 2 \\\n"
                "    --oversample missing=2 --auditors roster.csv --out sample.csv\n"
                "audit-sample plan --margin 0.05 --expected 0.7 --population 300\n"
                "audit-sample plan --tolerable 0.05 --population 1000\n"
                "audit-sample check --cases cases.csv"}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(opt("cases", "FILE", "the case list (CSV or XLSX)"));
        set.addOption(cli::options::map("column map in audit-frameworks/column-maps (default: the first that fits)"));
        set.addOption(opt("sheet", "NAME", "the workbook's sheet to read (in an Annex A workbook a list sheet: that list alone)"));
        set.addOption(opt("date-order", "dmy|mdy", "the order of day and month in d/m dates (default: the map's, else "
                                                   "found from the data; ambiguous columns are warned)"));
        set.addOption(opt("columns", "FIELD=HEADER,...", "header names for case fields, replacing the map's "
                                                          "(e.g. \"case_ref=Child ID,team=Allocated Team\")"));
        set.addOption(opt("suggest-map", "OUT.xml", "check: write an editable column map from the header's nearest matches"));
        set.addOption(flag("force", "check --suggest-map: replace an existing OUT.xml"));
        set.addOption(opt("strata", "COL[,COL...]", "columns whose values define the strata (e.g. team,category)"));
        set.addOption(opt("size", "N", "total sample size, allocated over the strata"));
        set.addOption(opt("fraction", "F", "sample this fraction of the frame (0 < F <= 1), allocated over the strata"));
        set.addOption(opt("per-stratum", "K", "K cases from every stratum (all of a smaller one)"));
        set.addOption(opt("allocation", "METHOD", "proportional (default), equal or neyman"));
        set.addOption(opt("prior", "FILE", "Neyman: CSV with 'stratum' and 'prior' (expected rate) or 'sd' per stratum"));
        set.addOption(opt("min-per-stratum", "M", "at least M cases per stratum (all of a smaller one)"));
        set.addOption(cli::options::seed("seed of the generator (0 to 2^64-1); a fresh one is chosen and printed if absent"));
        set.addOption(cli::options::out("FILE", "the sample: .csv or .xlsx (Sample, Strata, Parameters sheets)"));
        set.addOption(opt("exclude-audited-within", "PERIOD",
                          "leave out cases audited within PERIOD (12m, 1y) before --as-of, by the last_audit_date "
                          "column and the store's audits"));
        set.addOption(opt("exclude", "COL=VALUE", "leave out cases whose COL is VALUE (repeatable)", true));
        set.addOption(flag("include-closed", "keep cases with a closed_date on or before --as-of (left out by default)"));
        set.addOption(cli::options::asOf("the date exclusions are counted back from (default: today)"));
        set.addOption(opt("max-per-worker", "K", "at most K sampled cases per worker, as a constraint of the draw"));
        set.addOption(cli::options::oversample("FLAG=FACTOR",
                          "give flagged cases FACTOR times the chance (missing, exploitation, uasc, disability; repeatable)"));
        set.addOption(opt("replicates", "R", "Monte Carlo replicates for inclusion probabilities under a worker cap "
                                             "(default 2000)"));
        set.addOption(opt("auditors", "FILE", "roster CSV: name, team, capacity[, categories][, worker]"));
        set.addOption(opt("peer-audit", "K", "each team manager audits K cases of other teams (sample size K per "
                                             "manager unless --size is given)"));
        set.addOption(cli::options::period("the audit round the draw belongs to (default: the --as-of month, YYYY-MM)", "PERIOD"));
        set.addOption(opt("due", "DATE", "when the returns are due (default: 10 working days after the period ends); "
                                         "on the draw, the sample file and the forms"));
        set.addOption(flag("no-store", "do not record the draw in the store"));
        set.addOption(opt("margin", "E", "plan: margin of error for a proportion (e.g. 0.05)"));
        set.addOption(opt("expected", "P", "plan: expected proportion (default 0.5, the most cautious)"));
        set.addOption(opt("confidence", "C", "plan: confidence level (default 0.95)"));
        set.addOption(opt("population", "N", "plan: population size (finite population correction)"));
        set.addOption(opt("tolerable", "T", "plan: tolerable deviation rate for a zero-failure attribute plan"));
    }

    int work(const std::vector<std::string>& args) override {
        const auto only = [this](const std::vector<std::string>& rest, int (AuditSample::*run)()) {
            if (!rest.empty()) usageError("unexpected argument '" + rest.front() + "'");
            return (this->*run)();
        };
        return dispatch(args,
                        {{"draw", [&](const std::vector<std::string>& rest) { return only(rest, &AuditSample::draw); }},
                         {"plan", [&](const std::vector<std::string>& rest) { return only(rest, &AuditSample::plan); }},
                         {"check", [&](const std::vector<std::string>& rest) { return only(rest, &AuditSample::check); }},
                         {"history", [&](const std::vector<std::string>& rest) { return history(rest); }}},
                        "draw");
    }

private:
    std::size_t count(const std::string& name, std::size_t min) {
        const long long v = integer(name, 0);
        if (v < static_cast<long long>(min))
            usageError("--" + name + " must be " + (min == 1 ? "a whole number of at least 1" : "0 or more") + ", got " +
                       value(name, ""));
        return static_cast<std::size_t>(v);
    }

    int draw() {
        // A large draw allocates and frees big arrays one after another (case list, frame, sort entries):
        // later ones reuse pages already mapped instead of faulting in fresh ones (a fifth fewer page faults
        // on a million cases), and what the second reading thread freed is reused too.
        keepFreedMemory(true);
        jobs::SampleDrawRequest o;
        o.casesFile = require("cases");
        o.mapName = optional("map");
        o.source = source();
        const std::string out = require("out");
        {
            std::string lower = out;
            for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (!(lower.size() > 4 && (lower.ends_with(".csv") || lower.ends_with(".xlsx"))))
                usageError("--out '" + out + "' must end in .csv or .xlsx");
        }
        const std::string strata = require("strata");
        o.strataText = strata;
        std::stringstream ss(strata);
        for (std::string c; std::getline(ss, c, ',');)
            if (!c.empty()) o.strata.push_back(c);
        const int modes = has("size") + has("fraction") + has("per-stratum");
        if (modes > 1) usageError("give one of --size, --fraction and --per-stratum");
        if (modes == 0 && !has("peer-audit")) usageError("give the sample size: --size N, --fraction F or --per-stratum K");
        if (has("size")) o.size = count("size", 1);
        if (has("per-stratum")) o.perStratum = count("per-stratum", 1);
        if (has("fraction")) {
            const double f = number("fraction", 0);
            if (!(f > 0 && f <= 1)) usageError("--fraction must be more than 0 and at most 1, got " + value("fraction", ""));
            o.fraction = f;
        }
        o.method = parseAllocationMethod(value("allocation", "proportional"));
        o.priorFile = value("prior", "");
        o.minPerStratum = count("min-per-stratum", 0);
        if (has("exclude-audited-within")) {
            o.auditedWithinText = value("exclude-audited-within", "");
            o.auditedWithinMonths = jobs::parseMonths(o.auditedWithinText);
        }
        for (const auto& e : values("exclude")) o.excludes.push_back(jobs::parseExclude(e));
        o.includeClosed = has("include-closed");
        if (auto d = optional("as-of")) {
            auto parsed = parseDate(*d);
            if (!parsed) usageError("--as-of '" + *d + "' is not a date (" + dateProblem(*d) + ")");
            o.asOf = *parsed;
        } else {
            o.asOf = today();
        }
        o.maxPerWorker = count("max-per-worker", 0);
        if (has("max-per-worker") && o.maxPerWorker == 0) usageError("--max-per-worker must be at least 1");
        for (const auto& v : values("oversample")) o.oversample.push_back(jobs::parseOversample(v));
        o.replicates = has("replicates") ? count("replicates", 1) : 2000;
        if (has("seed")) o.seed = jobs::parseSeed(value("seed", ""));
        o.rosterFile = value("auditors", "");
        if (has("peer-audit")) o.peerAudit = count("peer-audit", 1);
        if (has("peer-audit") && has("auditors")) usageError("give --auditors or --peer-audit, not both");
        o.record = !has("no-store");
        o.period = optional("period");
        if (auto d = optional("due")) {
            o.due = parseDate(*d);
            if (!o.due) usageError("--due '" + *d + "' is not a date (" + dateProblem(*d) + ")");
        }
        o.out = out;
        o.store = this->store();
        const jobs::SampleDrawResult r = jobs::sampleDraw(std::move(o));
        for (const auto& w : r.warnings) warn(w.str());
        if (json()) sample::printDrawJson(this->out(), r);
        else if (!quiet()) sample::printDraw(this->out(), r);
        return 0;
    }

    // --sheet, --date-order, --columns.
    jobs::CaseSource source() {
        jobs::CaseSource s;
        s.sheet = value("sheet", "");
        if (auto d = optional("date-order")) {
            s.dateOrder = dateOrderByName(*d);
            if (!s.dateOrder) usageError("--date-order must be dmy or mdy, got '" + *d + "'");
        }
        if (auto c = optional("columns")) s.columns = jobs::parseColumns(*c);
        return s;
    }

    // history import FILE: prior audits into the store.
    int history(const std::vector<std::string>& rest) {
        if (rest.empty() || rest.front() != "import") usageError("history needs a command: history import FILE");
        if (rest.size() != 2) usageError(rest.size() < 2 ? "history import needs the FILE of prior audits" : "unexpected argument '" + rest[2] + "'");
        const jobs::CaseSource s = source();
        if (!s.columns.empty()) usageError("history import reads columns through a history map (--map), not --columns");
        const auto r = jobs::historyImport({rest[1], optional("map"), s.sheet, s.dateOrder, today(), store()});
        for (const auto& w : r.warnings) warn(w.str());
        if (!quiet() || json()) sample::printHistoryImport(out(), r, json());
        return 0;
    }

    int plan() {
        if (!has("margin") && !has("tolerable")) usageError("plan needs --margin E (a proportion) or --tolerable T (attribute plan)");
        sample::PlanRequest p;
        p.confidence = number("confidence", 0.95);
        if (has("population")) p.population = count("population", 1);
        if (has("margin")) p.margin = number("margin", 0), p.expected = number("expected", 0.5);
        if (has("tolerable")) p.tolerable = number("tolerable", 0);
        sample::printPlan(out(), p, json(), quiet());
        return 0;
    }

    int check() {
        if (auto map = optional("suggest-map")) {
            if (has("map") || has("columns")) usageError("--suggest-map writes a map: give it without --map and --columns");
            const auto r = jobs::suggestMap({require("cases"), value("sheet", ""), *map, has("force")});
            if (!quiet() || json()) sample::printSuggestion(out(), r, json());
            return 0;
        }
        jobs::SampleCheckRequest request{require("cases"), optional("map"), source(), std::nullopt, store()};
        if (auto d = optional("as-of")) {
            request.asOf = parseDate(*d);
            if (!request.asOf) usageError("--as-of '" + *d + "' is not a date (" + dateProblem(*d) + ")");
        }
        const jobs::SampleCheckResult r = jobs::sampleCheck(request);
        for (const auto& w : r.warnings) warn(w.str());
        if (json()) sample::printCheckJson(out(), r);
        else if (!quiet()) sample::printCheck(out(), r, storeDisplayName(store()));
        return 0;
    }
};

}  // namespace

AUDIT_TOOL_MAIN(AuditSample)
