// The audit form rendered from a template (ARCHITECTURE §6): where every cell is, the hidden identity sheet,
// the printable HTML page and the XLSX workbook with dropdowns, protection and live computed grades.
//
// Layout (layout_version 1), sheet "Audit" (0-based rows/columns here; A1 references in the identity sheet):
//   columns A ref (1.1, 1.2 ...), B question, C guidance, D answer / grade, E evidence / rationale;
//   G..P hidden helper cells that hold the live scoring formulas.
//   One block per section: a heading row, a row per question (answer in D, evidence in E), a computed-grade
//   row (computed grade in D, score in C), an auditor's-grade row (grade in D, rationale in E). Then the
//   overall block (computed, auditor's grade and rationale, strengths) and the actions table (B action,
//   C owner, D due date). The identity sheet "Form" (hidden) lists key/value pairs in A/B, including the A1
//   cell of every answer, grade and rationale: readers look cells up by question or domain id, never by row.
// See templates/README.md for the full description.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/forms/framework.h"
#include "audit/forms/scoring.h"
#include "audit/forms/template.h"

namespace audit {

struct CellRef {
    int row = -1;  // 0-based
    int col = -1;  // 0-based
    bool valid() const { return row >= 0 && col >= 0; }
    std::string a1() const;                          // "D14"
    static std::optional<CellRef> parse(std::string_view a1);  // "D14" or "$D$14"; nullopt if not a cell
    bool operator==(const CellRef&) const = default;
};

inline constexpr int kFormLayoutVersion = 1;

struct FormLayout {
    std::string sheet = "Audit";         // the visible sheet
    std::string identitySheet = "Form";  // hidden: key/value pairs
    std::string listsSheet = "Lists";    // hidden: the answer and grade tables the formulas look up

    struct CaseCell {
        std::string key;    // case_ref, child_ref, team, worker, category, auditor, draw_id, audit_date
        std::string label;  // "Case reference"
        CellRef cell;
    };
    struct QuestionCells {
        std::string id;
        std::string domain;
        std::string number;  // "2.3", shown in column A
        CellRef answer;      // D
        CellRef evidence;    // E
    };
    struct DomainCells {
        std::string domain;
        std::string title;
        int headingRow = 0;
        int firstQuestionRow = 0, lastQuestionRow = 0;
        int computedRow = 0, gradeRow = 0;
        CellRef computed;   // the live computed grade (formula)
        CellRef score;      // "Score 72%" (formula)
        CellRef grade;      // the auditor's grade (dropdown)
        CellRef rationale;  // the auditor's rationale
        CellRef note;       // "Rationale required ..." (formula)
    };
    struct ActionCells {
        CellRef action, owner, due;
    };

    std::vector<CaseCell> caseCells;
    std::vector<QuestionCells> questions;  // template order
    std::vector<DomainCells> domains;      // template order
    int overallHeadingRow = 0;
    CellRef overallComputed, overallGrade, overallRationale, overallNote, strengths;
    int actionsHeaderRow = 0;
    std::vector<ActionCells> actions;
    int headerRows = 6;  // rows frozen at the top (title, case details, column headings)
    int lastRow = 0;

    const QuestionCells* question(std::string_view id) const;
    const DomainCells* domain(std::string_view id) const;
    const CaseCell* caseCell(std::string_view key) const;
    // The cell that holds a field (for pointing at a ScoreProblem): answer/evidence by question id,
    // grade/rationale by domain id, overall fields with an empty id.
    std::optional<CellRef> cell(Field field, std::string_view id) const;
    // "sheet 'Audit', cell D14" (or "sheet 'Audit'" when the field is unknown)
    std::string place(Field field, std::string_view id) const;
};

FormLayout formLayout(const Template& tpl, const Framework& fw);

// The case a form is for (all optional for a blank form).
struct FormCase {
    std::string caseRef;
    std::string childRef;
    std::string team;
    std::string worker;
    std::string category;
    std::string auditor;
    std::string drawId;
    std::string dueDate;    // ISO yyyy-mm-dd: when the return is due ("" when not known)
    std::string auditDate;  // ISO yyyy-mm-dd, only for filled forms
    std::string storeId;    // the store whose sample the form is for (Store::storeId()); "" when none
};

// A stable id for the form of this template version and case ("F-" + 12 hex digits; "F-blank-<id>-v<n>"
// for a blank form).
std::string formId(const Template& tpl, const FormCase& c);

// The identity sheet's key/value rows, in order (see templates/README.md for every key).
std::vector<std::pair<std::string, std::string>> identityRows(const Template& tpl, const Framework& fw,
                                                              const FormCase& c, const FormLayout& layout);

struct FormWriteOptions {
    // Write the formulas' cached values (computed with audit::score). Off only in tests that make a
    // spreadsheet program recalculate and compare.
    bool cachedValues = true;
};

// Writes the XLSX form for a case (blank answers unless `filled` is given) atomically to `path`:
// dropdown validations on answers and grades, guidance beside each question, the sheet protected with
// answer cells unlocked, frozen header, A4 landscape fitted to one page wide, the hidden identity sheet,
// and live formulas for the computed domain and overall grades (their cached values written too).
// Byte-identical for identical inputs (fixed created time). Throws Error(CantCreate / IO) on failure.
void writeFormXlsx(const Template& tpl, const Framework& fw, const FormCase& c, const AuditInput* filled,
                   const std::string& path, const FormWriteOptions& options = {});

// A printable HTML page of the template (blank form for pen and paper, or to read before auditing).
std::string renderHtml(const Template& tpl, const Framework& fw);

}  // namespace audit
