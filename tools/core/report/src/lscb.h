// The partnership workbook as it is put together (private to the report module): the figures computed once from
// the report data (lscb_figures.cpp), then one sheet each by its own unit: Summary (lscb_summary.cpp), Findings
// (lscb_findings.cpp), Triangulation (lscb_triangulation.cpp), Moderation and accuracy (lscb_moderation.cpp),
// Actions (lscb_actions.cpp), Method and Data (lscb_method.cpp). writeLscbWorkbook (report_workbook.cpp) calls them
// in that order: the sheets' order in the workbook and the Data sheet's rows follow it.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "audit/moderation/agreement.h"
#include "audit/report/spc.h"
#include "audit/report/triangulation.h"
#include "lscb_book.h"

namespace audit::report::lscb {

struct Lscb {
    Lscb(const ReportDefinition& def, const ReportData& data, const std::vector<Kpi>& kpis,
         const std::vector<SelfAssessment>& selfAssessments, const LscbOptions& opt, Book& book)
        : def(def), data(data), kpis(kpis), selfAssessments(selfAssessments), opt(opt), book(book),
          cx{def, data, opt, book, {}, 0}, P(opt.period), periodText(opt.period.text),
          inPeriod(auditsIn(data, opt.period)), grades(data, def), marker(def.suppressionMarker),
          t(opt.publish ? def.suppressionThreshold : 0), auditors("Auditor", opt.publish), owners("Owner", opt.publish),
          len(opt.period.lastMonth - opt.period.firstMonth + 1) {}

    // The figures every sheet draws on (lscb_figures.cpp), then the sheets.
    void figures();
    void summary();
    void findings();
    void triangulation();
    void moderation();
    void actionsSheet();
    void method();
    void dataSheet();
    void spcSheet();  // lscb_spc.cpp: an XmR chart per KPI with enough monthly values
    void kpiSpc();    // fills kpiCharts (called by triangulation())
    // The triangulation sentence's note of a special cause of concern in a theme's KPIs within the period.
    std::string spcConcerns(const ThemeTriangulation& x) const;

    // What disclosure control decided (always shown in the internal version).
    bool modHidden(std::size_t e) const { return opt.publish && modCounts.hidden(e); }
    bool actionHidden(std::size_t e) const { return opt.publish && actionCounts.hidden(e); }
    // A share k/n is shown when neither count is hidden (the interval would give them away too).
    bool shareShown(const ModEntries& e) const { return !modHidden(e.k) && !modHidden(e.n); }

    const ReportDefinition& def;
    const ReportData& data;
    const std::vector<Kpi>& kpis;
    const std::vector<SelfAssessment>& selfAssessments;
    const LscbOptions& opt;
    Book& book;
    Context cx;
    LscbResult result;

    const Period& P;
    const std::string periodText;
    const std::vector<std::size_t> inPeriod;
    const JudgementGrades grades;  // decided once for every share and count below
    int firstTrend = 0;  // the first month of the trend tables and charts
    const std::string marker;
    const long t;  // the suppression threshold (0: internal version)
    Labels auditors, owners;
    const Symbol overallDomain{kOverall};

    // Good or better: overall (the grade after moderation, and the auditor's grade before it) and by theme.
    ShareEstimate overall, overallBefore;
    // Moderated overall grades in the period that moderation changed (agreed grade differs from the auditor's), and
    // those whose change moved the audit into or out of good or better.
    long gradesChanged = 0, becameGood = 0, ceasedGood = 0;
    std::map<std::string, AuditEvidence> evidence;
    std::map<std::string, ShareEstimate> themeEstimates;
    std::vector<ThemeTriangulation> tri;

    // Moderation: the period and the one before it, by month, auditor, team and domain, and their counts as
    // disclosure control sees them.
    agreement::ConfusionTable periodTable{kRanks}, previousTable{kRanks};
    const int len;  // months in the period
    agreement::Proportion accuracy, previous;
    std::map<std::string, agreement::ConfusionTable> modMonths, modByTeam, modByDomain;
    LinkedCounts modCounts;
    ModEntries modPeriod, modPrevious;
    std::map<int, ModEntries> modMonthEntries;
    std::map<std::string, ModEntries> modTeamEntries, modDomainEntries;

    // Actions: open by owner, the open and overdue totals.
    ActionSummary actions;
    std::vector<std::string> ownerNames;
    std::vector<std::vector<long>> ownerCounts;
    LinkedCounts actionCounts;
    std::size_t openEntry = 0, overdueEntry = 0;
    std::vector<std::vector<std::size_t>> ownerEntries;  // per owner: 5 cells, then the open total

    // Overall grades by team (period) and by month (trend).
    std::map<std::string, std::vector<std::size_t>> byTeam;
    std::vector<std::vector<long>> teamCounts;
    SuppressedTable teamTable, periodMonthTable, earlierTable;

    // Themes whose share and count would reveal a count hidden on the Findings sheet (published version).
    std::set<std::string> themesWithheld;

    // The grades-by-month chart's data (written to the hidden sheet "Chart data" by dataSheet()): one row per
    // month, the four counts, all left blank for a month with any count suppressed (no partial stack).
    std::vector<std::pair<std::string, std::vector<std::optional<double>>>> chartRows;
    std::vector<std::string> monthsNotDrawn;

    // A domain's title (LscbOptions::domainTitles), else its id; "overall grade" for kOverall.
    std::string domainTitle(const std::string& id) const;
    std::string narrative() const;  // the Summary's opening paragraph
    std::map<std::string, spc::Chart> kpiCharts;  // by indicator
    // The audit series the SPC sheet charts (auditSpc, after summary()): the share good or better by month (grade
    // after moderation) and accuracy by month; a chart only with enough months.
    struct AuditSeries {
        std::string key, title;
        std::vector<spc::Observation> series;
        std::optional<double> target;
        std::size_t withheld = 0;  // months left out for a suppressed count (published version)
        std::optional<spc::Chart> chart;
    };
    std::vector<AuditSeries> auditCharts;
    void auditSpc();
};

}  // namespace audit::report::lscb
