#include <boost/test/unit_test.hpp>

#include "audit/base/date.h"
#include "audit/base/error.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(days_since_1970_and_back) {
    BOOST_TEST(Date(1970, 1, 1).days() == 0);
    BOOST_TEST(Date(2000, 3, 1).days() == 11017);
    BOOST_TEST(Date(1969, 12, 31).days() == -1);
    const Date d(2024, 2, 29);
    BOOST_TEST(d.year() == 2024);
    BOOST_TEST(d.month() == 2);
    BOOST_TEST(d.day() == 29);
    BOOST_TEST(Date::fromDays(d.days()) == d);
    BOOST_TEST(d.iso() == "2024-02-29");
    BOOST_TEST(d.uk() == "29/02/2024");
    BOOST_TEST(Date(5, 1, 2).iso() == "0005-01-02");
    // Every day of four centuries round-trips through year/month/day.
    for (std::int32_t n = Date(1899, 1, 1).days(); n < Date(2300, 1, 1).days(); ++n) {
        const Date x = Date::fromDays(n);
        BOOST_REQUIRE(Date(x.year(), x.month(), x.day()).days() == n);
    }
}

BOOST_AUTO_TEST_CASE(comparison_and_arithmetic) {
    BOOST_TEST((Date(2025, 1, 31) < Date(2025, 2, 1)));
    BOOST_TEST((Date(2025, 1, 31) == Date(2025, 1, 31)));
    BOOST_TEST(Date(2024, 12, 31).addDays(1).iso() == "2025-01-01");
    BOOST_TEST(Date(2025, 1, 31).addMonths(1).iso() == "2025-02-28");
    BOOST_TEST(Date(2024, 1, 31).addMonths(1).iso() == "2024-02-29");
    BOOST_TEST(Date(2025, 3, 31).addMonths(-1).iso() == "2025-02-28");
    BOOST_TEST(Date(2025, 1, 15).addMonths(-13).iso() == "2023-12-15");
    BOOST_TEST(Date(2025, 11, 30).addMonths(14).iso() == "2027-01-30");
}

BOOST_AUTO_TEST_CASE(months_between) {
    BOOST_TEST(monthsBetween(Date(2025, 1, 15), Date(2025, 2, 14)) == 0);
    BOOST_TEST(monthsBetween(Date(2025, 1, 15), Date(2025, 2, 15)) == 1);
    BOOST_TEST(monthsBetween(Date(2025, 1, 31), Date(2025, 2, 28)) == 1);
    BOOST_TEST(monthsBetween(Date(2024, 11, 20), Date(2025, 11, 19)) == 11);
    BOOST_TEST(monthsBetween(Date(2024, 11, 20), Date(2025, 11, 20)) == 12);
    BOOST_TEST(monthsBetween(Date(2025, 2, 15), Date(2025, 1, 15)) == -1);
    BOOST_TEST(monthsBetween(Date(2025, 2, 15), Date(2025, 1, 16)) == 0);
    BOOST_TEST(monthsBetween(Date(2025, 5, 5), Date(2025, 5, 5)) == 0);
}

BOOST_AUTO_TEST_CASE(parses_uk_and_iso) {
    BOOST_TEST(parseDate("02/01/2025")->iso() == "2025-01-02");  // UK order: 2 January
    BOOST_TEST(parseDate("2/1/2025")->iso() == "2025-01-02");
    BOOST_TEST(parseDate("31-12-2024")->iso() == "2024-12-31");
    BOOST_TEST(parseDate("31.12.2024")->iso() == "2024-12-31");
    BOOST_TEST(parseDate("2025-01-02")->iso() == "2025-01-02");
    BOOST_TEST(parseDate("2025/1/2")->iso() == "2025-01-02");
    BOOST_TEST(parseDate(" 29/02/2024 ")->iso() == "2024-02-29");
    BOOST_TEST(parseDate("02/01/2025 00:00")->iso() == "2025-01-02");
    BOOST_TEST(parseDate("02/01/2025 13:45:10")->iso() == "2025-01-02");
    BOOST_TEST(parseDate("2025-01-02T00:00:00")->iso() == "2025-01-02");
    BOOST_TEST(parseDate("2025-01-02T00:00:00.000Z")->iso() == "2025-01-02");
}

BOOST_AUTO_TEST_CASE(invalid_dates_are_refused) {
    for (const char* bad : {"31/02/2025", "29/02/2025", "00/01/2025", "01/13/2025", "2025-02-30", "", "  ",
                            "tomorrow", "02/01/25", "2025-01", "02/01/2025x", "2/1/20255", "02-01/2025",
                            "2025-1-2 noon", "123/01/2025", "29/02/1900"})
        BOOST_TEST(!parseDate(bad).has_value(), bad);
    BOOST_TEST(dateProblem("31/02/2025") ==
               "'31/02/2025' is not a date: 2025 month 2 has no day 31 (expected a date as dd/mm/yyyy or yyyy-mm-dd)");
    BOOST_TEST(dateProblem("01/13/2025").find("there is no month 13") != std::string::npos);
    BOOST_TEST(dateProblem("02/01/25").find("two-digit year") != std::string::npos);
    BOOST_TEST(dateProblem("").find("blank") != std::string::npos);
    BOOST_TEST(dateProblem("2025-01-02") == "");
    try {
        parseDate("31/02/2025", "cases.csv", "line 4, column 9");
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        BOOST_TEST(e.problems()[0].file == "cases.csv");
        BOOST_TEST(e.problems()[0].place == "line 4, column 9");
    }
    BOOST_CHECK_THROW(Date(2025, 2, 29), Error);
    BOOST_TEST(!Date::make(2025, 4, 31).has_value());
}

BOOST_AUTO_TEST_CASE(excel_serials_1900_system) {
    BOOST_TEST(fromExcelSerial(1)->iso() == "1900-01-01");
    BOOST_TEST(fromExcelSerial(59)->iso() == "1900-02-28");
    BOOST_TEST(!fromExcelSerial(60).has_value());  // Excel's 29/02/1900 never was
    BOOST_TEST(fromExcelSerial(61)->iso() == "1900-03-01");
    BOOST_TEST(fromExcelSerial(25569)->iso() == "1970-01-01");
    BOOST_TEST(fromExcelSerial(45658)->iso() == "2025-01-01");
    BOOST_TEST(fromExcelSerial(45658.75)->iso() == "2025-01-01");  // time of day dropped
    BOOST_TEST(fromExcelSerial(2958465)->iso() == "9999-12-31");
    BOOST_TEST(!fromExcelSerial(0).has_value());
    BOOST_TEST(!fromExcelSerial(-3).has_value());
    BOOST_TEST(!fromExcelSerial(2958466).has_value());
    BOOST_TEST(Date(2025, 1, 1).excelSerial() == 45658);
    BOOST_TEST(Date(1900, 3, 1).excelSerial() == 61);
    BOOST_TEST(Date(1900, 2, 28).excelSerial() == 59);
    BOOST_TEST(Date(1900, 1, 1).excelSerial() == 1);
    for (double s : {1.0, 59.0, 61.0, 40000.0, 45658.0})
        BOOST_TEST(fromExcelSerial(s)->excelSerial() == s);
}
