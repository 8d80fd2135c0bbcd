// What audit-sample shows: the draw's and the check's summaries as text tables or JSON (the work is in the core's
// jobs module, audit/jobs/sample.h).
#pragma once
#include <optional>
#include <ostream>

#include "audit/jobs/prior_audits.h"
#include "audit/jobs/sample.h"

namespace audit::sample {

void printDraw(std::ostream& os, const jobs::SampleDrawResult& r);
void printDrawJson(std::ostream& os, const jobs::SampleDrawResult& r);
void printCheck(std::ostream& os, const jobs::SampleCheckResult& r, const std::string& storeName);
void printCheckJson(std::ostream& os, const jobs::SampleCheckResult& r);
// check --suggest-map: the map written, field by field, and the headers left unmatched (present_inputs.cpp).
void printSuggestion(std::ostream& os, const jobs::SuggestMapResult& r, bool json);
// history import: what was read, added and already held (present_inputs.cpp).
void printHistoryImport(std::ostream& os, const jobs::HistoryImportResult& r, bool json);

// plan: sample sizes for a proportion (Cochran, with --margin) and a zero-failure attribute plan (with --tolerable),
// computed by the core (audit/sampling/planning.h) and shown as text or JSON.
struct PlanRequest {
    double confidence = 0.95;
    std::optional<std::size_t> population;
    std::optional<double> margin;
    double expected = 0.5;
    std::optional<double> tolerable;
};
void printPlan(std::ostream& os, const PlanRequest& p, bool json, bool quiet);

}  // namespace audit::sample
