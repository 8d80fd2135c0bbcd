// Synthetic partnership data for demos and benchmarks, seeded (audit::Random), matching reports/lscb.xml:
//   - monthly KPIs of a plausible council (timeliness of assessments, CP visits, CLA reviews, care leavers in
//     touch / in suitable accommodation / in education, employment or training, return home interviews offered
//     within 72 hours, supervision in timescale, re-referrals...), with targets, polarity and a small trend;
//   - section 11 self-assessments of partner agencies (police, health, education, probation, youth justice,
//     housing), some of them optimistic, RAG-rated or graded, with evidence text.
// The same seed gives the same rows on every machine.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "audit/report/partnership.h"

namespace audit {

struct DemoKpiSpec {
    std::string indicator;
    std::string theme;
    Polarity polarity;
    double target;
    double baseline;   // the council's typical value at the start
    double trend;      // change per month
    double noise;      // standard deviation month to month
    bool percentage;   // clamp to 0..100
};
// The indicators the demo council reports (the KPIs of reports/lscb.xml).
const std::vector<DemoKpiSpec>& demoKpiCatalogue();

// One row per indicator per month, for `months` months from firstMonth ("2026-01").
// Throws Error(Usage) for a bad month or months < 1.
std::vector<Kpi> demoKpis(std::uint64_t seed, const std::string& firstMonth, int months);

// Every agency's ratings of the section 11 standards for one period ("2025-26", "2026-Q1"...).
std::vector<SelfAssessment> demoSelfAssessments(std::uint64_t seed, const std::string& period);

}  // namespace audit
