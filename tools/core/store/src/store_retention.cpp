#include "audit/store/store_retention.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/base/hash.h"
#include "audit/base/period.h"
#include "audit/store/store.h"

namespace audit {

namespace {

constexpr const char* kPseudonymPrefix = "purged-";


// The periods stored (audits, draws, moderations) whose last day is before `cutoff`.
std::vector<std::string> periodsBefore(Store& store, const std::string& cutoff) {
    std::set<std::string> all;
    for (const char* sql : {"SELECT DISTINCT period FROM audit", "SELECT DISTINCT period FROM draw WHERE period IS NOT NULL",
                            "SELECT DISTINCT period FROM moderation"})
        for (const auto& row : store.query(sql)) all.insert(row.text(0));
    std::vector<std::string> out;
    for (const auto& p : all)
        if (auto period = parsePeriod(p); period && period->lastDay() < cutoff) out.push_back(p);
    return out;
}

// Runs sqlBeforeList + "?" + sqlAfterList once per period; returns the rows changed.
std::size_t forPeriods(Store& store, const std::string& sqlBeforeList, const std::vector<std::string>& periods,
                       const std::string& sqlAfterList = ")") {
    std::size_t n = 0;
    for (const auto& p : periods) n += store.exec(sqlBeforeList + "?" + sqlAfterList, p);
    return n;
}

std::size_t purgeEvidence(Store& store, const std::vector<std::string>& periods, const std::string& cutoff) {
    std::size_t n = 0;
    const std::string audits = "SELECT id FROM audit WHERE period = ";
    n += forPeriods(store, "UPDATE answer SET evidence = NULL WHERE evidence IS NOT NULL AND audit_id IN (" + audits, periods, ")");
    n += forPeriods(store, "UPDATE audit SET strengths = NULL, escalation = NULL WHERE (strengths IS NOT NULL OR "
                           "escalation IS NOT NULL) AND period = ", periods, "");
    n += forPeriods(store, "UPDATE judgement SET rationale = NULL WHERE rationale IS NOT NULL AND audit_id IN (" + audits,
                    periods, ")");
    n += forPeriods(store, "UPDATE moderation SET reason = NULL WHERE reason IS NOT NULL AND period = ", periods, "");
    n += forPeriods(store, "UPDATE action SET description = '(purged)' WHERE description <> '(purged)' AND audit_id IN (" +
                               audits, periods, ")");
    n += forPeriods(store, "UPDATE action_update SET note = NULL WHERE note IS NOT NULL AND action_id IN (SELECT a.id FROM "
                           "action a JOIN audit u ON u.id = a.audit_id WHERE u.period = ", periods, ")");
    n += store.exec("UPDATE import_log SET details = NULL WHERE details IS NOT NULL AND outcome = 'rejected' AND at < ?",
                    cutoff);
    return n;
}

std::size_t purgeCaseDetail(Store& store, const std::vector<std::string>& periods) {
    const std::string key = store.pseudonymKey("purge");
    const auto pseudonym = [&](const std::string& ref) {
        return ref.rfind(kPseudonymPrefix, 0) == 0 ? ref : kPseudonymPrefix + sha256(key + "\n" + ref).substr(0, 16);
    };
    std::size_t n = 0;
    // Audits: no child reference or worker; the case by its pseudonym.
    for (const auto& p : periods) {
        n += store.exec("UPDATE audit SET child_ref = NULL, worker = NULL WHERE period = ? AND (child_ref IS NOT NULL OR "
                        "worker IS NOT NULL)", p);
        for (const auto& row : store.query("SELECT DISTINCT case_ref FROM audit WHERE period = ? AND case_ref NOT LIKE 'purged-%'", p))
            n += store.exec("UPDATE audit SET case_ref = ? WHERE period = ? AND case_ref = ?", pseudonym(row.text(0)), p,
                            row.text(0));
    }
    // Draws of those periods: the snapshot emptied, the members and allocations by pseudonym. Allocations refer to
    // members by case, so they are taken out, the members renamed, and they are put back.
    for (const auto& p : periods) {
        for (const auto& d : store.query("SELECT id FROM draw WHERE period = ?", p)) {
            const std::int64_t draw = d.integer(0);
            n += store.exec("UPDATE case_snapshot SET child_ref = NULL, worker = NULL, team_manager = NULL, open_date = NULL, "
                            "last_audit_date = NULL, legal_status = NULL, flags = '[]', extra = '{}', source_row = NULL "
                            "WHERE draw_id = ? AND case_ref NOT LIKE 'purged-%'", draw);
            const auto allocations = store.query("SELECT case_ref, role, auditor, allocated_at FROM allocation WHERE draw_id = ?", draw);
            store.exec("DELETE FROM allocation WHERE draw_id = ?", draw);
            for (const auto& m : store.query("SELECT case_ref FROM draw_member WHERE draw_id = ? AND case_ref NOT LIKE 'purged-%'", draw)) {
                const std::string ref = m.text(0), alias = pseudonym(ref);
                n += store.exec("UPDATE draw_member SET case_ref = ? WHERE draw_id = ? AND case_ref = ?", alias, draw, ref);
                n += store.exec("UPDATE case_snapshot SET case_ref = ? WHERE draw_id = ? AND case_ref = ?", alias, draw, ref);
            }
            for (const auto& a : allocations)
                store.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) VALUES (?, ?, ?, ?, ?)",
                           draw, pseudonym(a.text(0)), a.text(1), a.text(2), a.text(3));
        }
    }
    return n;
}

std::size_t countEvidence(Store& store, const std::vector<std::string>& periods) {
    std::size_t n = 0;
    for (const auto& p : periods) {
        n += static_cast<std::size_t>(store.scalar<std::int64_t>(
            "SELECT COUNT(*) FROM answer WHERE evidence IS NOT NULL AND audit_id IN (SELECT id FROM audit WHERE period = ?)", p).value_or(0));
        n += static_cast<std::size_t>(store.scalar<std::int64_t>(
            "SELECT COUNT(*) FROM judgement WHERE rationale IS NOT NULL AND audit_id IN (SELECT id FROM audit WHERE period = ?)", p).value_or(0));
        n += static_cast<std::size_t>(store.scalar<std::int64_t>(
            "SELECT COUNT(*) FROM audit WHERE (strengths IS NOT NULL OR escalation IS NOT NULL) AND period = ?", p).value_or(0));
    }
    return n;
}

std::size_t countCaseDetail(Store& store, const std::vector<std::string>& periods) {
    std::size_t n = 0;
    for (const auto& p : periods)
        n += static_cast<std::size_t>(
            store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit WHERE period = ? AND case_ref NOT LIKE 'purged-%'", p).value_or(0));
    return n;
}

}  // namespace

std::size_t PurgeResult::rows() const {
    std::size_t n = 0;
    for (const auto& t : types) n += t.rows;
    return n;
}

std::vector<RetentionRule> retentionPolicy(Store& store) {
    std::vector<RetentionRule> out;
    for (const auto& row : store.query("SELECT record_type, keep_years, what, set_at FROM retention_policy ORDER BY record_type"))
        out.push_back({row.text(0), static_cast<int>(row.integer(1)), row.text(2), row.text(3)});
    return out;
}

void setRetention(Store& store, const std::string& recordType, int keepYears, const std::string& tool) {
    if (keepYears < 0 || keepYears > 200) throw Error(ErrorKind::Usage, "keep years must be 0 to 200, not " + std::to_string(keepYears));
    store.transaction([&] {
        if (store.exec("UPDATE retention_policy SET keep_years = ?, set_at = ? WHERE record_type = ?", keepYears,
                       store.now(), recordType) == 0) {
            std::string types;
            for (const auto& r : retentionPolicy(store)) types += (types.empty() ? "" : ", ") + r.recordType;
            throw Error(ErrorKind::Usage, "unknown record type '" + recordType + "'; expected " + types);
        }
        store.logEvent(tool, "retention --set " + recordType + "=" + std::to_string(keepYears));
    });
}

PurgeResult purge(Store& store, const std::string& before, const std::string& todayIso, bool dryRun, const std::string& tool) {
    const auto b = parseDate(before);
    const auto t = parseDate(todayIso);
    if (!b) throw Error(ErrorKind::Usage, "--before '" + before + "' is not a date (expected YYYY-MM-DD)");
    if (!t) throw Error(ErrorKind::Usage, "today '" + todayIso + "' is not a date");
    PurgeResult result;
    result.before = b->iso();
    result.dryRun = dryRun;
    store.transaction([&] {
        for (const auto& rule : retentionPolicy(store)) {
            PurgedType pt;
            pt.recordType = rule.recordType;
            const std::string limit = t->addMonths(-12 * rule.keepYears).iso();
            pt.cutoff = std::min(result.before, limit);
            const auto periods = periodsBefore(store, pt.cutoff);
            if (rule.recordType == "evidence") {
                pt.rows = dryRun ? countEvidence(store, periods) : purgeEvidence(store, periods, pt.cutoff);
            } else if (rule.recordType == "case_detail") {
                pt.rows = dryRun ? countCaseDetail(store, periods) : purgeCaseDetail(store, periods);
            } else {
                continue;
            }
            // Only periods that still held something count as purged now.
            if (pt.rows > 0) pt.periods = periods;
            if (!dryRun && pt.rows > 0) {
                std::string list;
                for (const auto& p : periods) list += (list.empty() ? "" : ",") + p;
                store.exec("INSERT INTO purge_log (at, before_date, record_type, keep_years, periods, first_day, last_day, "
                           "row_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           store.now(), pt.cutoff, pt.recordType, rule.keepYears, list,
                           parsePeriod(periods.front())->firstDay(), parsePeriod(periods.back())->lastDay(),
                           static_cast<std::int64_t>(pt.rows));
            }
            result.types.push_back(std::move(pt));
        }
        if (!dryRun)
            store.logEvent(tool, "purge --before " + result.before, std::to_string(result.rows()) + " rows purged");
    });
    return result;
}

std::vector<std::string> purgeNotes(Store& store, const std::string& firstDay, const std::string& lastDay) {
    std::vector<std::string> out;
    for (const auto& row : store.query("SELECT at, record_type, keep_years, periods, row_count FROM purge_log "
                                       "WHERE first_day <= ? AND last_day >= ? ORDER BY id",
                                       lastDay, firstDay)) {
        std::vector<std::string> inRange;
        std::string list = row.text(3);
        for (std::size_t start = 0; start <= list.size();) {
            const auto comma = list.find(',', start);
            const std::string p = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (auto period = parsePeriod(p); period && period->lastDay() >= firstDay && period->firstDay() <= lastDay)
                inRange.push_back(p);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (inRange.empty()) continue;
        const std::string what = row.text(1) == "evidence" ? "evidence and free text" : "case-level detail (case references pseudonymised)";
        out.push_back(what + " of " + inRange.front() + (inRange.size() > 1 ? " to " + inRange.back() : "") +
                      " purged on " + row.text(0).substr(0, 10) + " under the retention policy (" + row.text(2) +
                      " years)");
    }
    return out;
}

}  // namespace audit
