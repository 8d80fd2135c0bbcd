// The moderator's pages (private to the web module): which moderations an account may open (its allocations in
// moderation draws, nothing else: another's answers 404), and the page of one moderation as HTML. The blind stage
// renders from moderation::loadForm(..., blind = true), which does not even load the auditor's judgements, so the
// served bytes cannot hold an auditor's grade, answer, rationale or strengths until the moderator's own grades are in.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app_context.h"
#include "audit/moderation/moderation_form.h"
#include "audit/moderation/moderation_round.h"

namespace audit::web {

// The moderation of the route's {form_id} among the account's allocations (the newest draw holding it); nullopt
// means "answer 404" (logged).
std::optional<moderation::Allocated> findModeration(Context& c);

struct ModerationView {
    const moderation::Allocated& item;
    const moderation::ModerationForm& form;  // blind while `own` is empty
    const moderation::RoundStatus& status;
    const std::vector<moderation::Comment>& comments;
    const Framework* fw = nullptr;
    const Template* tpl = nullptr;
    std::string me;      // the moderator's name in draws
    std::string csrf;
    std::vector<Problem> problems;  // a refused request's, shown at the top
};

std::string renderModeration(const ModerationView& v);
// The state in words for a list or a notice: "being moderated by M1 since ...", "sent back", ...
std::string roundText(const moderation::RoundStatus& s, const std::string& me);
// An agreed grade with its reason code's label and the reason (HTML); "" when not agreed.
std::string agreedText(const std::string& grade, const std::string& code, const std::string& reason);
// The comments as a list, each naming its question or domain (titles from the template when known).
std::string commentsHtml(const std::vector<moderation::Comment>& comments, const Template* tpl);
// The audit's history (jobs::auditHistory and the access log's views and saves) as a table.
std::string historyHtml(Context& c, const std::string& formId);

}  // namespace audit::web
