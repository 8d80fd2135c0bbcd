#include "audit/report/triangulation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace audit {

std::string flagName(Flag f) {
    return f == Flag::TwoSteps ? "sources two steps apart" : "self-assessment rosier than audit evidence";
}

std::string percent(double share) { return std::to_string(static_cast<long>(std::lround(share * 100.0))) + "%"; }

KpiAssessment assessKpi(const Kpi& kpi, double amberMargin) {
    KpiAssessment a;
    a.kpi = kpi;
    const double gap = kpi.polarity == Polarity::Higher ? kpi.target - kpi.value : kpi.value - kpi.target;
    // Values are read from text: a tolerance keeps "80.0 against 80" from falling short by a rounding error.
    const double eps = 1e-9 * std::max(1.0, std::fabs(kpi.target));
    a.shortfall = gap > eps ? gap : 0.0;
    if (a.shortfall == 0.0) a.rag = Rag::Green;
    else if (a.shortfall <= amberMargin + eps) a.rag = Rag::Amber;
    else a.rag = Rag::Red;
    return a;
}

std::optional<Rag> auditRag(const AuditEvidence& e, const RagThresholds& t) {
    if (e.n < static_cast<std::size_t>(std::max(1, t.minAudits))) return std::nullopt;
    const double eps = 1e-12;
    if (e.share + eps >= t.auditGreen) return Rag::Green;
    if (e.share + eps >= t.auditAmber) return Rag::Amber;
    return Rag::Red;
}

std::optional<std::pair<Rag, Rag>> auditInterval(const AuditEvidence& e, const RagThresholds& t) {
    if (e.withheld || !auditRag(e, t)) return std::nullopt;
    AuditEvidence lo = e, hi = e;
    lo.share = e.lo;
    hi.share = e.hi;
    const Rag a = *auditRag(lo, t), b = *auditRag(hi, t);
    if (a == b) return std::nullopt;
    return std::make_pair(a, b);
}

std::optional<Rag> lowerMedian(std::vector<Rag> rags) {
    if (rags.empty()) return std::nullopt;
    std::sort(rags.begin(), rags.end());
    return rags[(rags.size() - 1) / 2];
}

namespace {

bool kpiListedAnywhere(const ReportDefinition& def, const std::string& indicator) {
    for (const auto& t : def.themes)
        if (t.kpi(indicator)) return true;
    return false;
}

bool standardListedAnywhere(const ReportDefinition& def, const std::string& standard) {
    for (const auto& t : def.themes)
        if (t.hasStandard(standard)) return true;
    return false;
}

std::string lowerFirst(std::string s) {
    if (s.size() >= 2 && std::isupper(static_cast<unsigned char>(s[0])) &&
        !std::isupper(static_cast<unsigned char>(s[1])))
        s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

std::string joinAnd(const std::vector<std::string>& items) {
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) s += (i + 1 == items.size()) ? " and " : ", ";
        s += items[i];
    }
    return s;
}

struct Words {
    const ThemeTriangulation& t;
    std::string theme;
    int minAudits;
    long smallCounts;

    std::string cases() const {
        if (smallCounts > 0 && t.audit.n > 0 && t.audit.n < static_cast<std::size_t>(smallCounts))
            return "fewer than " + std::to_string(smallCounts) + " cases";
        return std::to_string(t.audit.n) + (t.audit.n == 1 ? " case" : " cases");
    }

    std::string kpiDetail() const {
        std::size_t met = 0;
        for (const auto& k : t.kpis) met += k.rag == Rag::Green;
        return std::to_string(met) + " of " + std::to_string(t.kpis.size()) +
               (t.kpis.size() == 1 ? " indicator met its target" : " indicators met their target");
    }
    std::string interval() const {
        return "95% confidence interval " + percent(t.audit.lo) + " to " + percent(t.audit.hi) + ", " + cases();
    }
    std::string auditDetail() const {
        if (t.audit.withheld) return "figures withheld to protect small counts";
        return percent(t.audit.share) + " of audited cases were good or better (" + interval() + ")";
    }
    // "but only 38% of audited cases...", or without the figures when they are withheld.
    std::string onlyAudit() const {
        return t.audit.withheld ? "the audits say otherwise (" + auditDetail() + ")" : "only " + auditDetail();
    }
    std::string butAudit() const {
        return t.audit.withheld ? "the audits say otherwise (" + auditDetail() + ")" : auditDetail();
    }
    std::string selfDetail() const {
        std::set<Rag> distinct;
        for (const auto& a : t.agencies) distinct.insert(a.rag);
        std::string s = "partners rate " + theme + " " + ragName(*t.selfRag);
        if (distinct.size() > 1) {
            std::vector<std::string> groups;
            for (Rag r : {Rag::Green, Rag::Amber, Rag::Red}) {
                std::vector<std::string> names;
                for (const auto& a : t.agencies)
                    if (a.rag == r) names.push_back(a.agency);
                if (!names.empty()) groups.push_back(joinAnd(names) + " " + ragName(r));
            }
            std::string joined;
            for (const auto& g : groups) joined += (joined.empty() ? "" : "; ") + g;
            s += " overall (" + joined + ")";
        }
        return s;
    }
    std::vector<std::string> agenciesAbove(Rag r) const {
        std::vector<std::string> names;
        for (const auto& a : t.agencies)
            if (a.rag > r) names.push_back(a.agency);
        return names;
    }
};

std::string capitalise(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string compose(const ThemeTriangulation& t, int minAudits, long smallCounts) {
    Words w{t, lowerFirst(t.title), minAudits, smallCounts};
    const auto& K = t.kpiRag;
    const auto& A = t.auditRag;
    const auto& S = t.selfRag;
    const int sources = K.has_value() + A.has_value() + S.has_value();
    std::string s;
    bool saidK = false, saidA = false, saidS = false;

    if (S && A && *S > *A) {
        s = capitalise(w.selfDetail()) + ", but " + w.onlyAudit() + ": audit evidence is " + ragName(*A) + ".";
        saidS = saidA = true;
        auto rosier = w.agenciesAbove(*A);
        if (rosier.size() < t.agencies.size() && !rosier.empty())
            s += " Rated above the audit evidence by " + joinAnd(rosier) + ".";
        s += " Challenge the self-assessment: ask partners for the evidence behind it.";
    } else if (K && A && ragSteps(*K, *A) == 2) {
        if (*K > *A)
            s = "Performance data on " + w.theme + " is green (" + w.kpiDetail() + "), but " + w.onlyAudit() +
                ": audit evidence is red. Timely is not the same as good: look at what the audits found.";
        else
            s = "Audit evidence on " + w.theme + " is green (" + w.auditDetail() + "), but performance data is red (" +
                w.kpiDetail() + "). Check that the audited cases are representative and the data is recorded correctly.";
        saidK = saidA = true;
    } else if (S && A && ragSteps(*S, *A) == 2) {  // self red, audit green (rosier is handled above)
        s = capitalise(w.selfDetail()) + ", but " + w.butAudit() +
            ": audit evidence is green. Ask what partners see that the audits do not.";
        saidS = saidA = true;
    } else if (S && K && ragSteps(*S, *K) == 2) {
        if (*S > *K)
            s = capitalise(w.selfDetail()) + ", but performance data is red (" + w.kpiDetail() +
                "). Challenge the self-assessment: ask partners for the evidence behind it.";
        else
            s = capitalise(w.selfDetail()) + ", although performance data is green (" + w.kpiDetail() +
                "). Ask what partners see that the data does not.";
        saidS = saidK = true;
    } else if (sources >= 2) {
        std::set<Rag> distinct;
        for (const auto* r : {&K, &A, &S})
            if (*r) distinct.insert(**r);
        std::vector<std::string> parts;
        if (K) parts.push_back("performance data " + ragName(*K) + " (" + w.kpiDetail() + ")");
        if (A) parts.push_back("audit evidence " + ragName(*A) + " (" + w.auditDetail() + ")");
        if (S) parts.push_back("self-assessment " + ragName(*S));
        s = (distinct.size() == 1 ? "The sources agree on " : "The sources are within one step on ") + w.theme +
            ": " + joinAnd(parts) + ".";
        saidK = saidA = saidS = true;
    } else {
        std::vector<std::string> parts;
        if (K) parts.push_back("performance data is " + ragName(*K) + " (" + w.kpiDetail() + ")");
        if (A) parts.push_back("audit evidence is " + ragName(*A) + " (" + w.auditDetail() + ")");
        if (S) parts.push_back(w.selfDetail());
        s = "Not enough to triangulate " + w.theme + (parts.empty() ? "." : ": only " + joinAnd(parts) + ".");
        saidK = saidA = saidS = true;
    }
    if (!saidK && K) s += " Performance data is " + ragName(*K) + " (" + w.kpiDetail() + ").";
    if (!saidA && A) s += " Audit evidence is " + ragName(*A) + " (" + w.auditDetail() + ").";
    if (!saidS && S) s += " " + capitalise(w.selfDetail()) + ".";
    std::vector<std::string> missing;
    if (!K) missing.push_back("no KPI for the period");
    if (!A)
        missing.push_back(t.audit.n == 0 ? std::string("no audited cases")
                          : t.audit.withheld ? "too few audited cases (at least " + std::to_string(minAudits) + " needed)"
                                             : (w.cases().rfind("fewer", 0) == 0 ? "" : "only ") + w.cases() +
                                                   " audited (at least " + std::to_string(minAudits) + " needed)");
    if (!S) missing.push_back("no partner self-assessment");
    if (t.auditSpan)
        s += " The audit evidence cannot tell " + ragName(t.auditSpan->first) + " from " +
             ragName(t.auditSpan->second) + ": its 95% confidence interval, " + percent(t.audit.lo) + " to " +
             percent(t.audit.hi) + " on " + w.cases() + ", spans " +
             (ragSteps(t.auditSpan->first, t.auditSpan->second) == 2 ? "all three bands." : "both bands.");
    if (!missing.empty()) s += " Missing: " + joinAnd(missing) + ".";
    return s;
}

}  // namespace

ThemeTriangulation triangulate(const ReportDefinition& def, const Theme& theme, const Period& period,
                               const std::vector<Kpi>& kpis, const AuditEvidence& evidence,
                               const std::vector<SelfAssessment>& selfAssessments, long smallCounts) {
    ThemeTriangulation t;
    t.themeId = theme.id;
    t.title = theme.title;

    // KPIs: the latest value of each of the theme's indicators within the period.
    std::map<std::string, std::pair<int, const Kpi*>> latest;  // indicator -> (last month, row)
    std::vector<std::string> order;
    for (const Kpi& k : kpis) {
        if (!(theme.kpi(k.indicator) || (!kpiListedAnywhere(def, k.indicator) && k.theme == theme.id))) continue;
        auto p = parsePeriod(k.period);
        if (!p || !period.contains(*p)) continue;
        auto it = latest.find(k.indicator);
        if (it == latest.end()) {
            order.push_back(k.indicator);
            latest.emplace(k.indicator, std::make_pair(p->lastMonth, &k));
        } else if (p->lastMonth >= it->second.first) {
            it->second = {p->lastMonth, &k};
        }
    }
    // Indicators in the definition's order, then the others in the order first seen.
    std::vector<std::string> sorted;
    for (const auto& tk : theme.kpis)
        if (latest.count(tk.indicator)) sorted.push_back(tk.indicator);
    for (const auto& ind : order)
        if (!theme.kpi(ind)) sorted.push_back(ind);
    std::vector<Rag> kr;
    for (const auto& ind : sorted) {
        t.kpis.push_back(assessKpi(*latest[ind].second, theme.kpiAmberMargin(ind)));
        kr.push_back(t.kpis.back().rag);
    }
    t.kpiRag = lowerMedian(kr);

    t.audit = evidence;
    t.auditRag = auditRag(evidence, theme.rag);

    // Self-assessments: each agency's latest rating of each standard up to the end of the period.
    std::map<std::pair<std::string, std::string>, std::pair<int, const SelfAssessment*>> rated;
    for (const SelfAssessment& r : selfAssessments) {
        if (!(theme.hasStandard(r.standard) || (!standardListedAnywhere(def, r.standard) && r.theme == theme.id)))
            continue;
        auto p = parsePeriod(r.period);
        if (!p || p->firstMonth > period.lastMonth || !def.ratingToRag(r.rating)) continue;
        auto key = std::make_pair(r.agency, r.standard);
        auto it = rated.find(key);
        if (it == rated.end() || p->lastMonth >= it->second.first) rated[key] = {p->lastMonth, &r};
    }
    std::map<std::string, AgencyRating> byAgency;
    for (const auto& [key, v] : rated) {
        AgencyRating& a = byAgency[key.first];
        a.agency = key.first;
        a.ratings.push_back(*v.second);
    }
    std::vector<Rag> agencyRags;
    for (auto& [name, a] : byAgency) {
        std::vector<Rag> rs;
        for (const auto& r : a.ratings) rs.push_back(*def.ratingToRag(r.rating));
        a.rag = *lowerMedian(rs);
        agencyRags.push_back(a.rag);
        t.agencies.push_back(a);
    }
    t.selfRag = lowerMedian(agencyRags);

    // Flags.
    const std::optional<Rag>* srcs[] = {&t.kpiRag, &t.auditRag, &t.selfRag};
    bool two = false;
    for (int i = 0; i < 3; ++i)
        for (int j = i + 1; j < 3; ++j)
            if (*srcs[i] && *srcs[j] && ragSteps(**srcs[i], **srcs[j]) == 2) two = true;
    if (two) t.flags.push_back(Flag::TwoSteps);
    if (t.selfRag && t.auditRag && *t.selfRag > *t.auditRag) t.flags.push_back(Flag::SelfRosierThanAudit);
    t.auditSpan = auditInterval(t.audit, theme.rag);
    t.sentence = compose(t, theme.rag.minAudits, smallCounts);
    return t;
}

std::vector<ThemeTriangulation> triangulateAll(const ReportDefinition& def, const Period& period,
                                               const std::vector<Kpi>& kpis,
                                               const std::map<std::string, AuditEvidence>& evidence,
                                               const std::vector<SelfAssessment>& selfAssessments,
                                               long smallCounts) {
    std::vector<ThemeTriangulation> out;
    for (const auto& theme : def.themes) {
        auto it = evidence.find(theme.id);
        out.push_back(triangulate(def, theme, period, kpis, it == evidence.end() ? AuditEvidence{} : it->second,
                                  selfAssessments, smallCounts));
    }
    return out;
}

}  // namespace audit
