// Writing .xlsx workbooks: a thin RAII layer over libxlsxwriter (https://libxlsxwriter.github.io).
//
//   xlsx::Writer w("form.xlsx");
//   lxw_worksheet* ws = w.addSheet("Audit");
//   w.writeString(ws, 0, 0, "Case reference", w.format("bold"));   // rows and columns 0-based
//   w.call([&] { return worksheet_data_validation_cell(ws, 3, 2, &dv); }, "adding the answer list");
//   w.close();   // writes the file (temporary name, then renamed); throws on any failure
//
// The Writer owns the lxw_workbook; raw lxw_worksheet* / lxw_format* pointers let callers use the
// whole libxlsxwriter API (validation, protection, panes, print setup, autofilter, conditional
// formats, charts, defined names), passing every lxw_error through call() (or check()). The conveniences here
// validate what libxlsxwriter would refuse or mangle (sheet names, string length, UTF-8) so that the
// error says what was wrong; libxlsxwriter itself never prints for them.
//
// Determinism: the document's created time is fixed (Options::created), and libxlsxwriter uses it
// for the zip entries' times too, so the same content gives byte-identical files.
// Output: written by libxlsxwriter to an audit::OutputFile's temporary name and renamed into place by
// close() only after workbook_close() succeeded. If close() is not reached, nothing is left.
#pragma once
#include <xlsxwriter.h>

#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "audit/base/output_file.h"

namespace audit::xlsx {

// Throws audit::Error if err is not LXW_NO_ERROR: "file: <what>: <libxlsxwriter's message>". The
// kind is CantCreate/IO for file and zip errors, Internal for memory, Data for refused content.
void check(lxw_error err, const std::string& what, const std::string& file = "");

// libxlsxwriter prints a line on stderr when it refuses a parameter or fails to write, and the core
// never prints: call() runs a libxlsxwriter call with stderr captured (single-threaded tools) and,
// if it returns an error, throws as check() does with the library's own explanation appended.
//   xlsx::call([&] { return worksheet_data_validation_cell(ws, 3, 2, &dv); }, "adding the answer list", file);
lxw_error captureLibraryMessages(const std::function<lxw_error()>& fn, std::string& messages);
void call(const std::function<lxw_error()>& fn, const std::string& what, const std::string& file = "");

// Why libxlsxwriter (or Excel) would refuse this sheet name; empty if it is fine.
std::string sheetNameProblem(const std::string& name);
// True if s is valid UTF-8 (no overlongs, no surrogates).
bool validUtf8(const std::string& s);

class Writer {
public:
    struct Options {
        std::time_t created = 1704067200;  // 2024-01-01T00:00:00Z: fixed, so outputs are byte-identical
        std::string title;
        std::string author = "Case audit toolkit";
        std::string company;
        std::string comments;
        bool constantMemory = false;  // stream rows to a temporary file (huge sheets; rows in order only)
    };

    explicit Writer(const std::string& path);  // default Options
    Writer(const std::string& path, const Options& options);
    ~Writer();  // without close(): frees everything and leaves no file
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    const std::string& path() const { return out_->path(); }
    lxw_workbook* workbook() { return wb_; }

    // A new worksheet; throws Error(Data) naming the problem if the name is not allowed or taken.
    lxw_worksheet* addSheet(const std::string& name);
    // The worksheet of that name; throws Error(Internal) if there is none.
    lxw_worksheet* sheet(const std::string& name);
    // Hides a sheet (it must not be the active one: make another sheet active first).
    void hideSheet(lxw_worksheet* ws) { worksheet_hide(ws); }

    // A named format, created empty on first use and the same pointer afterwards; set its
    // properties once (format_set_bold(w.format("bold"))). Predefined: "date" (dd/mm/yyyy),
    // "bold", "wrap" (text wrap, top aligned), "unlocked" (for answer cells on protected sheets).
    lxw_format* format(const std::string& name);
    bool hasFormat(const std::string& name) const { return formats_.count(name) != 0; }

    // Cells (0-based row and column). Strings must be UTF-8 and at most 32,767 characters.
    void writeString(lxw_worksheet* ws, std::size_t row, std::size_t col, const std::string& text, lxw_format* fmt = nullptr);
    void writeNumber(lxw_worksheet* ws, std::size_t row, std::size_t col, double value, lxw_format* fmt = nullptr);
    void writeBoolean(lxw_worksheet* ws, std::size_t row, std::size_t col, bool value, lxw_format* fmt = nullptr);
    void writeBlank(lxw_worksheet* ws, std::size_t row, std::size_t col, lxw_format* fmt);
    // A date (time optional); fmt defaults to format("date").
    void writeDate(lxw_worksheet* ws, std::size_t row, std::size_t col, int year, int month, int day,
                   lxw_format* fmt = nullptr, int hour = 0, int minute = 0, double second = 0);
    // A formula ("=SUM(A1:A3)" or "SUM(A1:A3)") with its cached result, so that readers that do not
    // calculate (openpyxl, our reader) see the value.
    void writeFormula(lxw_worksheet* ws, std::size_t row, std::size_t col, const std::string& formula, double cached,
                      lxw_format* fmt = nullptr);
    void writeFormula(lxw_worksheet* ws, std::size_t row, std::size_t col, const std::string& formula,
                      const std::string& cached, lxw_format* fmt = nullptr);
    // Column widths in characters, for columns first..last.
    void setColumnWidth(lxw_worksheet* ws, std::size_t first, std::size_t last, double width, lxw_format* fmt = nullptr);
    // A workbook-wide name ("FormId" = "='Form identity'!$B$2").
    void defineName(const std::string& name, const std::string& formula);

    // How a sheet prints: A4, landscape (or portrait), fitted to one page wide (as many pages down as it takes),
    // narrow margins, the rows headerFirst..headerLast repeated at the top of every page (none when headerLast
    // < 0), and, with lastRow >= 0, the print area A1 to (lastRow, lastCol).
    struct Print {
        bool landscape = true;
        int headerFirst = 0, headerLast = -1;
        int lastRow = -1, lastCol = 0;
    };
    void printSetup(lxw_worksheet* ws, const Print& print);

    // Writes the workbook and renames it into place. Throws Error (CantCreate/IO) if writing failed;
    // then no file is left (a previous file of that name is kept). Call once.
    // beforeRename, when given, runs once the workbook is complete on disk and before it gets its name (record
    // something in the store only when the file is sure to be there); if it throws, no file is left.
    void close(const std::function<void()>& beforeRename = {});
    bool closed() const { return wb_ == nullptr; }

    // check() with this workbook's file name.
    void check(lxw_error err, const std::string& what) const { xlsx::check(err, what, out_->path()); }
    // call() with this workbook's file name.
    void call(const std::function<lxw_error()>& fn, const std::string& what) const { xlsx::call(fn, what, out_->path()); }

private:
    void checkString(const lxw_worksheet* ws, std::size_t row, std::size_t col, const std::string& text) const;
    std::string place(const lxw_worksheet* ws, std::size_t row, std::size_t col) const;

    std::unique_ptr<OutputFile> out_;
    lxw_workbook* wb_ = nullptr;
    std::map<std::string, lxw_format*> formats_;
    std::map<std::string, lxw_worksheet*> sheets_;      // by lower-case name
    std::map<const lxw_worksheet*, std::string> names_;  // sheet → name as given
};

}  // namespace audit::xlsx
