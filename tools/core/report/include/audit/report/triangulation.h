// Triangulation: per theme of the report definition, three sources each turned into red, amber or green and set
// side by side, with a flag and a plain-English sentence where they disagree.
//   - performance data: each KPI of the theme in the period against its target, with its polarity;
//   - audit evidence: the design-weighted share of audited cases good or better on the theme's domains;
//   - partners' self-assessments: the ratings of the theme's standards.
// Rules (reports/README.md states them for readers of the workbook):
//   KPI:   green when the target is met (value >= target for "higher", <= for "lower"); amber when short of it by no
//          more than the amber margin (in the indicator's own units); red otherwise. Within the period the latest
//          value of each indicator counts. The theme's KPI RAG is the lower median of its indicators' RAGs.
//   Audit: green at or above audit-green, amber at or above audit-amber, red below; no RAG with fewer than
//          min-audits cases (too little evidence to judge).
//   Self:  each agency's latest rating of each standard up to the end of the period; an agency's RAG is the lower
//          median of its standards' ratings; the theme's is the lower median over agencies.
//          When the evidence's 95% interval reaches into another band (e.g. 12 cases, 32% to 100%: red to green),
//          the RAG stands on the point estimate and the sentence says the evidence cannot tell those bands apart ("small numbers get wide intervals: show them rather than hide them").
//   Flags: (1) any two sources two steps apart (red against green); (2) the self-assessment rosier than the audit
//          evidence. A source that is missing takes no part.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/report/partnership.h"
#include "audit/base/period.h"
#include "audit/report/report_definition.h"

namespace audit {

struct AuditEvidence {
    std::size_t n = 0;   // audited cases (domain judgements) behind the estimate
    double share = 0;    // design-weighted share good or better, 0..1
    double lo = 0;       // 95% interval
    double hi = 0;
    // Published reports: the share, interval and count are not shown because they could reveal a suppressed count
    // elsewhere in the workbook; the sentence gives the RAG only.
    bool withheld = false;
};

struct KpiAssessment {
    Kpi kpi;
    Rag rag = Rag::Red;
    double shortfall = 0;  // how far short of the target in the indicator's units (0 when met)
};

struct AgencyRating {
    std::string agency;
    Rag rag = Rag::Red;                       // lower median of its standards
    std::vector<SelfAssessment> ratings;      // the rows that count (latest per standard)
};

enum class Flag { TwoSteps, SelfRosierThanAudit };
std::string flagName(Flag f);  // "sources two steps apart", "self-assessment rosier than audit evidence"

struct ThemeTriangulation {
    std::string themeId;
    std::string title;
    std::vector<KpiAssessment> kpis;
    std::optional<Rag> kpiRag;
    AuditEvidence audit;
    std::optional<Rag> auditRag;
    // The bands the audit evidence's 95% interval spans when it reaches beyond its RAG's band (lowest first);
    // unset when the interval sits within one band, when there is no audit RAG, or when the figures are withheld.
    std::optional<std::pair<Rag, Rag>> auditSpan;
    std::vector<AgencyRating> agencies;
    std::optional<Rag> selfRag;
    std::vector<Flag> flags;   // empty: no flag
    std::string sentence;      // plain English, always present
    bool flagged() const { return !flags.empty(); }
};

// A single KPI against its target: green, amber or red; shortfall set.
KpiAssessment assessKpi(const Kpi& kpi, double amberMargin);
// nullopt when there are fewer than minAudits cases.
std::optional<Rag> auditRag(const AuditEvidence& evidence, const RagThresholds& thresholds);
// The RAG bands of the interval's ends (lo, hi) when they differ; nullopt when the interval is within one band.
std::optional<std::pair<Rag, Rag>> auditInterval(const AuditEvidence& evidence, const RagThresholds& thresholds);
// The lower median (the worse of the two middle values); nullopt for none.
std::optional<Rag> lowerMedian(std::vector<Rag> rags);

// One theme. kpis and selfAssessments may hold every theme's rows: those of this theme (listed in the definition,
// or named in the row's theme column when the definition lists them nowhere) are picked out. Rows with periods
// or ratings that cannot be read are ignored here (the readers reject them).
// smallCounts > 0 (published reports): a number of audited cases from 1 to smallCounts - 1 is written as
// "fewer than <smallCounts>" in the sentence.
ThemeTriangulation triangulate(const ReportDefinition& def, const Theme& theme, const Period& period,
                               const std::vector<Kpi>& kpis, const AuditEvidence& evidence,
                               const std::vector<SelfAssessment>& selfAssessments, long smallCounts = 0);

// Every theme of the definition, in its order; evidence by theme id (a theme without an entry has none).
std::vector<ThemeTriangulation> triangulateAll(const ReportDefinition& def, const Period& period,
                                               const std::vector<Kpi>& kpis,
                                               const std::map<std::string, AuditEvidence>& evidence,
                                               const std::vector<SelfAssessment>& selfAssessments,
                                               long smallCounts = 0);

// "38%": a share 0..1 as a whole percentage.
std::string percent(double share);

}  // namespace audit
