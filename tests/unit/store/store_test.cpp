#include <boost/test/unit_test.hpp>

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <sqlite3.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/base/error.h"
#include "audit/moderation/moderation.h"
#include "audit/moderation/moderation_form.h"
#include "audit/base/paths.h"
#include "audit/report/report_store.h"
#include "audit/report/report_workbook.h"
#include "audit/store/store.h"
#include "audit/store/store_cursor.h"
#include "audit/forms/template.h"
#include "pg_server.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace audit;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

const std::vector<std::string> kTables = {
    "access_log", "action", "action_update", "allocation", "answer", "audit", "audit_history", "calibration_exercise",
    "calibration_form", "calibration_grade", "case_snapshot", "draw", "draw_member", "draw_stratum", "event_log",
    "history_import", "import_log", "judgement", "kpi", "moderation", "moderation_comment", "moderation_decision", "moderation_lock",
    "practitioner_response", "pseudonym_key", "purge_log", "retention_policy", "schema_version", "self_assessment",
    "store_info", "voiding", "web_account", "web_draft", "web_login_attempt", "web_session", "web_upload"};

// A small but complete cycle: a draw with a stratum, members, an allocation, an audit with answers,
// judgements and an action, a moderation. Returns the audit id.
std::int64_t addSampleCycle(Store& store, const std::string& caseRef = "C1001", int version = 1,
                            std::optional<std::int64_t> drawId = std::nullopt) {
    return store.transaction([&] {
        if (!drawId) {
            drawId = store.insertReturningId(
                "INSERT INTO draw (kind, period, created_at, seed, algorithm, parameters, frame_hash, frame_size, "
                "sample_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "audit", "2026-11", store.now(), "18446744073709551615", "xoshiro256**", "{\"strata\":[\"team\"]}",
                std::string(64, 'a'), 120, 2);
            store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample, excluded) VALUES (?, ?, ?, ?, ?)",
                       *drawId, "team=CP East", 120, 2, "{\"audited_within\":3}");
        }
        store.exec("INSERT INTO case_snapshot (draw_id, case_ref, child_ref, team, category, worker, flags) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   *drawId, caseRef, "P" + caseRef, "CP East", "CP", "W. Worker", "[\"missing\"]");
        store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight, draw_order) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   *drawId, caseRef, "team=CP East", 2.0 / 120.0, 60.0, 1);
        store.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) VALUES (?, ?, ?, ?, ?)",
                   *drawId, caseRef, "auditor", "A. Auditor", store.now());
        const auto auditId = store.insertReturningId(
            "INSERT INTO audit (form_id, version, draw_id, case_ref, template_id, template_version, auditor, team, "
            "period, completed_date, source_file, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "F-" + caseRef, version, *drawId, caseRef, "cin-cp", "3", "A. Auditor", "CP East", "2026-11",
            "2026-11-1" + std::to_string(version), "returns/" + caseRef + ".xlsx", std::string(64, 'b'), store.now());
        store.exec("INSERT INTO answer (audit_id, question_id, domain, answer, evidence, score) VALUES (?, ?, ?, ?, ?, ?)",
                   auditId, "A1", "assessment", "Yes", "seen alone 3/10", 1.0);
        store.exec("INSERT INTO answer (audit_id, question_id, domain, answer, evidence, score) VALUES (?, ?, ?, ?, ?, ?)",
                   auditId, "A2", "assessment", "Not applicable", std::nullopt, std::optional<double>{});
        store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank, auditor_grade, auditor_rank, "
                   "rationale, disagrees) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   auditId, "_overall", "Good", 3, "Outstanding", 4, "exceptional direct work", true);
        store.exec("INSERT INTO action (audit_id, action_no, description, owner, due_date, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   auditId, 1, "Update the chronology", "T. Manager", "2026-12-15", store.now(), store.now());
        store.exec("INSERT INTO moderation (audit_id, form_id, domain, moderator, moderator_grade, moderator_rank, "
                   "agreed_grade, mode, period, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   auditId, "M-" + caseRef + "-" + std::to_string(version), "_overall", "Q. Lead", "Good", 3, "Good",
                   "blind", "2026-11", std::string(64, 'c'), store.now());
        return auditId;
    });
}

struct Failure : std::runtime_error {
    Failure() : std::runtime_error("the import failed midway") {}
};

// ------------------------------------------------------------------------------------------------
// Scenarios, run against SQLite here and against a real PostgreSQL server below.

void checkFreshStoreIsMigrated(const std::string& spec) {
    Store store(spec);
    BOOST_TEST(store.schemaVersion() == Store::latestSchemaVersion());
    BOOST_TEST(store.tables() == kTables, boost::test_tools::per_element());
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM schema_version").value() == Store::latestSchemaVersion());
    BOOST_TEST(store.foreignKeysEnforced());
    for (const char* view : {"audit_latest", "moderation_latest", "kpi_latest", "self_assessment_latest"})
        BOOST_TEST(store.query(std::string("SELECT * FROM ") + view).empty());
}

void checkReopenIsANoOp(const std::string& spec) {
    std::string before;
    {
        Store store(spec);
        addSampleCycle(store);
        before = store.dump();
    }
    Store again(spec);
    BOOST_TEST(again.dump() == before);
    BOOST_TEST(again.schemaVersion() == Store::latestSchemaVersion());
}

void checkRollbackLeavesTheStoreAsItWas(const std::string& spec) {
    Store store(spec);
    const auto first = addSampleCycle(store, "C2002", 1);
    const auto drawId = store.scalar<std::int64_t>("SELECT draw_id FROM audit WHERE id = ?", first);
    BOOST_TEST_REQUIRE(drawId.has_value());
    store.logEvent("audit-score", "import returns/", "{\"imported\":1}");
    const std::string before = store.dump();
    BOOST_TEST(contains(before, "'C2002'"));
    BOOST_TEST(contains(before, "== answer audit_id question_id domain answer evidence score (2 rows)"));

    // A multi-table import that fails in the caller's code after many inserts.
    BOOST_CHECK_THROW(store.transaction([&] {
        addSampleCycle(store, "C3003", 1, drawId);  // nested: a savepoint inside this transaction
        store.logImport("returns/C3003.xlsx", std::string(64, 'd'), "audit-return", "imported");
        store.exec("UPDATE action SET status = ?, updated_at = ? WHERE action_no = ?", "done", store.now(), 1);
        throw Failure();
    }),
                      Failure);
    BOOST_TEST(!store.inTransaction());
    BOOST_TEST(store.dump() == before);

    // A failure inside the database (a foreign key) after several good inserts.
    try {
        store.transaction([&] {
            const auto id = store.insertReturningId(
                "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, period, "
                "source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "F-X", 1, "C9", "cin-cp", "3", "A", "2026-11", "h", store.now());
            store.exec("INSERT INTO answer (audit_id, question_id, answer) VALUES (?, ?, ?)", id, "A1", "Yes");
            store.exec("INSERT INTO answer (audit_id, question_id, answer) VALUES (?, ?, ?)", id + 1000, "A2", "No");
        });
        BOOST_FAIL("expected a foreign key error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(contains(e.what(), "constraint violated"));
    }
    BOOST_TEST(store.dump() == before);

    // The store still works after the failures, and a committed transaction lands.
    addSampleCycle(store, "C4004", 1, drawId);
    BOOST_TEST(store.dump() != before);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit").value() == 2);  // C2002 and C4004
}

void checkNestedTransactionUndoesOnlyTheInnerPart(const std::string& spec) {
    Store store(spec);
    store.transaction([&] {
        store.logEvent("t", "outer-1");
        try {
            store.transaction([&] {
                store.logEvent("t", "inner");
                throw Failure();
            });
        } catch (const Failure&) {
        }
        BOOST_TEST(store.inTransaction());
        store.logEvent("t", "outer-2");
    });
    std::vector<std::string> commands;
    for (const auto& row : store.query("SELECT command FROM event_log WHERE tool = ? ORDER BY id", "t"))
        commands.push_back(row.text("command"));
    BOOST_TEST(commands == (std::vector<std::string>{"outer-1", "outer-2"}), boost::test_tools::per_element());
}

void checkForeignKeysAndChecksAreEnforced(const std::string& spec) {
    Store store(spec);
    try {
        store.exec("INSERT INTO answer (audit_id, question_id, answer) VALUES (?, ?, ?)", 424242, "A1", "Yes");
        BOOST_FAIL("expected a foreign key error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(contains(e.what(), spec.substr(0, 10)));
        BOOST_TEST(contains(e.what(), "INSERT INTO answer"));
    }
    // draw_member needs its stratum; allocation needs its member; CHECKs hold.
    const auto drawId = store.insertReturningId(
        "INSERT INTO draw (kind, created_at, seed, algorithm, sample_size) VALUES (?, ?, ?, ?, ?)", "audit", store.now(),
        "1", "x", 1);
    BOOST_CHECK_THROW(store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, "
                                 "design_weight) VALUES (?, ?, ?, ?, ?)",
                                 drawId, "C1", "nope", 0.5, 2.0),
                      Error);
    BOOST_CHECK_THROW(store.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) "
                                 "VALUES (?, ?, ?, ?, ?)",
                                 drawId, "C1", "auditor", "A", store.now()),
                      Error);
    BOOST_CHECK_THROW(store.exec("INSERT INTO draw (kind, created_at, seed, algorithm, sample_size) VALUES (?, ?, ?, ?, ?)",
                                 "lottery", store.now(), "1", "x", 1),
                      Error);
    store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, ?, ?, ?)", drawId, "s", 10, 1);
    BOOST_CHECK_THROW(store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, "
                                 "design_weight) VALUES (?, ?, ?, ?, ?)",
                                 drawId, "C1", "s", 1.5, 1.0),
                      Error);
}

void checkHelpers(const std::string& spec) {
    Store store(spec);
    store.setClock([] { return std::string("2026-11-23T01:00:00Z"); });
    // ids increase; values and NULLs round-trip with their types.
    const auto id1 = store.insertReturningId(
        "INSERT INTO kpi (indicator, period, value, target, polarity, theme, source_hash, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?);",
        "Assessments within 45 days", "2026-11", 0.8765432109876543, std::optional<double>{}, "higher", "assessment",
        "h1", store.now());
    const auto id2 = store.insertReturningId(
        "INSERT INTO kpi (indicator, period, value, target, polarity, theme, source_hash, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        "Assessments within 45 days", "2026-11", 0.9, std::optional<double>(0.85), "higher", "assessment", "h2",
        store.now());
    BOOST_TEST(id1 >= 1);
    BOOST_TEST(id2 > id1);
    const auto rows = store.query("SELECT id, indicator, value, target, imported_at FROM kpi ORDER BY id");
    BOOST_TEST_REQUIRE(rows.size() == 2u);
    BOOST_TEST(rows[0].integer("id") == id1);
    BOOST_TEST(rows[0].real("value") == 0.8765432109876543);  // exact: no loss through either back end
    BOOST_TEST(rows[0].isNull("target"));
    BOOST_TEST(!rows[0].optReal("target").has_value());
    BOOST_TEST(rows[1].real("target") == 0.85);
    BOOST_TEST(rows[0].text("imported_at") == "2026-11-23T01:00:00Z");
    BOOST_CHECK_THROW(rows[0].integer("nope"), Error);
    // The latest row per indicator and period counts.
    BOOST_TEST(store.scalar<std::int64_t>("SELECT id FROM kpi_latest").value() == id2);
    // Question marks inside quotes are not placeholders.
    BOOST_TEST(store.scalar<std::string>("SELECT 'why?' || ? || '?'", "-").value() == "why?-?");
    BOOST_TEST(!store.scalar<std::string>("SELECT indicator FROM kpi WHERE id = ?", -1).has_value());
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM kpi WHERE theme = ?", std::string_view("assessment"))
                   .value() == 2);
    // Big integers and seeds: a 64-bit unsigned seed is stored as text.
    const auto drawId = store.insertReturningId(
        "INSERT INTO draw (kind, created_at, seed, algorithm, sample_size, frame_rows) VALUES (?, ?, ?, ?, ?, ?)",
        "moderation", store.now(), std::to_string(18446744073709551615ull), "x", 3, std::int64_t{5'000'000'000});
    BOOST_CHECK_THROW(store.exec("UPDATE draw SET frame_rows = ? WHERE id = ?", 18446744073709551615ull, drawId), Error);
    const auto draw = store.query("SELECT seed, frame_rows FROM draw WHERE id = ?", drawId);
    BOOST_TEST(draw.at(0).text("seed") == "18446744073709551615");
    BOOST_TEST(draw.at(0).integer("frame_rows") == 5'000'000'000);
    // Bulk insert: vectors bind once per element.
    store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, ?, ?, ?)", drawId, "all",
               3, 3);
    const std::vector<std::string> refs{"C1", "C2", "C3"};
    const std::vector<std::int64_t> draws(3, drawId);
    const std::vector<std::string> strata(3, "all");
    const std::vector<double> pis{1.0, 1.0, 1.0};
    const std::vector<std::optional<std::int64_t>> order{1, std::nullopt, 3};
    store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight, "
               "draw_order) VALUES (?, ?, ?, ?, ?, ?)",
               draws, refs, strata, pis, pis, order);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM draw_member WHERE draw_id = ?", drawId).value() == 3);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM draw_member WHERE draw_order IS NULL").value() == 1);

    // Import bookkeeping.
    BOOST_TEST(!store.wasImported("abc", "kpi"));
    store.logImport("kpis.csv", "abc", "kpi", "rejected", "row 3: no value");
    BOOST_TEST(!store.wasImported("abc", "kpi"));
    store.logImport("kpis.csv", "abc", "kpi", "imported");
    BOOST_TEST(store.wasImported("abc", "kpi"));
    BOOST_TEST(!store.wasImported("abc", "self-assessment"));
    BOOST_CHECK_THROW(store.logImport("kpis.csv", "abc", "kpi", "maybe"), Error);
    store.logEvent("audit-report", "lscb --period 2026-11", "{}");
    const auto events = store.query("SELECT at, tool, command FROM event_log");
    BOOST_TEST_REQUIRE(events.size() == 1u);
    BOOST_TEST(events[0].text("at") == "2026-11-23T01:00:00Z");
    BOOST_TEST(events[0].text("command") == "lscb --period 2026-11");

    // The pseudonym key is made once and kept.
    const auto key = store.pseudonymKey();
    BOOST_TEST(key.size() == 64u);
    BOOST_TEST(store.pseudonymKey() == key);
    BOOST_TEST(store.pseudonymKey("worker") != key);
}

void checkLatestVersions(const std::string& spec) {
    Store store(spec);
    const auto v1 = addSampleCycle(store, "C5005", 1);
    const auto drawId = store.scalar<std::int64_t>("SELECT draw_id FROM audit WHERE id = ?", v1);
    // A corrected return: version 2 of the same form (new answers rows, the old ones kept).
    const auto v2 = store.transaction([&] {
        const auto id = store.insertReturningId(
            "INSERT INTO audit (form_id, version, draw_id, case_ref, template_id, template_version, auditor, period, "
            "completed_date, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "F-C5005", 2, drawId, "C5005", "cin-cp", "3", "A. Auditor", "2026-11", "2026-11-20", "h2", store.now());
        store.exec("INSERT INTO answer (audit_id, question_id, answer) VALUES (?, ?, ?)", id, "A1", "Partly");
        return id;
    });
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit").value() == 2);
    const auto latest = store.query("SELECT id, version FROM audit_latest");
    BOOST_TEST_REQUIRE(latest.size() == 1u);
    BOOST_TEST(latest[0].integer("id") == v2);
    const auto dates = store.lastAuditDates();
    BOOST_TEST_REQUIRE(dates.size() == 1u);
    BOOST_TEST(dates[0].first == "C5005");
    BOOST_TEST(dates[0].second == "2026-11-20");
    // The same form and version cannot be stored twice.
    BOOST_CHECK_THROW(store.exec("INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, "
                                 "period, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 "F-C5005", 2, "C5005", "cin-cp", "3", "A", "2026-11", "h3", store.now()),
                      Error);
}

// A voided version stops counting: the one before it counts again; a voided last version leaves nothing; the
// moderations of a voided audit stop counting; the voided file may be imported again.
void checkVoidedVersionsStopCounting(const std::string& spec) {
    Store store(spec);
    const auto v1 = addSampleCycle(store, "C6006", 1);
    const auto drawId = store.scalar<std::int64_t>("SELECT draw_id FROM audit WHERE id = ?", v1);
    const auto v2 = store.insertReturningId(
        "INSERT INTO audit (form_id, version, draw_id, case_ref, template_id, template_version, auditor, period, "
        "source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "F-C6006", 2, drawId, "C6006", "cin-cp", "3", "A. Auditor", "2026-11", "h2", store.now());
    store.logImport("v2.xlsx", "h2", "audit-return", "imported");
    BOOST_TEST(store.wasImported("h2", "audit-return"));
    BOOST_TEST(store.scalar<std::int64_t>("SELECT id FROM audit_latest").value() == v2);
    const auto voidAudit = [&](std::int64_t id, int version, const std::string& hash) {
        store.exec("INSERT INTO voiding (kind, form_id, version, record_id, source_hash, reason, voided_by, voided_at) "
                   "VALUES ('audit', 'F-C6006', ?, ?, ?, 'wrong case', 'Q. Lead', ?)",
                   version, id, hash, store.now());
    };
    voidAudit(v2, 2, "h2");
    BOOST_TEST(store.scalar<std::int64_t>("SELECT id FROM audit_latest").value() == v1);  // undone: v1 counts again
    BOOST_TEST(!store.wasImported("h2", "audit-return"));                               // so it may come back
    BOOST_TEST(store.query("SELECT * FROM moderation_latest").size() == 1u);
    voidAudit(v1, 1, std::string(64, 'b'));
    BOOST_TEST(store.query("SELECT * FROM audit_latest").empty());
    BOOST_TEST(store.query("SELECT * FROM moderation_latest").empty());  // the moderation of a voided audit
    BOOST_TEST(store.lastAuditDates().empty());
    // A voided moderation version: the form's earlier version counts again.
    const auto v3 = addSampleCycle(store, "C7007", 1);
    store.exec("INSERT INTO moderation (audit_id, form_id, version, domain, moderator, moderator_grade, mode, period, "
               "source_hash, imported_at) VALUES (?, 'M-C7007-1', 2, '_overall', 'Q. Lead', 'Inadequate', 'blind', "
               "'2026-11', 'h4', ?)", v3, store.now());
    BOOST_TEST(store.scalar<std::string>("SELECT moderator_grade FROM moderation_latest").value() == "Inadequate");
    store.exec("INSERT INTO voiding (kind, form_id, version, reason, voided_by, voided_at) "
               "VALUES ('moderation', 'M-C7007-1', 2, 'typed in the wrong form', 'Q. Lead', ?)", store.now());
    BOOST_TEST(store.scalar<std::string>("SELECT moderator_grade FROM moderation_latest").value() == "Good");
}

// The versions that count, as their is_latest flags say: "1:0 2:1 " is version 1 not counting and 2 counting.
std::string latestFlags(Store& store, const std::string& table, const std::string& formId) {
    std::string out;
    for (const auto& r : store.query("SELECT version, is_latest FROM " + table + " WHERE form_id = ? ORDER BY version, id",
                                     formId))
        out += r.text(0) + ":" + r.text(1) + " ";
    return out;
}

// The is_latest flags (migration 8) follow every write, whoever makes it: a new version, a voided one (the one before
// counts again), a voiding undone (its row deleted), a form renamed; a moderation follows its form's versions and its
// audit's voiding. After each step every flag agrees with its definition (Store::latestFlagProblems), and a flag set
// wrongly by hand is found.
void checkLatestFlagsFollowEveryWrite(const std::string& spec) {
    Store store(spec);
    const auto v1 = addSampleCycle(store, "C8008", 1);  // audit F-C8008 version 1, its moderation M-C8008-1
    const auto drawId = store.scalar<std::int64_t>("SELECT draw_id FROM audit WHERE id = ?", v1);
    const auto flags = [&](const char* table, const std::string& form) { return latestFlags(store, table, form); };
    const auto sound = [&] {
        const auto problems = store.latestFlagProblems();
        BOOST_TEST(problems.empty(), problems.front());
    };
    BOOST_TEST(flags("audit", "F-C8008") == "1:1 ");
    BOOST_TEST(flags("moderation", "M-C8008-1") == "1:1 ");
    const auto addVersion = [&](int version) {
        return store.insertReturningId(
            "INSERT INTO audit (form_id, version, draw_id, case_ref, template_id, template_version, auditor, period, "
            "source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "F-C8008", version, drawId, "C8008", "cin-cp", "3", "A. Auditor", "2026-11", "h" + std::to_string(version),
            store.now());
    };
    const auto v2 = addVersion(2);  // re-imported: a new version
    BOOST_TEST(flags("audit", "F-C8008") == "1:0 2:1 ");
    sound();
    const auto voidAudit = [&](std::int64_t id, int version) {
        store.exec("INSERT INTO voiding (kind, form_id, version, record_id, reason, voided_by, voided_at) "
                   "VALUES ('audit', 'F-C8008', ?, ?, 'wrong case', 'Q. Lead', ?)", version, id, store.now());
    };
    voidAudit(v2, 2);
    BOOST_TEST(flags("audit", "F-C8008") == "1:1 2:0 ");
    sound();
    store.exec("DELETE FROM voiding WHERE record_id = ?", v2);  // the voiding undone
    BOOST_TEST(flags("audit", "F-C8008") == "1:0 2:1 ");
    sound();
    // Voiding version 1 leaves version 2 counting but takes version 1's moderation out; undone, it counts again.
    voidAudit(v1, 1);
    BOOST_TEST(flags("audit", "F-C8008") == "1:0 2:1 ");
    BOOST_TEST(flags("moderation", "M-C8008-1") == "1:0 ");
    sound();
    store.exec("DELETE FROM voiding WHERE record_id = ?", v1);
    BOOST_TEST(flags("moderation", "M-C8008-1") == "1:1 ");
    // A moderation's second version (two domains) counts; voided, the first counts again; undone, the second.
    for (const char* domain : {"_overall", "plan"})
        store.exec("INSERT INTO moderation (audit_id, form_id, version, domain, moderator, moderator_grade, mode, period, "
                   "source_hash, imported_at) VALUES (?, 'M-C8008-1', 2, ?, 'Q. Lead', 'Good', 'blind', '2026-11', "
                   "'m2', ?)", v1, domain, store.now());
    BOOST_TEST(flags("moderation", "M-C8008-1") == "1:0 2:1 2:1 ");
    store.exec("INSERT INTO voiding (kind, form_id, version, reason, voided_by, voided_at) "
               "VALUES ('moderation', 'M-C8008-1', 2, 'the wrong form', 'Q. Lead', ?)", store.now());
    BOOST_TEST(flags("moderation", "M-C8008-1") == "1:1 2:0 2:0 ");
    sound();
    store.exec("UPDATE voiding SET version = 1 WHERE kind = 'moderation'");  // the other version voided instead
    BOOST_TEST(flags("moderation", "M-C8008-1") == "1:0 2:1 2:1 ");
    store.exec("DELETE FROM voiding WHERE kind = 'moderation'");
    BOOST_TEST(flags("moderation", "M-C8008-1") == "1:0 2:1 2:1 ");
    // A version moved to another form: both forms' flags follow; deleted, the one before counts again.
    store.exec("UPDATE audit SET form_id = 'F-C8008b' WHERE id = ?", v2);
    BOOST_TEST(flags("audit", "F-C8008") == "1:1 ");
    BOOST_TEST(flags("audit", "F-C8008b") == "2:1 ");
    store.exec("UPDATE audit SET form_id = 'F-C8008' WHERE id = ?", v2);
    BOOST_TEST(flags("audit", "F-C8008") == "1:0 2:1 ");
    store.exec("DELETE FROM audit WHERE id = ?", addVersion(3));
    BOOST_TEST(flags("audit", "F-C8008") == "1:0 2:1 ");
    sound();
    // A flag written by hand, past the triggers, is damage the full check names.
    store.exec("UPDATE audit SET is_latest = 1 WHERE id = ?", v1);
    const auto problems = store.latestFlagProblems();
    BOOST_TEST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(contains(problems[0], "1 row(s) of table audit"), problems[0]);
    bool listed = false;
    for (const auto& p : store.integrityProblems(true)) listed = listed || p == problems[0];
    BOOST_TEST(listed);
}

// A store made before migration 8, with corrected, voided and moderated versions, gets flags that say what its
// correlated views said.
void checkLatestFlagsMigrated(const std::string& spec) {
    std::vector<std::int64_t> audits, moderations;
    {
        Store old(spec, StoreOptions{10000, StoreOpen::Create, 7});
        BOOST_TEST_REQUIRE(old.schemaVersion() == 7);
        const auto a1 = addSampleCycle(old, "C9009", 1);
        const auto drawId = old.scalar<std::int64_t>("SELECT draw_id FROM audit WHERE id = ?", a1);
        const auto b1 = addSampleCycle(old, "C9010", 1, drawId);
        addSampleCycle(old, "C9011", 1, drawId);
        std::vector<std::int64_t> ids;
        for (int version = 2; version <= 3; ++version)
            ids.push_back(old.insertReturningId(
                "INSERT INTO audit (form_id, version, draw_id, case_ref, template_id, template_version, auditor, "
                "period, source_hash, imported_at) VALUES ('F-C9009', ?, ?, 'C9009', 'cin-cp', '3', 'A', '2026-11', "
                "?, ?)", version, drawId, "h" + std::to_string(version), old.now()));
        old.exec("INSERT INTO voiding (kind, form_id, version, record_id, reason, voided_by, voided_at) "
                 "VALUES ('audit', 'F-C9009', 3, ?, 'wrong case', 'Q. Lead', ?)", ids[1], old.now());
        old.exec("INSERT INTO voiding (kind, form_id, version, record_id, reason, voided_by, voided_at) "
                 "VALUES ('audit', 'F-C9010', 1, ?, 'wrong case', 'Q. Lead', ?)", b1, old.now());
        old.exec("INSERT INTO moderation (audit_id, form_id, version, domain, moderator, moderator_grade, mode, period, "
                 "source_hash, imported_at) VALUES (?, 'M-C9011-1', 2, '_overall', 'Q. Lead', 'Good', 'blind', "
                 "'2026-11', 'm2', ?)", a1, old.now());
        for (const auto& r : old.query("SELECT id FROM audit_latest ORDER BY id")) audits.push_back(r.integer(0));
        for (const auto& r : old.query("SELECT id FROM moderation_latest ORDER BY id")) moderations.push_back(r.integer(0));
        BOOST_TEST(audits.size() == 2u);       // F-C9009 version 2 and F-C9011; F-C9010 voided
        BOOST_TEST(moderations.size() == 2u);  // M-C9009-1 and M-C9011-1 version 2
    }
    Store store(spec);
    BOOST_TEST(store.schemaVersion() == Store::latestSchemaVersion());
    std::vector<std::int64_t> flagged, flaggedModerations;
    for (const auto& r : store.query("SELECT id FROM audit WHERE is_latest = 1 ORDER BY id")) flagged.push_back(r.integer(0));
    for (const auto& r : store.query("SELECT id FROM moderation WHERE is_latest = 1 ORDER BY id"))
        flaggedModerations.push_back(r.integer(0));
    BOOST_TEST(flagged == audits, boost::test_tools::per_element());
    BOOST_TEST(flaggedModerations == moderations, boost::test_tools::per_element());
    BOOST_TEST(store.latestFlagProblems().empty());
    BOOST_TEST(latestFlags(store, "audit", "F-C9009") == "1:0 2:1 3:0 ");
}

// A command that only reads never creates a store: a missing one is Error(NoInput) naming it, and nothing is made.
// Read-only opening refuses writes; the store's identity is made once and kept.
void checkOpenModes(const std::string& spec, const std::string& missing) {
    for (auto mode : {StoreOpen::ReadWrite, StoreOpen::ReadOnly}) {
        try {
            Store store(missing, mode);
            BOOST_FAIL("expected an error");
        } catch (const Error& e) {
            BOOST_TEST(e.exitCode() == 66);
            BOOST_TEST(contains(e.what(), storeDisplayName(missing)));
            BOOST_TEST(contains(e.what(), "does not create"));
        }
    }
    if (missing.rfind("postgresql:", 0) != 0) BOOST_TEST(!fs::exists(missing));
    std::string id;
    {
        Store store(spec);
        addSampleCycle(store, "C8008");
        BOOST_TEST(!store.existingStoreId());
        id = store.storeId();
        BOOST_TEST(id.size() == 32u);
        BOOST_TEST(store.storeId() == id);
    }
    Store readOnly(spec, StoreOpen::ReadOnly);
    BOOST_TEST(readOnly.existingStoreId().value_or("") == id);
    BOOST_TEST(readOnly.scalar<std::int64_t>("SELECT COUNT(*) FROM audit_latest").value() == 1);
    BOOST_CHECK_THROW(readOnly.logEvent("audit-score", "status"), Error);
    Store readWrite(spec, StoreOpen::ReadWrite);
    readWrite.logEvent("audit-score", "void");
    BOOST_TEST(readWrite.scalar<std::int64_t>("SELECT COUNT(*) FROM event_log").value() == 1);
}

// The partnership report's reads (report_store.cpp streams them with forEachRow): a few rounds of audits with a
// corrected return, domain grades, moderations and answers; the workbook written from the store. Returns its bytes,
// which must not depend on the back end.
std::string reportWorkbookFrom(const std::string& spec, const std::string& out) {
    Store store(spec);
    store.setClock([] { return std::string("2026-11-30T12:00:00Z"); });
    const auto first = addSampleCycle(store, "C7000", 1);
    const auto drawId = store.scalar<std::int64_t>("SELECT draw_id FROM audit WHERE id = ?", first);
    store.transaction([&] {  // a corrected return: only version 2 counts
        const auto id = store.insertReturningId(
            "INSERT INTO audit (form_id, version, draw_id, case_ref, template_id, template_version, auditor, team, "
            "period, completed_date, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "F-C7000", 2, drawId, "C7000", "cin-cp", "3", "A. Auditor", "CP East", "2026-11", "2026-11-20", "h2",
            store.now());
        store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank) VALUES (?, ?, ?, ?)", id,
                   "_overall", "Inadequate", 1);
    });
    const char* grades[] = {"", "Inadequate", "Requires improvement", "Good", "Outstanding"};
    for (int i = 1; i <= 12; ++i) {
        const auto id = addSampleCycle(store, "C70" + std::to_string(10 + i), 1, drawId);
        store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank, auditor_grade, auditor_rank) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   id, "voice", grades[1 + i % 4], 1 + i % 4, grades[1 + (i + 1) % 4], 1 + (i + 1) % 4);
        store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank) VALUES (?, ?, ?, ?)", id,
                   "plan", grades[1 + i % 3], 1 + i % 3);
        store.exec("INSERT INTO answer (audit_id, question_id, answer) VALUES (?, ?, ?)", id, "voice-words",
                   i % 3 ? "Yes" : "Partly");
        if (i % 2)
            store.exec("INSERT INTO moderation (audit_id, form_id, domain, moderator, moderator_grade, moderator_rank, "
                       "agreed_grade, agreed_rank, period, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       id, "MV-" + std::to_string(i), "voice", "Q. Lead", grades[1 + i % 4], 1 + i % 4,
                       grades[1 + i % 4], 1 + i % 4, "2026-11", "h", store.now());
    }
    const ReportDefinition def = loadReportDefinition(reportDefinitionPath("lscb"));
    const report::ReportData data = report::loadReportData(store, &def);
    BOOST_TEST(data.audits.size() == 13u);
    BOOST_TEST(data.answers.size() == 12u);
    report::LscbOptions o;
    o.period = *parsePeriod("2026-Q4");
    o.storeName = "store";
    const report::LscbResult r = report::writeLscbWorkbook(out, def, data, {}, {}, o);
    BOOST_TEST(r.audits == 13u);
    BOOST_TEST(r.moderated == 12u);  // each sample cycle moderates its overall grade; C7000's was version 1
    return test::readText(out);
}

void checkCursorRows(const std::string& spec) {
    Store store(spec);
    addSampleCycle(store, "C8000");
    std::vector<std::string> seen;
    forEachRow(store, "SELECT question_id, answer, evidence, score, audit_id FROM answer WHERE domain = ? "
                      "ORDER BY question_id", {"assessment"},
               [&](const StoreCursorRow& row) {
                   seen.push_back(std::string(row.text(0)) + "|" + std::string(row.text(1)) + "|" +
                                  std::string(row.text(2)) + "|" + std::to_string(row.real(3)) + "|" +
                                  std::to_string(row.integer(4)) + "|" + (row.isNull(3) ? "null" : "set"));
               });
    BOOST_TEST((seen == std::vector<std::string>{"A1|Yes|seen alone 3/10|1.000000|1|set",
                                                 "A2|Not applicable||0.000000|1|null"}));
    BOOST_CHECK_THROW(forEachRow(store, "SELECT nothing FROM nowhere", {}, [](const StoreCursorRow&) {}), Error);
}

void checkNewerSchemaIsRefused(const std::string& spec) {
    std::string before;
    {
        Store store(spec);
        store.exec("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                   Store::latestSchemaVersion() + 1, "from the future", store.now());
        before = store.dump();
    }
    try {
        Store again(spec);
        BOOST_FAIL("expected a newer-schema error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(contains(e.what(), "newer than this toolkit"));
        BOOST_TEST(contains(e.what(), "version " + std::to_string(Store::latestSchemaVersion() + 1)));
    }
}


// The moderation cycle on a store (issue 6): audits of two periods, a seeded moderation draw per period with
// moderators, the forms rendered (a blank one refused), CSV returns imported (and re-imported: unchanged) and
// the accuracy query. Returns what it found as text, so that SQLite and PostgreSQL can be compared.
std::string checkModerationCycle(const std::string& spec, const std::string& dir) {
    using namespace audit::moderation;
    static const Catalogue catalogue = Catalogue::load(test::sourceDir());
    const std::vector<std::string> grades = {"Inadequate", "Requires improvement", "Good", "Outstanding"};
    Store store(spec);
    int n = 0;
    for (const std::string period : {"2026-10", "2026-11"})
        for (int a = 1; a <= 3; ++a)
            for (int k = 0; k < 4; ++k, ++n) {
                const std::string form = "F-" + period + "-" + std::to_string(a) + std::to_string(k);
                const auto id = store.insertReturningId(
                    "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, team, "
                    "period, source_hash, imported_at) VALUES (?, 1, ?, 'cin-cp', '3', ?, 'T', ?, 'h', ?)",
                    form, "C" + form, "A" + std::to_string(a), period, store.now());
                for (const std::string domain : {"_overall", "assessment"})
                    store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, auditor_grade, rationale) "
                               "VALUES (?, ?, ?, ?, 'because')",
                               id, domain, grades[static_cast<std::size_t>((n * 3 + a) % 4)],
                               grades[static_cast<std::size_t>((n * 3 + a + (domain == "_overall" ? 1 : 0)) % 4)]);
            }
    std::string found;
    const auto scale = frameworkScale(catalogue, "ofsted-four-point");
    for (const std::string period : {"2026-10", "2026-11"}) {
        const auto candidates = loadCandidates(store, period, scale);
        BOOST_TEST(candidates.size() == 12u);
        SamplePolicy policy;
        policy.fraction = 0.5;
        Random random(11);
        const Sample sample = drawSample(candidates, policy, random);
        const auto moderators = allocateModerators(candidates, sample, {{"M1", 20}, {"M2", 20}});
        const auto drawId = recordDraw(store, period, 11, policy, scale, candidates, sample, moderators);
        const auto forms = writeDrawForms(store, catalogue, drawId, std::nullopt, dir + "/" + period);
        BOOST_TEST(forms.size() == sample.selected.size());
        try {  // a blank form: every grade missing, nothing stored
            importForm(store, catalogue, forms.front());
            BOOST_FAIL("a blank form was accepted");
        } catch (const Error& e) {
            BOOST_TEST(contains(e.what(), "the moderator's grade is blank"));
        }
        // A2 is moved down one grade overall wherever possible; everything else agreed.
        std::string csv = "form_id,domain,moderator,moderator_grade,reason_code,reason,agreed_grade\n";
        for (std::size_t k = 0; k < sample.selected.size(); ++k) {
            const Candidate& c = candidates[sample.selected[k].candidate];
            found += period + " " + c.formId + " " + moderators[k] + "\n";
            for (const auto& j : store.query("SELECT domain, auditor_grade FROM judgement WHERE audit_id = ? ORDER BY domain",
                                             c.auditId)) {
                std::size_t g = *scale.parse(j.text("auditor_grade"));
                std::string code = "agreed", reason;
                if (c.auditor == "A2" && j.text("domain") == "_overall" && g > 0) {
                    --g;
                    code = "over-generous";
                    reason = "Not evidenced";
                }
                csv += c.formId + "," + j.text("domain") + "," + moderators[k] + "," + scale.label(g) + "," + code +
                       "," + reason + "," + scale.label(g) + "\n";
            }
        }
        const std::string path = dir + "/" + period + ".csv";
        test::writeText(path, csv);
        const auto first = importCsv(store, catalogue, path);
        BOOST_TEST(first.imported == sample.selected.size());
        BOOST_TEST(importCsv(store, catalogue, path).unchanged == sample.selected.size());
    }
    AccuracyOptions options;
    options.minN = 2;
    const PairSet pairs = loadPairs(store, options, catalogue);
    BOOST_TEST(pairs.framework == "ofsted-four-point");
    const Accuracy acc = accuracy(pairs.pairs, options, pairs.scale.size());
    for (const auto& r : acc.rows) {
        found += r.group + " " + r.period + " n=" + std::to_string(r.table.n()) + " exact=" +
                 std::to_string(r.exact.value.value_or(-1)) + " down=" + std::to_string(r.down) + "\n";
        if (r.group != "A2") BOOST_TEST(r.down == 0u);
    }
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM moderation_latest WHERE reason_code = 'over-generous'")
                   .value() > 0);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM import_log WHERE kind = 'moderation-form' AND "
                                          "outcome = 'rejected'")
                   .value() == 2);
    return found;
}

std::string gSqliteModeration;  // what the SQLite run found, for the PostgreSQL run to compare

}  // namespace

// ------------------------------------------------------------------------------------------------ SQLite

BOOST_AUTO_TEST_SUITE(sqlite)

BOOST_AUTO_TEST_CASE(moderation_draw_import_and_accuracy) {
    test::TempDir dir;
    gSqliteModeration = checkModerationCycle(dir.file("audit.db"), dir.path());
    BOOST_TEST(!gSqliteModeration.empty());
}

BOOST_AUTO_TEST_CASE(a_fresh_file_is_migrated) {
    test::TempDir dir;
    checkFreshStoreIsMigrated(dir.file("audit.db"));
    BOOST_TEST(fs::exists(dir.file("audit.db")));
}

BOOST_AUTO_TEST_CASE(audit_now_fixes_the_clock_and_a_bad_value_is_a_usage_error) {
    test::TempDir dir;
    ::setenv("AUDIT_NOW", "2026-07-01T09:00:00Z", 1);
    {
        Store s(dir.file("audit.db"));
        BOOST_TEST(s.now() == "2026-07-01T09:00:00Z");
        s.logEvent("test", "clock", "");
        BOOST_TEST(s.query("SELECT at FROM event_log WHERE command = 'clock'").at(0).text(0) == "2026-07-01T09:00:00Z");
    }
    ::setenv("AUDIT_NOW", "1 July 2026", 1);
    try {
        Store s(dir.file("audit.db"));
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 64);
        BOOST_TEST(std::string(e.what()).find("AUDIT_NOW '1 July 2026' is not a UTC time") != std::string::npos, e.what());
    }
    ::unsetenv("AUDIT_NOW");
    Store s(dir.file("audit.db"));
    BOOST_TEST(s.now() != "2026-07-01T09:00:00Z");
    BOOST_TEST(s.now().size() == 20u);
}

// SQLite's locks are POSIX advisory locks, which a process loses on a file when it closes ANY descriptor of that file.
// A second Store on the same file in one process (audit-serve's pool, a job opening the store again) used to read
// the file's header through its own descriptor and close it: the process silently lost the shared lock that WAL
// mode holds, and the next other process to close the store found itself the last user, checkpointed, and deleted
// the -wal file the first connections were still writing to (their writes then went to an unlinked file: never seen
// by any other process, and a lost or damaged store when they stopped).
BOOST_AUTO_TEST_CASE(a_second_store_on_the_same_file_keeps_the_process_locks) {
    test::TempDir dir;
    const std::string path = dir.file("audit.db");
    Store first(path);
    first.logEvent("test", "before", "");
    Store second(path);  // the pool's next connection
    second.logEvent("test", "second", "");
    // Another process opens and closes the store, as a command-line tool does while the server runs.
    const auto other = test::runPython("import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\n"
                                       "c.execute('SELECT COUNT(*) FROM event_log').fetchall()\nc.close()\n", {path});
    BOOST_TEST_REQUIRE(other.exitCode == 0, other.err);
    BOOST_TEST(fs::exists(path + "-wal"), "the -wal file was deleted under the open store");
    first.logEvent("test", "after", "");
    // What the first connection writes now reaches other processes.
    const auto seen = test::runPython("import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\n"
                                      "print(c.execute(\"SELECT COUNT(*) FROM event_log WHERE command = 'after'\").fetchone()[0])\n",
                                      {path});
    BOOST_TEST(seen.out == "1\n", seen.out + seen.err);
}

BOOST_AUTO_TEST_CASE(reopening_is_a_no_op) {
    test::TempDir dir;
    checkReopenIsANoOp(dir.file("audit.db"));
    checkReopenIsANoOp("sqlite:" + dir.file("prefixed.db"));
}

BOOST_AUTO_TEST_CASE(a_failed_transaction_leaves_the_store_exactly_as_it_was) {
    test::TempDir dir;
    checkRollbackLeavesTheStoreAsItWas(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(nested_transactions_use_savepoints) {
    test::TempDir dir;
    checkNestedTransactionUndoesOnlyTheInnerPart(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(foreign_keys_and_checks_are_enforced) {
    test::TempDir dir;
    checkForeignKeysAndChecksAreEnforced(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(placeholders_ids_values_and_bookkeeping) {
    test::TempDir dir;
    checkHelpers(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(the_latest_version_of_an_audit_counts) {
    test::TempDir dir;
    checkLatestVersions(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(latest_flags_follow_every_write) {
    test::TempDir dir;
    checkLatestFlagsFollowEveryWrite(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(an_older_store_gets_the_latest_flags_its_views_gave) {
    test::TempDir dir;
    checkLatestFlagsMigrated(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(large_results_stream_row_by_row) {
    test::TempDir dir;
    checkCursorRows(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(the_partnership_report_reads_its_data) {
    test::TempDir dir;
    const std::string a = reportWorkbookFrom(dir.file("a.db"), dir.file("a.xlsx"));
    const std::string b = reportWorkbookFrom(dir.file("b.db"), dir.file("b.xlsx"));
    BOOST_TEST(a.size() > 1000u);
    BOOST_TEST((a == b));  // same data, same bytes
}

BOOST_AUTO_TEST_CASE(a_newer_schema_is_refused_and_left_alone) {
    test::TempDir dir;
    checkNewerSchemaIsRefused(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(wal_mode_lets_a_reader_read_while_a_writer_writes) {
    test::TempDir dir;
    const auto path = dir.file("audit.db");
    Store writer(path);
    Store reader(path);
    BOOST_TEST(writer.journalMode() == "wal");
    BOOST_TEST(reader.journalMode() == "wal");
    writer.transaction([&] {
        writer.logEvent("t", "uncommitted");
        BOOST_TEST(fs::exists(path + "-wal"));
        BOOST_TEST(reader.scalar<std::int64_t>("SELECT COUNT(*) FROM event_log").value() == 0);
    });
    BOOST_TEST(reader.scalar<std::int64_t>("SELECT COUNT(*) FROM event_log").value() == 1);
}

BOOST_AUTO_TEST_CASE(a_second_writer_waits_then_fails_clearly_and_changes_nothing) {
    test::TempDir dir;
    const auto path = dir.file("audit.db");
    Store first(path);
    Store second(path, StoreOptions{300});
    const auto started = std::chrono::steady_clock::now();
    first.transaction([&] {
        first.logEvent("first", "writing");
        // Opening and reading do not wait for the writer (WAL; an up-to-date store needs no write to open).
        Store reader(path, StoreOptions{300});
        BOOST_TEST(reader.scalar<std::int64_t>("SELECT COUNT(*) FROM event_log").value() == 0);
        try {
            second.transaction([&] { second.logEvent("second", "writing"); });
            BOOST_FAIL("expected the second writer to be refused");
        } catch (const Error& e) {
            BOOST_TEST(e.exitCode() == 74);
            BOOST_TEST(contains(e.what(), path + ": the store is busy: another program is writing to it"));
        }
        BOOST_TEST(!second.inTransaction());
    });
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    BOOST_TEST(waited >= 0.25);
    BOOST_TEST(waited < 5.0);
    // Once the first has committed, the second can write.
    second.transaction([&] { second.logEvent("second", "writing"); });
    BOOST_TEST(second.scalar<std::int64_t>("SELECT COUNT(*) FROM event_log").value() == 2);
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_sqlite_is_refused_and_left_alone) {
    test::TempDir dir;
    const auto path = dir.file("cases.csv");
    test::writeText(path, "case_ref,team\nC1,CP East\n");
    try {
        Store store(path);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(std::string(e.what()).rfind(path + ": is not an SQLite database", 0) == 0);
    }
    BOOST_TEST(test::readText(path) == "case_ref,team\nC1,CP East\n");
    BOOST_TEST(!fs::exists(path + "-wal"));
    // A tiny file is not a database either.
    test::writeText(dir.file("x"), "x");
    BOOST_CHECK_THROW(Store(dir.file("x")), Error);
}

BOOST_AUTO_TEST_CASE(an_sqlite_database_of_another_program_is_refused) {
    test::TempDir dir;
    const auto path = dir.file("other.db");
    {
        Poco::Data::Session s("SQLite", path);  // connectors are registered by an earlier Store
        s << "CREATE TABLE contacts (name TEXT)", Poco::Data::Keywords::now;
        s << "INSERT INTO contacts VALUES ('A. Person')", Poco::Data::Keywords::now;
    }
    const std::string before = test::readText(path);
    try {
        Store store(path);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(contains(e.what(), "not an audit store"));
    }
    // Refused before anything that changes the file: not even the journal mode (WAL sets bytes 18 and 19).
    BOOST_TEST((test::readText(path) == before));
    BOOST_TEST(!fs::exists(path + "-wal"));
}

BOOST_AUTO_TEST_CASE(a_voided_version_stops_counting) {
    test::TempDir dir;
    checkVoidedVersionsStopCounting(dir.file("audit.db"));
}

BOOST_AUTO_TEST_CASE(reading_never_creates_a_store) {
    test::TempDir dir;
    checkOpenModes(dir.file("audit.db"), dir.file("elsewhere.db"));
    // An empty file is no store either.
    test::writeText(dir.file("empty.db"), "");
    BOOST_CHECK_THROW(Store(dir.file("empty.db"), StoreOpen::ReadOnly), Error);
    BOOST_TEST(storeDisplayName("sqlite:a.db") == "a.db");
    BOOST_TEST(storeDisplayName("postgresql:host=db password=secret") == "postgresql:host=db password=***");
}

BOOST_AUTO_TEST_CASE(a_missing_folder_or_a_folder_is_a_clear_error) {
    try {
        Store store("/nonexistent-folder/audit.db");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 73);
        BOOST_TEST(std::string(e.what()) ==
                   "/nonexistent-folder/audit.db: cannot create the store: folder '/nonexistent-folder' does not exist");
    }
    test::TempDir dir;
    BOOST_CHECK_THROW(Store(dir.path()), Error);
    BOOST_CHECK_THROW(Store(""), Error);
}

BOOST_AUTO_TEST_CASE(an_in_memory_store_works_for_tests) {
    Store store(":memory:");
    BOOST_TEST(store.schemaVersion() == Store::latestSchemaVersion());
    addSampleCycle(store);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM answer").value() == 2);
}

// exec() keeps each text's prepared statement (an import runs the same dozen for every form): Poco prepared and
// finalized it on every call. Values are bound afresh each run, errors are as before, and the statements are
// finalized before the connection closes (else SQLite would not close it, and the -wal file would stay).
BOOST_AUTO_TEST_CASE(exec_prepares_a_statement_once_and_keeps_it) {
    test::TempDir dir;
    const auto path = dir.file("audit.db");
    {
        Store store(path);
        sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(store.session());
        const auto statements = [&] {
            int n = 0;
            for (sqlite3_stmt* st = sqlite3_next_stmt(db, nullptr); st; st = sqlite3_next_stmt(db, st)) ++n;
            return n;
        };
        const std::string insert =
            "INSERT INTO import_log (source_file, source_hash, kind, outcome, details, at) VALUES (?, ?, ?, ?, ?, ?)";
        store.exec(insert, "a.xlsx", "h1", "audit-return", "imported", std::nullopt, "2026-11-23T01:00:00Z");
        const int kept = statements();
        BOOST_TEST(kept >= 1);
        BOOST_TEST(store.exec(insert, "b.xlsx", "h2", "audit-return", "rejected", "row 3", "2026-11-23T01:00:01Z") == 1u);
        BOOST_TEST(statements() == kept);
        // A bulk run binds each element; NULLs as NULL.
        const std::vector<std::string> files{"c.xlsx", "d.xlsx"}, hashes{"h3", "h4"};
        const std::vector<std::optional<std::string>> details{std::nullopt, "late"};
        store.exec(insert, files, hashes, "audit-return", "imported", details, "2026-11-23T01:00:02Z");
        BOOST_TEST(statements() == kept);
        // A statement without values (the schema's, once) is not kept, except a transaction's own.
        store.exec("CREATE TABLE scratch (x INTEGER)");
        BOOST_TEST(statements() == kept);
        const auto rows = store.query("SELECT source_file, source_hash, details FROM import_log ORDER BY id");
        BOOST_TEST_REQUIRE(rows.size() == 4u);
        BOOST_TEST(rows[1].text("details") == "row 3");
        BOOST_TEST(rows[2].isNull("details"));
        BOOST_TEST(rows[3].text("source_hash") == "h4");
        BOOST_TEST(rows[3].text("details") == "late");
        // A violated constraint through a kept statement: the same error, and the statement runs again afterwards.
        try {
            store.exec(insert, "e.xlsx", "h5", "audit-return", "maybe", std::nullopt, "2026-11-23T01:00:03Z");
            BOOST_FAIL("expected a constraint error");
        } catch (const Error& e) {
            BOOST_TEST(e.exitCode() == 65);
            BOOST_TEST(contains(e.what(), "constraint violated"));
            BOOST_TEST(contains(e.what(), path));
        }
        store.exec(insert, "e.xlsx", "h5", "audit-return", "imported", std::nullopt, "2026-11-23T01:00:03Z");
        BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM import_log").value() == 5);
        // Vectors of different lengths, and too few values, are errors.
        BOOST_CHECK_THROW(store.exec(insert, files, std::vector<std::string>{"h6"}, "k", "imported", details, "t"), Error);
        BOOST_CHECK_THROW(store.exec(insert, "f.xlsx", "h7"), Error);
        // A rolled-back transaction undoes what kept statements wrote.
        BOOST_CHECK_THROW(store.transaction([&] {
            store.exec(insert, "g.xlsx", "h8", "audit-return", "imported", std::nullopt, "2026-11-23T01:00:04Z");
            throw Error(ErrorKind::Data, "stop");
        }),
                          Error);
        BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM import_log").value() == 5);
    }
    BOOST_TEST(!fs::exists(path + "-wal"));  // the connection closed
}

BOOST_AUTO_TEST_CASE(sql_is_unchanged_on_sqlite) {
    Store store(":memory:");
    BOOST_TEST((store.backend() == StoreBackend::SQLite));
    BOOST_TEST(store.sql("SELECT ? , '?'") == "SELECT ? , '?'");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(placeholders_are_numbered_outside_quotes_and_comments) {
    BOOST_TEST(numberPlaceholders("INSERT INTO t (a, b) VALUES (?, ?)") == "INSERT INTO t (a, b) VALUES ($1, $2)");
    BOOST_TEST(numberPlaceholders("SELECT '?', \"a?\", ? -- what?\n, ? /* ? */, 'it''s?', ?") ==
               "SELECT '?', \"a?\", $1 -- what?\n, $2 /* ? */, 'it''s?', $3");
    BOOST_TEST(numberPlaceholders("no placeholders") == "no placeholders");
}

BOOST_AUTO_TEST_CASE(passwords_are_hidden_from_messages) {
    try {
        // Nothing listens on port 1: the connection fails at once.
        Store store("postgresql:host=127.0.0.1 port=1 dbname=audit user=qa password=s3cret connect_timeout=2");
        BOOST_FAIL("expected a connection error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 74);
        BOOST_TEST(contains(e.what(), "postgresql:host=127.0.0.1 port=1 dbname=audit user=qa password=*** "));
        BOOST_TEST(contains(e.what(), "cannot connect to PostgreSQL"));
        BOOST_TEST(!contains(e.what(), "s3cret"));
    }
    try {
        Store store("postgresql://qa:s3cret@127.0.0.1:1/audit");
        BOOST_FAIL("expected a connection error");
    } catch (const Error& e) {
        BOOST_TEST(contains(e.what(), "postgresql://qa:***@127.0.0.1:1/audit"));
        BOOST_TEST(!contains(e.what(), "s3cret"));
    }
    BOOST_CHECK_THROW(Store("postgresql:  "), Error);
}

// ------------------------------------------------------------------------------------------------ PostgreSQL
// A real server, started for this suite (tests/support/pg_server.h); each test gets its own schema.

namespace {
test::PostgresServer& server() { return test::postgresServer(); }
using StopServerAfterSuite = test::StopPostgresServerAfterSuite;
}  // namespace

BOOST_AUTO_TEST_SUITE(postgresql, *boost::unit_test::fixture<StopServerAfterSuite>())

BOOST_AUTO_TEST_CASE(a_fresh_database_is_migrated) {
    const auto spec = server().freshSpec();
    checkFreshStoreIsMigrated(spec);
    Store store(spec);
    BOOST_TEST((store.backend() == StoreBackend::PostgreSQL));
    BOOST_TEST(store.sql("VALUES (?, '?', ?)") == "VALUES ($1, '?', $2)");
    BOOST_TEST(store.journalMode() == "");
}

BOOST_AUTO_TEST_CASE(reopening_is_a_no_op) { checkReopenIsANoOp(server().freshSpec()); }

BOOST_AUTO_TEST_CASE(a_failed_transaction_leaves_the_store_exactly_as_it_was) {
    checkRollbackLeavesTheStoreAsItWas(server().freshSpec());
}

BOOST_AUTO_TEST_CASE(nested_transactions_use_savepoints) {
    checkNestedTransactionUndoesOnlyTheInnerPart(server().freshSpec());
}

BOOST_AUTO_TEST_CASE(foreign_keys_and_checks_are_enforced) { checkForeignKeysAndChecksAreEnforced(server().freshSpec()); }

BOOST_AUTO_TEST_CASE(placeholders_ids_values_and_bookkeeping) { checkHelpers(server().freshSpec()); }

BOOST_AUTO_TEST_CASE(the_latest_version_of_an_audit_counts) { checkLatestVersions(server().freshSpec()); }

BOOST_AUTO_TEST_CASE(latest_flags_follow_every_write) { checkLatestFlagsFollowEveryWrite(server().freshSpec()); }

BOOST_AUTO_TEST_CASE(an_older_store_gets_the_latest_flags_its_views_gave) {
    checkLatestFlagsMigrated(server().freshSpec());
}

BOOST_AUTO_TEST_CASE(large_results_stream_row_by_row) { checkCursorRows(server().freshSpec()); }

BOOST_AUTO_TEST_CASE(a_voided_version_stops_counting) { checkVoidedVersionsStopCounting(server().freshSpec()); }

BOOST_AUTO_TEST_CASE(reading_never_creates_a_store) {
    checkOpenModes(server().freshSpec(), server().freshSpec());
}

// The partnership report's queries on PostgreSQL give the same workbook, byte for byte, as on SQLite.
BOOST_AUTO_TEST_CASE(the_partnership_report_reads_the_same_as_from_sqlite) {
    test::TempDir dir;
    const std::string sqlite = reportWorkbookFrom(dir.file("a.db"), dir.file("a.xlsx"));
    const std::string postgres = reportWorkbookFrom(server().freshSpec(), dir.file("b.xlsx"));
    BOOST_TEST((sqlite == postgres));
}

BOOST_AUTO_TEST_CASE(a_newer_schema_is_refused_and_left_alone) { checkNewerSchemaIsRefused(server().freshSpec()); }

BOOST_AUTO_TEST_CASE(a_database_of_another_program_is_refused) {
    const auto spec = server().freshSpec();
    {
        Store store(spec);
    }
    // Same database, another schema holding someone else's table.
    const auto other = server().freshSpec();
    Poco::Data::Session s("PostgreSQL", other.substr(std::string("postgresql:").size()));
    s << "CREATE TABLE contacts (name TEXT)", Poco::Data::Keywords::now;
    try {
        Store store(other);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(contains(e.what(), "not an audit store"));
    }
}

BOOST_AUTO_TEST_CASE(moderation_draw_import_and_accuracy) {
    test::TempDir dir;
    const std::string found = checkModerationCycle(server().freshSpec(), dir.path());
    BOOST_TEST(!found.empty());
    if (!gSqliteModeration.empty()) BOOST_TEST(found == gSqliteModeration);  // the same draw, grades and figures
}

BOOST_AUTO_TEST_CASE(the_server_folder_is_temporary) { BOOST_TEST(fs::is_directory(server().dir())); }

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------------ benchmark
// On demand only (disabled in ctest):  build/tests/store_test --run_test=store_bench --log_level=message
// The store's share of the tools' heavy jobs on a local SQLite file.

BOOST_AUTO_TEST_CASE(store_bench, *boost::unit_test::disabled()) {
    using clock = std::chrono::steady_clock;
    const auto seconds = [](clock::time_point since) {
        return std::chrono::duration<double>(clock::now() - since).count();
    };
    test::TempDir dir;
    Store store(dir.file("bench.db"));

    // 1. An import-like load: 1,000 returns, each its own transaction with 1 audit, 40 answers, 10 judgements.
    auto t = clock::now();
    for (int i = 0; i < 1000; ++i) {
        store.transaction([&] {
            const auto id = store.insertReturningId(
                "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, period, "
                "completed_date, source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "F" + std::to_string(i), 1, "C" + std::to_string(i), "cin-cp", "3", "A" + std::to_string(i % 25),
                "2026-11", "2026-11-15", std::to_string(i), store.now());
            std::vector<std::int64_t> ids(40, id);
            std::vector<std::string> questions, answers(40, "Yes");
            for (int q = 0; q < 40; ++q) questions.push_back("Q" + std::to_string(q));
            store.exec("INSERT INTO answer (audit_id, question_id, answer) VALUES (?, ?, ?)", ids, questions, answers);
            std::vector<std::int64_t> jids(10, id);
            std::vector<std::string> domains, grades(10, "Good");
            for (int d = 0; d < 10; ++d) domains.push_back("D" + std::to_string(d));
            store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, auditor_grade) VALUES (?, ?, ?, ?)",
                       jids, domains, grades, grades);
        });
    }
    BOOST_TEST_MESSAGE("1,000 returns (1 audit + 40 answers + 10 judgements each, one transaction each): "
                       << seconds(t) << " s");

    // 2. A sample's members in one bulk insert.
    const int n = 100000;
    const auto drawId = store.insertReturningId(
        "INSERT INTO draw (kind, created_at, seed, algorithm, sample_size) VALUES (?, ?, ?, ?, ?)", "audit", store.now(),
        "1", "x", n);
    store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, ?, ?, ?)", drawId, "s", n, n);
    std::vector<std::int64_t> draws(n, drawId);
    std::vector<std::string> refs, strata(n, "s");
    std::vector<double> pis(n, 0.5), weights(n, 2.0);
    for (int i = 0; i < n; ++i) refs.push_back("C" + std::to_string(i));
    t = clock::now();
    store.transaction([&] {
        store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
                   "VALUES (?, ?, ?, ?, ?)",
                   draws, refs, strata, pis, weights);
    });
    BOOST_TEST_MESSAGE("100,000 draw_member rows, one bulk insert: " << seconds(t) << " s");

    // 3. Reading back: query() (values converted on access) and a Poco statement into vectors.
    t = clock::now();
    const auto rows = store.query("SELECT a.case_ref, a.auditor, j.domain, j.computed_grade, j.auditor_grade, "
                                  "a.completed_date FROM audit_latest a JOIN judgement j ON j.audit_id = a.id");
    BOOST_TEST_MESSAGE("query(): " << rows.size() << " rows x 6 columns: " << seconds(t) << " s");
    t = clock::now();
    std::vector<std::string> caseRefs;
    std::vector<double> probabilities;
    auto st = store.statement("SELECT case_ref, inclusion_probability FROM draw_member WHERE draw_id = ?");
    std::int64_t id = drawId;
    st, Poco::Data::Keywords::into(caseRefs), Poco::Data::Keywords::into(probabilities), Poco::Data::Keywords::use(id),
        Poco::Data::Keywords::now;
    BOOST_TEST_MESSAGE("statement() into vectors: " << caseRefs.size() << " rows x 2 columns: " << seconds(t) << " s");
    t = clock::now();
    const auto dates = store.lastAuditDates();
    BOOST_TEST_MESSAGE("lastAuditDates() over " << dates.size() << " cases: " << seconds(t) << " s");
    BOOST_TEST(rows.size() == 10000u);
}
