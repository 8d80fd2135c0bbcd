// The partnership workbook's SPC sheet: an XmR chart for the audit series (the share good or better by month, grade
// after moderation; audit accuracy by month) and every KPI with enough monthly values, with Making Data Count's
// variation and assurance icons as text and colour (lscb.h; the rules are audit/report/spc.h). A series with too
// few months is said in words, not left out silently.
#include <algorithm>

#include "audit/base/period.h"
#include "lscb.h"

namespace audit::report::lscb {

namespace {

constexpr std::size_t kMinSpcPoints = 6;  // fewer monthly values: no chart (limits from 6 to 11 are trial limits)

// Making Data Count's colours: improvement blue, concern orange, common cause grey.
constexpr lxw_color_t kBlue = 0x1F77B4, kOrange = 0xE46C0A, kGrey = 0x7F7F7F;

}  // namespace

void Lscb::kpiSpc() {
    std::map<std::string, std::vector<const Kpi*>> byIndicator;
    for (const auto& k : kpis) {
        const auto p = parsePeriod(k.period);
        if (!p || p->firstMonth != p->lastMonth || p->lastMonth > P.lastMonth) continue;
        byIndicator[k.indicator].push_back(&k);
    }
    for (auto& [indicator, rows] : byIndicator) {
        if (rows.size() < kMinSpcPoints) continue;
        std::sort(rows.begin(), rows.end(), [](const Kpi* a, const Kpi* b) { return a->period < b->period; });
        std::vector<spc::Observation> series;
        for (const Kpi* k : rows) series.push_back({k->period, k->value});
        spc::Options o;
        o.polarity = rows.back()->polarity;
        o.target = rows.back()->target;
        kpiCharts.emplace(indicator, spc::xmr(series, o));
    }
}

std::string Lscb::spcConcerns(const ThemeTriangulation& x) const {
    std::string out;
    for (const auto& k : x.kpis) {
        auto it = kpiCharts.find(k.kpi.indicator);
        if (it == kpiCharts.end()) continue;
        std::vector<std::string> months;
        for (const auto& p : it->second.points) {
            const auto pp = parsePeriod(p.period);
            if (p.cause == spc::Cause::Concern && pp && P.contains(pp->firstMonth)) months.push_back(p.period);
        }
        if (months.empty()) continue;
        std::string list;
        for (const auto& m : months) list += (list.empty() ? "" : ", ") + m;
        out += (out.empty() ? "" : " ") + std::string("Statistical process control: a special cause of concern in ") +
               def.kpiTitle(k.kpi.indicator) + " (" + list + "), a real change for the worse rather than noise.";
    }
    return out;
}

void Lscb::auditSpc() {
    // Share good or better by month, grade after moderation: the counts of the grades-by-month table (chartRows, in
    // which a month with a suppressed count is blank, so it is left out here too).
    AuditSeries good;
    good.key = "good-or-better";
    good.title = "Audits good or better by month (grade after moderation), %";
    for (const auto& [label, counts] : chartRows) {
        double all = 0, yes = 0;
        bool blank = false;
        for (std::size_t c = 0; c < counts.size(); ++c) {
            if (!counts[c]) blank = true;
            const double n = counts[c].value_or(0);
            all += n;
            if (goodOrBetter(def, data.gradeLabel(kShowRanks[c]), kShowRanks[c])) yes += n;
        }
        if (blank) ++good.withheld;
        else if (all > 0) good.series.push_back({label, 100.0 * yes / all});
    }
    // Audit accuracy by month: exact agreement of auditor and moderator on the overall grade, as the Summary shows it.
    AuditSeries acc;
    acc.key = "accuracy";
    acc.title = "Audit accuracy by month (exact agreement on the overall grade), %";
    acc.target = 100.0 * def.accuracyThreshold;
    for (int m = firstTrend; m <= P.lastMonth; ++m) {
        auto it = modMonths.find(monthLabel(m));
        if (it == modMonths.end()) continue;
        const agreement::Proportion p = agreement::exactAgreement(it->second);
        if (!p.value) continue;
        if (!shareShown(modMonthEntries[m])) ++acc.withheld;
        else acc.series.push_back({monthLabel(m), 100.0 * *p.value});
    }
    for (AuditSeries* a : {&good, &acc}) {
        if (a->series.size() >= kMinSpcPoints) {
            spc::Options o;
            o.polarity = Polarity::Higher;
            o.target = a->target;
            a->chart = spc::xmr(a->series, o);
        }
        auditCharts.push_back(std::move(*a));
    }
}

void Lscb::spcSheet() {
    lxw_worksheet* ws = book.sheet("SPC");
    // At most three pages of the printed pack (at most 10 without the Data sheet): the charts shrink to fit.
    worksheet_fit_to_pages(ws, 1, 3);
    book.widths(ws, {12, 10, 10, 10, 10, 14, 22, 10, 10});
    book.text(ws, 0, 0, "Statistical process control " + periodText + ": audits and KPIs over time (Making Data Count)",
              book.title());
    book.text(ws, 1, 0,
              "Each series with " + std::to_string(kMinSpcPoints) +
                  " or more monthly values: an XmR chart (mean, process limits at mean +/- 2.66 x the mean moving range; "
                  "limits from fewer than 12 months are trial limits), special causes marked blue (improvement) or "
                  "orange (concern). How to read it: reports/README.md.",
              book.note());
    lxw_format* blue = book.w().format("spc improvement");
    format_set_font_color(blue, 0xFFFFFF);
    format_set_bg_color(blue, kBlue);
    format_set_bold(blue);
    lxw_format* orange = book.w().format("spc concern");
    format_set_font_color(orange, 0xFFFFFF);
    format_set_bg_color(orange, kOrange);
    format_set_bold(orange);
    lxw_format* grey = book.w().format("spc common");
    format_set_font_color(grey, 0xFFFFFF);
    format_set_bg_color(grey, kGrey);
    format_set_bold(grey);
    lxw_format* bold = book.w().format("bold");
    auto iconFormat = [&](const std::string& icon) {
        if (icon.rfind("improvement", 0) == 0 || icon == "consistently-passing") return blue;
        if (icon.rfind("concern", 0) == 0 || icon == "consistently-failing") return orange;
        return grey;
    };
    std::size_t r = 3;
    // One chart: its title, icons, limits note, the table of points (each also a row of the Data sheet) and the chart.
    auto draw = [&](const std::string& titleText, const spc::Chart& c, const std::string& kind, const std::string& key,
                    const std::string& extraNote) {
        const std::size_t top = r;
        book.w().writeString(ws, r, 0, titleText, bold);
        ++r;
        // The icons as text on their colour, across the table's width (so that they print whole).
        auto icon = [&](const std::string& words, lxw_format* f) {
            book.w().check(worksheet_merge_range(ws, static_cast<lxw_row_t>(r), 0, static_cast<lxw_row_t>(r), 6,
                                                 words.c_str(), f),
                           "writing an SPC icon");
        };
        icon("Variation: " + spc::variationWords(c.variation), iconFormat(c.variation));
        ++r;
        if (!c.assurance.empty()) {
            icon("Assurance: " + spc::assuranceWords(c.assurance), iconFormat(c.assurance));
            ++r;
        }
        book.paragraph(ws, r, 0, 8,
                  "Limits from the first " + std::to_string(c.baseline) + " months" +
                      (c.trial ? " (trial limits: fewer than 12)" : "") + "; target " +
                      (c.options.target ? formatNumber(*c.options.target) : std::string("none")) + ", " +
                      polarityName(*c.options.polarity) + " is better." + extraNote);
        ++r;
        const std::size_t header = r;
        book.headers(ws, r, {"Month", "Value", "Mean", "Lower limit", "Upper limit", "Special cause", "Rules",
                             "Improvement", "Concern"});
        for (const auto& p : c.points) {
            ++r;
            book.text(ws, r, 0, p.period);
            book.number(ws, r, 1, p.value, book.num1());
            book.number(ws, r, 2, c.mean, book.num1());
            book.number(ws, r, 3, c.lower, book.num1());
            book.number(ws, r, 4, c.upper, book.num1());
            if (p.cause != spc::Cause::None) {
                book.w().writeString(ws, r, 5, spc::causeName(p.cause), p.cause == spc::Cause::Concern ? orange : blue);
                std::string rules;
                for (const auto& x : p.rules) rules += (rules.empty() ? "" : ", ") + x;
                book.text(ws, r, 6, rules);
            }
            if (p.cause == spc::Cause::Improvement) book.number(ws, r, 7, p.value, book.num1());
            if (p.cause == spc::Cause::Concern) book.number(ws, r, 8, p.value, book.num1());
            cx.rows.push_back(DataRow{"SPC", p.period, kind, key, "value", p.value,
                                      spc::causeName(p.cause), {}, c.lower, c.upper});
        }
        const std::size_t last = r;
        lxw_chart* chart = workbook_add_chart(book.w().workbook(), LXW_CHART_LINE);
        struct Line {
            std::size_t col;
            const char* name;
            lxw_color_t colour;
            bool dashed, markersOnly;
        };
        const Line lines[] = {{1, "Value", 0x404040, false, false}, {2, "Mean", kGrey, false, false},
                              {3, "Lower limit", kGrey, true, false}, {4, "Upper limit", kGrey, true, false},
                              {7, "Improvement", kBlue, false, true}, {8, "Concern", kOrange, false, true}};
        for (const auto& l : lines) {
            lxw_chart_series* s = chart_add_series(chart, sheetRef("SPC", header + 1, 0, last, 0).c_str(),
                                                   sheetRef("SPC", header + 1, l.col, last, l.col).c_str());
            chart_series_set_name(s, l.name);
            lxw_chart_line line{};
            line.color = l.colour;
            line.width = l.col == 1 ? 1.75f : 1.0f;
            if (l.dashed) line.dash_type = LXW_CHART_LINE_DASH_DASH;
            if (l.markersOnly) line.none = LXW_TRUE;
            chart_series_set_line(s, &line);
            if (l.col == 1 || l.markersOnly) {
                chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
                chart_series_set_marker_size(s, l.markersOnly ? 8 : 5);
                lxw_chart_fill fill{};
                fill.color = l.colour;
                chart_series_set_marker_fill(s, &fill);
                lxw_chart_line border{};
                border.color = l.colour;
                chart_series_set_marker_line(s, &border);
            } else {
                chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
            }
        }
        const std::string chartTitle = titleText;
        chart_title_set_name(chart, chartTitle.c_str());  // libxlsxwriter copies the name
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
        lxw_chart_options o{};
        o.x_scale = 1.2;
        o.y_scale = 1.1;
        book.w().check(worksheet_insert_chart_opt(ws, static_cast<lxw_row_t>(top), 10, chart, &o),
                       "inserting an SPC chart");
        r = std::max(last, top + 18) + 2;
    };
    book.text(ws, r, 0, "Audit series", book.title());
    r += 2;
    for (const AuditSeries& a : auditCharts) {
        const std::string withheld =
            a.withheld ? " " + std::to_string(a.withheld) + (a.withheld == 1 ? " month" : " months") +
                             " with a suppressed count left out."
                       : std::string();
        if (a.chart) {
            const bool wide = a.chart->lower < 0 || a.chart->upper > 100;
            draw(a.title, *a.chart, "Audit series", a.key,
                 (wide ? " The limits reach beyond 0% or 100%: with few cases a month the share swings widely, so only a "
                         "large change would show as a special cause."
                       : "") +
                     withheld);
        } else {
            book.w().writeString(ws, r, 0, a.title, bold);
            ++r;
            book.paragraph(ws, r, 0, 8,
                      "Not charted: " + std::to_string(a.series.size()) + (a.series.size() == 1 ? " month" : " months") +
                          " with a value up to " + periodText + ", and an XmR chart needs " +
                          std::to_string(kMinSpcPoints) + "; the table on the Summary sheet shows them." + withheld);
            r += 3;
        }
    }
    book.text(ws, r, 0, "Performance indicators (KPIs)", book.title());
    r += 2;
    if (kpiCharts.empty())
        book.text(ws, r, 0, "No KPI has " + std::to_string(kMinSpcPoints) + " monthly values up to " + periodText +
                                " yet: no charts.", book.note());
    for (const auto& [indicator, c] : kpiCharts) draw(def.kpiTitle(indicator), c, "KPI", indicator, "");
}

}  // namespace audit::report::lscb
