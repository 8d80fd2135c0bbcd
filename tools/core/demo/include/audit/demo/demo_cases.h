// A synthetic council's case list, for demos, tests and benchmarks, seeded (audit::Random): the same seed,
// size and as-of date give the same cases on every machine, and the same file byte for byte.
//
// The council has the service areas of an English children's services department (front door / MASH,
// assessment, child in need, child protection, children in care, care leavers, disabled children, early help),
// teams in each ("Assessment Team North", "Child Protection Team 2"), workers with caseloads of 10 to 25 (when
// the list is big enough for that) and a team manager per team. Categories come out in roughly England's
// proportions (CIN ~45%, CP ~13-14%, CLA ~22%, care leavers ~12-13%, early help ~7%). Open dates reach back
// by category (assessments weeks, CLA years); about a quarter of cases have a last audit date; about 2% closed
// in the last month (an export's lag). Flags follow category and age: missing and exploitation mostly among
// adolescents in care, UASC among 16-17-year-olds in care and young care leavers, disability in the disabled
// children's service. References are synthetic (case refs C1000001..., child refs P...), workers' and
// managers' names come from lists of common first and last names. No child is ever named.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit/sampling/case_list.h"
#include "audit/base/date.h"

namespace audit {

struct DemoCasesOptions {
    std::size_t size = 1000;
    std::uint64_t seed = 1;
    Date asOf = Date(2026, 1, 1);  // the export's date: open dates are before it
};

struct DemoTeam {
    std::string name;
    std::string serviceArea;
    std::string manager;
};

struct DemoWorker {
    std::string name;
    std::uint32_t team = 0;
};

// One case, compactly (a million of them take about 32 MB).
struct DemoCase {
    std::uint32_t number = 0;    // 1.. in case-reference order
    std::uint32_t worker = 0;    // index into DemoCases::workers
    std::uint32_t child = 0;     // child reference number
    Category category = Category::CIN;
    std::uint8_t age = 0;        // years
    std::uint8_t flags = 0;      // Flag bits
    std::uint8_t legalStatus = 0;  // index into demoLegalStatuses()
    std::int32_t openDays = 0;   // Date::days()
    std::int32_t lastAuditDays = kNone;
    std::int32_t closedDays = kNone;
    static constexpr std::int32_t kNone = INT32_MIN;
};

struct DemoCases {
    DemoCasesOptions options;
    std::vector<DemoTeam> teams;
    std::vector<DemoWorker> workers;
    std::vector<DemoCase> cases;  // in case-reference order

    std::string caseRef(const DemoCase& c) const;   // "C1000001"
    std::string childRef(const DemoCase& c) const;  // "P" and seven or more digits
    std::string ageBand(const DemoCase& c) const;   // "0-4", "5-9", "10-15", "16-17", "18-25"
};

// The legal statuses the demo uses ("" first: none recorded).
const std::vector<std::string>& demoLegalStatuses();
// The service areas, in the order teams are made.
const std::vector<std::string>& demoServiceAreas();

// Throws Error(Usage) if size is 0 or above 10,000,000.
DemoCases generateDemoCases(const DemoCasesOptions& options);

// The header a case list laid out for this map has: the map's first name for each field it names (flags as
// yes/no columns when the map has them, else one list column), then an age band column.
std::vector<std::string> demoCaseHeader(const ColumnMap& map);
// One case's cells under that header (categories, flags and dates written the map's way).
void demoCaseRow(const DemoCases& demo, const DemoCase& c, const ColumnMap& map, std::vector<std::string>& cells);

// Writes the list as CSV (.csv, .txt) or XLSX (.xlsx, sheet "Cases", date cells, fixed created time), atomically.
// Throws Error(Usage) for another extension or an XLSX of more than 1,048,575 cases; Error(CantCreate) if the file
// cannot be made. `progress`, if given, is called now and then with the number of cases written so far.
void writeDemoCases(const DemoCases& demo, const ColumnMap& map, const std::string& path,
                    const std::function<void(std::size_t done)>& progress = {});

}  // namespace audit
