#include "audit/report/report_data.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "audit/base/date.h"
#include "audit/sampling/estimate.h"

namespace audit::report {

std::string ReportData::gradeLabel(int rank) const {
    auto it = gradeLabels.find(rank);
    if (it != gradeLabels.end()) return it->second;
    static const char* defaults[] = {"Inadequate", "Requires improvement", "Good", "Outstanding"};
    return rank >= 1 && rank <= kRanks ? defaults[rank - 1] : "";
}

void ReportData::index() {
    for (auto& a : audits) {
        auto p = parsePeriod(a.period);
        if (p && p->firstMonth == p->lastMonth) a.month = p->firstMonth;
        else if (auto m = monthOfDate(a.completedDate)) a.month = *m;
        else if (p) a.month = p->lastMonth;
        else a.month = 0;
    }
    // A counting sort by audit, each audit's judgements in their own order.
    firstOf_.assign(audits.size() + 1, 0);
    for (const JudgementRow& j : judgements) ++firstOf_[j.audit + 1];
    for (std::size_t a = 0; a < audits.size(); ++a) firstOf_[a + 1] += firstOf_[a];
    byAudit_.assign(judgements.size(), 0);
    std::vector<std::size_t> next(firstOf_.begin(), firstOf_.end() - 1);
    for (std::size_t i = 0; i < judgements.size(); ++i) byAudit_[next[judgements[i].audit]++] = i;
}

JudgementGrades::JudgementGrades(const ReportData& data, const ReportDefinition& def) {
    std::unordered_map<Symbol, std::uint32_t> domainIndex;
    std::vector<std::pair<Symbol, bool>> good;  // grade label -> good or better (a handful: decide each once)
    auto isGood = [&](Symbol grade, int rank) {
        if (grade.empty()) return goodOrBetter(def, grade, rank);
        for (const auto& [label, g] : good)
            if (label == grade) return g;
        good.emplace_back(grade, goodOrBetter(def, grade, rank));
        return good.back().second;
    };
    auto small = [](int rank) { return static_cast<std::int8_t>(std::clamp(rank, -1, kRanks + 1)); };
    grades_.reserve(data.judgements.size());
    for (const JudgementRow& j : data.judgements) {
        Grade& g = grades_.emplace_back();
        auto [it, fresh] = domainIndex.try_emplace(j.domain, static_cast<std::uint32_t>(domains_.size()));
        if (fresh) domains_.push_back(j.domain);
        g.domain = it->second;
        g.finalRank = small(j.finalRank());
        g.beforeRank = small(j.beforeRank());
        g.finalGood = isGood(j.finalGrade(), j.finalRank());
        g.beforeGood = isGood(j.beforeGrade(), j.beforeRank());
    }
}

std::vector<char> JudgementGrades::wanted(const std::set<std::string>& domains) const {
    std::vector<char> out(domains_.size(), 0);
    for (const std::string& d : domains)
        if (const std::uint32_t i = domainIndex(Symbol(d)); i < out.size()) out[i] = 1;
    return out;
}

std::uint32_t JudgementGrades::domainIndex(Symbol domain) const {
    const auto it = std::find(domains_.begin(), domains_.end(), domain);
    return static_cast<std::uint32_t>(it - domains_.begin());
}

bool goodOrBetter(const ReportDefinition& def, const std::string& grade, int rank) {
    if (grade.empty()) return rank >= 3;
    return def.isGoodOrBetter(grade);
}

std::vector<std::size_t> auditsIn(const ReportData& data, const Period& period) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < data.audits.size(); ++i)
        if (period.contains(data.audits[i].month)) out.push_back(i);
    return out;
}

ShareEstimate estimateGoodOrBetter(const ReportData& data, const ReportDefinition& def,
                                   const std::vector<std::size_t>& audits, const std::set<std::string>& domains,
                                   bool beforeModeration) {
    return estimateGoodOrBetter(data, JudgementGrades(data, def), audits, domains, beforeModeration);
}

ShareEstimate estimateGoodOrBetter(const ReportData& data, const JudgementGrades& grades,
                                   const std::vector<std::size_t>& audits, const std::set<std::string>& domains,
                                   bool beforeModeration) {
    // Per group (a draw, or audits outside any draw): stratum -> (N_h, audited in stratum, values).
    struct Stratum {
        double population = 0;
        double audited = 0;
        std::vector<double> values;
    };
    std::map<std::int64_t, std::map<std::string, Stratum>> groups;  // draw id (-1: none)
    const std::vector<char> wanted = grades.wanted(domains);
    // Audits come grouped by draw and often by stratum: remember the last stratum found.
    const std::string noDraw = "(not from a draw)";
    std::int64_t lastGroup = 0;
    const std::string* lastKey = nullptr;
    Stratum* last = nullptr;
    auto stratumOf = [&](std::int64_t g, const std::string& key) -> Stratum& {
        if (last && lastGroup == g && *lastKey == key) return *last;
        auto& strata = groups[g];
        auto it = strata.find(key);
        if (it == strata.end()) it = strata.emplace(key, Stratum{}).first;
        lastGroup = g;
        lastKey = &it->first;
        last = &it->second;
        return *last;
    };
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t ai : audits) {
        const AuditRow& a = data.audits[ai];
        const std::int64_t g = a.drawId && a.inclusionProbability > 0 ? *a.drawId : -1;
        Stratum& s = stratumOf(g, g < 0 ? noDraw : a.stratum.str());
        s.audited += 1;
        if (g >= 0) s.population = a.stratumPopulation > 0 ? a.stratumPopulation : 0;
        int graded = 0, good = 0;
        for (std::size_t ji : data.judgementsOf(ai)) {
            const JudgementGrades::Grade& j = grades[ji];
            if ((beforeModeration ? j.beforeRank : j.finalRank) == 0 || !wanted[j.domain]) continue;
            ++graded;
            good += beforeModeration ? j.beforeGood : j.finalGood;
        }
        if (graded == 0) continue;
        const double y = static_cast<double>(good) / graded;
        s.values.push_back(y);
        sum += y;
        ++n;
    }
    ShareEstimate out;
    out.evidence.n = n;
    if (n == 0) {
        out.method = "no audited cases";
        return out;
    }
    out.unweighted = sum / static_cast<double>(n);
    double estimate = 0, variance = 0;
    bool seDefined = true;
    std::size_t singletons = 0;
    for (auto& [g, strata] : groups) {
        std::vector<StratumValues> sv;
        std::size_t ng = 0;
        for (auto& [key, s] : strata) {
            if (s.values.empty()) continue;
            StratumValues v;
            v.key = key;
            if (g < 0) {
                v.populationSize = 1e12;  // no finite population correction
            } else {
                // The stratum's population when known, else estimated from the inclusion probability; scaled to
                // the share of its audited cases that had these domains graded.
                double N = s.population;
                if (N <= 0) {
                    double pi = 0;
                    for (std::size_t ai : audits)
                        if (data.audits[ai].drawId == g && data.audits[ai].stratum == key)
                            pi = data.audits[ai].inclusionProbability;
                    N = pi > 0 ? s.audited / pi : s.audited;
                }
                v.populationSize = std::max(static_cast<double>(s.values.size()),
                                            N * static_cast<double>(s.values.size()) / s.audited);
            }
            v.values = s.values;
            ng += s.values.size();
            sv.push_back(std::move(v));
        }
        if (sv.empty()) continue;
        StratifiedEstimate e = stratifiedMean(sv);
        singletons += e.singletons;
        const double w = static_cast<double>(ng) / static_cast<double>(n);
        estimate += w * e.estimate;
        if (g < 0) {
            if (e.seNoFpc) variance += w * w * *e.seNoFpc * *e.seNoFpc;
            else seDefined = false;
        } else {
            if (e.se) variance += w * w * *e.se * *e.se;
            else seDefined = false;
        }
    }
    out.evidence.share = estimate;
    const double se = std::sqrt(variance);
    if (seDefined && se > 0) {
        Interval ci = normalInterval(estimate, se, 0.95, 0.0, 1.0);
        out.evidence.lo = ci.lower;
        out.evidence.hi = ci.upper;
        out.method = "design-weighted stratified estimate within each draw (strata scaled to the cases where the "
                     "domains were graded), draws combined in proportion to their audited cases; 95% normal interval";
        if (singletons) out.method += "; " + std::to_string(singletons) + " single-case strata: " +
                                      singletonRuleText(SingletonRule::Average);
    } else {
        Interval ci = wilsonInterval(sum, static_cast<double>(n));
        out.evidence.lo = ci.lower;
        out.evidence.hi = ci.upper;
        out.method = "design-weighted estimate; 95% Wilson interval on the unweighted count (the design's standard "
                     "error is undefined or zero)";
    }
    return out;
}

std::map<std::string, GradeCounts> gradesBy(const ReportData& data, const std::vector<std::size_t>& audits,
                                             const std::string& domain,
                                             const std::function<std::string(const AuditRow&)>& key) {
    std::map<std::string, GradeCounts> out;
    const Symbol wanted(domain);
    for (std::size_t ai : audits)
        for (std::size_t ji : data.judgementsOf(ai)) {
            const JudgementRow& j = data.judgements[ji];
            if (j.domain != wanted) continue;
            const int r = j.finalRank();
            if (r < 1 || r > kRanks) continue;
            auto [it, fresh] = out.try_emplace(key(data.audits[ai]), GradeCounts{});
            it->second[r - 1]++;
        }
    return out;
}

int moderationMonth(const ReportData& data, const JudgementRow& j) {
    if (auto p = parsePeriod(j.moderationPeriod)) return p->lastMonth;
    return data.audits[j.audit].month;
}

std::map<std::string, agreement::ConfusionTable> accuracyBy(
    const ReportData& data, const std::optional<std::string>& domain,
    const std::function<std::optional<std::string>(const AuditRow&, const JudgementRow&)>& key) {
    std::map<std::string, agreement::ConfusionTable> out;
    const Symbol wanted(domain.value_or(""));
    for (const JudgementRow& j : data.judgements) {
        if ((domain && j.domain != wanted) || !j.moderated()) continue;
        if (j.auditorRank > kRanks || j.moderatorRank > kRanks) continue;
        auto k = key(data.audits[j.audit], j);
        if (!k) continue;
        auto it = out.try_emplace(*k, agreement::ConfusionTable(kRanks)).first;
        it->second.add(static_cast<std::size_t>(j.auditorRank - 1), static_cast<std::size_t>(j.moderatorRank - 1));
    }
    return out;
}

std::optional<int> daysBetween(const std::string& a, const std::string& b) {
    auto da = parseDate(a), db = parseDate(b);
    if (!da || !db) return std::nullopt;
    return db->days() - da->days();
}

const char* ActionSummary::bandName(int band) {
    static const char* names[] = {"1-30 days", "31-60 days", "61-90 days", "over 90 days"};
    return names[band];
}

std::optional<double> ActionSummary::followUpRate() const {
    if (dueByDate == 0) return std::nullopt;
    return static_cast<double>(doneOfDue) / static_cast<double>(dueByDate);
}

std::optional<double> ActionSummary::onTimeRate() const {
    if (dueByDate == 0) return std::nullopt;
    return static_cast<double>(doneOnTimeOfDue) / static_cast<double>(dueByDate);
}

ActionSummary summariseActions(const ReportData& data, const Period& period) {
    ActionSummary s;
    s.asOf = period.lastDay();
    std::unordered_map<std::int64_t, int> auditMonth;
    auditMonth.reserve(data.audits.size());
    for (const auto& a : data.audits) auditMonth[a.id] = a.month;
    // Dates repeat (interned): each parsed once (daysBetween's rules).
    std::unordered_map<Symbol, std::optional<int>> days;
    auto dayOf = [&](Symbol text) {
        auto [it, fresh] = days.try_emplace(text);
        if (fresh)
            if (auto d = parseDate(text)) it->second = d->days();
        return it->second;
    };
    auto between = [](std::optional<int> a, std::optional<int> b) -> std::optional<int> {
        if (!a || !b) return std::nullopt;
        return *b - *a;
    };
    const std::optional<int> asOf = dayOf(Symbol(s.asOf));
    std::unordered_map<Symbol, ActionSummary::Owner*> owners;  // each owner's entry found once per owner, not per action
    std::vector<std::pair<int, std::size_t>> overdue;
    for (std::size_t i = 0; i < data.actions.size(); ++i) {
        const ActionRow& a = data.actions[i];
        auto m = auditMonth.find(a.auditId);
        if (m != auditMonth.end() && m->second > period.lastMonth) continue;
        ++s.total;
        ActionSummary::Owner*& ownerEntry = owners[a.owner];
        if (!ownerEntry) ownerEntry = &s.byOwner[a.owner.empty() ? std::string("(no owner)") : a.owner.str()];
        auto& owner = *ownerEntry;
        const std::optional<int> due = dayOf(a.dueDate);
        const auto late = between(due, asOf);  // > 0: the due date has passed
        if (late && *late >= 0) {
            ++s.dueByDate;
            if (a.status == "done") {
                ++s.doneOfDue;
                auto d = between(due, dayOf(a.closedDate));
                if (d && *d <= 0) ++s.doneOnTimeOfDue;
            }
        }
        if (!a.open()) continue;
        ++s.open;
        ++owner.open;
        if (late && *late > 0) {
            ++s.overdue;
            ++owner.overdue;
            owner.overdueBands[*late <= 30 ? 0 : *late <= 60 ? 1 : *late <= 90 ? 2 : 3]++;
            overdue.emplace_back(-*late, i);
        }
    }
    std::sort(overdue.begin(), overdue.end());
    for (const auto& [d, i] : overdue) s.overdueActions.push_back(i);
    return s;
}

}  // namespace audit::report
