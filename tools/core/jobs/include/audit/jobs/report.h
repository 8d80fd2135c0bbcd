// The audit-report jobs: the partnership workbook of a period (importing its KPI and self-assessment files first),
// the actions tracker, and the import of a returned tracker. Throw audit::Error; never print.
#pragma once
#include "audit/report/tracker_void.h"
#include <optional>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/base/period.h"
#include "audit/report/kpi_compute.h"
#include "audit/report/report_store.h"
#include "audit/report/report_workbook.h"
#include "audit/report/spc.h"

namespace audit {
class Store;
}

namespace audit::jobs {

struct ReportLscbRequest {
    Period period;
    std::string periodText;               // as given, for the store's event log
    std::string out;                      // the workbook (.xlsx)
    bool publish = false;                 // pseudonyms, no names, small counts suppressed
    std::string definition = "lscb";      // a report definition id (reports/ID.xml) or an XML file
    int trendMonths = 12;
    std::optional<std::string> kpis;      // KPI CSV to import first
    std::optional<std::string> selfAssessments;  // self-assessment CSV to import first
    std::vector<std::string> annexA;      // Annex A extracts (reportKpis' annexA): KPIs computed and imported too
    std::string store;
    std::optional<std::string> asOf;      // ISO date of the Summary's completion rate (default: the period's last day)
};

struct ReportLscbResult {
    report::LscbResult workbook;
    std::optional<report::ImportResult> kpis, selfAssessments;  // when the files were given
    std::optional<report::ImportResult> annexKpis;  // the KPIs computed from --annex-a, as imported
    std::size_t annexExtracts = 0, annexValues = 0;  // extracts read; KPI values they gave
    std::vector<std::string> annexNotes;            // computed indicators that gave no KPI, and why
};

// The definition is checked against the templates and frameworks (Error(Data) with every problem) before the store
// is opened; with annexA the indicators of reports/kpis.xml are computed from the extracts (each as at the month of
// its as-of date, to one decimal; the latest extract of a month counts) and imported after the KPI file: a computed value replaces
// the file's for the same indicator and period. An indicator no theme of the definition lists, not computable, or
// without a denominator or target gives no KPI and a note; the files are validated and imported (a file imported before changes nothing); the workbook uses what
// the store holds.
ReportLscbResult reportLscb(const ReportLscbRequest& request);
// The same on a store the caller holds open (audit-serve's observer page builds the published workbook so); the
// request's `store` is not used.
ReportLscbResult reportLscb(Store& store, const ReportLscbRequest& request);

struct ReportActionsRequest {
    std::string out;       // the tracker (.xlsx), or a folder for one tracker per owner or team
    std::string asOf;      // ISO date overdue is counted to
    std::string store;
    std::string by = "owner";  // a folder: "owner" or "team"
    std::string returnBy = {};  // a folder: ISO date the trackers are due back (default 10 working days after asOf)
    std::string returnTo = "the quality assurance lead";  // a folder: whom the owners send them back to
};

// `out` ending in .xlsx: one tracker of every open action (the QA lead's list). Otherwise a folder (made if
// missing; an existing one must be empty: Error(Usage)) holding one tracker per owner or team that has open
// actions, `actions-<name>.xlsx`, each addressed to them (report::TrackerAddress). The trackers are written into a
// temporary folder beside it and put in place together with the event, so a failure leaves nothing.
report::TrackerResult reportActions(const ReportActionsRequest& request);
// The same on a store the caller holds open (audit-serve's downloads); request.store is not used.
report::TrackerResult reportActions(Store& store, const ReportActionsRequest& request);

struct ReportActionsImportRequest {
    std::string file;   // the returned tracker
    std::string today;  // ISO date completion dates may not pass
    std::string by;     // who returned it (recorded with each update)
    std::string store;
};

// Every problem by sheet and cell, and nothing stored unless the whole file is valid; the same file again changes
// nothing.
report::TrackerImport reportActionsImport(const ReportActionsImportRequest& request);

struct ReportSpcRequest {
    std::string series;    // CSV: period, value, in time order
    spc::Options options;  // polarity, target, baseline, run length, screening
};

struct ReportSpcResult {
    std::vector<spc::Observation> series;
    spc::Chart chart;
};

// The XmR chart of a series file with Making Data Count's rules. Error(Data) for the file (every problem by line and
// column) or fewer than two points; Error(Usage) for a baseline longer than the series or a run length not 6 or 7.
ReportSpcResult reportSpc(const ReportSpcRequest& request);

// ---- actions-void: a returned tracker's updates stop counting, with a record
struct ActionsVoidRequest {
    std::string store;
    std::string tracker;  // the returned tracker's file, or its SHA-256
    std::string reason;   // required
    std::string by;       // who: "" for the OS user
};

// audit/report/tracker_void.h; the store must exist.
TrackerVoid actionsVoid(const ActionsVoidRequest& request);
struct ReportKpisRequest {
    std::vector<std::string> annexA;  // Annex A workbooks, folders of list CSVs, or folders of monthly workbooks
    std::optional<Date> asOf;       // one extract's as-of date (else from its name); refused with a folder of workbooks
    std::string definition = "kpis";  // reports/ID.xml or an XML file
    std::string map = "annex-a";    // the annex-a layout column map (a name or an XML file)
    DateOrder dateOrder = DateOrder::DayFirst;  // of d/m/yyyy text dates
    std::string out;                // the workbook to write (.xlsx); empty: none
};

struct ReportKpisResult {
    kpi::Definition definition;
    std::vector<kpi::Extract> extracts;  // in as-of order
};

// Each extract's as-of date: --as-of for one extract, else its file (or folder) name's date: YYYY-MM-DD (also
// YYYYMMDD, or with '_') is that day, YYYY-MM the month's last day. No date, or two different dates in a name:
// Error(Usage) naming the file. Two extracts of one date: Error(Data) naming both. A folder holding both workbooks
// and list CSVs: Error(Usage).
ReportKpisResult reportKpis(const ReportKpisRequest& request);
// The date a file name gives (as above), or nullopt with `why` saying what was found.
std::optional<Date> asOfFromName(const std::string& path, std::string& why);

}  // namespace audit::jobs
