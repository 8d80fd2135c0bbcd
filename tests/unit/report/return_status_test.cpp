// What is outstanding: allocated, returned, moderated, outstanding and overdue per draw and auditor, on a small store
// built here (two draws, two auditors, a corrected return, a voided one, a moderation), and its workbook read back.
#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/report/return_status.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;

namespace {

std::int64_t addDraw(Store& s, const std::string& period, std::optional<std::string> due,
                     const std::vector<std::pair<std::string, std::string>>& members) {
    const auto id = s.insertReturningId(
        "INSERT INTO draw (kind, period, created_at, seed, algorithm, sample_size, due_date) VALUES "
        "('audit', ?, ?, '1', 'test', ?, ?)", period, s.now(), static_cast<std::int64_t>(members.size()), due);
    s.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, 'all', 100, ?)", id,
           static_cast<std::int64_t>(members.size()));
    for (const auto& [ref, auditor] : members) {
        s.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
               "VALUES (?, ?, 'all', 0.1, 10)", id, ref);
        if (!auditor.empty())
            s.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) VALUES (?, ?, 'auditor', ?, ?)",
                   id, ref, auditor, s.now());
    }
    return id;
}

std::int64_t addAudit(Store& s, std::int64_t draw, const std::string& ref, int version = 1) {
    return s.insertReturningId(
        "INSERT INTO audit (form_id, version, draw_id, case_ref, template_id, template_version, auditor, period, "
        "source_hash, imported_at) VALUES (?, ?, ?, ?, 'cin-cp', '3', 'x', '2026-11', ?, ?)",
        "F-" + ref, version, draw, ref, "h" + ref + std::to_string(version), s.now());
}

struct Fixture {
    test::TempDir dir;
    Store store{dir.file("audit.db")};
    std::int64_t nov = 0, dec = 0;
    Fixture() {
        nov = addDraw(store, "2026-11", std::nullopt,
                      {{"C1", "M. Obi"}, {"C2", "M. Obi"}, {"C3", "R. Patel"}, {"C4", "R. Patel"}, {"C5", ""}});
        dec = addDraw(store, "2026-12", std::string("2027-01-08"), {{"C6", "M. Obi"}, {"C7", "R. Patel"}});
        const auto a1 = addAudit(store, nov, "C1");
        addAudit(store, nov, "C1", 2);  // a corrected return: still one case returned
        addAudit(store, nov, "C3");
        const auto a4 = addAudit(store, nov, "C4");
        store.exec("INSERT INTO voiding (kind, form_id, version, record_id, reason, voided_by, voided_at) "
                   "VALUES ('audit', 'F-C4', 1, ?, 'another council''s case', 'Q. Lead', ?)", a4, store.now());
        addAudit(store, dec, "C6");
        addAudit(store, dec, "C9");  // a case returned against a draw it is not in: not counted
        store.exec("INSERT INTO moderation (audit_id, form_id, domain, moderator, mode, period, source_hash, "
                   "imported_at) VALUES (?, 'M-F-C1', '_overall', 'Q. Lead', 'blind', '2026-11', 'm', ?)", a1, store.now());
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(counts_per_draw_and_auditor_with_the_overdue_cases) {
    Fixture f;
    // November's returns are due 14 December 2026 (30 November is a Monday: ten working days on); December's
    // draw carries its own date.
    const ReturnStatus s = returnStatus(f.store, "", "2026-12-15");
    BOOST_TEST_REQUIRE(s.draws.size() == 2u);
    const DrawStatus& nov = s.draws[0];
    BOOST_TEST(nov.dueDate == "2026-12-14");
    BOOST_TEST(nov.dueDateDefault);
    BOOST_TEST(nov.counts.allocated == 5u);
    BOOST_TEST(nov.counts.returned == 2u);  // C1 (two versions) and C3; C4 was voided
    BOOST_TEST(nov.counts.moderated == 1u);
    BOOST_TEST(nov.counts.outstanding == 3u);
    BOOST_TEST(nov.counts.overdue == 3u);
    BOOST_TEST((nov.counts.overdueCases == std::vector<std::string>{"C2", "C4", "C5"}));
    BOOST_TEST_REQUIRE(nov.auditors.size() == 3u);
    BOOST_TEST(nov.auditors[0].auditor == "");  // C5, allocated to nobody
    BOOST_TEST(nov.auditors[1].auditor == "M. Obi");
    BOOST_TEST(nov.auditors[1].counts.returned == 1u);
    BOOST_TEST((nov.auditors[1].counts.overdueCases == std::vector<std::string>{"C2"}));
    BOOST_TEST((nov.auditors[2].counts.overdueCases == std::vector<std::string>{"C4"}));
    const DrawStatus& dec = s.draws[1];
    BOOST_TEST(dec.dueDate == "2027-01-08");
    BOOST_TEST(!dec.dueDateDefault);
    BOOST_TEST(dec.counts.allocated == 2u);
    BOOST_TEST(dec.counts.returned == 1u);
    BOOST_TEST(dec.counts.outstanding == 1u);
    BOOST_TEST(dec.counts.overdue == 0u);  // not due yet
    BOOST_TEST(s.total.allocated == 7u);
    BOOST_TEST(s.total.returned == 3u);
    BOOST_TEST(*s.total.completion() == 3.0 / 7.0);
    BOOST_TEST(s.auditors.size() == 3u);
    BOOST_TEST(s.auditors[1].counts.allocated == 3u);  // M. Obi over both draws
    BOOST_TEST(s.store == f.dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(on_the_due_date_nothing_is_overdue_yet) {
    Fixture f;
    BOOST_TEST(returnStatus(f.store, "2026-11", "2026-12-14").total.overdue == 0u);
    BOOST_TEST(returnStatus(f.store, "2026-11", "2026-12-15").total.overdue == 3u);
}

BOOST_AUTO_TEST_CASE(a_period_selects_its_draws_and_the_completion_rate_agrees) {
    Fixture f;
    const ReturnStatus s = returnStatus(f.store, "2026-Q4", "2026-12-01");
    BOOST_TEST(s.draws.size() == 2u);
    BOOST_TEST(returnStatus(f.store, "2026-12", "2026-12-01").draws.size() == 1u);
    BOOST_TEST(returnStatus(f.store, "2027-01", "2026-12-01").draws.empty());
    const CompletionRate c = completionRate(f.store, "2026-11", "2026-12-20");
    BOOST_TEST(c.allocated == 5u);
    BOOST_TEST(c.returned == 2u);
    BOOST_TEST(c.overdue == 3u);
    BOOST_TEST(*c.rate == 0.4);
    BOOST_TEST(!completionRate(f.store, "2027-01", "2026-12-20").rate);
}

BOOST_AUTO_TEST_CASE(a_bad_period_or_date_is_a_usage_error) {
    Fixture f;
    test::expectError([&] { returnStatus(f.store, "autumn", "2026-12-01"); }, ErrorKind::Usage, {"autumn"});
    test::expectError([&] { returnStatus(f.store, "", "1/12/2026"); }, ErrorKind::Usage, {"1/12/2026"});
}

BOOST_AUTO_TEST_CASE(the_workbook_reads_back_with_its_print_setup) {
    Fixture f;
    const std::string path = f.dir.file("status.xlsx");
    writeStatusXlsx(returnStatus(f.store, "", "2026-12-15"), path);
    const test::CommandResult r = test::runPython(R"(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Draws", "Auditors", "Overdue"], wb.sheetnames
d = wb["Draws"]
assert [c.value for c in d[4]][:6] == ["Draw", "Period", "Due date", "Due date set by", "Auditor", "Allocated"]
assert d["E5"].value == "All auditors" and d["F5"].value == 5 and d["J5"].value == 3, [c.value for c in d[5]]
assert d["L5"].value == "C2, C4, C5" and d["K5"].number_format == "0%"
assert d.page_setup.orientation == "landscape" and d.print_title_rows == "$4:$4", d.print_title_rows
o = wb["Overdue"]
rows = [[c.value for c in r] for r in o.iter_rows(min_row=4)]
assert [r[0] for r in rows] == ["C5", "C2", "C4"], rows
print("ok")
)", {path});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(r.out.find("ok") != std::string::npos, r.out);
}
