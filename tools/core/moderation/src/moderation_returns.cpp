// Moderation returns (audit/moderation.h): the rules CSV returns and XLSX moderation forms share, and storing.
#include <algorithm>
#include <cctype>
#include <set>

#include "audit/io/csv.h"
#include "audit/base/date.h"
#include "audit/base/hash.h"
#include "audit/moderation/moderation.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "audit/base/text.h"

namespace audit::moderation {

using agreement::GradeScale;

namespace {

std::optional<std::size_t> gradeOf(const GradeScale& scale, const std::optional<std::string>& a,
                                   const std::optional<std::string>& b) {
    if (a && !text::trimmed(*a).empty())
        if (auto g = scale.parse(text::trimmed(*a))) return g;
    if (b && !text::trimmed(*b).empty())
        if (auto g = scale.parse(text::trimmed(*b))) return g;
    return std::nullopt;
}

struct Row {
    std::string domain, moderator, moderatorGrade, agreedGrade, reasonCode, reason, mode, date;
    std::size_t modIndex = 0, agreedIndex = 0;
};

struct AuditInfo {
    std::int64_t id = 0;
    std::string period, auditor, framework, caseRef;
    GradeScale scale = GradeScale::ofsted4();
    std::map<std::string, std::optional<std::size_t>> domains;  // domain → auditor's grade index
};

std::string canonical(std::int64_t auditId, const std::vector<Row>& rows) {
    std::string s = std::to_string(auditId);
    for (const auto& r : rows)
        s += "\n" + r.domain + "\x1f" + r.moderator + "\x1f" + r.moderatorGrade + "\x1f" + r.agreedGrade + "\x1f" +
             r.reasonCode + "\x1f" + r.reason + "\x1f" + r.mode + "\x1f" + r.date;
    return s;
}

}  // namespace

// ====================================================================== frameworks

std::string auditFramework(const Catalogue& catalogue, const std::string& frameworkId, const std::string& templateId,
                           const std::string& templateVersion) {
    if (!text::trimmed(frameworkId).empty()) return text::trimmed(frameworkId);
    int version = 0;
    try {
        version = std::stoi(templateVersion);
    } catch (const std::exception&) {
    }
    if (const Template* t = catalogue.findTemplate(templateId, version > 0 ? version : 0))
        return catalogue.frameworkOf(*t).id;
    return "ofsted-four-point";
}

GradeScale frameworkScale(const Catalogue& catalogue, const std::string& frameworkId) {
    const GradeScale ofsted = GradeScale::ofsted4();
    const Framework* fw = catalogue.framework(frameworkId);
    if (!fw) return ofsted;
    std::vector<std::string> labels;
    for (const auto& g : fw->grades) labels.push_back(g.label);
    return labels == ofsted.labels() ? ofsted : GradeScale::fromFramework(*fw);
}

// ====================================================================== returns

const std::vector<ReasonCode>& reasonCodes() {
    static const std::vector<ReasonCode> codes = {
        {"evidence-missed", "Evidence missed"},
        {"over-generous", "Over-generous"},
        {"threshold-misapplied", "Threshold misapplied"},
        {"recording-quality", "Recording quality"},
        {"agreed", "Agreed"},
    };
    return codes;
}

std::optional<std::string> reasonCode(const std::string& keyOrLabel) {
    std::string k = text::lower(text::trimmed(keyOrLabel));
    for (auto& c : k)
        if (c == ' ' || c == '_') c = '-';
    for (const auto& r : reasonCodes())
        if (k == r.key) return r.key;
    return std::nullopt;
}

std::string ReturnedGrade::at(const std::string& field) const {
    auto it = places.find(field);
    return it != places.end() && !it->second.empty() ? it->second : place;
}

ImportResult importGrades(Store& store, const Catalogue& catalogue, const std::string& path, const std::string& hash,
                          const std::string& kind, std::vector<ReturnedGrade> grades, std::vector<Problem> problems) {
    std::map<std::string, std::optional<AuditInfo>> audits;
    std::map<std::string, std::vector<Row>> forms;
    std::map<std::string, std::optional<std::int64_t>> formDraw;
    std::map<std::string, std::string> formModerator;
    std::set<std::pair<std::string, std::string>> seen;
    std::string codes;
    for (const auto& r : reasonCodes()) codes += (codes.empty() ? "" : ", ") + r.key;
    // A field as the return names it: the CSV's column, or the form's heading (the cell is in the place).
    const bool form = kind == "moderation-form";
    auto name = [&](const std::string& field) -> std::string {
        if (!form) return field;
        static const std::map<std::string, std::string> words = {
            {"moderator_grade", "the moderator's grade"}, {"agreed_grade", "the agreed final grade"},
            {"reason_code", "the reason code"},           {"moderator", "the moderator's name"},
            {"moderated_date", "the date moderated"},      {"reason", "the reason"}};
        auto it = words.find(field);
        return it == words.end() ? field : it->second;
    };

    for (const ReturnedGrade& in : grades) {
        auto bad = [&](const std::string& field, const std::string& m) { problems.push_back({path, in.at(field), m}); };
        const std::string formId = text::trimmed(in.formId);
        Row r;
        r.domain = text::trimmed(in.domain);
        r.moderator = text::trimmed(in.moderator);
        r.reasonCode = text::trimmed(in.reasonCode);
        r.reason = text::trimmed(in.reason);
        r.date = text::trimmed(in.date);
        r.mode = text::lower(text::trimmed(in.mode));
        const std::string modGrade = text::trimmed(in.moderatorGrade), agreed = text::trimmed(in.agreedGrade);
        if (formId.empty()) {
            bad("form_id", "form_id is blank (the audit form's id)");
            continue;
        }
        auto it = audits.find(formId);
        if (it == audits.end()) {
            std::optional<AuditInfo> info;
            auto rows = store.query(
                "SELECT id, period, auditor, case_ref, framework_id, template_id, template_version FROM audit_latest "
                "WHERE form_id = ?",
                formId);
            if (!rows.empty()) {
                info = AuditInfo{};
                info->id = rows[0].integer("id");
                info->period = rows[0].text("period");
                info->auditor = rows[0].text("auditor");
                info->caseRef = rows[0].text("case_ref");
                info->framework = auditFramework(catalogue, rows[0].text("framework_id"), rows[0].text("template_id"),
                                                 rows[0].text("template_version"));
                info->scale = frameworkScale(catalogue, info->framework);
                for (const auto& j : store.query(
                         "SELECT domain, auditor_grade, computed_grade FROM judgement WHERE audit_id = ?", info->id))
                    info->domains[j.text("domain")] =
                        gradeOf(info->scale, j.optText("auditor_grade"), j.optText("computed_grade"));
            }
            it = audits.emplace(formId, info).first;
        }
        if (!it->second) {
            bad("form_id", "no audit with form id '" + formId + "' in the store (import the audit first)");
            continue;
        }
        const AuditInfo& a = *it->second;
        const GradeScale& scale = a.scale;
        bool ok = true;
        if (in.drawId && !formDraw.count(formId)) {
            const auto member = store.scalar<std::int64_t>(
                "SELECT COUNT(*) FROM draw d JOIN draw_member m ON m.draw_id = d.id WHERE d.id = ? AND "
                "d.kind = 'moderation' AND m.audit_id = ?",
                *in.drawId, a.id);
            if (!member || *member == 0) {
                bad("draw_id", "moderation draw " + std::to_string(*in.drawId) + " in the store did not draw audit '" +
                                   formId + "' (was the form made for another store?)");
                ok = false;
            }
        }
        formDraw.emplace(formId, in.drawId);
        if (const std::string cr = text::trimmed(in.caseRef); !cr.empty() && cr != a.caseRef) {
            bad("case_ref", "case reference '" + cr + "' is not the case of audit '" + formId + "' (its case: " +
                                a.caseRef + ")");
            ok = false;
        }
        if (r.domain.empty()) {
            bad("domain", "domain is blank");
            ok = false;
        } else if (!a.domains.count(r.domain)) {
            std::string ds;
            for (const auto& [d, g] : a.domains) ds += (ds.empty() ? "" : ", ") + d;
            bad("domain", "audit '" + formId + "' has no domain '" + r.domain + "' (its domains: " +
                              (ds.empty() ? "none" : ds) + ")");
            ok = false;
        } else if (!seen.insert({formId, r.domain}).second) {
            bad("domain", "domain '" + r.domain + "' of audit '" + formId + "' appears twice in the file");
            ok = false;
        }
        if (r.moderator.empty()) {
            bad("moderator", name("moderator") + " is blank");
            ok = false;
        } else if (r.moderator == a.auditor) {
            bad("moderator", "'" + r.moderator + "' audited '" + formId + "' and cannot moderate their own audit");
            ok = false;
        } else {
            auto fm = formModerator.emplace(formId, r.moderator).first;
            if (fm->second != r.moderator) {
                bad("moderator", "audit '" + formId + "' has two moderators in the file ('" + fm->second + "' and '" +
                                     r.moderator + "')");
                ok = false;
            }
        }
        auto grade = [&](const std::string& v, const char* what) -> std::optional<std::size_t> {
            if (v.empty()) {
                bad(what, name(what) + " is blank (expected " + scale.expected() + ")");
                return std::nullopt;
            }
            auto g = scale.parse(v);
            if (!g)
                bad(what, name(what) + " '" + v + "' is not a grade of " + a.framework + " (expected " +
                              scale.expected() + ")");
            return g;
        };
        const auto mg = grade(modGrade, "moderator_grade");
        // The agreed grade comes later than the moderator's (blind moderation): blank means awaiting agreement.
        const auto ag = agreed.empty() ? std::nullopt : grade(agreed, "agreed_grade");
        if (!mg || (!agreed.empty() && !ag)) ok = false;
        std::optional<std::string> code;
        if (!r.reasonCode.empty()) {
            code = reasonCode(r.reasonCode);
            if (!code) {
                bad("reason_code", name("reason_code") + " '" + r.reasonCode + "' is not a reason code (expected " + codes + ")");
                ok = false;
            }
        }
        if (!r.mode.empty() && r.mode != "blind" && r.mode != "open") {
            bad("mode", "mode '" + r.mode + "' is not blind or open");
            ok = false;
        }
        if (!r.date.empty() && !parseDate(r.date)) {
            bad("moderated_date", name("moderated_date") + " '" + r.date + "' is not a date (expected YYYY-MM-DD)");
            ok = false;
        }
        if (ok && ag && a.domains.count(r.domain)) {
            const auto auditorGrade = a.domains.at(r.domain);
            const bool differs = !auditorGrade || *auditorGrade != *mg || *auditorGrade != *ag;
            if (differs) {
                const std::string was = auditorGrade ? scale.label(*auditorGrade) : "no grade";
                if (!code || *code == "agreed") {
                    bad("reason_code", "the moderator's grade (" + scale.label(*mg) + ", agreed " + scale.label(*ag) +
                                           ") differs from the auditor's (" + was + "): " +
                                           (form ? "a reason code" : "a reason_code") +
                                           " other than 'agreed' is required (" + codes + ")");
                    ok = false;
                }
                if (r.reason.empty()) {
                    bad("reason", "the moderator's grade differs from the auditor's (" + was +
                                      "): the reason (in words) is required");
                    ok = false;
                }
            }
        }
        if (!ok) continue;
        r.reasonCode = code.value_or("");
        r.moderatorGrade = scale.label(*mg);
        r.agreedGrade = ag ? scale.label(*ag) : std::string();
        r.modIndex = *mg;
        r.agreedIndex = ag.value_or(0);
        forms[formId].push_back(r);
    }
    if (grades.empty() && problems.empty()) problems.push_back({path, "", "the file has no moderation grades"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);

    ImportResult result;
    result.forms = forms.size();
    store.transaction([&] {
        for (auto& [formId, rows] : forms) {
            std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) { return x.domain < y.domain; });
            const AuditInfo& a = *audits.at(formId);
            const std::string mform = "M-" + formId;
            std::optional<std::int64_t> drawId = formDraw[formId];
            if (!drawId)
                drawId = store.scalar<std::int64_t>(
                    "SELECT MAX(d.id) FROM draw d JOIN draw_member m ON m.draw_id = d.id "
                    "WHERE d.kind = 'moderation' AND m.audit_id = ?",
                    a.id);
            std::string drawMode = "blind";
            if (drawId) {
                const auto p = store.scalar<std::string>("SELECT parameters FROM draw WHERE id = ?", *drawId);
                if (p && p->find("\"mode\": \"open\"") != std::string::npos) drawMode = "open";
            }
            for (auto& r : rows)
                if (r.mode.empty()) r.mode = drawMode;
            std::vector<Row> old;
            std::int64_t oldAudit = 0, version = 0;
            for (const auto& o : store.query(
                     "SELECT audit_id, version, domain, moderator, moderator_grade, agreed_grade, reason_code, "
                     "reason, mode, moderated_date FROM moderation_latest WHERE form_id = ?",
                     mform)) {
                Row x;
                oldAudit = o.integer("audit_id");
                version = o.integer("version");
                x.domain = o.text("domain");
                x.moderator = o.text("moderator");
                x.moderatorGrade = o.text("moderator_grade");
                x.agreedGrade = o.optText("agreed_grade").value_or("");
                x.reasonCode = o.text("reason_code");
                x.reason = o.text("reason");
                x.mode = o.text("mode");
                x.date = o.text("moderated_date");
                old.push_back(x);
            }
            std::sort(old.begin(), old.end(), [](const Row& x, const Row& y) { return x.domain < y.domain; });
            // A grade the moderator gave blind stays blind when an open form (shown the auditor's grades) returns
            // it unchanged: only a grade changed in open mode is an open grade.
            for (auto& r : rows)
                for (const auto& o : old)
                    if (r.mode == "open" && o.domain == r.domain && o.mode == "blind" &&
                        o.moderatorGrade == r.moderatorGrade)
                        r.mode = "blind";
            // Numbered after every version, voided ones included (moderation_latest leaves those out).
            const std::int64_t maxVersion =
                store.scalar<std::int64_t>("SELECT MAX(version) FROM moderation WHERE form_id = ?", mform).value_or(0);
            if (version > 0 && canonical(oldAudit, old) == canonical(a.id, rows)) {
                ++result.unchanged;
                continue;
            }
            ++(version > 0 ? result.newVersions : result.imported);
            if (std::any_of(rows.begin(), rows.end(), [](const Row& x) { return x.agreedGrade.empty(); }))
                ++result.awaitingAgreement;
            const std::string now = store.now();
            for (const auto& r : rows) {
                auto opt = [](const std::string& v) {
                    return v.empty() ? std::optional<std::string>{} : std::optional<std::string>{v};
                };
                store.exec(
                    "INSERT INTO moderation (audit_id, draw_id, form_id, version, domain, moderator, "
                    "moderator_grade, moderator_rank, agreed_grade, agreed_rank, reason_code, reason, mode, "
                    "period, moderated_date, source_file, source_hash, imported_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    a.id, drawId, mform, maxVersion + 1, r.domain, r.moderator, r.moderatorGrade,
                    static_cast<std::int64_t>(r.modIndex + 1), opt(r.agreedGrade),
                    r.agreedGrade.empty() ? std::optional<std::int64_t>{}
                                          : std::optional<std::int64_t>(static_cast<std::int64_t>(r.agreedIndex + 1)),
                    opt(r.reasonCode), opt(r.reason), r.mode, a.period,
                    opt(r.date), path, hash, now);
                ++result.rows;
            }
        }
        result.outcome = result.imported ? "imported" : result.newVersions ? "new-version" : "unchanged";
        store.logImport(path, hash, kind, result.outcome,
                        std::to_string(result.forms) + " forms: " + std::to_string(result.imported) + " new, " +
                            std::to_string(result.newVersions) + " new versions, " +
                            std::to_string(result.unchanged) + " unchanged" +
                            (result.awaitingAgreement ? ", " + std::to_string(result.awaitingAgreement) +
                                                            " awaiting agreement"
                                                      : std::string()));
    });
    return result;
}

ImportResult importCsv(Store& store, const Catalogue& catalogue, const std::string& path) {
    const std::string hash = sha256File(path);
    try {
        const csv::Table t = csv::readFile(path);
        std::vector<Problem> problems;
        auto col = [&](const char* name, bool required) {
            const int c = t.column(name);
            if (c < 0 && required)
                problems.push_back({path, "line 1", std::string("no column '") + name +
                                                        "' (expected form_id, case_ref, domain, moderator, "
                                                        "moderator_grade, reason_code, reason, agreed_grade)"});
            return c;
        };
        const int cForm = col("form_id", true), cDomain = col("domain", true), cMod = col("moderator", true),
                  cModGrade = col("moderator_grade", true), cCode = col("reason_code", true),
                  cReason = col("reason", true), cAgreed = col("agreed_grade", true),
                  cDate = col("moderated_date", false), cMode = col("mode", false), cCase = col("case_ref", false);
        if (!problems.empty()) throw Error(ErrorKind::Data, problems);
        auto field = [&](std::size_t row, int c) {
            return c < 0 ? std::string() : text::trimmed(t.rows[row][static_cast<std::size_t>(c)]);
        };
        std::vector<ReturnedGrade> grades;
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            ReturnedGrade g;
            g.place = t.place(i);
            g.formId = field(i, cForm);
            g.caseRef = field(i, cCase);
            g.domain = field(i, cDomain);
            g.moderator = field(i, cMod);
            g.moderatorGrade = field(i, cModGrade);
            g.reasonCode = field(i, cCode);
            g.reason = field(i, cReason);
            g.agreedGrade = field(i, cAgreed);
            g.date = field(i, cDate);
            g.mode = field(i, cMode);
            grades.push_back(std::move(g));
        }
        if (grades.empty()) problems.push_back({path, "", "the file has no moderation rows"});
        return importGrades(store, catalogue, path, hash, "moderation-return", std::move(grades), std::move(problems));
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Data && !store.inTransaction())
            store.logImport(path, hash, "moderation-return", "rejected", e.what());
        throw;
    }
}

}  // namespace audit::moderation
