// A synthetic Ofsted Annex A workbook, seeded: the eleven lists in the published layout (sheets "List 1" …
// "List 11", the template's column names and order, letter-coded values such as "a) Male", "c) Child in need
// plan", "a) Yes", dates as date cells), made from the same synthetic council as audit-demo-data cases: each case
// is a child, CIN cases in list 6 (some as open assessments), CP in lists 6 and 7, CLA in lists 6 and 8, care
// leavers in list 9, early help in list 2; children whose episode closed in the six months before the export
// are in lists 6–8 with their end dates; lists 1, 3, 4, 5, 10 and 11 hold the contacts, referrals,
// assessments, enquiries, adoptions and adopters such a council would have. No child is ever named.
//
// messy: what real extracts hold — a title row above each list's headers, sheet names spelled List_2 / List3,
// error cells (#N/A) in some allocated teams and workers and a #REF! in a date column, no-break spaces in some
// workers' names, councils' own case status spellings (LAC, CPP, CiN Plan, Open asmt, Closed).
//
// The indicators' columns (visits, seen alone, previous plans, reviews, health and dental checks, placements,
// assessment and conference timings, care leavers' contact, accommodation and activity) come from a generator of
// their own, at a `quality` from -1 (worse) to 1 (better) that shifts each chance of being in time; the children,
// teams, workers and dates that make the sampling frame do not depend on them.
//
// The same size, seed, as-of date, quality and messiness give the same workbook byte for byte.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit/base/date.h"

namespace audit {

struct DemoAnnexOptions {
    std::size_t size = 1000;  // children with a case (lists 6–9 and 2)
    std::uint64_t seed = 1;
    Date asOf = Date(2026, 1, 1);  // the extract's date
    bool messy = false;
    double quality = 0;  // -1..1: how the indicators' chances are shifted (0: as in an average council)
};

struct DemoAnnexSummary {
    std::array<std::size_t, 12> rows{};  // rows per list (index 1..11)
    std::size_t errorCells = 0, noBreakSpaces = 0, variantStatuses = 0;  // messy only
};

// Writes the workbook atomically (temporary name, renamed). Throws Error(Usage) for a size of 0 or above
// 1,000,000, Error(CantCreate) if the file cannot be made. `progress` gets the rows written so far.
DemoAnnexSummary writeDemoAnnex(const DemoAnnexOptions& options, const std::string& path,
                                const std::function<void(std::size_t rows)>& progress = {});

struct DemoAnnexMonth {
    std::string file;   // <folder>/annex-a-YYYY-MM.xlsx
    Date asOf;          // the month's last day
    double quality;     // the drift this month
    DemoAnnexSummary summary;
};

// `months` monthly extracts ending with the month of options.asOf, each as at its month's last day, in `folder`
// (created), named annex-a-YYYY-MM.xlsx: the same council each month, its indicators' quality drifting by a seeded
// walk. Error(Usage) for months outside 1..120; Error(CantCreate) for a folder that cannot be made.
std::vector<DemoAnnexMonth> writeDemoAnnexMonths(const DemoAnnexOptions& options, int months, const std::string& folder,
                                                 const std::function<void(std::size_t rows)>& progress = {});

}  // namespace audit
