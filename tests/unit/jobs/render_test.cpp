// The render job: a blank form, an HTML page, and one form per sampled case in a folder per auditor.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/jobs/render.h"
#include "test_support.h"

using namespace audit;
using audit::test::TempDir;

BOOST_AUTO_TEST_CASE(blank_and_html) {
    TempDir dir;
    const jobs::RenderResult blank = jobs::renderForms({"cin-cp", 0, jobs::RenderMode::Blank, "", dir.file("out"), {}});
    BOOST_TEST(blank.templateId == "cin-cp");
    BOOST_REQUIRE(blank.files.size() == 1u);
    BOOST_TEST(blank.files[0] == dir.file("out") + "/cin-cp-v" + std::to_string(blank.version) + "-blank.xlsx");
    BOOST_TEST(std::filesystem::file_size(blank.files[0]) > 0u);
    const jobs::RenderResult html = jobs::renderForms({"cin-cp", 0, jobs::RenderMode::Html, "", dir.file("out"), {}});
    BOOST_REQUIRE(html.files.size() == 1u);
    BOOST_TEST(test::readText(html.files[0]).find("<html") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_form_per_case_in_a_folder_per_auditor) {
    TempDir dir;
    test::writeText(dir.file("sample.csv"), "case_ref,team,auditor\nC1,North,Ann Lee\nC2,South,Bo Smith\nC3,North,Ann Lee\nC4,East,\n");
    std::size_t calls = 0;
    const jobs::RenderResult r = jobs::renderForms({"cin-cp", 0, jobs::RenderMode::Sample, dir.file("sample.csv"),
                                                    dir.file("forms"), [&](std::size_t, std::size_t) { ++calls; }});
    BOOST_TEST((r.auditors == std::vector<std::string>{"Ann-Lee", "Bo-Smith", "unallocated"}));
    BOOST_REQUIRE(r.files.size() == 4u);
    BOOST_TEST(r.files[1] == dir.file("forms") + "/Bo-Smith/C2.xlsx");
    for (const auto& f : r.files) BOOST_TEST(std::filesystem::exists(f));
    BOOST_TEST(calls == 4u);
}

BOOST_AUTO_TEST_CASE(a_sample_with_problems_writes_nothing) {
    TempDir dir;
    test::writeText(dir.file("sample.csv"), "case_ref,team\nC1,North\nC1,South\n");
    test::expectError(
        [&] { jobs::renderForms({"cin-cp", 0, jobs::RenderMode::Sample, dir.file("sample.csv"), dir.file("forms"), {}}); },
        ErrorKind::Data, {"case C1 appears twice"});
    BOOST_TEST(std::filesystem::is_empty(dir.file("forms")));
    test::expectError([&] { jobs::renderForms({"no-such", 0, jobs::RenderMode::Blank, "", dir.file("x"), {}}); },
                      ErrorKind::Data, {"unknown template 'no-such'"});
    BOOST_TEST(!std::filesystem::exists(dir.file("x")));
}

BOOST_AUTO_TEST_CASE(safe_names) {
    BOOST_TEST(jobs::safeName("Ann Lee") == "Ann-Lee");
    BOOST_TEST(jobs::safeName("../x/y") == "_x_y");
    BOOST_TEST(jobs::safeName("") == "_");
}
