#include <boost/test/unit_test.hpp>

#include "audit/base/due_date.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(working_days_skip_weekends) {
    // Friday 31 July 2026 + 1 working day = Monday 3 August.
    BOOST_TEST(addWorkingDays(Date(2026, 7, 31), 1).iso() == "2026-08-03");
    BOOST_TEST(addWorkingDays(Date(2026, 7, 31), 0).iso() == "2026-07-31");
    // Saturday 1 August + 5 = Friday 7 August.
    BOOST_TEST(addWorkingDays(Date(2026, 8, 1), 5).iso() == "2026-08-07");
}

BOOST_AUTO_TEST_CASE(a_months_audits_are_due_ten_working_days_after_its_end) {
    BOOST_TEST(auditDueDate(*parsePeriod("2026-07")).iso() == "2026-08-14");
    // 30 September 2026 is a Wednesday: ten working days on is Wednesday 14 October.
    BOOST_TEST(auditDueDate(*parsePeriod("2026-09")).iso() == "2026-10-14");
    // A quarter: from its last day.
    BOOST_TEST(auditDueDate(*parsePeriod("2026-Q3")).iso() == "2026-10-14");
}

BOOST_AUTO_TEST_CASE(due_dates_skip_bank_holidays) {
    // Thursday 31 December 2026: New Year's Day is not a working day, so ten working days end on Friday 15 January.
    BOOST_TEST(auditDueDate(*parsePeriod("2026-12")).iso() == "2027-01-15");
    // March 2026 ends on a Tuesday; Good Friday (3 April) and Easter Monday (6 April) push the due date to 16 April.
    BOOST_TEST(auditDueDate(*parsePeriod("2026-03")).iso() == "2026-04-16");
}
