#include "audit/io/xlsx_writer.h"

#include <cmath>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <string_view>

#include "audit/base/error.h"
#include "audit/io/xlsx_reader.h"

namespace audit::xlsx {

namespace {
ErrorKind kindOf(lxw_error err) {
    switch (err) {
        case LXW_ERROR_CREATING_XLSX_FILE:
        case LXW_ERROR_CREATING_TMPFILE: return ErrorKind::CantCreate;
        case LXW_ERROR_READING_TMPFILE:
        case LXW_ERROR_ZIP_FILE_OPERATION:
        case LXW_ERROR_ZIP_PARAMETER_ERROR:
        case LXW_ERROR_ZIP_BAD_ZIP_FILE:
        case LXW_ERROR_ZIP_INTERNAL_ERROR:
        case LXW_ERROR_ZIP_FILE_ADD:
        case LXW_ERROR_ZIP_CLOSE: return ErrorKind::IO;
        case LXW_ERROR_MEMORY_MALLOC_FAILED: return ErrorKind::Internal;
        default: return ErrorKind::Data;
    }
}

// Number of Unicode code points (s is valid UTF-8).
std::size_t codePoints(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// Excel counts UTF-16 code units: characters beyond the BMP count twice.
std::size_t utf16Units(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) != 0x80) ++n;
        if (c >= 0xF0) ++n;
    }
    return n;
}

std::string lowerAscii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}
}  // namespace

void check(lxw_error err, const std::string& what, const std::string& file) {
    if (err == LXW_NO_ERROR) return;
    throw Error(kindOf(err), file, "", what + ": " + lxw_strerror(err));
}

lxw_error captureLibraryMessages(const std::function<lxw_error()>& fn, std::string& messages) {
    messages.clear();
    std::fflush(stderr);
    std::FILE* tmp = std::tmpfile();
    const int saved = tmp ? ::dup(2) : -1;
    if (saved < 0 || ::dup2(::fileno(tmp), 2) < 0) {  // cannot capture: run it as it is
        if (saved >= 0) ::close(saved);
        if (tmp) std::fclose(tmp);
        return fn();
    }
    lxw_error err = LXW_NO_ERROR;
    auto restore = [&] {
        std::fflush(stderr);
        ::dup2(saved, 2);
        ::close(saved);
    };
    try {
        err = fn();
    } catch (...) {
        restore();
        std::fclose(tmp);
        throw;
    }
    restore();
    std::rewind(tmp);
    char buf[512];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, tmp)) > 0 && messages.size() < 4096) messages.append(buf, n);
    std::fclose(tmp);
    while (!messages.empty() && (messages.back() == '\n' || messages.back() == '\r')) messages.pop_back();
    return err;
}

void call(const std::function<lxw_error()>& fn, const std::string& what, const std::string& file) {
    std::string messages;
    const lxw_error err = captureLibraryMessages(fn, messages);
    if (err == LXW_NO_ERROR) return;
    throw Error(kindOf(err), file, "", what + ": " + lxw_strerror(err) + (messages.empty() ? "" : " (" + messages + ")"));
}

bool validUtf8(const std::string& s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
        else return false;
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

std::string sheetNameProblem(const std::string& name) {
    if (name.empty()) return "a sheet name cannot be empty";
    if (!validUtf8(name)) return "sheet name is not valid UTF-8";
    if (codePoints(name) > LXW_SHEETNAME_MAX)
        return "sheet name '" + name + "' is longer than 31 characters (expected at most 31)";
    if (name.find_first_of("[]:*?/\\") != std::string::npos)
        return "sheet name '" + name + "' contains one of [ ] : * ? / \\ (which Excel does not allow)";
    if (name.front() == '\'' || name.back() == '\'')
        return "sheet name '" + name + "' starts or ends with an apostrophe (which Excel does not allow)";
    if (lowerAscii(name) == "history") return "'History' is a sheet name Excel reserves";
    return {};
}

Writer::Writer(const std::string& path) : Writer(path, Options{}) {}

Writer::Writer(const std::string& path, const Options& options) : out_(std::make_unique<OutputFile>(path)) {
    lxw_workbook_options opt{};
    opt.constant_memory = options.constantMemory ? LXW_TRUE : LXW_FALSE;
    opt.tmpdir = nullptr;
    opt.use_zip64 = LXW_FALSE;
    wb_ = workbook_new_opt(out_->tempPath().c_str(), &opt);
    if (!wb_) throw Error(ErrorKind::Internal, path, "", "libxlsxwriter could not create a workbook (out of memory?)");
    lxw_doc_properties props{};
    props.title = const_cast<char*>(options.title.c_str());
    props.author = const_cast<char*>(options.author.c_str());
    props.company = const_cast<char*>(options.company.c_str());
    props.comments = const_cast<char*>(options.comments.c_str());
    props.created = options.created;
    try {
        check(workbook_set_properties(wb_, &props), "setting the document properties");
    } catch (...) {
        lxw_workbook_free(wb_);
        wb_ = nullptr;
        throw;
    }
}

Writer::~Writer() {
    if (wb_) lxw_workbook_free(wb_);
    // out_ removes the temporary file unless close() committed it.
}

lxw_worksheet* Writer::addSheet(const std::string& name) {
    if (std::string p = sheetNameProblem(name); !p.empty()) throw Error(ErrorKind::Data, path(), "", p);
    const std::string key = lowerAscii(name);
    if (sheets_.count(key)) throw Error(ErrorKind::Data, path(), "", "sheet name '" + name + "' is used twice (expected unique names)");
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    if (!ws) throw Error(ErrorKind::Data, path(), "", "libxlsxwriter refused the sheet name '" + name + "'");
    sheets_[key] = ws;
    names_[ws] = name;
    return ws;
}

lxw_worksheet* Writer::sheet(const std::string& name) {
    auto it = sheets_.find(lowerAscii(name));
    if (it == sheets_.end()) throw Error(ErrorKind::Internal, path(), "", "no sheet named '" + name + "' was added");
    return it->second;
}

lxw_format* Writer::format(const std::string& name) {
    auto it = formats_.find(name);
    if (it != formats_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    if (!f) throw Error(ErrorKind::Internal, path(), "", "libxlsxwriter could not create a format (out of memory?)");
    if (name == "date") format_set_num_format(f, "dd/mm/yyyy");
    else if (name == "bold") format_set_bold(f);
    else if (name == "wrap") {
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    } else if (name == "unlocked")
        format_set_unlocked(f);
    formats_[name] = f;
    return f;
}

std::string Writer::place(const lxw_worksheet* ws, std::size_t row, std::size_t col) const {
    auto it = names_.find(ws);
    return "sheet '" + (it == names_.end() ? std::string("?") : it->second) + "', cell " + cellName(row, col);
}

void Writer::checkString(const lxw_worksheet* ws, std::size_t row, std::size_t col, const std::string& text) const {
    if (!validUtf8(text))
        throw Error(ErrorKind::Data, path(), place(ws, row, col), "the text is not valid UTF-8 (expected UTF-8 text)");
    if (utf16Units(text) > 32767)
        throw Error(ErrorKind::Data, path(), place(ws, row, col),
                    "the text has " + std::to_string(utf16Units(text)) + " characters, more than Excel's 32767 per cell");
}

namespace {
lxw_row_t toRow(std::size_t r) { return static_cast<lxw_row_t>(std::min<std::size_t>(r, LXW_ROW_MAX)); }
lxw_col_t toCol(std::size_t c) { return static_cast<lxw_col_t>(std::min<std::size_t>(c, LXW_COL_MAX)); }
}  // namespace

void Writer::writeString(lxw_worksheet* ws, std::size_t row, std::size_t col, const std::string& text, lxw_format* fmt) {
    checkString(ws, row, col, text);
    check(worksheet_write_string(ws, toRow(row), toCol(col), text.c_str(), fmt), "writing " + place(ws, row, col));
}

void Writer::writeNumber(lxw_worksheet* ws, std::size_t row, std::size_t col, double value, lxw_format* fmt) {
    if (!std::isfinite(value))
        throw Error(ErrorKind::Data, path(), place(ws, row, col), "the number is not finite (Excel cannot hold NaN or infinity)");
    check(worksheet_write_number(ws, toRow(row), toCol(col), value, fmt), "writing " + place(ws, row, col));
}

void Writer::writeBoolean(lxw_worksheet* ws, std::size_t row, std::size_t col, bool value, lxw_format* fmt) {
    check(worksheet_write_boolean(ws, toRow(row), toCol(col), value ? 1 : 0, fmt), "writing " + place(ws, row, col));
}

void Writer::writeBlank(lxw_worksheet* ws, std::size_t row, std::size_t col, lxw_format* fmt) {
    check(worksheet_write_blank(ws, toRow(row), toCol(col), fmt), "writing " + place(ws, row, col));
}

void Writer::writeDate(lxw_worksheet* ws, std::size_t row, std::size_t col, int year, int month, int day, lxw_format* fmt,
                       int hour, int minute, double second) {
    if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second < 0 || second >= 60)
        throw Error(ErrorKind::Data, path(), place(ws, row, col),
                    "date " + std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day) +
                        " is not valid (expected a date from 1900-01-01 to 9999-12-31)");
    lxw_datetime dt{year, month, day, hour, minute, second};
    check(worksheet_write_datetime(ws, toRow(row), toCol(col), &dt, fmt ? fmt : format("date")),
          "writing " + place(ws, row, col));
}

void Writer::writeFormula(lxw_worksheet* ws, std::size_t row, std::size_t col, const std::string& formula, double cached,
                          lxw_format* fmt) {
    checkString(ws, row, col, formula);
    check(worksheet_write_formula_num(ws, toRow(row), toCol(col), formula.c_str(), fmt, cached),
          "writing the formula in " + place(ws, row, col));
}

void Writer::writeFormula(lxw_worksheet* ws, std::size_t row, std::size_t col, const std::string& formula,
                          const std::string& cached, lxw_format* fmt) {
    checkString(ws, row, col, formula);
    checkString(ws, row, col, cached);
    check(worksheet_write_formula_str(ws, toRow(row), toCol(col), formula.c_str(), fmt, cached.c_str()),
          "writing the formula in " + place(ws, row, col));
}

void Writer::setColumnWidth(lxw_worksheet* ws, std::size_t first, std::size_t last, double width, lxw_format* fmt) {
    check(worksheet_set_column(ws, toCol(first), toCol(last), width, fmt), "setting column widths");
}

void Writer::printSetup(lxw_worksheet* ws, const Print& p) {
    if (p.landscape) worksheet_set_landscape(ws);
    else worksheet_set_portrait(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
    if (p.headerLast >= 0)
        check(worksheet_repeat_rows(ws, static_cast<lxw_row_t>(p.headerFirst), static_cast<lxw_row_t>(p.headerLast)),
              "repeating the header rows");
    if (p.lastRow >= 0)
        check(worksheet_print_area(ws, 0, 0, static_cast<lxw_row_t>(p.lastRow), static_cast<lxw_col_t>(p.lastCol)),
              "setting the print area");
}

void Writer::defineName(const std::string& name, const std::string& formula) {
    check(workbook_define_name(wb_, name.c_str(), formula.c_str()), "defining the name '" + name + "'");
}

void Writer::close(const std::function<void()>& beforeRename) {
    if (!wb_) throw Error(ErrorKind::Internal, path(), "", "the workbook was already closed");
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    std::string messages;
    const lxw_error err = captureLibraryMessages([wb] { return workbook_close(wb); }, messages);  // frees wb
    if (err != LXW_NO_ERROR) {
        out_->discard();
        throw Error(kindOf(err) == ErrorKind::Data ? ErrorKind::IO : kindOf(err), path(), "",
                    std::string("writing the workbook failed: ") + lxw_strerror(err) +
                        (messages.empty() ? "" : " (" + messages + ")"));
    }
    out_->finish();
    if (beforeRename) beforeRename();  // throwing leaves no file: out_ discards it
    out_->commit();
}

}  // namespace audit::xlsx
