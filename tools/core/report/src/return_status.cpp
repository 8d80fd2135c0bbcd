#include "audit/report/return_status.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "audit/base/date.h"
#include "audit/base/due_date.h"
#include "audit/base/error.h"
#include "audit/base/period.h"
#include "audit/base/text.h"
#include "audit/store/store.h"
#include "audit/store/store_cursor.h"

namespace audit {

std::optional<double> StatusCounts::completion() const {
    if (allocated == 0) return std::nullopt;
    return static_cast<double>(returned) / static_cast<double>(allocated);
}

namespace {

void count(StatusCounts& c, bool returned, bool moderated, bool overdue, const std::string& caseRef) {
    ++c.allocated;
    if (returned) ++c.returned;
    if (moderated) ++c.moderated;
    if (!returned) ++c.outstanding;
    if (overdue) {
        ++c.overdue;
        c.overdueCases.push_back(caseRef);
    }
}

void sortCases(StatusCounts& c) { std::sort(c.overdueCases.begin(), c.overdueCases.end()); }

std::vector<AuditorStatus> byAuditor(std::map<std::string, StatusCounts>& m) {
    std::vector<AuditorStatus> out;
    for (auto& [name, c] : m) {
        sortCases(c);
        out.push_back({name, c});
    }
    return out;
}

}  // namespace

ReturnStatus returnStatus(Store& store, const std::string& periodText, const std::string& asOf) {
    ReturnStatus s;
    s.period = text::trimmed(periodText);
    s.asOf = asOf;
    s.store = store.name();
    const auto asOfDate = parseDate(asOf);
    if (!asOfDate || asOfDate->iso() != asOf)
        throwUsage("--as-of '" + asOf + "' is not a date (expected YYYY-MM-DD, e.g. 2026-12-01)");
    std::optional<Period> period;
    if (!s.period.empty()) {
        period = parsePeriod(s.period);
        if (!period) throwUsage("--period '" + s.period + "' is not a period (expected " + kPeriodForms + ")");
    }

    // Every member of every audit draw, its auditor, and whether its audit came back (the latest version that
    // counts, of that case in that draw).
    // Streamed (store_cursor.h): a store of 100,000 audits has as many draw members, and Store::query's values
    // cost more than the queries (the partnership workbook counts its completion rate here).
    std::set<std::pair<std::int64_t, std::string>> returned, moderated;
    forEachRow(store, "SELECT draw_id, case_ref FROM audit_latest WHERE draw_id IS NOT NULL", {},
               [&](const StoreCursorRow& row) { returned.emplace(row.integer(0), row.text(1)); });
    forEachRow(store,
               "SELECT DISTINCT a.draw_id, a.case_ref FROM moderation_latest m "
               "JOIN audit a ON a.id = m.audit_id WHERE a.draw_id IS NOT NULL",
               {}, [&](const StoreCursorRow& row) { moderated.emplace(row.integer(0), row.text(1)); });

    std::map<std::int64_t, DrawStatus> draws;
    std::map<std::int64_t, std::map<std::string, StatusCounts>> drawAuditors;
    std::map<std::string, StatusCounts> auditors;
    // A draw's period is decided once, not once per member.
    std::optional<std::int64_t> lastDraw;
    bool lastInPeriod = false;
    forEachRow(store,
               "SELECT d.id, COALESCE(d.period, '') AS period, COALESCE(d.due_date, '') AS due, m.case_ref, "
               "COALESCE(al.auditor, '') AS auditor FROM draw d JOIN draw_member m ON m.draw_id = d.id "
               "LEFT JOIN allocation al ON al.draw_id = m.draw_id AND al.case_ref = m.case_ref AND al.role = 'auditor' "
               "WHERE d.kind = 'audit' ORDER BY d.id, m.case_ref",
               {}, [&](const StoreCursorRow& row) {
        const std::int64_t id = row.integer(0);
        const std::string drawPeriod(row.text(1));
        if (period) {
            if (lastDraw != id) {
                const auto p = parsePeriod(drawPeriod);
                lastDraw = id;
                lastInPeriod = p && period->overlaps(*p);
            }
            if (!lastInPeriod) return;
        }
        auto it = draws.find(id);
        if (it == draws.end()) {
            DrawStatus d;
            d.drawId = id;
            d.period = drawPeriod;
            d.dueDate = row.text(2);
            if (d.dueDate.empty()) {
                d.dueDateDefault = true;
                if (const auto p = parsePeriod(drawPeriod)) d.dueDate = auditDueDate(*p).iso();
            }
            it = draws.emplace(id, std::move(d)).first;
        }
        DrawStatus& d = it->second;
        const std::pair<std::int64_t, std::string> key(id, row.text(3));
        const std::string& caseRef = key.second;
        const std::string auditor(row.text(4));
        const bool back = returned.count(key) > 0;
        const bool mod = moderated.count(key) > 0;
        const bool late = !back && !d.dueDate.empty() && asOf > d.dueDate;
        count(d.counts, back, mod, late, caseRef);
        count(drawAuditors[id][auditor], back, mod, late, caseRef);
        count(auditors[auditor], back, mod, late, caseRef);
        count(s.total, back, mod, late, caseRef);
    });
    for (auto& [id, d] : draws) {
        sortCases(d.counts);
        d.auditors = byAuditor(drawAuditors[id]);
        s.draws.push_back(std::move(d));
    }
    s.auditors = byAuditor(auditors);
    sortCases(s.total);
    return s;
}

CompletionRate completionRate(Store& store, const std::string& period, const std::string& asOf) {
    const ReturnStatus s = returnStatus(store, period, asOf);
    return {s.total.allocated, s.total.returned, s.total.overdue, s.total.completion()};
}

}  // namespace audit
