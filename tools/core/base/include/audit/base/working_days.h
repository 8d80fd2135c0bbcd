// Working days in England and Wales: Monday to Friday, less the bank holidays.
//
// The bank holidays are computed by rule (Banking and Financial Dealings Act 1971 and the proclamations since):
// New Year's Day, Good Friday and Easter Monday (Easter by the Gregorian computus), the early May bank holiday
// (first Monday of May), the spring bank holiday (last Monday of May), the summer bank holiday (last Monday of
// August), Christmas Day and Boxing Day, each falling at a weekend replaced by the next weekday that is not already
// a holiday (substitute days). Days moved or added by proclamation are in a table: 1995-05-08 and 2020-05-08 (early
// May moved for VE Day), 2002-06-03/04, 2012-06-04/05 and 2022-06-02/03 (spring moved for jubilees, plus the
// jubilee day), 1999-12-31 (millennium), 2011-04-29 (royal wedding), 2022-09-19 (the State Funeral of Queen
// Elizabeth II), 2023-05-08 (the coronation of King Charles III). A new proclamation needs a line in that table
// (working_days.cpp). Years before 1978 (no early May holiday) are computed by the same rules and are not exact.
//
//   isBankHoliday(Date(2026, 12, 28))           // true: Boxing Day (a Saturday) is substituted on the Monday
//   addWorkingDays(Date(2026, 12, 24), 1)        // 2026-12-29
//   workingDaysBetween(Date(2026, 12, 24), Date(2026, 12, 29))  // 1
#pragma once
#include <vector>

#include "audit/base/date.h"

namespace audit {

// Monday = 0 … Sunday = 6.
int weekday(const Date& d);

// The date in words for letters and forms: "Friday 14 August 2026".
std::string longDate(const Date& d);
// Easter Sunday of a year (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher).
Date easterSunday(int year);
// A bank holiday of England and Wales (substitute days included).
bool isBankHoliday(const Date& d);
// The bank holidays of a year, in order.
std::vector<Date> bankHolidays(int year);
// Monday to Friday and not a bank holiday.
bool isWorkingDay(const Date& d);
// `n` working days after `d` (n < 0: before); n = 0 gives d itself, even when d is not a working day.
Date addWorkingDays(const Date& d, int n);
// The working days after `a` up to and including `b` (negative, counted the other way, when b < a): the n for
// which addWorkingDays(a, n) == b when b is a working day. workingDaysBetween(Fri, next Mon) = 1.
int workingDaysBetween(const Date& a, const Date& b);

}  // namespace audit
