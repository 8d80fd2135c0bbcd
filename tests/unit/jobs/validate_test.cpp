// The validate job: every shipped template and framework, and a file given with its problems.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/jobs/validate.h"
#include "test_support.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(the_shipped_files_are_valid) {
    const jobs::ValidateResult r = jobs::validateTemplates({});
    std::size_t expected = 0;
    for (const char* dir : {"/audit-frameworks", "/templates"})
        for (const auto& e : std::filesystem::directory_iterator(test::sourceDir() + dir))
            expected += e.path().extension() == ".xml";
    BOOST_TEST(r.files.size() == expected);
    BOOST_TEST(std::is_sorted(r.files.begin(), r.files.end()));
    BOOST_TEST(r.problems.empty());
}

BOOST_AUTO_TEST_CASE(a_broken_file_has_its_problems_by_file) {
    test::TempDir dir;
    const std::string bad = dir.file("broken.xml");
    test::writeText(bad, "<template id=\"x\"><section");
    const jobs::ValidateResult r = jobs::validateTemplates({{bad}});
    BOOST_TEST((r.files == std::vector<std::string>{bad}));
    BOOST_REQUIRE(!r.problems.empty());
    for (const auto& p : r.problems) BOOST_TEST(p.file == bad);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_a_problem_not_a_crash) {
    test::TempDir dir;
    const jobs::ValidateResult r = jobs::validateTemplates({{dir.file("none.xml")}});
    BOOST_REQUIRE(r.problems.size() == 1u);
    BOOST_TEST(r.problems[0].file == dir.file("none.xml"));
}
