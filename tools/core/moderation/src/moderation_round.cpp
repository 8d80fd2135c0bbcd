#include "audit/moderation/moderation_round.h"

#include <algorithm>

#include "audit/base/error.h"
#include "audit/base/hash.h"
#include "audit/base/text.h"
#include "audit/forms/template.h"
#include "audit/store/store.h"

namespace audit::moderation {

namespace {

Error refused(const std::string& formId, const std::string& why) {
    return Error(ErrorKind::Data, "audit " + formId, "", why);
}

struct Latest {
    std::int64_t id = 0;
    int version = 0;
    std::string auditor, templateId, templateVersion;
};

Latest latestAudit(Store& store, const std::string& formId) {
    auto rows = store.query("SELECT id, version, auditor, template_id, template_version FROM audit_latest "
                            "WHERE form_id = ?",
                            formId);
    if (rows.empty()) throw refused(formId, "no audit with this form id in the store");
    return Latest{rows[0].integer("id"), static_cast<int>(rows[0].integer("version")), rows[0].text("auditor"),
                  rows[0].text("template_id"), rows[0].text("template_version")};
}

// The lock, checked to be held by `moderator`.
void requireHolder(Store& store, const std::string& formId, const std::string& moderator) {
    const auto lock = lockOf(store, formId);
    if (!lock) throw refused(formId, "is not taken for moderation: take it first");
    if (lock->holder != moderator)
        throw refused(formId, "is held for moderation by " + lock->holder + " since " + lock->takenAt);
}

}  // namespace

const char* toString(RoundState s) {
    switch (s) {
        case RoundState::NotModerated: return "not moderated";
        case RoundState::Locked: return "being moderated";
        case RoundState::SentBack: return "sent back";
        case RoundState::Resubmitted: return "resubmitted";
        case RoundState::Agreed: return "agreed";
    }
    return "not moderated";
}

std::optional<Lock> lockOf(Store& store, const std::string& formId) {
    auto rows = store.query("SELECT holder, taken_at FROM moderation_lock WHERE form_id = ?", formId);
    if (rows.empty()) return std::nullopt;
    return Lock{formId, rows[0].text("holder"), rows[0].text("taken_at")};
}

std::vector<std::string> allocatedModerators(Store& store, const std::string& formId) {
    std::vector<std::string> out;
    for (const auto& r : store.query(
             "SELECT DISTINCT al.auditor FROM allocation al "
             "JOIN draw d ON d.id = al.draw_id AND d.kind = 'moderation' "
             "JOIN draw_member m ON m.draw_id = al.draw_id AND m.case_ref = al.case_ref "
             "JOIN audit a ON a.id = m.audit_id "
             "WHERE al.role = 'moderator' AND a.form_id = ? ORDER BY al.auditor",
             formId))
        out.push_back(r.text(0));
    return out;
}

RoundStatus roundStatus(Store& store, const std::string& formId) {
    RoundStatus s;
    const Latest a = latestAudit(store, formId);
    s.latestVersion = a.version;
    s.lock = lockOf(store, formId);
    auto d = store.query("SELECT audit_version, decision, decided_by, COALESCE(note, ''), at FROM moderation_decision "
                         "WHERE form_id = ? ORDER BY id DESC LIMIT 1",
                         formId);
    if (!d.empty()) {
        s.decidedBy = d[0].text(2);
        s.note = d[0].text(3);
        s.decidedAt = d[0].text(4);
    }
    const auto cliAgreed = store.scalar<std::int64_t>(
        "SELECT COUNT(*) FROM moderation_latest WHERE audit_id = ? AND agreed_grade IS NOT NULL", a.id);
    if (s.lock) s.state = RoundState::Locked;
    else if (!d.empty() && d[0].text(1) == "agreed" && d[0].integer(0) == a.version) s.state = RoundState::Agreed;
    else if (!d.empty() && d[0].text(1) == "sent-back")
        s.state = d[0].integer(0) < a.version ? RoundState::Resubmitted : RoundState::SentBack;
    else if (cliAgreed && *cliAgreed > 0) s.state = RoundState::Agreed;
    return s;
}

Lock takeLock(Store& store, const std::string& formId, const std::string& moderator) {
    return store.transaction([&] {
        const RoundStatus st = roundStatus(store, formId);
        if (st.lock) {
            if (st.lock->holder == moderator) return *st.lock;
            throw refused(formId, "is held for moderation by " + st.lock->holder + " since " + st.lock->takenAt);
        }
        const auto mods = allocatedModerators(store, formId);
        if (std::find(mods.begin(), mods.end(), moderator) == mods.end())
            throw refused(formId, moderator + " is not allocated to moderate it" +
                                      (mods.empty() ? std::string(" (no moderation draw holds it)") : ""));
        if (st.state == RoundState::Agreed) throw refused(formId, "was agreed by moderation already");
        if (st.state == RoundState::SentBack)
            throw refused(formId, "was sent back to its auditor and has not been resubmitted yet");
        const std::string now = store.now();
        store.exec("INSERT INTO moderation_lock (form_id, holder, taken_at) VALUES (?, ?, ?)", formId, moderator, now);
        return Lock{formId, moderator, now};
    });
}

Comment addComment(Store& store, const Catalogue& catalogue, const std::string& formId, const std::string& moderator,
                   const std::string& target, const std::string& textIn) {
    const std::string text = text::trimmed(textIn);
    return store.transaction([&] {
        requireHolder(store, formId, moderator);
        const Latest a = latestAudit(store, formId);
        Comment c;
        c.auditVersion = a.version;
        c.target = text::trimmed(target);
        c.author = moderator;
        c.text = text;
        const Template* t = catalogue.findTemplate(a.templateId, std::atoi(a.templateVersion.c_str()));
        if (!t) throw refused(formId, "its template " + a.templateId + " version " + a.templateVersion + " is not known");
        if (c.target == "_overall") c.targetKind = "overall";
        else if (t->section(c.target)) c.targetKind = "domain";
        else if (t->question(c.target)) c.targetKind = "question";
        else
            throw refused(formId, "'" + c.target + "' is not a question or domain of template " + t->id +
                                      " (expected a question id, a domain id or _overall)");
        if (text.empty()) throw refused(formId, "the comment on '" + c.target + "' is blank");
        if (text.size() > 4000)
            throw refused(formId, "the comment on '" + c.target + "' has " + std::to_string(text.size()) +
                                      " characters (at most 4000)");
        c.at = store.now();
        c.id = store.insertReturningId(
            "INSERT INTO moderation_comment (form_id, audit_version, target_kind, target, author, comment, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            formId, c.auditVersion, c.targetKind, c.target, c.author, c.text, c.at);
        return c;
    });
}

std::vector<Comment> comments(Store& store, const std::string& formId) {
    std::vector<Comment> out;
    for (const auto& r : store.query("SELECT id, audit_version, target_kind, target, author, comment, at "
                                     "FROM moderation_comment WHERE form_id = ? ORDER BY id",
                                     formId))
        out.push_back(Comment{r.integer(0), static_cast<int>(r.integer(1)), r.text(2), r.text(3), r.text(4),
                              r.text(5), r.text(6)});
    return out;
}

ImportResult agree(Store& store, const Catalogue& catalogue, const std::string& formId, const std::string& moderator,
                   const std::vector<BrowserGrade>& grades, const std::string& date) {
    return store.transaction([&] {
        requireHolder(store, formId, moderator);
        const Latest a = latestAudit(store, formId);
        std::vector<ReturnedGrade> returned;
        std::string canonical = formId + "\n" + std::to_string(a.version) + "\n" + moderator + "\n" + date + "\n";
        for (const BrowserGrade& g : grades) {
            ReturnedGrade r;
            r.formId = formId;
            r.domain = g.domain;
            r.moderator = moderator;
            r.moderatorGrade = g.moderatorGrade;
            r.agreedGrade = g.agreedGrade;
            r.reasonCode = g.reasonCode;
            r.reason = g.reason;
            r.date = date;
            r.mode = "blind";
            r.place = "domain '" + g.domain + "'";
            returned.push_back(r);
            canonical += g.domain + "\t" + g.moderatorGrade + "\t" + g.agreedGrade + "\t" + g.reasonCode + "\t" +
                         g.reason + "\n";
        }
        const ImportResult res = importGrades(store, catalogue, "moderation of " + formId, sha256(canonical),
                                              "moderation-browser", std::move(returned), {});
        store.exec("INSERT INTO moderation_decision (form_id, audit_version, decision, decided_by, note, at) "
                   "VALUES (?, ?, 'agreed', ?, NULL, ?)",
                   formId, a.version, moderator, store.now());
        store.exec("DELETE FROM moderation_lock WHERE form_id = ?", formId);
        return res;
    });
}

ImportResult submitBlind(Store& store, const Catalogue& catalogue, const std::string& formId,
                         const std::string& moderator, const std::map<std::string, std::string>& grades,
                         const std::string& date) {
    return store.transaction([&] {
        requireHolder(store, formId, moderator);
        if (!ownGrades(store, formId, moderator).empty())
            throw refused(formId, "has the moderator's grades already (they were given blind once)");
        std::vector<ReturnedGrade> returned;
        std::string canonical = formId + "\nblind\n" + moderator + "\n" + date + "\n";
        for (const auto& [domain, grade] : grades) {
            ReturnedGrade r;
            r.formId = formId;
            r.domain = domain;
            r.moderator = moderator;
            r.moderatorGrade = grade;
            r.date = date;
            r.mode = "blind";
            r.place = "domain '" + domain + "'";
            returned.push_back(r);
            canonical += domain + "\t" + grade + "\n";
        }
        return importGrades(store, catalogue, "audit-serve:" + moderator, sha256(canonical), "moderation-browser",
                            std::move(returned), {});
    });
}

std::map<std::string, std::string> ownGrades(Store& store, const std::string& formId, const std::string& moderator) {
    std::map<std::string, std::string> out;
    for (const auto& r : store.query("SELECT domain, moderator_grade FROM moderation_latest WHERE form_id = ? AND "
                                     "moderator = ?",
                                     "M-" + formId, moderator))
        out[r.text(0)] = r.text(1);
    return out;
}

std::vector<Allocated> allocatedTo(Store& store, const std::string& moderator) {
    std::vector<Allocated> out;
    if (text::trimmed(moderator).empty()) return out;
    for (const auto& r : store.query(
             "SELECT a.form_id, al.case_ref, a.auditor, a.period, al.draw_id, a.id FROM allocation al "
             "JOIN draw d ON d.id = al.draw_id AND d.kind = 'moderation' "
             "JOIN draw_member m ON m.draw_id = al.draw_id AND m.case_ref = al.case_ref "
             "JOIN audit a ON a.id = m.audit_id "
             "WHERE al.role = 'moderator' AND al.auditor = ? ORDER BY al.draw_id DESC, al.case_ref",
             moderator))
        out.push_back(Allocated{r.text(0), r.text(1), r.text(2), r.text(3), r.integer(4), r.integer(5)});
    return out;
}

void sendBack(Store& store, const std::string& formId, const std::string& moderator, const std::string& noteIn) {
    const std::string note = text::trimmed(noteIn);
    store.transaction([&] {
        requireHolder(store, formId, moderator);
        const Latest a = latestAudit(store, formId);
        const auto onThis = store.scalar<std::int64_t>(
            "SELECT COUNT(*) FROM moderation_comment WHERE form_id = ? AND audit_version = ?", formId, a.version);
        if (note.empty() && (!onThis || *onThis == 0))
            throw refused(formId, "cannot be sent back without a comment or a note saying what to change");
        store.exec("INSERT INTO moderation_decision (form_id, audit_version, decision, decided_by, note, at) "
                   "VALUES (?, ?, 'sent-back', ?, ?, ?)",
                   formId, a.version, moderator, note.empty() ? std::optional<std::string>{} : std::optional(note),
                   store.now());
        store.exec("DELETE FROM moderation_lock WHERE form_id = ?", formId);
    });
}

}  // namespace audit::moderation
