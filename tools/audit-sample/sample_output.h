// What the draw verb writes: the sample CSV (the contract of ARCHITECTURE §6), the XLSX workbook
// (Sample, Strata, Parameters sheets), the record in the store, and the JSON summary.
#pragma once
#include <Poco/JSON/Object.h>

#include <string>
#include <utility>
#include <vector>

#include "audit/sampling/case_list.h"
#include "sample_job.h"

namespace audit {
class Store;
}

namespace audit::sample {

// name -> value lines of the Parameters sheet (also stored with the draw as JSON).
using Parameters = std::vector<std::pair<std::string, std::string>>;

// The sample's columns and cells, one row per sampled case (output order).
std::vector<std::string> sampleHeader(const JobResult& r);
std::vector<std::string> sampleCells(const JobResult& r, const CaseList& cases, const Row& row);

// Writes the file (.csv or .xlsx by extension) atomically; nothing is left if it fails. `beforeCommit`
// runs after the content is complete and before the file is put in place (the store record goes there,
// so that a store failure leaves no output file).
void writeSample(const std::string& path, const JobResult& r, const CaseList& cases, const Parameters& params,
                 const std::function<void()>& beforeCommit);

// Records the draw: draw, draw_stratum, draw_member, case_snapshot and (if allocated) allocation, in one
// transaction. Returns the draw id.
std::int64_t recordDraw(Store& store, const JobResult& r, const CaseList& cases, const Parameters& params,
                        const std::string& period);

Poco::JSON::Object::Ptr summaryJson(const JobResult& r, const Parameters& params, bool seedGiven,
                                    const std::string& out, std::optional<std::int64_t> drawId);

std::string formatNumber(double v);  // "%.10g": deterministic, enough for π and weights

}  // namespace audit::sample
