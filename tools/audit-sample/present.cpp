#include "present.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "audit/cli/table.h"
#include "audit/sampling/planning.h"

namespace audit::sample {

using cli::fixed;
using cli::printTable;

namespace {
void printJson(std::ostream& os, const Poco::JSON::Object::Ptr& o) {
    Poco::JSON::Stringifier::stringify(o, os, 2);
    os << '\n';
}
}  // namespace

void printDraw(std::ostream& os, const jobs::SampleDrawResult& r) {
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
    if (!r.seedGiven) os << " (chosen afresh; give --seed " << r.draw.seed << " to repeat this draw)";
    os << "\nframe hash: " << r.draw.frameHash << '\n';
    if (r.drawId) os << "recorded in " << r.storeName << " as draw " << *r.drawId << '\n';
    else os << "not recorded in any store (--no-store)\n";
    os << "wrote " << r.out << '\n';
}

void printDrawJson(std::ostream& os, const jobs::SampleDrawResult& r) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("cases", r.casesFile);
    o->set("column_map", r.mapId);
    o->set("out", r.out);
    o->set("seed", static_cast<Poco::UInt64>(r.draw.seed));
    o->set("seed_given", r.seedGiven);
    o->set("generator", r.draw.generator);
    o->set("frame_hash", r.draw.frameHash);
    o->set("cases_read", static_cast<Poco::UInt64>(r.casesRead));
    Poco::JSON::Object::Ptr ex = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& e : r.exclusions) ex->set(e.rule, static_cast<Poco::UInt64>(e.removed));
    o->set("excluded", ex);
    o->set("frame_size", static_cast<Poco::UInt64>(r.frameSize));
    o->set("sample_size", static_cast<Poco::UInt64>(r.rows.size()));
    o->set("allocation", r.allocationText);
    Poco::JSON::Array::Ptr strata = new Poco::JSON::Array;
    for (const auto& s : r.strata) {
        Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        j->set("stratum", s.key);
        j->set("population", static_cast<Poco::UInt64>(s.population));
        j->set("sample", static_cast<Poco::UInt64>(s.sample));
        if (s.population > 0 && s.design == "SRSWOR")
            j->set("inclusion_probability", static_cast<double>(s.sample) / static_cast<double>(s.population));
        j->set("design", s.design);
        Poco::JSON::Object::Ptr e = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (const auto& [rule, n] : s.excluded) e->set(rule, static_cast<Poco::UInt64>(n));
        j->set("excluded", e);
        strata->add(j);
    }
    o->set("strata", strata);
    o->set("pi_method", r.draw.method);
    o->set("replicates", static_cast<Poco::UInt64>(r.draw.replicates));
    if (r.auditorsAllocated) {
        Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
        for (const auto& l : r.auditorLoads) {
            Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            j->set("auditor", l.name);
            j->set("capacity", static_cast<Poco::UInt64>(l.capacity));
            j->set("target", static_cast<Poco::UInt64>(l.target));
            j->set("assigned", static_cast<Poco::UInt64>(l.assigned));
            a->add(j);
        }
        o->set("auditors", a);
        o->set("auditor_method", r.auditorMethod);
    }
    if (r.drawId) o->set("draw_id", *r.drawId);
    else o->set("draw_id", Poco::Dynamic::Var());
    printJson(os, o);
}

void printCheck(std::ostream& os, const jobs::SampleCheckResult& r, const std::string& storeName) {
    os << r.file << ": " << r.cases << " cases, " << r.byTeam.size() << " teams, " << r.workers
       << " workers (column map " << r.mapId << ")\n\n";
    for (const auto& [name, value] : r.notes) os << name << ": " << value << '\n';
    for (const auto& h : r.history) os << "audit history imported: " << h << '\n';
    if (!r.history.empty())
        os << "audit history: " << r.historyCases << " of the " << r.cases << " cases have a prior audit in the store " << storeName << '\n';
    if (!r.notes.empty() || !r.history.empty()) os << '\n';
    std::vector<std::string> header{"team"};
    for (const auto& c : r.categories) header.push_back(c);
    header.push_back("total");
    std::vector<std::vector<std::string>> rows;
    for (const auto& [team, m] : r.byTeam) {
        std::vector<std::string> row{team};
        std::size_t tot = 0;
        for (const auto& c : r.categories) {
            auto it = m.find(c);
            const std::size_t n = it == m.end() ? 0 : it->second;
            row.push_back(std::to_string(n));
            tot += n;
        }
        row.push_back(std::to_string(tot));
        rows.push_back(row);
    }
    std::vector<std::string> total{"Total"};
    for (const auto& c : r.categories) total.push_back(std::to_string(r.byCategory.at(c)));
    total.push_back(std::to_string(r.cases));
    rows.push_back(total);
    std::vector<bool> right(header.size(), true);
    right[0] = false;
    printTable(os, header, rows, right);
    os << '\n';
    if (!r.flags.empty()) {
        os << "flags:";
        for (const auto& [name, n] : r.flags) os << ' ' << name << ' ' << n;
        os << '\n';
    }
    os << "without a last audit date: " << r.withoutLastAuditDate << '\n';
    os << "with a closed date: " << r.withClosedDate << '\n';
}

void printCheckJson(std::ostream& os, const jobs::SampleCheckResult& r) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("file", r.file);
    j->set("column_map", r.mapId);
    j->set("cases", static_cast<Poco::UInt64>(r.cases));
    j->set("workers", static_cast<Poco::UInt64>(r.workers));
    Poco::JSON::Object::Ptr t = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [team, m] : r.byTeam) {
        Poco::JSON::Object::Ptr tm = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (const auto& [c, n] : m) tm->set(c, static_cast<Poco::UInt64>(n));
        t->set(team, tm);
    }
    j->set("teams", t);
    Poco::JSON::Object::Ptr c = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& name : r.categories) c->set(name, static_cast<Poco::UInt64>(r.byCategory.at(name)));
    j->set("categories", c);
    Poco::JSON::Object::Ptr f = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [name, n] : r.flags) f->set(name, static_cast<Poco::UInt64>(n));
    j->set("flags", f);
    j->set("without_last_audit_date", static_cast<Poco::UInt64>(r.withoutLastAuditDate));
    j->set("with_closed_date", static_cast<Poco::UInt64>(r.withClosedDate));
    if (!r.history.empty()) {
        Poco::JSON::Array::Ptr h = new Poco::JSON::Array;
        for (const auto& line : r.history) h->add(line);
        j->set("audit_history", h);
        j->set("audit_history_cases", static_cast<Poco::UInt64>(r.historyCases));
    }
    printJson(os, j);
}

void printPlan(std::ostream& os, const PlanRequest& p, bool json, bool quiet) {
    const double confidence = p.confidence;
    const std::optional<std::size_t>& population = p.population;
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("confidence", confidence);
    if (population) j->set("population", static_cast<Poco::UInt64>(*population));
    else j->set("population", Poco::Dynamic::Var());
    std::ostringstream text;
    if (p.margin) {
        const double e = *p.margin, pe = p.expected;
        const auto r = proportionSampleSize(e, confidence, pe, population);
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("margin", e);
        o->set("expected", pe);
        o->set("z", r.z);
        o->set("n0", r.n0);
        o->set("n_exact", r.nExact);
        o->set("n", static_cast<Poco::UInt64>(r.n));
        o->set("formula", "n0 = z^2 P(1-P)/e^2; n = n0/(1+(n0-1)/N); rounded up");
        j->set("proportion", o);
        text << "Sample size for a proportion (Cochran, " << fixed(confidence * 100, 0) << "% confidence, margin ±"
             << e << ", expected " << pe << "):\n"
             << "  z = " << fixed(r.z, 4) << ", n0 = z²·P(1−P)/e² = " << fixed(r.n0, 2) << '\n';
        if (population)
            text << "  with N = " << *population << ": n = n0/(1 + (n0 − 1)/N) = " << fixed(r.nExact, 2) << '\n';
        text << "  sample size: " << r.n << " (rounded up)\n";
    }
    if (p.tolerable) {
        const double t = *p.tolerable;
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
        if (p.margin) text << '\n';
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
    if (json) printJson(os, j);
    else if (!quiet) os << text.str();
}

}  // namespace audit::sample
