#include <algorithm>
#include <cstdio>

#include "accuracy_view.h"
#include "audit/web/html.h"
#include "svg.h"

namespace audit::web {

using svg::num;

namespace {

std::string nText(std::uint64_t n) { return "n=" + std::to_string(n); }

std::string pointWords(const AccuracyPoint& p, std::size_t minN) {
    if (!p.shown) return p.label + ": n/a (" + nText(p.n) + ", fewer than " + std::to_string(minN) + ")";
    return p.label + ": " + percent(*p.value) + " (95% interval " + percent(p.low.value_or(0)) + " to " +
           percent(p.high.value_or(1)) + ", " + nText(p.n) + ")";
}

}  // namespace

std::string percent(double share) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f%%", 100 * share);
    return b;
}

std::string accuracyTrendSvg(const std::vector<AccuracyPoint>& months, double threshold, std::size_t minN) {
    const double W = 720, H = 300, left = 48, right = 24, top = 16, bottom = 56;
    const std::size_t n = months.size();
    auto x = [&](std::size_t i) { return left + (n < 2 ? 0.5 : static_cast<double>(i) / static_cast<double>(n - 1)) * (W - left - right); };
    auto y = [&](double share) { return top + (1 - share) * (H - top - bottom); };
    std::string desc;
    for (const auto& p : months) desc += (desc.empty() ? "" : "; ") + pointWords(p, minN);
    std::string s = svg::open("accuracy-trend", W, H, "Exact agreement with the moderator by month, with 95% intervals and the " +
                                                          percent(threshold) + " threshold", desc);
    for (double g : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        if (g == threshold) continue;
        s += "<line x1=\"" + num(left) + "\" x2=\"" + num(W - right) + "\" y1=\"" + num(y(g)) + "\" y2=\"" + num(y(g)) +
             "\" stroke=\"#f3f2f1\" stroke-width=\"1\"/>" + svg::label(left - 6, y(g) + 4, percent(g).substr(0, percent(g).find('.')) + "%", "end");
    }
    s += svg::hline(left, W - right, y(threshold), "#d4351c", true, left - 6, percent(threshold), "end");
    s += svg::label(W - right, y(threshold) - 6, "threshold", "end", 11, "#d4351c");
    // The line joins neighbouring months that are shown; a month shown as n/a breaks it.
    std::string pts;
    auto flush = [&] {
        if (pts.find(' ') != std::string::npos) s += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"2\"/>";
        pts.clear();
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (!months[i].shown) {
            flush();
            continue;
        }
        pts += (pts.empty() ? "" : " ") + num(x(i)) + "," + num(y(*months[i].value));
    }
    flush();
    for (std::size_t i = 0; i < n; ++i) {
        const auto& p = months[i];
        if (p.shown) {
            const double lo = y(p.low.value_or(*p.value)), hi = y(p.high.value_or(*p.value));
            s += "<g class=\"point\"><title>" + escape(pointWords(p, minN)) + "</title><line x1=\"" + num(x(i)) + "\" x2=\"" + num(x(i)) +
                 "\" y1=\"" + num(lo) + "\" y2=\"" + num(hi) + "\" stroke=\"#505a5f\" stroke-width=\"1.5\"/>";
            for (double e : {lo, hi})
                s += "<line x1=\"" + num(x(i) - 5) + "\" x2=\"" + num(x(i) + 5) + "\" y1=\"" + num(e) + "\" y2=\"" + num(e) +
                     "\" stroke=\"#505a5f\" stroke-width=\"1.5\"/>";
            s += "<circle cx=\"" + num(x(i)) + "\" cy=\"" + num(y(*p.value)) + "\" r=\"4.5\" fill=\"#1d70b8\"/></g>";
        } else {
            s += "<g class=\"point\"><title>" + escape(pointWords(p, minN)) + "</title>" +
                 svg::label(x(i), y(0.5), "n/a", "middle", 12, "#505a5f") + "</g>";
        }
        s += svg::label(x(i), H - bottom + 18, p.label, "middle");
        s += svg::label(x(i), H - bottom + 34, nText(p.n), "middle", 11, "#6f777b");
    }
    return s + "</svg>";
}

std::string accuracyBarsSvg(const std::vector<AccuracyPoint>& teams, double threshold, std::size_t minN) {
    const double W = 720, labelW = 200, right = 120, top = 28, rowH = 30, bottom = 24;
    const double H = top + rowH * static_cast<double>(std::max<std::size_t>(teams.size(), 1)) + bottom;
    auto x = [&](double share) { return labelW + share * (W - labelW - right); };
    std::string desc;
    for (const auto& p : teams) desc += (desc.empty() ? "" : "; ") + pointWords(p, minN);
    std::string s = svg::open("accuracy-teams", W, H, "Exact agreement with the moderator by team, with 95% intervals and the " +
                                                          percent(threshold) + " threshold", desc);
    for (double g : {0.0, 0.25, 0.5, 0.75, 1.0})
        s += svg::label(x(g), top - 10, percent(g).substr(0, percent(g).find('.')) + "%", "middle");
    for (std::size_t i = 0; i < teams.size(); ++i) {
        const auto& p = teams[i];
        const double cy = top + rowH * (static_cast<double>(i) + 0.5);
        std::string name = p.label.size() > 30 ? p.label.substr(0, 28) + "…" : p.label;
        s += "<g class=\"bar\"><title>" + escape(pointWords(p, minN)) + "</title>" + svg::label(labelW - 8, cy + 4, name, "end", 12, "#0b0c0c");
        if (p.shown) {
            s += "<rect x=\"" + num(x(0)) + "\" y=\"" + num(cy - 9) + "\" width=\"" + num(x(*p.value) - x(0)) +
                 "\" height=\"18\" fill=\"#1d70b8\"/>";
            const double lo = x(p.low.value_or(*p.value)), hi = x(p.high.value_or(*p.value));
            s += "<line x1=\"" + num(lo) + "\" x2=\"" + num(hi) + "\" y1=\"" + num(cy) + "\" y2=\"" + num(cy) +
                 "\" stroke=\"#0b0c0c\" stroke-width=\"1.5\"/>";
            for (double e : {lo, hi})
                s += "<line x1=\"" + num(e) + "\" x2=\"" + num(e) + "\" y1=\"" + num(cy - 6) + "\" y2=\"" + num(cy + 6) +
                     "\" stroke=\"#0b0c0c\" stroke-width=\"1.5\"/>";
            s += svg::label(W - right + 8, cy + 4, percent(*p.value) + " (" + nText(p.n) + ")", "start", 12, "#0b0c0c");
        } else {
            s += svg::label(x(0) + 6, cy + 4, "n/a (" + nText(p.n) + ")", "start", 12, "#505a5f");
        }
        s += "</g>";
    }
    s += "<line x1=\"" + num(x(0)) + "\" x2=\"" + num(x(0)) + "\" y1=\"" + num(top - 4) + "\" y2=\"" + num(H - bottom) +
         "\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>";
    s += "<line x1=\"" + num(x(threshold)) + "\" x2=\"" + num(x(threshold)) + "\" y1=\"" + num(top - 4) + "\" y2=\"" + num(H - bottom) +
         "\" stroke=\"#d4351c\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>";
    s += svg::label(x(threshold), H - 8, "threshold " + percent(threshold), "middle", 11, "#d4351c");
    return s + "</svg>";
}

std::string accuracyTable(const std::string& caption, const std::string& what, const std::vector<AccuracyPoint>& points,
                          std::size_t minN) {
    std::string h = "<table class=\"data\"><caption>" + escape(caption) + "</caption><thead><tr><th scope=\"col\">" + escape(what) +
                    "</th><th scope=\"col\" class=\"num\">Moderated grades (n)</th><th scope=\"col\" class=\"num\">Exact agreement</th>"
                    "<th scope=\"col\">95% interval</th><th scope=\"col\" class=\"num\">Within one grade</th></tr></thead><tbody>";
    for (const auto& p : points) {
        h += "<tr><th scope=\"row\">" + escape(p.label) + "</th><td class=\"num\">" + std::to_string(p.n) + "</td>";
        if (p.shown)
            h += "<td class=\"num\">" + percent(*p.value) + "</td><td>" + percent(p.low.value_or(0)) + " to " + percent(p.high.value_or(1)) +
                 "</td><td class=\"num\">" + (p.withinOne ? percent(*p.withinOne) : std::string("n/a")) + "</td>";
        else
            h += "<td class=\"num\">n/a</td><td>fewer than " + std::to_string(minN) + " moderated grades</td><td class=\"num\">n/a</td>";
        h += "</tr>";
    }
    return h + "</tbody></table>";
}

}  // namespace audit::web
