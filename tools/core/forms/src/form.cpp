#include "audit/forms/form.h"
#include "audit/base/text.h"

#include <Poco/SHA1Engine.h>
#include <Poco/DigestEngine.h>

#include <sstream>

namespace audit {

std::string CellRef::a1() const {
    std::string letters;
    int c = col;
    do {
        letters.insert(letters.begin(), static_cast<char>('A' + c % 26));
        c = c / 26 - 1;
    } while (c >= 0);
    return letters + std::to_string(row + 1);
}

std::optional<CellRef> CellRef::parse(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '$') ++i;
    int col = 0, letters = 0;
    while (i < s.size() && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) {
        col = col * 26 + (std::toupper(static_cast<unsigned char>(s[i])) - 'A' + 1);
        ++i;
        if (++letters > 3) return std::nullopt;
    }
    if (letters == 0) return std::nullopt;
    if (i < s.size() && s[i] == '$') ++i;
    long row = 0;
    int digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        row = row * 10 + (s[i] - '0');
        ++i;
        if (++digits > 7) return std::nullopt;
    }
    if (digits == 0 || i != s.size() || row < 1) return std::nullopt;
    return CellRef{static_cast<int>(row - 1), col - 1};
}

const FormLayout::QuestionCells* FormLayout::question(std::string_view id) const {
    for (const auto& q : questions)
        if (q.id == id) return &q;
    return nullptr;
}

const FormLayout::DomainCells* FormLayout::domain(std::string_view id) const {
    for (const auto& d : domains)
        if (d.domain == id) return &d;
    return nullptr;
}

const FormLayout::CaseCell* FormLayout::caseCell(std::string_view key) const {
    for (const auto& c : caseCells)
        if (c.key == key) return &c;
    return nullptr;
}

std::optional<CellRef> FormLayout::cell(Field field, std::string_view id) const {
    switch (field) {
        case Field::Answer:
            if (auto* q = question(id)) return q->answer;
            break;
        case Field::Evidence:
            if (auto* q = question(id)) return q->evidence;
            break;
        case Field::DomainGrade:
            if (auto* d = domain(id)) return d->grade;
            break;
        case Field::DomainRationale:
            if (auto* d = domain(id)) return d->rationale;
            break;
        case Field::OverallGrade: return overallGrade;
        case Field::OverallRationale: return overallRationale;
    }
    return std::nullopt;
}

std::string FormLayout::place(Field field, std::string_view id) const {
    auto c = cell(field, id);
    return "sheet '" + sheet + "'" + (c ? ", cell " + c->a1() : "");
}

namespace {
constexpr int A = 0, B = 1, C = 2, D = 3, E = 4;
}

FormLayout formLayout(const Template& tpl, const Framework& /*fw*/) {
    FormLayout L;
    L.caseCells = {
        {"case_ref", "Case reference", {1, C}}, {"auditor", "Auditor", {1, E}},
        {"child_ref", "Child reference", {2, C}}, {"team", "Team", {2, E}},
        {"category", "Category", {3, C}}, {"worker", "Worker", {3, E}},
        {"draw_id", "Draw", {4, C}}, {"audit_date", "Date of audit", {4, E}},
    };
    L.headerRows = 6;  // title, four rows of case details, column headings
    int row = 7;       // row 6 holds the instructions
    int sectionNo = 0;
    for (const auto& s : tpl.sections) {
        ++sectionNo;
        FormLayout::DomainCells d;
        d.domain = s.domain;
        d.title = s.title;
        d.headingRow = row++;
        d.firstQuestionRow = row;
        int qNo = 0;
        for (const auto& q : s.questions) {
            ++qNo;
            L.questions.push_back({q.id, s.domain, std::to_string(sectionNo) + "." + std::to_string(qNo), {row, D}, {row, E}});
            ++row;
        }
        d.lastQuestionRow = row - 1;
        d.computedRow = row++;
        d.gradeRow = row++;
        d.computed = {d.computedRow, D};
        d.score = {d.computedRow, C};
        d.grade = {d.gradeRow, D};
        d.rationale = {d.gradeRow, E};
        d.note = {d.gradeRow, C};
        L.domains.push_back(d);
    }
    L.overallHeadingRow = row++;
    L.overallComputed = {row++, D};
    L.overallGrade = {row, D};
    L.overallRationale = {row, E};
    L.overallNote = {row, C};
    ++row;
    L.strengths = {row++, D};  // D:E merged
    L.actionsHeaderRow = ++row;  // the actions heading is on the row before
    ++row;
    for (int i = 0; i < tpl.actionRows; ++i, ++row) L.actions.push_back({{row, B}, {row, C}, {row, D}});
    L.lastRow = row - 1;
    (void)A;
    return L;
}

std::string formId(const Template& tpl, const FormCase& c) {
    if (c.caseRef.empty()) return "F-blank-" + tpl.id + "-v" + std::to_string(tpl.version);
    Poco::SHA1Engine sha;
    sha.update(tpl.id + '\x1f' + std::to_string(tpl.version) + '\x1f' + c.caseRef + '\x1f' + c.drawId + '\x1f' + c.auditor);
    return "F-" + Poco::DigestEngine::digestToHex(sha.digest()).substr(0, 12);
}

std::vector<std::pair<std::string, std::string>> identityRows(const Template& tpl, const Framework& fw, const FormCase& c,
                                                              const FormLayout& L) {
    std::vector<std::pair<std::string, std::string>> rows = {
        {"layout_version", std::to_string(kFormLayoutVersion)},
        {"form_id", formId(tpl, c)},
        {"template_id", tpl.id},
        {"template_version", std::to_string(tpl.version)},
        {"framework_id", fw.id},
        {"framework_version", std::to_string(fw.version)},
        {"case_ref", c.caseRef},
        {"child_ref", c.childRef},
        {"team", c.team},
        {"worker", c.worker},
        {"category", c.category},
        {"draw_id", c.drawId},
        {"auditor", c.auditor},
        {"sheet", L.sheet},
    };
    // The store the form was made for: only when there is one, so forms without a store are as before.
    if (!c.storeId.empty()) rows.insert(rows.end() - 1, {"store_id", c.storeId});
    if (!c.dueDate.empty()) rows.insert(rows.end() - 1, {"due_date", c.dueDate});
    for (const auto& cc : L.caseCells)
        if (cc.key == "audit_date") rows.emplace_back("cell.audit_date", cc.cell.a1());
    for (const auto& q : L.questions) {
        rows.emplace_back("answer." + q.id, q.answer.a1());
        rows.emplace_back("evidence." + q.id, q.evidence.a1());
    }
    for (const auto& d : L.domains) {
        rows.emplace_back("computed." + d.domain, d.computed.a1());
        rows.emplace_back("grade." + d.domain, d.grade.a1());
        rows.emplace_back("rationale." + d.domain, d.rationale.a1());
    }
    rows.emplace_back("overall.computed", L.overallComputed.a1());
    rows.emplace_back("overall.grade", L.overallGrade.a1());
    rows.emplace_back("overall.rationale", L.overallRationale.a1());
    rows.emplace_back("strengths", L.strengths.a1());
    for (std::size_t i = 0; i < L.actions.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        rows.emplace_back("action." + n + ".action", L.actions[i].action.a1());
        rows.emplace_back("action." + n + ".owner", L.actions[i].owner.a1());
        rows.emplace_back("action." + n + ".due", L.actions[i].due.a1());
    }
    return rows;
}

// ---------------------------------------------------------------- HTML

namespace {
std::string esc(std::string_view s) { return text::htmlEscape(s); }

std::string methodText(OverallMethod m) {
    switch (m) {
        case OverallMethod::AuditorJudgement: return "the auditor's judgement, with a rationale";
        case OverallMethod::LowestDomain: return "the lowest domain grade";
        case OverallMethod::WeightedMean: return "the weighted mean of the domain grades, rounded to the nearest grade (halves down)";
        case OverallMethod::Limiting: return "the weighted mean of the domain grades, never above a limiting domain";
    }
    return "";
}
}  // namespace

std::string renderHtml(const Template& tpl, const Framework& fw) {
    std::ostringstream h;
    const FormLayout L = formLayout(tpl, fw);
    std::string boxes;
    for (const auto& a : fw.answers) boxes += "<span class=\"box\">&#9744; " + esc(a.label) + "</span> ";
    std::string grades;
    for (const auto& g : fw.gradeLabels()) grades += "<span class=\"box\">&#9744; " + esc(g) + "</span> ";
    h << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << esc(tpl.title) << " (" << esc(tpl.id)
      << " v" << tpl.version << ")</title>\n<style>\n"
      << "@page { size: A4 portrait; margin: 14mm 12mm; }\n"
      << "body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #111; max-width: 190mm; margin: auto; }\n"
      << "h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; background: #1F3864; color: #fff; padding: 1.5mm 2mm; margin: 5mm 0 1mm; }\n"
      << "p.meta { color: #444; margin: 0 0 3mm; } table { border-collapse: collapse; width: 100%; }\n"
      << "td, th { border: 1px solid #999; padding: 1.5mm; vertical-align: top; text-align: left; }\n"
      << "th { background: #D9E2F3; } td.ref { width: 9mm; font-weight: bold; } .guidance { color: #555; font-size: 8.5pt; }\n"
      << ".box { white-space: nowrap; margin-right: 3mm; } .evidence { height: 14mm; } .judgement td { background: #F2F2F2; }\n"
      << "tr, .keep { page-break-inside: avoid; } .case td { width: 25%; height: 6mm; }\n"
      << "</style>\n</head>\n<body>\n";
    h << "<h1>" << esc(tpl.title) << "</h1>\n<p class=\"meta\">Template " << esc(tpl.id) << " version " << tpl.version << " &middot; "
      << esc(fw.title) << " &middot; for " << esc([&] {
             std::string s;
             for (const auto& c : tpl.categories) s += (s.empty() ? "" : ", ") + c;
             return s;
         }()) << "</p>\n";
    if (!tpl.description.empty()) h << "<p>" << esc(tpl.description) << "</p>\n";
    h << "<table class=\"case\">\n";
    for (std::size_t i = 0; i + 1 < L.caseCells.size(); i += 2)
        h << "<tr><th>" << esc(L.caseCells[i].label) << "</th><td></td><th>" << esc(L.caseCells[i + 1].label) << "</th><td></td></tr>\n";
    h << "</table>\n";
    std::size_t qi = 0;
    int sectionNo = 0;
    for (const auto& s : tpl.sections) {
        ++sectionNo;
        h << "<h2>" << sectionNo << ". " << esc(s.title) << "</h2>\n";
        if (!s.guidance.empty()) h << "<p class=\"guidance\">" << esc(s.guidance) << "</p>\n";
        h << "<table>\n";
        for (const auto& q : s.questions) {
            const auto& cells = L.questions[qi++];
            h << "<tr><td class=\"ref\">" << cells.number << "</td><td><strong>" << esc(q.text) << "</strong>"
              << (q.required ? "" : " <em>(optional)</em>") << "<div class=\"guidance\">" << esc(q.guidance) << "</div>";
            for (const auto& lim : q.limits) {
                std::string when;
                for (const auto& w : lim.when) when += (when.empty() ? "" : " or ") + fw.answer(w)->label;
                h << "<div class=\"guidance\"><em>" << esc(when) << " limits the " << (lim.scope == Limit::Scope::Domain ? "domain" : "overall")
                  << " grade to " << esc(fw.grade(lim.cap)->label) << " at best.</em></div>";
            }
            h << "<div>" << boxes << "</div><div class=\"guidance\">Evidence: " << esc(q.evidencePrompt) << "</div><div class=\"evidence\"></div></td></tr>\n";
        }
        h << "<tr class=\"judgement\"><td></td><td><strong>Grade for " << esc(s.title) << ":</strong> " << grades
          << (fw.blankDomainGradeAgrees ? "<div class=\"guidance\">Leave the grade blank if you agree with the grade the answers give.</div>" : "")
          << "<div class=\"guidance\">Rationale (required if your grade differs from the grade the answers give):</div><div class=\"evidence\"></div></td></tr>\n";
        h << "</table>\n";
    }
    h << "<h2>Overall judgement</h2>\n<div class=\"keep\"><table>\n<tr class=\"judgement\"><td><p class=\"guidance\">"
      << esc(tpl.overallGuidance) << " The computed overall grade is " << esc(methodText(tpl.method(fw))) << ".</p><strong>Overall grade:</strong> "
      << grades << "<div class=\"guidance\">Rationale:</div><div class=\"evidence\"></div></td></tr>\n"
      << "<tr><td><strong>Strengths</strong><div class=\"guidance\">" << esc(tpl.strengthsPrompt)
      << "</div><div class=\"evidence\"></div></td></tr>\n</table></div>\n";
    h << "<h2>Actions</h2>\n<p class=\"guidance\">" << esc(tpl.actionsPrompt) << "</p>\n<table>\n<tr><th>No.</th><th>Action</th><th>Owner</th><th>Due date</th></tr>\n";
    for (int i = 1; i <= tpl.actionRows; ++i)
        h << "<tr><td class=\"ref\">" << i << "</td><td style=\"height:9mm;width:60%\"></td><td></td><td></td></tr>\n";
    h << "</table>\n</body>\n</html>\n";
    return h.str();
}

}  // namespace audit
