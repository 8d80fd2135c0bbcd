#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "audit/base/working_days.h"
#include "test_support.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(easter_sunday_by_the_computus) {
    BOOST_TEST(easterSunday(2024).iso() == "2024-03-31");
    BOOST_TEST(easterSunday(2025).iso() == "2025-04-20");
    BOOST_TEST(easterSunday(2027).iso() == "2027-03-28");
    BOOST_TEST(easterSunday(2038).iso() == "2038-04-25");  // the latest possible
    BOOST_TEST(easterSunday(2285).iso() == "2285-03-22");  // the earliest possible
}

BOOST_AUTO_TEST_CASE(every_gov_uk_bank_holiday_2018_to_2027_and_no_other_day) {
    const auto ref = test::reference("bank_holidays.json");
    BOOST_TEST(ref->getValue<std::string>("source").find("gov.uk") != std::string::npos);
    std::set<std::string> published;
    int first = 9999, last = 0;
    const auto events = ref->getArray("events");
    for (std::size_t i = 0; i < events->size(); ++i) {
        const std::string d = events->getObject(static_cast<unsigned>(i))->getValue<std::string>("date");
        published.insert(d);
        first = std::min(first, std::stoi(d.substr(0, 4)));
        last = std::max(last, std::stoi(d.substr(0, 4)));
    }
    BOOST_TEST(first == 2018);
    BOOST_TEST(last == 2027);
    std::set<std::string> computed;
    for (int y = first; y <= last; ++y)
        for (const Date& d : bankHolidays(y)) computed.insert(d.iso());
    BOOST_TEST(computed == published, boost::test_tools::per_element());
    // isBankHoliday agrees day by day over the whole span.
    for (Date d(first, 1, 1); d <= Date(last, 12, 31); d = d.addDays(1))
        BOOST_TEST_REQUIRE(isBankHoliday(d) == (published.count(d.iso()) == 1), d.iso());
}

BOOST_AUTO_TEST_CASE(substitute_days_and_proclamations) {
    BOOST_TEST(isBankHoliday(Date(2026, 12, 28)));   // Boxing Day on a Saturday → Monday
    BOOST_TEST(!isBankHoliday(Date(2026, 12, 26)));
    BOOST_TEST(isBankHoliday(Date(2021, 12, 27)));   // Christmas on a Saturday → Monday, Boxing Day → Tuesday
    BOOST_TEST(isBankHoliday(Date(2021, 12, 28)));
    BOOST_TEST(isBankHoliday(Date(2022, 1, 3)));     // New Year's Day on a Saturday
    BOOST_TEST(isBankHoliday(Date(2020, 5, 8)));     // early May moved to VE Day
    BOOST_TEST(!isBankHoliday(Date(2020, 5, 4)));
    BOOST_TEST(isBankHoliday(Date(2012, 6, 4)));
    BOOST_TEST(isBankHoliday(Date(2012, 6, 5)));
    BOOST_TEST(!isBankHoliday(Date(2012, 5, 28)));
    BOOST_TEST(isBankHoliday(Date(2002, 6, 3)));
    BOOST_TEST(isBankHoliday(Date(2011, 4, 29)));
    BOOST_TEST(isBankHoliday(Date(2028, 12, 25)));   // beyond the table: the rules go on
    BOOST_TEST(isBankHoliday(Date(2028, 4, 14)));    // Good Friday 2028
}

BOOST_AUTO_TEST_CASE(adding_working_days_skips_weekends_and_bank_holidays) {
    BOOST_TEST(addWorkingDays(Date(2026, 12, 24), 1).iso() == "2026-12-29");  // Thu → Tue (Fri 25, Mon 28 off)
    BOOST_TEST(addWorkingDays(Date(2026, 4, 2), 1).iso() == "2026-04-07");    // Easter
    BOOST_TEST(addWorkingDays(Date(2026, 4, 7), -1).iso() == "2026-04-02");
    BOOST_TEST(addWorkingDays(Date(2026, 8, 28), 1).iso() == "2026-09-01");   // summer bank holiday 31 August
    BOOST_TEST(addWorkingDays(Date(2026, 12, 26), 0).iso() == "2026-12-26");
    // 45 working days from Monday 2 March 2026: 45 weekdays end on Monday 4 May; Good Friday, Easter Monday and
    // the early May bank holiday (4 May itself) push it three working days on.
    BOOST_TEST(addWorkingDays(Date(2026, 3, 2), 45).iso() == "2026-05-07");
}

BOOST_AUTO_TEST_CASE(working_days_between_is_the_inverse_of_adding) {
    BOOST_TEST(workingDaysBetween(Date(2026, 12, 24), Date(2026, 12, 29)) == 1);
    BOOST_TEST(workingDaysBetween(Date(2026, 12, 29), Date(2026, 12, 24)) == -1);
    BOOST_TEST(workingDaysBetween(Date(2026, 7, 31), Date(2026, 8, 3)) == 1);
    BOOST_TEST(workingDaysBetween(Date(2026, 8, 1), Date(2026, 8, 1)) == 0);
    BOOST_TEST(workingDaysBetween(Date(2026, 8, 1), Date(2026, 8, 2)) == 0);  // Saturday to Sunday
    for (Date a(2019, 12, 20); a < Date(2021, 1, 10); a = a.addDays(3))
        for (int n : {0, 1, 4, 5, 10, 15, 45, 200}) {
            const Date b = addWorkingDays(a, n);
            BOOST_TEST_REQUIRE(workingDaysBetween(a, b) == n, a.iso() << " + " << n);
            BOOST_TEST_REQUIRE(isWorkingDay(b) == (n > 0 || isWorkingDay(a)));
        }
}
