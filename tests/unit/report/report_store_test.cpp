#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/base/paths.h"
#include "audit/report/report_store.h"
#include "test_support.h"

using namespace audit;
using namespace audit::report;
using audit::test::TempDir;
using audit::test::writeText;

namespace {
ReportDefinition lscb() { return loadReportDefinition(reportDefinitionPath("lscb")); }
const char* kKpis =
    "indicator,period,value,target,polarity,theme\n"
    "assessments_within_45_days,2026-01,84,85,higher,assessment\n"
    "assessments_within_45_days,2026-02,86,85,higher,assessment\n";
}  // namespace

BOOST_AUTO_TEST_CASE(kpi_import_is_idempotent_and_the_latest_value_counts) {
    TempDir dir;
    Store store(dir.file("a.db"));
    auto def = lscb();
    writeText(dir.file("k.csv"), kKpis);
    auto r = importKpis(store, dir.file("k.csv"), def);
    BOOST_TEST(r.rows == 2u);
    BOOST_TEST(!r.unchanged);
    const std::string before = store.dump();
    auto again = importKpis(store, dir.file("k.csv"), def);
    BOOST_TEST(again.unchanged);
    BOOST_TEST(*store.scalar<std::int64_t>("SELECT COUNT(*) FROM kpi") == 2);
    BOOST_TEST(store.wasImported(r.hash, "kpi"));
    (void)before;
    // A corrected file: its value for February replaces the old one.
    writeText(dir.file("k2.csv"), "indicator,period,value,target,polarity,theme\n"
                                  "assessments_within_45_days,2026-02,80.5,85,higher,assessment\n");
    importKpis(store, dir.file("k2.csv"), def);
    auto k = storedKpis(store);
    BOOST_REQUIRE(k.size() == 2u);
    BOOST_TEST(k[1].period == "2026-02");
    BOOST_TEST(k[1].value == 80.5);
    BOOST_TEST((k[1].polarity == Polarity::Higher));
}

BOOST_AUTO_TEST_CASE(an_invalid_file_stores_nothing_and_is_logged_as_rejected) {
    TempDir dir;
    Store store(dir.file("a.db"));
    auto def = lscb();
    writeText(dir.file("bad.csv"), "indicator,period,value,target,polarity,theme\n"
                                   "assessments_within_45_days,2026-01,84,85,higher,assessment\n"
                                   "assessments_within_45_days,2026-02,lots,85,sideways,assessment\n");
    try {
        importKpis(store, dir.file("bad.csv"), def);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.problems().size() == 2u);
    }
    BOOST_TEST(*store.scalar<std::int64_t>("SELECT COUNT(*) FROM kpi") == 0);
    BOOST_TEST(*store.scalar<std::int64_t>("SELECT COUNT(*) FROM import_log WHERE outcome = 'rejected'") == 1);
    writeText(dir.file("sa.csv"), "agency,period,theme,standard,rating,evidence\nPolice,2025-26,voice,S7,maybe,x\n");
    BOOST_CHECK_THROW(importSelfAssessments(store, dir.file("sa.csv"), def), Error);
    BOOST_TEST(*store.scalar<std::int64_t>("SELECT COUNT(*) FROM self_assessment") == 0);
}

BOOST_AUTO_TEST_CASE(self_assessments_stored_and_read_back) {
    TempDir dir;
    Store store(dir.file("a.db"));
    auto def = lscb();
    writeText(dir.file("sa.csv"), "agency,period,theme,standard,rating,evidence\n"
                                  "Police,2025-26,voice,S7,green,\"training, audits\"\n"
                                  "Health (ICB),2025-26,voice,S7,Good,records\n");
    BOOST_TEST(importSelfAssessments(store, dir.file("sa.csv"), def).rows == 2u);
    BOOST_TEST(importSelfAssessments(store, dir.file("sa.csv"), def).unchanged);
    auto s = storedSelfAssessments(store);
    BOOST_REQUIRE(s.size() == 2u);
    BOOST_TEST(s[0].evidence == "training, audits");
    BOOST_TEST(s[1].rating == "Good");
}

BOOST_AUTO_TEST_CASE(report_data_loads_latest_versions_with_weights_moderation_and_actions) {
    TempDir dir;
    Store store(dir.file("a.db"));
    store.transaction([&] {
        store.exec("INSERT INTO draw (id, kind, period, created_at, seed, algorithm, sample_size, frame_size) "
                   "VALUES (1, 'audit', '2026-01', '2026-01-02T09:00:00Z', '42', 'xoshiro', 2, 30)");
        store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (1, 'CP', 20, 1), "
                   "(1, 'CIN', 10, 1)");
        store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) VALUES "
                   "(1, 'C1', 'CP', 0.05, 20), (1, 'C2', 'CIN', 0.1, 10)");
        auto audit = [&](int id, const char* form, int version, const char* caseRef) {
            store.exec("INSERT INTO audit (id, form_id, version, draw_id, case_ref, template_id, template_version, "
                       "auditor, team, period, completed_date, source_hash, imported_at) VALUES "
                       "(?, ?, ?, 1, ?, 'cin-cp', '1', 'Ann Auditor', 'East', '2026-01', '2026-01-20', 'h', 't')",
                       id, form, version, caseRef);
        };
        audit(1, "F1", 1, "C1");
        audit(2, "F1", 2, "C1");  // a corrected return: the latest counts
        audit(3, "F2", 1, "C2");
        store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank, auditor_grade, auditor_rank) "
                   "VALUES (1, '_overall', 'Inadequate', 1, 'Inadequate', 1), (2, '_overall', 'Good', 3, 'Good', 3), "
                   "(2, 'voice', 'Requires improvement', 2, NULL, NULL), (3, '_overall', 'Good', 3, 'Outstanding', 4)");
        store.exec("INSERT INTO moderation (audit_id, form_id, domain, moderator, moderator_grade, moderator_rank, "
                   "agreed_grade, agreed_rank, period, source_hash, imported_at) VALUES "
                   "(3, 'M1', '_overall', 'Mo', 'Good', 3, 'Good', 3, '2026-02', 'h', 't')");
        store.exec("INSERT INTO action (audit_id, action_no, description, owner, due_date, status, created_at, "
                   "updated_at) VALUES (2, 1, 'Update the chronology', 'TM East', '2026-02-01', 'open', 't', 't')");
    });
    ReportData d = loadReportData(store);
    BOOST_REQUIRE(d.audits.size() == 2u);
    BOOST_TEST(d.audits[0].id == 2);
    BOOST_TEST(d.audits[0].stratum == "CP");
    BOOST_TEST(d.audits[0].inclusionProbability == 0.05);
    BOOST_TEST(d.audits[0].stratumPopulation == 20.0);
    BOOST_TEST(d.audits[0].month == 2026 * 12);
    BOOST_REQUIRE(d.judgements.size() == 3u);
    BOOST_TEST(d.judgements[0].domain == "_overall");
    BOOST_TEST(d.judgements[1].domain == "voice");
    BOOST_TEST(d.judgements[1].finalRank() == 2);  // computed grade when the auditor gave none
    BOOST_TEST(d.judgements[2].moderatorRank == 3);
    BOOST_TEST(d.judgements[2].finalGrade() == "Good");  // the agreed grade
    BOOST_TEST(d.gradeLabel(4) == "Outstanding");
    BOOST_REQUIRE(d.actions.size() == 1u);
    BOOST_TEST(d.actions[0].caseRef == "C1");
    BOOST_REQUIRE(d.draws.size() == 1u);
    BOOST_TEST(d.draws[0].strata == 2);
    auto def = lscb();
    auto e = estimateGoodOrBetter(d, def, auditsIn(d, *parsePeriod("2026-01")), {kOverall});
    BOOST_TEST(e.evidence.n == 2u);
    BOOST_TEST(e.evidence.share == 1.0);
}
