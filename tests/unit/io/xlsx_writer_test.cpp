#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <functional>

#include "audit/base/error.h"
#include "audit/io/xlsx_reader.h"
#include "audit/io/xlsx_writer.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace audit;

namespace {

using audit::test::expectError;

std::size_t filesIn(const std::string& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

// A form-like workbook using the raw libxlsxwriter API through check(): validation, protection,
// a hidden sheet, frozen panes, a defined name, formulas with cached values.
void writeForm(const std::string& path) {
    xlsx::Writer w(path);
    lxw_worksheet* ws = w.addSheet("Audit");
    lxw_worksheet* id = w.addSheet("Form identity");
    w.writeString(ws, 0, 0, "Case reference", w.format("bold"));
    w.writeString(ws, 0, 1, "C1042");
    w.writeString(ws, 1, 0, "Question");
    w.writeString(ws, 1, 1, "Answer");
    w.writeString(ws, 2, 0, "Was the child seen alone?", w.format("wrap"));
    w.writeBlank(ws, 2, 1, w.format("unlocked"));
    w.writeNumber(ws, 3, 0, 2.5);
    w.writeNumber(ws, 3, 1, 4);
    w.writeFormula(ws, 3, 2, "=A4+B4", 6.5);
    w.writeFormula(ws, 3, 3, "=IF(B4>3,\"Good\",\"Poor\")", std::string("Good"));
    w.writeBoolean(ws, 4, 0, true);
    w.writeBoolean(ws, 4, 1, false);
    w.writeDate(ws, 5, 0, 2024, 3, 1);
    w.writeString(ws, 6, 0, "   ");  // whitespace only
    w.writeString(ws, 7, 0, "Zoë – café ✓");
    w.setColumnWidth(ws, 0, 0, 40);

    const char* answers[] = {"Yes", "Partly", "No", "Not applicable", nullptr};
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = const_cast<char**>(answers);
    w.call([&] { return worksheet_data_validation_cell(ws, 2, 1, &dv); }, "adding the answer list");
    lxw_protection prot{};
    worksheet_protect(ws, nullptr, &prot);
    worksheet_freeze_panes(ws, 2, 0);

    w.writeString(id, 0, 0, "form_id");
    w.writeString(id, 0, 1, "F-0001");
    w.hideSheet(id);
    w.defineName("FormId", "='Form identity'!$B$1");
    worksheet_activate(ws);
    w.close();
}

}  // namespace

BOOST_AUTO_TEST_CASE(openpyxl_reads_back_what_we_wrote) {
    test::TempDir dir;
    const auto path = dir.file("form.xlsx");
    writeForm(path);
    BOOST_TEST(filesIn(dir.path()) == 1u);  // no temporary file left beside it
    auto r = test::runPython(R"(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Audit"]
print(wb.sheetnames)
print(wb["Form identity"].sheet_state)
print(repr(ws["A1"].value), repr(ws["B1"].value), repr(ws["A3"].value))
print(repr(ws["A4"].value), repr(ws["B4"].value), repr(ws["C4"].value), repr(ws["D4"].value))
print(repr(ws["A5"].value), repr(ws["B5"].value))
print(ws["A6"].value.date().isoformat(), ws["A6"].number_format)
print(repr(ws["A7"].value))
print(ws["A8"].value)
dv = ws.data_validations.dataValidation[0]
print(dv.type, dv.formula1, str(dv.sqref))
print(ws.protection.sheet, ws["B3"].protection.locked, ws["A3"].protection.locked)
print(ws.freeze_panes)
print(wb.defined_names["FormId"].attr_text)
print(ws.column_dimensions["A"].width)
)", {path});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    const std::string expected =
        "['Audit', 'Form identity']\n"
        "hidden\n"
        "'Case reference' 'C1042' 'Was the child seen alone?'\n"
        "2.5 4 '=A4+B4' '=IF(B4>3,\"Good\",\"Poor\")'\n"
        "True False\n"
        "2024-03-01 dd/mm/yyyy\n"
        "'   '\n"
        "Zoë – café ✓\n"
        "list \"Yes,Partly,No,Not applicable\" B3\n"
        "True False True\n"
        "A3\n"
        "'Form identity'!$B$1\n";
    BOOST_TEST(r.out.substr(0, expected.size()) == expected);
    // the width line: 40 characters plus libxlsxwriter's padding
    BOOST_TEST(r.out.find("40.7") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(our_reader_sees_cached_formula_values) {
    test::TempDir dir;
    const auto path = dir.file("form.xlsx");
    writeForm(path);
    xlsx::Reader rd(path);
    BOOST_REQUIRE(rd.sheets().size() == 2u);
    BOOST_TEST((rd.sheets()[1].state == xlsx::SheetState::Hidden));
    auto s = rd.sheet("Audit");
    BOOST_TEST(s.cell("C4").number == 6.5);
    BOOST_TEST(s.cell("D4").str() == "Good");
    BOOST_TEST(s.cell("A6").str() == "2024-03-01");
    BOOST_TEST(s.cell("A7").text == "   ");
    BOOST_TEST(s.cell("A5").boolean());
    BOOST_REQUIRE(rd.definedNames().size() == 1u);
    BOOST_TEST(rd.definedNames()[0].name == "FormId");
    BOOST_TEST(rd.definedNames()[0].formula == "'Form identity'!$B$1");
    auto named = rd.namedCell("FormId");
    BOOST_REQUIRE(named.has_value());
    BOOST_TEST(named->sheet == "Form identity");
    BOOST_TEST((named->cell == xlsx::CellRef{0, 1}));
    BOOST_TEST(rd.sheet(named->sheet).cell(named->cell.row, named->cell.col).text == "F-0001");
    BOOST_TEST(!rd.namedCell("NoSuchName").has_value());
}

BOOST_AUTO_TEST_CASE(libreoffice_converts_it_without_error) {
    test::TempDir dir, out;
    const auto path = dir.file("form.xlsx");
    writeForm(path);
    auto r = test::libreofficeConvert(path, "csv", out.path());
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    BOOST_REQUIRE(fs::exists(out.file("form.csv")));
    const std::string csv = test::readText(out.file("form.csv"));
    BOOST_TEST(csv.find("Case reference,C1042") == 0u, csv);
    BOOST_TEST(csv.find("2.5,4,6.5,Good") != std::string::npos, csv);
}

BOOST_AUTO_TEST_CASE(same_content_gives_byte_identical_files) {
    test::TempDir dir;
    writeForm(dir.file("a.xlsx"));
    writeForm(dir.file("b.xlsx"));
    const std::string a = test::readText(dir.file("a.xlsx")), b = test::readText(dir.file("b.xlsx"));
    BOOST_TEST(a.size() > 1000u);
    BOOST_TEST((a == b));
    // the fixed created time is in the document properties
    auto r = test::runPython("import sys, openpyxl\nprint(openpyxl.load_workbook(sys.argv[1]).properties.created.isoformat())",
                             {dir.file("a.xlsx")});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    BOOST_TEST(r.out == "2024-01-01T00:00:00\n");
}

BOOST_AUTO_TEST_CASE(refused_content_is_a_clear_error) {
    test::TempDir dir;
    xlsx::Writer w(dir.file("x.xlsx"));
    expectError([&] { w.addSheet("A name that is far too long for Excel"); }, ErrorKind::Data, {"longer than 31"});
    expectError([&] { w.addSheet("Q1/Q2"); }, ErrorKind::Data, {"Q1/Q2", "[ ] : * ? / \\"});
    expectError([&] { w.addSheet(""); }, ErrorKind::Data, {"empty"});
    expectError([&] { w.addSheet("'quoted'"); }, ErrorKind::Data, {"apostrophe"});
    lxw_worksheet* ws = w.addSheet("Audit");
    expectError([&] { w.addSheet("AUDIT"); }, ErrorKind::Data, {"used twice"});
    expectError([&] { w.writeString(ws, 3, 1, std::string(32768, 'x')); }, ErrorKind::Data,
                {"x.xlsx", "sheet 'Audit', cell B4", "32768 characters"});
    w.writeString(ws, 0, 0, std::string(32767, 'x'));  // the limit itself is fine
    expectError([&] { w.writeString(ws, 0, 1, "caf\xe9"); }, ErrorKind::Data, {"cell B1", "UTF-8"});
    expectError([&] { w.writeNumber(ws, 0, 2, std::nan("")); }, ErrorKind::Data, {"cell C1", "not finite"});
    expectError([&] { w.writeNumber(ws, 2000000, 0, 1); }, ErrorKind::Data, {"cell A2000001", "out of range"});
    expectError([&] { w.writeDate(ws, 0, 3, 2024, 13, 1); }, ErrorKind::Data, {"cell D1", "not valid"});
    expectError([&] { xlsx::check(LXW_ERROR_SHEETNAME_ALREADY_USED, "adding a sheet", "f.xlsx"); }, ErrorKind::Data,
                {"f.xlsx: adding a sheet: "});
    // a raw libxlsxwriter call that it refuses with a warning on stderr: call() turns it into the error
    std::string longItem(300, 'y');
    const char* items[] = {longItem.c_str(), nullptr};
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = const_cast<char**>(items);
    expectError([&] { w.call([&] { return worksheet_data_validation_cell(ws, 5, 5, &dv); }, "adding the answer list"); },
                ErrorKind::Data, {"x.xlsx: adding the answer list: ", "255"});
    w.close();
    BOOST_TEST(fs::exists(dir.file("x.xlsx")));
    expectError([&] { w.close(); }, ErrorKind::Internal, {"already closed"});
}

BOOST_AUTO_TEST_CASE(missing_folder_is_cant_create) {
    expectError([] { xlsx::Writer w("/nonexistent-folder/form.xlsx"); }, ErrorKind::CantCreate,
                {"/nonexistent-folder/form.xlsx", "does not exist"});
}

BOOST_AUTO_TEST_CASE(a_write_error_at_close_leaves_no_file) {
    // The folder disappears before the workbook is written: workbook_close() fails, close() throws
    // CantCreate and nothing is left.
    test::TempDir dir;
    const std::string sub = dir.file("out");
    fs::create_directory(sub);
    xlsx::Writer w(sub + "/form.xlsx");
    w.writeString(w.addSheet("Audit"), 0, 0, "x");
    fs::remove_all(sub);
    // libxlsxwriter's own explanation is caught (not printed) and added to the error
    expectError([&] { w.close(); }, ErrorKind::CantCreate,
                {"form.xlsx", "writing the workbook failed", "No such file or directory"});
    BOOST_TEST(!fs::exists(sub));
    BOOST_TEST(filesIn(dir.path()) == 0u);
}

BOOST_AUTO_TEST_CASE(without_close_nothing_is_written_and_a_previous_file_is_kept) {
    test::TempDir dir;
    const auto path = dir.file("form.xlsx");
    test::writeText(path, "previous");
    {
        xlsx::Writer w(path);
        w.writeString(w.addSheet("Audit"), 0, 0, "unfinished");
    }
    BOOST_TEST(test::readText(path) == "previous");
    BOOST_TEST(filesIn(dir.path()) == 1u);
}
