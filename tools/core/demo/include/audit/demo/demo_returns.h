// Synthetic completed audit returns for a sample (audit-demo-data returns): one filled XLSX form per sampled
// case, in the exact layout audit-template renders (audit/form.h), so that the demo and the benchmarks import
// real inputs. Nothing here is real data.
//
// The model: each case has a latent practice quality (normal, plus a small team effect); each question's
// answer follows it (Yes / Partly / No by thresholds on quality plus item noise; Not applicable now and then
// for questions without a limiting rule); the auditor's domain and overall grades follow the computed ones,
// except that a few auditors grade generously (one grade up, often) and everyone departs now and then; a
// rationale is written wherever the auditor's grade departs from the computed one; weak domains get SMART
// actions with an owner (the worker or the team manager) and a due date 2 to 8 weeks after the audit.
// Same sample, seed, template and date: byte-identical files.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/forms/template.h"

namespace audit {

struct DemoReturnsOptions {
    std::string samplePath;   // the sample CSV (audit-sample's): case_ref; team, category, worker, auditor,
                              // child_ref, draw_id when present
    std::string outDir;       // must exist; forms go to <outDir>/<case_ref>.xlsx
    std::uint64_t seed = 1;
    std::string templateId;   // "" = by each case's category, as audit-template render picks it (Catalogue::templateForCategory)
    Date auditDate;           // audits are completed on this date or up to 20 days before it
    double generousShare = 0.2;  // share of auditors who grade generously
};

struct DemoReturnsResult {
    std::vector<std::string> files;  // written, in sample order
    std::size_t generousAuditors = 0;
    std::size_t auditors = 0;
};

// Throws Error(Data) for a sample without case_ref (with the line), Error(Usage) for an unknown template,
// Error(CantCreate) when the folder cannot be written. Progress: files done, files in all.
DemoReturnsResult writeDemoReturns(const Catalogue& catalogue, const DemoReturnsOptions& options,
                                   const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace audit
