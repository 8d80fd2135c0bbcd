#include "audit/base/date.h"
#include "audit/demo/demo_cases.h"
#include "audit/jobs/sample.h"
#include "jobs_cycle.h"

namespace audit::test {

Cycle::Cycle(std::size_t size, bool importReturns) {
    draw(size);
    if (importReturns) returnAudits();
}

void Cycle::draw(std::size_t size) {
    DemoCasesOptions o;
    o.size = 400;
    o.seed = 2026;
    o.asOf = Date(2026, 9, 30);
    writeDemoCases(generateDemoCases(o), ColumnMap::load("generic"), cases);
    jobs::SampleDrawRequest q;
    q.casesFile = cases;
    q.strata = {"team"};
    q.strataText = "team";
    q.size = size;
    q.seed = 7;
    q.asOf = Date(2026, 9, 30);
    q.period = "2026-09";
    q.out = sample;
    q.store = store;
    const jobs::SampleDrawResult r = jobs::sampleDraw(q);
    drawId = r.drawId.value_or(0);
    sampled = r.rows.size();
}

}  // namespace audit::test
