// The audit form page's HTML and the texts of computed grades (private to the web module).
#pragma once
#include <string>
#include <vector>

#include "audit/forms/framework.h"
#include "audit/forms/scoring.h"
#include "audit/web/audits.h"
#include "audit/web/html.h"

namespace audit::web {

struct FieldError {
    std::string anchor;   // id of the field's block on the page
    std::string label;    // "1.2 Was the child seen alone?"
    std::string message;
};

struct FormView {
    const AuditItem& item;
    const Framework& fw;
    const Draft& draft;
    const ScoreResult& score;
    std::string csrf;
    bool readOnly = false;
    std::vector<FieldError> errors;
};

std::string renderAuditForm(const FormView& v);
// The case's details as the audit and moderation pages show them: label and value (escaped here), blank values left out.
std::string caseSummaryHtml(const std::vector<std::pair<std::string, std::string>>& items);
std::string computedText(const Framework& fw, const DomainResult& d);
std::string overallText(const Framework& fw, const OverallResult& o);

}  // namespace audit::web
