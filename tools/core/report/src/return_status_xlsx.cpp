// The status workbook (audit-score status --out): one sheet per view, headers in words, numbers formatted,
// printed landscape, one page wide, the header row repeated on every page.
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/io/xlsx_writer.h"
#include "audit/report/return_status.h"

namespace audit {

namespace {

struct Sheet {
    xlsx::Writer& w;
    lxw_worksheet* ws;
    std::size_t row = 0;
};

void printSetup(xlsx::Writer& w, lxw_worksheet* ws, std::size_t headerRow, std::size_t columns) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);
    w.check(worksheet_repeat_rows(ws, static_cast<lxw_row_t>(headerRow), static_cast<lxw_row_t>(headerRow)),
            "repeating the header row");
    worksheet_freeze_panes(ws, static_cast<lxw_row_t>(headerRow + 1), 0);
    (void)columns;
}

void dateCell(xlsx::Writer& w, lxw_worksheet* ws, std::size_t r, std::size_t c, const std::string& iso) {
    if (const auto d = parseDate(iso)) w.writeDate(ws, r, c, d->year(), d->month(), d->day());
    else w.writeString(ws, r, c, iso.empty() ? "none" : iso);
}

std::string caseList(const std::vector<std::string>& refs) {
    std::string s;
    for (const auto& r : refs) s += (s.empty() ? "" : ", ") + r;
    return s;
}

}  // namespace

void writeStatusXlsx(const ReturnStatus& s, const std::string& path) {
    xlsx::Writer::Options opt;
    opt.title = "Audit returns status" + (s.period.empty() ? std::string() : " " + s.period);
    xlsx::Writer w(path, opt);
    lxw_format* title = w.format("title");
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* head = w.format("header");
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(head, LXW_BORDER_THIN);
    lxw_format* pct = w.format("percent");
    format_set_num_format(pct, "0%");
    lxw_format* whole = w.format("whole");
    format_set_num_format(whole, "#,##0");
    lxw_format* wrap = w.format("wrap");
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

    const std::string asOfText = [&] {
        const auto d = parseDate(s.asOf);
        return d ? d->iso() : s.asOf;
    }();
    const std::vector<std::string> counts = {"Allocated", "Returned", "Moderated", "Outstanding", "Overdue",
                                             "Returned (share of allocated)"};
    auto writeCounts = [&](lxw_worksheet* ws, std::size_t r, std::size_t c, const StatusCounts& n) {
        for (std::size_t v : {n.allocated, n.returned, n.moderated, n.outstanding, n.overdue})
            w.writeNumber(ws, r, c++, static_cast<double>(v), whole);
        if (const auto rate = n.completion()) w.writeNumber(ws, r, c, *rate, pct);
        else w.writeString(ws, r, c, "n/a (nothing allocated)");
    };

    // Draws: one row per draw and auditor, with the draw's total first.
    lxw_worksheet* ws = w.addSheet("Draws");
    w.writeString(ws, 0, 0, "Audit returns by draw, as of " + asOfText +
                               (s.period.empty() ? " (every period)" : " (period " + s.period + ")"), title);
    w.writeString(ws, 1, 0, "Overdue: not returned and the draw's due date has passed. A due date marked "
                            "'default' is the period's end plus ten working days (the draw carries none).");
    const std::size_t h = 3;
    std::vector<std::string> headers = {"Draw", "Period", "Due date", "Due date set by", "Auditor"};
    headers.insert(headers.end(), counts.begin(), counts.end());
    headers.push_back("Overdue cases");
    for (std::size_t c = 0; c < headers.size(); ++c) w.writeString(ws, h, c, headers[c], head);
    std::size_t r = h + 1;
    for (const auto& d : s.draws) {
        auto lead = [&](const std::string& auditor, const StatusCounts& n, lxw_format* fmt) {
            w.writeNumber(ws, r, 0, static_cast<double>(d.drawId));
            w.writeString(ws, r, 1, d.period);
            dateCell(w, ws, r, 2, d.dueDate);
            w.writeString(ws, r, 3, d.dueDateDefault ? "default" : "the draw");
            w.writeString(ws, r, 4, auditor, fmt);
            writeCounts(ws, r, 5, n);
            w.writeString(ws, r, 11, caseList(n.overdueCases), wrap);
            ++r;
        };
        lead("All auditors", d.counts, w.format("bold"));
        for (const auto& a : d.auditors) lead(a.auditor.empty() ? "(not allocated)" : a.auditor, a.counts, nullptr);
    }
    if (s.draws.empty()) w.writeString(ws, r++, 0, "No audit draw in the store for this period.");
    w.setColumnWidth(ws, 0, 0, 7);
    w.setColumnWidth(ws, 1, 1, 9);
    w.setColumnWidth(ws, 2, 2, 11);
    w.setColumnWidth(ws, 3, 3, 15);   // "Due date set by" on one line
    w.setColumnWidth(ws, 4, 4, 36);   // "Practice Lead, Child Protection Team North" not cut
    w.setColumnWidth(ws, 5, 9, 11);
    w.setColumnWidth(ws, 10, 10, 27);  // "Returned (share of allocated)"
    w.setColumnWidth(ws, 11, 11, 40);
    printSetup(w, ws, h, headers.size());

    // Auditors: across the draws.
    lxw_worksheet* wa = w.addSheet("Auditors");
    w.writeString(wa, 0, 0, "Audit returns by auditor, as of " + asOfText, title);
    std::vector<std::string> ah = {"Auditor"};
    ah.insert(ah.end(), counts.begin(), counts.end());
    ah.push_back("Overdue cases");
    for (std::size_t c = 0; c < ah.size(); ++c) w.writeString(wa, 2, c, ah[c], head);
    r = 3;
    for (const auto& a : s.auditors) {
        w.writeString(wa, r, 0, a.auditor.empty() ? "(not allocated)" : a.auditor);
        writeCounts(wa, r, 1, a.counts);
        w.writeString(wa, r++, 7, caseList(a.counts.overdueCases), wrap);
    }
    w.writeString(wa, r, 0, "All auditors", w.format("bold"));
    writeCounts(wa, r, 1, s.total);
    w.setColumnWidth(wa, 0, 0, 36);
    w.setColumnWidth(wa, 1, 5, 11);
    w.setColumnWidth(wa, 6, 6, 27);
    w.setColumnWidth(wa, 7, 7, 40);
    printSetup(w, wa, 2, ah.size());

    // Overdue: one row per case, for chasing.
    lxw_worksheet* wo = w.addSheet("Overdue");
    w.writeString(wo, 0, 0, "Overdue returns, as of " + asOfText, title);
    const std::vector<std::string> oh = {"Case reference", "Auditor", "Draw", "Period", "Due date"};
    for (std::size_t c = 0; c < oh.size(); ++c) w.writeString(wo, 2, c, oh[c], head);
    r = 3;
    for (const auto& d : s.draws)
        for (const auto& a : d.auditors)
            for (const auto& ref : a.counts.overdueCases) {
                w.writeString(wo, r, 0, ref);
                w.writeString(wo, r, 1, a.auditor.empty() ? "(not allocated)" : a.auditor);
                w.writeNumber(wo, r, 2, static_cast<double>(d.drawId));
                w.writeString(wo, r, 3, d.period);
                dateCell(w, wo, r, 4, d.dueDate);
                ++r;
            }
    if (r == 3) w.writeString(wo, r, 0, "Nothing is overdue.");
    w.setColumnWidth(wo, 0, 1, 22);
    w.setColumnWidth(wo, 2, 4, 11);
    printSetup(w, wo, 2, oh.size());
    w.close();
}

}  // namespace audit
