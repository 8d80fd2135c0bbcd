// Undo with a record: a version of an audit or a moderation form, or a returned actions tracker's updates, stops
// counting. Nothing is deleted: a `voiding` row says what, why, who and when (docs/STORE.md), every query of
// latest versions leaves the voided ones out, and an event_log row records it. A voided file may be imported again.
//
//   audit::recordVoid(store, {"audit", "F-1a2b3c4d5e6f", 2, auditId, "returns/C1042.xlsx", hash, "wrong case", ""});
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace audit {

class Store;

struct VoidRecord {
    std::string kind;                      // "audit", "moderation" or "tracker"
    std::string formId;                    // audit and moderation forms
    std::optional<std::int64_t> version;   // the form's version voided
    std::optional<std::int64_t> recordId;  // audit: the audit row's id
    std::string sourceFile, sourceHash;    // the file it came from
    std::string reason;                    // required
    std::string by;                        // who: "" for the OS user
};

struct VoidDone {
    std::string by, at;  // who voided it and when (the store's clock)
};

// Writes the voiding row and an event_log row (tool, "void", details) in one transaction. Throws Error(Usage) for
// an empty reason.
VoidDone recordVoid(Store& store, const VoidRecord& record, const std::string& tool);

// The user running the program ($USER, $LOGNAME or $USERNAME; "" if none): who did what, in the logs.
std::string currentUserName();

}  // namespace audit
