#include <boost/test/unit_test.hpp>

#include <map>

#include "audit/sampling/auditor_allocation.h"
#include "audit/base/error.h"
#include "audit/sampling/max_flow.h"

using namespace audit;

namespace {
std::vector<CaseForAudit> cases(const std::map<std::string, int>& perTeam) {
    std::vector<CaseForAudit> out;
    for (auto& [team, n] : perTeam)
        for (int i = 0; i < n; ++i)
            out.push_back({team + std::to_string(i), team, i % 2 ? "CP" : "CIN", team + "-worker" + std::to_string(i % 3)});
    return out;
}
}  // namespace

BOOST_AUTO_TEST_CASE(max_flow_basics) {
    MaxFlow f(4);
    auto a = f.addEdge(0, 1, 3);
    f.addEdge(0, 2, 2);
    f.addEdge(1, 3, 2);
    f.addEdge(2, 3, 3);
    f.addEdge(1, 2, 5);
    BOOST_TEST(f.run(0, 3) == 5);
    BOOST_TEST(f.flowOn(a) == 3);
    auto side = f.minCutSource(0);
    BOOST_TEST(side[0]);
    BOOST_TEST(!side[3]);
}

BOOST_AUTO_TEST_CASE(nobody_audits_their_own_team_or_cases_and_load_follows_capacity) {
    auto cs = cases({{"North", 10}, {"South", 10}, {"East", 10}});
    std::vector<Auditor> roster{{"Ann", {"North"}, 10, {}, ""},
                                {"Bob", {"South"}, 20, {}, "East-worker0"},
                                {"Cat", {"East"}, 10, {}, ""},
                                {"Dan", {"Quality"}, 20, {}, ""}};
    auto a = allocateAuditors(cs, roster);
    BOOST_TEST(a.auditorOf.size() == 30u);
    for (std::size_t i = 0; i < cs.size(); ++i) BOOST_TEST(mayAudit(roster[a.auditorOf[i]], cs[i]));
    // targets 30·c/60 = 5, 10, 5, 10, all met
    BOOST_TEST(a.loads[0].target == 5u);
    BOOST_TEST(a.loads[1].target == 10u);
    for (auto& l : a.loads) BOOST_TEST(l.assigned == l.target);
    // Bob never gets East-worker0's cases.
    for (std::size_t i = 0; i < cs.size(); ++i)
        if (cs[i].worker == "East-worker0") BOOST_TEST(roster[a.auditorOf[i]].name != "Bob");
    // Deterministic.
    auto b = allocateAuditors(cs, roster);
    BOOST_TEST(a.auditorOf == b.auditorOf);
}

BOOST_AUTO_TEST_CASE(categories_limit_who_audits_what) {
    auto cs = cases({{"North", 6}});
    std::vector<Auditor> roster{{"CPonly", {"South"}, 10, {"CP"}, ""}, {"Any", {"South"}, 10, {}, ""}};
    auto a = allocateAuditors(cs, roster);
    for (std::size_t i = 0; i < cs.size(); ++i)
        if (cs[i].category == "CIN") BOOST_TEST(a.auditorOf[i] == 1u);
}

BOOST_AUTO_TEST_CASE(targets_give_way_to_the_rules_within_capacity) {
    // Only Ann may audit North; her target is 4 of 8 but she takes all 6 North cases (capacity 6).
    auto cs = cases({{"North", 6}, {"South", 2}});
    std::vector<Auditor> roster{{"Ann", {"South"}, 6, {}, ""}, {"Ben", {"North"}, 6, {}, ""}};
    auto a = allocateAuditors(cs, roster);
    BOOST_TEST(a.loads[0].assigned == 6u);
    BOOST_TEST(a.loads[1].assigned == 2u);
    BOOST_TEST(a.method.find("capacity") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_impossible_roster_is_refused_with_the_reason) {
    auto cs = cases({{"North", 14}, {"South", 2}});
    std::vector<Auditor> roster{{"A", {"South"}, 4, {}, ""},
                                {"B", {"East"}, 2, {}, ""},
                                {"C", {"North"}, 30, {}, ""}};
    try {
        allocateAuditors(cs, roster);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        const std::string msg = e.what();
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(msg.find("team 'North' has 14 sampled case(s) that only auditor(s) A, B may audit, with total "
                            "capacity 6") != std::string::npos,
                   msg);
    }
    // Not enough capacity at all.
    roster = {{"A", {"South"}, 3, {}, ""}};
    BOOST_CHECK_THROW(allocateAuditors(cs, roster), Error);
    // A case nobody may audit.
    roster = {{"A", {"North"}, 30, {}, ""}, {"B", {"North", "South"}, 30, {}, ""}};
    try {
        allocateAuditors(cs, roster);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("no auditor") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(malformed_rosters) {
    try {
        validateRoster({{"A", {"x"}, 1, {}, ""}, {"A", {"y"}, 1, {}, ""}, {"", {}, 0, {}, ""}}, "roster.csv");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.problems().size() == 3u);
        BOOST_TEST(std::string(e.what()).find("roster.csv: row 2: auditor 'A' is listed twice") != std::string::npos);
    }
    BOOST_CHECK_THROW(validateRoster({}), Error);
    BOOST_CHECK_THROW(validateRoster({{"A", {"x"}, 0, {}, ""}}), Error);
}

BOOST_AUTO_TEST_CASE(peer_audit_each_manager_takes_k_from_other_teams) {
    std::vector<TeamManager> managers{{"Mo", "North"}, {"Sue", "South"}, {"Eve", "East"}, {"Mo", "West"}};
    auto roster = peerRoster(managers, 3);
    BOOST_TEST(roster.size() == 3u);
    BOOST_TEST(roster[1].name == "Mo");
    BOOST_TEST(roster[1].teams.size() == 2u);
    auto cs = cases({{"North", 3}, {"South", 3}, {"East", 2}, {"West", 1}});
    auto a = allocateAuditors(cs, roster);
    for (auto& l : a.loads) BOOST_TEST(l.assigned == 3u);
    for (std::size_t i = 0; i < cs.size(); ++i) BOOST_TEST(mayAudit(roster[a.auditorOf[i]], cs[i]));
}
