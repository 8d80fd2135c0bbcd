#include <filesystem>

#include "audit/base/date.h"
#include "audit/demo/demo_returns.h"
#include "audit/jobs/score.h"
#include "jobs_cycle.h"

namespace audit::test {

void Cycle::returnAudits() {
    std::filesystem::create_directories(returns);
    DemoReturnsOptions r;
    r.samplePath = sample;
    r.outDir = returns;
    r.seed = 7;
    r.auditDate = Date(2026, 9, 30);
    writeDemoReturns(catalogue(), r);
    imported = jobs::scoreImport({{returns}, store, {}}).imported;
}

}  // namespace audit::test
