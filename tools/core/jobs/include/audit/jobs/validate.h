// The audit-template validate job: checks template and framework files, every problem with its file and line.
#pragma once
#include <string>
#include <vector>

#include "audit/base/error.h"

namespace audit::jobs {

struct ValidateRequest {
    std::vector<std::string> files;  // empty: every shipped template and framework
};

struct ValidateResult {
    std::vector<std::string> files;   // the files checked (the shipped ones sorted by path)
    std::vector<Problem> problems;    // empty: all valid
};

// Files given are checked against the shipped frameworks that are themselves valid (a file given may replace one).
// Problems are returned, not thrown: the front end shows them and then refuses (Error(Data, problems)).
ValidateResult validateTemplates(const ValidateRequest& request);

}  // namespace audit::jobs
