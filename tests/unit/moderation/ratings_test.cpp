#include <boost/test/unit_test.hpp>

#include <cmath>

#include "audit/base/error.h"
#include "audit/moderation/ratings.h"
#include "test_support.h"

using namespace audit::agreement;
using audit::ErrorKind;
using audit::test::expectError;
using audit::test::TempDir;
using audit::test::writeText;

BOOST_AUTO_TEST_CASE(units_and_raters_in_order_blank_grades_missing_on_the_scale) {
    TempDir dir;
    writeText(dir.file("r.csv"),
              "unit,rater,grade\n"
              "C1,Ann,Good\n"
              "C1,Bob,RI\n"
              "C2,Bob,4\n"
              "C1,Cat,\n"
              "C3, Ann ,inadequate\n");
    const GradeScale scale = GradeScale::ofsted4();
    const RatingsFile f = readRatings(dir.file("r.csv"), &scale);
    BOOST_TEST(f.rows == 5u);
    BOOST_TEST(f.blank == 1u);
    BOOST_TEST(f.units == (std::vector<std::string>{"C1", "C2", "C3"}));
    BOOST_TEST(f.raters == (std::vector<std::string>{"Ann", "Bob", "Cat"}));
    BOOST_TEST(f.categories == (std::vector<double>{1, 2, 3, 4}));  // every grade of the scale, used or not
    BOOST_TEST(f.labels.front() == "Inadequate");
    BOOST_TEST_REQUIRE(f.matrix.size() == 3u);
    BOOST_TEST(*f.matrix[0][0] == 3.0);
    BOOST_TEST(*f.matrix[0][1] == 2.0);
    BOOST_TEST(!f.matrix[0][2].has_value());
    BOOST_TEST(!f.matrix[1][0].has_value());
    BOOST_TEST(*f.matrix[1][1] == 4.0);
    BOOST_TEST(*f.matrix[2][0] == 1.0);
    const RatingsSummary s = summariseRatings(f.matrix, f.categories);
    BOOST_TEST(s.units == 3u);
    BOOST_TEST(s.pairableUnits == 1u);
    BOOST_TEST(s.ratings == 4u);
    BOOST_TEST(s.minPerUnit == 1u);
    BOOST_TEST(s.maxPerUnit == 2u);
    BOOST_TEST(!s.alphaOrdinal.value.has_value());  // one pairable unit: undefined, with a reason
    BOOST_TEST(!s.alphaOrdinal.reason.empty());
}

BOOST_AUTO_TEST_CASE(without_a_scale_the_categories_are_the_numbers_seen) {
    TempDir dir;
    writeText(dir.file("r.csv"), "rater,unit,grade\nA,1,2.5\nB,1,2.5\nA,2,10\nB,2,-1\nA,3,10\nB,3,10\n");
    const RatingsFile f = readRatings(dir.file("r.csv"), nullptr);
    BOOST_TEST(f.scale == "numbers");
    BOOST_TEST(f.categories == (std::vector<double>{-1, 2.5, 10}));
    BOOST_TEST(f.labels == (std::vector<std::string>{"-1", "2.5", "10"}));
    const RatingsSummary s = summariseRatings(f.matrix, f.categories);
    BOOST_TEST(s.pairableUnits == 3u);
    BOOST_TEST(s.alphaInterval.value.has_value());
    BOOST_TEST(s.fleiss.value.has_value());
}

BOOST_AUTO_TEST_CASE(the_published_four_rater_example_through_a_file) {
    // Krippendorff (2011)'s reliability data, as rows: alpha nominal 0.743, ordinal 0.815, interval 0.849.
    const char* const data[4] = {"1 2 3 3 2 1 4 1 2 . . .", "1 2 3 3 2 2 4 1 2 5 . 3", ". 3 3 3 2 3 4 2 2 5 1 .",
                                 "1 2 3 3 2 4 4 1 2 5 1 ."};
    std::string csv = "unit,rater,grade\n";
    for (int r = 0; r < 4; ++r) {
        const std::string row = data[r];
        for (int u = 0; u < 12; ++u) {
            const char c = row[static_cast<std::size_t>(2 * u)];
            csv += "u" + std::to_string(u + 1) + ",r" + std::to_string(r + 1) + "," + (c == '.' ? "" : std::string(1, c)) + "\n";
        }
    }
    TempDir dir;
    writeText(dir.file("k.csv"), csv);
    const RatingsFile f = readRatings(dir.file("k.csv"), nullptr);
    BOOST_TEST(f.blank == 7u);
    const RatingsSummary s = summariseRatings(f.matrix, f.categories);
    BOOST_TEST(std::fabs(*s.alphaNominal.value - 0.743) < 0.0005);
    BOOST_TEST(std::fabs(*s.alphaOrdinal.value - 0.815) < 0.0005);
    BOOST_TEST(std::fabs(*s.alphaInterval.value - 0.849) < 0.0005);
    BOOST_TEST(std::fabs(*s.alphaRatio.value - 0.797) < 0.0005);
    BOOST_TEST(std::fabs(*s.fleiss.value - 0.76117) < 0.000005);
    BOOST_TEST(std::fabs(*s.ac1.value - 0.77544) < 0.000005);
    BOOST_TEST(s.pairableUnits == 11u);
}

BOOST_AUTO_TEST_CASE(bad_files_name_every_problem) {
    TempDir dir;
    const GradeScale scale = GradeScale::ofsted4();
    writeText(dir.file("cols.csv"), "case,rater,grade\nC1,A,Good\n");
    expectError([&] { readRatings(dir.file("cols.csv"), &scale); }, ErrorKind::Data,
                {"cols.csv", "line 1", "no column 'unit'", "found: case, rater, grade"});
    writeText(dir.file("dup.csv"), "unit,rater,grade\nC1,A,Good\nC2,A,Good\nC1,A,Inadequate\n");
    expectError([&] { readRatings(dir.file("dup.csv"), &scale); }, ErrorKind::Data,
                {"dup.csv", "line 4", "rater 'A' graded unit 'C1' already on line 2"});
    writeText(dir.file("bad.csv"), "unit,rater,grade\nC1,A,Goodish\n,B,Good\nC2,,Good\n");
    expectError([&] { readRatings(dir.file("bad.csv"), &scale); }, ErrorKind::Data,
                {"line 2, column grade", "'Goodish' is not a grade of the ofsted4 scale", "line 3, column unit",
                 "line 4, column rater"});
    writeText(dir.file("num.csv"), "unit,rater,grade\nC1,A,Good\n");
    expectError([&] { readRatings(dir.file("num.csv"), nullptr); }, ErrorKind::Data,
                {"line 2, column grade", "'Good' is not a number", "--scale"});
    writeText(dir.file("empty.csv"), "unit,rater,grade\n");
    expectError([&] { readRatings(dir.file("empty.csv"), &scale); }, ErrorKind::Data, {"no ratings"});
    expectError([&] { readRatings(dir.file("none.csv"), &scale); }, ErrorKind::NoInput, {"none.csv"});
}
