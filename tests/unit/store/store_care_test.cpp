#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "audit/base/error.h"
#include "audit/store/store.h"
#include "audit/store/store_care.h"
#include "pg_server.h"
#include "store_fill.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace audit;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

void checkBackupRestore(const std::string& spec, const std::string& dir, const std::string& restoreSpec) {
    std::string before;
    {
        Store store(spec);
        test::fill(store);
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
        test::fill(store);
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
        test::fill(store);
    }
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 * 3);
        const std::string junk(8192, '\x77');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const auto before = test::readText(path);
    try {
        Store store(path);
        store.transaction([&] { store.logEvent("test", "after the damage"); });
        BOOST_FAIL("expected the commit to be refused");
    } catch (const Error& e) {
        BOOST_TEST(contains(e.what(), "damaged"));
    }
    // The server's stores check only the transactions that ask (imports): a session write is not checked, an import is.
    StoreOptions serverLike;
    serverLike.checkEveryCommit = false;
    try {
        Store store(path, serverLike);
        store.transaction([&] {
            store.checkBeforeCommit();
            store.logEvent("test", "an import after the damage");
        });
        BOOST_FAIL("expected the import's commit to be refused");
    } catch (const Error& e) {
        BOOST_TEST(contains(e.what(), "damaged"));
    }
    BOOST_TEST(test::readText(path) == before);
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

BOOST_AUTO_TEST_SUITE_END()
