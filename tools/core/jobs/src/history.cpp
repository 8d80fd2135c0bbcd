#include "audit/jobs/history.h"

#include <algorithm>

#include "audit/base/error.h"
#include "audit/store/store.h"

namespace audit::jobs {

namespace {
// Events of one second are put in the round's order: by the audit version they concern, then by stage.
struct Keyed {
    HistoryEvent e;
    std::int64_t version = 0;
    int stage = 0;
};
int stageOf(const std::string& what) {
    static const char* order[] = {"drawn", "allocated", "submitted", "drawn for moderation", "allocated to moderate",
                                  "taken for moderation", "commented", "moderated", "sent back", "agreed", "responded",
                                  "voided"};
    for (int i = 0; i < 12; ++i)
        if (what == order[i]) return i;
    return 12;
}
}  // namespace

std::vector<HistoryEvent> auditHistory(Store& store, const std::string& formId) {
    std::vector<Keyed> ev;
    auto keyed = [](HistoryEvent e, std::int64_t version) {
        const int stage = stageOf(e.what);
        return Keyed{std::move(e), version, stage};
    };
    auto versions = store.query("SELECT id, version, case_ref, draw_id, auditor, imported_at, "
                                "COALESCE(source_file, ''), COALESCE(source_kind, '') FROM audit WHERE form_id = ? "
                                "ORDER BY version",
                                formId);
    if (versions.empty()) throw Error(ErrorKind::Data, "audit " + formId, "", "no audit with this form id in the store");
    const std::string caseRef = versions[0].text(2);
    // The audit draw and the auditor's allocation.
    if (auto drawId = versions[0].optInteger(3)) {
        for (const auto& d : store.query("SELECT created_at, seed, COALESCE(period, '') FROM draw WHERE id = ?", *drawId)) {
            const auto who = store.scalar<std::string>(
                "SELECT COALESCE(user_name, '') FROM event_log WHERE tool = 'audit-sample' AND command = 'draw' AND "
                "at >= ? ORDER BY id LIMIT 1",
                d.text(0));
            ev.push_back(keyed({d.text(0), "drawn", who.value_or(""),
                          "draw " + std::to_string(*drawId) + " of " + d.text(2) + ", seed " + d.text(1)}, 0));
        }
        for (const auto& a : store.query("SELECT allocated_at, auditor FROM allocation WHERE draw_id = ? AND case_ref = ? "
                                         "AND role = 'auditor'",
                                         *drawId, caseRef))
            ev.push_back(keyed({a.text(0), "allocated", a.text(1), "to audit"}, 0));
    }
    for (const auto& a : versions)
        ev.push_back(keyed({a.text(5), "submitted", a.text(4),
                            "version " + a.text(1) + (a.text(6).empty() ? "" : ", from " + a.text(6)) +
                                (a.text(7).empty() ? "" : " (" + a.text(7) + ")")},
                           a.integer(1)));
    const std::int64_t latest = versions.back().integer(1);
    // Moderation: the draws holding any version, their moderators.
    for (const auto& m : store.query(
             "SELECT d.id, d.created_at, d.seed, MIN(a.version) FROM draw d JOIN draw_member dm ON dm.draw_id = d.id "
             "JOIN audit a ON a.id = dm.audit_id WHERE d.kind = 'moderation' AND a.form_id = ? "
             "GROUP BY d.id, d.created_at, d.seed ORDER BY d.id",
             formId)) {
        ev.push_back(keyed({m.text(1), "drawn for moderation", "", "draw " + m.text(0) + ", seed " + m.text(2)}, m.integer(3)));
        for (const auto& a : store.query("SELECT allocated_at, auditor FROM allocation WHERE draw_id = ? AND "
                                         "case_ref = ? AND role = 'moderator'",
                                         m.integer(0), caseRef))
            ev.push_back(keyed({a.text(0), "allocated to moderate", a.text(1), "draw " + m.text(0)}, m.integer(3)));
    }
    for (const auto& l : store.query("SELECT taken_at, holder FROM moderation_lock WHERE form_id = ?", formId))
        ev.push_back(keyed({l.text(0), "taken for moderation", l.text(1), "holds it now"}, latest));
    for (const auto& c : store.query("SELECT at, author, audit_version, target FROM moderation_comment WHERE form_id = ? "
                                     "ORDER BY id",
                                     formId))
        ev.push_back(keyed({c.text(0), "commented", c.text(1), "on " + c.text(3) + " of version " + c.text(2)}, c.integer(2)));
    for (const auto& m : store.query("SELECT m.imported_at, m.moderator, m.version, COALESCE(m.source_file, ''), "
                                     "MAX(CASE WHEN m.domain = '_overall' THEN m.agreed_grade END), MAX(a.version) "
                                     "FROM moderation m JOIN audit a ON a.id = m.audit_id WHERE m.form_id = ? "
                                     "GROUP BY m.imported_at, m.moderator, m.version, m.source_file ORDER BY m.version",
                                     "M-" + formId))
        ev.push_back(keyed({m.text(0), "moderated", m.text(1),
                      "moderation version " + m.text(2) + (m.isNull(4) ? "" : ", agreed overall " + m.text(4)) +
                          (m.text(3).empty() ? "" : ", from " + m.text(3))}, m.integer(5)));
    for (const auto& d : store.query("SELECT at, decision, decided_by, audit_version, COALESCE(note, '') FROM "
                                     "moderation_decision WHERE form_id = ? ORDER BY id",
                                     formId))
        ev.push_back(keyed({d.text(0), d.text(1) == "agreed" ? "agreed" : "sent back", d.text(2),
                      "version " + d.text(3) + (d.text(4).empty() ? "" : ": " + d.text(4))}, d.integer(3)));
    for (const auto& r : store.query("SELECT pr.responded_at, pr.practitioner, a.version FROM practitioner_response pr "
                                     "JOIN audit a ON a.id = pr.audit_id WHERE pr.form_id = ? ORDER BY pr.id",
                                     formId))
        ev.push_back(keyed({r.text(0), "responded", r.text(1), "the practitioner's response"}, r.integer(2)));
    // Versions voided (audit-score void, audit-reconcile void): who, when and why.
    for (const auto& v : store.query("SELECT voided_at, voided_by, kind, version, reason FROM voiding WHERE "
                                     "(kind = 'audit' AND form_id = ?) OR (kind = 'moderation' AND form_id = ?) ORDER BY id",
                                     formId, "M-" + formId))
        ev.push_back(keyed({v.text(0), "voided", v.text(1),
                            std::string(v.text(2) == "moderation" ? "moderation version " : "version ") + v.text(3) + ": " +
                                v.text(4)},
                           latest));
    std::stable_sort(ev.begin(), ev.end(), [](const Keyed& a, const Keyed& b) {
        if (a.e.at != b.e.at) return a.e.at < b.e.at;
        if (a.version != b.version) return a.version < b.version;
        return a.stage < b.stage;
    });
    std::vector<HistoryEvent> out;
    for (auto& k : ev) out.push_back(std::move(k.e));
    return out;
}

}  // namespace audit::jobs
