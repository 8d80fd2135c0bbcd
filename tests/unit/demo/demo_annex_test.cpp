#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>

#include "audit/demo/demo_annex.h"
#include "audit/report/kpi_compute.h"
#include "audit/sampling/annex_a.h"
#include "audit/sampling/case_list.h"
#include "test_support.h"

using namespace audit;

namespace {
bool warned(const CaseList& l, const std::string& part) {
    for (const auto& w : l.warnings())
        if (w.str().find(part) != std::string::npos) return true;
    return false;
}
}  // namespace

BOOST_AUTO_TEST_CASE(same_seed_same_workbook_and_eleven_lists) {
    test::TempDir dir;
    DemoAnnexOptions o;
    o.size = 300;
    o.seed = 4;
    o.asOf = Date(2026, 1, 31);
    const auto s = writeDemoAnnex(o, dir.file("a.xlsx"));
    writeDemoAnnex(o, dir.file("b.xlsx"));
    BOOST_TEST(test::readText(dir.file("a.xlsx")) == test::readText(dir.file("b.xlsx")));
    for (int l = 1; l <= 11; ++l) BOOST_TEST(s.rows[static_cast<std::size_t>(l)] > 0u, "list " << l);
    BOOST_TEST(s.errorCells == 0u);
    o.seed = 5;
    writeDemoAnnex(o, dir.file("c.xlsx"));
    BOOST_TEST(test::readText(dir.file("a.xlsx")) != test::readText(dir.file("c.xlsx")));
    // openpyxl reads it: the published layout, letter codes, date cells.
    auto r = test::runPython(R"PY(
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["List %d" % i for i in range(1, 12)], wb.sheetnames
ws = wb["List 6"]
h = [c.value for c in ws[1]]
assert h[:2] == ["Child Unique ID", "Gender"] and "Case Status" in h and "Allocated Worker" in h, h
row = [c.value for c in ws[2]]
assert isinstance(row[h.index("CIN Start Date")], datetime.datetime), row
assert row[h.index("Case Status")][:3] in ("a) ", "b) ", "c) ", "d) ", "e) "), row
)PY", {dir.file("a.xlsx")});
    BOOST_TEST(r.exitCode == 0, r.err);
    // The frame: every open child of lists 6-9 once, nothing silent.
    LoadOptions lo;
    lo.asOf = o.asOf;
    const CaseList frame = CaseList::load(dir.file("a.xlsx"), lo);
    BOOST_TEST(frame.mapId() == "annex-a");
    BOOST_TEST(frame.size() > 150u);
    BOOST_TEST(frame.size() < 300u);
    BOOST_TEST(!warned(frame, "error cell"));
}

BOOST_AUTO_TEST_CASE(messy_workbook_is_read_and_every_oddity_said) {
    test::TempDir dir;
    DemoAnnexOptions o;
    o.size = 800;
    o.seed = 9;
    o.asOf = Date(2026, 1, 31);
    o.messy = true;
    const auto s = writeDemoAnnex(o, dir.file("m.xlsx"));
    BOOST_TEST(s.errorCells > 0u);
    BOOST_TEST(s.noBreakSpaces > 0u);
    BOOST_TEST(s.variantStatuses > 0u);
    LoadOptions lo;
    lo.asOf = o.asOf;
    const CaseList frame = CaseList::load(dir.file("m.xlsx"), lo);
    BOOST_TEST(warned(frame, "below a title"));
    BOOST_TEST(warned(frame, "read as (unallocated)"));
    BOOST_TEST(warned(frame, "differing only in spacing or case"));
    // The clean workbook of the same seed gives the same children in the frame.
    o.messy = false;
    writeDemoAnnex(o, dir.file("c.xlsx"));
    const CaseList clean = CaseList::load(dir.file("c.xlsx"), lo);
    BOOST_TEST(clean.size() == frame.size());
    std::size_t unallocated = 0;
    for (std::size_t r = 0; r < frame.size(); ++r) unallocated += frame.worker(r) == std::string(kUnallocated);
    BOOST_TEST(unallocated > 0u);
}

BOOST_AUTO_TEST_CASE(a_year_of_monthly_extracts_drifts_and_every_indicator_is_computable) {
    test::TempDir dir;
    DemoAnnexOptions o;
    o.size = 600;
    o.seed = 11;
    o.asOf = Date(2026, 3, 14);
    const auto months = writeDemoAnnexMonths(o, 12, dir.file("x"));
    BOOST_TEST_REQUIRE(months.size() == 12u);
    BOOST_TEST(months.front().asOf.iso() == "2025-04-30");
    BOOST_TEST(months.back().asOf.iso() == "2026-03-31");
    BOOST_TEST(std::filesystem::path(months.back().file).filename().string() == "annex-a-2026-03.xlsx");
    // Deterministic: May 2025 made as the second of two months is the same workbook as the second of twelve.
    o.asOf = Date(2025, 5, 2);
    const auto may = writeDemoAnnexMonths(o, 2, dir.file("z"));
    BOOST_TEST(test::readText(may.back().file) == test::readText(months[1].file));  // May 2025 either way
    // Every shipped indicator is computable on a demo extract, with a denominator, and the values move.
    const auto def = kpi::loadDefinition("kpis");
    std::set<double> visits;
    for (const auto& m : months) {
        const auto e = kpi::computeKpis(def, m.file, "annex-a", m.asOf);
        for (const auto& r : e.results) {
            BOOST_TEST(r.computable, m.file << " " << r.id << ": " << r.reason);
            BOOST_TEST(r.denominator > 0u, m.file << " " << r.id);
            for (const auto& n : r.notes) BOOST_TEST(n.rfind("values of '", 0) == 0, r.id << ": " << n);  // nothing unreadable
            if (r.id == "cp_visits_within_timescale" && r.value) visits.insert(*r.value);
        }
    }
    BOOST_TEST(visits.size() > 6u);
    test::expectError([&] { writeDemoAnnexMonths(o, 0, dir.file("w")); }, ErrorKind::Usage, {"--months"});
}
