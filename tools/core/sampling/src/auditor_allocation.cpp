#include "audit/sampling/auditor_allocation.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "audit/sampling/allocation.h"
#include "audit/base/error.h"
#include "audit/sampling/max_flow.h"

namespace audit {

void validateRoster(const std::vector<Auditor>& roster, const std::string& file) {
    std::vector<Problem> problems;
    std::map<std::string, std::size_t> seen;
    std::size_t total = 0;
    for (std::size_t i = 0; i < roster.size(); ++i) {
        const auto& a = roster[i];
        const std::string place = "row " + std::to_string(i + 1);
        if (a.name.empty()) problems.push_back({file, place, "the auditor has no name"});
        else if (auto [it, fresh] = seen.emplace(a.name, i + 1); !fresh)
            problems.push_back({file, place, "auditor '" + a.name + "' is listed twice (first in row " +
                                                 std::to_string(it->second) + ")"});
        if (a.teams.empty()) problems.push_back({file, place, "auditor '" + a.name + "' has no team"});
        total += a.capacity;
    }
    if (roster.empty()) problems.push_back({file, "", "the roster lists no auditor"});
    else if (total == 0) problems.push_back({file, "", "every auditor has capacity 0"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
}

bool mayAudit(const Auditor& a, const CaseForAudit& c) {
    for (const auto& t : a.teams)
        if (t == c.team) return false;
    if (!a.workerName.empty() && a.workerName == c.worker) return false;
    if (!a.categories.empty() && std::find(a.categories.begin(), a.categories.end(), c.category) == a.categories.end())
        return false;
    return true;
}

namespace {
std::string joinNames(const std::vector<std::string>& names, std::size_t limit = 8) {
    std::ostringstream os;
    for (std::size_t i = 0; i < names.size() && i < limit; ++i) os << (i ? ", " : "") << names[i];
    if (names.size() > limit) os << " and " << names.size() - limit << " more";
    return os.str();
}
}  // namespace

AuditorAllocation allocateAuditors(const std::vector<CaseForAudit>& cases, const std::vector<Auditor>& roster) {
    validateRoster(roster);
    const std::size_t n = cases.size(), A = roster.size();
    AuditorAllocation out;
    std::size_t C = 0;
    for (const auto& a : roster) C += a.capacity;
    if (n > C) {
        std::ostringstream os;
        os << "the sample has " << n << " cases but the roster's " << A << " auditors have a total capacity of " << C
           << "; add auditors or capacity, or draw fewer cases";
        throw Error(ErrorKind::Data, os.str());
    }
    std::vector<double> targets(A);
    std::vector<std::size_t> caps(A);
    std::vector<std::string> names(A);
    for (std::size_t a = 0; a < A; ++a) {
        targets[a] = static_cast<double>(n) * static_cast<double>(roster[a].capacity) / static_cast<double>(C);
        caps[a] = roster[a].capacity;
        names[a] = roster[a].name;
    }
    const auto target = largestRemainder(targets, n, caps, names);

    const std::size_t source = 0, sink = 1, firstCase = 2, firstAuditor = 2 + n;
    MaxFlow flow(firstAuditor + A);
    std::vector<std::size_t> auditorEdge(A);
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> caseEdges(n);  // (auditor, edge)
    for (std::size_t i = 0; i < n; ++i) {
        flow.addEdge(source, firstCase + i, 1);
        for (std::size_t a = 0; a < A; ++a)
            if (roster[a].capacity > 0 && mayAudit(roster[a], cases[i]))
                caseEdges[i].push_back({a, flow.addEdge(firstCase + i, firstAuditor + a, 1)});
    }
    for (std::size_t a = 0; a < A; ++a)
        auditorEdge[a] = flow.addEdge(firstAuditor + a, sink, static_cast<std::int64_t>(std::min(target[a], caps[a])));
    std::int64_t got = flow.run(source, sink);
    bool targetsMet = got == static_cast<std::int64_t>(n);
    if (!targetsMet) {
        for (std::size_t a = 0; a < A; ++a)
            if (caps[a] > target[a]) flow.addCapacity(auditorEdge[a], static_cast<std::int64_t>(caps[a] - target[a]));
        got = flow.run(source, sink);
    }
    if (got < static_cast<std::int64_t>(n)) {
        const auto side = flow.minCutSource(source);
        std::vector<std::size_t> blocked;
        for (std::size_t i = 0; i < n; ++i)
            if (side[firstCase + i]) blocked.push_back(i);
        std::set<std::size_t> eligible;
        for (std::size_t i : blocked)
            for (auto [a, e] : caseEdges[i]) eligible.insert(a);
        std::size_t capacity = 0;
        std::vector<std::string> who;
        for (std::size_t a : eligible) {
            capacity += caps[a];
            who.push_back(roster[a].name);
        }
        std::map<std::string, std::size_t> byTeam;
        for (std::size_t i : blocked) ++byTeam[cases[i].team];
        std::ostringstream os;
        if (byTeam.size() == 1) os << "team '" << byTeam.begin()->first << "' has " << blocked.size() << " sampled case(s)";
        else {
            std::vector<std::string> teams;
            for (auto& [t, c] : byTeam) teams.push_back("'" + t + "' (" + std::to_string(c) + ")");
            os << blocked.size() << " sampled cases of teams " << joinNames(teams);
        }
        if (eligible.empty()) {
            os << " that no auditor on the roster may audit (own team, own cases or categories not allowed)";
        } else {
            os << " that only auditor(s) " << joinNames(who) << " may audit, with total capacity " << capacity;
        }
        os << "; add auditors from other teams or raise their capacity";
        throw Error(ErrorKind::Data, os.str());
    }
    out.auditorOf.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        for (auto [a, e] : caseEdges[i])
            if (flow.flowOn(e) > 0) out.auditorOf[i] = a;
    for (std::size_t a = 0; a < A; ++a) out.loads.push_back({roster[a].name, caps[a], target[a], 0});
    for (std::size_t i = 0; i < n; ++i) ++out.loads[out.auditorOf[i]].assigned;
    std::ostringstream m;
    m << "Auditors allocated by maximum flow (Dinic): nobody audits their own team's or their own cases, "
         "categories respected; load target n·capacity/Σcapacity by largest remainder";
    m << (targetsMet ? ", every target met." : "; the rules did not allow every target, so some auditors took more, "
                                               "up to their capacity.");
    out.method = m.str();
    return out;
}

std::vector<Auditor> peerRoster(const std::vector<TeamManager>& managers, std::size_t perManager) {
    std::map<std::string, std::set<std::string>> teams;
    for (const auto& m : managers)
        if (!m.name.empty()) teams[m.name].insert(m.team);
    std::vector<Auditor> roster;
    for (auto& [name, ts] : teams) {
        Auditor a;
        a.name = name;
        a.teams.assign(ts.begin(), ts.end());
        a.capacity = perManager;
        a.workerName = name;
        roster.push_back(std::move(a));
    }
    return roster;
}

}  // namespace audit
