// The accuracy job: auditors' agreement with the moderators over time from the store, and its CSV or workbook
// (Accuracy, Flags, and Trend with a line chart of exact agreement per period).
#include <cstdio>
#include <filesystem>
#include <map>

#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "audit/io/csv.h"
#include "audit/io/xlsx_writer.h"
#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"

namespace audit::jobs {

using namespace audit::moderation;

namespace {

std::string num(const std::optional<double>& v) {
    if (!v) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", *v == 0 ? 0.0 : *v);
    return buf;
}

}  // namespace

std::optional<double> moderatedDownShare(const AccuracyRow& r) {
    if (r.table.n() == 0) return std::nullopt;
    return static_cast<double>(r.down) / static_cast<double>(r.table.n());
}

std::string accuracyNote(const AccuracyRow& r) {
    std::string s;
    if (!r.kappaLinear.value) s = "kappa: " + r.kappaLinear.reason;
    if (!r.ac2.value && r.ac2.reason != r.kappaLinear.reason)
        s += (s.empty() ? "" : "; ") + std::string("AC2: ") + r.ac2.reason;
    else if (!r.ac2.value && !r.kappaLinear.value)
        s = "kappa, AC2: " + r.kappaLinear.reason;
    return s;
}

namespace {

const std::vector<std::string>& csvHeader(const std::string& by) {
    static std::vector<std::string> h;
    h = {by,          "period",        "n",           "exact",          "exact_low",         "exact_high",
         "within_one", "moderated_down", "moderated_up", "down_share",    "kappa_linear",      "kappa_linear_low",
         "kappa_linear_high", "ac2_ordinal", "ac2_ordinal_low", "ac2_ordinal_high", "note", "flags"};
    return h;
}

std::vector<std::string> csvRow(const AccuracyRow& r, const std::string& flags) {
    return {r.group,
            r.period,
            std::to_string(r.table.n()),
            num(r.exact.value),
            num(r.exact.low),
            num(r.exact.high),
            num(r.withinOne.value),
            std::to_string(r.down),
            std::to_string(r.up),
            num(moderatedDownShare(r)),
            num(r.kappaLinear.value),
            num(r.kappaLinear.ciLow),
            num(r.kappaLinear.ciHigh),
            num(r.ac2.value),
            num(r.ac2.ciLow),
            num(r.ac2.ciHigh),
            accuracyNote(r),
            flags};
}

std::string flagsOf(const Accuracy& acc, const AccuracyRow& r) {
    if (r.period != "all") return "";
    std::string s;
    for (const auto& f : acc.flags)
        if (f.group == r.group) s += (s.empty() ? "" : "; ") + f.kind;
    return s;
}

void writeXlsx(const Accuracy& acc, const std::string& path) {
    xlsx::Writer w(path);
    auto* bold = w.format("bold");
    format_set_bold(bold);
    auto* percent = w.format("percent");
    format_set_num_format(percent, "0.0%");
    auto* dec = w.format("dec");
    format_set_num_format(dec, "0.000");
    auto* ws = w.addSheet("Accuracy");
    const auto& header = csvHeader(acc.options.by);
    for (std::size_t c = 0; c < header.size(); ++c) w.writeString(ws, 0, c, header[c], bold);
    std::size_t row = 1;
    for (const auto& r : acc.rows) {
        const auto cells = csvRow(r, flagsOf(acc, r));
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (cells[c].empty()) continue;
            if (c >= 2 && c <= 15) {
                const bool isPct = (c >= 3 && c <= 6) || c == 9;
                w.writeNumber(ws, row, c, std::stod(cells[c]), isPct ? percent : (c >= 10 ? dec : nullptr));
            } else {
                w.writeString(ws, row, c, cells[c]);
            }
        }
        ++row;
    }
    w.setColumnWidth(ws, 0, 1, 14);
    w.setColumnWidth(ws, 16, 17, 30);
    worksheet_freeze_panes(ws, 1, 0);

    auto* fs = w.addSheet("Flags");
    const std::vector<std::string> fh = {acc.options.by, "flag", "n", "value", "p_value", "detail"};
    for (std::size_t c = 0; c < fh.size(); ++c) w.writeString(fs, 0, c, fh[c], bold);
    row = 1;
    for (const auto& f : acc.flags) {
        w.writeString(fs, row, 0, f.group);
        w.writeString(fs, row, 1, f.kind);
        w.writeNumber(fs, row, 2, static_cast<double>(f.n));
        w.writeNumber(fs, row, 3, f.value, percent);
        if (f.pValue) w.writeNumber(fs, row, 4, *f.pValue, dec);
        w.writeString(fs, row, 5, f.detail);
        ++row;
    }
    w.setColumnWidth(fs, 5, 5, 100);

    // Trend: exact agreement per period (rows) and group (columns), the threshold, and a line chart.
    // By period the groups are the periods themselves: one series, "all".
    const bool byPeriod = acc.options.by == "period";
    const std::vector<std::string> series = byPeriod ? std::vector<std::string>{"all"} : acc.groups;
    auto* ts = w.addSheet("Trend");
    w.writeString(ts, 0, 0, "period", bold);
    for (std::size_t g = 0; g < series.size(); ++g) w.writeString(ts, 0, g + 1, series[g], bold);
    const std::size_t thresholdCol = series.size() + 1;
    w.writeString(ts, 0, thresholdCol, "threshold", bold);
    std::map<std::pair<std::string, std::string>, double> exact;
    for (const auto& r : acc.rows)
        if (r.exact.value) exact[{byPeriod ? std::string("all") : r.group, r.period}] = *r.exact.value;
    for (std::size_t p = 0; p < acc.periods.size(); ++p) {
        w.writeString(ts, p + 1, 0, acc.periods[p]);
        for (std::size_t g = 0; g < series.size(); ++g) {
            auto it = exact.find({series[g], acc.periods[p]});
            if (it != exact.end()) w.writeNumber(ts, p + 1, g + 1, it->second, percent);
        }
        w.writeNumber(ts, p + 1, thresholdCol, acc.options.threshold, percent);
    }
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
        worksheet_set_landscape(ts);
        worksheet_fit_to_pages(ts, 1, 1);
        chart_title_set_name(chart, ("Exact agreement with the moderator by " + acc.options.by).c_str());
        chart_axis_set_name(chart->y_axis, "exact agreement");
        chart_axis_set_name(chart->x_axis, "period");
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
    w.close();
}

}  // namespace

ModerationAccuracyResult moderationAccuracy(const ModerationAccuracyRequest& req) {
    const AccuracyOptions& o = req.options;
    std::string ext;
    if (!req.out.empty()) {
        ext = std::filesystem::path(req.out).extension().string();
        for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext != ".csv" && ext != ".xlsx") throwUsage("--out must name a .csv or .xlsx file, not '" + req.out + "'");
    }
    const Catalogue catalogue = Catalogue::load();
    if (!o.framework.empty() && !catalogue.framework(o.framework)) {
        std::string known;
        for (const auto& f : catalogue.frameworks()) known += (known.empty() ? "" : ", ") + f.id;
        throwUsage("unknown framework '" + o.framework + "' (known: " + known + ")");
    }
    Store store(req.store, StoreOpen::ReadOnly);
    const PairSet set = loadPairs(store, o, catalogue);
    ModerationAccuracyResult res;
    res.accuracy = accuracy(set.pairs, o, set.scale.size());
    res.framework = set.framework;
    res.pairs = set.pairs.size();
    const Accuracy& acc = res.accuracy;
    if (ext == ".csv") {
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : acc.rows) rows.push_back(csvRow(r, flagsOf(acc, r)));
        csv::writeFile(req.out, csvHeader(o.by), rows);
    } else if (ext == ".xlsx") {
        writeXlsx(acc, req.out);
    }
    return res;
}

}  // namespace audit::jobs
