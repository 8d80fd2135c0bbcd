// The QA lead's accuracy workbook (accuracy_workbook.h): auditor-level accuracy stays here, never in the
// partnership workbook.
#include "accuracy_workbook.h"

#include <cmath>

#include "audit/io/xlsx_writer.h"
#include "audit/jobs/reconcile.h"

namespace audit::jobs {

using namespace audit::moderation;

namespace {

std::string byWord(const std::string& by) {
    if (by.empty()) return by;
    std::string s = by;
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string flagWords(const std::string& kind) {
    if (kind == "below-threshold") return "Below the threshold";
    if (kind == "generous") return "Generous: moderated down more often than up";
    return kind;
}

// A row tall enough for text wrapped in a column of that width.
void fitRow(xlsx::Writer& w, lxw_worksheet* ws, std::size_t r, const std::string& text, double width) {
    const double lines = std::ceil(static_cast<double>(text.size()) / std::max(10.0, width * 1.1 - 2));
    if (lines > 1) w.check(worksheet_set_row(ws, static_cast<lxw_row_t>(r), 15.0 * lines, nullptr), "setting a row height");
}

}  // namespace

void writeAccuracyXlsx(const Accuracy& acc, const std::string& path,
                       const std::map<std::string, std::string>& domainTitles) {
    const AccuracyOptions& o = acc.options;
    xlsx::Writer::Options wo;
    wo.title = "Audit accuracy by " + o.by;
    xlsx::Writer w(path, wo);
    auto* title = w.format("title");
    format_set_bold(title);
    format_set_font_size(title, 14);
    auto* header = w.format("header");
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(header, 0xD9E1F2);
    format_set_border(header, LXW_BORDER_THIN);
    auto* note = w.format("note");
    format_set_italic(note);
    format_set_text_wrap(note);
    format_set_align(note, LXW_ALIGN_VERTICAL_TOP);
    auto* percent = w.format("percent");
    format_set_num_format(percent, "0.0%");
    auto* dec = w.format("dec");
    format_set_num_format(dec, "0.00");
    auto* count = w.format("count");
    format_set_num_format(count, "#,##0");
    auto* pval = w.format("p");
    format_set_num_format(pval, "0.000");
    auto* wrap = w.format("wrap");
    auto name = [&](const std::string& group) {
        if (group == "_overall") return std::string("Overall grade");
        auto it = domainTitles.find(group);
        return o.by == "domain" && it != domainTitles.end() ? it->second : group;
    };
    const std::string period = [&] {
        if (o.from && o.to) return *o.from == *o.to ? *o.from : *o.from + " to " + *o.to;
        if (o.from) return "from " + *o.from;
        if (o.to) return "up to " + *o.to;
        return std::string("every period");
    }();
    const std::string domain = o.by == "domain" ? std::string("each domain")
                               : o.domain == "all" ? std::string("every domain's grade")
                               : o.domain == "_overall" ? std::string("the overall grade")
                                                        : "the grade of " + name(o.domain);

    // ---- Accuracy
    auto* ws = w.addSheet("Accuracy");
    w.writeString(ws, 0, 0, "Audit accuracy by " + o.by + ", " + period + ": the auditor's grade against the "
                            "moderator's independent grade (" + domain + ")", title);
    const std::string method =
        "Exact agreement with a Wilson 95% interval. Kappa (linear weights) and Gwet's AC2 (ordinal weights): " +
        std::string(agreement::kIntervalMethod) + ". Thresholds: kappa, AC2 and the below-threshold flag only for a "
        "group with at least " + std::to_string(o.minN) + " moderated cases (--min-n " + std::to_string(o.minN) +
        "); flagged below " + std::to_string(static_cast<int>(std::lround(o.threshold * 100))) +
        "% exact agreement (--threshold) over the last " + std::to_string(o.periods) + " periods (--periods); "
        "generous when moderated down more often than up at the " + std::to_string(o.alpha) .substr(0, 4) +
        " level (one-sided sign test). \"All\" rows are each group's total over the range.";
    const double noteWidth = 14 + 10 + 9 * 14 + 8 * 14;
    w.call([&] { return worksheet_merge_range(ws, 1, 0, 1, 17, method.c_str(), note); }, "writing the method");
    fitRow(w, ws, 1, method, noteWidth);
    const std::size_t h = 3;
    const std::vector<std::string> head = {byWord(o.by), "Period", "Moderated", "Exact agreement", "Lower 95%",
                                           "Upper 95%", "Within one grade", "Moderated down", "Moderated up",
                                           "Share moderated down", "Kappa (linear)", "Lower 95%", "Upper 95%",
                                           "AC2 (ordinal)", "Lower 95%", "Upper 95%", "Note", "Flags"};
    for (std::size_t c = 0; c < head.size(); ++c) w.writeString(ws, h, c, head[c], header);
    std::size_t row = h + 1;
    auto num = [&](std::size_t c, const std::optional<double>& v, lxw_format* f) {
        if (v && std::isfinite(*v)) w.writeNumber(ws, row, c, *v == 0 ? 0.0 : *v, f);
    };
    for (const auto& r : acc.rows) {
        w.writeString(ws, row, 0, name(r.group), wrap);
        w.writeString(ws, row, 1, r.period == "all" ? "All" : r.period);
        w.writeNumber(ws, row, 2, static_cast<double>(r.table.n()), count);
        num(3, r.exact.value, percent);
        num(4, r.exact.low, percent);
        num(5, r.exact.high, percent);
        num(6, r.withinOne.value, percent);
        w.writeNumber(ws, row, 7, static_cast<double>(r.down), count);
        w.writeNumber(ws, row, 8, static_cast<double>(r.up), count);
        num(9, moderatedDownShare(r), percent);
        num(10, r.kappaLinear.value, dec);
        num(11, r.kappaLinear.ciLow, dec);
        num(12, r.kappaLinear.ciHigh, dec);
        num(13, r.ac2.value, dec);
        num(14, r.ac2.ciLow, dec);
        num(15, r.ac2.ciHigh, dec);
        const std::string n = accuracyNote(r);
        if (!n.empty()) {
            w.writeString(ws, row, 16, n, wrap);
            fitRow(w, ws, row, n, 40);
        }
        std::string flags;
        for (const auto& f : acc.flags)
            if (r.period == "all" && f.group == r.group) flags += (flags.empty() ? "" : "; ") + flagWords(f.kind);
        if (!flags.empty()) w.writeString(ws, row, 17, flags, wrap);
        ++row;
    }
    w.setColumnWidth(ws, 0, 0, 22);
    w.setColumnWidth(ws, 1, 1, 10);
    w.setColumnWidth(ws, 2, 15, 10);
    w.setColumnWidth(ws, 16, 16, 40);
    w.setColumnWidth(ws, 17, 17, 24);
    w.check(worksheet_set_row(ws, static_cast<lxw_row_t>(h), 32, nullptr), "setting a row height");
    worksheet_freeze_panes(ws, static_cast<lxw_row_t>(h + 1), 1);
    w.printSetup(ws, {true, static_cast<int>(h), static_cast<int>(h), static_cast<int>(row), 17});

    // ---- Flags
    auto* fs = w.addSheet("Flags");
    w.writeString(fs, 0, 0, "Flags: groups to look at (at least " + std::to_string(o.minN) + " moderated cases)", title);
    const std::vector<std::string> fh = {byWord(o.by), "Flag", "Moderated", "Value", "p-value", "Detail"};
    for (std::size_t c = 0; c < fh.size(); ++c) w.writeString(fs, 2, c, fh[c], header);
    row = 3;
    for (const auto& f : acc.flags) {
        w.writeString(fs, row, 0, name(f.group), wrap);
        w.writeString(fs, row, 1, flagWords(f.kind), wrap);
        w.writeNumber(fs, row, 2, static_cast<double>(f.n), count);
        w.writeNumber(fs, row, 3, f.value, percent);
        if (f.pValue) w.writeNumber(fs, row, 4, *f.pValue, pval);
        w.writeString(fs, row, 5, f.detail, wrap);
        fitRow(w, fs, row, f.detail, 80);
        ++row;
    }
    if (acc.flags.empty()) w.writeString(fs, row++, 0, "No group is flagged.", note);
    w.setColumnWidth(fs, 0, 0, 22);
    w.setColumnWidth(fs, 1, 1, 24);
    w.setColumnWidth(fs, 2, 4, 10);
    w.setColumnWidth(fs, 5, 5, 80);
    worksheet_freeze_panes(fs, 3, 0);
    w.printSetup(fs, {true, 2, 2, static_cast<int>(row), 5});

    // ---- Trend: exact agreement per period (rows) and group (columns), the threshold, and a line chart.
    // By period the groups are the periods themselves: one series, "All".
    const bool byPeriod = o.by == "period";
    const std::vector<std::string> series = byPeriod ? std::vector<std::string>{"all"} : acc.groups;
    auto* ts = w.addSheet("Trend");
    w.writeString(ts, 0, 0, "Period", header);
    for (std::size_t g = 0; g < series.size(); ++g)
        w.writeString(ts, 0, g + 1, byPeriod ? std::string("All") : name(series[g]), header);
    const std::size_t thresholdCol = series.size() + 1;
    w.writeString(ts, 0, thresholdCol, "Threshold", header);
    std::map<std::pair<std::string, std::string>, double> exact;
    for (const auto& r : acc.rows)
        if (r.exact.value) exact[{byPeriod ? std::string("all") : r.group, r.period}] = *r.exact.value;
    for (std::size_t p = 0; p < acc.periods.size(); ++p) {
        w.writeString(ts, p + 1, 0, acc.periods[p]);
        for (std::size_t g = 0; g < series.size(); ++g) {
            auto it = exact.find({series[g], acc.periods[p]});
            if (it != exact.end()) w.writeNumber(ts, p + 1, g + 1, it->second, percent);
        }
        w.writeNumber(ts, p + 1, thresholdCol, o.threshold, percent);
    }
    w.setColumnWidth(ts, 0, 0, 10);
    w.setColumnWidth(ts, 1, thresholdCol, 12);
    w.check(worksheet_set_row(ts, 0, 45, nullptr), "setting a row height");
    if (!acc.periods.empty()) {
        lxw_chart* chart = workbook_add_chart(w.workbook(), LXW_CHART_LINE);
        const auto last = static_cast<lxw_row_t>(acc.periods.size());
        for (std::size_t g = 0; g <= series.size(); ++g) {
            const auto col = static_cast<lxw_col_t>(g + 1);
            lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
            chart_series_set_categories(s, "Trend", 1, 0, last, 0);
            chart_series_set_values(s, "Trend", 1, col, last, col);
            chart_series_set_name_range(s, "Trend", 0, col);
            if (g < series.size()) {
                chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
            } else {
                lxw_chart_line line = {};
                line.color = LXW_COLOR_RED;
                line.dash_type = LXW_CHART_LINE_DASH_DASH;
                line.width = 1.5;
                chart_series_set_line(s, &line);
            }
        }
        chart_title_set_name(chart, ("Exact agreement with the moderator by " + o.by).c_str());
        chart_axis_set_name(chart->y_axis, "Exact agreement");
        chart_axis_set_name(chart->x_axis, "Period");
        chart_axis_set_min(chart->y_axis, 0);
        chart_axis_set_max(chart->y_axis, 1);
        chart_axis_set_num_format(chart->y_axis, "0%");
        chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
        lxw_chart_options opt = {};
        opt.x_scale = 2.0;
        opt.y_scale = 1.6;
        w.call([&] { return worksheet_insert_chart_opt(ts, 1, static_cast<lxw_col_t>(thresholdCol + 2), chart, &opt); },
               "inserting the trend chart");
    }
    w.printSetup(ts, {true, 0, 0, -1, 0});
    worksheet_fit_to_pages(ts, 1, 1);
    w.close();
}

}  // namespace audit::jobs
