// What the XLSX forms share: see form_sheet.h.
#include "audit/forms/form_sheet.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace audit::formsheet {

void check(lxw_error e, const std::string& path, const char* what) {
    if (e != LXW_NO_ERROR)
        throw Error(ErrorKind::CantCreate, path, "", std::string("cannot write the form (") + what + "): " + lxw_strerror(e));
}

std::optional<lxw_datetime> isoDate(const std::string& s) {
    int y, m, d;
    char tail;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return std::nullopt;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    return lxw_datetime{y, m, d, 0, 0, 0};
}

int linesFor(const std::string& text, double width, double perChar) {
    const double perLine = width * perChar;
    int lines = 0;
    std::istringstream paras(text);
    std::string para;
    while (std::getline(paras, para)) {
        std::istringstream words(para);
        std::string w;
        double used = 0;
        int l = 1;
        while (words >> w) {
            const double len = static_cast<double>(w.size());
            if (used > 0 && used + 1 + len > perLine) {
                ++l;
                used = len;
            } else {
                used += (used > 0 ? 1 : 0) + len;
            }
        }
        lines += l;
    }
    return std::max(lines, 1);
}

std::string quoteText(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

FormBook::FormBook(const std::string& path, const std::string& title, const std::string& author)
    : path_(path), out_(path), title_(title) {
    lxw_workbook_options wopt{};
    // libxlsxwriter assembles each part in a temporary file: in memory (/dev/shm) when there is one, which
    // roughly halves the time per form (creating files on a disk file system dominates otherwise).
    static const bool shm = ::access("/dev/shm", W_OK | X_OK) == 0;
    if (shm) wopt.tmpdir = const_cast<char*>("/dev/shm");
    wb_ = workbook_new_opt(out_.tempPath().c_str(), &wopt);
    if (!wb_) throw Error(ErrorKind::CantCreate, path, "", "cannot create the workbook");
    lxw_doc_properties props{};
    props.title = const_cast<char*>(title_.c_str());
    props.author = const_cast<char*>(author.c_str());
    props.created = 1767225600;  // 2026-01-01T00:00:00Z: fixed, so that equal inputs give equal bytes
    check(workbook_set_properties(wb_, &props), path, "properties");
}

FormBook::~FormBook() {
    if (wb_) workbook_close(wb_);
}

lxw_worksheet* FormBook::addSheet(const std::string& name) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    if (!ws) throw Error(ErrorKind::CantCreate, path_, "", "cannot add the sheet '" + name + "'");
    return ws;
}

lxw_format* FormBook::make(const std::string& name, std::initializer_list<std::function<void(lxw_format*)>> setters) {
    lxw_format* f = workbook_add_format(wb_);
    format_set_font_name(f, "Arial");
    format_set_font_size(f, 10);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    for (const auto& s : setters) s(f);
    fmt_[name] = f;
    return f;
}

void FormBook::houseFormats() {
    const lxw_color_t navy = 0x1F3864, blue = 0x2F5496, answerFill = 0xFFF2CC, grey = 0xF2F2F2, line = 0xA6A6A6;
    auto border = [=](lxw_format* f) {
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, line);
    };
    auto unlocked = [](lxw_format* f) { format_set_unlocked(f); };
    auto text = [](lxw_format* f) { format_set_num_format(f, "@"); };
    make("title", {[](lxw_format* f) { format_set_bold(f); format_set_font_size(f, 14); format_set_font_color(f, 0x1F3864);
                       format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); format_set_text_wrap(f); }});
    make("caseLabel", {border, [=](lxw_format* f) { format_set_bold(f); format_set_bg_color(f, grey); format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("caseValue", {border, [](lxw_format* f) { format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("caseDate", {border, unlocked, [=](lxw_format* f) { format_set_bg_color(f, answerFill); format_set_num_format(f, "dd/mm/yyyy");
                          format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); format_set_align(f, LXW_ALIGN_LEFT); }});
    make("head", {border, [=](lxw_format* f) { format_set_bold(f); format_set_font_color(f, LXW_COLOR_WHITE); format_set_bg_color(f, navy);
                      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("intro", {[](lxw_format* f) { format_set_italic(f); format_set_font_size(f, 9); format_set_font_color(f, 0x404040); }});
    make("section", {border, [=](lxw_format* f) { format_set_bold(f); format_set_font_size(f, 11); format_set_font_color(f, LXW_COLOR_WHITE);
                         format_set_bg_color(f, blue); format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("sectionNote", {border, [=](lxw_format* f) { format_set_italic(f); format_set_font_size(f, 9); format_set_font_color(f, LXW_COLOR_WHITE);
                             format_set_bg_color(f, blue); format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("ref", {border, [](lxw_format* f) { format_set_bold(f); format_set_align(f, LXW_ALIGN_CENTER); }});
    make("question", {border});
    make("guidance", {border, [](lxw_format* f) { format_set_font_size(f, 8); format_set_font_color(f, 0x404040); }});
    make("answer", {border, unlocked, text, [=](lxw_format* f) { format_set_bg_color(f, answerFill); format_set_bold(f);
                        format_set_align(f, LXW_ALIGN_CENTER); format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("evidence", {border, unlocked, [=](lxw_format* f) { format_set_bg_color(f, answerFill); format_set_font_size(f, 9); }});
    make("computedLabel", {border, [=](lxw_format* f) { format_set_bold(f); format_set_bg_color(f, grey); format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("computedNote", {border, [=](lxw_format* f) { format_set_font_size(f, 9); format_set_bg_color(f, grey); format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("computed", {border, [=](lxw_format* f) { format_set_bold(f); format_set_bg_color(f, grey); format_set_align(f, LXW_ALIGN_CENTER);
                          format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("gradeLabel", {border, [](lxw_format* f) { format_set_bold(f); format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("gradeNote", {border, [](lxw_format* f) { format_set_font_size(f, 8); format_set_font_color(f, 0x404040); format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("grade", {border, unlocked, text, [=](lxw_format* f) { format_set_bold(f); format_set_bg_color(f, answerFill); format_set_align(f, LXW_ALIGN_CENTER);
                       format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); }});
    make("rationale", {border, unlocked, [=](lxw_format* f) { format_set_bg_color(f, answerFill); format_set_font_size(f, 9); }});
    make("tableHead", {border, [](lxw_format* f) { format_set_bold(f); format_set_bg_color(f, 0xD9E2F3); }});
    make("actionCell", {border, unlocked, [=](lxw_format* f) { format_set_bg_color(f, answerFill); format_set_font_size(f, 9); }});
    make("actionDate", {border, unlocked, [=](lxw_format* f) { format_set_bg_color(f, answerFill); format_set_num_format(f, "dd/mm/yyyy");
                            format_set_align(f, LXW_ALIGN_LEFT); }});
    make("plain", {});
}

void FormBook::str(lxw_worksheet* ws, int r, int c, const std::string& s, const char* format) {
    if (s.empty())
        check(worksheet_write_blank(ws, r, c, fmt_.at(format)), path_, "blank");
    else
        check(worksheet_write_string(ws, r, c, s.c_str(), fmt_.at(format)), path_, "string");
}

void FormBook::listValidation(lxw_worksheet* ws, int r1, int c1, int r2, int c2, const std::vector<std::string>& labels,
                              const char* what) {
    std::vector<const char*> list;
    for (const auto& l : labels) list.push_back(l.c_str());
    list.push_back(nullptr);
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = const_cast<char**>(list.data());
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    std::string title = std::string("Not ") + what;
    std::string message = "Choose one of: ";
    for (std::size_t i = 0; i < labels.size(); ++i) message += (i ? ", " : "") + labels[i];
    if (message.size() > 250) message = message.substr(0, 250);
    dv.error_title = const_cast<char*>(title.c_str());
    dv.error_message = const_cast<char*>(message.c_str());
    check(worksheet_data_validation_range(ws, r1, static_cast<lxw_col_t>(c1), r2, static_cast<lxw_col_t>(c2), &dv), path_,
          "validation");
}

void FormBook::dateValidation(lxw_worksheet* ws, int r, int c) {
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_DATE;
    dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    dv.minimum_datetime = lxw_datetime{2000, 1, 1, 0, 0, 0};
    dv.maximum_datetime = lxw_datetime{2099, 12, 31, 0, 0, 0};
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv.error_title = const_cast<char*>("Not a date");
    dv.error_message = const_cast<char*>("Enter a date such as 14/03/2026.");
    check(worksheet_data_validation_cell(ws, r, static_cast<lxw_col_t>(c), &dv), path_, "validation");
}

void FormBook::gradeColours(lxw_worksheet* ws, const std::string& range, const Framework& fw) {
    struct CellA1 {
        int row = 0, col = 0;
    };
    // The first cell of the range anchors the rule ("D9" of "D9:D10 D14").
    const std::string first = range.substr(0, range.find_first_of(": "));
    CellA1 anchor;
    std::size_t i = 0;
    while (i < first.size() && std::isalpha(static_cast<unsigned char>(first[i]))) {
        anchor.col = anchor.col * 26 + (std::toupper(static_cast<unsigned char>(first[i])) - 'A' + 1);
        ++i;
    }
    anchor.col -= 1;
    anchor.row = std::stoi(first.substr(i)) - 1;
    for (const auto& g : fw.grades) {
        lxw_format* f = workbook_add_format(wb_);
        // Dark fills get white text.
        const unsigned rgb = static_cast<unsigned>(std::stoul(g.colour.substr(1), nullptr, 16));
        const double lum = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
        format_set_bg_color(f, rgb);
        if (lum < 110) format_set_font_color(f, LXW_COLOR_WHITE);
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_CELL;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        std::string v = quoteText(g.label);
        cf.value_string = const_cast<char*>(v.c_str());
        cf.format = f;
        cf.multi_range = const_cast<char*>(range.c_str());
        check(worksheet_conditional_format_cell(ws, anchor.row, static_cast<lxw_col_t>(anchor.col), &cf), path_,
              "conditional format");
    }
}

void FormBook::keyValueSheet(lxw_worksheet* sh, const std::vector<std::pair<std::string, std::string>>& rows) {
    check(worksheet_write_string(sh, 0, 0, "key", nullptr), path_, "identity");
    check(worksheet_write_string(sh, 0, 1, "value", nullptr), path_, "identity");
    int r = 1;
    for (const auto& [k, v] : rows) {
        check(worksheet_write_string(sh, r, 0, k.c_str(), nullptr), path_, "identity");
        if (!v.empty()) check(worksheet_write_string(sh, r, 1, v.c_str(), nullptr), path_, "identity");
        ++r;
    }
    worksheet_set_column(sh, 0, 0, 34, nullptr);
    worksheet_set_column(sh, 1, 1, 40, nullptr);
    worksheet_protect(sh, nullptr, nullptr);
    worksheet_hide(sh);
}

void FormBook::close() {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    const lxw_error e = workbook_close(wb);
    // A full disk or a failed write is an I/O error (74), as in xlsx::check; only a file that cannot be made is 73.
    if (e != LXW_NO_ERROR)
        throw Error(e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE ? ErrorKind::CantCreate
                                                                                          : ErrorKind::IO,
                    path_, "", std::string("cannot write the workbook: ") + lxw_strerror(e));
    out_.commit();
}

}  // namespace audit::formsheet
