#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>

#include "audit/base/error.h"
#include "audit/sampling/annex_a.h"
#include "audit/sampling/case_list.h"
#include "test_support.h"

using namespace audit;
namespace fs = std::filesystem;

namespace {

// A small Annex A workbook (lists 1, 6, 7, 8, 9) written by openpyxl, as Excel saves it: a title row above the
// headers of List 6 (Ofsted's template), sheet names spelled three ways, dates as date cells, letter codes,
// councils' own status spellings, an error cell, a no-break space in a worker's name.
const char* kMakeAnnex = R"PY(
import sys, datetime as dt
from openpyxl import Workbook
wb = Workbook(); ws = wb.active; ws.title = "List 1"
ws.append(["Child Unique ID", "Date of Contact"]); ws.append(["X1", dt.date(2025, 3, 1)])
def sheet(name, header, rows, title=None):
    s = wb.create_sheet(name)
    if title: s.append([title])
    s.append(header)
    for r in rows: s.append(r)
D = dt.date
sheet("List 6", ["Child Unique ID", "Gender", "Disability", "CIN Start Date", "Case Status", "CIN Closure Date",
                 "Allocated Team", "Allocated Worker"], [
    ["C01", "a) Male", "b) No", D(2024, 1, 5), "a) Looked after child", None, "CIC Team", "Ann Lee"],
    ["C02", "b) Female", "a) Yes", D(2024, 2, 1), "b) Child Protection plan", None, "CP Team", "Bo Khan"],
    ["C03", "a) Male", "b) No", D(2024, 3, 1), "c) Child in need plan", None, "CIN Team", "Cy Dore"],
    ["C04", "a) Male", "b) No", D(2024, 4, 1), None, None, "CIN Team", "Cy\u00a0Dore"],
    ["C05", "a) Male", "b) No", D(2025, 2, 1), "d) Open assessment", None, "Assessment Team", "Di Fox"],
    ["C06", "a) Male", "b) No", D(2024, 1, 1), "e) Closed episode", D(2025, 1, 31), "CIN Team", "Cy Dore"],
    ["C07", "a) Male", "b) No", D(2024, 1, 1), "c) Child in need plan", D(2025, 2, 28), "CIN Team", "Cy Dore"],
    ["C08", "a) Male", "b) No", D(2023, 5, 1), "LAC", None, "CIN Team", "Cy Dore"],
    ["C09", "a) Male", "b) No", D(2025, 1, 1), "Open asmt", None, "#N/A", "#N/A"],
    ["C10", "a) Male", "b) No", D(2025, 6, 1), "c) Child in need plan", None, "CIN Team", "Cy Dore"],
], title="List 6: Children in Need")
sheet("List_7", ["Child Unique ID", "Child Protection Plan Start Date", "Child Protection Plan End Date",
                 "Allocated Team", "Allocated Worker"], [
    ["C02", D(2024, 6, 1), None, "CP Team", "Eve Gray"],
    ["C03", D(2025, 4, 1), None, "CP Team", "Eve Gray"],
])
sheet("List8", ["Child Unique ID", "Date Started to be Looked After", "Child\u2019s Legal Status",
                "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months",
                "Unaccompanied Asylum Seeking Child (UASC)", "Date Ceased to be Looked After",
                "Allocated Team", "Allocated Worker"], [
    ["C01", D(2024, 2, 1), "C2 Full care order", 2, "b) No", None, "CIC Team", "Fay Hill"],
    ["C08", D(2023, 5, 1), "V2", 0, "a) Yes", D(2025, 1, 15), "CIC Team", "Fay Hill"],
])
sheet("List 9", ["Child Unique ID", "UASC", "Allocated Team", "Allocated Personal Advisor"], [
    ["C11", "a) Yes", "Leaving Care Team", "Gus Ink"],
])
wb.save(sys.argv[1])
)PY";

struct Frame {
    std::map<std::string, std::size_t> row;  // child id -> row
    CaseList list;
};

Frame frameOf(const std::string& path, LoadOptions options = {}) {
    if (!options.asOf) options.asOf = Date(2025, 3, 31);
    Frame f{{}, CaseList::load(path, options)};
    for (std::size_t r = 0; r < f.list.size(); ++r) f.row[std::string(f.list.caseRef(r))] = r;
    return f;
}

bool hasWarning(const CaseList& l, const std::string& part) {
    for (const auto& w : l.warnings())
        if (w.str().find(part) != std::string::npos) return true;
    return false;
}

std::string note(const CaseList& l, const std::string& name) {
    for (const auto& [n, v] : l.notes())
        if (n == name) return v;
    return "";
}

void checkRules(const std::string& path) {
    const Frame f = frameOf(path);
    const CaseList& l = f.list;
    BOOST_TEST(l.mapId() == "annex-a");
    auto cat = [&](const std::string& id) { return std::string(categoryName(l.category(f.row.at(id)))); };
    // Open in list 8 -> CLA, team and worker from list 8; missing episodes set the flag.
    BOOST_TEST(cat("C01") == "CLA");
    BOOST_TEST(l.worker(f.row.at("C01")) == "Fay Hill");
    BOOST_TEST(l.hasFlag(f.row.at("C01"), FlagMissing));
    BOOST_TEST(l.legalStatus(f.row.at("C01")) == "C2 Full care order");
    // Open in list 7 -> CP, worker from list 7.
    BOOST_TEST(cat("C02") == "CP");
    BOOST_TEST(l.worker(f.row.at("C02")) == "Eve Gray");
    BOOST_TEST(l.hasFlag(f.row.at("C02"), FlagDisability));
    // A CP plan starting after the as-of date does not count: list 6 c) -> CIN.
    BOOST_TEST(cat("C03") == "CIN");
    BOOST_TEST(l.team(f.row.at("C03")) == "CIN Team");
    BOOST_TEST(cat("C04") == "CIN");  // blank status
    BOOST_TEST(cat("C05") == "Assessment");
    BOOST_TEST(f.row.count("C06") == 0u);  // closed episode
    BOOST_TEST(f.row.count("C07") == 0u);  // closed before the as-of date
    // List 8 ended before the as-of date: the list 6 status (a spelling from the map's table) decides.
    BOOST_TEST(cat("C08") == "CLA");
    BOOST_TEST(l.team(f.row.at("C08")) == "CIN Team");
    BOOST_TEST(!l.hasFlag(f.row.at("C08"), FlagUasc));
    BOOST_TEST(cat("C09") == "Assessment");  // "Open asmt"
    BOOST_TEST(l.team(f.row.at("C09")) == std::string(kUnallocated));
    BOOST_TEST(l.worker(f.row.at("C09")) == std::string(kUnallocated));
    BOOST_TEST(f.row.count("C10") == 0u);  // starts after the as-of date
    BOOST_TEST(cat("C11") == "Care leaver");
    BOOST_TEST(l.worker(f.row.at("C11")) == "Gus Ink");
    BOOST_TEST(l.hasFlag(f.row.at("C11"), FlagUasc));
    BOOST_TEST(l.size() == 8u);
    // One worker written with a no-break space and with a space: one person, warned.
    BOOST_TEST(l.worker(f.row.at("C04")) == l.worker(f.row.at("C03")));
    BOOST_TEST(hasWarning(l, "differing only in spacing or case"));
    BOOST_TEST(hasWarning(l, "[no-break space]"));
    BOOST_TEST(hasWarning(l, "cell G11 #N/A"));
    BOOST_TEST(hasWarning(l, "header found in row 2, below a title"));
    BOOST_TEST(hasWarning(l, "1 child has no team or worker"));
    BOOST_TEST(note(l, "Annex A category rule").find("open in list 8 = CLA") != std::string::npos);
    BOOST_TEST(note(l, "Annex A records").find("list 6: 10 records") != std::string::npos);
    BOOST_TEST(note(l, "Annex A frame").find("8 children") != std::string::npos);
}

}  // namespace

BOOST_AUTO_TEST_CASE(list_numbers_from_names) {
    BOOST_TEST(annexListNumber("List 6").value() == 6);
    BOOST_TEST(annexListNumber("List_7").value() == 7);
    BOOST_TEST(annexListNumber("List8").value() == 8);
    BOOST_TEST(annexListNumber("LIST 9 - Care leavers").value() == 9);
    BOOST_TEST(annexListNumber("annex_a_list_10.csv").value() == 10);
    BOOST_TEST(!annexListNumber("Cases").has_value());
    BOOST_TEST(!annexListNumber("List 12").has_value());
    BOOST_TEST(!annexListNumber("Checklist 2025").has_value());
}

BOOST_AUTO_TEST_CASE(codes_and_keys) {
    BOOST_TEST(codeKey("a) Looked after child") == "lookedafterchild");
    BOOST_TEST(codeKey("(b) No") == "no");
    BOOST_TEST(codeKey("CLA") == "cla");
    BOOST_TEST(matchKey("Number of Episodes the Child has been \u2018Missing\u2019") ==
               matchKey("Number of Episodes the Child has been 'Missing'"));
    BOOST_TEST(matchKey("Child\u00a0Unique ID") == "childuniqueid");
    BOOST_TEST(isErrorValue("#N/A"));
    BOOST_TEST(isErrorValue("#REF!"));
    BOOST_TEST(!isErrorValue("#1 Team"));
    BOOST_TEST(findColumn({"A", "Child ID"}, {"Child Unique ID", "childid"}) == 1);
}

BOOST_AUTO_TEST_CASE(maps_found_without_map) {
    auto annex = ColumnMap::load("annex-a");
    BOOST_TEST((annex.layout() == MapLayout::AnnexA));
    BOOST_REQUIRE(annex.list(8) != nullptr);
    BOOST_TEST(annex.list(8)->count[static_cast<std::size_t>(Field::FlagMissing)]);
    BOOST_TEST((annex.status("a) Looked after child")->category.value() == Category::CLA));
    BOOST_TEST((annex.status("Open asmt")->category.value() == Category::Assessment));
    BOOST_TEST(!annex.status("e) Closed episode")->category.has_value());
    BOOST_TEST(!annex.status("Something else").has_value());
    auto ssd = ColumnMap::load("ssd");
    BOOST_TEST(findColumn({"ChildUniqueID", "LoookedAfterStartDate"}, ssd.list(8)->of(Field::OpenDate)) == 1);
    BOOST_TEST(findColumn({"CeasedLookedAfterDate"}, ssd.list(8)->of(Field::ClosedDate)) == 0);
    BOOST_TEST(!annex.fits({"case_ref", "team", "category", "worker"}));
}

BOOST_AUTO_TEST_CASE(frame_rules_openpyxl_and_libreoffice) {
    test::TempDir dir;
    const std::string book = dir.file("annex.xlsx");
    auto made = test::runPython(kMakeAnnex, {book});
    BOOST_REQUIRE_MESSAGE(made.exitCode == 0, made.err);
    checkRules(book);
    // The same workbook saved by LibreOffice.
    fs::create_directories(dir.file("lo"));
    auto lo = test::libreofficeConvert(book, "xlsx:Calc MS Excel 2007 XML", dir.file("lo"));
    BOOST_REQUIRE_MESSAGE(lo.exitCode == 0, lo.err);
    checkRules(dir.file("lo/annex.xlsx"));
}

BOOST_AUTO_TEST_CASE(one_list_by_sheet_and_as_of) {
    test::TempDir dir;
    const std::string book = dir.file("annex.xlsx");
    BOOST_REQUIRE(test::runPython(kMakeAnnex, {book}).exitCode == 0);
    LoadOptions o;
    o.sheet = "List 6";
    const Frame f = frameOf(book, o);
    BOOST_TEST(std::string(categoryName(f.list.category(f.row.at("C01")))) == "CLA");  // from list 6 alone
    BOOST_TEST(f.list.worker(f.row.at("C01")) == "Ann Lee");
    BOOST_TEST(f.row.count("C11") == 0u);
    // An earlier as-of: C07 still open, C05 not yet.
    LoadOptions early;
    early.asOf = Date(2025, 1, 10);
    const Frame e = frameOf(book, early);
    BOOST_TEST(e.row.count("C07") == 1u);
    BOOST_TEST(e.row.count("C05") == 0u);
    BOOST_TEST(std::string(categoryName(e.list.category(e.row.at("C08")))) == "CLA");
    BOOST_TEST(e.list.worker(e.row.at("C08")) == "Fay Hill");  // list 8 still open then
    BOOST_TEST(e.list.hasFlag(e.row.at("C08"), FlagUasc));
}

BOOST_AUTO_TEST_CASE(csv_per_list_dates_and_encoding) {
    test::TempDir dir;
    const std::string folder = dir.file("annex");
    fs::create_directories(folder);
    // US-order dates (a value that cannot be day first), Windows-1252 (é in a team name, 0xE9).
    test::writeText(folder + "/List 6.csv",
                    "Child Unique ID,CIN Start Date,Case Status,CIN Closure Date,Allocated Team,Allocated Worker\n"
                    "C1,03/25/2024,c) Child in need plan,,Equipe \xE9t\xE9,Ann Lee\n"
                    "C2,01/02/2024,CiN Plan,,Team B,Bo Khan\n");
    test::writeText(folder + "/List 7.csv",
                    "Child Unique ID,Child Protection Plan Start Date,Child Protection Plan End Date,Allocated Team,Allocated Worker\n"
                    "C2,05/04/2024,,Team B,Bo Khan\n");
    LoadOptions o;
    o.asOf = Date(2025, 3, 31);
    const Frame f = frameOf(folder, o);
    BOOST_TEST(f.list.size() == 2u);
    BOOST_TEST(f.list.team(f.row.at("C1")) == "Equipe \xC3\xA9t\xC3\xA9");
    BOOST_TEST(f.list.openDate(f.row.at("C1")).value() == Date(2024, 3, 25));
    BOOST_TEST(f.list.openDate(f.row.at("C2")).value() == Date(2024, 4, 5));  // list 7 is ambiguous: day first
    BOOST_TEST(hasWarning(f.list, "Windows-1252"));
    BOOST_TEST(hasWarning(f.list, "read month first"));
    BOOST_TEST(hasWarning(f.list, "are ambiguous"));
    // --date-order mdy: no warning for list 7, C2 read month first.
    o.dateOrder = DateOrder::MonthFirst;
    const Frame m = frameOf(folder, o);
    BOOST_TEST(m.list.openDate(m.row.at("C2")).value() == Date(2024, 5, 4));
    BOOST_TEST(!hasWarning(m.list, "are ambiguous"));
    // A column that reads day first in one row and month first in another: an error naming it.
    test::writeText(folder + "/List 6.csv",
                    "Child Unique ID,CIN Start Date,Case Status,CIN Closure Date,Allocated Team,Allocated Worker\n"
                    "C1,03/25/2024,,,Team A,Ann Lee\nC2,25/03/2024,,,Team A,Ann Lee\n");
    test::expectError([&] { frameOf(folder); }, ErrorKind::Data, {"List 6.csv", "contradicts itself", "'25/03/2024'"});
}

BOOST_AUTO_TEST_CASE(errors_name_their_cell) {
    test::TempDir dir;
    const std::string folder = dir.file("annex");
    fs::create_directories(folder);
    test::writeText(folder + "/List 6.csv",
                    "Child Unique ID,CIN Start Date,Case Status,CIN Closure Date,Allocated Team,Allocated Worker\n"
                    "#N/A,01/02/2024,,,Team A,Ann Lee\n"
                    "C2,01/02/2024,Pending,,Team A,Ann Lee\n"
                    "C3,31/02/2024,,,Team A,Ann Lee\n");
    test::expectError([&] { frameOf(folder); }, ErrorKind::Data,
                      {"line 2, column 1 ('Child Unique ID')", "error cell #N/A",
                       "line 3, column 3 ('Case Status')", "'Pending' is not a case status",
                       "line 4, column 2", "no day 31"});
    // No header anywhere: what was looked for.
    test::writeText(folder + "/List 6.csv", "Ref,Start\nC1,01/02/2024\n");
    test::expectError([&] { frameOf(folder); }, ErrorKind::Data, {"no header row for list 6", "Child Unique ID"});
}

BOOST_AUTO_TEST_CASE(missing_end_column_is_warned) {
    test::TempDir dir;
    const std::string folder = dir.file("annex");
    fs::create_directories(folder);
    test::writeText(folder + "/List_8.csv",
                    "Child ID,Date Started to be Looked After,Allocated Team,Allocated Worker\nC1,2024-01-02,CIC,Ann\n");
    const Frame f = frameOf(folder);
    BOOST_TEST(f.list.size() == 1u);
    BOOST_TEST(hasWarning(f.list, "no column for the end date"));
    BOOST_TEST(hasWarning(f.list, "closed cases may be in the frame"));
    BOOST_TEST(hasWarning(f.list, "no list 6, 7, 9 found"));
    BOOST_TEST(f.list.fieldColumn(Field::FlagMissing) < 0);  // no missing-episodes column: no flag column
}

BOOST_AUTO_TEST_CASE(old_and_encrypted_workbooks_are_named) {
    test::TempDir dir;
    std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    ole += std::string(600, '\0');
    test::writeText(dir.file("old.xls"), ole + std::string("W\0o\0r\0k\0b\0o\0o\0k\0", 16));
    test::expectError([&] { CaseList::load(dir.file("old.xls")); }, ErrorKind::Data, {"old.xls", "Excel 97-2003", ".xlsx"});
    test::writeText(dir.file("locked.xlsx"), ole + std::string("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32));
    test::expectError([&] { CaseList::load(dir.file("locked.xlsx")); }, ErrorKind::Data, {"locked.xlsx", "password-protected"});
    // An .xlsx renamed .csv is still read as a workbook (by its content).
    BOOST_REQUIRE(test::runPython(kMakeAnnex, {dir.file("annex.xlsx")}).exitCode == 0);
    fs::copy_file(dir.file("annex.xlsx"), dir.file("annex.csv"));
    LoadOptions o;
    o.asOf = Date(2025, 3, 31);
    BOOST_TEST(CaseList::load(dir.file("annex.csv"), o).size() == 8u);
}
