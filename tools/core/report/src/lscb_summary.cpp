// The partnership workbook's Summary sheet: the headline figures, grades by month and accuracy by month with
// their charts (lscb.h).
#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "lscb.h"

namespace audit::report::lscb {

void Lscb::summary() {
    lxw_worksheet* ws = book.sheet("Summary");
    book.widths(ws, {52, 14, 12, 14, 12, 10, 64});
    book.text(ws, 0, 0, def.title, book.title());
    book.text(ws, 1, 0, "Period " + periodText + " (" + P.firstDay() + " to " + P.lastDay() + "); figures as at " +
                            P.lastDay() + ".");
    book.text(ws, 2, 0,
              opt.publish ? "Published version: case references pseudonymised, names removed, counts below " +
                                std::to_string(def.suppressionThreshold) + " suppressed (" + marker + ")."
                          : "Internal version: holds case references and names. Not for publication: use --publish.",
              book.note());
    book.paragraph(ws, 3, 0, 6, narrative());
    std::size_t r = 5;
    book.headers(ws, r, {"Measure", "Value", "Lower 95%", "Upper 95%", "", "", "Note"});
    const std::size_t summaryHeader = r;
    auto figure = [&](const std::string& measure, std::optional<double> v, lxw_format* f, std::optional<double> lo,
                      std::optional<double> hi, const std::string& note, std::optional<double> n = std::nullopt) {
        ++r;
        book.text(ws, r, 0, measure, book.wrap());
        book.number(ws, r, 1, v, f);
        book.number(ws, r, 2, lo, f);
        book.number(ws, r, 3, hi, f);
        book.text(ws, r, 6, note, book.wrap());
        cx.rows.push_back(DataRow{"Summary", periodText, "Summary", "", measure, v, "", n, lo, hi});
    };
    // hidden: what disclosure control decided for a count tied to others (else: hidden when small).
    auto countFigure = [&](const std::string& measure, long v, const std::string& note,
                           std::optional<bool> hidden = std::nullopt) {
        ++r;
        book.text(ws, r, 0, measure);
        const bool hide = hidden ? *hidden : opt.publish && v > 0 && v < t;
        book.count(ws, r, 1, v, hide, marker);
        book.text(ws, r, 6, note, book.wrap());
        if (hide && !hidden) ++cx.suppressed;
        cx.rows.push_back(DataRow{"Summary", periodText, "Summary", "", measure,
                                  hide ? std::nullopt : std::optional<double>(v), hide ? marker : "", {}, {}, {}});
    };
    countFigure("Audits completed in the period", static_cast<long>(inPeriod.size()), "latest version of each form");
    if (opt.completion) {
        // The same counts as audit-score status: cases allocated in the period's audit draws, returned by the date.
        const CompletionRate& c = *opt.completion;
        const std::string when = opt.completionAsOf + (opt.completionAsOfGiven ? " (the date asked for)"
                                                                               : " (the period's last day)");
        const bool safe = !opt.publish || rateSafe(static_cast<long>(c.returned), static_cast<long>(c.allocated), t);
        std::string note;
        if (!c.rate) note = "no cases were allocated in the period's audit draws";
        else if (!safe) note = "suppressed: a small count; as at " + when;
        else
            note = std::to_string(c.returned) + " of " + std::to_string(c.allocated) +
                   " cases allocated in the period's audit draws returned; " + std::to_string(c.overdue) +
                   " overdue as at " + when + ", i.e. not returned by their draw's due date; the same counts as the "
                   "QA lead's status report";
        result.completion = safe ? c.rate : std::nullopt;
        figure("Completion rate: allocated audits returned", result.completion, book.pct(), std::nullopt,
               std::nullopt, note, c.rate ? std::optional<double>(static_cast<double>(c.allocated)) : std::nullopt);
    }
    // Published: the overall shares are shown only when the overall grade counts they come from are (share x n
    // would give a hidden count back).
    bool overallCountsHidden = false;
    for (std::size_t c = 0; c <= teamTable.columns() && teamTable.rows() > 0; ++c)
        overallCountsHidden = overallCountsHidden || teamTable.hidden(teamTable.rows(), c);
    const bool overallSafe = !opt.publish || overall.evidence.n == 0 ||
                             (overall.evidence.n >= static_cast<std::size_t>(t) && !overallCountsHidden);
    // Both definitions of good or better: the grade after moderation (what this workbook counts everywhere) and the
    // auditor's own grade (what audit-score counts). Published: the auditor's share only when the audits whose
    // status moderation changed are not a small count (the difference would give it back).
    const bool changeSafe = !opt.publish || rateSafe(becameGood + ceasedGood, static_cast<long>(overall.evidence.n), t);
    if (overall.evidence.n > 0 && overallSafe) {
        figure("Good or better overall, grade after moderation (design-weighted)", overall.evidence.share, book.pct(),
               overall.evidence.lo, overall.evidence.hi, overall.method, static_cast<double>(overall.evidence.n));
        figure("Good or better overall, grade after moderation (unweighted)", overall.unweighted, book.pct(),
               std::nullopt, std::nullopt, "share of audited cases, each counted once");
        if (changeSafe)
            figure("Good or better overall, auditor's grade before moderation (design-weighted)",
                   overallBefore.evidence.share, book.pct(), overallBefore.evidence.lo, overallBefore.evidence.hi,
                   "the auditor's grade (else the computed grade), as audit-score summary counts it",
                   static_cast<double>(overallBefore.evidence.n));
        else
            figure("Good or better overall, auditor's grade before moderation (design-weighted)", std::nullopt,
                   nullptr, std::nullopt, std::nullopt, "suppressed: the difference would reveal a small count");
        ++r;
        book.text(ws, r, 0, "Why the two differ", book.wrap());
        const std::string why =
            gradesChanged == 0
                ? "Moderation changed no overall grade in the period, so the two agree."
                : changeSafe
                      ? "Moderation changed " + std::to_string(gradesChanged) + " overall grade" +
                            (gradesChanged == 1 ? "" : "s") + " in the period: " + std::to_string(becameGood) +
                            " audit" + (becameGood == 1 ? "" : "s") + " became good or better and " +
                            std::to_string(ceasedGood) + " ceased to be. This workbook counts the grade after "
                            "moderation everywhere; the scores workbook (audit-score) counts the auditor's grade."
                      : "Moderation changed some overall grades in the period. This workbook counts the grade after "
                        "moderation everywhere; the scores workbook (audit-score) counts the auditor's grade.";
        book.paragraph(ws, r, 1, 6, why);
    } else {
        figure("Good or better overall, grade after moderation (design-weighted)", std::nullopt, nullptr, std::nullopt,
               std::nullopt,
               overall.evidence.n == 0 ? "no audits with an overall grade in the period" : "suppressed: too few cases");
    }
    {
        ++r;
        const std::string measure = "Audits moderated in the period (overall grade)";
        book.text(ws, r, 0, measure);
        const bool hide = modHidden(modPeriod.n);
        book.count(ws, r, 1, static_cast<long>(periodTable.n()), hide, marker);
        book.text(ws, r, 6, "auditor's grade set against the moderator's independent grade", book.wrap());
        cx.rows.push_back(DataRow{"Summary", periodText, "Summary", "", measure,
                                  hide ? std::nullopt : std::optional<double>(static_cast<double>(periodTable.n())),
                                  hide ? marker : "", {}, {}, {}});
    }
    auto accuracyFigure = [&](const std::string& label, const agreement::Proportion& p, const ModEntries& e,
                              const std::string& note) {
        if (p.value && shareShown(e)) figure(label, p.value, book.pct(), p.low, p.high, note, static_cast<double>(p.n));
        else figure(label, std::nullopt, nullptr, std::nullopt, std::nullopt, p.value ? "suppressed" : "no moderated audits");
    };
    const std::string prevLabel = periodLabel(P.firstMonth - len, P.firstMonth - 1);
    accuracyFigure("Audit accuracy: exact agreement on the overall grade", accuracy, modPeriod,
                   "moderated audits whose auditor's grade the moderator confirmed; threshold " +
                       percent(def.accuracyThreshold) + " (report definition); Wilson interval");
    accuracyFigure("Audit accuracy in the previous period (" + prevLabel + ")", previous, modPrevious, "same measure");
    if (accuracy.value && previous.value && shareShown(modPeriod) && shareShown(modPrevious)) {
        const double change = (*accuracy.value - *previous.value) * 100.0;
        figure("Accuracy trend (percentage points on " + prevLabel + ")", change, book.num1(), std::nullopt,
               std::nullopt, change > 0.5 ? "improving" : change < -0.5 ? "worsening" : "steady");
    }
    figure("Themes flagged in triangulation", static_cast<double>(result.flaggedThemes.size()), book.integer(),
           std::nullopt, std::nullopt, "of " + std::to_string(tri.size()) + " themes; see the Triangulation sheet");
    countFigure("Open actions", actions.open, "open or in progress, from audits up to the end of the period",
                actionHidden(openEntry));
    countFigure("Overdue actions", actions.overdue, "open past their due date at " + actions.asOf,
                actionHidden(overdueEntry));
    {
        const bool safe = !opt.publish || rateSafe(actions.doneOfDue, actions.dueByDate, t);
        figure("Follow-up rate: actions due that are done", safe ? actions.followUpRate() : std::nullopt, book.pct(),
               std::nullopt, std::nullopt,
               safe ? std::to_string(actions.dueByDate) + " actions due by " + actions.asOf : std::string("suppressed"));
        const bool safe2 = !opt.publish || rateSafe(actions.doneOnTimeOfDue, actions.dueByDate, t);
        figure("Actions done by their due date", safe2 ? actions.onTimeRate() : std::nullopt, book.pct(),
               std::nullopt, std::nullopt, safe2 ? "" : "suppressed");
    }
    worksheet_freeze_panes(ws, static_cast<lxw_row_t>(summaryHeader + 1), 0);

    // Grades by month (trend), with a stacked column chart.
    r += 2;
    book.text(ws, r, 0, "Overall grades by month (" + monthLabel(firstTrend) + " to " + monthLabel(P.lastMonth) + ")",
              book.title());
    ++r;
    const std::size_t gradeHeader = r;
    book.headers(ws, r, {"Month", data.gradeLabel(4), data.gradeLabel(3), data.gradeLabel(2), data.gradeLabel(1),
                         "Total"});
    for (int m = firstTrend; m <= P.lastMonth; ++m) {
        ++r;
        const bool early = m < P.firstMonth;
        const SuppressedTable& gm = early ? earlierTable : periodMonthTable;
        const std::size_t i = static_cast<std::size_t>(early ? m - firstTrend : m - std::max(firstTrend, P.firstMonth));
        const std::string label = monthLabel(m);
        book.text(ws, r, 0, label);
        // The chart draws a month only when none of its counts is hidden: a partial stack would look all good.
        bool monthHidden = false;
        for (std::size_t c = 0; c < kRanks; ++c) monthHidden = monthHidden || gm.hidden(i, c);
        std::vector<std::optional<double>> bar;
        for (std::size_t c = 0; c < kRanks; ++c)
            bar.push_back(monthHidden ? std::nullopt : std::optional<double>(gm.value(i, c)));
        chartRows.emplace_back(label, bar);
        if (monthHidden) monthsNotDrawn.push_back(label);
        for (std::size_t c = 0; c <= kRanks; ++c) {
            book.count(ws, r, c + 1, gm.value(i, c), gm.hidden(i, c), marker);
            const std::string measure = c < kRanks ? data.gradeLabel(kShowRanks[c]) : "Total";
            cx.rows.push_back(DataRow{"Summary", label, "Overall grade by month", label, measure,
                                      gm.hidden(i, c) ? std::nullopt : std::optional<double>(gm.value(i, c)),
                                      gm.hidden(i, c) ? marker : "", {}, {}, {}});
        }
    }
    (void)gradeHeader;
    std::string notDrawn;
    for (const auto& m : monthsNotDrawn) notDrawn += (notDrawn.empty() ? "" : ", ") + m;
    if (!monthsNotDrawn.empty()) {
        ++r;
        book.text(ws, r, 0, "Not drawn in the chart (a count suppressed, " + marker + "): " + notDrawn + ".",
                  book.note());
    }
    lxw_chart* gradesChart = workbook_add_chart(book.w().workbook(), LXW_CHART_COLUMN_STACKED);
    {
        // The bars come from the hidden sheet "Chart data" (dataSheet()), where a month with a hidden count is blank.
        const std::size_t months = chartRows.size();
        const lxw_color_t colours[] = {0x1E7B34, 0x70AD47, 0xFFC000, 0xC00000};
        for (std::size_t c = 0; c < kRanks; ++c) {
            lxw_chart_series* s = chart_add_series(gradesChart, sheetRef("Chart data", 1, 0, months, 0).c_str(),
                                                   sheetRef("Chart data", 1, c + 1, months, c + 1).c_str());
            chart_series_set_name(s, ("='Chart data'!$" + xlsx::columnName(c + 1) + "$1").c_str());
            lxw_chart_fill fill{};
            fill.color = colours[c];
            chart_series_set_fill(s, &fill);
        }
        const std::string chartTitle = monthsNotDrawn.empty()
                                           ? std::string("Overall grades by month")
                                           : "Overall grades by month (not drawn: " + notDrawn + ")";
        chart_title_set_name(gradesChart, chartTitle.c_str());
        chart_axis_set_name(gradesChart->y_axis, "Audits");
        chart_legend_set_position(gradesChart, LXW_CHART_LEGEND_BOTTOM);
        chart_show_blanks_as(gradesChart, LXW_CHART_BLANKS_AS_GAP);
    }

    // Accuracy by month, with a line chart.
    r += 2;
    book.text(ws, r, 0, "Audit accuracy by month (exact agreement on the overall grade)", book.title());
    ++r;
    const std::size_t accHeader = r;
    book.headers(ws, r, {"Month", "Moderated", "Exact agreement", "Lower 95%", "Upper 95%"});
    {
        for (int m = firstTrend; m <= P.lastMonth; ++m) {
            ++r;
            const std::string label = monthLabel(m);
            book.text(ws, r, 0, label);
            auto it = modMonths.find(label);
            const agreement::Proportion p =
                it == modMonths.end() ? agreement::Proportion{} : agreement::exactAgreement(it->second);
            const ModEntries& e = modMonthEntries[m];
            const bool nHidden = modHidden(e.n);
            book.count(ws, r, 1, static_cast<long>(p.n), nHidden, marker);
            const bool safe = shareShown(e);
            if (p.value && safe) {
                book.number(ws, r, 2, p.value, book.pct());
                book.number(ws, r, 3, p.low, book.pct());
                book.number(ws, r, 4, p.high, book.pct());
            } else if (p.value) {
                book.marker(ws, r, 2, marker);
            }
            cx.rows.push_back(DataRow{"Summary", label, "Accuracy by month", label, "exact agreement",
                                      p.value && safe ? p.value : std::nullopt, p.value && !safe ? marker : "",
                                      nHidden ? std::nullopt : std::optional<double>(static_cast<double>(p.n)),
                                      p.value && safe ? p.low : std::nullopt, p.value && safe ? p.high : std::nullopt});
        }
    }
    const std::size_t accLast = r;
    {
        lxw_chart* chart = workbook_add_chart(book.w().workbook(), LXW_CHART_LINE);
        const char* names[] = {"Exact agreement", "Lower 95%", "Upper 95%"};
        for (std::size_t c = 0; c < 3; ++c) {
            lxw_chart_series* s = chart_add_series(chart, sheetRef("Summary", accHeader + 1, 0, accLast, 0).c_str(),
                                                   sheetRef("Summary", accHeader + 1, c + 2, accLast, c + 2).c_str());
            chart_series_set_name(s, names[c]);
            lxw_chart_line line{};
            line.color = c == 0 ? 0x1F4E79 : 0x9DC3E6;
            line.width = c == 0 ? 2.25f : 1.0f;
            if (c > 0) line.dash_type = LXW_CHART_LINE_DASH_DASH;
            chart_series_set_line(s, &line);
            if (c == 0) chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
        }
        chart_title_set_name(chart, "Audit accuracy by month");
        chart_axis_set_min(chart->y_axis, 0);
        chart_axis_set_max(chart->y_axis, 1);
        chart_axis_set_num_format(chart->y_axis, "0%");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
        // Both charts below the tables, side by side, inside the printed width.
        r += 2;
        lxw_chart_options g{};
        g.x_scale = 1.25;
        g.y_scale = 1.1;
        book.w().check(worksheet_insert_chart_opt(ws, static_cast<lxw_row_t>(r), 0, gradesChart, &g),
                       "inserting the grades chart");
        book.w().check(worksheet_insert_chart_opt(ws, static_cast<lxw_row_t>(r), 4, chart, &g),
                       "inserting the accuracy chart");
        r += 17;
        book.w().check(worksheet_print_area(ws, 0, 0, static_cast<lxw_row_t>(r), 6), "setting the print area");
        worksheet_fit_to_pages(ws, 1, 1);  // the headline page of the pack: one page
    }
}

}  // namespace audit::report::lscb

namespace audit::report::lscb {

std::string Lscb::domainTitle(const std::string& id) const {
    if (id == kOverall) return "Overall grade";
    auto it = opt.domainTitles.find(id);
    return it == opt.domainTitles.end() ? id : it->second;
}

// Five or six sentences from the figures the Summary shows (in the published version, nothing it hides).
std::string Lscb::narrative() const {
    auto count = [&](long v, bool hidden) { return hidden || (opt.publish && v > 0 && v < t) ? std::string("a few") : std::to_string(v); };
    std::string s = "In " + periodText + ", " + count(static_cast<long>(inPeriod.size()), false) + " audit" +
                    (inPeriod.size() == 1 ? " was" : "s were") + " completed and " +
                    count(static_cast<long>(periodTable.n()), modHidden(modPeriod.n)) + " of them moderated. ";
    bool overallHidden = false;
    for (std::size_t c = 0; c <= teamTable.columns() && teamTable.rows() > 0; ++c)
        overallHidden = overallHidden || teamTable.hidden(teamTable.rows(), c);
    const bool overallShown = overall.evidence.n > 0 &&
                              (!opt.publish || (overall.evidence.n >= static_cast<std::size_t>(t) && !overallHidden));
    if (overallShown)
        s += percent(overall.evidence.share) + " of audited cases were good or better overall after moderation (95% "
             "interval " + percent(overall.evidence.lo) + " to " + percent(overall.evidence.hi) + "). ";
    else if (overall.evidence.n == 0)
        s += "No audit in the period has an overall grade yet. ";
    else
        s += "Too few audits to publish the share good or better. ";
    if (accuracy.value && shareShown(modPeriod)) {
        s += "Auditors and moderators agreed exactly on " + percent(*accuracy.value) + " of moderated overall grades "
             "(threshold " + percent(def.accuracyThreshold) + ")";
        if (previous.value && shareShown(modPrevious))
            s += ", against " + percent(*previous.value) + " in " + periodLabel(P.firstMonth - len, P.firstMonth - 1);
        s += ". ";
    } else {
        s += accuracy.value ? "Audit accuracy is suppressed: too few moderated audits. "
                            : "No audit was moderated in the period, so accuracy is not known. ";
    }
    std::vector<std::string> flagged;
    for (const auto& x : tri)
        if (x.flagged()) flagged.push_back(x.title);
    if (flagged.empty()) {
        s += "Triangulation flags none of the " + std::to_string(tri.size()) + " themes. ";
    } else {
        std::string list;
        for (std::size_t i = 0; i < flagged.size(); ++i)
            list += (i == 0 ? "" : i + 1 == flagged.size() ? " and " : ", ") + flagged[i];
        s += "Triangulation flags " + std::to_string(flagged.size()) + " of " + std::to_string(tri.size()) +
             " themes for the partnership to look at: " + list + ". ";
    }
    s += "At " + actions.asOf + ", " + count(actions.overdue, actionHidden(overdueEntry)) + " of " +
         count(actions.open, actionHidden(openEntry)) + " open actions from audits were overdue.";
    return s;
}

}  // namespace audit::report::lscb
