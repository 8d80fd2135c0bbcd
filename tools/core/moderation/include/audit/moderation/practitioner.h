// The practitioner's view of an audit of their case (issue 15, item 3). Each template sets the practitioner's
// involvement (templates/README.md: feedback, view-findings or none). Once an audit is final, the allocated worker
// (the case list's worker, matched to an account by the server) sees its findings (the grades) and strengths and,
// with `feedback`, records a response that the QA lead sees and the partnership workbook counts.
//
// An audit is final when its latest version was agreed by moderation (in the browser or by a moderation return),
// or when its period's moderation sample has been drawn without it (it stands as submitted).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/base/period.h"
#include "audit/forms/template.h"

namespace audit {
class Store;
}

namespace audit::moderation {

bool isFinal(Store& store, const std::string& formId);

struct PractitionerResponse {
    std::string practitioner, response, at;
    int auditVersion = 0;
};

struct PractitionerAudit {
    std::string formId, caseRef, templateId, templateTitle, period, completedDate, worker;
    int version = 0;
    std::int64_t auditId = 0;
    Involvement involvement = Involvement::None;
    std::string prompt;  // the template's practitioner text
    struct Grade {
        std::string domain, title, grade;  // the agreed grade where moderated, else the auditor's (or computed)
    };
    std::vector<Grade> grades;  // in template order, then the overall grade (domain "_overall")
    std::string strengths;
    std::optional<PractitionerResponse> response;  // the latest
};

// The final audits of `worker`'s cases whose template involves the practitioner (feedback or view-findings),
// newest period first, then by form id.
std::vector<PractitionerAudit> practitionerAudits(Store& store, const Catalogue& catalogue, const std::string& worker);

// One of them; nullopt when the audit is not in the store, not of the worker's case, not final, or its template
// gives the practitioner no access (the server answers 404 to all alike).
std::optional<PractitionerAudit> practitionerAudit(Store& store, const Catalogue& catalogue, const std::string& formId,
                                                   const std::string& worker);

// Records the worker's response to a final audit of their case whose template asks for feedback: Error(Data) when
// it is not theirs or not final, when the template does not ask for feedback, or when the response is blank or over
// 4000 characters. A later response replaces the earlier one (both are kept).
PractitionerResponse recordResponse(Store& store, const Catalogue& catalogue, const std::string& formId,
                                    const std::string& worker, const std::string& response);

// The partnership's figure: of the final audits whose period lies within `period` and whose template asks for
// feedback, how many have a response.
struct FeedbackCount {
    std::size_t asked = 0, received = 0;
};
FeedbackCount feedbackCount(Store& store, const Catalogue& catalogue, const Period& period);

}  // namespace audit::moderation
