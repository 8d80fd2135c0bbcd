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
    BOOST_TEST(!std::filesystem::exists(dir.file("forms")));  // no empty folder left behind either
    test::expectError([&] { jobs::renderForms({"no-such", 0, jobs::RenderMode::Blank, "", dir.file("x"), {}}); },
                      ErrorKind::Data, {"unknown template 'no-such'"});
    BOOST_TEST(!std::filesystem::exists(dir.file("x")));
}

BOOST_AUTO_TEST_CASE(each_case_gets_the_template_for_its_category) {
    TempDir dir;
    test::writeText(dir.file("sample.csv"), "case_ref,category,auditor\nC1,CIN,Ann\nC2,CLA,Ann\nC3,Assessment,Bo\nC4,Care leaver,Bo\nC5,Early help,Bo\n");
    const auto r = jobs::renderForms({"", 0, jobs::RenderMode::Sample, dir.file("sample.csv"), dir.file("forms"), {}});
    BOOST_TEST(r.templateId.empty());
    BOOST_TEST((r.templatesUsed == std::vector<std::pair<std::string, std::size_t>>{
                    {"cin-cp v3", 1}, {"cla v2", 1}, {"assessment v1", 1}, {"care-leavers v2", 1}, {"front-door v1", 1}}));
    // A template named for cases it does not apply to: refused, every such case listed, nothing written.
    test::expectError([&] { jobs::renderForms({"cla", 0, jobs::RenderMode::Sample, dir.file("sample.csv"), dir.file("f2"), {}}); },
                      ErrorKind::Data, {"line 2: case C1 is of category 'CIN', which template 'cla' does not apply to (it applies to CLA)",
                                        "line 4: case C3 is of category 'Assessment'", "line 6: case C5"});
    BOOST_TEST(!std::filesystem::exists(dir.file("f2")));
    // By category needs the category column, and a category some template applies to.
    test::writeText(dir.file("nocat.csv"), "case_ref,team\nC1,North\n");
    test::expectError([&] { jobs::renderForms({"", 0, jobs::RenderMode::Sample, dir.file("nocat.csv"), dir.file("f3"), {}}); },
                      ErrorKind::Data, {"no category column"});
    test::writeText(dir.file("odd.csv"), "case_ref,category\nC1,Adoption\n");
    test::expectError([&] { jobs::renderForms({"", 0, jobs::RenderMode::Sample, dir.file("odd.csv"), dir.file("f4"), {}}); },
                      ErrorKind::Data, {"line 2: case C1: no template applies to the category 'Adoption'"});
    test::expectError([&] { jobs::renderForms({"", 0, jobs::RenderMode::Blank, "", dir.file("f5"), {}}); }, ErrorKind::Usage, {"template id"});
}

BOOST_AUTO_TEST_CASE(safe_names) {
    BOOST_TEST(jobs::safeName("Ann Lee") == "Ann-Lee");
    BOOST_TEST(jobs::safeName("../x/y") == "_x_y");
    BOOST_TEST(jobs::safeName("") == "_");
}
