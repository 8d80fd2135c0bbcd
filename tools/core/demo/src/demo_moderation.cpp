#include "audit/demo/demo_moderation.h"

#include <algorithm>
#include <map>
#include <set>

#include "audit/base/error.h"
#include "audit/moderation/moderation_form.h"
#include "audit/base/random.h"
#include "audit/store/store.h"

namespace audit::moderation {

namespace {

const char* downReasons[][2] = {
    {"over-generous", "The grade does not reflect the drift in planning seen in the record."},
    {"threshold-misapplied", "Strengths were counted towards the grade although the threshold was not met."},
    {"evidence-missed", "Visits were out of timescale; this was not weighed in the grade."},
    {"recording-quality", "The case record does not evidence the child's voice in the plan."},
};
const char* upReasons[][2] = {
    {"evidence-missed", "Good direct work with the child is recorded in the case notes and was missed."},
    {"recording-quality", "The supervision record shows reflective management oversight not credited."},
};

}  // namespace

DemoModeration demoModeration(Store& store, const std::string& period, std::uint64_t seed,
                              const agreement::GradeScale& scale) {
    DemoModeration out;
    out.header = {"form_id", "domain", "moderator", "moderator_grade", "reason_code", "reason", "agreed_grade",
                  "moderated_date", "case_ref"};
    const auto drawId = store.scalar<std::int64_t>(
        "SELECT MAX(id) FROM draw WHERE kind = 'moderation' AND period = ?", period);
    if (!drawId)
        throw Error(ErrorKind::Data, store.name(), "",
                    "no moderation draw for period " + period + " (run audit-reconcile sample --period " + period +
                        " first)");
    out.drawId = *drawId;
    struct Member {
        std::int64_t order = 0, auditId = 0;
        std::string formId, auditor, moderator, caseRef;
    };
    std::vector<Member> members;
    for (const auto& r : store.query(
             "SELECT m.draw_order, m.audit_id, a.form_id, a.auditor, al.auditor AS moderator, a.case_ref FROM draw_member m "
             "JOIN audit a ON a.id = m.audit_id LEFT JOIN allocation al ON al.draw_id = m.draw_id AND "
             "al.case_ref = m.case_ref AND al.role = 'moderator' WHERE m.draw_id = ?",
             *drawId))
        members.push_back({r.optInteger("draw_order").value_or(0), r.integer("audit_id"), r.text("form_id"),
                           r.text("auditor"), r.text("moderator"), r.text("case_ref")});
    std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
        return a.order != b.order ? a.order < b.order : a.formId < b.formId;
    });
    // the generous auditors: one or two of the period's auditors, by the seed
    std::set<std::string> auditorSet;
    for (const auto& r : store.query("SELECT DISTINCT auditor FROM audit_latest WHERE period = ?", period))
        auditorSet.insert(r.text("auditor"));
    std::vector<std::string> auditors(auditorSet.begin(), auditorSet.end());
    std::uint64_t mixed = seed ^ 0x9E3779B97F4A7C15ull;  // each period its own stream under one --seed
    for (unsigned char c : period) mixed = (mixed ^ c) * 0x100000001B3ull;
    Random random(mixed);
    std::vector<std::string> pool = auditors;
    random.shuffle(pool);
    const std::size_t nGenerous = pool.size() >= 6 ? 2 : std::min<std::size_t>(1, pool.size());
    std::set<std::string> generous(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(nGenerous));
    out.generousAuditors.assign(generous.begin(), generous.end());
    const std::string date = period.size() == 7 && period[5] != 'Q' ? period + "-24" : "";
    const std::vector<std::string> fallback = {"Moderator A", "Moderator B", "Moderator C"};
    const int top = static_cast<int>(scale.size()) - 1;
    for (const auto& m : members) {
        std::string moderator = m.moderator;
        if (moderator.empty()) {
            moderator = fallback[random.below(fallback.size())];
            if (moderator == m.auditor) moderator = "Moderator D";
        }
        std::vector<std::pair<std::string, int>> domains;
        for (const auto& j : store.query("SELECT domain, auditor_grade, computed_grade FROM judgement "
                                         "WHERE audit_id = ? ORDER BY domain",
                                         m.auditId)) {
            auto g = scale.parse(j.text("auditor_grade"));
            if (!g) g = scale.parse(j.text("computed_grade"));
            if (g) domains.emplace_back(j.text("domain"), static_cast<int>(*g));
        }
        if (domains.empty()) continue;
        ++out.forms;
        const bool isGenerous = generous.count(m.auditor) != 0;
        for (const auto& [domain, g] : domains) {
            int mg = g;
            const double u = random.uniform();
            if (isGenerous) {
                if (u < 0.06 && g >= 2) mg = g - 2;
                else if (u < 0.50 && g >= 1) mg = g - 1;
                else if (u < 0.53 && g < top) mg = g + 1;
            } else {
                if (u < 0.78) mg = g;
                else if (u < 0.89) mg = g - 1;
                else if (u < 0.98) mg = g + 1;
                else mg = g + (random.chance(0.5) ? 2 : -2);
            }
            mg = std::clamp(mg, 0, top);
            int agreed = mg;
            if (mg != g && std::abs(mg - g) == 1 && random.chance(0.12)) agreed = g;  // the auditor's case upheld
            std::string code, reason;
            if (mg != g || agreed != g) {
                const auto& r = mg < g ? downReasons[random.below(4)] : upReasons[random.below(2)];
                code = r[0];
                reason = r[1];
            } else {
                code = "agreed";
            }
            out.rows.push_back({m.formId, domain, moderator, scale.label(static_cast<std::size_t>(mg)), code, reason,
                                scale.label(static_cast<std::size_t>(agreed)), date, m.caseRef});
        }
    }
    return out;
}

std::vector<std::string> writeDemoModerationForms(Store& store, const Catalogue& catalogue, const DemoModeration& demo,
                                                  const std::string& dir) {
    // columns: form_id, domain, moderator, moderator_grade, reason_code, reason, agreed_grade, moderated_date, case_ref
    std::map<std::pair<std::string, std::string>, const std::vector<std::string>*> byDomain;
    for (const auto& r : demo.rows) byDomain[{r[0], r[1]}] = &r;
    std::vector<ModerationForm> forms;
    for (ModerationForm f : loadDrawForms(store, catalogue, demo.drawId)) {
        bool any = false;
        for (auto& d : f.domains) {
            auto it = byDomain.find({f.auditFormId, d.domain});
            if (it == byDomain.end()) continue;
            const auto& r = *it->second;
            any = true;
            f.moderator = r[2];
            d.moderatorGrade = r[3];
            d.reasonCode = r[4];
            d.reason = r[5];
            d.agreedGrade = r[6];
            f.moderatedDate = r[7];
        }
        if (any) forms.push_back(std::move(f));
    }
    return writeForms(forms, catalogue, dir);
}

}  // namespace audit::moderation
