#include "audit/moderation/practitioner.h"

#include <algorithm>
#include <map>
#include <set>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/moderation/moderation_round.h"
#include "audit/store/store.h"
#include "audit/store/store_cursor.h"

namespace audit::moderation {

namespace {

Error refused(const std::string& formId, const std::string& why) {
    return Error(ErrorKind::Data, "audit " + formId, "", why);
}

const char* kLatest =
    "SELECT id, form_id, version, case_ref, template_id, template_version, period, COALESCE(completed_date, ''), "
    "COALESCE(worker, ''), COALESCE(strengths, '') FROM audit_latest ";

PractitionerAudit fromRow(const StoreRow& r) {
    PractitionerAudit p;
    p.auditId = r.integer(0);
    p.formId = r.text(1);
    p.version = static_cast<int>(r.integer(2));
    p.caseRef = r.text(3);
    p.templateId = r.text(4);
    p.period = r.text(6);
    p.completedDate = r.text(7);
    p.worker = r.text(8);
    p.strengths = r.text(9);
    return p;
}

const Template* templateOf(const Catalogue& catalogue, const StoreRow& r) {
    return catalogue.findTemplate(r.text(4), std::atoi(r.text(5).c_str()));
}

void fill(Store& store, const Template& t, PractitionerAudit& p) {
    p.templateTitle = t.title;
    p.involvement = t.practitioner;
    p.prompt = t.practitionerPrompt;
    std::map<std::string, std::string> grade, agreed;
    for (const auto& j : store.query("SELECT domain, COALESCE(auditor_grade, computed_grade, '') FROM judgement "
                                     "WHERE audit_id = ?",
                                     p.auditId))
        grade[j.text(0)] = j.text(1);
    for (const auto& m : store.query("SELECT domain, agreed_grade FROM moderation_latest WHERE audit_id = ? AND "
                                     "agreed_grade IS NOT NULL",
                                     p.auditId))
        agreed[m.text(0)] = m.text(1);
    auto add = [&](const std::string& domain, const std::string& title) {
        const std::string g = agreed.count(domain) ? agreed[domain] : grade[domain];
        if (!g.empty()) p.grades.push_back({domain, title, g});
    };
    for (const auto& s : t.sections) add(s.domain, s.title);
    add("_overall", "Overall");
    auto r = store.query("SELECT practitioner, response, responded_at, a.version FROM practitioner_response pr "
                         "JOIN audit a ON a.id = pr.audit_id WHERE pr.form_id = ? ORDER BY pr.id DESC LIMIT 1",
                         p.formId);
    if (!r.empty())
        p.response = PractitionerResponse{r[0].text(0), r[0].text(1), r[0].text(2), static_cast<int>(r[0].integer(3))};
}

// What makes audits final, read once for many (feedbackCount): the same rules as isFinal.
struct FinalIndex {
    std::set<std::string> drawnForms, modPeriods, locked;
    std::set<std::int64_t> agreedAudits;
    std::map<std::string, std::pair<std::int64_t, std::string>> lastDecision;  // form -> (version, decision)
    explicit FinalIndex(Store& store) {
        for (const auto& r : store.query("SELECT DISTINCT a.form_id FROM draw_member m JOIN draw d ON d.id = m.draw_id "
                                         "AND d.kind = 'moderation' JOIN audit a ON a.id = m.audit_id"))
            drawnForms.insert(r.text(0));
        for (const auto& r : store.query("SELECT DISTINCT period FROM draw WHERE kind = 'moderation' AND period IS NOT NULL"))
            modPeriods.insert(r.text(0));
        for (const auto& r : store.query("SELECT form_id FROM moderation_lock")) locked.insert(r.text(0));
        forEachRow(store, "SELECT DISTINCT audit_id FROM moderation_latest WHERE agreed_grade IS NOT NULL", {},
                   [&](const StoreCursorRow& r) { agreedAudits.insert(r.integer(0)); });
        for (const auto& r : store.query("SELECT form_id, audit_version, decision FROM moderation_decision ORDER BY id"))
            lastDecision[r.text(0)] = {r.integer(1), r.text(2)};
    }
    bool final(const std::string& formId, std::int64_t auditId, std::int64_t version, const std::string& period) const {
        if (locked.count(formId)) return false;
        if (auto d = lastDecision.find(formId); d != lastDecision.end()) {
            if (d->second.second == "agreed" && d->second.first == version) return true;
            if (d->second.second == "sent-back") return false;
        }
        if (agreedAudits.count(auditId)) return true;
        return !drawnForms.count(formId) && modPeriods.count(period);
    }
};

}  // namespace

bool isFinal(Store& store, const std::string& formId) {
    const auto period = store.scalar<std::string>("SELECT period FROM audit_latest WHERE form_id = ?", formId);
    if (!period) return false;
    if (roundStatus(store, formId).state == RoundState::Agreed) return true;
    const auto drawn = store.scalar<std::int64_t>(
        "SELECT COUNT(*) FROM draw_member m JOIN draw d ON d.id = m.draw_id AND d.kind = 'moderation' "
        "JOIN audit a ON a.id = m.audit_id WHERE a.form_id = ?",
        formId);
    if (drawn.value_or(0) > 0) return false;  // in the moderation sample and not agreed yet
    const auto drawnPeriod =
        store.scalar<std::int64_t>("SELECT COUNT(*) FROM draw WHERE kind = 'moderation' AND period = ?", *period);
    return drawnPeriod.value_or(0) > 0;
}

std::vector<PractitionerAudit> practitionerAudits(Store& store, const Catalogue& catalogue, const std::string& worker) {
    std::vector<PractitionerAudit> out;
    if (text::trimmed(worker).empty()) return out;
    for (const auto& r : store.query(std::string(kLatest) + "WHERE worker = ? ORDER BY period DESC, form_id", worker)) {
        const Template* t = templateOf(catalogue, r);
        if (!t || t->practitioner == Involvement::None || !isFinal(store, r.text(1))) continue;
        PractitionerAudit p = fromRow(r);
        fill(store, *t, p);
        out.push_back(std::move(p));
    }
    return out;
}

std::optional<PractitionerAudit> practitionerAudit(Store& store, const Catalogue& catalogue, const std::string& formId,
                                                   const std::string& worker) {
    if (text::trimmed(worker).empty()) return std::nullopt;
    auto rows = store.query(std::string(kLatest) + "WHERE form_id = ? AND worker = ?", formId, worker);
    if (rows.empty()) return std::nullopt;
    const Template* t = templateOf(catalogue, rows[0]);
    if (!t || t->practitioner == Involvement::None || !isFinal(store, formId)) return std::nullopt;
    PractitionerAudit p = fromRow(rows[0]);
    fill(store, *t, p);
    return p;
}

PractitionerResponse recordResponse(Store& store, const Catalogue& catalogue, const std::string& formId,
                                    const std::string& worker, const std::string& responseIn) {
    const std::string response = text::trimmed(responseIn);
    return store.transaction([&] {
        const auto p = practitionerAudit(store, catalogue, formId, worker);
        if (!p) throw refused(formId, "is not a final audit of a case of " + worker);
        if (p->involvement != Involvement::Feedback)
            throw refused(formId, "its template (" + p->templateId + ") does not ask the practitioner for feedback");
        if (response.empty()) throw refused(formId, "the response is blank");
        if (response.size() > 4000)
            throw refused(formId, "the response has " + std::to_string(response.size()) + " characters (at most 4000)");
        PractitionerResponse r{worker, response, store.now(), p->version};
        store.exec("INSERT INTO practitioner_response (form_id, audit_id, practitioner, response, responded_at) "
                   "VALUES (?, ?, ?, ?, ?)",
                   formId, p->auditId, worker, response, r.at);
        return r;
    });
}

FeedbackCount feedbackCount(Store& store, const Catalogue& catalogue, const Period& period) {
    FeedbackCount c;
    // The period's latest audits whose template asks for feedback, streamed with the columns the count needs
    // (store_cursor.h: the partnership workbook counts them in a store of 100,000 audits); each template and period
    // text decided once.
    struct Asked {
        std::string formId, period;
        std::int64_t auditId = 0, version = 0;
    };
    std::vector<Asked> asked;
    std::map<std::pair<std::string, std::string>, bool> feedbackTemplate;  // (id, version) -> asks for feedback
    std::map<std::string, bool> periodIn;
    forEachRow(store, "SELECT id, form_id, version, template_id, template_version, period FROM audit_latest", {},
               [&](const StoreCursorRow& r) {
                   auto [p, freshPeriod] = periodIn.try_emplace(std::string(r.text(5)), false);
                   if (freshPeriod) {
                       const auto parsed = parsePeriod(p->first);
                       p->second = parsed && period.contains(*parsed);
                   }
                   if (!p->second) return;
                   auto [t, freshTemplate] =
                       feedbackTemplate.try_emplace({std::string(r.text(3)), std::string(r.text(4))}, false);
                   if (freshTemplate) {
                       const Template* found = catalogue.findTemplate(t->first.first, std::atoi(t->first.second.c_str()));
                       t->second = found && found->practitioner == Involvement::Feedback;
                   }
                   if (t->second) asked.push_back(Asked{std::string(r.text(1)), p->first, r.integer(0), r.integer(2)});
               });
    if (asked.empty()) return c;
    const FinalIndex index(store);
    std::set<std::string> responded;
    for (const auto& r : store.query("SELECT DISTINCT form_id FROM practitioner_response")) responded.insert(r.text(0));
    for (const Asked& a : asked) {
        if (!index.final(a.formId, a.auditId, a.version, a.period)) continue;
        ++c.asked;
        if (responded.count(a.formId)) ++c.received;
    }
    return c;
}

}  // namespace audit::moderation
