#include "audit/forms/scoring.h"

#include <algorithm>
#include <cmath>

#include "audit/io/xml_check.h"

namespace audit {

const DomainResult* ScoreResult::domain(std::string_view id) const {
    for (const auto& d : domains)
        if (d.domain == id) return &d;
    return nullptr;
}

double roundGradeValue(double mean) { return std::ceil(mean - 0.5 - kScoreEpsilon); }

namespace {

bool blank(const std::string& s) { return detail::collapseSpace(s).empty(); }

std::string listOf(const std::vector<std::string>& labels) {
    std::string s;
    for (std::size_t i = 0; i < labels.size(); ++i) s += (i ? ", " : "") + labels[i];
    return s;
}

// The lower of two grades (by value).
std::string lowerGrade(const Framework& fw, const std::string& a, const std::string& b) {
    return fw.grade(a)->value <= fw.grade(b)->value ? fw.grade(a)->key : fw.grade(b)->key;
}

bool rationaleNeeded(RationaleRule rule, bool auditorGiven, bool departs) {
    switch (rule) {
        case RationaleRule::Always: return auditorGiven;
        case RationaleRule::Never: return false;
        case RationaleRule::WhenDeparts: return departs;
    }
    return false;
}

}  // namespace

ScoreResult score(const Template& tpl, const Framework& fw, const AuditInput& in) {
    ScoreResult r;
    const double top = fw.maxAnswerScore();
    const std::string answerList = listOf(fw.answerLabels());
    const std::string gradeList = listOf(fw.gradeLabels());

    for (const auto& [qid, value] : in.answers)
        if (!tpl.question(qid) && !blank(value))
            r.problems.push_back({Field::Answer, qid, "'" + qid + "' is not a question of template " + tpl.id + " v" +
                                                         std::to_string(tpl.version)});
    for (const auto& [did, value] : in.domainGrades)
        if (!tpl.section(did) && !blank(value))
            r.problems.push_back({Field::DomainGrade, did, "'" + did + "' is not a domain of template " + tpl.id});

    std::vector<CapResult> overallCaps;
    for (const auto& sec : tpl.sections) {
        DomainResult d;
        d.domain = sec.domain;
        for (const auto& q : sec.questions) {
            ItemResult item;
            item.question = q.id;
            item.domain = sec.domain;
            item.weight = q.weight;
            auto it = in.answers.find(q.id);
            const std::string given = it == in.answers.end() ? "" : detail::collapseSpace(it->second);
            if (!given.empty()) {
                if (const AnswerOption* a = fw.answer(given)) {
                    item.answer = a->key;
                    item.answered = true;
                    item.excluded = a->excluded;
                    if (!a->excluded) {
                        item.score = q.weight * a->score;
                        item.possible = q.weight * top;
                    }
                } else {
                    r.problems.push_back({Field::Answer, q.id, "'" + given + "' is not an answer of template " + tpl.id +
                                                                   " v" + std::to_string(tpl.version) + " (expected " + answerList + ")"});
                }
            } else if (q.required) {
                r.problems.push_back({Field::Answer, q.id, "question " + q.id + " is required but has no answer (expected " +
                                                               answerList + ")"});
            }
            if (item.answered) {
                for (const auto& lim : q.limits) {
                    if (std::find(lim.when.begin(), lim.when.end(), item.answer) == lim.when.end()) continue;
                    CapResult cap{q.id, item.answer, lim.cap, lim.scope};
                    (lim.scope == Limit::Scope::Domain ? d.caps : overallCaps).push_back(cap);
                }
            }
            d.earned += item.score;
            d.possible += item.possible;
            d.items.push_back(item);
        }
        if (d.possible > 0) {
            d.score = 100.0 * d.earned / d.possible;
            d.band = fw.gradeForScore(*d.score).key;
            std::string g = *d.band;
            for (const auto& c : d.caps) g = lowerGrade(fw, g, c.cap);
            d.computed = g;
        }
        auto gi = in.domainGrades.find(sec.domain);
        if (gi != in.domainGrades.end() && !blank(gi->second)) {
            if (const Grade* g = fw.grade(gi->second))
                d.auditor = g->key;
            else
                r.problems.push_back({Field::DomainGrade, sec.domain, "'" + detail::collapseSpace(gi->second) +
                                                                          "' is not a grade of framework " + fw.id +
                                                                          " (expected " + gradeList + ")"});
        } else if (fw.blankDomainGradeAgrees && d.computed) {
            d.auditor = d.computed;  // left blank: the auditor agrees with the computed grade
            d.leftBlank = true;
        } else if (sec.judgementRequired) {
            r.problems.push_back({Field::DomainGrade, sec.domain,
                                  "the grade for " + sec.title + " is required (expected " + gradeList + ")" +
                                      (fw.blankDomainGradeAgrees
                                           ? std::string(": a blank grade agrees with the computed grade, but "
                                                         "this domain has no scored answers to compute one")
                                           : std::string())});
        }
        d.final = d.auditor ? d.auditor : d.computed;
        d.departs = d.auditor && d.computed && *d.auditor != *d.computed;
        d.rationaleRequired = rationaleNeeded(fw.domainRationale, d.auditor.has_value() && !d.leftBlank, d.departs);
        auto ri = in.domainRationales.find(sec.domain);
        d.rationaleGiven = ri != in.domainRationales.end() && !blank(ri->second);
        if (d.rationaleRequired && !d.rationaleGiven)
            r.problems.push_back({Field::DomainRationale, sec.domain,
                                  "a rationale is required for " + sec.title + ": the auditor's grade (" + fw.grade(*d.auditor)->label +
                                      ") " + (d.departs ? "departs from the computed grade (" + fw.grade(*d.computed)->label + ")"
                                                        : "needs one under framework " + fw.id)});
        r.domains.push_back(std::move(d));
    }

    // --- overall
    OverallResult& o = r.overall;
    o.method = tpl.method(fw);
    if (o.method != OverallMethod::AuditorJudgement) {
        double sumW = 0, sumWV = 0;
        std::optional<double> lowest;
        for (std::size_t i = 0; i < r.domains.size(); ++i) {
            const auto& d = r.domains[i];
            const auto& g = fw.overallBasis == GradeBasis::Final ? d.final : d.computed;
            if (!g) continue;
            const double v = fw.grade(*g)->value;
            lowest = lowest ? std::min(*lowest, v) : v;
            sumW += tpl.sections[i].weight;
            sumWV += tpl.sections[i].weight * v;
        }
        std::optional<double> value;
        if (o.method == OverallMethod::LowestDomain) {
            value = lowest;
        } else if (sumW > 0) {
            o.mean = sumWV / sumW;
            value = std::clamp(roundGradeValue(*o.mean), fw.worst().value, fw.best().value);
        }
        if (value) {
            std::string g = fw.gradeByValue(*value)->key;
            o.uncapped = g;
            if (o.method == OverallMethod::Limiting) {
                for (std::size_t i = 0; i < r.domains.size(); ++i) {
                    const Domain* dom = fw.domain(r.domains[i].domain);
                    const auto& dg = fw.overallBasis == GradeBasis::Final ? r.domains[i].final : r.domains[i].computed;
                    if (!dom || !dom->limiting || !dg) continue;
                    if (fw.grade(*dg)->value < fw.grade(g)->value) {
                        o.limitedBy.push_back(dom->id);
                        g = *dg;
                    }
                }
            }
            for (const auto& c : overallCaps) g = lowerGrade(fw, g, c.cap);
            o.computed = fw.grade(g)->key;
        }
        o.caps = overallCaps;
    }
    if (!blank(in.overallGrade)) {
        if (const Grade* g = fw.grade(in.overallGrade))
            o.auditor = g->key;
        else
            r.problems.push_back({Field::OverallGrade, "", "'" + detail::collapseSpace(in.overallGrade) +
                                                               "' is not a grade of framework " + fw.id + " (expected " + gradeList + ")"});
    } else {
        r.problems.push_back({Field::OverallGrade, "", "the overall grade is required (expected " + gradeList + ")"});
    }
    o.final = o.auditor ? o.auditor : o.computed;
    o.departs = o.auditor && o.computed && *o.auditor != *o.computed;
    o.rationaleRequired = o.method == OverallMethod::AuditorJudgement
                              ? o.auditor.has_value() && fw.overallRationale != RationaleRule::Never
                              : rationaleNeeded(fw.overallRationale, o.auditor.has_value(), o.departs);
    o.rationaleGiven = !blank(in.overallRationale);
    if (o.rationaleRequired && !o.rationaleGiven)
        r.problems.push_back({Field::OverallRationale, "",
                              o.departs ? "a rationale is required for the overall grade: the auditor's grade (" +
                                              fw.grade(*o.auditor)->label + ") departs from the computed grade (" +
                                              fw.grade(*o.computed)->label + ")"
                                        : "a rationale is required for the overall grade"});
    return r;
}

}  // namespace audit
