// Allocation of sampled cases to auditors (issue 3 item 5).
//
// Rules: nobody audits a case of their own team, nobody audits their own case (the auditor's worker
// name against the case's worker), and an auditor with a list of categories audits only those.
// Load follows capacity: auditor a's target is n·c_a/Σc rounded by largest remainder (ties: larger
// capacity, then name); the capacity itself is the hard limit.
// Method: a maximum flow (Dinic) on source → case (1) → each eligible auditor (1) → sink (target);
// if some cases are left, the auditors' limits are raised from target to capacity and the flow is
// continued, so targets are met whenever the rules allow and capacities are never exceeded. Cases
// are taken in the order given (the draw's order), auditors in roster order: deterministic.
// If no assignment exists, the reason is read off a minimum cut (Hall's condition): a set of cases
// whose eligible auditors have too little capacity, e.g. "team 'North' has 14 sampled cases that
// only auditors A, B may audit, with total capacity 6".
// Peer audit: each team manager audits K cases of other teams (peerRoster builds that roster).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace audit {

struct Auditor {
    std::string name;
    std::vector<std::string> teams;       // the auditor's own team(s): they audit none of these
    std::size_t capacity = 0;             // most cases they can take this round
    std::vector<std::string> categories;  // empty: any category
    std::string workerName;               // their name as a case worker, if they hold cases (else empty)
};

struct CaseForAudit {
    std::string caseRef;
    std::string team;
    std::string category;
    std::string worker;
};

struct AuditorLoad {
    std::string name;
    std::size_t capacity = 0;
    std::size_t target = 0;    // share of the sample by capacity (largest remainder)
    std::size_t assigned = 0;
};

struct AuditorAllocation {
    std::vector<std::size_t> auditorOf;  // per case: index into the roster
    std::vector<AuditorLoad> loads;      // per auditor, roster order
    std::string method;                  // in words
};

// Checks the roster itself: names present and unique, some capacity. Error(Data) listing every problem
// (place "row N" counts the roster's data rows from 1; `file` names the roster in the messages).
void validateRoster(const std::vector<Auditor>& roster, const std::string& file = "");

// Whether `a` may audit `c` under the rules.
bool mayAudit(const Auditor& a, const CaseForAudit& c);

// Throws Error(Data) with the reason when no assignment respects the rules and capacities.
AuditorAllocation allocateAuditors(const std::vector<CaseForAudit>& cases, const std::vector<Auditor>& roster);

struct TeamManager {
    std::string name;
    std::string team;
};
// One auditor per distinct manager name (a manager of several teams gets all of them as own teams),
// each with capacity K, worker name = their name. Managers sorted by name.
std::vector<Auditor> peerRoster(const std::vector<TeamManager>& managers, std::size_t perManager);

}  // namespace audit
