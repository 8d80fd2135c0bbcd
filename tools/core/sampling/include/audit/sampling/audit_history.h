// Prior audits from a council's own records (a CSV or a worksheet: the case's or the child's id, the date it was
// audited, optionally the template), read through a history column map (layout="history", history.xml) so that
// `--exclude-audited-within` works before the store holds a year of audits.
//
// The header row is found as a case list's (findListHeader: the first of the first 20 non-blank rows naming an id
// and the audit date; a title row above it is passed over and said). Every row is checked and every problem
// reported at once, each with the file and the cell ("line 14, column 2 ('Audit Date')" or "sheet 'Audits', cell
// B14"): no id (blank or an error cell such as #N/A), an audit date that is not a date, is an error cell or lies
// after `latest` (a date in the future). Dates: date cells, dd/mm/yyyy and yyyy-mm-dd, bare Excel serials (a
// worksheet, or a CSV when the map allows them); the order of day and month as for case lists (the option, the
// map, else found from the column: month first or ambiguous is warned, a contradiction is an error).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/sampling/case_list.h"

namespace audit {

struct PriorAudit {
    std::string caseRef, childRef;  // one at least
    Date date;
    std::string templateId;         // as written; "" when the file has no template column or the cell is blank
    std::size_t row = 0;            // line (CSV) or sheet row
};

struct AuditHistory {
    std::string file, sheet;        // sheet: empty for a CSV
    std::size_t headerRow = 0;
    std::string caseColumn, childColumn, dateColumn, templateColumn;  // the headers used ("" when none)
    std::vector<PriorAudit> audits;  // in file order
    std::vector<Problem> warnings;   // title rows, date order, serials, encoding
};

struct HistoryReadOptions {
    std::string sheet;                       // a workbook's sheet (default "Cases"-like: "Audits", else the first visible)
    std::optional<DateOrder> dateOrder;      // --date-order
    Date latest;                             // audit dates after this are refused (today)
};

// Throws Error(Data) listing every problem; Error(NoInput) when the file is missing.
AuditHistory readAuditHistory(const std::string& path, const ColumnMap& map, const HistoryReadOptions& options);

}  // namespace audit
