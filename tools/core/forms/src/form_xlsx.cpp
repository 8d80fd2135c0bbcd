// The XLSX audit form: see audit/form.h and templates/README.md.
#include <xlsxwriter.h>

#include <cmath>
#include <unistd.h>
#include <functional>
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "audit/base/date.h"
#include "audit/base/working_days.h"
#include "audit/forms/form.h"
#include "audit/base/output_file.h"
#include "audit/base/text.h"
#include "audit/forms/form_sheet.h"
#include "audit/io/xml_check.h"

namespace audit {

namespace {

constexpr int A = 0, B = 1, C = 2, D = 3, E = 4;
// Hidden helper columns. Question rows: G earned, H possible, I domain cap, J overall cap.
// Computed rows: K Σearned, L Σpossible, M score, N band value, O computed value, P auditor value,
// Q value the overall rule uses, R weight × Q, S weight. Overall row: K ΣR, L ΣS, M mean, N uncapped, O computed, P auditor.
constexpr int G = 6, H = 7, I = 8, J = 9, K = 10, Lc = 11, M = 12, N = 13, O = 14, P = 15, Q = 16, R = 17, S = 18;
constexpr const char* kNoCap = "1000000000";
constexpr double kNoCapValue = 1e9;
constexpr const char* kEps = "0.000000001";

std::string ref(int row, int col) { return CellRef{row, col}.a1(); }

std::string num(double d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", d);
    return buf;
}

using formsheet::check;
using formsheet::isoDate;
using formsheet::linesFor;
using formsheet::quoteText;

class FormWriter {
public:
    FormWriter(const Template& t, const Framework& f, const FormCase& c, const AuditInput* filled, const FormWriteOptions& o)
        : tpl(t), fw(f), kase(c), input(filled ? *filled : AuditInput{}), filled_(filled != nullptr), opt(o),
          L(formLayout(t, f)), result(score(t, f, input)) {}

    void write(const std::string& path);

private:
    const Template& tpl;
    const Framework& fw;
    const FormCase& kase;
    AuditInput input;
    bool filled_;
    FormWriteOptions opt;
    FormLayout L;
    ScoreResult result;
    std::string path_;
    std::unique_ptr<formsheet::FormBook> book;
    lxw_workbook* wb = nullptr;
    lxw_worksheet* ws = nullptr;
    std::string answerRange, gradeRange;

    lxw_format* fmt(const char* name) const { return book->format(name); }
    void str(int r, int c, const std::string& s, const char* f) { book->str(ws, r, c, s, f); }
    void formulaNum(int r, int c, const std::string& formula, double cached, lxw_format* f = nullptr) {
        check(worksheet_write_formula_num(ws, r, c, formula.c_str(), f, opt.cachedValues ? cached : 0), path_, "formula");
    }
    void formulaStr(int r, int c, const std::string& formula, const std::string& cached, lxw_format* f = nullptr) {
        check(worksheet_write_formula_str(ws, r, c, formula.c_str(), f, opt.cachedValues ? cached.c_str() : ""), path_, "formula");
    }
    // A cell whose value is a number or "" (blank text).
    void formulaOpt(int r, int c, const std::string& formula, std::optional<double> cached, lxw_format* f = nullptr) {
        if (cached) formulaNum(r, c, formula, *cached, f);
        else formulaStr(r, c, formula, "", f);
    }
    void listValidation(int r1, int c1, int r2, int c2, const std::vector<std::string>& labels, const char* what) {
        book->listValidation(ws, r1, c1, r2, c2, labels, what);
    }
    void dateValidation(int r, int c) { book->dateValidation(ws, r, c); }
    void conditionalColours();
    void lists(lxw_worksheet* sheet);
    void identity(lxw_worksheet* sheet);

    std::string answersTable() const { return "Lists!$A$2:$C$" + std::to_string(1 + answerRows()); }
    std::string gradesTable() const { return "Lists!$E$2:$F$" + std::to_string(1 + gradeRows()); }
    std::string gradeLabelsCol() const { return "Lists!$E$2:$E$" + std::to_string(1 + gradeRows()); }
    std::string gradeValuesCol() const { return "Lists!$F$2:$F$" + std::to_string(1 + gradeRows()); }
    int answerRows() const {
        int n = 0;
        for (const auto& a : fw.answers) n += text::lower(a.key) == text::lower(a.label) ? 1 : 2;
        return n;
    }
    int gradeRows() const {
        int n = 0;
        for (const auto& g : fw.grades) n += text::lower(g.key) == text::lower(g.label) ? 1 : 2;
        return n;
    }
    std::string labelOf(const std::string& valueCell) const {
        return "IF(" + valueCell + "=\"\",\"\",INDEX(" + gradeLabelsCol() + ",MATCH(" + valueCell + "," + gradeValuesCol() + ",0)))";
    }
    std::string lookupGrade(const std::string& cell) const {
        return "IF(TRIM(" + cell + ")=\"\",\"\",IFERROR(VLOOKUP(TRIM(" + cell + ")," + gradesTable() + ",2,FALSE),\"\"))";
    }
};

void FormWriter::conditionalColours() {
    auto rule = [&](const std::string& range, const std::string& value, lxw_color_t fill, lxw_color_t font) {
        lxw_format* f = workbook_add_format(wb);
        format_set_bg_color(f, fill);
        if (font) format_set_font_color(f, font);
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_CELL;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        std::string v = quoteText(value);
        cf.value_string = const_cast<char*>(v.c_str());
        cf.format = f;
        cf.multi_range = const_cast<char*>(range.c_str());
        auto first = CellRef::parse(range.substr(0, range.find_first_of(": "))).value();
        check(worksheet_conditional_format_cell(ws, first.row, static_cast<lxw_col_t>(first.col), &cf), path_, "conditional format");
    };
    book->gradeColours(ws, gradeRange, fw);
    const std::map<std::string, lxw_color_t> answerFills = {{"yes", 0xD9EAD3}, {"partly", 0xFCE5CD}, {"no", 0xF4CCCC}};
    for (const auto& a : fw.answers) {
        lxw_color_t fill = a.excluded ? 0xEFEFEF : 0;
        if (auto it = answerFills.find(a.key); it != answerFills.end()) fill = it->second;
        if (fill) rule(answerRange, a.label, fill, 0);
    }
    // Red text where a rationale is still required.
    std::string notes;
    for (const auto& d : L.domains) notes += (notes.empty() ? "" : " ") + d.note.a1();
    notes += " " + L.overallNote.a1();
    lxw_format* red = workbook_add_format(wb);
    format_set_font_color(red, 0xC00000);
    format_set_bold(red);
    lxw_conditional_format cf{};
    cf.type = LXW_CONDITIONAL_TYPE_TEXT;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_TEXT_BEGINS_WITH;
    cf.value_string = const_cast<char*>("Rationale required");
    cf.format = red;
    cf.multi_range = const_cast<char*>(notes.c_str());
    check(worksheet_conditional_format_cell(ws, L.domains.front().note.row, static_cast<lxw_col_t>(C), &cf), path_, "conditional format");
}

void FormWriter::lists(lxw_worksheet* sh) {
    check(worksheet_write_string(sh, 0, 0, "answer", nullptr), path_, "lists");
    check(worksheet_write_string(sh, 0, 1, "score", nullptr), path_, "lists");
    check(worksheet_write_string(sh, 0, 2, "counts", nullptr), path_, "lists");
    check(worksheet_write_string(sh, 0, 4, "grade", nullptr), path_, "lists");
    check(worksheet_write_string(sh, 0, 5, "value", nullptr), path_, "lists");
    int r = 1;
    auto answerRow = [&](const std::string& name, const AnswerOption& a) {
        check(worksheet_write_string(sh, r, 0, name.c_str(), nullptr), path_, "lists");
        check(worksheet_write_number(sh, r, 1, a.excluded ? 0 : a.score, nullptr), path_, "lists");
        check(worksheet_write_number(sh, r, 2, a.excluded ? 0 : 1, nullptr), path_, "lists");
        ++r;
    };
    for (const auto& a : fw.answers) answerRow(a.label, a);
    for (const auto& a : fw.answers)
        if (text::lower(a.key) != text::lower(a.label)) answerRow(a.key, a);
    r = 1;
    auto gradeRow = [&](const std::string& name, const Grade& g) {
        check(worksheet_write_string(sh, r, 4, name.c_str(), nullptr), path_, "lists");
        check(worksheet_write_number(sh, r, 5, g.value, nullptr), path_, "lists");
        ++r;
    };
    for (const auto& g : fw.grades) gradeRow(g.label, g);
    for (const auto& g : fw.grades)
        if (text::lower(g.key) != text::lower(g.label)) gradeRow(g.key, g);
    worksheet_set_column(sh, 0, 0, 18, nullptr);
    worksheet_set_column(sh, 4, 4, 22, nullptr);
    worksheet_protect(sh, nullptr, nullptr);
    worksheet_hide(sh);
}

void FormWriter::identity(lxw_worksheet* sh) { book->keyValueSheet(sh, identityRows(tpl, fw, kase, L)); }

void FormWriter::write(const std::string& path) {
    path_ = path;
    book = std::make_unique<formsheet::FormBook>(path, tpl.title + (kase.caseRef.empty() ? "" : " - " + kase.caseRef),
                                                 "audit-template");
    wb = book->workbook();
    ws = book->addSheet(L.sheet);
    lxw_worksheet* identitySheet = book->addSheet(L.identitySheet);
    lxw_worksheet* listSheet = book->addSheet(L.listsSheet);
    book->houseFormats();

    // --- columns, page set-up, protection
    const double wA = 6, wB = 46, wC = 40, wD = 19, wE = 44;
    worksheet_set_column(ws, A, A, wA, nullptr);
    worksheet_set_column(ws, B, B, wB, nullptr);
    worksheet_set_column(ws, C, C, wC, nullptr);
    worksheet_set_column(ws, D, D, wD, nullptr);
    worksheet_set_column(ws, E, E, wE, nullptr);
    lxw_row_col_options hidden{};
    hidden.hidden = 1;
    worksheet_set_column_opt(ws, G, S, 10, nullptr, &hidden);
    worksheet_freeze_panes(ws, static_cast<lxw_row_t>(L.headerRows), 0);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
    worksheet_repeat_rows(ws, static_cast<lxw_row_t>(L.headerRows - 1), static_cast<lxw_row_t>(L.headerRows - 1));
    worksheet_print_area(ws, 0, 0, static_cast<lxw_row_t>(L.lastRow), E);
    std::string footer = "&L&8" + tpl.id + " v" + std::to_string(tpl.version) + (kase.caseRef.empty() ? "" : " - " + kase.caseRef) +
                         "&R&8Page &P of &N";
    check(worksheet_set_footer(ws, footer.c_str()), path, "footer");
    lxw_protection prot{};
    prot.format_rows = 1;      // auditors may make a row taller for long evidence
    prot.format_columns = 1;
    worksheet_protect(ws, nullptr, &prot);
    worksheet_activate(ws);

    // --- title and case details
    const std::string title1 = tpl.title;
    check(worksheet_merge_range(ws, 0, A, 0, C, title1.c_str(), fmt("title")), path, "title");
    const std::string sub = tpl.id + " v" + std::to_string(tpl.version) + "  |  " + fw.title + "  |  " + formId(tpl, kase);
    check(worksheet_merge_range(ws, 0, D, 0, E, sub.c_str(), fmt("intro")), path, "title");
    worksheet_set_row(ws, 0, 24, nullptr);
    std::map<std::string, std::string> values = {{"case_ref", kase.caseRef}, {"auditor", kase.auditor}, {"child_ref", kase.childRef},
                                                 {"team", kase.team}, {"category", kase.category}, {"worker", kase.worker},
                                                 {"draw_id", kase.drawId}};
    for (const auto& cc : L.caseCells) {
        const bool left = cc.cell.col == C;
        if (left)
            check(worksheet_merge_range(ws, cc.cell.row, A, cc.cell.row, B, cc.label.c_str(), fmt("caseLabel")), path, "case");
        else
            str(cc.cell.row, D, cc.label, "caseLabel");
        if (cc.key == "audit_date") {
            if (auto d = isoDate(kase.auditDate)) {
                check(worksheet_write_datetime(ws, cc.cell.row, cc.cell.col, &*d, fmt("caseDate")), path, "date");
            } else {
                str(cc.cell.row, cc.cell.col, kase.auditDate, "caseDate");
            }
            dateValidation(cc.cell.row, cc.cell.col);
        } else {
            str(cc.cell.row, cc.cell.col, values[cc.key], "caseValue");
        }
    }
    const char* heads[] = {"Ref", "Question", "Guidance (what good looks like) and the evidence to note", "Answer", "Evidence seen on the file"};
    for (int c = A; c <= E; ++c) str(L.headerRows - 1, c, heads[c], "head");
    worksheet_set_row(ws, static_cast<lxw_row_t>(L.headerRows - 1), 18, nullptr);
    std::string answers;
    for (const auto& a : fw.answerLabels()) answers += (answers.empty() ? "" : ", ") + a;
    std::string due;
    if (auto d = parseDate(kase.dueDate)) due = "Return this form by " + longDate(*d) + ". ";
    const std::string intro = due + "Answer each question from the dropdown (" + answers +
                              ") and note the evidence. The computed grade of each domain updates as you answer; then choose your own "
                              "grade and give a rationale where it differs from the computed one" +
                              std::string(fw.blankDomainGradeAgrees ? " (a domain grade left blank means you agree with the computed grade)" : "") +
                              ". Yellow cells are for you to fill in.";
    check(worksheet_merge_range(ws, L.headerRows, A, L.headerRows, E, intro.c_str(), fmt("intro")), path, "intro");
    worksheet_set_row(ws, static_cast<lxw_row_t>(L.headerRows), 26, nullptr);

    const std::vector<std::string> answerLabels = fw.answerLabels();
    const std::vector<std::string> gradeLabels = fw.gradeLabels();
    const double top = fw.maxAnswerScore();

    // --- sections
    std::size_t qi = 0;
    std::vector<std::string> finalCells, weightedCells, weightCells, limitingCells;
    int firstQuestionRow = -1, lastQuestionRow = -1;
    for (std::size_t si = 0; si < tpl.sections.size(); ++si) {
        const Section& sec = tpl.sections[si];
        const auto& dc = L.domains[si];
        const DomainResult& dr = result.domains[si];
        const std::string heading = std::to_string(si + 1) + ". " + sec.title;
        check(worksheet_merge_range(ws, dc.headingRow, A, dc.headingRow, B, heading.c_str(), fmt("section")), path, "section");
        check(worksheet_merge_range(ws, dc.headingRow, C, dc.headingRow, E, sec.guidance.c_str(), fmt("sectionNote")), path, "section");
        worksheet_set_row(ws, static_cast<lxw_row_t>(dc.headingRow),
                          sec.guidance.empty() ? 20 : std::max(20.0, 12.0 * linesFor(sec.guidance, wC + wD + wE, 1.2) + 4), nullptr);
        for (std::size_t k = 0; k < sec.questions.size(); ++k, ++qi) {
            const Question& q = sec.questions[k];
            const auto& qc = L.questions[qi];
            const ItemResult& item = dr.items[k];
            const int r = qc.answer.row;
            if (firstQuestionRow < 0) firstQuestionRow = r;
            lastQuestionRow = r;
            str(r, A, qc.number, "ref");
            str(r, B, q.text + (q.required ? "" : " (optional)"), "question");
            std::string guide = q.guidance + "\nEvidence: " + q.evidencePrompt;
            for (const auto& lim : q.limits) {
                std::string when;
                for (const auto& w : lim.when) when += (when.empty() ? "" : " or ") + fw.answer(w)->label;
                guide += "\n" + when + " limits the " + (lim.scope == Limit::Scope::Domain ? "domain" : "overall") + " grade to " +
                         fw.grade(lim.cap)->label + " at best.";
            }
            str(r, C, guide, "guidance");
            std::string given, evidence;
            if (auto it = input.answers.find(q.id); it != input.answers.end()) {
                const AnswerOption* a = fw.answer(it->second);
                given = a ? a->label : it->second;
            }
            if (auto it = input.evidence.find(q.id); it != input.evidence.end()) evidence = it->second;
            str(r, D, given, "answer");
            str(r, E, evidence, "evidence");
            const double height = std::max({13.0 * linesFor(q.text, wB, 1.15), 10.5 * linesFor(guide, wC, 1.5), 28.0}) + 6;
            worksheet_set_row(ws, static_cast<lxw_row_t>(r), height, nullptr);
            const std::string a = "TRIM(" + ref(r, D) + ")";
            formulaNum(r, G, "IF(" + a + "=\"\",0,IFERROR(VLOOKUP(" + a + "," + answersTable() + ",3,FALSE)*VLOOKUP(" + a + "," +
                                 answersTable() + ",2,FALSE)*" + num(q.weight) + ",0))",
                       item.score);
            formulaNum(r, H, "IF(" + a + "=\"\",0,IFERROR(VLOOKUP(" + a + "," + answersTable() + ",3,FALSE)*" + num(q.weight * top) + ",0))",
                       item.possible);
            // Caps: the lowest cap value among the limits this answer triggers.
            for (const auto scope : {Limit::Scope::Domain, Limit::Scope::Overall}) {
                std::string f;
                double cached = kNoCapValue;
                for (const auto& lim : q.limits) {
                    if (lim.scope != scope) continue;
                    std::string cond;
                    for (const auto& w : lim.when) {
                        const AnswerOption* opt = fw.answer(w);
                        cond += (cond.empty() ? "" : ",") + a + "=" + quoteText(opt->label);
                        if (text::lower(opt->key) != text::lower(opt->label)) cond += "," + a + "=" + quoteText(opt->key);
                    }
                    const double capValue = fw.grade(lim.cap)->value;
                    f = f.empty() ? "IF(OR(" + cond + ")," + num(capValue) + "," + kNoCap + ")"
                                  : "MIN(" + f + ",IF(OR(" + cond + ")," + num(capValue) + "," + kNoCap + "))";
                    if (item.answered && std::find(lim.when.begin(), lim.when.end(), item.answer) != lim.when.end())
                        cached = std::min(cached, capValue);
                }
                if (f.empty()) {
                    check(worksheet_write_number(ws, r, scope == Limit::Scope::Domain ? I : J, kNoCapValue, nullptr), path, "cap");
                } else {
                    formulaNum(r, scope == Limit::Scope::Domain ? I : J, f, cached);
                }
            }
        }
        listValidation(dc.firstQuestionRow, D, dc.lastQuestionRow, D, answerLabels, "an answer");
        answerRange += (answerRange.empty() ? "" : " ") + ref(dc.firstQuestionRow, D) + ":" + ref(dc.lastQuestionRow, D);

        // computed row
        const int c = dc.computedRow, g = dc.gradeRow;
        const std::string q1 = std::to_string(dc.firstQuestionRow + 1), q2 = std::to_string(dc.lastQuestionRow + 1);
        str(c, A, "", "computedLabel");
        str(c, B, "Computed grade (updates as you answer)", "computedLabel");
        formulaNum(c, K, "SUM(G" + q1 + ":G" + q2 + ")", dr.earned);
        formulaNum(c, Lc, "SUM(H" + q1 + ":H" + q2 + ")", dr.possible);
        formulaOpt(c, M, "IF(" + ref(c, Lc) + "=0,\"\",100*" + ref(c, K) + "/" + ref(c, Lc) + ")", dr.score);
        std::string bands = num(fw.grade(fw.bands.back().grade)->value);
        for (std::size_t b = fw.bands.size() - 1; b-- > 0;)
            bands = "IF(" + ref(c, M) + ">=" + num(fw.bands[b].min) + "-" + kEps + "," + num(fw.grade(fw.bands[b].grade)->value) + "," + bands + ")";
        std::optional<double> bandValue, computedValue, auditorValue, finalValue;
        if (dr.band) bandValue = fw.grade(*dr.band)->value;
        if (dr.computed) computedValue = fw.grade(*dr.computed)->value;
        if (dr.auditor) auditorValue = fw.grade(*dr.auditor)->value;
        const auto& basisGrade = fw.overallBasis == GradeBasis::Final ? dr.final : dr.computed;
        if (basisGrade) finalValue = fw.grade(*basisGrade)->value;
        formulaOpt(c, N, "IF(" + ref(c, M) + "=\"\",\"\"," + bands + ")", bandValue);
        formulaOpt(c, O, "IF(" + ref(c, N) + "=\"\",\"\",MIN(" + ref(c, N) + ",I" + q1 + ":I" + q2 + "))", computedValue);
        formulaOpt(c, P, lookupGrade(ref(g, D)), auditorValue);
        if (fw.overallBasis == GradeBasis::Final)
            formulaOpt(c, Q, "IF(" + ref(c, P) + "<>\"\"," + ref(c, P) + "," + ref(c, O) + ")", finalValue);
        else
            formulaOpt(c, Q, "IF(" + ref(c, O) + "=\"\",\"\"," + ref(c, O) + ")", finalValue);
        formulaNum(c, R, "IF(" + ref(c, Q) + "=\"\",0," + num(sec.weight) + "*" + ref(c, Q) + ")", finalValue ? sec.weight * *finalValue : 0);
        formulaNum(c, S, "IF(" + ref(c, Q) + "=\"\",0," + num(sec.weight) + ")", finalValue ? sec.weight : 0);
        finalCells.push_back(ref(c, Q));
        weightedCells.push_back(ref(c, R));
        weightCells.push_back(ref(c, S));
        if (const Domain* dom = fw.domain(sec.domain); dom && dom->limiting) limitingCells.push_back(ref(c, Q));
        const std::string scoreText = dr.score ? "Score " + num(std::round(*dr.score)) + "%" : "No scored answers yet";
        formulaStr(c, C, "IF(" + ref(c, M) + "=\"\",\"No scored answers yet\",\"Score \"&TEXT(" + ref(c, M) + ",\"0\")&\"%\")", scoreText,
                   fmt("computedNote"));
        formulaStr(c, D, labelOf(ref(c, O)), dr.computed ? fw.grade(*dr.computed)->label : "", fmt("computed"));
        str(c, E, "", "computedNote");
        worksheet_set_row(ws, static_cast<lxw_row_t>(c), 18, nullptr);

        // auditor's grade row
        str(g, A, "", "gradeLabel");
        str(g, B, "Your grade for " + sec.title + (sec.judgementRequired ? "" : " (optional)"), "gradeLabel");
        std::string gradeGiven, rationale;
        if (auto it = input.domainGrades.find(sec.domain); it != input.domainGrades.end()) {
            const Grade* gr = fw.grade(it->second);
            gradeGiven = gr ? gr->label : it->second;
        }
        if (auto it = input.domainRationales.find(sec.domain); it != input.domainRationales.end()) rationale = it->second;
        str(g, D, gradeGiven, "grade");
        str(g, E, rationale, "rationale");
        listValidation(g, D, g, D, gradeLabels, "a grade");
        gradeRange += (gradeRange.empty() ? "" : " ") + ref(c, D) + ":" + ref(g, D);
        const std::string staticNote =
            fw.blankDomainGradeAgrees
                ? "Choose your grade, or leave it blank if you agree with the computed grade above; give a rationale "
                  "(right) if yours differs from it."
                : "Choose your grade; give a rationale (right) if it differs from the computed grade.";
        const std::string warn = fw.domainRationale == RationaleRule::Always ? "Rationale required for this grade"
                                                                            : "Rationale required: your grade differs from the computed grade";
        const std::string cachedNote = dr.rationaleRequired && !dr.rationaleGiven ? warn : staticNote;
        std::string cond;
        switch (fw.domainRationale) {
            case RationaleRule::WhenDeparts:
                cond = "AND(" + ref(c, P) + "<>\"\"," + ref(c, O) + "<>\"\"," + ref(c, P) + "<>" + ref(c, O) + ",TRIM(" + ref(g, E) + ")=\"\")";
                break;
            case RationaleRule::Always: cond = "AND(" + ref(c, P) + "<>\"\",TRIM(" + ref(g, E) + ")=\"\")"; break;
            case RationaleRule::Never: cond = "FALSE"; break;
        }
        formulaStr(g, C, "IF(" + cond + "," + quoteText(warn) + "," + quoteText(staticNote) + ")", cachedNote, fmt("gradeNote"));
        const int rl = std::max(2, linesFor(rationale, wE, 1.3));
        worksheet_set_row(ws, static_cast<lxw_row_t>(g), 13.0 * rl + 6, nullptr);
    }

    // --- overall
    const OverallResult& ov = result.overall;
    const int oh = L.overallHeadingRow, oc = L.overallComputed.row, og = L.overallGrade.row;
    check(worksheet_merge_range(ws, oh, A, oh, B, "Overall judgement", fmt("section")), path, "overall");
    check(worksheet_merge_range(ws, oh, C, oh, E, tpl.overallGuidance.c_str(), fmt("sectionNote")), path, "overall");
    worksheet_set_row(ws, static_cast<lxw_row_t>(oh), std::max(20.0, 12.0 * linesFor(tpl.overallGuidance, wC + wD + wE, 1.2) + 4), nullptr);
    const OverallMethod method = tpl.method(fw);
    std::string rule;
    switch (method) {
        case OverallMethod::AuditorJudgement: rule = "Set by your judgement (no computed grade)."; break;
        case OverallMethod::LowestDomain: rule = "Computed as the lowest domain grade."; break;
        case OverallMethod::WeightedMean: rule = "Computed as the weighted mean of the domain grades (halves round down)."; break;
        case OverallMethod::Limiting: rule = "Weighted mean of the domain grades, never above a limiting domain."; break;
    }
    rule += " Your domain grades count where given. Limiting answers can cap it.";
    str(oc, A, "", "computedLabel");
    str(oc, B, "Computed overall grade", "computedLabel");
    str(oc, C, rule, "gradeNote");
    str(oc, E, "", "computedNote");
    auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
        return s;
    };
    const std::string capsRange = "J" + std::to_string(firstQuestionRow + 1) + ":J" + std::to_string(lastQuestionRow + 1);
    std::optional<double> uncappedValue, overallValue, overallAuditor;
    if (ov.uncapped) uncappedValue = fw.grade(*ov.uncapped)->value;
    if (ov.computed) overallValue = fw.grade(*ov.computed)->value;
    if (ov.auditor) overallAuditor = fw.grade(*ov.auditor)->value;
    if (method == OverallMethod::AuditorJudgement) {
        str(oc, D, "Your judgement", "computed");
    } else {
        formulaNum(oc, K, "SUM(" + join(weightedCells) + ")", 0);
        formulaNum(oc, Lc, "SUM(" + join(weightCells) + ")", 0);
        if (method == OverallMethod::LowestDomain) {
            formulaOpt(oc, N, "IF(COUNT(" + join(finalCells) + ")=0,\"\",MIN(" + join(finalCells) + "))", uncappedValue);
        } else {
            formulaOpt(oc, M, "IF(" + ref(oc, Lc) + "=0,\"\"," + ref(oc, K) + "/" + ref(oc, Lc) + ")", ov.mean);
            formulaOpt(oc, N, "IF(" + ref(oc, M) + "=\"\",\"\",-INT(-(" + ref(oc, M) + "-0.5-" + kEps + ")))", uncappedValue);
        }
        std::string mins = ref(oc, N);
        if (method == OverallMethod::Limiting)
            for (const auto& l : limitingCells) mins += "," + l;
        mins += "," + capsRange;
        formulaOpt(oc, O, "IF(" + ref(oc, N) + "=\"\",\"\",MIN(" + mins + "))", overallValue);
        formulaStr(oc, D, labelOf(ref(oc, O)), ov.computed ? fw.grade(*ov.computed)->label : "", fmt("computed"));
        gradeRange += " " + ref(oc, D);
    }
    // The K/L sums' cached values.
    if (method != OverallMethod::AuditorJudgement && opt.cachedValues) {
        double sw = 0, swv = 0;
        for (std::size_t i = 0; i < result.domains.size(); ++i) {
            const auto& bg = fw.overallBasis == GradeBasis::Final ? result.domains[i].final : result.domains[i].computed;
            if (!bg) continue;
            sw += tpl.sections[i].weight;
            swv += tpl.sections[i].weight * fw.grade(*bg)->value;
        }
        formulaNum(oc, K, "SUM(" + join(weightedCells) + ")", swv);
        formulaNum(oc, Lc, "SUM(" + join(weightCells) + ")", sw);
    }
    worksheet_set_row(ws, static_cast<lxw_row_t>(oc), 32, nullptr);
    formulaOpt(oc, P, lookupGrade(ref(og, D)), overallAuditor);
    str(og, A, "", "gradeLabel");
    str(og, B, "Your overall grade", "gradeLabel");
    std::string overallGiven = input.overallGrade;
    if (const Grade* gr = fw.grade(overallGiven)) overallGiven = gr->label;
    str(og, D, overallGiven, "grade");
    str(og, E, input.overallRationale, "rationale");
    listValidation(og, D, og, D, gradeLabels, "a grade");
    gradeRange += " " + ref(og, D);
    {
        const bool always = method == OverallMethod::AuditorJudgement ? fw.overallRationale != RationaleRule::Never
                                                                      : fw.overallRationale == RationaleRule::Always;
        const bool never = method == OverallMethod::AuditorJudgement ? false : fw.overallRationale == RationaleRule::Never;
        const std::string staticNote = always ? "Give the rationale for your overall grade (right)."
                                              : "Give a rationale (right) if your grade differs from the computed grade.";
        const std::string warn = always ? "Rationale required for the overall grade"
                                        : "Rationale required: your grade differs from the computed grade";
        std::string cond = never ? "FALSE"
                           : always ? "AND(" + ref(oc, P) + "<>\"\",TRIM(" + ref(og, E) + ")=\"\")"
                                    : "AND(" + ref(oc, P) + "<>\"\"," + ref(oc, O) + "<>\"\"," + ref(oc, P) + "<>" + ref(oc, O) + ",TRIM(" +
                                          ref(og, E) + ")=\"\")";
        formulaStr(og, C, "IF(" + cond + "," + quoteText(warn) + "," + quoteText(staticNote) + ")",
                   ov.rationaleRequired && !ov.rationaleGiven ? warn : staticNote, fmt("gradeNote"));
    }
    worksheet_set_row(ws, static_cast<lxw_row_t>(og), 13.0 * std::max(3, linesFor(input.overallRationale, wE, 1.3)) + 6, nullptr);
    const int sr = L.strengths.row;
    str(sr, A, "", "gradeLabel");
    str(sr, B, "Strengths", "gradeLabel");
    str(sr, C, tpl.strengthsPrompt, "gradeNote");
    check(worksheet_merge_range(ws, sr, D, sr, E, "", fmt("rationale")), path, "strengths");
    if (!input.strengths.empty()) str(sr, D, input.strengths, "rationale");
    worksheet_set_row(ws, static_cast<lxw_row_t>(sr), std::max(48.0, 13.0 * linesFor(input.strengths, wD + wE, 1.3) + 6), nullptr);

    // --- actions
    const int ah = L.actionsHeaderRow - 1;
    check(worksheet_merge_range(ws, ah, A, ah, B, "Actions", fmt("section")), path, "actions");
    check(worksheet_merge_range(ws, ah, C, ah, E, tpl.actionsPrompt.c_str(), fmt("sectionNote")), path, "actions");
    worksheet_set_row(ws, static_cast<lxw_row_t>(ah), 22, nullptr);
    const char* aheads[] = {"No.", "Action (what must happen for the child)", "Owner (named person)", "Due date", ""};
    for (int c = A; c <= D; ++c) str(L.actionsHeaderRow, c, aheads[c], "tableHead");
    for (std::size_t i = 0; i < L.actions.size(); ++i) {
        const auto& ac = L.actions[i];
        const int r = ac.action.row;
        check(worksheet_write_number(ws, r, A, static_cast<double>(i + 1), fmt("ref")), path, "actions");
        const AuditInput::Action* given = i < input.actions.size() ? &input.actions[i] : nullptr;
        str(r, B, given ? given->action : "", "actionCell");
        str(r, C, given ? given->owner : "", "actionCell");
        if (given && isoDate(given->due)) {
            auto d = *isoDate(given->due);
            check(worksheet_write_datetime(ws, r, D, &d, fmt("actionDate")), path, "date");
        } else {
            str(r, D, given ? given->due : "", "actionDate");
        }
        dateValidation(r, D);
        worksheet_set_row(ws, static_cast<lxw_row_t>(r), std::max(30.0, 13.0 * linesFor(given ? given->action : "", wB, 1.3) + 6), nullptr);
    }
    conditionalColours();
    identity(identitySheet);
    lists(listSheet);

    wb = nullptr;
    book->close();
}

}  // namespace

void writeFormXlsx(const Template& tpl, const Framework& fw, const FormCase& c, const AuditInput* filled, const std::string& path,
                   const FormWriteOptions& options) {
    FormWriter(tpl, fw, c, filled, options).write(path);
}

}  // namespace audit
