// The reader against workbooks made at test time by openpyxl (Debian's 3.0.9 writes inline strings),
// LibreOffice and libxlsxwriter (our writer; both write shared strings), and by hand (Python's zipfile,
// for what those never write: rich inline strings, rows and cells without r=, prefixed namespaces,
// 1904 dates, absolute relationship targets, phonetic runs), and against bad and damaged files.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <functional>

#include "audit/base/error.h"
#include "audit/base/random.h"
#include "audit/io/xlsx_reader.h"
#include "audit/io/xlsx_writer.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace audit;
using xlsx::Cell;
using audit::Random;

namespace {

void python(const std::string& script, const std::vector<std::string>& args) {
    auto r = test::runPython(script, args);
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, "python failed: " << r.err);
}

using audit::test::expectError;

// Python helpers to write an xlsx from XML parts and to copy a zip with changes.
const std::string kCraft = R"(
import sys, zipfile
CT = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'''
ROOT_RELS = '''<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%s"/></Relationships>'''
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
def rels(items):
    body = ''.join('<Relationship Id="%s" Type="%s%s" Target="%s"/>' % (i, REL, t, target) for i, t, target in items)
    return '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + body + '</Relationships>'
def write_parts(path, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, 'w', method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
def simple(path, sheet_xml, sst=None, method=zipfile.ZIP_DEFLATED):
    parts = {'[Content_Types].xml': CT, '_rels/.rels': ROOT_RELS % 'xl/workbook.xml',
             'xl/workbook.xml': '<workbook %s><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS,
             'xl/_rels/workbook.xml.rels': rels([('rId1', 'worksheet', 'worksheets/sheet1.xml')] + ([('rId2', 'sharedStrings', 'sharedStrings.xml')] if sst else [])),
             'xl/worksheets/sheet1.xml': '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, sheet_xml)}
    if sst: parts['xl/sharedStrings.xml'] = '<sst %s>%s</sst>' % (NS, sst)
    write_parts(path, parts, method)
def central_entry(path, data, name):
    """In the bytes `data` of the file `path`: the offset of a part's central directory entry, and its ZipInfo."""
    import struct
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    pos = 0
    while True:
        pos = data.find(b'PK\x01\x02', pos)
        name_len = struct.unpack('<H', data[pos + 28:pos + 30])[0]
        if data[pos + 46:pos + 46 + name_len] == name.encode(): return pos, info
        pos += 4
def copy_zip(src, dst, skip=(), extra=()):
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            if info.filename not in skip:
                b.writestr(info.filename, a.read(info.filename))
        for name, data in extra:
            b.writestr(zipfile.ZipInfo(name), data)
)";

std::vector<std::size_t> rowIndexes(xlsx::Reader& r, const std::string& sheet) {
    std::vector<std::size_t> out;
    r.forEachRow(sheet, [&](std::size_t row, const std::vector<Cell>&) { out.push_back(row); });
    return out;
}

// ---- the openpyxl workbook, read directly and after LibreOffice saved it again --------------

const std::string kOpenpyxl = R"(
import sys, datetime, openpyxl
from openpyxl.workbook.defined_name import DefinedName
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Cases"
ws.append(["case_ref", "team", "open_date", "count", "flag", "note", "err", "ratio"])
ws.append(["C1", "Assessment", datetime.date(2024, 3, 1), 3, True, "   ", "#N/A", 0.1])
ws.append(["C2", "CIN", datetime.datetime(2023, 12, 31, 9, 30), 2.5, False, " lead and trail ", None, 0.5])
ws.append(["C3", "Zoë – café ✓", 45352, -1e21, None, "line1\nline2", None, 7])
ws["C3"].number_format = "dd/mm/yyyy hh:mm"
ws["C4"].number_format = "dd/mm/yyyy"
ws["H3"].number_format = "0.0%"
ws["H4"].number_format = '#,##0.00 "days"'
ws["A10"] = "gap row"
ident = wb.create_sheet("Identity")
ident.sheet_state = "hidden"
ident["A1"] = "form_id"
ident["B1"] = "F-1"
secret = wb.create_sheet("Secret")
secret.sheet_state = "veryHidden"
secret["A1"] = 1
wb.defined_names.append(DefinedName("FormId", attr_text="Identity!$B$1"))
wb.save(sys.argv[1])
)";

void checkCases(xlsx::Reader& r, bool libreoffice) {
    BOOST_REQUIRE(r.sheets().size() == 3u);
    BOOST_TEST(r.sheets()[0].name == "Cases");
    BOOST_TEST((r.sheets()[0].state == xlsx::SheetState::Visible));
    BOOST_TEST(r.sheets()[1].name == "Identity");
    BOOST_TEST((r.sheets()[1].state == xlsx::SheetState::Hidden));
    BOOST_TEST(r.sheets()[2].name == "Secret");
    BOOST_TEST((r.sheets()[2].state != xlsx::SheetState::Visible));
    if (!libreoffice) BOOST_TEST((r.sheets()[2].state == xlsx::SheetState::VeryHidden));

    auto s = r.sheet("Cases");
    BOOST_TEST(s.cell("A1").str() == "case_ref");
    BOOST_TEST((s.cell("C2").type == Cell::Type::Number));
    BOOST_TEST(s.cell("C2").isDate);
    BOOST_TEST(s.cell("C2").str() == "2024-03-01");
    BOOST_TEST(s.cell("C2").number == 45352.0);
    BOOST_TEST(s.cell("C3").str() == "2023-12-31T09:30:00");
    BOOST_TEST(s.cell("C4").str() == "2024-03-01");  // a plain serial with a custom dd/mm/yyyy format
    BOOST_TEST(s.cell("D2").number == 3.0);
    BOOST_TEST(!s.cell("D2").isDate);
    BOOST_TEST(s.cell("D3").str() == "2.5");
    BOOST_TEST(s.cell("D4").str() == "-1e+21");
    BOOST_TEST((s.cell("E2").type == Cell::Type::Boolean));
    BOOST_TEST(s.cell("E2").boolean());
    BOOST_TEST(s.cell("E3").str() == "FALSE");
    BOOST_TEST(s.cell("E4").empty());
    BOOST_TEST(s.cell("F2").text == "   ");
    BOOST_TEST((s.cell("F2").type == Cell::Type::String));
    BOOST_TEST(s.cell("F3").text == " lead and trail ");
    BOOST_TEST(s.cell("F4").text == "line1\nline2");
    BOOST_TEST(s.cell("B4").text == "Zoë – café ✓");
    BOOST_TEST((s.cell("G2").type == Cell::Type::Error));
    BOOST_TEST(s.cell("G2").text == "#N/A");
    BOOST_TEST(s.cell("H2").str() == "0.1");
    BOOST_TEST(s.cell("H3").str() == "0.5");  // a percentage is not a date
    BOOST_TEST(!s.cell("H3").isDate);
    BOOST_TEST(s.cell("H4").str() == "7");  // "days" in quotes is not a date code
    BOOST_TEST(!s.cell("H4").isDate);
    BOOST_TEST(s.cell("A10").text == "gap row");
    BOOST_TEST(s.rowCount() == 10u);
    BOOST_TEST(s.columnCount() == 8u);
    BOOST_TEST(s.cell("Z99").empty());
    BOOST_TEST((rowIndexes(r, "Cases") == std::vector<std::size_t>{0, 1, 2, 3, 9}));
    BOOST_TEST(r.sheet("identity").cell("B1").text == "F-1");  // names match case-insensitively
    bool found = false;
    for (const auto& n : r.definedNames())
        if (n.name == "FormId") {
            found = true;
            BOOST_TEST(n.formula.find("Identity!$B$1") != std::string::npos);
        }
    BOOST_TEST(found);
}

}  // namespace

BOOST_AUTO_TEST_CASE(cell_names) {
    BOOST_TEST(xlsx::columnName(0) == "A");
    BOOST_TEST(xlsx::columnName(25) == "Z");
    BOOST_TEST(xlsx::columnName(26) == "AA");
    BOOST_TEST(xlsx::columnName(701) == "ZZ");
    BOOST_TEST(xlsx::columnName(16383) == "XFD");
    BOOST_TEST(xlsx::cellName(13, 3) == "D14");
    BOOST_TEST((xlsx::parseCellName("D14") == xlsx::CellRef{13, 3}));
    BOOST_TEST((xlsx::parseCellName("$d$14") == xlsx::CellRef{13, 3}));
    BOOST_TEST((xlsx::parseCellName("XFD1048576") == xlsx::CellRef{1048575, 16383}));
    for (const char* bad : {"", "D", "14", "D0", "14D", "XFE1", "A1048577", "D14 ", "ABCD1", "D-1"})
        BOOST_TEST(!xlsx::parseCellName(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(date_serials) {
    using xlsx::DateTime;
    BOOST_TEST((xlsx::serialToDateTime(45352) == DateTime{2024, 3, 1}));
    BOOST_TEST((xlsx::serialToDateTime(1) == DateTime{1900, 1, 1}));
    BOOST_TEST((xlsx::serialToDateTime(59) == DateTime{1900, 2, 28}));
    BOOST_TEST((xlsx::serialToDateTime(61) == DateTime{1900, 3, 1}));
    BOOST_TEST((xlsx::serialToDateTime(45352.5) == DateTime{2024, 3, 1, 12, 0, 0}));
    BOOST_TEST((xlsx::serialToDateTime(45291.0 + 9.5 / 24) == DateTime{2023, 12, 31, 9, 30, 0}));
    for (double s : {1.0, 59.0, 61.0, 45352.0, 2958465.0}) BOOST_TEST(xlsx::dateTimeToSerial(xlsx::serialToDateTime(s)) == s);
    BOOST_TEST(xlsx::isoDate(DateTime{2024, 3, 1, 9, 5, 7}) == "2024-03-01T09:05:07");
    expectError([] { xlsx::serialToDateTime(-1); }, ErrorKind::Data, {"outside Excel's calendar"});
    expectError([] { xlsx::serialToDateTime(3e6); }, ErrorKind::Data, {"outside Excel's calendar"});
}

BOOST_AUTO_TEST_CASE(cell_text) {
    auto num = [](double v) {
        Cell c;
        c.type = Cell::Type::Number;
        c.number = v;
        return c.str();
    };
    BOOST_TEST(num(3) == "3");
    BOOST_TEST(num(-2.5) == "-2.5");
    BOOST_TEST(num(0.1 + 0.2) == "0.3");
    BOOST_TEST(num(1.0 / 3) == "0.333333333333333");
    BOOST_TEST(num(123456789012345.0) == "123456789012345");
    BOOST_TEST(num(1e21) == "1e+21");
    Cell d;
    d.type = Cell::Type::Number;
    d.number = 45352.75;
    d.isDate = true;
    BOOST_TEST(d.str() == "2024-03-01T18:00:00");
    BOOST_TEST(d.date().has_value());
    BOOST_TEST(!Cell{}.date().has_value());
    BOOST_TEST(Cell{}.str() == "");
}

BOOST_AUTO_TEST_CASE(openpyxl_workbook) {
    test::TempDir dir;
    const auto path = dir.file("openpyxl.xlsx");
    python(kOpenpyxl, {path});
    xlsx::Reader r(path);
    checkCases(r, false);
}

// A workbook's bytes read by the caller (who hashed them: audit-score import) are parsed without the file: the
// path only names it in messages.
BOOST_AUTO_TEST_CASE(a_workbook_given_as_bytes_needs_no_file) {
    test::TempDir dir;
    const auto path = dir.file("openpyxl.xlsx");
    python(kOpenpyxl, {path});
    const std::string bytes = test::readText(path);
    fs::remove(path);
    xlsx::Reader r(dir.file("returned.xlsx"), bytes);
    checkCases(r, false);
    expectError([&] { xlsx::Reader cut(dir.file("returned.xlsx"), bytes.substr(0, bytes.size() * 2 / 3)); },
                ErrorKind::Data, {"returned.xlsx", "truncated"});
    expectError([&] { xlsx::Reader empty(dir.file("returned.xlsx"), std::string()); }, ErrorKind::Data,
                {"returned.xlsx: the file is empty"});
}

// The same workbooks read part by part from the disk and streamed through the sliding buffer (what a file over
// ReaderLimits::wholeFileBytes, or a part over wholePartBytes, gets): the same cells, the same damage found.
BOOST_AUTO_TEST_CASE(read_whole_or_part_by_part_gives_the_same) {
    test::TempDir dir;
    const auto path = dir.file("openpyxl.xlsx");
    python(kOpenpyxl, {path});
    xlsx::ReaderLimits fromDisk;
    fromDisk.wholeFileBytes = 0;
    fromDisk.wholePartBytes = 0;
    xlsx::Reader r(path, fromDisk);
    checkCases(r, false);
    const auto big = dir.file("big.xlsx");
    {
        xlsx::Writer w(big);
        lxw_worksheet* ws = w.addSheet("Cases");
        for (std::size_t row = 0; row < 20000; ++row) w.writeString(ws, row, 0, "C" + std::to_string(row) + std::string(20, 'x'));
        w.close();
    }
    std::size_t whole = 0, streamed = 0;
    xlsx::Reader(big).forEachRow("Cases", [&](std::size_t, const std::vector<Cell>& c) { whole += c[0].text.size(); });
    xlsx::Reader(big, fromDisk).forEachRow("Cases", [&](std::size_t, const std::vector<Cell>& c) { streamed += c[0].text.size(); });
    BOOST_TEST(whole == streamed);
    BOOST_TEST(whole > 400000u);  // more than a few blocks of the sliding buffer
    const auto stored = dir.file("stored.xlsx");
    python(kCraft + "simple(sys.argv[1], '<row r=\"1\"><c r=\"A1\"><v>12345</v></c></row>', method=zipfile.ZIP_STORED)", {stored});
    std::string s = test::readText(stored);
    s[s.find("12345")] = '9';
    test::writeText(stored, s);
    xlsx::Reader damaged(stored, fromDisk);
    expectError([&] { damaged.sheet("Data"); }, ErrorKind::Data, {"stored.xlsx", "xl/worksheets/sheet1.xml", "CRC-32"});
}

BOOST_AUTO_TEST_CASE(libreoffice_workbook) {
    test::TempDir dir, out;
    const auto path = dir.file("cases.xlsx");
    python(kOpenpyxl, {path});
    auto res = test::libreofficeConvert(path, "xlsx:Calc MS Excel 2007 XML", out.path());
    BOOST_REQUIRE_MESSAGE(res.exitCode == 0 && fs::exists(out.file("cases.xlsx")), res.err << res.out);
    xlsx::Reader r(out.file("cases.xlsx"));
    checkCases(r, true);
}

BOOST_AUTO_TEST_CASE(libreoffice_csv_import) {
    test::TempDir dir, out;
    const auto path = dir.file("list.csv");
    test::writeText(path, "case_ref,open_date,count,note\nC1,2024-03-01,3,first\nC2,2024-12-25,4.5,\"a, b\"\n");
    auto res = test::libreofficeConvert(path, "xlsx:Calc MS Excel 2007 XML", out.path());
    BOOST_REQUIRE_MESSAGE(res.exitCode == 0 && fs::exists(out.file("list.xlsx")), res.err << res.out);
    xlsx::Reader r(out.file("list.xlsx"));
    std::vector<std::string> lines;
    r.forEachRow(r.sheets().at(0).name, [&](std::size_t row, const std::vector<Cell>& cells) {
        std::string line = std::to_string(row) + ":";
        for (const auto& c : cells) line += c.str() + "|";
        lines.push_back(line);
    });
    BOOST_TEST((lines == std::vector<std::string>{"0:case_ref|open_date|count|note|", "1:C1|2024-03-01|3|first|",
                                                  "2:C2|2024-12-25|4.5|a, b|"}));
}

BOOST_AUTO_TEST_CASE(libxlsxwriter_rich_text_and_its_libreoffice_copy) {
    test::TempDir dir, out;
    const auto path = dir.file("rich.xlsx");
    {
        xlsx::Writer w(path);
        lxw_worksheet* ws = w.addSheet("Notes");
        lxw_rich_string_tuple bold{w.format("bold"), const_cast<char*>("Bold")};
        lxw_rich_string_tuple plain{nullptr, const_cast<char*>(" and plain")};
        lxw_rich_string_tuple* runs[] = {&bold, &plain, nullptr};
        w.check(worksheet_write_rich_string(ws, 0, 0, runs, nullptr), "writing rich text");
        w.writeString(ws, 0, 1, " ");
        w.writeNumber(ws, 1, 0, 12345.678);
        w.writeDate(ws, 1, 1, 2024, 2, 29);
        w.writeFormula(ws, 1, 2, "=A2*2", 24691.356);
        w.writeFormula(ws, 1, 3, "=\"x\"&B1", std::string("x "));
        w.close();
    }
    auto check = [](const std::string& file, bool libreoffice) {
        xlsx::Reader r(file);
        auto s = r.sheet("Notes");
        BOOST_TEST(s.cell("A1").text == "Bold and plain");
        BOOST_TEST(s.cell("B1").text == " ");
        BOOST_TEST(s.cell("A2").number == 12345.678);
        BOOST_TEST(s.cell("B2").str() == "2024-02-29");
        BOOST_TEST(s.cell("C2").number == 24691.356);
        // LibreOffice recalculates on loading and saves the result as "x" (its own trimming)
        BOOST_TEST(s.cell("D2").text == (libreoffice ? "x" : "x "));
    };
    check(path, false);
    auto res = test::libreofficeConvert(path, "xlsx:Calc MS Excel 2007 XML", out.path());
    BOOST_REQUIRE_MESSAGE(res.exitCode == 0 && fs::exists(out.file("rich.xlsx")), res.err << res.out);
    check(out.file("rich.xlsx"), true);
}

BOOST_AUTO_TEST_CASE(hand_made_parts) {
    test::TempDir dir;
    const auto path = dir.file("hand.xlsx");
    python(kCraft + R"(
wb = '<workbook %s><workbookPr date1904="1"/><sheets><sheet name="Data" sheetId="1" r:id="rId1"/><sheet name="Prefixed" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Deep" sheetId="3" state="veryHidden" r:id="rId3"/></sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Data!$A$1:$C$3</definedName></definedNames></workbook>' % NS
wbrels = rels([('rId1', 'worksheet', '/xl/worksheets/sheet1.xml'), ('rId2', 'worksheet', 'worksheets/sheet2.xml'),
               ('rId3', 'worksheet', './worksheets/../worksheets/sheet3.xml'), ('rId4', 'sharedStrings', '/xl/sharedStrings.xml'),
               ('rId5', 'styles', 'styles.xml')])
sst = '''<sst %s count="4" uniqueCount="4"><si><t xml:space="preserve"> </t></si><si><r><t>Bold</t></r><r><rPr><b/></rPr><t xml:space="preserve"> and plain</t></r><rPh sb="0" eb="1"><t>furigana</t></rPh></si><si><t>line1_x000D_&#10;line2</t></si><si><t/></si></sst>''' % NS
styles = '''<styleSheet %s><numFmts count="1"><numFmt numFmtId="164" formatCode="d\\-mmm\\-yy"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs></styleSheet>''' % NS
sheet1 = '''<?xml version="1.0" encoding="UTF-8"?>
<worksheet %s><dimension ref="A1:H7"/><sheetData>
<row><c t="inlineStr"><is><t>inline</t></is></c><c t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>inline</t></r></is></c><c><v>42</v></c></row>
<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>
<row r="5"><c r="B5" t="str"><f>A1&amp;"x"</f><v>inlinex</v></c><c t="b"><v>1</v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F5" s="1"><v>0</v></c><c s="2"><v>1</v></c><c s="3"><v>0.25</v></c></row>
<row><c><v>1.5E+3</v></c><c t="inlineStr"><is><t xml:space="preserve">  </t></is></c><c s="1"/></row>
<!-- a comment --><row spans="1:2"><c t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c><c t="inlineStr"><is><t>&#x2713; &amp; &lt;ok&gt; &quot;q&quot;</t></is></c></row>
<row r="9"/>
</sheetData></worksheet>''' % NS
sheet2 = '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="C2"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>'
sheet3 = '<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>deep</t></is></c></row></sheetData></worksheet>' % NS
write_parts(sys.argv[1], {'[Content_Types].xml': CT, '_rels/.rels': ROOT_RELS % '/xl/workbook.xml', 'xl/workbook.xml': wb,
    'xl/_rels/workbook.xml.rels': wbrels, 'xl/sharedStrings.xml': sst, 'xl/styles.xml': styles,
    'xl/worksheets/sheet1.xml': sheet1, 'xl/worksheets/sheet2.xml': sheet2, 'xl/worksheets/sheet3.xml': sheet3})
)",
           {path});
    xlsx::Reader r(path);
    BOOST_TEST(r.date1904());
    BOOST_REQUIRE(r.sheets().size() == 3u);
    BOOST_TEST(r.sheets()[0].part == "xl/worksheets/sheet1.xml");
    BOOST_TEST(r.sheets()[2].part == "xl/worksheets/sheet3.xml");
    BOOST_TEST((r.sheets()[1].state == xlsx::SheetState::Hidden));
    BOOST_TEST((r.sheets()[2].state == xlsx::SheetState::VeryHidden));
    BOOST_REQUIRE(r.definedNames().size() == 1u);
    BOOST_TEST(r.definedNames()[0].localSheet.value_or(99) == 0u);
    BOOST_TEST(r.definedNames()[0].formula == "Data!$A$1:$C$3");

    auto s = r.sheet("Data");
    BOOST_TEST(s.cell("A1").text == "inline");
    BOOST_TEST(s.cell("B1").text == "rich inline");
    BOOST_TEST(s.cell("C1").number == 42.0);
    BOOST_TEST(s.cell("A2").text == " ");
    BOOST_TEST(s.cell("B2").text == "Bold and plain");  // runs joined, phonetic run left out
    BOOST_TEST(s.cell("C2").text == "line1\r\nline2");
    BOOST_TEST((s.cell("D2").type == Cell::Type::String));
    BOOST_TEST(s.cell("D2").text == "");
    BOOST_TEST(s.cell("A5").empty());
    BOOST_TEST(s.cell("B5").text == "inlinex");
    BOOST_TEST(s.cell("C5").boolean());
    BOOST_TEST((s.cell("D5").type == Cell::Type::Error));
    BOOST_TEST(s.cell("D5").str() == "#DIV/0!");
    BOOST_TEST(s.cell("F5").str() == "1904-01-01");  // 1904 system: serial 0
    BOOST_TEST(s.cell("F5").number == 1462.0);       // converted to the 1900 system
    BOOST_TEST(s.cell("G5").str() == "1904-01-02");  // custom d-mmm-yy format
    BOOST_TEST(s.cell("H5").str() == "0.25");        // 0.00%: not a date
    BOOST_TEST(s.cell("A6").number == 1500.0);
    BOOST_TEST(s.cell("B6").text == "  ");
    BOOST_TEST(s.cell("C6").empty());
    BOOST_TEST(s.cell("A7").text == "a<b");
    BOOST_TEST(s.cell("B7").text == "✓ & <ok> \"q\"");
    BOOST_TEST((rowIndexes(r, "Data") == std::vector<std::size_t>{0, 1, 4, 5, 6}));
    BOOST_TEST(r.sheet("Prefixed").cell("C2").number == 7.0);
    BOOST_TEST(r.sheet("Deep").cell("A1").text == "deep");
}

BOOST_AUTO_TEST_CASE(stream_rows_and_stop_early) {
    test::TempDir dir;
    const auto path = dir.file("big.xlsx");
    {
        xlsx::Writer w(path);
        lxw_worksheet* ws = w.addSheet("Cases");
        for (std::size_t row = 0; row < 3000; ++row) {
            w.writeString(ws, row, 0, "C" + std::to_string(row));
            w.writeNumber(ws, row, 2, static_cast<double>(row) / 4);
        }
        w.close();
    }
    xlsx::Reader r(path);
    std::size_t n = 0;
    double sum = 0;
    r.forEachRow("Cases", [&](std::size_t row, const std::vector<Cell>& cells) {
        BOOST_REQUIRE(cells.size() == 3u);
        if (cells[0].text != "C" + std::to_string(row)) BOOST_FAIL("row " << row << ": " << cells[0].text);
        BOOST_REQUIRE(cells[1].empty());
        sum += cells[2].number;
        ++n;
    });
    BOOST_TEST(n == 3000u);
    BOOST_TEST(sum == 2999.0 * 3000 / 2 / 4);
    auto rows = r.rows("Cases");
    BOOST_REQUIRE(rows.next());
    BOOST_TEST(rows.index() == 0u);
    BOOST_REQUIRE(rows.next());
    BOOST_TEST(rows.cells()[0].text == "C1");
}

// ---- bad files -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(missing_file_and_folder) {
    test::TempDir dir;
    expectError([&] { xlsx::Reader r(dir.file("none.xlsx")); }, ErrorKind::NoInput, {"none.xlsx: no such file"});
    expectError([&] { xlsx::Reader r(dir.path()); }, ErrorKind::NoInput, {"is a folder"});
}

BOOST_AUTO_TEST_CASE(not_a_zip) {
    test::TempDir dir;
    test::writeText(dir.file("list.xlsx"), "case_ref,team\nC1,CIN\n");
    expectError([&] { xlsx::Reader r(dir.file("list.xlsx")); }, ErrorKind::Data,
                {"list.xlsx: is not an .xlsx workbook: it is not a zip file"});
    test::writeText(dir.file("empty.xlsx"), "");
    expectError([&] { xlsx::Reader r(dir.file("empty.xlsx")); }, ErrorKind::Data, {"empty.xlsx: the file is empty"});
    test::writeText(dir.file("locked.xlsx"), std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'));
    expectError([&] { xlsx::Reader r(dir.file("locked.xlsx")); }, ErrorKind::Data, {"Excel 97-2003 workbook (.xls)", "save it as Excel Workbook (.xlsx)"});
    // An encrypted workbook is an OLE file with an EncryptedPackage stream (its name in UTF-16).
    test::writeText(dir.file("locked.xlsx"), std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0') +
                                                 std::string("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32));
    expectError([&] { xlsx::Reader r(dir.file("locked.xlsx")); }, ErrorKind::Data, {"password-protected", "remove the password"});
}

BOOST_AUTO_TEST_CASE(truncated_and_damaged) {
    test::TempDir dir;
    const auto good = dir.file("good.xlsx");
    python(kOpenpyxl, {good});
    const std::string bytes = test::readText(good);
    test::writeText(dir.file("cut.xlsx"), bytes.substr(0, bytes.size() * 2 / 3));
    expectError([&] { xlsx::Reader r(dir.file("cut.xlsx")); }, ErrorKind::Data, {"cut.xlsx", "truncated"});
    // a stored (uncompressed) sheet with one byte changed: the CRC catches it
    const auto stored = dir.file("stored.xlsx");
    python(kCraft + "simple(sys.argv[1], '<row r=\"1\"><c r=\"A1\"><v>12345</v></c></row>', method=zipfile.ZIP_STORED)", {stored});
    std::string s = test::readText(stored);
    auto at = s.find("12345");
    BOOST_REQUIRE(at != std::string::npos);
    s[at] = '9';
    test::writeText(stored, s);
    xlsx::Reader r(stored);
    expectError([&] { r.sheet("Data"); }, ErrorKind::Data, {"stored.xlsx", "xl/worksheets/sheet1.xml", "CRC-32"});
}

BOOST_AUTO_TEST_CASE(missing_parts) {
    test::TempDir dir;
    const auto good = dir.file("good.xlsx");
    python(kOpenpyxl, {good});
    python(kCraft + R"(
copy_zip(sys.argv[1], sys.argv[2], skip=['[Content_Types].xml'])
copy_zip(sys.argv[1], sys.argv[3], skip=['xl/workbook.xml'])
copy_zip(sys.argv[1], sys.argv[4], skip=['xl/worksheets/sheet2.xml'])
)",
           {good, dir.file("noct.xlsx"), dir.file("nowb.xlsx"), dir.file("nosheet.xlsx")});
    expectError([&] { xlsx::Reader r(dir.file("noct.xlsx")); }, ErrorKind::Data, {"noct.xlsx", "[Content_Types].xml is missing"});
    expectError([&] { xlsx::Reader r(dir.file("nowb.xlsx")); }, ErrorKind::Data, {"nowb.xlsx", "'xl/workbook.xml' is missing"});
    expectError([&] { xlsx::Reader r(dir.file("nosheet.xlsx")); }, ErrorKind::Data,
                {"nosheet.xlsx: sheet 'Identity': its part 'xl/worksheets/sheet2.xml' is missing"});
    xlsx::Reader r(good);
    expectError([&] { r.sheet("Audit"); }, ErrorKind::Data, {"no sheet named 'Audit'", "'Cases', 'Identity', 'Secret'"});
}

BOOST_AUTO_TEST_CASE(unsafe_entry_names) {
    test::TempDir dir;
    const auto good = dir.file("good.xlsx");
    python(kOpenpyxl, {good});
    python(kCraft + R"(
copy_zip(sys.argv[1], sys.argv[2], extra=[('../../evil.sh', 'echo')])
copy_zip(sys.argv[1], sys.argv[3], extra=[('/etc/evil', 'x')])
copy_zip(sys.argv[1], sys.argv[4], extra=[('xl/../../evil', 'x')])
)",
           {good, dir.file("dotdot.xlsx"), dir.file("abs.xlsx"), dir.file("inner.xlsx")});
    expectError([&] { xlsx::Reader r(dir.file("dotdot.xlsx")); }, ErrorKind::Data, {"dotdot.xlsx", "'../../evil.sh' has a '..' path"});
    expectError([&] { xlsx::Reader r(dir.file("abs.xlsx")); }, ErrorKind::Data, {"abs.xlsx", "'/etc/evil' has an absolute path"});
    expectError([&] { xlsx::Reader r(dir.file("inner.xlsx")); }, ErrorKind::Data, {"'xl/../../evil' has a '..' path"});
}

BOOST_AUTO_TEST_CASE(zip_bombs) {
    test::TempDir dir;
    const auto good = dir.file("good.xlsx");
    python(kOpenpyxl, {good});
    // 200 MiB of zeros deflates to about 200 KiB: a ratio of about 1000
    python(kCraft + R"(
import shutil
shutil.copy(sys.argv[1], sys.argv[2])
with zipfile.ZipFile(sys.argv[2], 'a', zipfile.ZIP_DEFLATED) as z:
    with z.open('xl/media/image1.bin', 'w') as f:
        block = bytes(1 << 20)
        for _ in range(200): f.write(block)
)",
           {good, dir.file("bomb.xlsx")});
    BOOST_TEST(fs::file_size(dir.file("bomb.xlsx")) < 2'000'000u);
    expectError([&] { xlsx::Reader r(dir.file("bomb.xlsx")); }, ErrorKind::Data,
                {"bomb.xlsx", "'xl/media/image1.bin' would inflate", "times its compressed size", "zip bomb"});
    // per-entry and total caps
    xlsx::ReaderLimits small;
    small.maxEntryBytes = 500;
    expectError([&] { xlsx::Reader r(good, small); }, ErrorKind::Data, {"more than the limit of", "zip bomb"});
    xlsx::ReaderLimits total;
    total.maxTotalBytes = 2000;
    expectError([&] { xlsx::Reader r(good, total); }, ErrorKind::Data, {"in all", "zip bomb"});
    // an entry that lies about its size: it inflates past what it declared
    const auto liar = dir.file("liar.xlsx");
    python(kCraft + R"(
import struct
simple(sys.argv[1], '<row r="1"><c r="A1"><v>1</v></c></row>' * 200)
data = bytearray(open(sys.argv[1], 'rb').read())
pos, info = central_entry(sys.argv[1], data, 'xl/worksheets/sheet1.xml')
struct.pack_into('<I', data, pos + 24, 100)
struct.pack_into('<I', data, info.header_offset + 22, 100)
open(sys.argv[1], 'wb').write(data)
)",
           {liar});
    xlsx::Reader r(liar);
    expectError([&] { r.sheet("Data"); }, ErrorKind::Data, {"liar.xlsx", "inflates past its declared size of 100 bytes"});
}

// A deflated part read whole is inflated by libdeflate; when its bytes do not match the declared CRC, zlib reads it
// again and says what is wrong, as it did before: the same message either way.
BOOST_AUTO_TEST_CASE(a_deflated_part_with_a_wrong_crc_is_refused_read_whole_or_streamed) {
    test::TempDir dir;
    const auto bad = dir.file("badcrc.xlsx");
    python(kCraft + R"(
import struct
simple(sys.argv[1], '<row r="1"><c r="A1"><v>1</v></c></row>' * 200)
data = bytearray(open(sys.argv[1], 'rb').read())
pos, info = central_entry(sys.argv[1], data, 'xl/worksheets/sheet1.xml')
struct.pack_into('<I', data, pos + 16, info.CRC ^ 1)
struct.pack_into('<I', data, info.header_offset + 14, info.CRC ^ 1)
open(sys.argv[1], 'wb').write(data)
)",
           {bad});
    xlsx::Reader whole(bad);
    expectError([&] { whole.sheet("Data"); }, ErrorKind::Data, {"badcrc.xlsx", "xl/worksheets/sheet1.xml", "CRC-32"});
    xlsx::ReaderLimits fromDisk;
    fromDisk.wholeFileBytes = 0;
    fromDisk.wholePartBytes = 0;
    xlsx::Reader streamed(bad, fromDisk);
    expectError([&] { streamed.sheet("Data"); }, ErrorKind::Data, {"badcrc.xlsx", "xl/worksheets/sheet1.xml", "CRC-32"});
}

BOOST_AUTO_TEST_CASE(bad_cells_name_the_place) {
    test::TempDir dir;
    python(kCraft + R"(
simple(sys.argv[1], '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>5</v></c></row>', sst='<si><t>only</t></si>')
simple(sys.argv[2], '<row r="3"><c r="C3"><v>twelve</v></c></row>')
simple(sys.argv[3], '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2')
)",
           {dir.file("sst.xlsx"), dir.file("num.xlsx"), dir.file("cut.xlsx")});
    xlsx::Reader a(dir.file("sst.xlsx"));
    expectError([&] { a.sheet("Data"); }, ErrorKind::Data, {"sst.xlsx: sheet 'Data', cell B1: shared string '5' does not exist"});
    xlsx::Reader b(dir.file("num.xlsx"));
    expectError([&] { b.sheet("Data"); }, ErrorKind::Data, {"num.xlsx: sheet 'Data', cell C3: 'twelve' is not a number"});
    xlsx::Reader c(dir.file("cut.xlsx"));
    expectError([&] { c.sheet("Data"); }, ErrorKind::Data, {"cut.xlsx: part xl/worksheets/sheet1.xml: malformed XML"});
}

// Random damage anywhere in a workbook (zip structures, compressed data, stored XML) must give an
// audit::Error or a successful read: never another exception, a crash or a hang.
BOOST_AUTO_TEST_CASE(damaged_bytes_give_errors_not_crashes) {
    test::TempDir dir;
    const auto deflated = dir.file("deflated.xlsx"), stored = dir.file("stored.xlsx");
    python(kOpenpyxl, {deflated});
    python(kCraft + R"(
simple(sys.argv[1], '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c><c t="inlineStr"><is><t>x &amp; y</t></is></c></row><row><c t="b"><v>1</v></c></row>',
       sst='<si><r><t>a</t></r><r><t xml:space="preserve"> b</t></r></si>', method=zipfile.ZIP_STORED)
)",
           {stored});
    Random rng(20261123);
    std::size_t errors = 0, reads = 0;
    for (const auto& src : {deflated, stored}) {
        const std::string original = test::readText(src);
        for (int round = 0; round < 150; ++round) {
            std::string bytes = original;
            const auto flips = 1 + rng.below(4);
            for (std::uint64_t k = 0; k < flips; ++k)
                bytes[rng.below(bytes.size())] = static_cast<char>(rng.below(256));
            const auto path = dir.file("damaged.xlsx");
            test::writeText(path, bytes);
            try {
                xlsx::Reader r(path);
                for (const auto& s : r.sheets()) r.sheet(s.name);
                ++reads;
            } catch (const Error& e) {
                ++errors;
                BOOST_TEST(std::string(e.what()).find("damaged.xlsx") != std::string::npos, e.what());
            }
        }
    }
    BOOST_TEST(errors > 100u);  // most damage is detected (CRC, structure, XML)
    BOOST_TEST_MESSAGE("damaged workbooks: " << errors << " errors, " << reads << " read");
}
