// Synthetic returned actions trackers (demo_actions.h).
#include "audit/demo/demo_actions.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "audit/base/error.h"
#include "audit/base/period.h"
#include "audit/base/random.h"

namespace audit {

using report::ActionRow;
using report::TrackerFill;

namespace {

const char* const kDoneNotes[] = {
    "Done; checked at supervision",
    "Completed and recorded on the child's file",
    "Done; team manager has seen the updated record",
    "Completed; discussed with the family",
    "Done at the last core group",
    "Completed; evidence on the case file",
    "Done; reflected in the updated plan",
};
const char* const kLateNotes[] = {
    "Done, later than planned (worker on leave)",
    "Completed after the due date; caseload pressures",
    "Done late: waited for the partner agency's reply",
};
const char* const kProgressNotes[] = {
    "Started; meeting booked with the family",
    "In hand; to be finished at the next supervision",
    "Partly done; waiting for the school's information",
    "Under way; the new worker is picking it up",
    "Booked for the next review",
};
const char* const kCancelledNotes[] = {
    "Case closed; no longer needed",
    "Superseded by the new child protection plan",
    "Child moved out of the area; case transferred",
};

}  // namespace

Date earliestCompletion(const ActionRow& a) {
    if (auto d = parseDate(a.raisedDate)) return *d;
    const auto due = parseDate(a.dueDate);
    if (auto p = parsePeriod(a.auditPeriod)) {
        const Date end = *parseDate(p->lastDay());
        if (!due || end <= *due) return end;
    }
    if (due) return *due;
    throw Error(ErrorKind::Data, "", "action " + std::to_string(a.id),
                "neither a raised date, an audit period nor a due date");
}

std::map<std::int64_t, TrackerFill> demoActionUpdates(const std::vector<ActionRow>& actions, const Date& returned,
                                                      std::uint64_t seed, DemoActionsCounts* counts) {
    Random rng(seed);
    DemoActionsCounts n;
    std::map<std::int64_t, TrackerFill> fills;
    for (const ActionRow& a : actions) {
        ++n.actions;
        // Every action takes the same number of draws, so one action's fate does not shift the others'.
        const double uStatus = rng.uniform(), uCancel = rng.uniform(), uEarly = rng.uniform();
        const double lateness = std::abs(rng.normal(0.0, 1.0));
        const std::uint64_t uDays = rng.next();
        const std::size_t noteIndex = static_cast<std::size_t>(rng.below(1u << 20));
        const Date raised = earliestCompletion(a);
        const auto dueParsed = parseDate(a.dueDate);
        if (!dueParsed) throw Error(ErrorKind::Data, "", "action " + std::to_string(a.id), "no due date");
        const Date due = *dueParsed;
        TrackerFill f{a.status, "", ""};
        if (raised > returned) {  // raised after the return date: nobody has touched it yet
            a.status == "in progress" ? ++n.inProgress : ++n.open;
            fills[a.id] = f;
            continue;
        }
        const int pastDue = returned.days() - due.days();  // days the action is overdue on the return date
        const double pDone = pastDue >= 28 ? 0.80 : pastDue >= 0 ? 0.60 : 0.20;
        const double pProgress = pastDue >= 28 ? 0.12 : pastDue >= 0 ? 0.25 : 0.35;
        auto note = [&](const auto& list) { return std::string(list[noteIndex % std::size(list)]); };
        if (uCancel < 0.025) {
            f.status = "cancelled";
            f.note = note(kCancelledNotes);
            ++n.cancelled;
        } else if (uStatus < pDone) {
            // Done: about a quarter early (up to two weeks before the due date), the rest on time or a little
            // late (half-normal, typical lateness ten days); never before raised, never after the return date.
            Date when = uEarly < 0.25 ? due.addDays(-1 - static_cast<std::int32_t>(uDays % 14))
                                      : due.addDays(static_cast<std::int32_t>(lateness * 12.0));
            if (when > returned) {
                // Would have been done after the return date: done in the last weeks before it instead.
                const Date from = std::max(raised, returned.addDays(-21));
                when = from.addDays(static_cast<std::int32_t>(uDays % static_cast<std::uint64_t>(returned.days() - from.days() + 1)));
            }
            when = std::clamp(when, raised, returned);
            f.status = "done";
            f.completed = when.iso();
            ++n.done;
            if (when > due) {
                ++n.doneLate;
                f.note = when.days() - due.days() > 14 ? note(kLateNotes) : note(kDoneNotes);
            } else {
                if (when < due) ++n.doneEarly;
                f.note = note(kDoneNotes);
            }
        } else if (uStatus < pDone + pProgress || a.status == "in progress") {
            f.status = "in progress";
            f.note = note(kProgressNotes);
            ++n.inProgress;
        } else {
            ++n.open;  // untouched: as it was, no note
        }
        fills[a.id] = f;
    }
    if (counts) *counts = n;
    return fills;
}

DemoActionsResult writeDemoActions(const DemoActionsOptions& o) {
    const report::TrackerContents tracker = report::readActionsTracker(o.trackerPath);
    DemoActionsResult result;
    result.asOf = tracker.asOf;
    const Date returned = o.returned ? *o.returned : *parseDate(tracker.asOf);
    result.returned = returned.iso();
    std::map<std::int64_t, TrackerFill> fills;
    try {
        fills = demoActionUpdates(tracker.actions, returned, o.seed, &result.counts);
    } catch (const Error& e) {
        throw Error(e.kind(), o.trackerPath, e.problems().empty() ? "" : e.problems().front().place,
                    e.problems().empty() ? e.what() : e.problems().front().message);
    }
    // Untouched rows keep what the owner had written before.
    for (std::size_t i = 0; i < tracker.actions.size(); ++i) {
        TrackerFill& f = fills[tracker.actions[i].id];
        if (f.note.empty()) f.note = tracker.notes[i];
    }
    report::ReportData data;
    data.actions = tracker.actions;
    report::writeActionsTracker(o.outPath, data, tracker.asOf, &fills);
    return result;
}

}  // namespace audit
