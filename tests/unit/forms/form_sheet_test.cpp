// The shared form sheet (tools/core/src/form_sheet.h, internal to the core): what audit and moderation forms
// both rely on - atomic, byte-identical workbooks, the house formats, dropdowns that refuse other values, grade
// colours and the hidden identity sheet.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/forms/form_sheet.h"
#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "audit/io/xlsx_reader.h"
#include "test_support.h"

using namespace audit;
using audit::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const Framework& ofsted() {
    static const Catalogue c = Catalogue::load(audit::test::sourceDir());
    return *c.framework("ofsted-four-point");
}

void write(const std::string& path) {
    formsheet::FormBook book(path, "A form", "test");
    lxw_worksheet* ws = book.addSheet("Sheet");
    lxw_worksheet* id = book.addSheet("Form");
    book.houseFormats();
    book.str(ws, 0, 0, "Case", "caseLabel");
    book.str(ws, 0, 1, "", "grade");
    book.listValidation(ws, 0, 1, 0, 1, ofsted().gradeLabels(), "a grade");
    book.dateValidation(ws, 1, 1);
    book.gradeColours(ws, "B1 B3:B4", ofsted());
    book.keyValueSheet(id, {{"kind", "test"}, {"cell", "B1"}, {"blank", ""}});
    book.close();
}

}  // namespace

BOOST_AUTO_TEST_CASE(helpers) {
    BOOST_TEST(formsheet::quoteText("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(formsheet::isoDate("2026-03-14").has_value());
    BOOST_TEST(formsheet::isoDate("2026-03-14").value().day == 14);
    BOOST_TEST(!formsheet::isoDate("14/03/2026").has_value());
    BOOST_TEST(!formsheet::isoDate("2026-13-01").has_value());
    BOOST_TEST(formsheet::linesFor("", 10, 1) == 1);
    BOOST_TEST(formsheet::linesFor("aaaa bbbb cccc", 10, 1) == 2);  // 10 characters a line
    BOOST_TEST(formsheet::linesFor("a\nb\nc", 10, 1) == 3);
}

BOOST_AUTO_TEST_CASE(a_form_book_is_written_whole_and_the_same_every_time) {
    TempDir dir;
    write(dir.file("a.xlsx"));
    write(dir.file("b.xlsx"));
    BOOST_TEST((bytes(dir.file("a.xlsx")) == bytes(dir.file("b.xlsx"))));
    xlsx::Reader r(dir.file("a.xlsx"));
    BOOST_REQUIRE(r.findSheet("Form"));
    BOOST_TEST((r.findSheet("Form")->state == xlsx::SheetState::Hidden));
    const auto id = r.sheet("Form");
    BOOST_TEST(id.cell("A1").str() == "key");
    BOOST_TEST(id.cell("A2").str() == "kind");
    BOOST_TEST(id.cell("B3").str() == "B1");
    BOOST_TEST(id.cell("B4").empty());
    BOOST_TEST(r.sheet("Sheet").cell("A1").str() == "Case");
    // the dropdown, the protection and the grade colours, as openpyxl sees them
    auto py = audit::test::runPython(R"PY(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Sheet"]
lists = [v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"]
print(lists[0], ws["B1"].protection.locked, ws["A1"].protection.locked, wb["Form"].protection.sheet)
print(len(ws.conditional_formatting._cf_rules[list(ws.conditional_formatting._cf_rules)[0]]))
)PY",
                                     {dir.file("a.xlsx")});
    BOOST_REQUIRE_MESSAGE(py.exitCode == 0, py.err);
    BOOST_TEST(py.out == "\"Outstanding,Good,Requires improvement,Inadequate\" False True True\n4\n");
}

BOOST_AUTO_TEST_CASE(a_book_not_closed_leaves_no_file_and_a_bad_folder_is_an_error) {
    TempDir dir;
    {
        formsheet::FormBook book(dir.file("x.xlsx"), "t", "test");
        book.addSheet("S");
    }
    BOOST_TEST(!fs::exists(dir.file("x.xlsx")));
    BOOST_TEST(fs::is_empty(dir.path()));
    try {
        formsheet::FormBook book(dir.file("missing/x.xlsx"), "t", "test");
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST((e.kind() == ErrorKind::CantCreate));
    }
}
