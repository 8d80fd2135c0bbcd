// Retention and erasure: how long the store keeps the personal and case-level detail of audits, and the purge
// that removes it once that time has passed, keeping what later reports count (docs/STORE.md, "Retention").
//
// The policy is in the store (table retention_policy), one row per record type, in whole years after the end of
// the audit's period:
//   evidence     free text written about a child's case: answers' evidence, audits' strengths and escalation,
//                rationales, moderators' reasons, actions' descriptions and notes, details of rejected imports
//   case_detail  who the child is: child references, workers and team managers, the case snapshot taken at the
//                draw (dates, legal status, flags); case references become keyed pseudonyms ("purged-" + 16 hex
//                digits), the same for every record of one case, so counts of cases and versions still add up
// What stays: every audit, judgement (grades, ranks, scores), moderation grade, draw and its weights, action
// status and date, KPI and self-assessment: the grade counts, agreement tables and trends of later reports.
//
// A purge is one transaction, recorded in purge_log (what, which periods, how many rows) and in the event log;
// report data reads purge_log so that a report over a purged period says what was removed.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace audit {

class Store;

struct RetentionRule {
    std::string recordType;  // evidence | case_detail
    int keepYears = 0;
    std::string what;        // what the record type covers, for listings
    std::string setAt;
};
std::vector<RetentionRule> retentionPolicy(Store& store);
// Changes one rule (Error Usage for an unknown type or a negative number of years); logged in the event log.
void setRetention(Store& store, const std::string& recordType, int keepYears, const std::string& tool);

struct PurgedType {
    std::string recordType;
    std::string cutoff;                // periods ending before this date were purged
    std::vector<std::string> periods;  // purged now (sorted)
    std::size_t rows = 0;              // rows changed
};
struct PurgeResult {
    std::string before;
    bool dryRun = false;
    std::vector<PurgedType> types;
    std::size_t rows() const;
};
// Purges, for each record type, the periods that end before both `before` and today minus the rule's years
// (ISO dates). With dryRun nothing changes and the result says what would be purged.
PurgeResult purge(Store& store, const std::string& before, const std::string& today, bool dryRun,
                  const std::string& tool);

// What purge_log says was removed from periods overlapping [firstDay, lastDay], one sentence per purge and type,
// oldest first ("evidence of 2019-04 to 2019-12 purged on 2026-11-30 (retention 3 years)").
std::vector<std::string> purgeNotes(Store& store, const std::string& firstDay, const std::string& lastDay);

}  // namespace audit
