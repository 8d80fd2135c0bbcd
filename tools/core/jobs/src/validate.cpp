#include "audit/jobs/validate.h"

#include <algorithm>
#include <filesystem>

#include "audit/base/paths.h"
#include "audit/forms/template.h"

namespace fs = std::filesystem;

namespace audit::jobs {

ValidateResult validateTemplates(const ValidateRequest& request) {
    ValidateResult r;
    r.files = request.files;
    std::vector<Framework> known;
    if (r.files.empty()) {
        for (const char* dir : {"/audit-frameworks", "/templates"})
            for (const auto& e : fs::directory_iterator(dataDir() + dir))
                if (e.path().extension() == ".xml") r.files.push_back(e.path().string());
        std::sort(r.files.begin(), r.files.end());
    } else {
        // Known frameworks: the shipped ones that are themselves valid (a file given may replace one).
        for (const auto& e : fs::directory_iterator(frameworksDir())) {
            if (e.path().extension() != ".xml") continue;
            try {
                known.push_back(loadFramework(e.path().string()));
            } catch (const Error&) {
            }
        }
    }
    r.problems = validateFiles(r.files, known);
    return r;
}

}  // namespace audit::jobs
