// What the audit pages and the JSON API share (private to the web module): finding the audit a request names
// (404 when it is not one the account may see), turning import problems into field errors, the submitted view.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app_context.h"
#include "form_html.h"

namespace audit::web {

// The audit of the route's {form_id} among those the account may see; nullopt means "answer 404".
std::optional<AuditItem> findAudit(Context& c);
// A draft for the audit: the saved one, else an empty one with today as the completed date.
Draft currentDraft(Context& c, const AuditItem& item);
// Import problems ("answer:<id>", "grade:<domain>", "action:2:owner"...) as errors beside the form's fields.
std::vector<FieldError> fieldErrors(const Template& tpl, const std::vector<Problem>& problems);
// The stored result of a submitted audit (latest version): domain grades and answers, as HTML.
std::string submittedHtml(Context& c, const AuditItem& item);

}  // namespace audit::web
