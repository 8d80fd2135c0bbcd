// An audit's history (issue 15, item 7): drawn, allocated, submitted (each version), drawn for moderation,
// allocated to a moderator, taken for moderation, commented, sent back, moderated (each version of the moderation),
// agreed, the practitioner's response, a version voided (with its reason): who and when, from the store's own records (draws, allocations, audit and
// moderation versions, moderation decisions and comments, responses and the event log). Oldest first.
#pragma once
#include <string>
#include <vector>

namespace audit {
class Store;
}

namespace audit::jobs {

struct HistoryEvent {
    std::string at;      // ISO time as stored
    std::string what;    // drawn | allocated | submitted | drawn for moderation | allocated to moderate |
                         // taken for moderation | commented | sent back | moderated | agreed | responded | voided
    std::string who;     // the person, when the store knows it ("" otherwise)
    std::string detail;  // e.g. "version 2, from F.xlsx", "draw 3, seed 42"
};

// Error(Data) when no audit has the form id.
std::vector<HistoryEvent> auditHistory(Store& store, const std::string& formId);

}  // namespace audit::jobs
