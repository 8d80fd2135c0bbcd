// The audit-sample jobs. sampleDraw: read the case list, apply the exclusions, build the frame, allocate, draw,
// allocate auditors, write the sample (CSV or XLSX) and record the draw in the store. sampleCheck: validate a case
// list and count its cases by team, category and flag. Both throw audit::Error and never print.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/base/date.h"
#include "audit/sampling/allocation.h"
#include "audit/sampling/auditor_allocation.h"
#include "audit/sampling/case_list.h"
#include "audit/sampling/map_suggest.h"
#include "audit/sampling/sampling.h"

namespace audit {
class Store;
}

namespace audit::jobs {

// How to read the case list beyond its map: --sheet, --date-order, --columns.
struct CaseSource {
    std::string sheet;                                     // a workbook's sheet (an Annex A list sheet: that list alone)
    std::optional<DateOrder> dateOrder;                    // dmy | mdy; absent: the map's, else found from the data
    std::vector<std::pair<Field, std::string>> columns;    // field -> header name, replacing the map's names
};
// "case_ref=Child ID,team=Allocated Team" -> the pairs; Error(Usage) naming what is wrong.
std::vector<std::pair<Field, std::string>> parseColumns(const std::string& text);
// The case list through the map (or the first that fits), with the source options and an as-of date for an
// Annex A frame.
CaseList loadCaseList(const std::string& file, const std::optional<std::string>& mapName, const CaseSource& source,
                      std::optional<Date> asOf, LoadOptions options = {});

struct SampleDrawRequest {
    std::string casesFile;
    std::string casesName;                     // what the parameters and warnings call it ("": casesFile)
    std::optional<std::string> mapName;        // absent: the first column map that fits
    CaseSource source;
    std::vector<std::string> strata;           // column names
    std::string strataText;                    // as given ("team,category"), for the Parameters sheet
    std::optional<std::size_t> size;           // --size
    std::optional<double> fraction;            // --fraction
    std::optional<std::size_t> perStratum;     // --per-stratum
    AllocationMethod method = AllocationMethod::Proportional;
    std::string priorFile;                     // --prior (Neyman)
    std::size_t minPerStratum = 0;
    std::optional<int> auditedWithinMonths;    // --exclude-audited-within (parseMonths)
    std::string auditedWithinText;             // as given ("12m")
    std::vector<std::pair<std::string, std::string>> excludes;  // --exclude COL=VALUE
    bool includeClosed = false;
    Date asOf;                                 // exclusions are counted back from it
    std::size_t maxPerWorker = 0;
    std::vector<std::pair<std::string, double>> oversample;     // flag name, factor (parseOversample)
    std::size_t replicates = 2000;
    std::optional<std::uint64_t> seed;         // absent: a fresh one, reported in the result
    std::string rosterFile;                    // --auditors
    std::optional<std::size_t> peerAudit;      // --peer-audit K
    std::string out;                           // the sample file: .csv or .xlsx
    std::optional<std::string> period;         // the audit round; absent: the asOf month (YYYY-MM)
    std::optional<Date> due;                   // --due: when the returns are due; absent: the period's end + 10 working days
    std::string store;                         // the store to record the draw in (and read audit history from)
    bool record = true;                        // false: nothing is recorded (the store is opened only for history)
    // Filled by sampleDraw from the store when auditedWithinMonths is set: case_ref, ISO date of its audits.
    std::vector<std::pair<std::string, std::string>> storeAudits;
    // And the prior audits imported by child id (child_ref, ISO date), and a line per history import (history.h).
    std::vector<std::pair<std::string, std::string>> storeChildAudits;
    std::vector<std::string> historySources;
};

struct SampleRow {        // one sampled case, in output order (stratum, case reference)
    std::size_t caseRow;  // row in the case list
    SampledCase draw;
    std::string stratum;
    std::string auditor;  // empty if none allocated
    std::string caseRef;
};

struct SampleStratum {
    std::string key;
    std::size_t population = 0, sample = 0;
    double target = 0;
    std::string design;
    bool piExact = true;
    std::size_t certainty = 0;
    std::map<std::string, std::size_t> excluded;  // rule -> cases of this stratum it removed
};

// name -> value lines of the Parameters sheet (also stored with the draw as JSON).
using SampleParameters = std::vector<std::pair<std::string, std::string>>;

struct SampleDrawResult {
    std::string casesFile, mapId;
    std::size_t casesRead = 0, frameSize = 0;
    std::vector<ExclusionCount> exclusions;
    std::vector<SampleStratum> strata;
    std::vector<SampleRow> rows;
    DrawResult draw;
    std::string allocationText;        // "proportional allocation of 60, largest-remainder rounding"
    bool auditorsAllocated = false;
    bool childRefs = false;  // some sampled case has a child id: the sample file carries child_ref
    std::vector<AuditorLoad> auditorLoads;
    std::string auditorMethod;
    std::size_t storeAuditCases = 0;   // cases with an audit date in the store
    // What sampleDraw did with it:
    bool seedGiven = false;
    std::string period;
    std::string dueDate;               // ISO; when the returns are due (on the draw, in the sample file, on the forms)
    SampleParameters parameters;
    std::string out;                   // the file written
    std::optional<std::int64_t> drawId;  // the draw recorded (absent with record = false)
    std::string storeName;             // the store it was recorded in
    // What the load and the draw had to decide and say (file, place, message): error cells, merged names, date
    // order, an option whose column is missing, audit history gaps, strata allocated nothing. Also on the
    // Parameters sheet, with the notes (how the frame was built).
    std::vector<Problem> warnings;
    std::vector<std::pair<std::string, std::string>> notes;
};

// The whole draw verb: reads the case list (only the columns it needs), draws, writes `out` atomically and, with
// `record`, records the draw (draw, draw_stratum, draw_member, case_snapshot, allocation, an event) in one transaction
// before the file is put in place: a failure leaves neither. The store is opened before the draw only when its audit
// history is needed, otherwise after the draw succeeded, so that a refused request leaves no new store behind.
SampleDrawResult sampleDraw(SampleDrawRequest request);
// The same on an open store (audit-serve's, when a QA lead confirms a round): `request.store` is not used.
SampleDrawResult sampleDraw(Store& store, SampleDrawRequest request);

// The draw on a loaded case list (loaded whole, or with at least sampleColumnsNeeded(request, ...)); writes nothing.
SampleDrawResult computeSampleDraw(const CaseList& cases, const SampleDrawRequest& request);

// The case-list columns the draw reads (a lean load leaves the rest out): the strata and --exclude columns,
// closed_date (unless closed cases are kept), last_audit_date for --exclude-audited-within, the flags for
// --oversample, team_manager for --peer-audit and, with `forStore`, the fields the store's case snapshot keeps.
LoadOptions sampleColumnsNeeded(const SampleDrawRequest& request, bool forStore);

// The sample's columns and cells, one row per sampled case (output order).
std::vector<std::string> sampleHeader(const SampleDrawResult& r);
std::vector<std::string> sampleCells(const SampleDrawResult& r, const CaseList& cases, const SampleRow& row);

// "%.10g": deterministic, enough for inclusion probabilities and weights.
std::string formatSampleNumber(double v);

// "12m" -> 12, "1y" -> 12, "18" -> 18 (months); Error(Usage) otherwise.
int parseMonths(const std::string& text);
// "missing=2" -> ("missing", 2.0); FLAG must be a case-list flag; FACTOR > 0. Error(Usage) otherwise.
std::pair<std::string, double> parseOversample(const std::string& text);
// "12345" -> the draw's seed (0 to 2^64-1); Error(Usage) otherwise.
std::uint64_t parseSeed(const std::string& text);
// "category=Care leaver" -> {column, value} for --exclude; Error(Usage) when it is not COL=VALUE.
std::pair<std::string, std::string> parseExclude(const std::string& text);
// The roster CSV: name, team (';' between several), capacity, optional categories (';'), optional worker.
std::vector<Auditor> readRoster(const std::string& path);

// ---- check: a case list's counts
struct SampleCheckRequest {
    std::string casesFile;
    std::optional<std::string> mapName;  // absent: the first column map that fits
    CaseSource source;
    std::optional<Date> asOf;            // an Annex A frame: the records open at this date
    std::string store;                   // the store whose imported audit history is reported (not made if missing)
};

struct SampleCheckResult {
    std::string file, mapId;
    std::size_t cases = 0, workers = 0;
    std::map<std::string, std::map<std::string, std::size_t>> byTeam;  // team -> category -> cases
    std::vector<std::string> categories;                                // present, in the canonical order
    std::map<std::string, std::size_t> byCategory, flags;
    std::size_t withoutLastAuditDate = 0, withClosedDate = 0;
    std::vector<Problem> warnings;
    std::vector<std::pair<std::string, std::string>> notes;  // how the frame was built (Annex A rules and counts)
    // The store's imported audit history: a line per import, and the list's cases it covers (by case or child id).
    std::vector<std::string> history;
    std::size_t historyCases = 0;
};

SampleCheckResult sampleCheck(const SampleCheckRequest& request);

// ---- check --suggest-map: an editable column map from a case list's header (map_suggest.h)
struct SuggestMapRequest {
    std::string casesFile;
    std::string sheet;   // a workbook's sheet (default "Cases", else the first visible one)
    std::string out;     // the map to write: ends in .xml
    bool force = false;  // replace an existing file
};

struct SuggestMapResult {
    std::string out, id;
    std::string source;  // "cases.csv, header in line 3" / "sheet 'Cases' of cases.xlsx, header in row 1"
    MapSuggestion suggestion;
};

// Finds the header (below title rows too), matches it to the fields, writes the map atomically (Error(CantCreate)
// when `out` exists and not `force`; Error(Usage) for an Annex A return as a whole, which needs no map) and reads
// it back with the map reader.
SuggestMapResult suggestMap(const SuggestMapRequest& request);

}  // namespace audit::jobs
