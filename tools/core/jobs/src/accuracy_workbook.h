// The QA lead's accuracy workbook (private to jobs; moderation_accuracy.cpp writes it for --out FILE.xlsx).
#pragma once
#include <map>
#include <string>

#include "audit/moderation/moderation.h"

namespace audit::jobs {

// The flags of a group's total row ("" for other rows), as in the CSV.
std::string flagsOf(const moderation::Accuracy& acc, const moderation::AccuracyRow& r);

// Sheets Accuracy (one row per group and period, headers in words, the interval method and the --min-n
// threshold named above the table), Flags and Trend (exact agreement per period, with a line chart); each set to
// print landscape one page wide with its header row repeated. domainTitles: domain id -> title, for by=domain.
void writeAccuracyXlsx(const moderation::Accuracy& acc, const std::string& path,
                       const std::map<std::string, std::string>& domainTitles);

}  // namespace audit::jobs
