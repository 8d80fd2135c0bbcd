#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace audit;

BOOST_AUTO_TEST_CASE(commit_moves_the_file_into_place) {
    test::TempDir dir;
    const auto path = dir.file("out.csv");
    {
        OutputFile f(path);
        f.stream() << "a,b\n";
        BOOST_TEST(!fs::exists(path));
        f.commit();
    }
    BOOST_TEST(test::readText(path) == "a,b\n");
    BOOST_TEST(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}) == 1);
}

BOOST_AUTO_TEST_CASE(no_commit_leaves_nothing) {
    test::TempDir dir;
    const auto path = dir.file("out.csv");
    try {
        OutputFile f(path);
        f.stream() << "half";
        throw std::runtime_error("failed midway");
    } catch (const std::runtime_error&) {
    }
    BOOST_TEST(!fs::exists(path));
    BOOST_TEST(fs::is_empty(dir.path()));
}

BOOST_AUTO_TEST_CASE(a_failed_run_keeps_the_previous_file) {
    test::TempDir dir;
    const auto path = dir.file("out.csv");
    writeFileAtomically(path, "old");
    {
        OutputFile f(path);
        f.stream() << "new but unfinished";
    }
    BOOST_TEST(test::readText(path) == "old");
}

BOOST_AUTO_TEST_CASE(missing_folder_is_a_clear_error) {
    try {
        OutputFile f("/nonexistent-folder/x.csv");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 73);
        BOOST_TEST(std::string(e.what()).find("/nonexistent-folder/x.csv") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("does not exist") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(read_file_names_the_missing_file) {
    try {
        readFile("/nonexistent/file.csv");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 66);
        BOOST_TEST(std::string(e.what()) == "/nonexistent/file.csv: no such file");
    }
}

BOOST_AUTO_TEST_CASE(problems_are_listed_one_per_line) {
    Error e(ErrorKind::Data, {{"a.xlsx", "sheet 'Audit', cell D14", "'Maybe' is not an answer"},
                              {"a.xlsx", "", "no version"}});
    BOOST_TEST(std::string(e.what()) == "a.xlsx: sheet 'Audit', cell D14: 'Maybe' is not an answer\na.xlsx: no version");
    BOOST_TEST(e.problems().size() == 2u);
}

// A killed run's temporary (its process gone) is removed when the output is next written; a live process's is kept.
BOOST_AUTO_TEST_CASE(stale_temporaries_of_killed_runs_are_removed) {
    test::TempDir dir;
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);  // a pid that no longer exists
    const std::string stale = dir.file(".x.csv.tmp-" + std::to_string(child));
    const std::string live = dir.file(".x.csv.tmp-1");  // init: alive
    const std::string other = dir.file(".y.csv.tmp-" + std::to_string(child));  // another output: not ours to judge
    for (const auto& f : {stale, live, other}) test::writeText(f, "half");
    OutputFile f(dir.file("x.csv"));
    f.stream() << "a\n";
    f.commit();
    BOOST_TEST(!fs::exists(stale));
    BOOST_TEST(fs::exists(live));
    BOOST_TEST(fs::exists(other));
    BOOST_TEST(test::readText(dir.file("x.csv")) == "a\n");
}
