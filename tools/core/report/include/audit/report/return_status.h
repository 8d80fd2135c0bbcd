// What is outstanding in a month: for each audit draw and each auditor, the cases allocated, returned (a latest,
// not voided, audit of the case in that draw), moderated (a moderation of that audit), outstanding (allocated but
// not returned) and overdue (outstanding after the draw's due date), with the case references of what is overdue.
// The partnership workbook's completion rate is the same count (completionRate), so the two never disagree.
//
//   audit::Store store(path, audit::StoreOpen::ReadOnly);
//   audit::ReturnStatus s = audit::returnStatus(store, "2026-11", "2026-12-01");
//   for (const auto& d : s.draws) use(d.drawId, d.dueDate, d.counts.overdue, d.counts.overdueCases);
//   audit::writeStatusXlsx(s, "status.xlsx");
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace audit {

class Store;

struct StatusCounts {
    std::size_t allocated = 0, returned = 0, moderated = 0, outstanding = 0, overdue = 0;
    std::vector<std::string> overdueCases;  // case references, sorted
    // returned / allocated, nullopt when nothing was allocated
    std::optional<double> completion() const;
};

struct AuditorStatus {
    std::string auditor;  // "" for cases allocated to nobody
    StatusCounts counts;
};

struct DrawStatus {
    std::int64_t drawId = 0;
    std::string period;
    std::string dueDate;           // ISO date
    bool dueDateDefault = false;   // the draw carries none: the period's end plus ten working days
    StatusCounts counts;
    std::vector<AuditorStatus> auditors;  // by name
};

struct ReturnStatus {
    std::string period;  // as asked ("" = every period)
    std::string asOf;    // ISO date: overdue means due before this day
    std::string store;   // the store's name, for the summary line
    std::vector<DrawStatus> draws;        // by draw id
    std::vector<AuditorStatus> auditors;  // across the draws, by name
    StatusCounts total;
};

// The status of the audit draws of `period` (YYYY-MM, YYYY-Qn, YYYY, YYYY-YY; "" for every draw) as of `asOf`
// (ISO date). Throws Error(Usage) for a period or date that is not one.
ReturnStatus returnStatus(Store& store, const std::string& period, const std::string& asOf);

// The completion rate the partnership Summary shows: the cases of the period's audit draws returned, of those
// allocated (the same counts as returnStatus).
struct CompletionRate {
    std::size_t allocated = 0, returned = 0, overdue = 0;
    std::optional<double> rate;  // nullopt when nothing was drawn in the period
};
CompletionRate completionRate(Store& store, const std::string& period, const std::string& asOf);

// The status as a workbook: Summary (per draw), Auditors, Overdue (one row per overdue case). Atomic.
void writeStatusXlsx(const ReturnStatus& status, const std::string& path);

}  // namespace audit
