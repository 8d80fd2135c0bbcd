// What the XLSX forms share (internal to the core): the audit form (form_xlsx.cpp) and the moderation form
// (moderation_form_xlsx.cpp) are written through a FormBook so that they look alike and behave alike:
// the house formats (Arial 10, yellow unlocked input cells, navy headings), dropdown lists that refuse other
// values, date validation, fills by grade from the framework's colours, a hidden key/value identity sheet,
// fixed document properties (byte-identical output) and an atomic write (audit::OutputFile).
#pragma once
#include <xlsxwriter.h>

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/base/error.h"
#include "audit/forms/framework.h"
#include "audit/base/output_file.h"

namespace audit::formsheet {

// Throws Error(CantCreate) naming the file and what was being written when libxlsxwriter reports an error.
void check(lxw_error e, const std::string& path, const char* what);
// "2026-03-14" as a libxlsxwriter date; nullopt if it is not an ISO date.
std::optional<lxw_datetime> isoDate(const std::string& s);
// Lines a text needs in a column of `width` characters at a font that fits `perChar` characters per width unit.
int linesFor(const std::string& text, double width, double perChar);
// A text as a formula string literal: "say ""hi""".
std::string quoteText(const std::string& s);

class FormBook {
public:
    // Opens the workbook on the temporary name of `path` (in memory when /dev/shm is there), with a fixed
    // created time.
    FormBook(const std::string& path, const std::string& title, const std::string& author);
    ~FormBook();
    FormBook(const FormBook&) = delete;
    FormBook& operator=(const FormBook&) = delete;

    lxw_workbook* workbook() { return wb_; }
    const std::string& path() const { return path_; }
    lxw_worksheet* addSheet(const std::string& name);

    // A named format: Arial 10, wrapped, top-aligned, then the setters.
    lxw_format* make(const std::string& name, std::initializer_list<std::function<void(lxw_format*)>> setters);
    // The house formats both forms use (title, caseLabel, caseValue, caseDate, head, intro, section,
    // sectionNote, ref, question, guidance, answer, evidence, computedLabel, computedNote, computed,
    // gradeLabel, gradeNote, grade, rationale, tableHead, actionCell, actionDate, plain), in that order.
    void houseFormats();
    lxw_format* format(const std::string& name) const { return fmt_.at(name); }

    // A string (or a formatted blank when s is empty).
    void str(lxw_worksheet* ws, int r, int c, const std::string& s, const char* format);
    // A dropdown of `labels` on a range that refuses anything else ("Not <what>").
    void listValidation(lxw_worksheet* ws, int r1, int c1, int r2, int c2, const std::vector<std::string>& labels,
                        const char* what);
    void dateValidation(lxw_worksheet* ws, int r, int c);
    // Fills each grade's cells in `range` ("D9:D10 D14") with the framework's colour for it (white text on dark).
    void gradeColours(lxw_worksheet* ws, const std::string& range, const Framework& fw);
    // A hidden, protected sheet of key/value rows under a "key","value" header.
    void keyValueSheet(lxw_worksheet* sh, const std::vector<std::pair<std::string, std::string>>& rows);

    // Closes the workbook and renames it into place. Throws Error(CantCreate) on failure.
    void close();

private:
    std::string path_;
    OutputFile out_;
    lxw_workbook* wb_ = nullptr;
    std::string title_;
    std::map<std::string, lxw_format*> fmt_;
};

}  // namespace audit::formsheet
