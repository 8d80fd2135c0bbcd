// What the partnership workbook is computed from (audits, judgements, moderations, actions, draws, as the
// store holds them; docs/STORE.md) and the figures computed from it. Plain values: the store loader
// (report.h) fills them, and tests can build them in memory.
//
// The grade that counts for a domain of an audit is the agreed grade after moderation when there is one, else the
// auditor's grade, else the computed grade. "Good or better" is decided by the report definition's grade labels
// (rank >= 3 when a label is missing). Ranks: 1 = worst (Inadequate) .. 4 = best (Outstanding).
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "audit/moderation/agreement.h"
#include "audit/base/period.h"
#include "audit/report/report_definition.h"
#include "audit/base/symbol.h"
#include "audit/report/triangulation.h"

namespace audit::report {

inline constexpr const char* kOverall = "_overall";
inline constexpr int kRanks = 4;

// Fields that repeat from audit to audit (names, teams, periods, dates) are interned (8 bytes, not 32): a large
// store's report holds 100,000 audits and as many actions.
struct AuditRow {
    std::int64_t id = 0;
    std::string formId, caseRef;
    Symbol templateId, auditor, team, serviceArea, category, worker, period, completedDate;
    std::optional<std::int64_t> drawId;
    Symbol stratum;
    double inclusionProbability = 0;  // 0: not from a draw
    double stratumPopulation = 0;     // N_h of its draw stratum (0: unknown)
    int month = 0;                    // the month it counts in (set by ReportData::index())
};

// Labels are interned (audit/symbol.h): a large store has hundreds of thousands of judgements that repeat a
// dozen domain ids and four grade labels.
// Ranks are small (1..kRanks; the loader keeps a stored rank outside -128..127 at the nearer end) and the audit's
// index 32 bits: 64 bytes a judgement, not 80.
struct JudgementRow {
    std::uint32_t audit = 0;  // index into ReportData::audits
    std::int8_t auditorRank = 0, computedRank = 0;  // 0: none
    std::int8_t moderatorRank = 0, agreedRank = 0;  // from the latest moderation of this audit and domain; 0: none
    Symbol domain;          // a domain id, or kOverall
    Symbol auditorGrade, computedGrade;
    Symbol moderatorGrade, agreedGrade, moderator, moderationPeriod;
    int finalRank() const { return agreedRank ? agreedRank : auditorRank ? auditorRank : computedRank; }
    Symbol finalGrade() const { return agreedRank ? agreedGrade : auditorRank ? auditorGrade : computedGrade; }
    bool moderated() const { return moderatorRank > 0 && auditorRank > 0; }
    // The grade before moderation: the auditor's, else the computed one.
    int beforeRank() const { return auditorRank ? auditorRank : computedRank; }
    Symbol beforeGrade() const { return auditorRank ? auditorGrade : computedGrade; }
};

struct ActionRow {
    std::int64_t id = 0;
    std::int64_t auditId = 0;
    std::string caseRef;
    Symbol team, auditPeriod;
    int actionNo = 0;
    std::string description;
    Symbol owner, dueDate, status, closedDate;
    Symbol raisedDate;  // when the action was agreed: the audit's completed date ("" when unknown)
    bool open() const { return status == "open" || status == "in progress"; }
};

struct AnswerRow {
    std::size_t audit = 0;  // index into ReportData::audits
    Symbol questionId, answer;
};

struct DrawRow {
    std::int64_t id = 0;
    std::string kind, period, createdAt, seed, algorithm, frameSource, frameHash, templateId;
    std::int64_t frameSize = 0, sampleSize = 0, strata = 0;
};

struct ReportData {
    std::vector<AuditRow> audits;  // latest versions only
    std::vector<JudgementRow> judgements;
    std::vector<ActionRow> actions;
    std::vector<DrawRow> draws;
    std::vector<AnswerRow> answers;  // only for the questions the report definition names
    std::map<int, std::string> gradeLabels;  // rank -> label as stored (defaults: Inadequate .. Outstanding)

    std::string gradeLabel(int rank) const;
    // Sets each audit's month (its period when that is a month, else its completed date's month, else the
    // last month of its period) and the per-audit judgement index. Call after filling.
    void index();
    // An audit's judgements (indexes into judgements, ascending).
    std::span<const std::size_t> judgementsOf(std::size_t audit) const {
        return std::span<const std::size_t>(byAudit_).subspan(firstOf_[audit], firstOf_[audit + 1] - firstOf_[audit]);
    }

private:
    // Every audit's judgement indexes in one vector, audit by audit (firstOf_[a] .. firstOf_[a + 1]): a vector per
    // audit cost 100,000 allocations and a cache miss per audit on each of the report's passes.
    std::vector<std::size_t> byAudit_, firstOf_;
};

// What the share and count loops read of each judgement, decided once for a report definition: 8 bytes a judgement
// in judgement order, where a JudgementRow is about 100 (the partnership workbook walks the period's judgements some
// forty times, once per theme, domain and team).
class JudgementGrades {
public:
    struct Grade {
        std::uint32_t domain = 0;  // an index into the domains the judgements have
        std::int8_t finalRank = 0, beforeRank = 0;  // the ranks, kept as 0 (none), 1..kRanks, or -1 / kRanks + 1
        bool finalGood = false, beforeGood = false;  // good or better (goodOrBetter) after and before moderation
    };
    JudgementGrades(const ReportData& data, const ReportDefinition& def);
    const Grade& operator[](std::size_t judgement) const { return grades_[judgement]; }
    // Which domain indexes the given domain ids have (ids no judgement has are left out).
    std::vector<char> wanted(const std::set<std::string>& domains) const;  // by domain index: 1 when wanted
    std::uint32_t domainIndex(Symbol domain) const;  // past the last index when no judgement has it
    const std::vector<Symbol>& domains() const { return domains_; }  // by index

private:
    std::vector<Grade> grades_;
    std::vector<Symbol> domains_;
};

bool goodOrBetter(const ReportDefinition& def, const std::string& grade, int rank);

// The design-weighted share of audits good or better on a set of domains (each audit's value is the share of those
// of its domains graded good or better; audits with none of them graded are left out).
//   Within each draw: the stratified estimator (audit/estimate.h) with each stratum's population scaled to the
//   share of its audited cases that had the domains graded; draws (and audits outside any draw, as one group
//   without a finite population correction) are combined in proportion to their audited cases; 95% normal
//   interval clipped to 0..1, or a Wilson interval on the unweighted count when the standard error is undefined
//   or zero.
struct ShareEstimate {
    AuditEvidence evidence;     // n, share, lo, hi
    double unweighted = 0;      // plain share
    std::string method;         // how it was computed (for the Method sheet)
};
// beforeModeration: count the auditor's grade (else the computed one) instead of the grade after moderation.
ShareEstimate estimateGoodOrBetter(const ReportData& data, const ReportDefinition& def,
                                   const std::vector<std::size_t>& audits, const std::set<std::string>& domains,
                                   bool beforeModeration = false);
// The same with the grades decided once for many estimates (grades made from the same data and definition).
ShareEstimate estimateGoodOrBetter(const ReportData& data, const JudgementGrades& grades,
                                   const std::vector<std::size_t>& audits, const std::set<std::string>& domains,
                                   bool beforeModeration = false);

// Audits whose month lies in the period, in store order.
std::vector<std::size_t> auditsIn(const ReportData& data, const Period& period);

// Counts of final grades (index rank-1) per key, for a domain (kOverall for the overall grade).
using GradeCounts = std::array<long, kRanks>;
std::map<std::string, GradeCounts> gradesBy(const ReportData& data, const std::vector<std::size_t>& audits,
                                             const std::string& domain,
                                             const std::function<std::string(const AuditRow&)>& key);

// Auditor × moderator confusion tables (q = 4, worst first) of moderated judgements of a domain (of every domain
// when none is given), by key.
std::map<std::string, agreement::ConfusionTable> accuracyBy(
    const ReportData& data, const std::optional<std::string>& domain,
    const std::function<std::optional<std::string>(const AuditRow&, const JudgementRow&)>& key);

// The month a moderation counts in: its period when that parses, else the audit's month.
int moderationMonth(const ReportData& data, const JudgementRow& j);

struct ActionSummary {
    std::string asOf;                 // ISO date the ages are counted to (the period's last day)
    long total = 0, open = 0, overdue = 0;
    long dueByDate = 0;               // actions due on or before asOf
    long doneOfDue = 0;               // ... of which done
    long doneOnTimeOfDue = 0;         // ... done on or before their due date
    struct Owner {
        long open = 0, overdue = 0;
        std::array<long, 4> overdueBands{};  // days overdue: 1-30, 31-60, 61-90, over 90
    };
    std::map<std::string, Owner> byOwner;
    std::vector<std::size_t> overdueActions;  // indexes, most overdue first
    std::optional<double> followUpRate() const;  // doneOfDue / dueByDate
    std::optional<double> onTimeRate() const;
    static const char* bandName(int band);    // "1-30 days"...
};
// Actions of audits up to the end of the period (by audit month), counted as at the period's last day.
ActionSummary summariseActions(const ReportData& data, const Period& period);
// Days from a to b (ISO dates); nullopt if either is not a date.
std::optional<int> daysBetween(const std::string& a, const std::string& b);

}  // namespace audit::report
