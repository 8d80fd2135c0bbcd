// Voiding a version of a stored audit (audit-score void): it stops counting everywhere (audit_latest leaves it out,
// so the version before it counts again, or none), with the reason, who and when kept (audit/store/voiding.h).
#pragma once
#include <optional>
#include <string>

namespace audit {

class Store;

struct AuditVoid {
    std::string formId, caseRef, sourceFile;
    int version = 0;                  // the version voided
    std::optional<int> nowCounting;   // the version that counts now, if any
    std::string by, at;
};

// Voids `version` of the form (default: the version that counts now). Error(Data) when the store has no audit of
// that form id, no such version, or the version is voided already; Error(Usage) without a reason.
AuditVoid voidAudit(Store& store, const std::string& formId, std::optional<int> version, const std::string& reason,
                    const std::string& by);

}  // namespace audit
