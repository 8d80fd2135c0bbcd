// The published workbook as the observer's page: a contents list, each sheet as a table (empty rows and columns
// left out), the SPC sheet's charts drawn as SVG above its tables.
#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>

#include "audit/web/html.h"
#include "observer_view.h"
#include "svg.h"

namespace audit::web {

namespace {

std::string anchor(const std::string& sheet) {
    std::string a = "sheet-";
    for (char ch : sheet) a += std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::tolower(ch)) : '-';
    return a;
}

using svg::num;

std::string sheetTable(const xlsx::SheetData& s) {
    std::size_t cols = 0;
    for (std::size_t r = 0; r < s.rowCount(); ++r)
        for (std::size_t c = 0; c < s.row(r).size(); ++c)
            if (!s.row(r)[c].empty()) cols = std::max(cols, c + 1);
    std::string h = "<table class=\"data published\"><caption class=\"visually-hidden\">" + escape(s.name()) + "</caption><tbody>";
    for (std::size_t r = 0; r < s.rowCount(); ++r) {
        const auto& row = s.row(r);
        if (std::all_of(row.begin(), row.end(), [](const xlsx::Cell& x) { return x.empty(); })) continue;
        h += "<tr>";
        for (std::size_t c = 0; c < cols; ++c) h += "<td>" + escape(c < row.size() ? row[c].str() : std::string()) + "</td>";
        h += "</tr>";
    }
    return h + "</tbody></table>";
}

}  // namespace

std::vector<SpcChart> spcCharts(const xlsx::SheetData& s) {
    std::vector<SpcChart> out;
    std::vector<std::string> above;  // texts in column A since the last table
    for (std::size_t r = 0; r < s.rowCount(); ++r) {
        const std::string a = s.cell(r, 0).str();
        if (a == "Month" && s.cell(r, 1).str() == "Value" && s.cell(r, 4).str() == "Upper limit") {
            SpcChart ch;
            // The chart's title: the first text above that is not a note of the chart itself.
            for (const auto& t : above) {
                if (t.rfind("Variation:", 0) == 0 || t.rfind("Assurance:", 0) == 0 || t.rfind("Limits from", 0) == 0) ch.notes.push_back(t);
                else ch.title = t;
            }
            for (++r; r < s.rowCount() && !s.cell(r, 0).str().empty() && s.cell(r, 1).type == xlsx::Cell::Type::Number; ++r)
                ch.rows.push_back({s.cell(r, 0).str(), s.cell(r, 5).str(), s.cell(r, 1).number, s.cell(r, 2).number,
                                   s.cell(r, 3).number, s.cell(r, 4).number});
            --r;
            out.push_back(std::move(ch));
            above.clear();
        } else if (!a.empty()) {
            above.push_back(a);
        }
    }
    return out;
}

std::string spcSvg(const SpcChart& ch) {
    const double W = 720, H = 260, left = 56, right = 36, top = 16, bottom = 40;
    double lo = 1e300, hi = -1e300;
    for (const auto& p : ch.rows) lo = std::min({lo, p.value, p.lower}), hi = std::max({hi, p.value, p.upper});
    if (ch.rows.empty() || !(hi > lo)) hi = lo + 1;
    const double pad = (hi - lo) * 0.08;
    lo -= pad;
    hi += pad;
    const std::size_t n = ch.rows.size();
    auto x = [&](std::size_t i) { return left + (n < 2 ? 0.5 : static_cast<double>(i) / static_cast<double>(n - 1)) * (W - left - right); };
    auto y = [&](double v) { return top + (hi - v) / (hi - lo) * (H - top - bottom); };
    const std::string alt = ch.title + ": XmR chart of " + std::to_string(n) + " months";
    std::string s = svg::open("spc", W, H, alt);
    auto hline = [&](double v, const char* colour, bool dashed) { s += svg::hline(left, W - right, y(v), colour, dashed, 4, num(v)); };
    if (!ch.rows.empty()) {
        hline(ch.rows[0].upper, "#b1b4b6", true);
        hline(ch.rows[0].mean, "#505a5f", false);
        hline(ch.rows[0].lower, "#b1b4b6", true);
    }
    std::string pts;
    for (std::size_t i = 0; i < n; ++i) pts += (i ? " " : "") + num(x(i)) + "," + num(y(ch.rows[i].value));
    s += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"#0b0c0c\" stroke-width=\"1.5\"/>";
    for (std::size_t i = 0; i < n; ++i) {
        const auto& p = ch.rows[i];
        const char* colour = p.cause == "improvement" ? "#1d70b8" : p.cause == "concern" ? "#f47738" : "#6f777b";
        s += "<circle cx=\"" + num(x(i)) + "\" cy=\"" + num(y(p.value)) + "\" r=\"4\" fill=\"" + colour + "\"><title>" +
             escape(p.month + ": " + num(p.value) + (p.cause.empty() || p.cause == "none" ? "" : " (" + p.cause + ")")) + "</title></circle>";
        if (n <= 13 || i % 3 == 0 || i + 1 == n)
            s += svg::label(x(i), H - 14, p.month, "middle");
    }
    return s + "</svg>";
}

std::string publishedHtml(const std::string& period, const std::vector<xlsx::SheetData>& sheets, std::size_t suppressed) {
    std::string h = "<p>The partnership's published figures for " + escape(period) +
                    ": the workbook <code>audit-report lscb --publish</code> writes, with case references replaced by pseudonyms, no "
                    "names, and small counts suppressed (" + std::to_string(suppressed) +
                    " count(s) hidden, shown as [c]).</p><nav aria-label=\"Sheets\"><ul class=\"contents\">";
    for (const auto& s : sheets) h += "<li><a href=\"#" + anchor(s.name()) + "\">" + escape(s.name()) + "</a></li>";
    h += "</ul></nav>";
    for (const auto& s : sheets) {
        h += "<section class=\"published-sheet\" id=\"" + anchor(s.name()) + "\"><h2>" + escape(s.name()) + "</h2>";
        if (s.name() == "SPC")
            for (const auto& ch : spcCharts(s)) {
                h += "<figure class=\"spc-chart\"><figcaption><strong>" + escape(ch.title) + "</strong>";
                for (const auto& note : ch.notes) h += "<br>" + escape(note);
                h += "</figcaption>" + spcSvg(ch) + "</figure>";
            }
        h += sheetTable(s) + "</section>";
    }
    return h;
}

}  // namespace audit::web
