// The partnership workbook and the actions tracker, from a store filled with synthetic audits
// (tests/support/fill_report_store.py) and the demo KPIs and self-assessments.
#include <boost/test/unit_test.hpp>

#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "audit/demo/demo_partnership.h"
#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "audit/base/paths.h"
#include "audit/report/report_store.h"
#include "audit/report/report_workbook.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;
using namespace audit::report;
using audit::test::TempDir;

namespace {

// A store with six months of audits, KPIs and self-assessments imported.
struct Fixture {
    TempDir dir;
    std::string db = dir.file("audit.db");
    ReportDefinition def = loadReportDefinition(reportDefinitionPath("lscb"));
    Fixture() {
        { Store s(db); }
        auto r = test::runCommand("/usr/bin/python3 " + test::shellQuote(test::sourceDir() + "/tests/support/fill_report_store.py") +
                                  " " + test::shellQuote(db) +
                                  " --months 2025-10,2025-11,2025-12,2026-01,2026-02,2026-03 --audits-per-month 40 --seed 7");
        BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
        test::writeText(dir.file("kpis.csv"), kpisToCsv(demoKpis(7, "2025-10", 6)));
        test::writeText(dir.file("s11.csv"), selfAssessmentsToCsv(demoSelfAssessments(7, "2025-26")));
        Store s(db);
        importKpis(s, dir.file("kpis.csv"), def);
        importSelfAssessments(s, dir.file("s11.csv"), def);
    }
    LscbResult write(const std::string& out, bool publish) {
        Store s(db);
        LscbOptions o;
        o.period = *parsePeriod("2026-Q1");
        o.publish = publish;
        o.storeName = s.name();
        o.kpiSource = "kpis.csv";
        o.selfSource = "s11.csv";
        if (publish) o.pseudonymKey = s.pseudonymKey();
        return writeLscbWorkbook(out, def, loadReportData(s, &def), storedKpis(s), storedSelfAssessments(s), o);
    }
};

// Every part of a workbook, XML normalised (parsed and printed with fixed indentation).
std::map<std::string, std::string> parts(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    Poco::Zip::ZipArchive archive(in);
    std::map<std::string, std::string> out;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        if (it->second.isDirectory()) continue;
        std::ifstream again(path, std::ios::binary);
        Poco::Zip::ZipInputStream zin(again, it->second);
        std::string content((std::istreambuf_iterator<char>(zin)), std::istreambuf_iterator<char>());
        pugi::xml_document doc;
        if (doc.load_string(content.c_str())) {
            std::ostringstream os;
            doc.save(os, "  ", pugi::format_indent);
            content = os.str();
        }
        out[it->first] = content;
    }
    return out;
}

std::string joined(const std::map<std::string, std::string>& p) {
    std::string s;
    for (const auto& [name, content] : p) s += "=== " + name + "\n" + content;
    return s;
}

std::map<std::string, std::string> split(const std::string& text) {
    std::map<std::string, std::string> out;
    std::string name;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string line = text.substr(pos, eol - pos);
        if (line.rfind("=== ", 0) == 0) name = line.substr(4);
        else out[name] += line + "\n";
        pos = eol + 1;
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_workbook_matches_the_golden_one_part_by_part_and_is_byte_identical) {
    Fixture f;
    const std::string a = f.dir.file("a.xlsx"), b = f.dir.file("b.xlsx");
    LscbResult r = f.write(a, false);
    f.write(b, false);
    BOOST_TEST(readFile(a) == readFile(b));  // byte-identical for the same store and inputs
    BOOST_TEST(r.audits == 117u);
    BOOST_TEST(r.themes == 10u);
    BOOST_TEST(!r.flaggedThemes.empty());
    const std::string golden = test::sourceDir() + "/tests/golden/report/lscb-2026-Q1.parts.txt";
    const std::string actual = joined(parts(a));
    if (std::getenv("AUDIT_UPDATE_GOLDEN")) writeFileAtomically(golden, actual);
    auto want = split(readFile(golden));
    auto got = split(actual);
    BOOST_TEST(want.size() == got.size());
    for (const auto& [name, content] : want) {
        BOOST_TEST_CONTEXT("part " << name) {
            BOOST_REQUIRE(got.count(name));
            BOOST_TEST((got[name] == content), "part " << name << " differs from the golden workbook");
        }
    }
}

BOOST_AUTO_TEST_CASE(openpyxl_reads_it_and_libreoffice_renders_it) {
    Fixture f;
    const std::string a = f.dir.file("lscb.xlsx");
    f.write(a, false);
    auto r = test::runPython(R"PY(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ['Summary', 'Findings', 'Triangulation', 'SPC', 'Moderation and accuracy', 'Actions', 'Method', 'Data',
                         'Chart data'], wb.sheetnames
s = wb['Summary']
assert s['A7'].value == 'Audits completed in the period' and s['B7'].value == 117, (s['A7'].value, s['B7'].value)
assert s.freeze_panes == 'A7', s.freeze_panes
# Issue 13: the Summary opens with a narrative; good or better on both grades, with why they differ; the Data and
# chart-data sheets are hidden (out of the printed pack); every visible sheet prints landscape, one page wide.
text = s['A4'].value
assert text.startswith('In 2026-Q1, 117 audits were completed') and text.count('. ') >= 4, text
labels = [s.cell(row=r, column=1).value for r in range(7, 30)]
assert 'Good or better overall, grade after moderation (design-weighted)' in labels, labels
assert "Good or better overall, auditor's grade before moderation (design-weighted)" in labels, labels
assert 'Why the two differ' in labels, labels
assert wb['Data'].sheet_state == 'hidden' and wb['Chart data'].sheet_state == 'hidden'
for ws in wb.worksheets:
    if ws.sheet_state == 'visible':
        assert ws.page_setup.orientation == 'landscape' and ws.page_setup.fitToWidth in (1, None), ws.title
m = wb['Moderation and accuracy']
assert 'Auditor' not in [m.cell(row=r, column=1).value for r in range(5, m.max_row + 1)]
assert m.print_title_rows in ('4:4', '$4:$4'), m.print_title_rows
assert len(s._charts) == 2, len(s._charts)
t = wb['Triangulation']
assert t['A4'].value == 'Theme' and t.auto_filter.ref.startswith('A4:M'), t.auto_filter.ref
assert '_' not in ''.join(t.cell(row=r, column=3).value or '' for r in range(5, 15))  # KPI titles, not ids
assert t.freeze_panes == 'B5', t.freeze_panes
rags = {t.cell(row=r, column=c).value for r in range(5, 15) for c in (2, 4, 9)}
assert rags <= {'red', 'amber', 'green', None}, rags
assert len(t.conditional_formatting) >= 3
flags = [t.cell(row=r, column=11).value for r in range(5, 15)]
assert 'FLAG' in flags
sentences = [t.cell(row=r, column=13).value for r in range(5, 15)]
assert all(s and s.endswith('.') for s in sentences), sentences
f = wb['Findings']
assert f['I3'].value == 'Good or better (weighted)' and f["I5"].number_format == "0%"
d = wb['Data']
assert d.max_row > 100 and d['A1'].value == 'Sheet'
spc = wb['SPC']
titles = [spc.cell(row=r, column=1).value for r in range(1, spc.max_row + 1)]
variation = [v for v in titles if isinstance(v, str) and v.startswith('Variation: ')]
assert len(variation) >= 3 and len(spc._charts) == len(variation), (len(variation), len(spc._charts))
assert any(isinstance(v, str) and 'trial limits' in v for v in titles)
heads = [spc.cell(row=r, column=2).value for r in range(1, spc.max_row + 1)]
assert 'Value' in heads
print('ok')
)PY", {a});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(r.out == "ok\n");
    auto lo = test::libreofficeConvert(a, "pdf", f.dir.path());
    BOOST_TEST(lo.exitCode == 0, lo.err);
    std::ifstream pdf(f.dir.file("lscb.pdf"), std::ios::binary);
    BOOST_TEST(pdf.good());
}

BOOST_AUTO_TEST_CASE(the_published_version_hides_references_names_and_small_counts) {
    Fixture f;
    const std::string p = f.dir.file("pub.xlsx");
    LscbResult r = f.write(p, true);
    BOOST_TEST(r.suppressedCells > 0u);
    const std::string strings = parts(p)["xl/sharedStrings.xml"];
    BOOST_TEST(strings.find("C1000") == std::string::npos);        // no case reference
    BOOST_TEST(strings.find("Ben Osei") == std::string::npos);     // no auditor
    BOOST_TEST(strings.find("Worker 1") == std::string::npos);
    BOOST_TEST(strings.find("TM CP South") == std::string::npos);  // owners are numbered
    BOOST_TEST(strings.find("Update the chronology") == std::string::npos);  // no action text
    BOOST_TEST(strings.find("P-") != std::string::npos);          // pseudonyms
    BOOST_TEST(strings.find("[c]") != std::string::npos);
    BOOST_TEST(strings.find("secondary suppression") != std::string::npos);
    // The same key gives the same pseudonyms: a second published workbook is identical.
    const std::string q = f.dir.file("pub2.xlsx");
    f.write(q, true);
    BOOST_TEST(readFile(p) == readFile(q));
    // No published count of the team table is below the threshold.
    auto py = test::runPython(R"(
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Findings']
for row in ws.iter_rows(min_row=4, values_only=True):
    if row[0] in ('Team', 'Domain', 'Overall'):
        for v in row[3:8]:
            assert v == '[c]' or v == 0 or (isinstance(v, int) and v >= 5), row
print('ok')
)", {p});
    BOOST_TEST(py.exitCode == 0, py.err);
}

// An attacker (tests/support/recover_suppressed.py) reads the published workbook back with openpyxl, writes down
// every sum its structure implies (rows, columns, and the months, auditors and teams that add up to the period's
// moderation counts) and tries to work out each suppressed count: it must recover none. Showing one suppressed
// count again (its true value from the internal workbook) must let it recover a partner: the attack has teeth.
BOOST_AUTO_TEST_CASE(no_suppressed_count_can_be_recovered_from_the_published_workbook) {
    Fixture f;
    const std::string pub = f.dir.file("pub.xlsx"), internal = f.dir.file("internal.xlsx");
    f.write(pub, true);
    f.write(internal, false);
    const std::string attacker = test::sourceDir() + "/tests/support/recover_suppressed.py";
    auto r = test::runCommand("/usr/bin/python3 " + test::shellQuote(attacker) + " --verbose " + test::shellQuote(pub));
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    BOOST_TEST(r.out.find("recovered") == std::string::npos, r.out);
    BOOST_TEST(r.out.find(" 0 suppressed counts") == std::string::npos, r.out);  // there is something to attack
    // Reveal one suppressed moderated-down count whose row's up count is hidden too: the attacker now recovers.
    auto py = test::runPython(R"(
import sys, openpyxl
pub = openpyxl.load_workbook(sys.argv[1])
internal = openpyxl.load_workbook(sys.argv[2], data_only=True)
ws, wi = pub['Moderation and accuracy'], internal['Moderation and accuracy']
for r in range(5, ws.max_row + 1):
    n, d, u = (ws.cell(row=r, column=c).value for c in (3, 8, 9))
    if isinstance(n, int) and ws.cell(row=r, column=4).value not in (None, '[c]') and d == '[c]' and u == '[c]':
        ws.cell(row=r, column=8).value = wi.cell(row=r, column=8).value
        pub.save(sys.argv[3])
        print('revealed', ws.cell(row=r, column=2).value)
        break
else:
    print('no row to reveal')
)", {pub, internal, f.dir.file("leaky.xlsx")});
    BOOST_TEST(py.exitCode == 0, py.err);
    if (py.out.rfind("revealed", 0) == 0) {
        auto leak = test::runCommand("/usr/bin/python3 " + test::shellQuote(attacker) + " " +
                                     test::shellQuote(f.dir.file("leaky.xlsx")));
        BOOST_TEST(leak.exitCode == 1, leak.out);
        BOOST_TEST(leak.out.find("recovered ('mod'") != std::string::npos, leak.out);
    } else {
        BOOST_TEST_MESSAGE("no row with both shifts hidden and its share shown: the leak check did not run");
    }
}

BOOST_AUTO_TEST_CASE(the_tracker_round_trip_updates_statuses) {
    Fixture f;
    const std::string tracker = f.dir.file("tracker.xlsx");
    TrackerResult tr;
    {
        Store s(f.db);
        tr = writeActionsTracker(tracker, loadReportData(s), "2026-03-31");
    }
    BOOST_TEST(tr.actions > 50u);
    // An owner fills in three rows (with openpyxl, as another program would).
    const std::string returned = f.dir.file("returned.xlsx");
    auto r = test::runPython(R"(
import sys, openpyxl, datetime
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Actions']
assert ws['A3'].value == 'Action id' and ws['J3'].value == 'Status'
ws['J4'] = 'done'; ws['K4'] = datetime.datetime(2026, 3, 20); ws['L4'] = 'chronology updated'
ws['J5'] = 'Cancelled'
ws['J6'] = 'in progress'; ws['L6'] = 'meeting booked'
wb.save(sys.argv[2])
print(ws['A4'].value, ws['A5'].value, ws['A6'].value)
)", {tracker, returned});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    std::istringstream ids(r.out);
    long id1, id2, id3;
    ids >> id1 >> id2 >> id3;
    Store s(f.db);
    TrackerImport imp = importActionsTracker(s, returned, "2026-04-01", "tester");
    BOOST_TEST(imp.rows == tr.actions);
    BOOST_TEST(imp.updated >= 2u);
    BOOST_TEST(*s.scalar<std::string>("SELECT status FROM action WHERE id = ?", id1) == "done");
    BOOST_TEST(*s.scalar<std::string>("SELECT closed_date FROM action WHERE id = ?", id1) == "2026-03-20");
    BOOST_TEST(*s.scalar<std::string>("SELECT status FROM action WHERE id = ?", id2) == "cancelled");
    BOOST_TEST(*s.scalar<std::string>("SELECT note FROM action_update WHERE action_id = ? ORDER BY id DESC", id3) ==
               "meeting booked");
    // The same file again changes nothing.
    const std::string before = s.dump();
    TrackerImport again = importActionsTracker(s, returned, "2026-04-01", "tester");
    BOOST_TEST(again.unchanged);
    BOOST_TEST(*s.scalar<std::int64_t>("SELECT COUNT(*) FROM action_update") == static_cast<std::int64_t>(imp.updated));
    // The next tracker no longer lists the done and cancelled actions.
    TrackerResult next = writeActionsTracker(f.dir.file("next.xlsx"), loadReportData(s), "2026-04-01");
    BOOST_TEST(next.actions == tr.actions - 2);
    (void)before;
}

BOOST_AUTO_TEST_CASE(an_invalid_tracker_lists_every_problem_by_cell_and_stores_nothing) {
    Fixture f;
    const std::string tracker = f.dir.file("tracker.xlsx");
    {
        Store s(f.db);
        writeActionsTracker(tracker, loadReportData(s), "2026-03-31");
    }
    const std::string bad = f.dir.file("bad.xlsx");
    auto r = test::runPython(R"(
import sys, openpyxl, datetime
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Actions']
ws['J4'] = 'finished'
ws['J5'] = 'done'
ws['J6'] = 'open'; ws['K6'] = datetime.datetime(2026, 3, 1)
ws['J7'] = 'done'; ws['K7'] = 'last Tuesday'
ws['J8'] = 'done'; ws['K8'] = datetime.datetime(2027, 1, 1)
ws['A9'] = 999999
ws['A10'] = ws['A11'].value
ws['J12'] = 'done'; ws['K12'] = datetime.datetime(2000, 1, 1)
wb.save(sys.argv[2])
)", {tracker, bad});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    Store s(f.db);
    const std::string before = s.dump();
    try {
        importActionsTracker(s, bad, "2026-04-01", "tester");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        const std::string m = e.what();
        for (const char* expected : {
                 "sheet 'Actions', cell J4: 'finished' is not a status (expected open, in progress, done, cancelled)",
                 "sheet 'Actions', cell K5: status done needs the date completed",
                 "sheet 'Actions', cell K6: a date completed is given but the status is open",
                 "sheet 'Actions', cell K7: 'last Tuesday' is not a date",
                 "sheet 'Actions', cell K8: the date completed 01/01/2027 is in the future",
                 "sheet 'Actions', cell A9: action 999999 is not in the store",
                 "sheet 'Actions', cell A11: action",
                 "sheet 'Actions', cell K12: the date completed 01/01/2000 is before the action was raised (its "
                 "audit was completed ",
             })
            BOOST_TEST(m.find(expected) != std::string::npos, expected << "\n--- in ---\n" << m);
        BOOST_TEST(e.problems().size() == 8u, m);
    }
    // Nothing stored but the rejection in the import log.
    s.exec("DELETE FROM import_log WHERE outcome = 'rejected'");
    BOOST_TEST(s.dump() == before);
    // A workbook that is not a tracker is rejected as such.
    try {
        importActionsTracker(s, f.dir.file("nonexistent-but-xlsx.xlsx"), "2026-04-01", "t");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == 66);
    }
    const std::string other = f.dir.file("other.xlsx");
    LscbResult lr = f.write(other, false);
    (void)lr;
    try {
        importActionsTracker(s, other, "2026-04-01", "t");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("not an actions tracker") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(a_tracker_addressed_to_one_owner_holds_only_theirs_and_says_by_when_and_to_whom) {
    Fixture f;
    Store s(f.db);
    const ReportData data = loadReportData(s);
    std::string owner;
    std::size_t theirs = 0;
    for (const ActionRow& a : data.actions)
        if (a.open() && (owner.empty() || a.owner == owner)) owner = a.owner, ++theirs;
    BOOST_REQUIRE(theirs > 0);
    const TrackerAddress to{"owner", owner, "2026-04-14", "Sam Patel, QA lead"};
    const std::string file = f.dir.file("one.xlsx");
    const TrackerResult tr = writeActionsTracker(file, data, "2026-03-31", nullptr, &to);
    BOOST_TEST(tr.actions == theirs);
    const TrackerContents back = readActionsTracker(file);
    BOOST_TEST(back.actions.size() == theirs);
    for (const ActionRow& a : back.actions) BOOST_TEST(a.owner == owner);
    auto r = test::runPython(R"(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Actions']
title, how = ws['A1'].value, ws['A2'].value
assert sys.argv[2] in title and 'Tuesday 31 March 2026' in title, title
assert how.startswith('To ' + sys.argv[2] + ':'), how
assert 'What to fill in' in how and 'Tuesday 14 April 2026' in how and 'Sam Patel, QA lead' in how, how
assert 'audit-report' not in how and '--' not in how, how
assert ws.page_setup.orientation == 'landscape' and ws.print_title_rows == '$3:$3', ws.print_title_rows
ident = wb['Tracker identity']
assert ident['A5'].value == 'owner' and ident['B5'].value == sys.argv[2]
assert ident['B6'].value == '2026-04-14' and ident['B7'].value == 'Sam Patel, QA lead'
)", {file, owner});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(longDate("2026-12-25") == "Friday 25 December 2026");
    BOOST_TEST(longDate("soon") == "soon");
}
