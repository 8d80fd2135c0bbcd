#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <set>

#include "audit/sampling/case_list.h"
#include "audit/io/csv.h"
#include "audit/demo/demo_cases.h"
#include "audit/base/error.h"
#include "test_support.h"

using namespace audit;

namespace {
DemoCasesOptions opts(std::size_t size, std::uint64_t seed) {
    DemoCasesOptions o;
    o.size = size;
    o.seed = seed;
    o.asOf = Date(2026, 1, 31);
    return o;
}

const DemoCases& big() {
    static const DemoCases demo = generateDemoCases(opts(20000, 42));
    return demo;
}
}  // namespace

BOOST_AUTO_TEST_CASE(same_seed_same_bytes_other_seed_differs) {
    test::TempDir dir;
    const auto map = ColumnMap::load("generic");
    writeDemoCases(generateDemoCases(opts(3000, 7)), map, dir.file("a.csv"));
    writeDemoCases(generateDemoCases(opts(3000, 7)), map, dir.file("b.csv"));
    writeDemoCases(generateDemoCases(opts(3000, 8)), map, dir.file("c.csv"));
    const auto a = test::readText(dir.file("a.csv"));
    BOOST_TEST(a.size() > 100000u);
    BOOST_TEST((a == test::readText(dir.file("b.csv"))));
    BOOST_TEST((a != test::readText(dir.file("c.csv"))));
    writeDemoCases(generateDemoCases(opts(300, 7)), map, dir.file("a.xlsx"));
    writeDemoCases(generateDemoCases(opts(300, 7)), map, dir.file("b.xlsx"));
    writeDemoCases(generateDemoCases(opts(300, 9)), map, dir.file("c.xlsx"));
    const auto x = test::readText(dir.file("a.xlsx"));
    BOOST_TEST(x.substr(0, 2) == "PK");
    BOOST_TEST((x == test::readText(dir.file("b.xlsx"))));
    BOOST_TEST((x != test::readText(dir.file("c.xlsx"))));
}

BOOST_AUTO_TEST_CASE(exact_size_and_unique_references) {
    const auto& d = big();
    BOOST_REQUIRE(d.cases.size() == 20000u);
    std::set<std::string> refs, children;
    for (std::size_t i = 0; i < d.cases.size(); ++i) {
        BOOST_REQUIRE(d.cases[i].number == i + 1);
        refs.insert(d.caseRef(d.cases[i]));
        children.insert(d.childRef(d.cases[i]));
    }
    BOOST_TEST(refs.size() == 20000u);
    BOOST_TEST(children.size() == 20000u);
    BOOST_TEST(d.caseRef(d.cases[0]) == "C1000001");
    BOOST_TEST(d.childRef(d.cases[0]).size() == 8u);
    BOOST_TEST(d.childRef(d.cases[0])[0] == 'P');
}

BOOST_AUTO_TEST_CASE(categories_in_realistic_proportions) {
    const auto& d = big();
    std::map<Category, double> share;
    for (const auto& c : d.cases) share[c.category] += 1.0 / static_cast<double>(d.cases.size());
    BOOST_TEST(share[Category::CIN] > 0.40);
    BOOST_TEST(share[Category::CIN] < 0.50);
    BOOST_TEST(share[Category::CP] > 0.11);
    BOOST_TEST(share[Category::CP] < 0.16);
    BOOST_TEST(share[Category::CLA] > 0.19);
    BOOST_TEST(share[Category::CLA] < 0.25);
    BOOST_TEST(share[Category::CareLeaver] > 0.10);
    BOOST_TEST(share[Category::CareLeaver] < 0.15);
    BOOST_TEST(share[Category::EarlyHelp] > 0.04);
    BOOST_TEST(share[Category::EarlyHelp] < 0.10);
}

BOOST_AUTO_TEST_CASE(caseloads_teams_and_managers) {
    const auto& d = big();
    std::vector<int> load(d.workers.size(), 0);
    for (const auto& c : d.cases) ++load[c.worker];
    for (std::size_t w = 0; w < load.size(); ++w) {
        BOOST_TEST(load[w] >= 10);
        BOOST_TEST(load[w] <= 25);
    }
    std::vector<int> teamSize(d.teams.size(), 0);
    for (const auto& w : d.workers) ++teamSize[w.team];
    std::set<std::string> teamNames, areas, staff;
    for (std::size_t t = 0; t < d.teams.size(); ++t) {
        BOOST_TEST(teamSize[t] >= 3);
        BOOST_TEST(teamSize[t] <= 10);
        BOOST_TEST(!d.teams[t].manager.empty());
        teamNames.insert(d.teams[t].name);
        areas.insert(d.teams[t].serviceArea);
        staff.insert(d.teams[t].manager);
    }
    for (const auto& w : d.workers) staff.insert(w.name);
    BOOST_TEST(teamNames.size() == d.teams.size());
    BOOST_TEST(areas.size() == demoServiceAreas().size());
    BOOST_TEST(staff.size() == d.teams.size() + d.workers.size());  // nobody's name twice
    BOOST_TEST(teamNames.count("Assessment Team North") == 1u);
}

BOOST_AUTO_TEST_CASE(dates_are_consistent) {
    const auto& d = big();
    const std::int32_t asOf = Date(2026, 1, 31).days();
    std::size_t audited = 0, closed = 0;
    for (const auto& c : d.cases) {
        BOOST_REQUIRE(c.openDays <= asOf);
        if (c.lastAuditDays != DemoCase::kNone) {
            ++audited;
            BOOST_REQUIRE(c.lastAuditDays > c.openDays);
            BOOST_REQUIRE(c.lastAuditDays < asOf);
        }
        if (c.closedDays != DemoCase::kNone) {
            ++closed;
            BOOST_REQUIRE(c.closedDays > c.openDays);
        }
        if (c.category != Category::CareLeaver) BOOST_REQUIRE(asOf - c.openDays <= std::max(7, c.age * 365));
    }
    BOOST_TEST(audited > d.cases.size() / 8);
    BOOST_TEST(audited < d.cases.size() / 2);
    BOOST_TEST(closed > d.cases.size() / 100);
    BOOST_TEST(closed < d.cases.size() / 25);
    // Case references follow the open date.
    for (std::size_t i = 1; i < d.cases.size(); ++i) BOOST_REQUIRE(d.cases[i - 1].openDays <= d.cases[i].openDays);
}

BOOST_AUTO_TEST_CASE(flags_follow_category_and_age) {
    const auto& d = big();
    std::size_t claTeens = 0, claTeensMissing = 0, young = 0, youngMissing = 0, disabledArea = 0, disabledFlag = 0;
    for (const auto& c : d.cases) {
        const bool missing = c.flags & FlagMissing;
        if (c.category == Category::CLA && c.age >= 12) ++claTeens, claTeensMissing += missing;
        if (c.age < 10) ++young, youngMissing += missing;
        if (c.flags & FlagUasc) {
            BOOST_REQUIRE((c.category == Category::CLA || c.category == Category::CareLeaver));
            BOOST_REQUIRE(c.age >= 14);
        }
        if (d.teams[d.workers[c.worker].team].serviceArea == "Disabled Children") ++disabledArea, disabledFlag += (c.flags & FlagDisability) != 0;
        if (c.category == Category::CLA) BOOST_REQUIRE(c.legalStatus != 0);
        if (c.category == Category::CareLeaver) BOOST_REQUIRE(c.age >= 16);
    }
    const double claRate = double(claTeensMissing) / double(claTeens), youngRate = double(youngMissing) / double(young);
    BOOST_TEST(claRate > 0.08);
    BOOST_TEST(claRate < 0.25);
    BOOST_TEST(youngRate < 0.02);
    BOOST_TEST(double(disabledFlag) / double(disabledArea) > 0.8);
}

BOOST_AUTO_TEST_CASE(tiny_lists_work) {
    const auto d = generateDemoCases(opts(5, 1));
    BOOST_TEST(d.cases.size() == 5u);
    BOOST_CHECK_THROW(generateDemoCases(opts(0, 1)), Error);
    BOOST_CHECK_THROW(generateDemoCases(opts(10000001, 1)), Error);
}

BOOST_AUTO_TEST_CASE(every_map_round_trips_through_case_list) {
    test::TempDir dir;
    const auto demo = generateDemoCases(opts(2500, 3));
    for (const std::string name : {"generic", "mosaic", "lcs"}) {
        const auto map = ColumnMap::load(name);
        const auto path = dir.file(name + ".csv");
        writeDemoCases(demo, map, path);
        const auto list = CaseList::load(path);  // the map is recognised from the header
        BOOST_TEST(list.mapId() == name);
        BOOST_REQUIRE(list.size() == demo.cases.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            const DemoCase& c = demo.cases[i];
            BOOST_REQUIRE(list.caseRef(i) == demo.caseRef(c));
            BOOST_REQUIRE(list.childRef(i) == demo.childRef(c));
            BOOST_REQUIRE((list.category(i) == c.category));
            BOOST_REQUIRE(list.flags(i) == c.flags);
            BOOST_REQUIRE(list.openDate(i)->days() == c.openDays);
            BOOST_REQUIRE(list.lastAuditDate(i).has_value() == (c.lastAuditDays != DemoCase::kNone));
            BOOST_REQUIRE(list.worker(i) == demo.workers[c.worker].name);
            BOOST_REQUIRE(list.team(i) == demo.teams[demo.workers[c.worker].team].name);
            BOOST_REQUIRE(list.value(i, "age band") == demo.ageBand(c));
        }
    }
    // And as a workbook.
    writeDemoCases(demo, ColumnMap::load("mosaic"), dir.file("mosaic.xlsx"));
    const auto book = CaseList::load(dir.file("mosaic.xlsx"));
    BOOST_TEST(book.mapId() == "mosaic");
    BOOST_REQUIRE(book.size() == demo.cases.size());
    for (std::size_t i = 0; i < book.size(); ++i) {
        const DemoCase& c = demo.cases[i];
        BOOST_REQUIRE(book.caseRef(i) == demo.caseRef(c));
        BOOST_REQUIRE((book.category(i) == c.category));
        BOOST_REQUIRE(book.flags(i) == c.flags);
        BOOST_REQUIRE(book.openDate(i)->days() == c.openDays);
        BOOST_REQUIRE(book.closedDate(i).has_value() == (c.closedDays != DemoCase::kNone));
    }
    BOOST_TEST(book.place(0) == "sheet 'Cases', row 2");
    const auto header = demoCaseHeader(ColumnMap::load("lcs"));
    BOOST_TEST((std::find(header.begin(), header.end(), "Case Flags") != header.end()));
    const auto generic = demoCaseHeader(ColumnMap::load("generic"));
    BOOST_TEST(generic.front() == "case_ref");
    BOOST_TEST((std::find(generic.begin(), generic.end(), "flags") == generic.end()));  // flag columns instead
}

BOOST_AUTO_TEST_CASE(bad_output_paths) {
    test::TempDir dir;
    const auto demo = generateDemoCases(opts(20, 3));
    const auto map = ColumnMap::load("generic");
    try {
        writeDemoCases(demo, map, dir.file("cases.ods"));
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 64);
    }
    for (const char* name : {"missing/cases.csv", "missing/cases.xlsx"}) {
        try {
            writeDemoCases(demo, map, dir.file(name));
            BOOST_FAIL("no error");
        } catch (const Error& e) {
            BOOST_TEST(e.exitCode() == 73);
        }
    }
    BOOST_TEST(std::filesystem::is_empty(dir.path()));
}
