// Voiding a version of a moderation return (audit-reconcile void): it stops counting (moderation_latest leaves it
// out, so the version before it counts again, or none), with the reason, who and when kept (audit/store/voiding.h).
#pragma once
#include <optional>
#include <string>

namespace audit {

class Store;

struct ModerationVoid {
    std::string formId;               // the moderation form, "M-" + the audit's form id
    int version = 0;                  // the version voided
    std::optional<int> nowCounting;   // the version that counts now, if any
    std::string sourceFile, by, at;
};

// `formId`: the moderation form's id or the audited form's id. Voids `version` (default: the one that counts now).
// Error(Data) when there is no such moderation or version, or it is voided already; Error(Usage) without a reason.
ModerationVoid voidModeration(Store& store, const std::string& formId, std::optional<int> version,
                              const std::string& reason, const std::string& by);

}  // namespace audit
