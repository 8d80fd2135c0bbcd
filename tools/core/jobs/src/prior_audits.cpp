// audit-sample history import: prior audits into the store's audit_history, idempotently.
#include "audit/jobs/prior_audits.h"

#include <filesystem>
#include <set>
#include <tuple>

#include "audit/base/hash.h"
#include "audit/base/paths.h"
#include "audit/sampling/audit_history.h"
#include "audit/store/store.h"

namespace fs = std::filesystem;

namespace audit::jobs {

std::string HistorySource::line() const {
    return fs::path(file).filename().string() + " (SHA-256 " + hash.substr(0, 12) + "…, imported " + importedAt.substr(0, 10) +
           "): " + std::to_string(added) + " audit" + (added == 1 ? "" : "s") + " of " + std::to_string(cases) + " case" +
           (cases == 1 ? "" : "s") + " added";
}

HistoryImportResult historyImport(const HistoryImportRequest& request) {
    const ColumnMap map = ColumnMap::load(request.mapName.value_or("history"));
    HistoryReadOptions options;
    options.sheet = request.sheet;
    options.dateOrder = request.dateOrder;
    options.latest = request.latest;
    // Every row is read and checked before the store is opened: a bad file stores nothing (and makes no store).
    const AuditHistory h = readAuditHistory(request.file, map, options);
    HistoryImportResult r;
    r.file = request.file;
    r.sheet = h.sheet;
    r.mapId = map.id();
    r.hash = sha256File(request.file);
    r.headerRow = h.headerRow;
    r.rows = h.audits.size();
    r.idColumns = h.caseColumn + (h.caseColumn.empty() || h.childColumn.empty() ? "" : ", ") + h.childColumn;
    r.dateColumn = h.dateColumn;
    r.templateColumn = h.templateColumn;
    r.warnings = h.warnings;
    std::set<std::string> ids;
    for (const auto& a : h.audits) {
        ids.insert(a.caseRef + '\x1f' + a.childRef);
        if (r.firstDate.empty() || a.date.iso() < r.firstDate) r.firstDate = a.date.iso();
        if (a.date.iso() > r.lastDate) r.lastDate = a.date.iso();
    }
    r.cases = ids.size();

    Store store(request.store, StoreOpen::Create);
    r.storeName = store.name();
    store.transaction([&] {
        // Idempotent: an audit is one row per (case_ref, child_ref, audit_date, template); rows already held (from
        // an earlier import of this or another file, or twice in this file) are counted, not added again.
        using Key = std::tuple<std::string, std::string, std::string, std::string>;
        std::set<Key> held;
        for (const auto& row : store.query("SELECT case_ref, child_ref, audit_date, template FROM audit_history"))
            held.emplace(row.text(0), row.text(1), row.text(2), row.text(3));
        std::vector<std::string> cs, ch, dates, templates;
        std::vector<std::int64_t> rows;
        for (const auto& a : h.audits) {
            if (!held.emplace(a.caseRef, a.childRef, a.date.iso(), a.templateId).second) {
                ++r.alreadyStored;
                continue;
            }
            cs.push_back(a.caseRef);
            ch.push_back(a.childRef);
            dates.push_back(a.date.iso());
            templates.push_back(a.templateId);
            rows.push_back(static_cast<std::int64_t>(a.row));
        }
        r.added = cs.size();
        if (!r.added) return;  // nothing new: nothing written, not even the log row
        const std::optional<std::string> sheet = h.sheet.empty() ? std::nullopt : std::optional<std::string>(h.sheet);
        r.importId = store.insertReturningId(
            "INSERT INTO history_import (imported_at, source_file, source_sheet, source_hash, rows_read, added, "
            "already_stored, cases, tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            store.now(), request.file, sheet, r.hash, r.rows, r.added, r.alreadyStored, r.cases, toolkitVersion());
        const std::vector<std::int64_t> importIds(cs.size(), *r.importId);
        store.exec("INSERT INTO audit_history (case_ref, child_ref, audit_date, template, import_id, source_row) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   cs, ch, dates, templates, importIds, rows);
    });
    return r;
}

std::vector<HistorySource> historySources(Store& store) {
    std::vector<HistorySource> out;
    for (const auto& row : store.query("SELECT source_file, source_hash, imported_at, added, cases FROM history_import ORDER BY id"))
        out.push_back({row.text(0), row.text(1), row.text(2), static_cast<std::size_t>(row.integer(3)),
                       static_cast<std::size_t>(row.integer(4))});
    return out;
}

std::vector<HistorySource> historySources(const std::string& storeSpec) {
    try {
        Store store(storeSpec, StoreOpen::ReadOnly);
        return historySources(store);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::NoInput) throw;
        return {};
    }
}

}  // namespace audit::jobs
