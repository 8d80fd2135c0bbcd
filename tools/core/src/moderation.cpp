#include "audit/moderation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "audit/csv.h"
#include "audit/date.h"
#include "audit/error.h"
#include "audit/hash.h"
#include "audit/paths.h"
#include "audit/store.h"

namespace audit::moderation {

using agreement::ConfusionTable;
using agreement::GradeScale;

namespace {

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string number(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", x);
    return buf;
}

std::optional<std::size_t> gradeOf(const GradeScale& scale, const std::optional<std::string>& a,
                                   const std::optional<std::string>& b = std::nullopt) {
    if (a && !trim(*a).empty())
        if (auto g = scale.parse(trim(*a))) return g;
    if (b && !trim(*b).empty())
        if (auto g = scale.parse(trim(*b))) return g;
    return std::nullopt;
}

}  // namespace

// ====================================================================== sample

double SamplePolicy::weight(std::optional<std::size_t> grade) const {
    if (!grade || *grade >= weightByGrade.size()) return 1.0;
    return weightByGrade[*grade];
}

Sample drawSample(const std::vector<Candidate>& candidates, const SamplePolicy& policy, Random& random) {
    if (!(policy.fraction >= 0 && policy.fraction <= 1))
        throw Error(ErrorKind::Usage, "the moderation fraction must be between 0 and 1");
    for (double w : policy.weightByGrade)
        if (!(w > 0)) throw Error(ErrorKind::Usage, "oversampling factors must be greater than 0");
    const std::size_t N = candidates.size();
    Sample s;
    if (N == 0) return s;
    s.target = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(policy.fraction * N - 1e-9)));
    std::vector<bool> taken(N, false);
    auto take = [&](std::size_t i, double pi, const char* reason) {
        taken[i] = true;
        s.selected.push_back({i, std::min(1.0, std::max(pi, 1e-12)), reason});
    };
    // 1. every audit of the grades always moderated
    for (std::size_t i = 0; i < N; ++i)
        if (candidates[i].overall &&
            std::find(policy.always.begin(), policy.always.end(), *candidates[i].overall) != policy.always.end())
            take(i, 1.0, "always");
    // 2. the minimum per auditor
    std::map<std::string, std::vector<std::size_t>> byAuditor;
    for (std::size_t i = 0; i < N; ++i) byAuditor[candidates[i].auditor].push_back(i);
    for (const auto& [auditor, idx] : byAuditor) {
        std::size_t have = 0;
        for (std::size_t i : idx) have += taken[i] ? 1 : 0;
        while (have < policy.minPerAuditor) {
            std::vector<std::size_t> left;
            std::vector<double> w;
            for (std::size_t i : idx)
                if (!taken[i]) {
                    left.push_back(i);
                    w.push_back(policy.weight(candidates[i].overall));
                }
            if (left.empty()) break;
            double total = 0;
            for (double x : w) total += x;
            const std::size_t need = policy.minPerAuditor - have;
            const std::size_t k = random.weighted(w);
            take(left[k], static_cast<double>(need) * w[k] / total, "min-per-auditor");
            ++have;
        }
    }
    // 3. up to the fraction, weighted by grade
    if (s.selected.size() < s.target) {
        std::vector<std::size_t> left;
        for (std::size_t i = 0; i < N; ++i)
            if (!taken[i]) left.push_back(i);
        std::vector<double> w;
        double total = 0;
        for (std::size_t i : left) {
            w.push_back(policy.weight(candidates[i].overall));
            total += w.back();
        }
        const std::size_t m = std::min(left.size(), s.target - s.selected.size());
        std::vector<double> pi;
        for (double x : w) pi.push_back(static_cast<double>(m) * x / total);
        for (std::size_t r = 0; r < m; ++r) {
            const std::size_t k = random.weighted(w);
            take(left[k], pi[k], "fraction");
            w[k] = 0;
        }
    }
    return s;
}

std::vector<Candidate> loadCandidates(Store& store, const std::string& period, const GradeScale& scale) {
    std::map<std::string, Candidate> byCase;  // the latest audit of each case
    std::map<std::string, std::int64_t> idOf;
    for (const auto& r : store.query(
             "SELECT a.id, a.form_id, a.case_ref, a.auditor, a.team, j.auditor_grade, j.computed_grade "
             "FROM audit_latest a LEFT JOIN judgement j ON j.audit_id = a.id AND j.domain = '_overall' "
             "WHERE a.period = ?",
             period)) {
        Candidate c;
        c.auditId = r.integer("id");
        c.formId = r.text("form_id");
        c.caseRef = r.text("case_ref");
        c.auditor = r.text("auditor");
        c.team = r.text("team");
        c.overall = gradeOf(scale, r.optText("auditor_grade"), r.optText("computed_grade"));
        auto it = byCase.find(c.caseRef);
        if (it == byCase.end() || it->second.auditId < c.auditId) byCase[c.caseRef] = c;
    }
    std::vector<Candidate> out;
    for (auto& [k, c] : byCase) out.push_back(std::move(c));
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.formId < b.formId; });
    return out;
}

std::vector<Moderator> readRoster(const std::string& path, std::size_t defaultCapacity) {
    const csv::Table t = csv::readFile(path);
    int name = t.column("moderator");
    if (name < 0) name = t.column("name");
    const int cap = t.column("capacity");
    if (name < 0) throw Error(ErrorKind::Data, path, "line 1", "no column 'moderator' (or 'name') in the roster");
    std::vector<Moderator> out;
    std::vector<Problem> problems;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        Moderator m;
        m.name = trim(t.rows[i][static_cast<std::size_t>(name)]);
        m.capacity = defaultCapacity;
        if (m.name.empty()) problems.push_back({path, t.place(i), "the moderator's name is blank"});
        else if (!seen.insert(m.name).second)
            problems.push_back({path, t.place(i), "moderator '" + m.name + "' is listed twice"});
        if (cap >= 0) {
            const std::string c = trim(t.rows[i][static_cast<std::size_t>(cap)]);
            if (!c.empty()) {
                char* end = nullptr;
                const long v = std::strtol(c.c_str(), &end, 10);
                if (*end != 0 || v < 0)
                    problems.push_back({path, t.place(i), "capacity '" + c + "' is not a whole number >= 0"});
                else
                    m.capacity = static_cast<std::size_t>(v);
            }
        }
        out.push_back(m);
    }
    if (out.empty() && problems.empty()) problems.push_back({path, "", "the roster lists no moderator"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    return out;
}

std::vector<std::string> allocateModerators(const std::vector<Candidate>& candidates, const Sample& sample,
                                            const std::vector<Moderator>& moderators) {
    std::vector<Auditor> roster;
    for (const auto& m : moderators) roster.push_back(Auditor{m.name, {"(moderator)"}, m.capacity, {}, m.name});  // no case has that team
    std::vector<CaseForAudit> cases;
    for (const auto& s : sample.selected) {
        const Candidate& c = candidates[s.candidate];
        cases.push_back(CaseForAudit{c.caseRef, "", "", c.auditor});
    }
    const AuditorAllocation a = allocateAuditors(cases, roster);
    std::vector<std::string> out;
    for (std::size_t k : a.auditorOf) out.push_back(roster[k].name);
    return out;
}

std::int64_t recordDraw(Store& store, const std::string& period, std::uint64_t seed, const SamplePolicy& policy,
                        const GradeScale& scale, const std::vector<Candidate>& candidates, const Sample& sample,
                        const std::vector<std::string>& moderatorOf) {
    std::string params = "{\"framework\": " + jsonString(policy.framework) + ", \"fraction\": " + number(policy.fraction) +
                         ", \"min_per_auditor\": " + std::to_string(policy.minPerAuditor) + ", \"always\": [";
    for (std::size_t k = 0; k < policy.always.size(); ++k)
        params += (k ? ", " : "") + jsonString(scale.label(policy.always[k]));
    params += "], \"weights\": {";
    for (std::size_t g = 0; g < scale.size(); ++g)
        params += (g ? ", " : "") + jsonString(scale.label(g)) + ": " + number(policy.weight(g));
    params += "}, \"mode\": \"" + std::string(policy.blind ? "blind" : "open") + "\", \"target\": " +
              std::to_string(sample.target) +
              ", \"inclusion_probability\": \"first-order approximation: 1 (always), w/sum w of the auditor's "
              "audits (minimum per auditor), m*w/sum w (fraction)\"}";
    return store.transaction([&] {
        const std::int64_t id = store.insertReturningId(
            "INSERT INTO draw (kind, period, created_at, seed, algorithm, parameters, frame_source, frame_rows, "
            "frame_size, sample_size, tool_version) VALUES ('moderation', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            period, store.now(), std::to_string(seed),
            std::string(Random::algorithm()) + "; moderation sample: always-moderated grades, minimum per auditor, "
                                               "then weighted by grade without replacement",
            params, "store: audit_latest, period " + period, static_cast<std::int64_t>(candidates.size()),
            static_cast<std::int64_t>(candidates.size()), static_cast<std::int64_t>(sample.selected.size()),
            toolkitVersion());
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> strata;
        for (const auto& c : candidates) strata["auditor=" + c.auditor].first++;
        for (const auto& s : sample.selected) strata["auditor=" + candidates[s.candidate].auditor].second++;
        std::vector<std::int64_t> ids;
        std::vector<std::string> keys;
        std::vector<std::int64_t> pops, ns;
        for (const auto& [k, v] : strata) {
            ids.push_back(id);
            keys.push_back(k);
            pops.push_back(v.first);
            ns.push_back(v.second);
        }
        store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, ?, ?, ?)", ids, keys,
                   pops, ns);
        for (std::size_t k = 0; k < sample.selected.size(); ++k) {
            const Selected& s = sample.selected[k];
            const Candidate& c = candidates[s.candidate];
            store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight, "
                       "draw_order, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       id, c.caseRef, "auditor=" + c.auditor, s.inclusionProbability, 1.0 / s.inclusionProbability,
                       static_cast<std::int64_t>(k + 1), c.auditId);
            if (k < moderatorOf.size())
                store.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) "
                           "VALUES (?, ?, 'moderator', ?, ?)",
                           id, c.caseRef, moderatorOf[k], store.now());
        }
        return id;
    });
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
    std::string k = lower(trim(keyOrLabel));
    for (auto& c : k)
        if (c == ' ' || c == '_') c = '-';
    for (const auto& r : reasonCodes())
        if (k == r.key) return r.key;
    return std::nullopt;
}

namespace {

struct ReturnRow {
    std::string domain, moderator, moderatorGrade, agreedGrade, reasonCode, reason, mode, date;
    std::size_t modIndex = 0, agreedIndex = 0;
};

struct AuditInfo {
    std::int64_t id = 0;
    std::string period, auditor;
    std::map<std::string, std::optional<std::size_t>> domains;  // domain → auditor's grade index
};

std::string canonical(std::int64_t auditId, const std::vector<ReturnRow>& rows) {
    std::string s = std::to_string(auditId);
    for (const auto& r : rows)
        s += "\n" + r.domain + "\x1f" + r.moderator + "\x1f" + r.moderatorGrade + "\x1f" + r.agreedGrade + "\x1f" +
             r.reasonCode + "\x1f" + r.reason + "\x1f" + r.mode + "\x1f" + r.date;
    return s;
}

}  // namespace

ImportResult importCsv(Store& store, const std::string& path, const GradeScale& scale) {
    const std::string hash = sha256File(path);
    try {
        const csv::Table t = csv::readFile(path);
        std::vector<Problem> problems;
        auto col = [&](const char* name, bool required) {
            const int c = t.column(name);
            if (c < 0 && required)
                problems.push_back({path, "line 1", std::string("no column '") + name +
                                                        "' (expected form_id, domain, moderator, moderator_grade, "
                                                        "reason_code, reason, agreed_grade)"});
            return c;
        };
        const int cForm = col("form_id", true), cDomain = col("domain", true), cMod = col("moderator", true),
                  cModGrade = col("moderator_grade", true), cCode = col("reason_code", true),
                  cReason = col("reason", true), cAgreed = col("agreed_grade", true),
                  cDate = col("moderated_date", false), cMode = col("mode", false);
        if (!problems.empty()) throw Error(ErrorKind::Data, problems);
        auto field = [&](std::size_t row, int c) {
            return c < 0 ? std::string() : trim(t.rows[row][static_cast<std::size_t>(c)]);
        };

        std::map<std::string, std::optional<AuditInfo>> audits;
        std::map<std::string, std::vector<ReturnRow>> forms;
        std::map<std::string, std::string> formModerator;
        std::set<std::pair<std::string, std::string>> seen;
        std::string codes;
        for (const auto& r : reasonCodes()) codes += (codes.empty() ? "" : ", ") + r.key;

        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            const std::string place = t.place(i);
            auto bad = [&](const std::string& m) { problems.push_back({path, place, m}); };
            const std::string formId = field(i, cForm);
            ReturnRow r;
            r.domain = field(i, cDomain);
            r.moderator = field(i, cMod);
            r.reasonCode = field(i, cCode);
            r.reason = field(i, cReason);
            r.date = field(i, cDate);
            r.mode = lower(field(i, cMode));
            const std::string modGrade = field(i, cModGrade), agreed = field(i, cAgreed);
            if (formId.empty()) {
                bad("form_id is blank (the audit form's id)");
                continue;
            }
            auto it = audits.find(formId);
            if (it == audits.end()) {
                std::optional<AuditInfo> info;
                auto rows = store.query("SELECT id, period, auditor FROM audit_latest WHERE form_id = ?", formId);
                if (!rows.empty()) {
                    info = AuditInfo{rows[0].integer("id"), rows[0].text("period"), rows[0].text("auditor"), {}};
                    for (const auto& j : store.query(
                             "SELECT domain, auditor_grade, computed_grade FROM judgement WHERE audit_id = ?",
                             info->id))
                        info->domains[j.text("domain")] =
                            gradeOf(scale, j.optText("auditor_grade"), j.optText("computed_grade"));
                }
                it = audits.emplace(formId, info).first;
            }
            if (!it->second) {
                bad("no audit with form id '" + formId + "' in the store (import the audit first)");
                continue;
            }
            const AuditInfo& a = *it->second;
            bool ok = true;
            if (r.domain.empty()) {
                bad("domain is blank");
                ok = false;
            } else if (!a.domains.count(r.domain)) {
                std::string ds;
                for (const auto& [d, g] : a.domains) ds += (ds.empty() ? "" : ", ") + d;
                bad("audit '" + formId + "' has no domain '" + r.domain + "' (its domains: " +
                    (ds.empty() ? "none" : ds) + ")");
                ok = false;
            } else if (!seen.insert({formId, r.domain}).second) {
                bad("domain '" + r.domain + "' of audit '" + formId + "' appears twice in the file");
                ok = false;
            }
            if (r.moderator.empty()) {
                bad("moderator is blank");
                ok = false;
            } else if (r.moderator == a.auditor) {
                bad("'" + r.moderator + "' audited '" + formId + "' and cannot moderate their own audit");
                ok = false;
            } else {
                auto fm = formModerator.emplace(formId, r.moderator).first;
                if (fm->second != r.moderator) {
                    bad("audit '" + formId + "' has two moderators in the file ('" + fm->second + "' and '" +
                        r.moderator + "')");
                    ok = false;
                }
            }
            auto grade = [&](const std::string& v, const char* what) -> std::optional<std::size_t> {
                if (v.empty()) {
                    bad(std::string(what) + " is blank (expected " + scale.expected() + ")");
                    return std::nullopt;
                }
                auto g = scale.parse(v);
                if (!g) bad(std::string(what) + " '" + v + "' is not a grade (expected " + scale.expected() + ")");
                return g;
            };
            const auto mg = grade(modGrade, "moderator_grade");
            const auto ag = grade(agreed, "agreed_grade");
            if (!mg || !ag) ok = false;
            std::optional<std::string> code;
            if (!r.reasonCode.empty()) {
                code = reasonCode(r.reasonCode);
                if (!code) {
                    bad("reason_code '" + r.reasonCode + "' is not a reason code (expected " + codes + ")");
                    ok = false;
                }
            }
            if (!r.mode.empty() && r.mode != "blind" && r.mode != "open") {
                bad("mode '" + r.mode + "' is not blind or open");
                ok = false;
            }
            if (!r.date.empty() && !parseDate(r.date)) {
                bad("moderated_date '" + r.date + "' is not a date (expected YYYY-MM-DD)");
                ok = false;
            }
            if (ok && a.domains.count(r.domain)) {
                const auto auditorGrade = a.domains.at(r.domain);
                const bool differs = !auditorGrade || *auditorGrade != *mg || *auditorGrade != *ag;
                if (differs) {
                    const std::string was = auditorGrade ? scale.label(*auditorGrade) : "no grade";
                    if (!code || *code == "agreed") {
                        bad("the moderator's grade (" + scale.label(*mg) + ", agreed " + scale.label(*ag) +
                            ") differs from the auditor's (" + was + "): a reason_code other than 'agreed' is "
                            "required (" + codes + ")");
                        ok = false;
                    }
                    if (r.reason.empty()) {
                        bad("the moderator's grade differs from the auditor's (" + was +
                            "): the reason (in words) is required");
                        ok = false;
                    }
                }
            }
            if (!ok) continue;
            r.reasonCode = code.value_or("");
            r.moderatorGrade = scale.label(*mg);
            r.agreedGrade = scale.label(*ag);
            r.modIndex = *mg;
            r.agreedIndex = *ag;
            forms[formId].push_back(r);
        }
        if (t.rows.empty()) problems.push_back({path, "", "the file has no moderation rows"});
        if (!problems.empty()) throw Error(ErrorKind::Data, problems);

        ImportResult result;
        result.forms = forms.size();
        store.transaction([&] {
            for (auto& [formId, rows] : forms) {
                std::sort(rows.begin(), rows.end(),
                          [](const ReturnRow& x, const ReturnRow& y) { return x.domain < y.domain; });
                const AuditInfo& a = *audits.at(formId);
                const std::string mform = "M-" + formId;
                const auto drawId = store.scalar<std::int64_t>(
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
                std::vector<ReturnRow> old;
                std::int64_t oldAudit = 0, version = 0;
                for (const auto& o : store.query(
                         "SELECT audit_id, version, domain, moderator, moderator_grade, agreed_grade, reason_code, "
                         "reason, mode, moderated_date FROM moderation_latest WHERE form_id = ?",
                         mform)) {
                    ReturnRow x;
                    oldAudit = o.integer("audit_id");
                    version = o.integer("version");
                    x.domain = o.text("domain");
                    x.moderator = o.text("moderator");
                    x.moderatorGrade = o.text("moderator_grade");
                    x.agreedGrade = o.text("agreed_grade");
                    x.reasonCode = o.text("reason_code");
                    x.reason = o.text("reason");
                    x.mode = o.text("mode");
                    x.date = o.text("moderated_date");
                    old.push_back(x);
                }
                std::sort(old.begin(), old.end(),
                          [](const ReturnRow& x, const ReturnRow& y) { return x.domain < y.domain; });
                if (version > 0 && canonical(oldAudit, old) == canonical(a.id, rows)) {
                    ++result.unchanged;
                    continue;
                }
                ++(version > 0 ? result.newVersions : result.imported);
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
                        a.id, drawId, mform, version + 1, r.domain, r.moderator, r.moderatorGrade,
                        static_cast<std::int64_t>(r.modIndex + 1), r.agreedGrade,
                        static_cast<std::int64_t>(r.agreedIndex + 1), opt(r.reasonCode), opt(r.reason), r.mode,
                        a.period, opt(r.date), path, hash, now);
                    ++result.rows;
                }
            }
            result.outcome = result.imported ? "imported" : result.newVersions ? "new-version" : "unchanged";
            store.logImport(path, hash, "moderation-return", result.outcome,
                            std::to_string(result.forms) + " forms: " + std::to_string(result.imported) +
                                " new, " + std::to_string(result.newVersions) + " new versions, " +
                                std::to_string(result.unchanged) + " unchanged");
        });
        return result;
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Data && !store.inTransaction())
            store.logImport(path, hash, "moderation-return", "rejected", e.what());
        throw;
    }
}

// ====================================================================== accuracy

double signTestUpper(std::uint64_t down, std::uint64_t up) {
    const std::uint64_t n = down + up;
    if (n == 0) return 1.0;
    double p = 0;
    for (std::uint64_t x = down; x <= n; ++x)
        p += std::exp(std::lgamma(n + 1.0) - std::lgamma(x + 1.0) - std::lgamma(n - x + 1.0) - n * std::log(2.0));
    return std::min(1.0, p);
}

std::vector<Pair> loadPairs(Store& store, const AccuracyOptions& options, const GradeScale& scale) {
    std::vector<Pair> out;
    for (const auto& r : store.query(
             "SELECT m.domain, m.period, m.moderator_grade, a.auditor, a.team, j.auditor_grade, j.computed_grade "
             "FROM moderation_latest m JOIN audit a ON a.id = m.audit_id "
             "JOIN judgement j ON j.audit_id = m.audit_id AND j.domain = m.domain")) {
        Pair p;
        p.domain = r.text("domain");
        p.period = r.text("period");
        if (options.from && p.period < *options.from) continue;
        if (options.to && p.period > *options.to) continue;
        if (options.by != "domain" && options.domain != "all" && p.domain != options.domain) continue;
        const auto ag = gradeOf(scale, r.optText("auditor_grade"), r.optText("computed_grade"));
        const auto mg = gradeOf(scale, r.optText("moderator_grade"));
        if (!ag || !mg) continue;
        p.auditor = r.text("auditor");
        p.team = r.text("team");
        p.auditorGrade = *ag;
        p.moderatorGrade = *mg;
        out.push_back(std::move(p));
    }
    return out;
}

AccuracyRow accuracyRow(std::string group, std::string period, const ConfusionTable& table, std::size_t minN) {
    AccuracyRow row;
    row.group = std::move(group);
    row.period = std::move(period);
    row.table = table;
    row.exact = agreement::exactAgreement(table);
    row.withinOne = agreement::withinOneAgreement(table);
    const auto shift = agreement::moderationShift(table);
    row.down = shift.down;
    row.up = shift.up;
    if (table.n() < minN) {
        const std::string why = "fewer than " + std::to_string(minN) + " pairs";
        row.kappaLinear.reason = why;
        row.ac2.reason = why;
    } else {
        row.kappaLinear = agreement::cohenKappa(table, agreement::Weighting::Linear);
        row.ac2 = agreement::gwetAC(table, agreement::Weighting::GwetOrdinal);
    }
    return row;
}

Accuracy accuracy(const std::vector<Pair>& pairs, const AccuracyOptions& options, std::size_t q) {
    static const std::set<std::string> bys = {"auditor", "team", "domain", "period"};
    if (!bys.count(options.by))
        throw Error(ErrorKind::Usage, "--by must be one of auditor, team, domain, period, not '" + options.by + "'");
    Accuracy acc;
    acc.options = options;
    std::map<std::string, std::map<std::string, ConfusionTable>> cells;
    std::set<std::string> periods;
    for (const auto& p : pairs) {
        const std::string& g = options.by == "auditor" ? p.auditor
                               : options.by == "team"  ? p.team
                               : options.by == "domain" ? p.domain
                                                        : p.period;
        auto& byPeriod = cells[g];
        auto it = byPeriod.try_emplace(p.period, q).first;
        it->second.add(p.auditorGrade, p.moderatorGrade);
        periods.insert(p.period);
    }
    acc.periods.assign(periods.begin(), periods.end());
    // "stays below the threshold over the last k periods": only when the range has k periods
    const std::size_t k = acc.periods.size() >= options.periods ? options.periods : 0;
    const std::vector<std::string> lastK(acc.periods.end() - static_cast<std::ptrdiff_t>(k), acc.periods.end());
    for (const auto& [g, byPeriod] : cells) {
        acc.groups.push_back(g);
        ConfusionTable all(q), recent(q);
        for (const auto& [period, t] : byPeriod) {
            acc.rows.push_back(accuracyRow(g, period, t, options.minN));
            all += t;
            if (std::find(lastK.begin(), lastK.end(), period) != lastK.end()) recent += t;
        }
        if (options.by != "period") acc.rows.push_back(accuracyRow(g, "all", all, options.minN));
        if (options.by == "period") continue;
        char buf[512];
        const auto ex = agreement::exactAgreement(recent);
        if (k > 0 && ex.n >= options.minN && ex.value && *ex.value < options.threshold) {
            std::snprintf(buf, sizeof buf,
                          "exact agreement %.1f%% (%llu of %llu, 95%% CI %.1f%%-%.1f%%) over the last %zu "
                          "period(s) %s..%s, below the threshold of %.0f%%",
                          100 * *ex.value, static_cast<unsigned long long>(ex.successes),
                          static_cast<unsigned long long>(ex.n), 100 * ex.low.value_or(0), 100 * ex.high.value_or(0),
                          k, lastK.front().c_str(), lastK.back().c_str(), 100 * options.threshold);
            acc.flags.push_back({g, "below-threshold", buf, ex.n, *ex.value, std::nullopt});
        }
        const auto shift = agreement::moderationShift(all);
        if (shift.down > shift.up) {
            const double p = signTestUpper(shift.down, shift.up);
            if (p < options.alpha) {
                const double share = static_cast<double>(shift.down) / static_cast<double>(all.n());
                std::snprintf(buf, sizeof buf,
                              "moderated down in %llu of %llu (%.1f%%) and up in %llu; one-sided sign test "
                              "p = %.4f: systematically generous",
                              static_cast<unsigned long long>(shift.down), static_cast<unsigned long long>(all.n()),
                              100 * share, static_cast<unsigned long long>(shift.up), p);
                acc.flags.push_back({g, "generous", buf, all.n(), share, p});
            }
        }
    }
    return acc;
}

}  // namespace audit::moderation
