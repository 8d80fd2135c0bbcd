// audit-sample: draw a stratified random sample of open cases for an audit round, allocate auditors,
// plan sample sizes, check a case list. Options and presentation only; the work is in the core
// (allocation, sampling, auditor_allocation, planning) and in sample_job / sample_output.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <charconv>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "audit/sampling/case_list.h"
#include "audit/cli/table.h"
#include "audit/cli/tool.h"
#include "audit/base/error.h"
#include "audit/base/paths.h"
#include "audit/sampling/planning.h"
#include "audit/base/random.h"
#include "audit/store/store.h"
#include "sample_job.h"
#include "sample_output.h"

namespace {

using audit::cli::fixed;

using namespace audit;

void printJson(std::ostream& os, const Poco::JSON::Object::Ptr& o) {
    Poco::JSON::Stringifier::stringify(o, os, 2);
    os << '\n';
}

// A plain text table: columns left-aligned, numbers right-aligned.
void printTable(std::ostream& os, const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                const std::vector<bool>& right) {
    std::vector<std::size_t> width(header.size());
    auto len = [](const std::string& s) {
        std::size_t n = 0;
        for (unsigned char c : s) n += (c & 0xC0) != 0x80;
        return n;
    };
    for (std::size_t c = 0; c < header.size(); ++c) width[c] = len(header[c]);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], len(r[c]));
    auto line = [&](const std::vector<std::string>& r) {
        std::string out = " ";
        for (std::size_t c = 0; c < r.size(); ++c) {
            const std::string pad(width[c] - len(r[c]), ' ');
            out += c ? "  " : "";
            out += right[c] ? pad + r[c] : r[c] + (c + 1 < r.size() ? pad : "");
        }
        os << out << '\n';
    };
    line(header);
    std::vector<std::string> rule;
    for (std::size_t c = 0; c < header.size(); ++c) rule.push_back(std::string(width[c], '-'));
    line(rule);
    for (const auto& r : rows) line(r);
}

class AuditSample : public cli::Tool {
public:
    AuditSample()
        : Tool({"audit-sample",
                "draw a stratified random sample of cases for an audit round, allocate auditors, plan sample sizes",
                "audit-sample [draw] --cases FILE --strata COL[,COL...] (--size N | --fraction F | --per-stratum K) "
                "--out FILE [options]\n"
                "audit-sample plan (--margin E [--expected P] | --tolerable T) [--confidence C] [--population N]\n"
                "audit-sample check --cases FILE [--map NAME]",
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
        set.addOption(opt("map", "NAME", "column map in audit-frameworks/column-maps (default: the first that fits)"));
        set.addOption(opt("strata", "COL[,COL...]", "columns whose values define the strata (e.g. team,category)"));
        set.addOption(opt("size", "N", "total sample size, allocated over the strata"));
        set.addOption(opt("fraction", "F", "sample this fraction of the frame (0 < F <= 1), allocated over the strata"));
        set.addOption(opt("per-stratum", "K", "K cases from every stratum (all of a smaller one)"));
        set.addOption(opt("allocation", "METHOD", "proportional (default), equal or neyman"));
        set.addOption(opt("prior", "FILE", "Neyman: CSV with 'stratum' and 'prior' (expected rate) or 'sd' per stratum"));
        set.addOption(opt("min-per-stratum", "M", "at least M cases per stratum (all of a smaller one)"));
        set.addOption(opt("seed", "S", "seed of the generator (0 to 2^64-1); a fresh one is chosen and printed if absent"));
        set.addOption(opt("out", "FILE", "the sample: .csv or .xlsx (Sample, Strata, Parameters sheets)"));
        set.addOption(opt("exclude-audited-within", "PERIOD",
                          "leave out cases audited within PERIOD (12m, 1y) before --as-of, by the last_audit_date "
                          "column and the store's audits"));
        set.addOption(opt("exclude", "COL=VALUE", "leave out cases whose COL is VALUE (repeatable)", true));
        set.addOption(flag("include-closed", "keep cases with a closed_date on or before --as-of (left out by default)"));
        set.addOption(opt("as-of", "DATE", "the date exclusions are counted back from (default: today)"));
        set.addOption(opt("max-per-worker", "K", "at most K sampled cases per worker, as a constraint of the draw"));
        set.addOption(opt("oversample", "FLAG=FACTOR",
                          "give flagged cases FACTOR times the chance (missing, exploitation, uasc, disability; repeatable)",
                          true));
        set.addOption(opt("replicates", "R", "Monte Carlo replicates for inclusion probabilities under a worker cap "
                                             "(default 2000)"));
        set.addOption(opt("auditors", "FILE", "roster CSV: name, team, capacity[, categories][, worker]"));
        set.addOption(opt("peer-audit", "K", "each team manager audits K cases of other teams (sample size K per "
                                             "manager unless --size is given)"));
        set.addOption(opt("period", "PERIOD", "the audit round the draw belongs to (default: the --as-of month, YYYY-MM)"));
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
                         {"check", [&](const std::vector<std::string>& rest) { return only(rest, &AuditSample::check); }}},
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

    CaseList loadCases(const LoadOptions& columns = {}) {
        const std::string file = require("cases");
        if (auto m = optional("map")) return CaseList::load(file, ColumnMap::load(*m), columns);
        return CaseList::load(file, columns);
    }

    int draw() {
#if defined(__GLIBC__)
        // A large draw allocates and frees big arrays one after another (case list, frame, sort entries):
        // served from the heap and kept there, later ones reuse pages already mapped instead of faulting in
        // fresh ones (a fifth fewer page faults on a million cases). The process is short-lived.
        ::mallopt(M_MMAP_THRESHOLD, 512 << 20);
        ::mallopt(M_TRIM_THRESHOLD, 1024 << 20);
#endif
        sample::JobOptions o;
        o.casesFile = require("cases");
        const std::string out = require("out");
        {
            std::string lower = out;
            for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (!(lower.size() > 4 && (lower.ends_with(".csv") || lower.ends_with(".xlsx"))))
                usageError("--out '" + out + "' must end in .csv or .xlsx");
        }
        const std::string strata = require("strata");
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
            o.auditedWithinMonths = sample::parseMonths(o.auditedWithinText);
        }
        for (const auto& e : values("exclude")) {
            const auto eq = e.find('=');
            if (eq == std::string::npos || eq == 0) usageError("--exclude '" + e + "' is not COL=VALUE");
            o.excludes.push_back({e.substr(0, eq), e.substr(eq + 1)});
        }
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
        for (const auto& v : values("oversample")) o.oversample.push_back(sample::parseOversample(v));
        o.replicates = has("replicates") ? count("replicates", 1) : 2000;
        const bool seedGiven = has("seed");
        if (seedGiven) {
            const std::string s = value("seed", "");
            std::uint64_t v = 0;
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (s.empty() || ec != std::errc() || p != s.data() + s.size())
                usageError("--seed '" + s + "' is not a whole number from 0 to 18446744073709551615");
            o.seed = v;
        } else {
            o.seed = freshSeed();
        }
        o.rosterFile = value("auditors", "");
        if (has("peer-audit")) o.peerAudit = count("peer-audit", 1);
        if (has("peer-audit") && has("auditors")) usageError("give --auditors or --peer-audit, not both");
        const bool record = !has("no-store");
        const std::string period = value("period", o.asOf.iso().substr(0, 7));

        // The store is opened before the draw only when its audit history is needed; otherwise after the
        // draw succeeded, so that a refused request leaves no new store behind.
        std::unique_ptr<Store> store;
        if (o.auditedWithinMonths) {
            store = std::make_unique<Store>(this->store());
            o.storeAudits = store->lastAuditDates();
        }
        // Only the columns the job and the store record use are read.
        const CaseList cases = loadCases(sample::columnsNeeded(o, record));
        const sample::JobResult r = sample::run(cases, o);
        if (record && !store) store = std::make_unique<Store>(this->store());

        sample::Parameters params{
            {"tool", "audit-sample " + toolkitVersion()},
            {"cases", r.casesFile},
            {"column map", r.mapId},
            {"cases read", std::to_string(r.casesRead)},
            {"as of", o.asOf.iso()},
            {"period", period},
            {"strata", strata},
            {"allocation", r.allocationText},
        };
        for (const auto& e : r.exclusions) params.push_back({"excluded: " + e.rule, std::to_string(e.removed)});
        if (o.auditedWithinMonths)
            params.push_back({"audit history", "last_audit_date column and " + std::to_string(r.storeAuditCases) +
                                                   " case(s) with audits in the store"});
        params.push_back({"frame size", std::to_string(r.frameSize)});
        params.push_back({"sample size", std::to_string(r.rows.size())});
        if (o.maxPerWorker) params.push_back({"max per worker", std::to_string(o.maxPerWorker)});
        for (const auto& [f, x] : o.oversample) params.push_back({"oversample", f + "=" + sample::formatNumber(x)});
        params.push_back({"seed", std::to_string(r.draw.seed) + (seedGiven ? "" : " (chosen afresh)")});
        params.push_back({"generator", r.draw.generator});
        params.push_back({"frame hash (SHA-256)", r.draw.frameHash});
        if (r.draw.replicates) params.push_back({"Monte Carlo replicates", std::to_string(r.draw.replicates)});
        params.push_back({"method", r.draw.method});
        if (r.auditorsAllocated) params.push_back({"auditors", r.auditorMethod});

        std::optional<std::int64_t> drawId;
        sample::writeSample(out, r, cases, params, [&] {
            if (record) drawId = sample::recordDraw(*store, r, cases, params, period);
        });

        if (json()) {
            printJson(this->out(), sample::summaryJson(r, params, seedGiven, out, drawId));
            return 0;
        }
        if (quiet()) return 0;
        auto& os = this->out();
        os << "Sample of " << r.rows.size() << " from " << r.frameSize << " cases (" << r.casesRead << " read from "
           << r.casesFile << ")\n";
        for (const auto& e : r.exclusions) os << "  excluded, " << e.rule << ": " << e.removed << '\n';
        os << '\n';
        std::vector<std::vector<std::string>> rows;
        std::size_t totN = 0, totn = 0;
        for (const auto& s : r.strata) {
            std::size_t excl = 0;
            for (const auto& [k, n] : s.excluded) excl += n;
            std::string pi = s.population == 0 ? "-"
                             : s.design == "SRSWOR" ? fixed(static_cast<double>(s.sample) / static_cast<double>(s.population), 4)
                             : s.sample == 0        ? "0"
                                                    : "varies";
            rows.push_back({s.key, std::to_string(s.population), std::to_string(s.sample), pi, std::to_string(excl)});
            totN += s.population;
            totn += s.sample;
        }
        std::size_t totEx = 0;
        for (const auto& e : r.exclusions) totEx += e.removed;
        rows.push_back({"Total", std::to_string(totN), std::to_string(totn), "", std::to_string(totEx)});
        printTable(os, {"stratum", "N_h", "n_h", "pi_h", "excluded"}, rows, {false, true, true, true, true});
        if (r.auditorsAllocated) {
            os << '\n';
            std::vector<std::vector<std::string>> arows;
            for (const auto& l : r.auditorLoads)
                arows.push_back({l.name, std::to_string(l.capacity), std::to_string(l.target), std::to_string(l.assigned)});
            printTable(os, {"auditor", "capacity", "target", "assigned"}, arows, {false, true, true, true});
        }
        os << '\n' << "allocation: " << r.allocationText << '\n';
        if (r.draw.replicates)
            os << "inclusion probabilities: Monte Carlo over " << r.draw.replicates << " replicate draws (worker cap)\n";
        os << "seed: " << r.draw.seed;
        if (!seedGiven) os << " (chosen afresh; give --seed " << r.draw.seed << " to repeat this draw)";
        os << "\nframe hash: " << r.draw.frameHash << '\n';
        if (drawId) os << "recorded in " << store->name() << " as draw " << *drawId << '\n';
        os << "wrote " << out << '\n';
        return 0;
    }

    int plan() {
        if (!has("margin") && !has("tolerable")) usageError("plan needs --margin E (a proportion) or --tolerable T (attribute plan)");
        const double confidence = number("confidence", 0.95);
        std::optional<std::size_t> population;
        if (has("population")) population = count("population", 1);
        Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        j->set("confidence", confidence);
        if (population) j->set("population", static_cast<Poco::UInt64>(*population));
        else j->set("population", Poco::Dynamic::Var());
        std::ostringstream text;
        if (has("margin")) {
            const double e = number("margin", 0), p = number("expected", 0.5);
            const auto r = proportionSampleSize(e, confidence, p, population);
            Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            o->set("margin", e);
            o->set("expected", p);
            o->set("z", r.z);
            o->set("n0", r.n0);
            o->set("n_exact", r.nExact);
            o->set("n", static_cast<Poco::UInt64>(r.n));
            o->set("formula", "n0 = z^2 P(1-P)/e^2; n = n0/(1+(n0-1)/N); rounded up");
            j->set("proportion", o);
            text << "Sample size for a proportion (Cochran, " << fixed(confidence * 100, 0) << "% confidence, margin ±"
                 << e << ", expected " << p << "):\n"
                 << "  z = " << fixed(r.z, 4) << ", n0 = z²·P(1−P)/e² = " << fixed(r.n0, 2) << '\n';
            if (population)
                text << "  with N = " << *population << ": n = n0/(1 + (n0 − 1)/N) = " << fixed(r.nExact, 2) << '\n';
            text << "  sample size: " << r.n << " (rounded up)\n";
        }
        if (has("tolerable")) {
            const double t = number("tolerable", 0);
            const auto r = zeroFailurePlan(t, confidence, population);
            Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            o->set("tolerable", t);
            o->set("binomial", static_cast<Poco::UInt64>(r.binomial));
            o->set("poisson", static_cast<Poco::UInt64>(r.poisson));
            if (r.hypergeometric) {
                o->set("hypergeometric", static_cast<Poco::UInt64>(*r.hypergeometric));
                o->set("population_deviations", static_cast<Poco::UInt64>(r.populationDeviations));
            } else {
                o->set("hypergeometric", Poco::Dynamic::Var());
            }
            j->set("attribute", o);
            if (has("margin")) text << '\n';
            text << "Zero-failure attribute plan (" << fixed(confidence * 100, 0) << "% confidence, tolerable deviation "
                 << t << ", no deviation expected):\n"
                 << "  binomial: " << r.binomial << "   (smallest n with (1 − p)^n ≤ " << fixed(1 - confidence, 2) << ")\n"
                 << "  Poisson: " << r.poisson << "   (n = ⌈−ln α / p⌉)\n";
            if (r.hypergeometric)
                text << "  hypergeometric: " << *r.hypergeometric << "   (N = " << *population << ", K = "
                     << r.populationDeviations << " deviations: C(N−K, n)/C(N, n) ≤ α)\n";
            text << "  If the sample finds no deviation, the rate is below " << t << " with " << fixed(confidence * 100, 0)
                 << "% confidence.\n";
        }
        if (json()) printJson(out(), j);
        else if (!quiet()) out() << text.str();
        return 0;
    }

    int check() {
        const CaseList cases = loadCases();
        std::map<std::string, std::map<std::string, std::size_t>> byTeam;
        std::map<std::string, std::size_t> byCategory, flags;
        std::set<std::string> workers;
        std::size_t noAuditDate = 0, closed = 0;
        for (std::size_t r = 0; r < cases.size(); ++r) {
            const std::string cat(categoryName(cases.category(r)));
            ++byTeam[std::string(cases.team(r))][cat];
            ++byCategory[cat];
            workers.insert(std::string(cases.worker(r)));
            for (std::size_t b = 0; b < kFlagCount; ++b)
                if (cases.flags(r) & (1u << b)) ++flags[std::string(flagName(b))];
            if (!cases.lastAuditDate(r)) ++noAuditDate;
            if (cases.closedDate(r)) ++closed;
        }
        std::vector<std::string> cats;
        for (Category c : allCategories())
            if (byCategory.count(std::string(categoryName(c)))) cats.emplace_back(categoryName(c));
        if (json()) {
            Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            j->set("file", cases.file());
            j->set("column_map", cases.mapId());
            j->set("cases", static_cast<Poco::UInt64>(cases.size()));
            j->set("workers", static_cast<Poco::UInt64>(workers.size()));
            Poco::JSON::Object::Ptr t = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            for (const auto& [team, m] : byTeam) {
                Poco::JSON::Object::Ptr tm = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
                for (const auto& [c, n] : m) tm->set(c, static_cast<Poco::UInt64>(n));
                t->set(team, tm);
            }
            j->set("teams", t);
            Poco::JSON::Object::Ptr c = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            for (const auto& name : cats) c->set(name, static_cast<Poco::UInt64>(byCategory[name]));
            j->set("categories", c);
            Poco::JSON::Object::Ptr f = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            for (const auto& [name, n] : flags) f->set(name, static_cast<Poco::UInt64>(n));
            j->set("flags", f);
            j->set("without_last_audit_date", static_cast<Poco::UInt64>(noAuditDate));
            j->set("with_closed_date", static_cast<Poco::UInt64>(closed));
            printJson(out(), j);
            return 0;
        }
        if (quiet()) return 0;
        auto& os = out();
        os << cases.file() << ": " << cases.size() << " cases, " << byTeam.size() << " teams, " << workers.size()
           << " workers (column map " << cases.mapId() << ")\n\n";
        std::vector<std::string> header{"team"};
        for (const auto& c : cats) header.push_back(c);
        header.push_back("total");
        std::vector<std::vector<std::string>> rows;
        std::map<std::string, std::size_t> colTotals;
        for (const auto& [team, m] : byTeam) {
            std::vector<std::string> row{team};
            std::size_t tot = 0;
            for (const auto& c : cats) {
                auto it = m.find(c);
                const std::size_t n = it == m.end() ? 0 : it->second;
                row.push_back(std::to_string(n));
                tot += n;
            }
            row.push_back(std::to_string(tot));
            rows.push_back(row);
        }
        std::vector<std::string> total{"Total"};
        for (const auto& c : cats) total.push_back(std::to_string(byCategory[c]));
        total.push_back(std::to_string(cases.size()));
        rows.push_back(total);
        std::vector<bool> right(header.size(), true);
        right[0] = false;
        printTable(os, header, rows, right);
        os << '\n';
        if (!flags.empty()) {
            os << "flags:";
            for (const auto& [name, n] : flags) os << ' ' << name << ' ' << n;
            os << '\n';
        }
        os << "without a last audit date: " << noAuditDate << '\n';
        os << "with a closed date: " << closed << '\n';
        return 0;
    }
};

}  // namespace

AUDIT_TOOL_MAIN(AuditSample)
