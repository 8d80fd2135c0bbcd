#include "audit/moderation/moderation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "audit/io/csv.h"
#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/base/hash.h"
#include "audit/base/paths.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "audit/base/text.h"

namespace audit::moderation {

using agreement::ConfusionTable;
using agreement::GradeScale;

namespace {

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
    if (a && !text::trimmed(*a).empty())
        if (auto g = scale.parse(text::trimmed(*a))) return g;
    if (b && !text::trimmed(*b).empty())
        if (auto g = scale.parse(text::trimmed(*b))) return g;
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
        m.name = text::trimmed(t.rows[i][static_cast<std::size_t>(name)]);
        m.capacity = defaultCapacity;
        if (m.name.empty()) problems.push_back({path, t.place(i), "the moderator's name is blank"});
        else if (!seen.insert(m.name).second)
            problems.push_back({path, t.place(i), "moderator '" + m.name + "' is listed twice"});
        if (cap >= 0) {
            const std::string c = text::trimmed(t.rows[i][static_cast<std::size_t>(cap)]);
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

PairSet loadPairs(Store& store, const AccuracyOptions& options, const Catalogue& catalogue) {
    struct Raw {
        Pair pair;
        std::string framework;
        std::optional<std::string> auditorGrade, computedGrade, moderatorGrade;
    };
    std::vector<Raw> raws;
    std::set<std::string> frameworks;
    std::map<std::string, std::string> frameworkOf;  // framework_id \x1f template \x1f version → framework
    for (const auto& r : store.query(
             "SELECT m.domain, m.period, m.moderator_grade, a.auditor, a.team, a.framework_id, a.template_id, "
             "a.template_version, j.auditor_grade, j.computed_grade "
             "FROM moderation_latest m JOIN audit a ON a.id = m.audit_id "
             "JOIN judgement j ON j.audit_id = m.audit_id AND j.domain = m.domain")) {
        Raw x;
        x.pair.domain = r.text("domain");
        x.pair.period = r.text("period");
        if (options.from && x.pair.period < *options.from) continue;
        if (options.to && x.pair.period > *options.to) continue;
        if (options.by != "domain" && options.domain != "all" && x.pair.domain != options.domain) continue;
        const std::string key = r.text("framework_id") + "\x1f" + r.text("template_id") + "\x1f" + r.text("template_version");
        auto it = frameworkOf.find(key);
        if (it == frameworkOf.end())
            it = frameworkOf
                     .emplace(key, auditFramework(catalogue, r.text("framework_id"), r.text("template_id"),
                                                  r.text("template_version")))
                     .first;
        x.framework = it->second;
        x.pair.auditor = r.text("auditor");
        x.pair.team = r.text("team");
        x.auditorGrade = r.optText("auditor_grade");
        x.computedGrade = r.optText("computed_grade");
        x.moderatorGrade = r.optText("moderator_grade");
        frameworks.insert(x.framework);
        raws.push_back(std::move(x));
    }
    PairSet out;
    if (!options.framework.empty()) {
        out.framework = options.framework;
    } else if (frameworks.size() > 1) {
        std::string names;
        for (const auto& f : frameworks) names += (names.empty() ? "" : ", ") + f;
        throw Error(ErrorKind::Usage, "the moderated audits of this selection were graded on several frameworks (" +
                                          names + "): choose one with --framework");
    } else {
        out.framework = frameworks.empty() ? "ofsted-four-point" : *frameworks.begin();
    }
    out.scale = frameworkScale(catalogue, out.framework);
    for (auto& x : raws) {
        if (x.framework != out.framework) continue;
        const auto ag = gradeOf(out.scale, x.auditorGrade, x.computedGrade);
        const auto mg = gradeOf(out.scale, x.moderatorGrade);
        if (!ag || !mg) continue;
        x.pair.auditorGrade = *ag;
        x.pair.moderatorGrade = *mg;
        out.pairs.push_back(std::move(x.pair));
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
