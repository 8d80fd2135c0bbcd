#include <boost/test/unit_test.hpp>

#include "audit/base/period.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(forms_of_period) {
    auto m = parsePeriod("2026-03");
    BOOST_REQUIRE(m);
    BOOST_TEST(m->firstMonth == 2026 * 12 + 2);
    BOOST_TEST(m->lastMonth == m->firstMonth);
    BOOST_TEST(m->firstDay() == "2026-03-01");
    BOOST_TEST(m->lastDay() == "2026-03-31");
    auto q = parsePeriod(" 2026-Q1 ");
    BOOST_REQUIRE(q);
    BOOST_TEST(q->text == "2026-Q1");
    BOOST_TEST(q->firstDay() == "2026-01-01");
    BOOST_TEST(q->lastDay() == "2026-03-31");
    BOOST_TEST(q->contains(*m));
    BOOST_TEST(parsePeriod("2024-Q1")->lastDay() == "2024-03-31");
    BOOST_TEST(parsePeriod("2024-02")->lastDay() == "2024-02-29");
    BOOST_TEST(parsePeriod("2100-02")->lastDay() == "2100-02-28");
    auto y = parsePeriod("2026");
    BOOST_TEST(y->firstDay() == "2026-01-01");
    BOOST_TEST(y->lastDay() == "2026-12-31");
    auto fy = parsePeriod("2025-26");
    BOOST_REQUIRE(fy);
    BOOST_TEST(fy->firstDay() == "2025-04-01");
    BOOST_TEST(fy->lastDay() == "2026-03-31");
    BOOST_TEST(parsePeriod("2025/26")->firstDay() == "2025-04-01");
    BOOST_TEST(parsePeriod("2011-12")->firstDay() == "2011-12-01");  // a month wins
    BOOST_TEST(parsePeriod("2011/12")->firstDay() == "2011-04-01");
    BOOST_TEST(fy->contains(*q));
    BOOST_TEST(!fy->contains(*parsePeriod("2025-Q1")));
    BOOST_TEST(fy->overlaps(*parsePeriod("2025")));
}

BOOST_AUTO_TEST_CASE(bad_periods) {
    for (const char* bad : {"", "2026-13", "2026-00", "2026-Q5", "2026-27x", "2025-27", "26-03", "March 2026", "2026-3"})
        BOOST_TEST(!parsePeriod(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(month_of_a_date) {
    BOOST_TEST(*monthOfDate("2026-03-15") == 2026 * 12 + 2);
    BOOST_TEST(monthLabel(*monthOfDate("2026-12-01")) == "2026-12");
    BOOST_TEST(!monthOfDate("15/03/2026").has_value());
    BOOST_TEST(!monthOfDate("2026-13-01").has_value());
}
