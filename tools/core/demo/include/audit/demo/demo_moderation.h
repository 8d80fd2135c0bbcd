// Synthetic moderation returns for the demo (issue 6): for the latest moderation draw of a period, one row
// per domain of each drawn audit, in the CSV that `audit-reconcile import` reads. Realistic agreement: about
// three grades in four agree exactly, most disagreements are one grade, and one or two "generous" auditors
// (chosen by the seed and the period) are moved down much more often. Seeded: the same store, period and seed
// give the same rows.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "audit/moderation/agreement_pairs.h"

namespace audit {
class Catalogue;
class Store;
}

namespace audit::moderation {

struct DemoModeration {
    std::vector<std::string> header;  // form_id, domain, moderator, moderator_grade, reason_code, reason,
                                      // agreed_grade, moderated_date
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> generousAuditors;
    std::size_t forms = 0;
    std::int64_t drawId = 0;
};

// Error(Data) when the period has no moderation draw (run `audit-reconcile sample` first).
DemoModeration demoModeration(Store& store, const std::string& period, std::uint64_t seed,
                              const agreement::GradeScale& scale);

// The same returns as XLSX moderation forms filled in as the moderators would (audit/moderation_form.h: the
// draw's forms in its mode, with each moderator's grades, reason codes, reasons, agreed grades and date):
// dir/<moderator>/M-<audit form id>.xlsx. Importing them stores what importing demo's rows as CSV stores.
std::vector<std::string> writeDemoModerationForms(Store& store, const Catalogue& catalogue, const DemoModeration& demo,
                                                  const std::string& dir);

}  // namespace audit::moderation
