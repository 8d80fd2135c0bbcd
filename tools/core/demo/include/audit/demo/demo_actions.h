// Synthetic returned actions trackers for demos and tests, seeded (audit::Random): the tracker that
// `audit-report actions` wrote, filled in as its owners would return it on a given date.
//
// Per action, by how long before the return date it fell due:
//   - due four weeks or more before: about four in five done, one in eight in progress, the rest untouched;
//   - due in the last four weeks: about three in five done, a quarter in progress;
//   - not yet due: about one in five done early, a third in progress, the rest untouched;
//   - about one in forty cancelled (the case closed or the plan changed).
// Done actions are often a little late (a few days to a few weeks after the due date), about a quarter early;
// completion dates are never after the return date and never before the action was raised (the tracker's Raised
// column; for a tracker without it, the last day of the audit period, or the due date when that is not a period).
// Done, in progress and cancelled rows get a short note; untouched rows none. The same tracker, return date and
// seed give the same returned workbook, byte for byte.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/report/report_data.h"
#include "audit/report/report_workbook.h"

namespace audit {

struct DemoActionsCounts {
    std::size_t actions = 0, done = 0, doneLate = 0, doneEarly = 0, inProgress = 0, open = 0, cancelled = 0;
};

// What the owners write for each action (by id), returned on `returned`. Actions raised after `returned` are
// left as they are.
std::map<std::int64_t, report::TrackerFill> demoActionUpdates(const std::vector<report::ActionRow>& actions,
                                                              const Date& returned, std::uint64_t seed,
                                                              DemoActionsCounts* counts = nullptr);

// The earliest date an action can have been completed: its raised date, else the end of its audit period, else
// its due date.
Date earliestCompletion(const report::ActionRow& action);

struct DemoActionsOptions {
    std::string trackerPath, outPath;
    std::uint64_t seed = 0;
    std::optional<Date> returned;  // default: the tracker's as-at date
};
struct DemoActionsResult {
    std::string asOf;      // the tracker's
    std::string returned;  // ISO
    DemoActionsCounts counts;
};
// Reads the tracker (Error(Data) if the file is not one, Error(NoInput) if missing) and writes the returned
// tracker with the same writer (same layout and identity), filled in. outPath is written whole or not at all.
DemoActionsResult writeDemoActions(const DemoActionsOptions& options);

}  // namespace audit
