// The partnership workbook's Triangulation sheet: KPIs, audit evidence and partners' self-assessments by theme
// (lscb.h).
#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "lscb.h"

namespace audit::report::lscb {

void Lscb::triangulation() {
    kpiSpc();
    lxw_worksheet* ws = book.sheet("Triangulation");
    book.widths(ws, {30, 10, 48, 10, 11, 9, 9, 8, 13, 40, 7, 34, 90});
    book.text(ws, 0, 0, "Triangulation " + periodText + ": performance data, audit evidence and partners' self-assessment",
              book.title());
    book.text(ws, 1, 0,
              "Flag: two sources two steps apart (red against green), or partners' self-assessment rosier than the "
              "audit evidence. Rules: reports/README.md and the Method sheet.",
              book.note());
    std::size_t tr = 3;
    const std::size_t triHeader = tr;
    book.headers(ws, tr, {"Theme", "KPI RAG", "KPIs (latest in the period against target)", "Audit RAG",
                          "Good or better (weighted)", "Lower 95%", "Upper 95%", "Cases", "Self-assessment RAG",
                          "Partners' ratings", "Flag", "Why flagged", "Finding"});
    // Published: a theme whose domains have a hidden count on Findings shows its RAG but not its share, interval
    // and count (they could reveal it), in the cells and in the sentence.
    std::vector<ThemeTriangulation> triShown = tri;
    if (!themesWithheld.empty()) {
        std::map<std::string, AuditEvidence> withheld = evidence;
        for (const auto& id : themesWithheld) withheld[id].withheld = true;
        triShown = triangulateAll(def, P, kpis, withheld, selfAssessments, t);
    }
    for (const auto& x : triShown) {
        ++tr;
        book.text(ws, tr, 0, x.title, book.wrap());
        if (x.kpiRag) book.text(ws, tr, 1, ragName(*x.kpiRag));
        std::string kd;
        for (const auto& k : x.kpis)
            kd += (kd.empty() ? "" : "; ") + def.kpiTitle(k.kpi.indicator) + " " + formatNumber(k.kpi.value) + " (target " +
                  formatNumber(k.kpi.target) + ", " + polarityName(k.kpi.polarity) + " is better, " + k.kpi.period +
                  ": " + ragName(k.rag) + ")";
        book.text(ws, tr, 2, kd, book.wrap());
        if (x.auditRag) book.text(ws, tr, 3, ragName(*x.auditRag));
        const bool nHidden = (opt.publish && x.audit.n > 0 && static_cast<long>(x.audit.n) < t) || x.audit.withheld;
        if (x.audit.n > 0 && !nHidden) {
            book.number(ws, tr, 4, x.audit.share, book.pct());
            book.number(ws, tr, 5, x.audit.lo, book.pct());
            book.number(ws, tr, 6, x.audit.hi, book.pct());
        }
        book.count(ws, tr, 7, static_cast<long>(x.audit.n), nHidden, marker);
        if (x.selfRag) book.text(ws, tr, 8, ragName(*x.selfRag));
        std::string agencies;
        for (const auto& a : x.agencies) {
            std::string ratings;
            for (const auto& s : a.ratings) ratings += (ratings.empty() ? "" : ", ") + s.standard + " " + s.rating;
            agencies += (agencies.empty() ? "" : "; ") + a.agency + ": " + ragName(a.rag) + " (" + ratings + ")";
        }
        book.text(ws, tr, 9, agencies, book.wrap());
        if (x.flagged()) {
            book.text(ws, tr, 10, "FLAG");
            std::string why;
            for (Flag f : x.flags) why += (why.empty() ? "" : "; ") + flagName(f);
            book.text(ws, tr, 11, why, book.wrap());
        }
        const std::string spcNote = spcConcerns(x);
        book.text(ws, tr, 12, spcNote.empty() ? x.sentence : x.sentence + " " + spcNote, book.wrap());
        auto ragText = [](const std::optional<Rag>& r) { return r ? ragName(*r) : std::string("none"); };
        cx.rows.push_back(DataRow{"Triangulation", periodText, "Theme", x.themeId, "KPI RAG", {}, ragText(x.kpiRag), {}, {}, {}});
        cx.rows.push_back(DataRow{"Triangulation", periodText, "Theme", x.themeId, "audit RAG", {}, ragText(x.auditRag),
                                  nHidden ? std::nullopt : std::optional<double>(static_cast<double>(x.audit.n)), {}, {}});
        cx.rows.push_back(DataRow{"Triangulation", periodText, "Theme", x.themeId, "self-assessment RAG", {},
                                  ragText(x.selfRag), {}, {}, {}});
        cx.rows.push_back(DataRow{"Triangulation", periodText, "Theme", x.themeId, "flag",
                                  static_cast<double>(x.flagged()), x.flagged() ? "FLAG" : "", {}, {}, {}});
        for (const auto& k : x.kpis)
            cx.rows.push_back(DataRow{"Triangulation", k.kpi.period, "KPI", k.kpi.indicator, "value against target " +
                                      formatNumber(k.kpi.target), k.kpi.value, ragName(k.rag), {}, {}, {}});
        for (const auto& a : x.agencies)
            for (const auto& s : a.ratings)
                cx.rows.push_back(DataRow{"Triangulation", s.period, "Self-assessment", a.agency + " " + s.standard,
                                          "rating", {}, s.rating, {}, {}, {}});
    }
    book.table(ws, triHeader, tr, 12, 1);
    book.ragColours(ws, triHeader + 1, 1, tr, 1);
    book.ragColours(ws, triHeader + 1, 3, tr, 3);
    book.ragColours(ws, triHeader + 1, 8, tr, 8);
    book.flagColour(ws, triHeader + 1, 10, tr);

}

}  // namespace audit::report::lscb
