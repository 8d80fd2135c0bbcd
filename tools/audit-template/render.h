// audit-template render: blank forms and forms for a sample (one per case, a folder per auditor).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "audit/forms/framework.h"
#include "audit/forms/template.h"

namespace audit::tools {

struct RenderSummary {
    std::vector<std::string> files;
    std::vector<std::string> auditors;  // folders made, in order of first appearance
};

RenderSummary renderBlank(const Template& t, const Framework& fw, const std::string& outDir);

// Columns read from the sample: case_ref (required); team, worker, category, child_ref, draw_id (or draw),
// auditor when present. Forms go to outDir/<auditor>/<case_ref>.xlsx ("unallocated" when no auditor).
RenderSummary renderSample(const Template& t, const Framework& fw, const std::string& samplePath, const std::string& outDir,
                           const std::function<void(std::size_t done, std::size_t total)>& progress);

// A safe file or folder name from free text (letters, digits, '-', '_', '.'; others become '_').
std::string safeName(const std::string& s);

}  // namespace audit::tools
