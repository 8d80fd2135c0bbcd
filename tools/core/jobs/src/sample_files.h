// Inside the jobs module: writing the sample file and recording the draw in the store.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "audit/jobs/sample.h"

namespace audit {
class Store;
}

namespace audit::jobs {

// Writes the file (.csv or .xlsx by extension) atomically; nothing is left if it fails. `beforeCommit` runs after
// the content is complete and before the file is put in place (the store record goes there, so that a store failure
// leaves no output file).
void writeSample(const std::string& path, const SampleDrawResult& r, const CaseList& cases,
                 const SampleParameters& params, const std::function<void()>& beforeCommit);

// Records the draw: draw, draw_stratum, draw_member, case_snapshot and (if allocated) allocation, in one
// transaction. Returns the draw id.
std::int64_t recordDraw(Store& store, const SampleDrawResult& r, const CaseList& cases, const SampleParameters& params,
                        const std::string& period);

}  // namespace audit::jobs
