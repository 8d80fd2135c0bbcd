// The safeguarding partnership's workbook (issue 7): Summary (audits, the weighted share good or better with its
// interval, accuracy and its trend, a column chart of grades by month and a line chart of accuracy), Findings (by
// theme, domain, team and question), Triangulation, Moderation and accuracy, Actions, Method and Data (one long
// table of every figure). Frozen headers, filters, number formats and RAG conditional formats; byte-identical for
// the same inputs (no clock is read: everything is "as at" the period's last day).
//
// Published version (options.publish): case references become keyed pseudonyms, worker and auditor names and
// action owners are replaced by "Auditor 1", "Owner 1"..., and counts are suppressed (disclosure.h) with the shares
// and rates that could reveal them; the Method sheet says so.
//
// The actions tracker: the open actions as a workbook to hand to their owners, with status and date-completed
// columns to fill in; importActionsTracker() reads it back (every problem by sheet and cell; nothing stored unless
// the whole file is valid).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/report/partnership.h"
#include "audit/base/period.h"
#include "audit/report/report_data.h"
#include "audit/report/report_definition.h"
#include "audit/report/return_status.h"

namespace audit {
class Store;
}

namespace audit::report {

struct LscbOptions {
    Period period;
    bool publish = false;
    std::string pseudonymKey;       // needed when publishing
    std::string storeName;          // for the Method sheet
    std::string kpiSource, kpiHash; // the KPI file given (name and SHA-256)
    std::string selfSource, selfHash;
    int trendMonths = 12;           // months shown in the trend tables and charts, ending with the period
    std::map<std::string, std::string> questionText;  // question id -> its text (templates), shown on Findings
    std::vector<std::string> purged;  // what retention purges removed from the months shown (store_retention.h)
    std::map<std::string, std::string> domainTitles;  // domain id -> its title (frameworks), shown for domains
    // Practitioners' feedback (moderation/practitioner.h feedbackCount): of the period's final audits whose template
    // asks for it, how many have a response. Shown on the Actions sheet when given.
    struct Feedback {
        std::size_t asked = 0, received = 0;
    };
    std::optional<Feedback> feedback;
    // The completion rate (return_status.h completionRate: the counts audit-score status gives) as at
    // completionAsOf, shown on the Summary with that date and whether it was asked for or the period's last day.
    std::optional<CompletionRate> completion;
    std::string completionAsOf;
    bool completionAsOfGiven = false;
};

struct LscbResult {
    std::size_t audits = 0;          // in the period
    std::optional<double> share, lower, upper;  // overall good or better (weighted)
    std::size_t moderated = 0;
    std::optional<double> accuracy;  // exact agreement on the overall grade in the period
    std::size_t themes = 0;
    std::vector<std::string> flaggedThemes;
    long openActions = 0, overdueActions = 0;
    std::size_t suppressedCells = 0;  // published version: counts hidden
    std::optional<double> feedbackRate;  // practitioners' feedback received (when given and shown)
    std::optional<double> completion;    // returned of allocated, as shown (nullopt: none drawn, or suppressed)
};

LscbResult writeLscbWorkbook(const std::string& path, const ReportDefinition& def, const ReportData& data,
                             const std::vector<Kpi>& kpis, const std::vector<SelfAssessment>& selfAssessments,
                             const LscbOptions& options);

// ---- actions tracker

inline constexpr const char* kTrackerSheet = "Actions";
inline constexpr const char* kTrackerIdentitySheet = "Tracker identity";
inline constexpr const char* kTrackerKind = "audit-actions-tracker";
// The statuses an action may have.
const std::vector<std::string>& actionStatuses();  // open, in progress, done, cancelled

struct TrackerResult {
    std::size_t actions = 0;  // written
    std::size_t overdue = 0;
    struct File {
        std::string name;  // the owner or team it is for
        std::string file;  // where it was written
        std::size_t actions = 0, overdue = 0;
    };
    std::vector<File> files;  // one per owner or team (audit-report actions --out FOLDER); empty for one tracker
};
// What an owner wrote on one row of a returned tracker.
struct TrackerFill {
    std::string status;     // one of actionStatuses()
    std::string completed;  // ISO date, or "" (written as a date cell)
    std::string note;
};
// Open (and in progress) actions, most overdue first; asOf is the ISO date overdue is counted to. Columns: Action
// id, Case, Team, Audit period, Action no., Action, Owner, Due, Days overdue, Status, Date completed, Note, Raised
// (the audit's date, when known). With `filled` (action id -> what its owner wrote), the same workbook as its
// owners return it: those rows' Status, Date completed and Note filled in (rows are still chosen and ordered by
// the actions' status in `data`).
//
// With `to`, the tracker of one owner or one team (audit-report actions --out FOLDER): only their open actions,
// titled with their name, and the instructions addressed to them: what to fill in, by when (`returnBy`) and to whom
// to send it back (`returnTo`). Its identity sheet names the owner or team; it is read back like any tracker.
struct TrackerAddress {
    std::string by;        // "owner" or "team"
    std::string name;      // the owner, or the team ("" = cases with no team)
    std::string returnBy;  // ISO date
    std::string returnTo;  // e.g. "the quality assurance lead"
};
TrackerResult writeActionsTracker(const std::string& path, const ReportData& data, const std::string& asOf,
                                  const std::map<std::int64_t, TrackerFill>* filled = nullptr,
                                  const TrackerAddress* to = nullptr);
// "Wednesday 14 October 2026" for an ISO date (the text unchanged if it is not one).
std::string longDate(const std::string& iso);

// A tracker read back as written: its "as at" date and its rows as actions (id, case, team, audit period, action
// no., action, owner, due and raised as ISO dates, status), with each row's note. Throws Error(Data) for a file
// that is not an actions tracker or a row that cannot be read (by sheet and cell); Error(NoInput) if missing.
struct TrackerContents {
    std::string asOf;
    std::vector<ActionRow> actions;
    std::vector<std::string> notes;  // per action
};
TrackerContents readActionsTracker(const std::string& path);

struct TrackerImport {
    std::string file, hash;
    std::size_t rows = 0;      // action rows read
    std::size_t updated = 0;   // actions whose status, completion date or note changed
    bool unchanged = false;    // the same file was imported before
};
// Reads a returned tracker and updates the actions: status (one of actionStatuses()), date completed (required
// for done, a real date not after `today`, not allowed for open or in progress), note. Every problem is listed
// by sheet and cell; if there is any, nothing is stored (Error(Data)). A file that is not a tracker is rejected
// as such. Each change is one action_update row; one transaction for the file.
TrackerImport importActionsTracker(Store& store, const std::string& path, const std::string& today,
                                   const std::string& updatedBy);

}  // namespace audit::report
