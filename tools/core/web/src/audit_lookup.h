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
// Why the auditor may not change the audit now ("" when they may): submitted and not sent back, or held by a
// moderator (the message names who holds it and since when).
std::string whyReadOnly(Context& c, const AuditItem& item);
// A submitted audit's place in moderation for its auditor and the QA lead: who holds it, sent back (with the
// comments and the note), agreed; "" when it is not in moderation.
std::string moderationNotice(Context& c, const AuditItem& item);
// The latest stored version as a draft (what a sent-back audit starts from).
Draft storedDraft(Context& c, const AuditItem& item);
// A draft for the audit: the saved one, else (sent back) the stored version, else an empty one with today as the
// completed date.
Draft currentDraft(Context& c, const AuditItem& item);
// Import problems ("answer:<id>", "grade:<domain>", "action:2:owner"...) as errors beside the form's fields.
std::vector<FieldError> fieldErrors(const Template& tpl, const std::vector<Problem>& problems);
// The stored result of a submitted audit (latest version): domain grades and answers, as HTML.
std::string submittedHtml(Context& c, const AuditItem& item);

}  // namespace audit::web
