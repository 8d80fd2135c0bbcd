// Writing the XLSX moderation form: see audit/moderation_form.h.
#include <algorithm>

#include "audit/forms/form.h"
#include "audit/moderation/moderation_form.h"
#include "audit/forms/form_sheet.h"

namespace audit::moderation {

namespace {

using formsheet::check;
using formsheet::linesFor;

constexpr int A = 0, B = 1, C = 2, D = 3, E = 4, F = 5, G = 6;
constexpr double wA = 6, wB = 40, wC = 50, wD = 16, wE = 20, wF = 36, wG = 16;
constexpr int kHeaderRows = 7;  // title, four rows of details, the mode note, the column headings

std::string a1(int row, int col) { return CellRef{row, col}.a1(); }

// The rows of each domain's block, in the order they are written.
struct BlockRows {
    int heading = 0;
    std::vector<int> questions;
    int strengths = -1;  // overall, open mode
    int auditor = -1;    // open mode
    int moderation = 0;
};

struct Rows {
    std::vector<BlockRows> blocks;
    int legend = 0;
    int last = 0;
};

Rows rowsOf(const ModerationForm& form) {
    Rows rows;
    int r = kHeaderRows;
    for (const auto& d : form.domains) {
        BlockRows b;
        b.heading = r++;
        for (std::size_t q = 0; q < d.questions.size(); ++q) b.questions.push_back(r++);
        if (!form.blind && d.domain == "_overall") b.strengths = r++;
        if (!form.blind) b.auditor = r++;
        b.moderation = r++;
        rows.blocks.push_back(b);
    }
    rows.legend = r + 1;
    rows.last = rows.legend;
    return rows;
}

const char* modeNote(bool blind) {
    return blind ? "Blind moderation: this form does not show the auditor's grades, answers or rationales. Grade each "
                   "domain and the overall judgement from the case record and the evidence the auditor noted, then "
                   "return the form: the agreed final grade may be left blank until you have agreed it with the "
                   "auditor (the form then counts as awaiting agreement). Where your grade or the agreed grade "
                   "differs from the auditor's, choose a reason code other than 'agreed' and give the reason. Yellow "
                   "cells are yours."
                 : "Open moderation: the auditor's answers, grades and rationales are shown. Grade each domain and the "
                   "overall judgement, then agree the final grade with the auditor (leave it blank until you have "
                   "agreed it: the form then counts as awaiting agreement). Where your grade or the agreed grade "
                   "differs from the auditor's, choose a reason code other than 'agreed' and give the reason. "
                   "Yellow cells are yours.";
}

}  // namespace

ModerationCells moderationCells(const ModerationForm& form) {
    const Rows rows = rowsOf(form);
    ModerationCells cells;
    cells.moderator = a1(4, C);
    cells.date = a1(4, F);
    for (std::size_t i = 0; i < form.domains.size(); ++i) {
        const int r = rows.blocks[i].moderation;
        cells.domains.push_back({form.domains[i].domain, a1(r, D), a1(r, E), a1(r, F), a1(r, G)});
    }
    return cells;
}

std::vector<std::pair<std::string, std::string>> moderationIdentity(const ModerationForm& form) {
    const ModerationCells cells = moderationCells(form);
    std::vector<std::pair<std::string, std::string>> rows = {
        {"kind", "moderation"},
        {"layout_version", std::to_string(kModerationLayoutVersion)},
        {"form_id", form.formId},
        {"audit_form_id", form.auditFormId},
        {"draw_id", form.drawId > 0 ? std::to_string(form.drawId) : ""},
        {"moderator", form.moderator},
        {"mode", form.blind ? "blind" : "open"},
        {"framework_id", form.frameworkId},
        {"audit_template_id", form.templateId},
        {"audit_template_version", form.templateVersion},
        {"case_ref", form.caseRef},
        {"auditor", form.auditor},
        {"period", form.period},
        {"sheet", "Moderation"},
        {"cell.moderator", cells.moderator},
        {"cell.moderated_date", cells.date},
    };
    // The store the form was made from, as audit forms carry it: only when there is one.
    if (!form.storeId.empty()) rows.insert(rows.begin() + 13, {"store_id", form.storeId});
    for (const auto& d : cells.domains) {
        rows.emplace_back("moderator_grade." + d.domain, d.grade);
        rows.emplace_back("reason_code." + d.domain, d.reasonCode);
        rows.emplace_back("reason." + d.domain, d.reason);
        rows.emplace_back("agreed_grade." + d.domain, d.agreed);
    }
    return rows;
}

void writeModerationForm(const ModerationForm& form, const Framework& fw, const std::string& path) {
    const Rows rows = rowsOf(form);
    formsheet::FormBook book(path, "Moderation - " + form.caseRef + " - " + form.auditFormId, "audit-reconcile");
    lxw_worksheet* ws = book.addSheet("Moderation");
    lxw_worksheet* idSheet = book.addSheet("Form");
    book.houseFormats();
    const lxw_color_t answerFill = 0xFFF2CC, line = 0xA6A6A6, shade = 0xF2F2F2;
    auto border = [=](lxw_format* f) {
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, line);
    };
    book.make("input", {border, [=](lxw_format* f) { format_set_unlocked(f); format_set_bg_color(f, answerFill);
                            format_set_num_format(f, "@"); format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    book.make("code", {border, [=](lxw_format* f) { format_set_unlocked(f); format_set_bg_color(f, answerFill);
                           format_set_num_format(f, "@"); format_set_align(f, LXW_ALIGN_CENTER);
                           format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    book.make("record", {border, [](lxw_format* f) { format_set_font_size(f, 9); }});
    book.make("shade", {border, [=](lxw_format* f) { format_set_bg_color(f, shade); }});
    auto str = [&](int r, int c, const std::string& s, const char* f) { book.str(ws, r, c, s, f); };
    auto merge = [&](int r, int c1, int c2, const std::string& s, const char* f) {
        check(worksheet_merge_range(ws, r, c1, r, c2, s.c_str(), book.format(f)), path, "merge");
    };

    // --- columns, page set-up, protection
    const double widths[] = {wA, wB, wC, wD, wE, wF, wG};
    for (int c = A; c <= G; ++c) worksheet_set_column(ws, c, c, widths[c], nullptr);
    worksheet_freeze_panes(ws, kHeaderRows, 0);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
    worksheet_repeat_rows(ws, kHeaderRows - 1, kHeaderRows - 1);
    worksheet_print_area(ws, 0, 0, static_cast<lxw_row_t>(rows.last), G);
    const std::string footer = "&L&8" + form.formId + " - " + form.caseRef + "&R&8Page &P of &N";
    check(worksheet_set_footer(ws, footer.c_str()), path, "footer");
    lxw_protection prot{};
    prot.format_rows = 1;
    prot.format_columns = 1;
    worksheet_protect(ws, nullptr, &prot);
    worksheet_activate(ws);

    // --- title and details
    merge(0, A, C, "Moderation: " + (form.templateTitle.empty() ? form.templateId : form.templateTitle), "title");
    merge(0, D, G, fw.title + "  |  " + form.formId + "  |  " + (form.blind ? "blind" : "open") + " moderation", "intro");
    worksheet_set_row(ws, 0, 24, nullptr);
    const std::string worker = form.worker + (form.worker.empty() || form.category.empty() ? "" : " / ") + form.category;
    const std::string completed =
        form.completedDate + (form.period.empty() ? "" : (form.completedDate.empty() ? "period " : " (period ") +
                                                             form.period + (form.completedDate.empty() ? "" : ")"));
    const std::pair<std::string, std::string> left[] = {
        {"Case reference", form.caseRef}, {"Team", form.team}, {"Worker / category", worker}, {"Moderator", ""}};
    const std::pair<std::string, std::string> right[] = {{"Audit form", form.auditFormId},
                                                          {"Auditor", form.auditor},
                                                          {"Audit completed", completed},
                                                          {"Date moderated", ""}};
    for (int i = 0; i < 4; ++i) {
        const int r = 1 + i;
        merge(r, A, B, left[i].first, "caseLabel");
        merge(r, D, E, right[i].first, "caseLabel");
        if (i < 3) {
            str(r, C, left[i].second, "caseValue");
            merge(r, F, G, right[i].second, "caseValue");
        }
        worksheet_set_row(ws, static_cast<lxw_row_t>(r), 17, nullptr);
    }
    str(4, C, form.moderator, "input");
    merge(4, F, G, "", "caseDate");
    if (auto date = formsheet::isoDate(form.moderatedDate))
        check(worksheet_write_datetime(ws, 4, F, &*date, book.format("caseDate")), path, "date");
    book.dateValidation(ws, 4, F);
    merge(5, A, G, modeNote(form.blind), "intro");
    worksheet_set_row(ws, 5, 26, nullptr);
    const char* heads[] = {"Ref", "Question / what is graded", form.blind ? "Evidence the auditor noted on the file"
                                                                          : "The auditor's answer and evidence",
                           "Your grade", "Reason code", "Reason (where a grade differs)", "Agreed final grade"};
    for (int c = A; c <= G; ++c) str(kHeaderRows - 1, c, heads[c], "head");
    worksheet_set_row(ws, kHeaderRows - 1, 30, nullptr);

    // --- one block per domain
    const std::vector<std::string> grades = fw.gradeLabels();
    std::vector<std::string> codes;
    for (const auto& rc : reasonCodes()) codes.push_back(rc.key);
    std::string gradeRange;
    auto addRange = [&](const std::string& r) { gradeRange += (gradeRange.empty() ? "" : " ") + r; };
    for (std::size_t i = 0; i < form.domains.size(); ++i) {
        const FormDomain& d = form.domains[i];
        const BlockRows& b = rows.blocks[i];
        const bool overall = d.domain == "_overall";
        merge(b.heading, A, B, overall ? d.title : std::to_string(i + 1) + ". " + d.title, "section");
        merge(b.heading, C, G, d.guidance, "sectionNote");
        worksheet_set_row(ws, static_cast<lxw_row_t>(b.heading),
                          std::max(20.0, 12.0 * linesFor(d.guidance, wC + wD + wE + wF + wG, 1.2) + 4), nullptr);
        for (std::size_t k = 0; k < d.questions.size(); ++k) {
            const FormQuestion& q = d.questions[k];
            const int r = b.questions[k];
            std::string record = q.evidence.empty() ? "(no evidence noted)" : q.evidence;
            if (!form.blind) record = "Answer: " + (q.answer.empty() ? std::string("none") : q.answer) + "\n" + record;
            str(r, A, q.number, "ref");
            str(r, B, q.text, "question");
            str(r, C, record, "record");
            for (int c = D; c <= G; ++c) str(r, c, "", "shade");
            const double h = std::max({13.0 * linesFor(q.text, wB, 1.15), 11.5 * linesFor(record, wC, 1.3), 18.0}) + 6;
            worksheet_set_row(ws, static_cast<lxw_row_t>(r), h, nullptr);
        }
        if (b.strengths >= 0) {
            str(b.strengths, A, "", "gradeLabel");
            str(b.strengths, B, "Strengths the auditor noted", "gradeLabel");
            str(b.strengths, C, form.strengths, "record");
            for (int c = D; c <= G; ++c) str(b.strengths, c, "", "shade");
            worksheet_set_row(ws, static_cast<lxw_row_t>(b.strengths),
                              std::max(30.0, 11.5 * linesFor(form.strengths, wC, 1.3) + 6), nullptr);
        }
        if (b.auditor >= 0) {
            const std::string label = "The auditor's grade" + std::string(d.computedGrade.empty() ? "" : " (computed: " +
                                                                                                      d.computedGrade + ")");
            str(b.auditor, A, "", "computedLabel");
            str(b.auditor, B, label, "computedLabel");
            str(b.auditor, C, d.rationale.empty() ? "(no rationale given)" : d.rationale, "computedNote");
            str(b.auditor, D, d.auditorGrade, "computed");
            for (int c = E; c <= G; ++c) str(b.auditor, c, "", "shade");
            addRange(a1(b.auditor, D));
            worksheet_set_row(ws, static_cast<lxw_row_t>(b.auditor),
                              std::max(30.0, 11.5 * linesFor(d.rationale, wC, 1.3) + 6), nullptr);
        }
        const int r = b.moderation;
        str(r, A, "", "gradeLabel");
        str(r, B, overall ? "Your overall grade" : "Your grade for " + d.title, "gradeLabel");
        str(r, C,
            "Choose your grade (" + grades.front() + " best, " + grades.back() +
                " worst). The agreed grade may stay blank until you agree it with the auditor; then a reason code "
                "and the reason where either grade differs from the auditor's.",
            "gradeNote");
        str(r, D, d.moderatorGrade, "grade");
        str(r, E, d.reasonCode, "code");
        str(r, F, d.reason, "rationale");
        str(r, G, d.agreedGrade, "grade");
        book.listValidation(ws, r, D, r, D, grades, "a grade");
        book.listValidation(ws, r, E, r, E, codes, "a reason code");
        book.listValidation(ws, r, G, r, G, grades, "a grade");
        addRange(a1(r, D) + " " + a1(r, G));
        worksheet_set_row(ws, static_cast<lxw_row_t>(r), 48, nullptr);
    }
    std::string legend = "Reason codes:";
    const char* meaning[] = {"the auditor missed evidence on the file", "the grade was higher than the evidence supports",
                             "the framework's threshold or descriptors were misapplied",
                             "the grade was held back or lifted by how the work is recorded", "no change"};
    for (std::size_t i = 0; i < reasonCodes().size(); ++i)
        legend += std::string(i ? ";" : "") + " " + reasonCodes()[i].key + " (" + (i < 5 ? meaning[i] : "") + ")";
    merge(rows.legend, A, G, legend + ".", "intro");
    worksheet_set_row(ws, static_cast<lxw_row_t>(rows.legend), 26, nullptr);
    if (!gradeRange.empty()) book.gradeColours(ws, gradeRange, fw);

    book.keyValueSheet(idSheet, moderationIdentity(form));
    book.close();
}

}  // namespace audit::moderation
