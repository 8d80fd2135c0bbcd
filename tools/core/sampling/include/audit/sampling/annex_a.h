// Ofsted's ILACS Annex A: the child-level lists a council gives inspectors (one workbook, a sheet per list, or one
// CSV per list), and the sampling frame built from lists 6–9.
//
// Reusable pieces (for anything that reads Annex A lists, e.g. performance indicators from lists 3–9):
//   annexListNumber()   which list a sheet or file name is ("List 6", "List_6", "List6", "annex_a_list_6.csv");
//   findAnnexSources()  the lists of a workbook or of a folder of CSVs;
//   readList()          streams one list, its header row found wherever the caller's test matches it (row 1, or
//                       below a title row), a CSV read as UTF-8 or Windows-1252;
//   findColumn()        (case_list.h) a header's column by any of several names, compared by matchKey (case,
//                       spaces, punctuation and typographic quotes ignored);
//   ColumnMap::list(n)  (case_list.h) a map's header names for list n's fields (annex-a.xml, ssd.xml).
//
// The frame (loadAnnexFrame), one row per child, by these rules (also given, with their counts, by
// CaseList::notes() for the sample's Parameters sheet):
//   - a record is open at the as-of date when its start date is on or before it and its end date (list 6 CIN
//     Closure Date, list 7 Child Protection Plan End Date, list 8 Date Ceased to be Looked After; list 9 has
//     none) is blank or after it; a list 6 record whose case status is a closed episode is closed;
//   - the child's category is the first that holds: open in list 8 → CLA; open in list 7 → CP; in list 9 → Care
//     leaver; open in list 6 with case status a) → CLA, b) → CP, c) or blank → CIN, d) → Assessment. The
//     team, worker and start date come from the record that gave the category (the latest start if several);
//   - letter codes ("a) ") are ignored when matching statuses and yes/no values, and the map's <status> table
//     gives councils' own spellings (CLA, LAC, CPP, Open asmt, …);
//   - flags: missing when a list 8 record counts a missing episode (> 0); uasc from list 8 or 9; disability
//     from list 6;
//   - a blank or error-cell team or worker is kUnallocated (counted and warned).
// The frame's columns: case_ref and child_ref (the child's id), team, worker, category, open_date,
// legal_status, the flags the lists have (flag_missing only if list 8 has its column, …), list (the list
// that gave the category), status (list 6's case status as written) and source ("List 8, row 14").
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/sampling/case_list.h"

namespace audit {

// The list number a sheet or file name names (1..11), or nullopt: "List 6", "List_6", "List6", "LIST 6 - CIN",
// "annex_a_list_6.csv", "List 6 Children in need.csv".
std::optional<int> annexListNumber(std::string_view name);

// One list of an Annex A return: a worksheet of a workbook, or a CSV file.
struct AnnexSource {
    int list = 0;
    std::string file;
    std::string sheet;  // empty: a CSV
    std::string name() const;  // "sheet 'List 6' of annex.xlsx" or "list6.csv"
};

// The lists of a workbook (its worksheets named as lists) or of a folder (its CSV files named as lists), in
// list order. Two sources for one list: Error(Data) naming both. None: an empty vector.
std::vector<AnnexSource> findAnnexSources(const std::string& path);
// True when the path is a workbook with list sheets 6 to 9 (any of them) or a folder of such CSVs.
bool looksLikeAnnexA(const std::string& path);

struct ListHeader {
    std::vector<std::string> header;  // trimmed cell texts
    std::size_t row = 0;              // 1-based sheet row or CSV line of the header
    std::size_t firstRow = 0;         // of the first non-blank row (a title when it differs from `row`)
    std::string title;                // that row's first non-blank cell, when it is not the header
    std::string encoding;             // CSV: "UTF-8" or "Windows-1252"; a sheet: ""
};

// Streams a list. The header is the first of the first 20 non-blank rows for which isHeader() holds; none:
// Error(Data) naming the source, the rows looked at and `lookedFor`. onRow gets every later non-blank row: its
// 1-based row (line) and its cells' texts (date cells as ISO dates, error cells as "#N/A" …), valid during the
// call only.
void readList(const AnnexSource& source, const std::function<bool(const std::vector<std::string>&)>& isHeader,
              const std::string& lookedFor, const std::function<void(const ListHeader&)>& onHeader,
              const std::function<void(std::size_t row, const std::vector<std::string_view>& cells)>& onRow);

// Only the header of a list (the same search as readList), or nullopt when none of the first 20 rows fits.
// Also for a plain case list (list 0: a CSV, or the worksheet `sheet`), whose header may sit below title rows.
std::optional<ListHeader> findListHeader(const AnnexSource& source,
                                         const std::function<bool(const std::vector<std::string>&)>& isHeader);

// The place of a cell: "sheet 'List 6', cell D14" or "line 14, column 4 ('Allocated Team')".
std::string listCellPlace(const AnnexSource& source, std::size_t row, std::size_t column, const std::vector<std::string>& header);

// The frame from lists 6–9 by the rules above, through an annex-a layout map (warnings and notes on the result).
CaseList loadAnnexFrame(const std::vector<AnnexSource>& sources, const ColumnMap& map, const LoadOptions& options);
// The same with the annex-a layout map that finds the most of the lists' columns.
CaseList loadAnnexFrame(const std::vector<AnnexSource>& sources, const LoadOptions& options);

}  // namespace audit
