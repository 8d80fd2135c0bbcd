// The partnership workbook's Method sheet (sources, definitions, disclosure control) and its Data sheet (every
// figure as one long table) (lscb.h).
#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "lscb.h"

namespace audit::report::lscb {

void Lscb::method() {
    lxw_worksheet* ws = book.sheet("Method");
    worksheet_fit_to_pages(ws, 1, 1);  // one page of the printed pack (at most 10 without the Data sheet)
    book.widths(ws, {34, 120});
    book.text(ws, 0, 0, "Method, sources and definitions", book.title());
    std::size_t me = 2;
    book.headers(ws, me, {"Item", "Detail"});
    auto method = [&](const std::string& item, const std::string& detail) {
        ++me;
        book.text(ws, me, 0, item, book.wrap());
        book.text(ws, me, 1, detail, book.wrap());
    };
    method("Period", periodText + ": " + P.firstDay() + " to " + P.lastDay() +
                         ". Audits count in the month of their round (or of completion); actions and ages are counted "
                         "as at " + P.lastDay() + ". Trend tables cover " + monthLabel(firstTrend) + " to " +
                         monthLabel(P.lastMonth) + ".");
    method("Report definition", def.id + " version " + def.version + " (" +
                                    std::filesystem::path(def.file).filename().string() + ")");
    method("Store", opt.publish || opt.storeName.rfind("postgresql", 0) == 0
                        ? std::string("the council's audit store")
                        : std::filesystem::path(opt.storeName).filename().string());
    method("KPI data", opt.kpiSource.empty() ? std::string("as held in the store")
                                             : opt.kpiSource + " (SHA-256 " + opt.kpiHash + "), with earlier imports");
    method("Self-assessments", opt.selfSource.empty() ? std::string("as held in the store")
                                                      : opt.selfSource + " (SHA-256 " + opt.selfHash +
                                                            "), with earlier imports");
    {
        int shown = 0;
        for (const auto& d : data.draws) {
            auto dp = parsePeriod(d.period);
            if (!dp || !P.overlaps(*dp)) continue;
            ++shown;
            method("Sample: draw " + std::to_string(d.id),
                   d.kind + " draw for " + d.period + " made " + d.createdAt + ": " + std::to_string(d.sampleSize) +
                       " of " + std::to_string(d.frameSize) + " eligible cases in " + std::to_string(d.strata) +
                       " strata; seed " + d.seed + "; " + d.algorithm +
                       (opt.publish || d.frameHash.empty() ? std::string() : "; frame hash (SHA-256 of the eligible cases, audit-sample README) " + d.frameHash));
        }
        if (!shown) method("Samples", "no draw recorded for the period: audits are weighted equally");
    }
    for (const auto& note : opt.purged) method("Retention: purged", note + ": grades, moderation grades, weights "
                                                                       "and counts are kept; the figures here are unchanged.");
    method("Grade that counts", "the grade agreed after moderation where an audit was moderated, else the auditor's "
                                "grade, else the grade computed from the answers; the latest version of each form.");
    {
        std::string g;
        for (const auto& x : def.goodOrBetter) g += (g.empty() ? "" : ", ") + x;
        method("Good or better", g + " (by the framework's grade labels), counted on the grade after moderation "
                                 "everywhere in this workbook. The Summary also shows the share on the auditor's own "
                                 "grade before moderation, which is what the scores workbook (audit-score) counts.");
    }
    method("Weighting and intervals", overall.method.empty() ? std::string("no audits") : overall.method +
                                          ". A theme's value for an audit is the share of its domains graded good or "
                                          "better; audits with none of them graded are left out.");
    method("Audit accuracy", "exact agreement between the auditor's and the moderator's independent overall grades, "
                             "with a Wilson 95% interval; within one grade; moderated down (auditor more generous) and "
                             "up; Gwet's AC2 (ordinal weights) and quadratic-weighted kappa where defined (n/a "
                             "otherwise). Accuracy threshold: " + percent(def.accuracyThreshold) + " exact agreement (the report "
                             "definition's <accuracy threshold>); a month, team or domain below it with at least " +
                             std::to_string(def.minModerated) + " moderated cases (<accuracy min-moderated>) is marked "
                             "in the \"Below\" column and shaded; fewer cases are never marked. Accuracy by auditor is "
                             "in the QA lead's accuracy workbook (audit-reconcile accuracy), not in this one.");
    method("RAG: KPIs", "green when the target is met (value >= target when higher is better, <= when lower is "
                        "better); amber when short by no more than the amber margin (default " +
                            formatNumber(def.rag.kpiAmberMargin) + " points); red otherwise. The latest value in the "
                            "period counts; a theme's KPI RAG is the lower median of its indicators'.");
    method("RAG: audit evidence", "green at or above " + percent(def.rag.auditGreen) + " good or better, amber at or "
                                  "above " + percent(def.rag.auditAmber) + ", red below (per-theme overrides in the "
                                  "definition); none with fewer than " + std::to_string(def.rag.minAudits) + " cases. The RAG "
                                  "is the point estimate's; when the 95% interval reaches another band the theme's "
                                  "sentence says which bands the interval spans (the evidence cannot tell them apart).");
    method("RAG: self-assessment", "each agency's latest rating of each standard up to the period's end (grades mapped: "
                                   "Outstanding and Good green, Requires improvement amber, Inadequate red); an "
                                   "agency's RAG is the lower median of its standards, the theme's the lower median "
                                   "over agencies.");
    method("Flags", "a theme is flagged when two sources are two steps apart (red against green) or when partners' "
                    "self-assessment is rosier than the audit evidence.");
    method("Actions", "open = open or in progress; overdue = open past the due date at " + actions.asOf +
                          "; follow-up rate = share of actions due by then that are done; done by the due date = "
                          "closed on or before it.");
    method("Data sheet", "every figure of this workbook as one long table, for analysis; hidden so that it stays out "
                         "of the printed pack (in Excel or LibreOffice: right-click a sheet tab, Unhide, Data).");
    if (opt.publish) {
        method("Disclosure control",
               "Published version. Case references are replaced by keyed pseudonyms (P- and 12 hex digits of "
               "HMAC-SHA256 under a secret key kept in the store: the same case has the same pseudonym in every "
               "published workbook). Worker and auditor names and action owners are replaced by numbered labels; action "
               "descriptions are left out. Counts from 1 to " + std::to_string(def.suppressionThreshold - 1) +
                   " are suppressed (" + marker + "), and further counts are suppressed so that no suppressed count "
                   "can be worked out from the totals shown anywhere in the workbook (secondary suppression): a "
                   "table's rows and columns, and the sums that tie tables together (the months, auditors and teams "
                   "of the moderation tables each add up to the period's figures; grades by team and by month add "
                   "up to the same totals; the owners' actions add up to the open and overdue totals; a row's "
                   "moderated number is its agreements plus its moderated down and up). An exact check (linear "
                   "algebra over all of these sums) confirms that the published numbers determine none of them. "
                   "Shares, rates, intervals and agreement statistics that could reveal a suppressed count are "
                   "suppressed too, and overdue actions are not listed one by one. " +
                   std::to_string(cx.suppressed) + " numbers suppressed in this workbook.");
        method("Marker", suppressionNote(def.suppressionThreshold, marker));
    } else {
        method("Disclosure control", "Internal version: not suppressed, holds case references and names. Use "
                                     "--publish for a version that can be shared.");
    }

}

void Lscb::dataSheet() {
    lxw_worksheet* ws = book.sheet("Data");
    book.widths(ws, {22, 10, 22, 36, 30, 12, 14, 9, 10, 10});
    book.headers(ws, 0, {"Sheet", "Period", "Breakdown", "Key", "Measure", "Value", "Text", "n", "Lower 95%",
                         "Upper 95%"});
    std::size_t dr = 0;
    for (const auto& d : cx.rows) {
        ++dr;
        book.text(ws, dr, 0, d.sheet);
        book.text(ws, dr, 1, d.period);
        book.text(ws, dr, 2, d.breakdown);
        book.text(ws, dr, 3, d.key);
        book.text(ws, dr, 4, d.measure);
        if (d.value) book.w().writeNumber(ws, dr, 5, *d.value);
        book.text(ws, dr, 6, d.text);
        if (d.n) book.w().writeNumber(ws, dr, 7, *d.n);
        if (d.lower) book.w().writeNumber(ws, dr, 8, *d.lower);
        if (d.upper) book.w().writeNumber(ws, dr, 9, *d.upper);
    }
    book.table(ws, 0, dr, 9, 0);
    // Out of the printed pack: the Data sheet is for analysis (the Method sheet says how to show it).
    book.w().hideSheet(ws);

    // The grades-by-month chart's data: a month with a hidden count is left blank (no partial stack). Hidden.
    lxw_worksheet* cd = book.sheet("Chart data");
    book.headers(cd, 0, {"Month", data.gradeLabel(4), data.gradeLabel(3), data.gradeLabel(2), data.gradeLabel(1)});
    for (std::size_t i = 0; i < chartRows.size(); ++i) {
        book.text(cd, i + 1, 0, chartRows[i].first);
        for (std::size_t c = 0; c < chartRows[i].second.size(); ++c)
            book.number(cd, i + 1, c + 1, chartRows[i].second[c], book.integer());
    }
    book.w().hideSheet(cd);
}

}  // namespace audit::report::lscb
