#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "audit/base/error.h"
#include "audit/store/store.h"
#include "audit/store/store_care.h"
#include "audit/store/store_retention.h"
#include "pg_server.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace audit;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A draw of two cases for 2019-11 (members, snapshot, allocations), their audits with answers, judgements and an
// action, and one of 2026-11: enough for check, backup and purge to have something of each table.
void fill(Store& store) {
    store.transaction([&] {
        for (const std::string period : {"2019-11", "2026-11"}) {
            const auto draw = store.insertReturningId(
                "INSERT INTO draw (kind, period, created_at, seed, algorithm, sample_size) VALUES ('audit', ?, ?, '1', 'x', 2)",
                period, store.now());
            store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, 'all', 10, 2)", draw);
            for (const std::string ref : {"=C1", "C2"}) {
                const std::string caseRef = ref + "-" + period;
                store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
                           "VALUES (?, ?, 'all', 0.2, 5)", draw, caseRef);
                store.exec("INSERT INTO case_snapshot (draw_id, case_ref, child_ref, team, worker) VALUES (?, ?, 'CH1', 'East', 'A Worker')",
                           draw, caseRef);
                store.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) VALUES (?, ?, 'auditor', 'QA', ?)",
                           draw, caseRef, store.now());
                const auto audit = store.insertReturningId(
                    "INSERT INTO audit (form_id, version, draw_id, case_ref, child_ref, template_id, template_version, auditor, "
                    "team, worker, period, strengths, source_hash, imported_at) VALUES (?, 1, ?, ?, 'CH1', 'cin-cp', '3', 'QA', "
                    "'East', 'A Worker', ?, 'Good work', ?, ?)",
                    "F-" + caseRef, draw, caseRef, period, "h-" + caseRef, store.now());
                store.logImport("f.xlsx", "h-" + caseRef, "audit-return", "imported");
                store.exec("INSERT INTO answer (audit_id, question_id, answer, evidence, score) VALUES (?, 'A1', 'Yes', "
                           "'the child said ...', 1)", audit);
                store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank, rationale) VALUES "
                           "(?, '_overall', 'Good', 3, 'because ...')", audit);
                store.exec("INSERT INTO action (audit_id, action_no, description, owner, due_date, created_at, updated_at) "
                           "VALUES (?, 1, 'Visit the child', 'TM', '2020-01-31', ?, ?)", audit, store.now(), store.now());
            }
        }
    });
}

void checkBackupRestore(const std::string& spec, const std::string& dir, const std::string& restoreSpec) {
    std::string before;
    {
        Store store(spec);
        fill(store);
        before = store.dump();
        BOOST_TEST(store.integrityProblems().empty());
    }
    BOOST_TEST(checkStore(spec).empty());
    const std::string file = dir + "/backup.bin";
    const BackupResult b = backupStore(spec, file);
    BOOST_TEST(b.bytes > 0u);
    BOOST_TEST(fs::file_size(file) == b.bytes);
    BOOST_TEST(!contains(b.method, "password"));
    const RestoreResult r = restoreStore(file, restoreSpec);
    BOOST_TEST(r.schemaVersion == Store::latestSchemaVersion());
    Store restored(restoreSpec);
    BOOST_TEST(restored.dump() == before);
    BOOST_TEST(restored.integrityProblems().empty());
}

void checkPurge(const std::string& spec) {
    Store store(spec);
    fill(store);
    const auto grades = store.query("SELECT computed_grade FROM judgement ORDER BY audit_id");
    const auto dry = purge(store, "2021-01-01", "2026-12-01", true, "test");
    BOOST_TEST(dry.rows() > 0u);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM answer WHERE evidence IS NOT NULL").value() == 4);
    const auto done = purge(store, "2021-01-01", "2026-12-01", false, "test");
    BOOST_TEST(done.types.size() == 2u);
    for (const auto& t : done.types) BOOST_TEST((t.periods == std::vector<std::string>{"2019-11"}));
    // 2019's detail gone, 2026's kept (within retention); grades and links kept.
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM answer WHERE evidence IS NOT NULL").value() == 2);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit WHERE case_ref LIKE 'purged-%'").value() == 2);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit WHERE child_ref IS NULL").value() == 2);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM allocation WHERE case_ref LIKE 'purged-%'").value() == 2);
    BOOST_TEST(store.scalar<std::int64_t>(
                   "SELECT COUNT(*) FROM audit a JOIN draw_member m ON m.draw_id = a.draw_id AND m.case_ref = a.case_ref "
                   "JOIN case_snapshot s ON s.draw_id = a.draw_id AND s.case_ref = a.case_ref").value() == 4);
    BOOST_TEST(store.scalar<std::string>("SELECT description FROM action WHERE id = 1").value() == "(purged)");
    const auto after = store.query("SELECT computed_grade FROM judgement ORDER BY audit_id");
    BOOST_REQUIRE(after.size() == grades.size());
    for (std::size_t i = 0; i < after.size(); ++i) BOOST_TEST(after[i].text(0) == grades[i].text(0));
    const auto notes = purgeNotes(store, "2019-10-01", "2019-12-31");
    BOOST_REQUIRE(notes.size() == 2u);
    BOOST_TEST(contains(notes[0] + notes[1], "evidence and free text of 2019-11 purged on"));
    BOOST_TEST(purgeNotes(store, "2026-10-01", "2026-12-31").empty());
    // Again: nothing left to purge.
    BOOST_TEST(purge(store, "2021-01-01", "2026-12-01", false, "test").rows() == 0u);
    BOOST_TEST(store.integrityProblems().empty());
    BOOST_CHECK_THROW(setRetention(store, "answers", 3, "test"), Error);
    setRetention(store, "evidence", 3, "test");
    BOOST_TEST(retentionPolicy(store).at(1).keepYears == 3);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sqlite)

BOOST_AUTO_TEST_CASE(backup_and_restore_give_the_same_store) {
    test::TempDir dir;
    checkBackupRestore(dir.file("audit.db"), dir.path(), dir.file("restored.db"));
    // Restoring over an existing store needs --replace; a damaged backup is refused and nothing is put in place.
    BOOST_CHECK_THROW(restoreStore(dir.file("backup.bin"), dir.file("restored.db")), Error);
    restoreStore(dir.file("backup.bin"), dir.file("restored.db"), true);
    {
        std::fstream f(dir.file("backup.bin"), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 * 3);
        const std::string junk(4096, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    try {
        restoreStore(dir.file("backup.bin"), dir.file("other.db"));
        BOOST_FAIL("expected a damaged backup to be refused");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(contains(e.what(), "the backup is damaged"));
    }
    BOOST_TEST(!fs::exists(dir.file("other.db")));
    for (const auto& entry : fs::directory_iterator(dir.path()))
        BOOST_TEST(!contains(entry.path().filename().string(), ".tmp-"));
}

BOOST_AUTO_TEST_CASE(check_finds_damage_and_a_missing_import_log_row) {
    test::TempDir dir;
    const auto path = dir.file("audit.db");
    {
        Store store(path);
        fill(store);
        store.exec("DELETE FROM import_log WHERE source_hash = ?", "h-C2-2019-11");
    }
    const auto problems = checkStore(path);
    BOOST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems[0] == "1 source file(s) of table audit have no import_log row");
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 * 2);
        const std::string junk(8192, '\x33');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const auto damaged = checkStore(path);
    BOOST_REQUIRE(!damaged.empty());
    BOOST_TEST((contains(damaged[0], "damaged") || contains(damaged[0], "malformed")));
}

BOOST_AUTO_TEST_CASE(a_damaged_store_refuses_to_commit_more) {
    test::TempDir dir;
    const auto path = dir.file("audit.db");
    {
        Store store(path);
        fill(store);
    }
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 * 3);
        const std::string junk(8192, '\x77');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    try {
        Store store(path);
        store.transaction([&] { store.logEvent("test", "after the damage"); });
        BOOST_FAIL("expected the commit to be refused");
    } catch (const Error& e) {
        BOOST_TEST(contains(e.what(), "damaged"));
    }
}

BOOST_AUTO_TEST_CASE(purge_keeps_grades_and_links) {
    test::TempDir dir;
    checkPurge(dir.file("audit.db"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(postgresql, *boost::unit_test::fixture<test::StopPostgresServerAfterSuite>())

BOOST_AUTO_TEST_CASE(pg_dump_backup_and_pg_restore_give_the_same_store) {
    test::TempDir dir;
    const std::string spec = test::postgresServer().freshSpec();
    const std::string schema = spec.substr(spec.rfind('=') + 1);
    checkBackupRestore(spec, dir.path(), test::postgresServer().freshDatabase(schema));
    // The same schema in the same database already exists: pg_restore refuses, nothing changes.
    BOOST_CHECK_THROW(restoreStore(dir.file("backup.bin"), spec), Error);
    BOOST_TEST(checkStore(spec).empty());
}

BOOST_AUTO_TEST_CASE(purge_keeps_grades_and_links) { checkPurge(test::postgresServer().freshSpec()); }

BOOST_AUTO_TEST_SUITE_END()
