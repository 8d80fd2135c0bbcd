// For the jobs' tests: a month of the audit cycle in a temporary folder, run through the jobs themselves on synthetic
// data (the demo module): a case list of 400, a recorded sample (period 2026-09, strata by team, auditors from the
// demo's roster-free draw) and the audits returned and imported with the audit-score job.
#pragma once
#include <cstdint>
#include <string>

#include "test_support.h"

namespace audit::test {

struct Cycle {
    TempDir dir;
    std::string store = dir.file("audit.db");
    std::string cases = dir.file("cases.csv");
    std::string sample = dir.file("sample.csv");
    std::string returns = dir.file("returns");
    std::int64_t drawId = 0;
    std::size_t sampled = 0;   // cases in the sample
    std::size_t imported = 0;  // returns imported

    // `size` cases drawn; the returns written and imported unless `importReturns` is false.
    explicit Cycle(std::size_t size = 40, bool importReturns = true);

private:
    void draw(std::size_t size);  // jobs_cycle_sample.cpp
    void returnAudits();          // jobs_cycle_returns.cpp (apart: audit/forms/scoring.h and audit/sampling/case_list.h
                                  // both declare an audit::Field)
};

}  // namespace audit::test
