// Prior audits read through the history map: header variants, title rows, every bad row with its cell.
#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/sampling/audit_history.h"
#include "test_support.h"

using namespace audit;

namespace {
HistoryReadOptions opts() {
    HistoryReadOptions o;
    o.latest = *parseDate("2026-12-01");
    return o;
}
}  // namespace

BOOST_AUTO_TEST_CASE(header_variants_title_row_and_dates) {
    test::TempDir dir;
    const ColumnMap map = ColumnMap::load("history");
    BOOST_TEST(static_cast<int>(map.layout()) == static_cast<int>(MapLayout::History));
    test::writeText(dir.file("h.csv"), "Audits done in 2025-26\n\nChild Unique ID,Date of Audit,Audit Type\n"
                                       "CH1,25/03/2026,CIN / CP audit\nCH2,2026-01-10,\nCH1,46000,Thematic\n");
    HistoryReadOptions o = opts();
    const auto h = readAuditHistory(dir.file("h.csv"), map, o);
    BOOST_TEST(h.headerRow == 3u);
    BOOST_TEST(h.childColumn == "Child Unique ID");
    BOOST_TEST(h.caseColumn.empty());
    BOOST_TEST(h.dateColumn == "Date of Audit");
    BOOST_TEST(h.templateColumn == "Audit Type");
    BOOST_REQUIRE(h.audits.size() == 3u);
    BOOST_TEST(h.audits[0].childRef == "CH1");
    BOOST_TEST(h.audits[0].date.iso() == "2026-03-25");
    BOOST_TEST(h.audits[0].templateId == "CIN / CP audit");
    BOOST_TEST(h.audits[1].templateId.empty());
    BOOST_TEST(h.audits[2].date.iso() == "2025-12-09");  // Excel serial 46000 (the map allows serials)
    BOOST_TEST(h.audits[2].row == 6u);
    bool title = false, serial = false;
    for (const auto& w : h.warnings) {
        title = title || w.message.find("the header is in line 3") != std::string::npos;
        serial = serial || w.message.find("1 dates read as Excel serial numbers") != std::string::npos;
    }
    BOOST_TEST(title);
    BOOST_TEST(serial);
    // A case list map is not a history map; the history map is not a case list map.
    test::expectError([&] { readAuditHistory(dir.file("h.csv"), ColumnMap::load("generic"), o); }, ErrorKind::Usage, {"not a history map"});
    test::expectError([&] { CaseList::load(dir.file("h.csv"), map); }, ErrorKind::Usage, {"describes prior audits"});
}

BOOST_AUTO_TEST_CASE(every_bad_row_is_refused_with_its_cell) {
    test::TempDir dir;
    const ColumnMap map = ColumnMap::load("history");
    test::writeText(dir.file("bad.csv"), "Case ID,Audit Date\nC1,01/02/2026\n,03/02/2026\nC3,31/02/2026\nC4,#N/A\n"
                                         "#REF!,04/02/2026\nC6,\nC7,05/12/2026\n");
    test::expectError([&] { readAuditHistory(dir.file("bad.csv"), map, opts()); }, ErrorKind::Data,
                      {"line 3, column 1 ('Case ID'): no id", "line 4, column 2 ('Audit Date')", "line 5, column 2 ('Audit Date'): an error cell (#N/A)",
                       "line 6, column 1 ('Case ID'): an error cell (#REF!)", "line 7, column 2 ('Audit Date'): no audit date",
                       "line 8, column 2 ('Audit Date'): audit date 2026-12-05 is after 2026-12-01"});
    // No header naming an id and a date in the first 20 rows.
    test::writeText(dir.file("none.csv"), "Reference,When\nC1,01/02/2026\n");
    test::expectError([&] { readAuditHistory(dir.file("none.csv"), map, opts()); }, ErrorKind::Data, {"no header row", "'audit_date'", "'Child ID'"});
    test::expectError([&] { readAuditHistory(dir.file("missing.csv"), map, opts()); }, ErrorKind::NoInput, {"no such file"});
}

BOOST_AUTO_TEST_CASE(a_worksheet_saved_by_openpyxl_with_date_cells) {
    test::TempDir dir;
    const auto r = test::runPython(R"PY(
import sys, datetime
from openpyxl import Workbook
wb = Workbook(); ws = wb.active; ws.title = "Prior audits"
ws.append(["Case Reference", "Audit Completed", "Audit Template"])
ws.append(["C1", datetime.date(2026, 3, 25), "cin-cp"])
ws.append(["C2", "14/07/2025", "cla"])
wb.save(sys.argv[1])
)PY", {dir.file("h.xlsx")});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    const auto h = readAuditHistory(dir.file("h.xlsx"), ColumnMap::load("history"), opts());
    BOOST_TEST(h.sheet == "Prior audits");
    BOOST_REQUIRE(h.audits.size() == 2u);
    BOOST_TEST(h.audits[0].caseRef == "C1");
    BOOST_TEST(h.audits[0].date.iso() == "2026-03-25");
    BOOST_TEST(h.audits[1].date.iso() == "2025-07-14");
    BOOST_TEST(h.audits[1].row == 3u);
}
