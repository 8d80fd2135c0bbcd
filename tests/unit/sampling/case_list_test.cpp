#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/sampling/case_list.h"
#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "test_support.h"

using namespace audit;
namespace fs = std::filesystem;

namespace {
std::vector<Problem> loadProblems(const std::string& path, const std::string& map) {
    try {
        CaseList::load(path, ColumnMap::load(map));
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        return e.problems();
    }
    BOOST_FAIL("no error loading " + path);
    return {};
}

bool hasProblem(const std::vector<Problem>& ps, const std::string& place, const std::string& part) {
    for (const auto& p : ps)
        if (p.place == place && p.message.find(part) != std::string::npos) return true;
    return false;
}

const char* kGeneric =
    "case_ref,child_ref,team,service_area,category,worker,team_manager,open_date,last_audit_date,closed_date,"
    "legal_status,flag_missing,flag_exploitation,flag_uasc,flag_disability,flags,Locality\n"
    "C1000001,P2000001,Assessment Team North,Assessment,CIN,Alex Carter,Sam Patel,2024-03-01,,,,N,N,N,N,,North\n"
    "C1000002,P2000002,CP Team 1,Child protection,Child Protection,Jo Evans,Sam Patel,15/06/2023,2025-01-10,,,Y,y,N,,,East\n"
    "C1000003,P2000003,Children in Care Team,Children in care,Looked After,Jo Evans,Kim Lee,1/2/2020,,,"
    "\"S31 Care Order\",,,Yes,1,disability,North\n"
    " C1000004 ,P2000004,Care Leavers Team,Care leavers,care leaver,Max Brown,Kim Lee,2019-09-30,,,,0,,,,missing;CSE,South\n"
    "C1000005,,Early Help Team,Early help,EH,Max Brown,,,,,,,,,,,South\n";
}  // namespace

BOOST_AUTO_TEST_CASE(match_keys_and_names) {
    BOOST_TEST(matchKey("Case Ref") == "caseref");
    BOOST_TEST(matchKey(" case_ref ") == "caseref");
    BOOST_TEST(matchKey("C.P.") == "cp");
    BOOST_TEST(matchKey("Équipe") == "Équipe");
    BOOST_TEST(categoryName(Category::CareLeaver) == "Care leaver");
    BOOST_TEST(fieldName(Field::FlagUasc) == "flag_uasc");
    BOOST_TEST(fieldByName("team_manager").value() == Field::TeamManager);
    BOOST_TEST(!fieldByName("nope").has_value());
    BOOST_TEST(isRequired(Field::Worker));
    BOOST_TEST(!isRequired(Field::ChildRef));
    BOOST_TEST(flagList(FlagMissing | FlagUasc) == "missing;uasc");
    BOOST_TEST(flagList(0) == "");
}

BOOST_AUTO_TEST_CASE(case_refs_of_rows_read_where_the_list_holds_them) {
    // A long list keeps its references as a text block (read by offset), a short one as codes of a few values
    // (read through a function): either way unit u is the reference of rows[u].
    test::TempDir dir;
    for (int n : {40, 20000}) {
        std::string text = "case_ref,team,category,worker\n";
        for (int i = 0; i < n; ++i) text += (i % 2 ? "C" : "LONG-CASE-REFERENCE-") + std::to_string(i) + ",T,CIN,W\n";
        const auto path = dir.file("refs" + std::to_string(n) + ".csv");
        test::writeText(path, text);
        const CaseList list = CaseList::load(path, ColumnMap::load("generic"));
        std::vector<std::uint32_t> rows;
        for (int r = n - 1; r >= 0; r -= 3) rows.push_back(static_cast<std::uint32_t>(r));
        rows.push_back(0);
        const CaseRefs refs = list.caseRefs(rows);
        BOOST_REQUIRE(refs.size() == rows.size());
        for (std::size_t u = 0; u < rows.size(); ++u) BOOST_TEST(refs[u] == list.caseRef(rows[u]));
        BOOST_TEST(refs[rows.size() - 1] == "LONG-CASE-REFERENCE-0");
    }
}

BOOST_AUTO_TEST_CASE(maps_available_generic_first) {
    auto names = ColumnMap::available();
    BOOST_REQUIRE(names.size() >= 3u);
    BOOST_TEST(names.front() == "generic");
    BOOST_TEST((std::find(names.begin(), names.end(), "mosaic") != names.end()));
    BOOST_TEST((std::find(names.begin(), names.end(), "lcs") != names.end()));
    for (const auto& n : names) BOOST_TEST(ColumnMap::load(n).id() == n);
    try {
        ColumnMap::load("eclipse");
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 64);
        BOOST_TEST(std::string(e.what()).find("available: generic") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(category_aliases) {
    const auto m = ColumnMap::load("generic");
    BOOST_TEST(m.category("CPP").value() == Category::CP);
    BOOST_TEST(m.category("child protection").value() == Category::CP);
    BOOST_TEST(m.category("C.P.").value() == Category::CP);
    BOOST_TEST(m.category("LAC").value() == Category::CLA);
    BOOST_TEST(m.category("Child Looked After").value() == Category::CLA);
    BOOST_TEST(m.category("Looked After").value() == Category::CLA);
    BOOST_TEST(m.category("Care Leaver").value() == Category::CareLeaver);
    BOOST_TEST(m.category("early help").value() == Category::EarlyHelp);
    BOOST_TEST(m.category("Child in Need").value() == Category::CIN);
    BOOST_TEST(!m.category("Adoption").has_value());
    BOOST_TEST(m.categoryLabel(Category::CP) == "CP");
    const auto mosaic = ColumnMap::load("mosaic");
    BOOST_TEST(mosaic.categoryLabel(Category::CP) == "Child Protection");
    BOOST_TEST(mosaic.category("Subject to CP Plan").value() == Category::CP);
    BOOST_TEST(mosaic.dateFormat() == "dd/mm/yyyy");
    BOOST_TEST(mosaic.yesLabel() == "Yes");
    const auto lcs = ColumnMap::load("lcs");
    BOOST_TEST(lcs.category("Pathway").value() == Category::CareLeaver);
    BOOST_TEST(lcs.flagByName("Missing from Home/Care") == FlagMissing);
    BOOST_TEST(lcs.flagByName("cce") == FlagExploitation);
    BOOST_TEST(lcs.flagByName("Domestic abuse") == 0u);
    BOOST_TEST(lcs.flagLabel(2) == "UASC");
}

BOOST_AUTO_TEST_CASE(generic_map_reads_every_field) {
    test::TempDir dir;
    const auto path = dir.file("cases.csv");
    test::writeText(path, kGeneric);
    const auto list = CaseList::load(path, ColumnMap::load("generic"));
    BOOST_TEST(list.file() == path);
    BOOST_TEST(list.mapId() == "generic");
    BOOST_REQUIRE(list.size() == 5u);
    BOOST_TEST(list.caseRef(0) == "C1000001");
    BOOST_TEST(list.childRef(0) == "P2000001");
    BOOST_TEST(list.team(0) == "Assessment Team North");
    BOOST_TEST(list.serviceArea(1) == "Child protection");
    BOOST_TEST(list.worker(2) == "Jo Evans");
    BOOST_TEST(list.teamManager(2) == "Kim Lee");
    BOOST_TEST(list.legalStatus(2) == "S31 Care Order");
    BOOST_TEST((list.category(0) == Category::CIN));
    BOOST_TEST((list.category(1) == Category::CP));
    BOOST_TEST((list.category(2) == Category::CLA));
    BOOST_TEST((list.category(3) == Category::CareLeaver));
    BOOST_TEST((list.category(4) == Category::EarlyHelp));
    BOOST_TEST(list.openDate(0)->iso() == "2024-03-01");
    BOOST_TEST(list.openDate(1)->iso() == "2023-06-15");
    BOOST_TEST(list.openDate(2)->iso() == "2020-02-01");
    BOOST_TEST(!list.openDate(4).has_value());
    BOOST_TEST(list.lastAuditDate(1)->iso() == "2025-01-10");
    BOOST_TEST(!list.closedDate(1).has_value());
    BOOST_TEST(list.flags(0) == 0u);
    BOOST_TEST(list.flags(1) == (FlagMissing | FlagExploitation));
    BOOST_TEST(list.flags(2) == (FlagUasc | FlagDisability));
    BOOST_TEST(list.flags(3) == (FlagMissing | FlagExploitation));
    BOOST_TEST(list.hasFlag(2, FlagUasc));
    // Values are trimmed; find() uses the trimmed reference.
    BOOST_TEST(list.caseRef(3) == "C1000004");
    BOOST_TEST(list.find("C1000004").value() == 3u);
    BOOST_TEST(!list.find("C9").has_value());
    // Original columns, by header name or contract name.
    BOOST_TEST(list.columnNames().back() == "Locality");
    BOOST_TEST(list.value(3, "locality") == "South");
    BOOST_TEST(list.value(0, "service_area") == "Assessment");
    BOOST_TEST(list.value(0, "no such column") == "");
    BOOST_TEST(list.column("Locality") == 16);
    BOOST_TEST(list.fieldColumn(Field::Team) == 2);
    BOOST_TEST(list.line(4) == 6u);
    BOOST_TEST(list.place(4) == "line 6");
    const Case c = list.at(1);
    BOOST_TEST(c.caseRef == "C1000002");
    BOOST_TEST((c.category == Category::CP));
    BOOST_TEST(c.line == 3u);
    BOOST_TEST(c.openDate->iso() == "2023-06-15");
}

BOOST_AUTO_TEST_CASE(mosaic_map_semicolons_bom_crlf) {
    test::TempDir dir;
    const auto path = dir.file("mosaic.csv");
    test::writeText(path,
                    "\xEF\xBB\xBF" "Case ID;Person ID;Team Name;Service Area;Category of Need;Worker Name;Team Manager;"
                    "Episode Start Date;Last QA Audit Date;Missing Episodes Flag;Exploitation Risk Flag;UASC Flag;"
                    "Disability Flag;Ward\r\n"
                    "E1;P1;Child Protection Team 2;Child Protection;Child Protection;A Worker;B Manager;03/04/2024;;No;Yes;No;No;Abbey\r\n"
                    "E2;P2;Children in Care Team;Children in Care;Child Looked After;C Worker;B Manager;28/02/2021;01/09/2025;Yes;No;Yes;No;Castle\r\n");
    const auto list = CaseList::load(path, ColumnMap::load("mosaic"));
    BOOST_REQUIRE(list.size() == 2u);
    BOOST_TEST(list.caseRef(0) == "E1");
    BOOST_TEST(list.childRef(1) == "P2");
    BOOST_TEST((list.category(0) == Category::CP));
    BOOST_TEST((list.category(1) == Category::CLA));
    BOOST_TEST(list.openDate(0)->iso() == "2024-04-03");
    BOOST_TEST(list.lastAuditDate(1)->iso() == "2025-09-01");
    BOOST_TEST(list.flags(0) == unsigned(FlagExploitation));
    BOOST_TEST(list.flags(1) == (FlagMissing | FlagUasc));
    BOOST_TEST(list.value(1, "Ward") == "Castle");
    BOOST_TEST(list.value(0, "team") == "Child Protection Team 2");
    // With no map given, the map is picked from the header.
    BOOST_TEST(CaseList::load(path).mapId() == "mosaic");
}

BOOST_AUTO_TEST_CASE(lcs_map_flag_list_and_tabs) {
    test::TempDir dir;
    const auto path = dir.file("lcs.tsv");
    test::writeText(path,
                    "Case Reference\tLCS ID\tAllocated Team\tService\tCase Type\tAllocated Worker\tLine Manager\t"
                    "Case Start Date\tCase Flags\n"
                    "L-001\t9001\tLeaving Care Team\tCare Leavers\tPathway\tD Worker\tE Manager\t2018-05-05\t"
                    "Missing from Home/Care; Exploitation (CSE/CCE)\n"
                    "L-002\t9002\tDisabled Children's Team\tDisabled Children\tCIN Plan\tF Worker\tE Manager\t12/12/2022\t"
                    "Disabled Child;Domestic abuse\n"
                    "L-003\t9003\tMASH\tFront Door\tEarly Help\tG Worker\tE Manager\t\t\n");
    const auto list = CaseList::load(path, ColumnMap::load("lcs"));
    BOOST_REQUIRE(list.size() == 3u);
    BOOST_TEST((list.category(0) == Category::CareLeaver));
    BOOST_TEST(list.flags(0) == (FlagMissing | FlagExploitation));
    BOOST_TEST(list.flags(1) == unsigned(FlagDisability));  // unknown flag names are left aside
    BOOST_TEST(list.flags(2) == 0u);
    BOOST_TEST(list.value(1, "Case Flags") == "Disabled Child;Domestic abuse");
    BOOST_TEST(CaseList::load(path).mapId() == "lcs");
}

BOOST_AUTO_TEST_CASE(missing_required_columns) {
    test::TempDir dir;
    const auto path = dir.file("cases.csv");
    test::writeText(path, "case_ref,category,Social Work Team\nC1,CIN,North\n");
    auto ps = loadProblems(path, "generic");
    BOOST_REQUIRE(ps.size() == 2u);  // team and worker
    BOOST_TEST(ps[0].place == "line 1");
    BOOST_TEST(ps[0].message.find("no column for the required field 'team'") != std::string::npos);
    BOOST_TEST(ps[0].message.find("'Social Work Team'") != std::string::npos);
    BOOST_TEST(ps[1].message.find("'worker'") != std::string::npos);
    // No map fits: the error says what the generic map looked for.
    try {
        CaseList::load(path);
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("column map 'generic'") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(every_row_problem_is_reported_at_once) {
    test::TempDir dir;
    const auto path = dir.file("bad.csv");
    test::writeText(path,
                    "case_ref,team,category,worker,open_date,last_audit_date,flag_uasc\n"
                    "C1,North,CIN,W1,2024-01-01,,N\n"           // line 2: fine
                    "C2,,CP,W1,2024-01-01,,N\n"                  // line 3: blank team
                    "C3,North,Adoption,W1,2024-01-01,,N\n"       // line 4: unknown category
                    "C4,North,CIN,W1,31/02/2025,,N\n"            // line 5: bad date
                    "C1,North,CIN,W2,2024-01-01,,N\n"            // line 6: duplicate of line 2
                    "C6,North,CIN,,2024-01-01,yesterday,Maybe\n" // line 7: blank worker, bad date, bad flag
                    ",North,,W3,,,\n");                          // line 8: blank case_ref and category
    auto ps = loadProblems(path, "generic");
    BOOST_TEST(ps.size() == 9u);
    for (const auto& p : ps) BOOST_TEST(p.file == path);
    BOOST_TEST(hasProblem(ps, "line 3", "blank team (column 'team')"));
    BOOST_TEST(hasProblem(ps, "line 4", "'Adoption' in column 'category' is not a known category"));
    BOOST_TEST(hasProblem(ps, "line 5", "open_date (column 'open_date'): '31/02/2025' is not a date"));
    BOOST_TEST(hasProblem(ps, "line 6", "case reference 'C1' is repeated (first at line 2)"));
    BOOST_TEST(hasProblem(ps, "line 7", "blank worker"));
    BOOST_TEST(hasProblem(ps, "line 7", "last_audit_date (column 'last_audit_date'): 'yesterday' is not a date"));
    BOOST_TEST(hasProblem(ps, "line 7", "'Maybe' in column 'flag_uasc' is not a flag value"));
    BOOST_TEST(hasProblem(ps, "line 8", "blank case_ref"));
    BOOST_TEST(hasProblem(ps, "line 8", "blank category"));
    // In row order.
    BOOST_TEST(ps.front().place == "line 3");
    BOOST_TEST(ps.back().place == "line 8");
}

BOOST_AUTO_TEST_CASE(problem_listing_is_capped) {
    test::TempDir dir;
    const auto path = dir.file("many.csv");
    std::string text = "case_ref,team,category,worker\n";
    for (int i = 0; i < 120; ++i) text += "C" + std::to_string(i) + ",T,Unknown,W\n";
    test::writeText(path, text);
    auto ps = loadProblems(path, "generic");
    BOOST_REQUIRE(ps.size() == 51u);
    BOOST_TEST(ps[0].place == "line 2");
    BOOST_TEST(ps[49].place == "line 51");
    BOOST_TEST(ps[50].message == "and 70 more problems");
}

BOOST_AUTO_TEST_CASE(csv_errors_pass_through) {
    test::TempDir dir;
    const auto path = dir.file("broken.csv");
    test::writeText(path, "case_ref,team,category,worker\nC1,T,CIN\n");
    auto ps = loadProblems(path, "generic");
    BOOST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].place == "line 2, column 9");
}

BOOST_AUTO_TEST_CASE(rows_from_a_sheet_with_excel_serial_dates) {
    const std::vector<std::string> header = {"case_ref", "team", "category", "worker", "open_date"};
    const std::vector<std::vector<std::string>> rows = {
        {"C1", "North", "CIN", "W1", "45658"},
        {"C2", "North", "CP", "W1", "2024-02-29"},
    };
    const auto map = ColumnMap::load("generic");
    const auto list = CaseList::fromRows(header, rows, "cases.xlsx", "Cases", 2, map);
    BOOST_TEST(list.openDate(0)->iso() == "2025-01-01");
    BOOST_TEST(list.openDate(1)->iso() == "2024-02-29");
    BOOST_TEST(list.place(1) == "sheet 'Cases', row 3");
    try {
        CaseList::fromRows(header, {{"C1", "North", "CIN", "W1", "60"}, {"C1", "North", "CIN", "W1", ""}}, "cases.xlsx",
                           "Cases", 2, map);
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_REQUIRE(e.problems().size() == 2u);
        BOOST_TEST(e.problems()[0].place == "sheet 'Cases', row 2");
        BOOST_TEST(e.problems()[1].message.find("first at sheet 'Cases', row 2") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(from_table) {
    auto table = csv::parse("case_ref,team,category,worker\nC1,T,CLA,W\n", "mem.csv");
    const auto list = CaseList::fromTable(table, ColumnMap::load("generic"));
    BOOST_TEST(list.size() == 1u);
    BOOST_TEST((list.category(0) == Category::CLA));
    BOOST_TEST(list.place(0) == "line 2");
}

BOOST_AUTO_TEST_CASE(large_list_keeps_every_value) {
    // Enough distinct case references to move that column out of interning; few distinct teams.
    test::TempDir dir;
    const auto path = dir.file("large.csv");
    std::string text = "case_ref,team,category,worker,open_date\n";
    const int n = 150000;
    for (int i = 0; i < n; ++i)
        text += "C" + std::to_string(1000000 + i) + ",Team " + std::to_string(i % 37) + "," +
                (i % 3 == 0 ? "CP" : "CIN") + ",Worker " + std::to_string(i % 900) + ",2024-01-" +
                std::to_string(10 + i % 20) + "\n";
    test::writeText(path, text);
    const auto list = CaseList::load(path, ColumnMap::load("generic"));
    BOOST_REQUIRE(list.size() == std::size_t(n));
    for (int i : {0, 1, 65535, 65536, 65537, 99999, n - 1}) {
        BOOST_TEST(list.caseRef(std::size_t(i)) == "C" + std::to_string(1000000 + i));
        BOOST_TEST(list.team(std::size_t(i)) == "Team " + std::to_string(i % 37));
        BOOST_TEST(list.worker(std::size_t(i)) == "Worker " + std::to_string(i % 900));
        BOOST_TEST(list.openDate(std::size_t(i))->day() == 10 + i % 20);
        BOOST_TEST((list.category(std::size_t(i)) == (i % 3 == 0 ? Category::CP : Category::CIN)));
        BOOST_TEST(list.find("C" + std::to_string(1000000 + i)).value() == std::size_t(i));
    }
}

BOOST_AUTO_TEST_CASE(column_map_errors) {
    auto problemsOf = [](const std::string& xml) {
        try {
            ColumnMap::parse(xml, "bad.xml");
        } catch (const Error& e) {
            BOOST_TEST(e.exitCode() == 65);
            return e.problems();
        }
        BOOST_FAIL("no error");
        return std::vector<Problem>{};
    };
    auto p = problemsOf("<column-map id='x'>\n<field name='case_ref'><column>a</column>\n</column-map>");
    BOOST_TEST(p[0].place == "line 3");
    BOOST_TEST(p[0].message.find("not well-formed XML") != std::string::npos);
    p = problemsOf("<other/>");
    BOOST_TEST(p[0].message.find("<column-map>") != std::string::npos);
    const std::string required =
        "<field name='case_ref'><column>a</column></field><field name='team'><column>b</column></field>"
        "<field name='category'><column>c</column></field><field name='worker'><column>d</column></field>";
    p = problemsOf("<column-map id='x'>" + required + "\n<field name='colour'><column>e</column></field>\n"
                   "<category name='Adoption'><alias>A</alias></category>\n<flag name='dog'/>\n<banana/>\n"
                   "<category name='CP'><alias>CIN</alias></category></column-map>");
    BOOST_REQUIRE(p.size() == 5u);
    BOOST_TEST(p[0].place == "line 2");
    BOOST_TEST(p[0].message.find("unknown field 'colour'") != std::string::npos);
    BOOST_TEST(p[1].message.find("unknown category 'Adoption'") != std::string::npos);
    BOOST_TEST(p[2].message.find("unknown flag 'dog'") != std::string::npos);
    BOOST_TEST(p[3].message.find("unknown element <banana>") != std::string::npos);
    BOOST_TEST(p[4].message.find("alias 'CIN' already means CIN") != std::string::npos);
    p = problemsOf("<column-map id='x'><field name='case_ref'><column>a</column></field></column-map>");
    BOOST_TEST(p.size() == 3u);  // team, category, worker
    BOOST_TEST(p[0].message.find("'team'") != std::string::npos);
    // A good one, with the flag-cell words it adds.
    auto m = ColumnMap::parse("<column-map id='x' date-format='dd/mm/yyyy'>" + required +
                                  "<yes>Ja</yes><no>Nein</no></column-map>",
                              "ok.xml");
    BOOST_TEST(m.flagValue("ja").value() == true);
    BOOST_TEST(m.flagValue("NEIN").value() == false);
    BOOST_TEST(m.flagValue("Y").value() == true);
    BOOST_TEST(m.flagValue("").value() == false);
    BOOST_TEST(!m.flagValue("perhaps").has_value());
    BOOST_TEST(m.yesLabel() == "Ja");
}

BOOST_AUTO_TEST_CASE(xlsx_case_list_saved_by_openpyxl) {
    test::TempDir dir;
    const auto path = dir.file("cases.xlsx");
    const auto r = test::runPython(R"PY(
import datetime, sys
import openpyxl
wb = openpyxl.Workbook()
info = wb.active
info.title = "Read me"
info["A1"] = "Synthetic export"
ws = wb.create_sheet("Cases")
ws.append(["Case ID", "Person ID", "Team Name", "Category of Need", "Worker Name", "Episode Start Date", "UASC Flag", "Ward"])
ws.append(["E1", 1001, "CP Team", "Child Protection", "W One", datetime.datetime(2024, 3, 1), "No", "Abbey"])
ws.append([None, None, None, None, None, None, None, None])
ws.append(["E2", 1002, "CLA Team", "CLA", "W Two", "15/06/2023", "Yes", "Castle"])
ws.append(["E3", 1003, "CIN Team", "Child in Need", "W Two", 45658, "", None])
wb.save(sys.argv[1])
)PY",
                                   {path});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    const auto list = CaseList::load(path);  // map recognised from the header; sheet 'Cases' preferred
    BOOST_TEST(list.mapId() == "mosaic");
    BOOST_REQUIRE(list.size() == 3u);
    BOOST_TEST(list.caseRef(0) == "E1");
    BOOST_TEST(list.childRef(0) == "1001");
    BOOST_TEST((list.category(0) == Category::CP));
    BOOST_TEST(list.openDate(0)->iso() == "2024-03-01");  // a date cell
    BOOST_TEST(list.openDate(1)->iso() == "2023-06-15");  // text, UK order
    BOOST_TEST(list.openDate(2)->iso() == "2025-01-01");  // a bare serial number
    BOOST_TEST(list.flags(1) == unsigned(FlagUasc));
    BOOST_TEST(list.value(1, "Ward") == "Castle");
    BOOST_TEST(list.place(1) == "sheet 'Cases', row 4");  // the blank row 3 is skipped, rows keep their numbers

    const auto bad = dir.file("bad.xlsx");
    const auto r2 = test::runPython(R"PY(
import sys
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Export"
ws.append([])
ws.append(["case_ref", "team", "category", "worker", "open_date"])
ws.append(["C1", "T", "CIN", "W", "2024-01-01"])
ws.append(["C1", "T", "Adoption", "W", "31/02/2024"])
wb.save(sys.argv[1])
)PY",
                                    {bad});
    BOOST_REQUIRE_MESSAGE(r2.exitCode == 0, r2.err);
    try {
        CaseList::load(bad, ColumnMap::load("generic"));
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        const auto& ps = e.problems();
        BOOST_REQUIRE(ps.size() == 3u);
        BOOST_TEST(hasProblem(ps, "sheet 'Export', row 4", "'Adoption' in column 'category' is not a known category"));
        BOOST_TEST(hasProblem(ps, "sheet 'Export', row 4", "'31/02/2024' is not a date"));
        BOOST_TEST(hasProblem(ps, "sheet 'Export', row 4", "case reference 'C1' is repeated (first at sheet 'Export', row 3)"));
    }
    // Not a workbook at all: the xlsx reader's error.
    test::writeText(dir.file("fake.xlsx"), "case_ref,team\n");
    BOOST_CHECK_THROW(CaseList::load(dir.file("fake.xlsx")), Error);
}

BOOST_AUTO_TEST_CASE(lean_load_reads_only_the_columns_asked_for) {
    test::TempDir dir;
    const auto path = dir.file("cases.csv");
    test::writeText(path, kGeneric);
    const auto list = CaseList::load(path, ColumnMap::load("generic"), LoadOptions::only({"locality", "closed_date", "flags"}));
    BOOST_REQUIRE(list.size() == 5u);
    // The whole header is still described.
    BOOST_TEST(list.columnNames().size() == 17u);
    BOOST_TEST(list.column("child_ref") == 1);
    BOOST_TEST(list.fieldColumn(Field::OpenDate) == 7);
    // Read: the required fields, and the columns named (by header name or contract field name).
    for (const char* name : {"case_ref", "team", "category", "worker", "Locality", "closed_date", "flags"})
        BOOST_TEST(list.loaded(list.column(name)), name);
    BOOST_TEST(list.caseRef(3) == "C1000004");
    BOOST_TEST(list.worker(2) == "Jo Evans");
    BOOST_TEST((list.category(1) == Category::CP));
    BOOST_TEST(list.value(3, "Locality") == "South");
    BOOST_TEST(list.flags(3) == (FlagMissing | FlagExploitation));  // from the flags list only: flag_* not read
    BOOST_TEST(list.flags(2) == FlagDisability);
    BOOST_TEST(list.find("C1000005").value() == 4u);
    // Not read: not stored; the fields read as absent and value() refuses (a programming error).
    for (const char* name : {"child_ref", "service_area", "open_date", "last_audit_date", "flag_uasc"})
        BOOST_TEST(!list.loaded(list.column(name)), name);
    BOOST_TEST(list.childRef(0) == "");
    BOOST_TEST(!list.openDate(0).has_value());
    BOOST_TEST(!list.lastAuditDate(1).has_value());
    try {
        list.value(0, "child_ref");
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 70);
    }
    // The default load still reads everything.
    const auto all = CaseList::load(path, ColumnMap::load("generic"));
    BOOST_TEST(all.loaded(all.column("child_ref")));
    BOOST_TEST(all.openDate(0)->iso() == "2024-03-01");
}

BOOST_AUTO_TEST_CASE(lean_load_checks_what_it_reads_and_skips_what_it_does_not) {
    test::TempDir dir;
    const auto path = dir.file("bad.csv");
    test::writeText(path,
                    "case_ref,team,category,worker,open_date,last_audit_date,flag_uasc\n"
                    "C1,North,CIN,W1,2024-01-01,,N\n"           // line 2: fine
                    "C2,,CP,W1,2024-01-01,,N\n"                  // line 3: blank team
                    "C3,North,Adoption,W1,2024-01-01,,N\n"       // line 4: unknown category
                    "C4,North,CIN,W1,31/02/2025,,N\n"            // line 5: bad open_date (not read)
                    "C1,North,CIN,W2,2024-01-01,,N\n"            // line 6: duplicate of line 2
                    "C6,North,CIN,,2024-01-01,yesterday,Maybe\n" // line 7: blank worker, bad date, bad flag (not read)
                    ",North,,W3,,,\n");                          // line 8: blank case_ref and category
    try {
        CaseList::load(path, ColumnMap::load("generic"), LoadOptions::only({"last_audit_date"}));
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        const auto ps = e.problems();
        BOOST_TEST(ps.size() == 7u);
        for (const auto& p : ps) BOOST_TEST(p.file == path);
        BOOST_TEST(hasProblem(ps, "line 3", "blank team (column 'team')"));
        BOOST_TEST(hasProblem(ps, "line 4", "'Adoption' in column 'category' is not a known category"));
        BOOST_TEST(hasProblem(ps, "line 6", "case reference 'C1' is repeated (first at line 2)"));
        BOOST_TEST(hasProblem(ps, "line 7", "blank worker"));
        BOOST_TEST(hasProblem(ps, "line 7", "last_audit_date (column 'last_audit_date'): 'yesterday' is not a date"));
        BOOST_TEST(hasProblem(ps, "line 8", "blank case_ref"));
        BOOST_TEST(hasProblem(ps, "line 8", "blank category"));
        // The columns not read are not checked.
        BOOST_TEST(!hasProblem(ps, "line 5", "open_date"));
        BOOST_TEST(!hasProblem(ps, "line 7", "flag_uasc"));
    }
    // Only required fields asked for: the bad dates and flag are not looked at, the rest still is.
    try {
        CaseList::load(path, LoadOptions::only({}));
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.problems().size() == 6u);
    }
}

BOOST_AUTO_TEST_CASE(value_ids_group_equal_values) {
    // A column of few values (codes) and one of mostly distinct values (hashed), the same grouping.
    test::TempDir dir;
    const auto path = dir.file("ids.csv");
    std::string text = "case_ref,team,category,worker,child_ref\n";
    const int n = 40000;
    for (int i = 0; i < n; ++i)
        text += "C" + std::to_string(i) + ",T" + std::to_string(i % 3) + ",CIN,W,P" + std::to_string(i % 30000) + "\n";
    test::writeText(path, text);
    const auto list = CaseList::load(path, ColumnMap::load("generic"));
    for (const char* name : {"team", "child_ref", "case_ref"}) {
        std::vector<std::uint32_t> ids;
        std::vector<std::string_view> values;
        list.valueIds(list.column(name), ids, values);
        BOOST_REQUIRE(ids.size() == std::size_t(n));
        const std::size_t distinct = std::string(name) == "team" ? 3 : std::string(name) == "child_ref" ? 30000 : n;
        BOOST_TEST(values.size() == distinct, name);
        for (int i : {0, 1, 2, 3, 29999, 30000, 30001, n - 1}) {
            BOOST_TEST(values[ids[std::size_t(i)]] == list.value(std::size_t(i), name));
        }
        // First-seen order.
        BOOST_TEST(ids[0] == 0u);
        BOOST_TEST(ids[1] == 1u);
    }
}

// A council's analyst opens the CSV export in a spreadsheet program and saves it as a workbook: LibreOffice
// turns dates into date cells, numbers into number cells and leaves blanks out; the list read from the
// workbook must say what the CSV said.
BOOST_AUTO_TEST_CASE(xlsx_case_list_saved_by_libreoffice) {
    test::TempDir dir, out;
    const auto csvPath = dir.file("cases.csv");
    test::writeText(csvPath,
                    "case_ref,child_ref,team,category,worker,open_date,last_audit_date,flag_missing,Locality\n"
                    "C1000001,2000001,Assessment Team North,CIN,Alex Carter,2024-03-01,,N,North\n"
                    "C1000002,2000002,CP Team 1,Child Protection,Jo Evans,2023-06-15,2025-01-10,Y,East\n"
                    "C1000003,2000003,Children in Care Team,Looked After,Jo Evans,2020-02-01,,,North\n"
                    "C1000004,2000004,Care Leavers Team,care leaver,Max Brown,2019-09-30,,N,\n");
    const auto res = test::libreofficeConvert(csvPath, "xlsx:Calc MS Excel 2007 XML", out.path());
    BOOST_REQUIRE_MESSAGE(res.exitCode == 0 && fs::exists(out.file("cases.xlsx")), res.err << res.out);

    const auto fromCsv = CaseList::load(csvPath, ColumnMap::load("generic"));
    const auto fromXlsx = CaseList::load(out.file("cases.xlsx"), ColumnMap::load("generic"));
    BOOST_REQUIRE(fromXlsx.size() == fromCsv.size());
    for (std::size_t i = 0; i < fromCsv.size(); ++i) {
        const Case a = fromCsv.at(i), b = fromXlsx.at(i);
        BOOST_TEST(a.caseRef == b.caseRef);
        BOOST_TEST(a.childRef == b.childRef);  // a number cell 2000001, not "2000001.0"
        BOOST_TEST(a.team == b.team);
        BOOST_TEST(a.worker == b.worker);
        BOOST_TEST((a.category == b.category));
        BOOST_TEST((a.openDate == b.openDate));
        BOOST_TEST((a.lastAuditDate == b.lastAuditDate));
        BOOST_TEST(a.flags == b.flags);
        BOOST_TEST(fromCsv.value(i, "Locality") == fromXlsx.value(i, "Locality"));
        BOOST_TEST(a.line == b.line);  // CSV line 2 is sheet row 2
    }
    BOOST_TEST(fromXlsx.place(3) == "sheet 'cases', row 5");
}

namespace {
// Loads `path` row by row and in two halves on two threads; both must give the same list, or the same error.
void sameInOneAndTwo(const std::string& path, const LoadOptions& base = {}) {
    LoadOptions one = base, two = base;
    one.threads = 1;
    two.threads = 2;
    std::string errOne, errTwo;
    std::optional<CaseList> a, b;
    try {
        a.emplace(CaseList::load(path, ColumnMap::load("generic"), one));
    } catch (const Error& e) {
        errOne = e.what();
    }
    try {
        b.emplace(CaseList::load(path, ColumnMap::load("generic"), two));
    } catch (const Error& e) {
        errTwo = e.what();
    }
    BOOST_TEST(errOne == errTwo);
    BOOST_REQUIRE(a.has_value() == b.has_value());
    if (!a) return;
    BOOST_REQUIRE(a->size() == b->size());
    for (std::size_t r = 0; r < a->size(); ++r) {
        BOOST_TEST_CONTEXT("row " << r) {
            BOOST_TEST(a->line(r) == b->line(r));
            for (int c = 0; c < static_cast<int>(a->columnNames().size()); ++c)
                if (a->loaded(c)) BOOST_TEST(a->value(r, c) == b->value(r, c));
            BOOST_TEST((a->category(r) == b->category(r)));
            BOOST_TEST(a->flags(r) == b->flags(r));
            BOOST_TEST((a->openDate(r) == b->openDate(r)));
            BOOST_TEST(b->find(b->caseRef(r)).value() == r);
        }
    }
}
}  // namespace

BOOST_AUTO_TEST_CASE(two_threads_read_the_same_list_as_one) {
    test::TempDir dir;
    // Quoted fields with line ends and doubled quotes, CRLF, empty lines, and a column whose distinct values
    // exceed the interning limit only when both halves are put together.
    std::string text = "case_ref,child_ref,team,category,worker,open_date,flags,Note\r\n";
    const int n = 24000;
    for (int i = 0; i < n; ++i) {
        text += "C" + std::to_string(i) + ",P" + std::to_string(i % 20000) + ",\"Team, " + std::to_string(i % 7) +
                "\"," + (i % 2 ? "CP" : "Looked After") + ",W" + std::to_string(i % 50) + ",2024-02-" +
                std::to_string(10 + i % 15) + "," + (i % 5 == 0 ? "missing" : "") + ",";
        if (i % 3 == 0) text += "\"line one\nline \"\"two\"\"\r\nthree\"";
        else text += "plain";
        text += i % 11 == 0 ? "\n\n" : "\r\n";
    }
    const auto path = dir.file("quoted.csv");
    test::writeText(path, text);
    sameInOneAndTwo(path);
    sameInOneAndTwo(path, LoadOptions::only({"Note"}));
    {
        LoadOptions two;
        two.threads = 2;
        const auto list = CaseList::load(path, ColumnMap::load("generic"), two);
        BOOST_REQUIRE(list.size() == std::size_t(n));
        BOOST_TEST(list.value(n - 3, "Note") == "line one\nline \"two\"\r\nthree");
        BOOST_TEST(list.team(n - 1) == "Team, " + std::to_string((n - 1) % 7));
    }

    // Problems in both halves, more than the listing shows: the same listing and count.
    std::string bad = "case_ref,team,category,worker,open_date\n";
    for (int i = 0; i < 3000; ++i)
        bad += "C" + std::to_string(i % 2900) + ",T," + (i % 97 == 0 ? "Adoption" : "CIN") + ",W," +
               (i % 131 == 0 ? "2024-13-01" : "2024-01-01") + "\n";
    test::writeText(dir.file("bad.csv"), bad);
    sameInOneAndTwo(dir.file("bad.csv"));

    // Long enough for the duplicate check to run on two threads: repeats spread over both halves of the index.
    std::string many = "case_ref,team,category,worker\n";
    for (int i = 0; i < 120000; ++i) many += "R" + std::to_string(i % 119000 == 7 ? 5 : i % 119937) + ",T,CIN,W\n";
    test::writeText(dir.file("many.csv"), many);
    sameInOneAndTwo(dir.file("many.csv"));
    try {
        CaseList::load(dir.file("many.csv"));
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.problems().size() == 51u);
        BOOST_TEST(e.problems().back().message == "and 14 more problems");  // 64 repeats in all
    }

    // A CSV error in the second half, and one in the first: the same message and place.
    std::string late = text.substr(0, text.size() - 20) + "\"unterminated\n";
    test::writeText(dir.file("late.csv"), late);
    sameInOneAndTwo(dir.file("late.csv"));
    std::string early = text;
    early.insert(early.find("C100,"), "C9x\"stray,");
    test::writeText(dir.file("early.csv"), early);
    sameInOneAndTwo(dir.file("early.csv"));
    // An unbalanced quote before the middle that the first half only notices at its end.
    std::string odd = text;
    odd.insert(odd.find("C2000,") + 5, "\"");
    test::writeText(dir.file("odd.csv"), odd);
    sameInOneAndTwo(dir.file("odd.csv"));
}

namespace {
bool warned(const CaseList& l, const std::string& part) {
    for (const auto& w : l.warnings())
        if (w.str().find(part) != std::string::npos) return true;
    return false;
}
}  // namespace

BOOST_AUTO_TEST_CASE(error_cells_unallocated_and_merged_names) {
    test::TempDir dir;
    test::writeText(dir.file("c.csv"),
                    "case_ref,team,category,worker\n"
                    "C1,North,CIN,Jo Bloggs\n"
                    "C2,North,CIN,Jo\xC2\xA0" "Bloggs\n"
                    "C3,north ,CP,jo  bloggs\n"
                    "C4,#N/A,CP,#REF!\n"
                    "C5,North,CLA,Jo Bloggs\n");
    const auto l = CaseList::load(dir.file("c.csv"));
    BOOST_TEST(l.worker(1) == "Jo Bloggs");
    BOOST_TEST(l.worker(2) == "Jo Bloggs");
    BOOST_TEST(l.team(2) == "North");
    BOOST_TEST(l.team(3) == std::string(kUnallocated));
    BOOST_TEST(l.worker(3) == std::string(kUnallocated));
    BOOST_TEST(warned(l, "'Jo Bloggs' (2), 'Jo[no-break space]Bloggs' (1), 'jo  bloggs' (1); merged as 'Jo Bloggs'"));
    BOOST_TEST(warned(l, "column 'team': 1 error cell"));
    BOOST_TEST(warned(l, "line 5, column 4 ('worker') #REF!"));
    // In a required field an error cell is an error naming the cell.
    test::writeText(dir.file("e.csv"), "case_ref,team,category,worker\n#N/A,North,CIN,Jo\nC2,North,#VALUE!,Jo\n");
    test::expectError([&] { CaseList::load(dir.file("e.csv")); }, ErrorKind::Data,
                      {"line 2, column 1 ('case_ref'): error cell #N/A", "line 3, column 3 ('category'): error cell #VALUE!"});
}

BOOST_AUTO_TEST_CASE(date_order_found_given_or_refused) {
    test::TempDir dir;
    const std::string head = "case_ref,team,category,worker,open_date\n";
    test::writeText(dir.file("us.csv"), head + "C1,N,CIN,W,03/25/2024\nC2,N,CIN,W,04/01/2024\n");
    const auto us = CaseList::load(dir.file("us.csv"));
    BOOST_TEST(us.openDate(1).value() == Date(2024, 4, 1));
    BOOST_TEST(warned(us, "read month first"));
    test::writeText(dir.file("amb.csv"), head + "C1,N,CIN,W,03/04/2024\nC2,N,CIN,W,2024-05-06\n");
    const auto amb = CaseList::load(dir.file("amb.csv"));
    BOOST_TEST(amb.openDate(0).value() == Date(2024, 4, 3));
    BOOST_TEST(warned(amb, "ambiguous"));
    LoadOptions mdy;
    mdy.dateOrder = DateOrder::MonthFirst;
    BOOST_TEST(CaseList::load(dir.file("amb.csv"), mdy).openDate(0).value() == Date(2024, 3, 4));
    BOOST_TEST(CaseList::load(dir.file("amb.csv"), mdy).warnings().empty());
    test::writeText(dir.file("both.csv"), head + "C1,N,CIN,W,03/25/2024\nC2,N,CIN,W,25/03/2024\n");
    test::expectError([&] { CaseList::load(dir.file("both.csv")); }, ErrorKind::Data,
                      {"column 'open_date' contradicts itself", "'03/25/2024' (line 2)", "'25/03/2024' (line 3)"});
    // Given day first, a month-first date is not a date.
    LoadOptions dmy;
    dmy.dateOrder = DateOrder::DayFirst;
    test::expectError([&] { CaseList::load(dir.file("us.csv"), dmy); }, ErrorKind::Data, {"line 2", "no month 25"});
}

BOOST_AUTO_TEST_CASE(windows_1252_case_list_and_title_row_sheet) {
    test::TempDir dir;
    test::writeText(dir.file("w.csv"), "case_ref,team,category,worker\nC1,\xC9quipe,CIN,Ren\xE9\n");
    const auto w = CaseList::load(dir.file("w.csv"));
    BOOST_TEST(w.worker(0) == "Ren\xC3\xA9");
    BOOST_TEST(warned(w, "Windows-1252"));
    // A title row above the header, a second sheet chosen with --sheet.
    const auto r = test::runPython(R"PY(
import sys
from openpyxl import Workbook
wb = Workbook(); ws = wb.active; ws.title = "Summary"; ws.append(["nothing here"])
s = wb.create_sheet("Open cases")
s.append(["Open cases at 31 March"]); s.append([])
s.append(["case_ref", "team", "category", "worker"]); s.append(["C1", "North", "CIN", "Ann"])
wb.save(sys.argv[1])
)PY", {dir.file("t.xlsx")});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    LoadOptions o;
    o.sheet = "open cases";
    const auto t = CaseList::load(dir.file("t.xlsx"), o);
    BOOST_TEST(t.size() == 1u);
    BOOST_TEST(t.place(0) == "sheet 'Open cases', row 4");
    BOOST_TEST(warned(t, "the header is in row 3"));
    o.sheet = "Nope";
    test::expectError([&] { CaseList::load(dir.file("t.xlsx"), o); }, ErrorKind::Data, {"no worksheet named 'Nope'", "'Summary', 'Open cases'"});
}

BOOST_AUTO_TEST_CASE(csv_header_below_title_rows_with_and_without_a_map) {
    test::TempDir dir;
    // Two title lines (one cell each, as a hand-made export writes them), a blank line, then the header.
    test::writeText(dir.file("t.csv"), "Open cases report\nRun on 31/03/2026\n\ncase_ref,team,category,worker\n"
                                       "C1,North,CIN,Ann\nC2,South,CP,Bob\n");
    const auto t = CaseList::load(dir.file("t.csv"));
    BOOST_TEST(t.size() == 2u);
    BOOST_TEST(t.mapId() == "generic");
    BOOST_TEST(t.place(0) == "line 5");
    BOOST_TEST(warned(t, "the header is in line 4 (lines 1 to 3 above it, from 'Open cases report', are taken as titles"));
    bool noted = false;
    for (const auto& [n, v] : t.notes()) noted = noted || (n == "Case list" && v == "t.csv, header in line 4");
    BOOST_TEST(noted);
    // The same through a named map; a list with its header on line 1 says nothing.
    const auto m = CaseList::load(dir.file("t.csv"), ColumnMap::load("generic"));
    BOOST_TEST(m.size() == 2u);
    BOOST_TEST(m.worker(1) == "Bob");
    test::writeText(dir.file("p.csv"), "case_ref,team,category,worker\nC1,North,CIN,Ann\n");
    const auto p = CaseList::load(dir.file("p.csv"));
    BOOST_TEST(p.warnings().empty());
    BOOST_TEST(p.notes().empty());
    // No header in the first 20 rows: the error names what line 1 holds.
    std::string none;
    for (int i = 0; i < 25; ++i) none += "title " + std::to_string(i) + "\n";
    test::writeText(dir.file("n.csv"), none + "case_ref,team,category,worker\nC1,North,CIN,Ann\n");
    test::expectError([&] { CaseList::load(dir.file("n.csv")); }, ErrorKind::Data, {"line 1", "case_ref"});
}
