#include <boost/test/unit_test.hpp>

#include "audit/moderation/agreement_pairs.h"
#include "audit/base/error.h"
#include "audit/forms/framework.h"
#include "audit/base/paths.h"
#include "audit/base/random.h"
#include "test_support.h"

using namespace audit::agreement;
using audit::test::TempDir;
using audit::test::writeText;

namespace {
audit::ErrorKind kindOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const audit::Error& e) {
        return e.kind();
    }
    BOOST_ERROR("no error thrown");
    return audit::ErrorKind::Internal;
}

std::string messageOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const audit::Error& e) {
        return e.what();
    }
    return "";
}
}  // namespace

BOOST_AUTO_TEST_CASE(grades_by_label_alias_or_number_worst_first) {
    const GradeScale s = GradeScale::ofsted4();
    BOOST_TEST(s.size() == 4u);
    BOOST_TEST(s.label(0) == "Inadequate");
    BOOST_TEST(s.label(3) == "Outstanding");
    BOOST_TEST(*s.parse("Inadequate") == 0u);
    BOOST_TEST(*s.parse("  requires   IMPROVEMENT ") == 1u);
    BOOST_TEST(*s.parse("requires-improvement") == 1u);
    BOOST_TEST(*s.parse("RI") == 1u);
    BOOST_TEST(*s.parse("ri") == 1u);
    BOOST_TEST(*s.parse("Requires improvement to be good") == 1u);
    BOOST_TEST(*s.parse("GOOD") == 2u);
    BOOST_TEST(*s.parse("outstanding") == 3u);
    BOOST_TEST(*s.parse("1") == 0u);  // 1 is the worst grade
    BOOST_TEST(*s.parse("4") == 3u);
    BOOST_TEST(*s.parse("3.0") == 2u);
    for (const char* bad : {"", "  ", "0", "5", "2.5", "Excellent", "Goodish", "-1", "1e0", "G"})
        BOOST_TEST(!s.parse(bad).has_value(), "'" << bad << "' should not be a grade");
    BOOST_TEST(s.expected() ==
               "Inadequate, Requires improvement, Good or Outstanding, or a number 1-4 (1 = Inadequate, 4 = Outstanding)");
    BOOST_TEST(GradeScale::named("ofsted4").has_value());
    BOOST_TEST(!GradeScale::named("nope").has_value());
}

BOOST_AUTO_TEST_CASE(a_scale_from_any_labels) {
    const GradeScale s("three", {"Poor", "Fair", "Strong"}, {{"weak", 0}});
    BOOST_TEST(*s.parse("weak") == 0u);
    BOOST_TEST(*s.parse("3") == 2u);
    BOOST_TEST(!s.parse("4").has_value());
    BOOST_CHECK_THROW(GradeScale("x", {}), audit::Error);
    // Numbers of the grades' own (e.g. a 0..10 scale): keys match before numbers.
    const GradeScale ten("sos", {"0", "5", "10"}, {{"low", 0}}, {0, 5, 10});
    BOOST_TEST(*ten.parse("0") == 0u);
    BOOST_TEST(*ten.parse("10") == 2u);
    BOOST_TEST(*ten.parse("5.0") == 1u);
    BOOST_TEST(!ten.parse("3").has_value());
    BOOST_TEST(ten.expected() == "0, 5 or 10, or a number 0-10 (0 = 0, 10 = 10)");
    BOOST_CHECK_THROW(GradeScale("x", {"a", "b"}, {}, {1}), audit::Error);
}

BOOST_AUTO_TEST_CASE(pairs_are_counted_and_blanks_dropped_and_counted) {
    TempDir dir;
    writeText(dir.file("p.csv"),
              "case,auditor_grade,moderator_grade,auditor\n"
              "C1,Good,Good,A\n"
              "C2,good,Requires improvement,A\n"
              "C3,3,2,B\n"
              "C4,,Good,B\n"
              "C5,Outstanding,,A\n"
              "C6,,,B\n"
              "C7,RI,1,A\n"
              "C8,4,Outstanding,B\n");
    const PairsFile p = readPairs(dir.file("p.csv"), GradeScale::ofsted4());
    BOOST_TEST(p.all.rows == 8u);
    BOOST_TEST(p.all.table.n() == 5u);
    BOOST_TEST(p.all.table(2, 2) == 1u);
    BOOST_TEST(p.all.table(2, 1) == 2u);  // auditor Good, moderator RI: twice (labels and numbers)
    BOOST_TEST(p.all.table(1, 0) == 1u);
    BOOST_TEST(p.all.table(3, 3) == 1u);
    BOOST_TEST(p.all.auditorMissing == 1u);
    BOOST_TEST(p.all.moderatorMissing == 1u);
    BOOST_TEST(p.all.bothMissing == 1u);
    BOOST_TEST(p.all.dropped() == 3u);
    BOOST_TEST(p.groups.empty());

    const PairsFile g = readPairs(dir.file("p.csv"), GradeScale::ofsted4(), "auditor");
    BOOST_TEST_REQUIRE(g.groups.size() == 2u);
    BOOST_TEST(g.groups.at("A").rows == 4u);
    BOOST_TEST(g.groups.at("A").table.n() == 3u);
    BOOST_TEST(g.groups.at("A").moderatorMissing == 1u);
    BOOST_TEST(g.groups.at("B").table.n() == 2u);
    BOOST_TEST(g.groups.at("B").dropped() == 2u);
    ConfusionTable sum(4);
    for (const auto& [key, tally] : g.groups) sum += tally.table;
    BOOST_TEST((sum == g.all.table));
}

BOOST_AUTO_TEST_CASE(the_order_of_rows_does_not_matter) {
    TempDir dir;
    audit::Random rng(5);
    std::vector<std::string> rows;
    const char* labels[] = {"Inadequate", "RI", "Good", "Outstanding", "1", "2", "3", "4", ""};
    for (int i = 0; i < 300; ++i)
        rows.push_back(std::string(labels[rng.below(9)]) + "," + labels[rng.below(9)] + "\n");
    std::string a = "auditor_grade,moderator_grade\n", b = a;
    for (const auto& r : rows) a += r;
    rng.shuffle(rows);
    for (const auto& r : rows) b += r;
    writeText(dir.file("a.csv"), a);
    writeText(dir.file("b.csv"), b);
    const auto pa = readPairs(dir.file("a.csv"), GradeScale::ofsted4());
    const auto pb = readPairs(dir.file("b.csv"), GradeScale::ofsted4());
    BOOST_TEST((pa.all.table == pb.all.table));
    BOOST_TEST(pa.all.dropped() == pb.all.dropped());
}

BOOST_AUTO_TEST_CASE(two_threads_read_the_same_tallies_groups_and_problems_as_one) {
    TempDir dir;
    audit::Random rng(11);
    const char* labels[] = {"Inadequate", "RI", "Good", "Outstanding", "1", "2", "\"Good\"", "", "Meh"};
    std::string text = "auditor_grade,moderator_grade,team\n";
    for (int i = 0; i < 4000; ++i) {
        text += std::string(labels[rng.below(9)]) + "," + labels[rng.below(9)] + ",";
        // quoted team names with line ends inside, some near the middle of the file
        text += rng.below(50) == 0 ? "\"T" + std::to_string(rng.below(5)) + "\nnorth\"\n" : "T" + std::to_string(rng.below(5)) + "\n";
    }
    writeText(dir.file("bad.csv"), text);
    const auto one = messageOf([&] { readPairs(dir.file("bad.csv"), GradeScale::ofsted4(), "team", 1); });
    const auto two = messageOf([&] { readPairs(dir.file("bad.csv"), GradeScale::ofsted4(), "team", 2); });
    BOOST_TEST(one.find("more unknown grades") != std::string::npos, one);
    BOOST_TEST(one == two);  // the first 20 problems in line order, and the same count

    std::string good;
    for (std::size_t at = 0; at < text.size();) {  // the same file without the unknown grade
        const std::size_t end = text.find('\n', at) + 1;
        std::string line = text.substr(at, end - at);
        at = end;
        while (line.find("Meh") != std::string::npos) line.replace(line.find("Meh"), 3, "4");
        good += line;
    }
    writeText(dir.file("good.csv"), good);
    for (const std::string by : {"", "team"}) {
        const PairsFile a = readPairs(dir.file("good.csv"), GradeScale::ofsted4(), by, 1);
        const PairsFile b = readPairs(dir.file("good.csv"), GradeScale::ofsted4(), by, 2);
        BOOST_TEST((a.all.table == b.all.table));
        BOOST_TEST(a.all.rows == b.all.rows);
        BOOST_TEST(a.all.rows == 4000u);
        BOOST_TEST(a.all.auditorMissing == b.all.auditorMissing);
        BOOST_TEST(a.all.moderatorMissing == b.all.moderatorMissing);
        BOOST_TEST(a.all.bothMissing == b.all.bothMissing);
        BOOST_TEST_REQUIRE(a.groups.size() == b.groups.size());
        for (const auto& [key, tally] : a.groups) {
            BOOST_TEST_REQUIRE(b.groups.count(key) == 1u);
            BOOST_TEST((tally.table == b.groups.at(key).table));
            BOOST_TEST(tally.rows == b.groups.at(key).rows);
            BOOST_TEST(tally.dropped() == b.groups.at(key).dropped());
        }
    }
}

BOOST_AUTO_TEST_CASE(an_unknown_grade_names_file_line_column_value_and_expected_grades) {
    TempDir dir;
    writeText(dir.file("p.csv"), "auditor_grade,moderator_grade\nGood,Good\nGood,Excellent\n5,Good\n");
    const auto f = [&] { readPairs(dir.file("p.csv"), GradeScale::ofsted4()); };
    BOOST_TEST((kindOf(f) == audit::ErrorKind::Data));
    const std::string msg = messageOf(f);
    BOOST_TEST(msg.find(dir.file("p.csv") + ": line 3: moderator_grade 'Excellent' is not a grade") != std::string::npos,
               msg);
    BOOST_TEST(msg.find("line 4: auditor_grade '5'") != std::string::npos, msg);
    BOOST_TEST(msg.find("Inadequate, Requires improvement, Good or Outstanding") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(many_unknown_grades_are_summarised) {
    TempDir dir;
    std::string text = "auditor_grade,moderator_grade\n";
    for (int i = 0; i < 50; ++i) text += "Good,Meh\n";
    writeText(dir.file("p.csv"), text);
    const std::string msg = messageOf([&] { readPairs(dir.file("p.csv"), GradeScale::ofsted4()); });
    BOOST_TEST(msg.find("and 30 more unknown grades") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(missing_columns_and_files) {
    TempDir dir;
    writeText(dir.file("p.csv"), "auditor_grade,moderator\nGood,Good\n");
    const auto f = [&] { readPairs(dir.file("p.csv"), GradeScale::ofsted4()); };
    BOOST_TEST((kindOf(f) == audit::ErrorKind::Data));
    BOOST_TEST(messageOf(f).find("no column 'moderator_grade'") != std::string::npos);
    writeText(dir.file("q.csv"), "auditor_grade,moderator_grade\nGood,Good\n");
    BOOST_TEST((kindOf([&] { readPairs(dir.file("q.csv"), GradeScale::ofsted4(), "team"); }) == audit::ErrorKind::Data));
    BOOST_TEST((kindOf([&] { readPairs(dir.file("q.csv"), GradeScale::ofsted4(), "colour"); }) == audit::ErrorKind::Usage));
    BOOST_TEST((kindOf([&] { readPairs(dir.file("none.csv"), GradeScale::ofsted4()); }) == audit::ErrorKind::NoInput));
}

BOOST_AUTO_TEST_CASE(header_only_file_gives_no_pairs) {
    TempDir dir;
    writeText(dir.file("p.csv"), "auditor_grade,moderator_grade\n");
    const auto p = readPairs(dir.file("p.csv"), GradeScale::ofsted4());
    BOOST_TEST(p.all.rows == 0u);
    BOOST_TEST(p.all.table.n() == 0u);
    BOOST_TEST(p.all.table.q() == 4u);
}

BOOST_AUTO_TEST_CASE(a_scale_from_the_frameworks) {
    const audit::Framework ofsted = audit::loadFramework(audit::frameworksDir() + "/ofsted-four-point.xml");
    const GradeScale s = GradeScale::fromFramework(ofsted);
    const GradeScale builtIn = GradeScale::ofsted4();
    BOOST_TEST(s.name() == "ofsted-four-point");
    BOOST_TEST(s.labels() == builtIn.labels());  // the built-in scale is the framework's
    BOOST_TEST(s.values() == builtIn.values());
    for (const char* cell : {"Inadequate", "requires-improvement", "RI", "ri", "GOOD", "outstanding", "1", "4", "3.0"})
        BOOST_TEST((s.parse(cell) == builtIn.parse(cell)), cell);
    BOOST_TEST(!s.parse("5").has_value());

    const audit::Framework sos = audit::loadFramework(audit::frameworksDir() + "/signs-of-safety.xml");
    const GradeScale t = GradeScale::fromFramework(sos);
    BOOST_TEST(t.size() == sos.grades.size());
    BOOST_TEST(*t.parse("0") == 0u);  // Signs of Safety's numbers are the grades' values, 0 the worst
    BOOST_TEST(*t.parse("10") == t.size() - 1);
    BOOST_TEST(!t.parse("11").has_value());
    BOOST_TEST(!t.parse("RI").has_value());
}
