// audit-sample history import (prior_audits; not history.h, an audit's own history of events): prior audits from a council's records into the store (audit_history), so that
// --exclude-audited-within works before the store holds a year of audits; and the summary of what the store
// holds, for the sample's Parameters sheet and `audit-sample check`.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/base/error.h"

namespace audit::jobs {

struct HistoryImportRequest {
    std::string file;                     // CSV or XLSX
    std::optional<std::string> mapName;   // a history map (default "history")
    std::string sheet;                    // a workbook's sheet
    std::optional<DateOrder> dateOrder;   // --date-order
    Date latest;                          // audit dates after it are refused (today)
    std::string store;
};

struct HistoryImportResult {
    std::string file, sheet, hash, mapId, storeName;
    std::string idColumns, dateColumn, templateColumn;  // the headers read ("Child ID", "Audit Date", "")
    std::size_t headerRow = 0, rows = 0, added = 0, alreadyStored = 0, cases = 0;
    std::string firstDate, lastDate;      // of the file's audits (ISO)
    std::optional<std::int64_t> importId; // absent: nothing new (the file was imported before)
    std::vector<Problem> warnings;
};

// Reads and checks every row first (Error(Data) listing file, row and column of each problem: nothing is stored
// then), then adds the audits the store does not hold yet, and a history_import row, in one transaction.
HistoryImportResult historyImport(const HistoryImportRequest& request);

// What the store's audit history holds, one line per import ("history.csv (SHA-256 1a2b3c4d…, imported
// 2026-12-03): 120 audits of 97 cases added"); empty when none.
struct HistorySource {
    std::string file, hash, importedAt;
    std::size_t added = 0, cases = 0;
    std::string line() const;
};
}  // namespace audit::jobs

namespace audit {
class Store;
}

namespace audit::jobs {
std::vector<HistorySource> historySources(Store& store);
// For `check`: the imports, from the store named (nothing when a SQLite store file does not exist: it is not made).
std::vector<HistorySource> historySources(const std::string& storeSpec);
}  // namespace audit::jobs
