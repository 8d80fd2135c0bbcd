// Following up actions (issue 15, item 4): an owner marks progress or completion of an action with a note, in the
// browser or by returning the actions tracker; both paths check the same rules (checkActionChange) and write the
// same rows (applyActionChanges: the action's state and one action_update row per change), so the store does not
// care which path a change came by.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/report/report_data.h"

namespace audit {
class Store;
}

namespace audit::report {

struct ActionChange {
    std::int64_t id = 0;
    std::string status;  // one of actionStatuses()
    std::string closed;  // ISO date completed, or ""
    std::string note;
};

// The rules of a change, on values already read: done needs the date completed; open and in progress take none;
// the date is not after `today` nor before the action was raised (its audit's date, when known). `status` is
// nullopt when it could not be read (reported by the caller: see statusProblem); `dateGiven` is whether the date
// cell or field held anything (`closed` is nullopt when it held no date). Each problem's message, in order.
std::vector<std::string> checkActionChange(const std::optional<std::string>& status, bool dateGiven,
                                           const std::optional<Date>& closed, const std::optional<Date>& today,
                                           const std::optional<Date>& raised);
// "" when `status` (as typed) is one of actionStatuses() once normalised, else what is wrong.
std::string statusProblem(const std::string& typed, const std::string& normalised);

// Stores the changes in one transaction: each action's status and closed date, and one action_update row (note,
// who, the source file and its hash when a tracker brought it).
void applyActionChanges(Store& store, const std::vector<ActionChange>& changes, const std::string& updatedBy,
                        const std::optional<std::string>& sourceFile, const std::optional<std::string>& sourceHash);

// The browser's path: one action changed by `by`. When `owner` is given, the action must be theirs (refused as not
// found otherwise). Error(Data) naming the action and every problem; nothing stored then. Returns false when it
// changes nothing (same status, date and note as now).
bool updateAction(Store& store, const ActionChange& change, const std::string& today, const std::string& by,
                  const std::optional<std::string>& owner);

// Open (and in progress) actions, of `owner` or of everyone when empty, most overdue first, then by id.
std::vector<ActionRow> openActions(Store& store, const std::string& owner = "");

// Every change of an action, oldest first.
struct ActionHistoryRow {
    std::string status, closed, note, by, source, at;
};
std::vector<ActionHistoryRow> actionHistory(Store& store, std::int64_t actionId);

}  // namespace audit::report
