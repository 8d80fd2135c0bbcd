#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>

#include "audit/base/error.h"
#include "audit/base/paths.h"
#include "test_support.h"

using namespace audit;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_CASE(store_from_option_then_environment_then_default) {
    const char* saved = std::getenv("AUDIT_STORE");
    const std::string keep = saved ? saved : "";
    ::setenv("AUDIT_STORE", "/tmp/env.db", 1);
    BOOST_TEST(resolveStore(std::string("given.db")) == "given.db");
    BOOST_TEST(resolveStore(std::nullopt) == "/tmp/env.db");
    ::unsetenv("AUDIT_STORE");
    BOOST_TEST(resolveStore(std::string()) == "audit.db");
    if (saved) ::setenv("AUDIT_STORE", keep.c_str(), 1);
}

BOOST_AUTO_TEST_CASE(data_folders_follow_audit_home) {
    const char* saved = std::getenv("AUDIT_HOME");
    const std::string keep = saved ? saved : "";
    ::setenv("AUDIT_HOME", "/srv/audit", 1);
    BOOST_TEST(templatesDir() == "/srv/audit/templates");
    BOOST_TEST(frameworksDir() == "/srv/audit/audit-frameworks");
    BOOST_TEST(reportsDir() == "/srv/audit/reports");
    if (saved) ::setenv("AUDIT_HOME", keep.c_str(), 1);
    else ::unsetenv("AUDIT_HOME");
}

BOOST_AUTO_TEST_CASE(files_in_folders_sorted_by_extension_without_lock_files) {
    test::TempDir dir;
    fs::create_directories(dir.file("returns/team-b"));
    for (const char* f : {"returns/b.xlsx", "returns/a.XLSX", "returns/team-b/c.csv", "returns/notes.txt",
                          "returns/~$a.xlsx", "returns/.~lock.b.xlsx#", "single.txt"})
        test::writeText(dir.file(f), "x");
    const auto forms = filesIn({dir.file("returns")}, {".xlsx"});
    BOOST_TEST((forms == std::vector<std::string>{dir.file("returns/a.XLSX"), dir.file("returns/b.xlsx")}));
    const auto both = filesIn({dir.file("single.txt"), dir.file("returns")}, {".xlsx", ".csv"});
    BOOST_TEST((both == std::vector<std::string>{dir.file("single.txt"), dir.file("returns/a.XLSX"),
                                                 dir.file("returns/b.xlsx"), dir.file("returns/team-b/c.csv")}));
    try {
        filesIn({dir.file("missing")}, {".xlsx"});
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 66);
        BOOST_TEST(std::string(e.what()).find("no such file or folder") != std::string::npos, e.what());
    }
}
