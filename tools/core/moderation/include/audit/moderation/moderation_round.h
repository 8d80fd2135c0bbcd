// Moderation as a conversation (issue 15, item 1): a moderator takes an audit, which locks it for its auditor (the
// lock names who holds it); leaves comments on single questions, domains or the overall grade; then either agrees
// (the grades stored by importGrades, exactly as `audit-reconcile import` stores a return: one code path) or sends
// the audit back with the comments, after which the auditor's resubmission is the audit's next version (stored by
// forms' import, as any return) and the moderator takes it again.
//
// Only a moderator allocated to the audit in a moderation draw may take it; only the holder may comment, agree or
// send back; agreeing and sending back release the lock. Every refusal is Error(Data) naming the audit and why.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/moderation/moderation.h"

namespace audit {
class Store;
class Catalogue;
}  // namespace audit

namespace audit::moderation {

struct Lock {
    std::string formId, holder, takenAt;
};
std::optional<Lock> lockOf(Store& store, const std::string& formId);

// The moderators allocated to the audit (any version of the form) in moderation draws, sorted.
std::vector<std::string> allocatedModerators(Store& store, const std::string& formId);

// Takes the lock (or returns it when `moderator` already holds it). Refused when the audit is not in the store,
// the moderator is not allocated to it, another holds it, or it was agreed.
Lock takeLock(Store& store, const std::string& formId, const std::string& moderator);

struct Comment {
    std::int64_t id = 0;
    int auditVersion = 0;
    std::string targetKind;  // question | domain | overall
    std::string target;      // question id, domain id, or "_overall"
    std::string author, text, at;
};
// A comment on the latest version of the audit by the lock's holder: `target` is a question id or a domain of the
// audit's template, or "_overall"; the text is not blank and at most 4000 characters.
Comment addComment(Store& store, const Catalogue& catalogue, const std::string& formId, const std::string& moderator,
                   const std::string& target, const std::string& text);
// Every comment on the audit, oldest first (all versions).
std::vector<Comment> comments(Store& store, const std::string& formId);

// One domain's grades as the moderator enters them in the browser.
struct BrowserGrade {
    std::string domain, moderatorGrade, agreedGrade, reasonCode, reason;
};
// Agrees the audit's latest version: the grades go through importGrades (kind "moderation-browser", source
// "audit-serve:<moderator>", mode blind), then the decision is recorded and the lock released, in one transaction.
// Validation errors are importGrades' own (each naming "domain 'x'").
ImportResult agree(Store& store, const Catalogue& catalogue, const std::string& formId, const std::string& moderator,
                   const std::vector<BrowserGrade>& grades, const std::string& date);

// The moderator's own grades, given blind (before the auditor's judgements are shown), for the audit's latest
// version: domain -> grade as the moderator chose it. They go through importGrades exactly as a blind
// `audit-reconcile import` return without agreed grades (kind "moderation-browser", source
// "audit-serve:<moderator>", mode blind, agreed grade blank: awaiting agreement). Only the lock's holder, and only
// once: a second call is refused (the grades were given blind once; agreeing carries them).
ImportResult submitBlind(Store& store, const Catalogue& catalogue, const std::string& formId,
                         const std::string& moderator, const std::map<std::string, std::string>& grades,
                         const std::string& date);
// The moderator's grades stored for the audit (its latest moderation, if by `moderator`): domain -> grade label;
// empty while the moderator has not given them (the blind stage).
std::map<std::string, std::string> ownGrades(Store& store, const std::string& formId, const std::string& moderator);

// An audit allocated to a moderator in a moderation draw (the allocation as `audit-reconcile sample` records it).
struct Allocated {
    std::string formId, caseRef, auditor, period;
    std::int64_t drawId = 0, auditId = 0;  // the moderation draw and the audit version it drew
};
// Every audit allocated to `moderator`, newest draw first, then by case.
std::vector<Allocated> allocatedTo(Store& store, const std::string& moderator);

// Sends the latest version back to its auditor: needs a comment on that version or a note; releases the lock.
void sendBack(Store& store, const std::string& formId, const std::string& moderator, const std::string& note);

// Where the audit stands in moderation.
enum class RoundState {
    NotModerated,  // no lock, no decision
    Locked,        // a moderator holds it: the auditor cannot change it
    SentBack,      // sent back: the auditor is to resubmit
    Resubmitted,   // sent back and resubmitted as a newer version: for the moderator again
    Agreed,        // agreed (the latest version)
};
const char* toString(RoundState s);
struct RoundStatus {
    RoundState state = RoundState::NotModerated;
    int latestVersion = 0;
    std::optional<Lock> lock;
    std::string decidedBy, decidedAt, note;  // the latest decision, if any
};
RoundStatus roundStatus(Store& store, const std::string& formId);

}  // namespace audit::moderation
