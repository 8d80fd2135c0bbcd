// The draw verb's work, between the options and the output: read the case list, apply exclusions,
// build the frame, allocate, draw, allocate auditors. Kept apart from the main so that the main is only
// options and presentation. Throws audit::Error; never prints.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/sampling/allocation.h"
#include "audit/sampling/auditor_allocation.h"
#include "audit/sampling/case_list.h"
#include "audit/base/date.h"
#include "audit/sampling/sampling.h"

namespace audit::sample {

struct JobOptions {
    std::string casesFile;
    std::string mapName;                       // empty: detect
    std::vector<std::string> strata;           // column names
    std::optional<std::size_t> size;           // --size
    std::optional<double> fraction;            // --fraction
    std::optional<std::size_t> perStratum;     // --per-stratum
    AllocationMethod method = AllocationMethod::Proportional;
    std::string priorFile;                     // --prior (Neyman)
    std::size_t minPerStratum = 0;
    std::optional<int> auditedWithinMonths;    // --exclude-audited-within
    std::string auditedWithinText;             // as given ("12m")
    std::vector<std::pair<std::string, std::string>> excludes;  // --exclude COL=VALUE
    bool includeClosed = false;
    Date asOf;
    std::size_t maxPerWorker = 0;
    std::vector<std::pair<std::string, double>> oversample;     // flag name, factor
    std::size_t replicates = 2000;
    std::uint64_t seed = 0;
    std::string rosterFile;                    // --auditors
    std::optional<std::size_t> peerAudit;      // --peer-audit K
    std::vector<std::pair<std::string, std::string>> storeAudits;  // case_ref, ISO date from the store
};

struct Row {          // one sampled case, in output order (stratum, case reference)
    std::size_t caseRow;  // row in the case list
    SampledCase draw;
    std::string stratum;
    std::string auditor;  // empty if none allocated
};

struct StratumSummary {
    std::string key;
    std::size_t population = 0, sample = 0;
    double target = 0;
    std::string design;
    bool piExact = true;
    std::size_t certainty = 0;
    std::map<std::string, std::size_t> excluded;  // rule -> cases of this stratum it removed
};

struct JobResult {
    std::string casesFile, mapId;
    std::size_t casesRead = 0, frameSize = 0;
    std::vector<ExclusionCount> exclusions;
    std::vector<StratumSummary> strata;
    std::vector<Row> rows;
    DrawResult draw;
    std::string allocationText;        // "proportional, min 2 per stratum" or "per stratum 5"
    bool auditorsAllocated = false;
    std::vector<AuditorLoad> auditorLoads;
    std::string auditorMethod;
    std::size_t storeAuditCases = 0;   // cases with an audit date in the store
};

// The case-list columns the job reads (a lean load leaves the rest out): the strata and --exclude columns,
// closed_date (unless closed cases are kept), last_audit_date for --exclude-audited-within, the flags for
// --oversample, team_manager for --peer-audit and, with `forStore`, the fields the store's case snapshot
// keeps. The required fields (case_ref, team, category, worker) are always read.
LoadOptions columnsNeeded(const JobOptions& options, bool forStore);

// Runs the job on a loaded case list (loaded whole, or with at least columnsNeeded(options, ...)).
JobResult run(const CaseList& cases, const JobOptions& options);

// "12m" -> 12, "1y" -> 12, "18" -> 18 (months); Error(Usage) otherwise.
int parseMonths(const std::string& text);
// "missing=2" -> ("missing", 2.0); FLAG must be a case-list flag; FACTOR > 0. Error(Usage) otherwise.
std::pair<std::string, double> parseOversample(const std::string& text);

// The roster CSV: name, team (';' between several), capacity, optional categories (';'), optional worker.
std::vector<Auditor> readRoster(const std::string& path);

}  // namespace audit::sample
