// The partnership workbook's pieces (private to the report module): the Book (formats, sheets set up to print, text
// that sizes its row, RAG and threshold formats), the Data sheet's rows, pseudonymous labels, and the helpers for
// moderation counts under disclosure control. report_workbook.cpp puts the sheets together (lscb.h).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "audit/io/xlsx_reader.h"
#include "audit/io/xlsx_writer.h"
#include "audit/report/disclosure.h"
#include "audit/report/report_data.h"
#include "audit/report/report_definition.h"
#include "audit/report/report_workbook.h"

namespace audit::report::lscb {

// Grades are shown best first (as people read them); index rank - 1 in the counts.
inline constexpr int kShowRanks[] = {4, 3, 2, 1};

// "2026-07", "2026-Q3", "2026" or "2026-07 to 2026-10" for the months first..last.
std::string periodLabel(int first, int last);

// One row of the Data sheet.
struct DataRow {
    std::string sheet, period, breakdown, key, measure;
    std::optional<double> value;
    std::string text;
    std::optional<double> n, lower, upper;
};

class Book {
public:
    Book(const std::string& path, const std::string& title) : w_(path, options(title)) {
        title_ = w_.format("title");
        format_set_bold(title_);
        format_set_font_size(title_, 14);
        header_ = w_.format("header");
        format_set_bold(header_);
        format_set_text_wrap(header_);
        format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
        format_set_bg_color(header_, 0xD9E1F2);
        format_set_border(header_, LXW_BORDER_THIN);
        plain_ = w_.format("plain");
        format_set_align(plain_, LXW_ALIGN_VERTICAL_TOP);
        format_set_align(title_, LXW_ALIGN_VERTICAL_TOP);
        pct_ = w_.format("pct");
        format_set_num_format(pct_, "0%");
        num1_ = w_.format("num1");
        format_set_num_format(num1_, "0.0");
        num2_ = w_.format("num2");
        format_set_num_format(num2_, "0.00");
        int_ = w_.format("int");
        format_set_num_format(int_, "0");
        wrap_ = w_.format("wrap");
        format_set_text_wrap(wrap_);
        format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
        right_ = w_.format("right");
        format_set_align(right_, LXW_ALIGN_RIGHT);
        note_ = w_.format("note");
        format_set_italic(note_);
        format_set_font_color(note_, 0x595959);
        red_ = w_.format("rag red");
        format_set_bg_color(red_, 0xF4B6B6);
        format_set_font_color(red_, 0x9C0006);
        amber_ = w_.format("rag amber");
        format_set_bg_color(amber_, 0xFFE699);
        format_set_font_color(amber_, 0x7F6000);
        green_ = w_.format("rag green");
        format_set_bg_color(green_, 0xC6EFCE);
        format_set_font_color(green_, 0x006100);
        flag_ = w_.format("flag");
        format_set_bold(flag_);
        format_set_font_color(flag_, 0x9C0006);
        // Everything sits at the top of its row, level with the first line of any wrapped text beside it.
        for (lxw_format* f : {pct_, num1_, num2_, int_, right_, note_, flag_}) format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }

    static xlsx::Writer::Options options(const std::string& title) {
        xlsx::Writer::Options o;
        o.title = title;
        return o;
    }

    xlsx::Writer& w() { return w_; }
    // A sheet set up to print landscape, one page wide.
    lxw_worksheet* sheet(const std::string& name) {
        lxw_worksheet* ws = w_.addSheet(name);
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, 9);  // A4
        worksheet_fit_to_pages(ws, 1, 0);
        return ws;
    }
    lxw_format* header() { return header_; }
    lxw_format* pct() { return pct_; }
    lxw_format* num1() { return num1_; }
    lxw_format* num2() { return num2_; }
    lxw_format* integer() { return int_; }
    lxw_format* wrap() { return wrap_; }
    lxw_format* note() { return note_; }
    lxw_format* title() { return title_; }

    void text(lxw_worksheet* ws, std::size_t r, std::size_t c, const std::string& s, lxw_format* f = nullptr) {
        if (s.empty()) return;
        w_.writeString(ws, r, c, s, f ? f : plain_);
        if (f == wrap_ || f == header_) fit(ws, r, c, s, f == header_);
        if (f == title_) titles_[ws].insert(r);
    }
    // The marker of a hidden number, aligned as numbers are.
    void marker(lxw_worksheet* ws, std::size_t r, std::size_t c, const std::string& m) { w_.writeString(ws, r, c, m, right_); }
    void number(lxw_worksheet* ws, std::size_t r, std::size_t c, std::optional<double> v, lxw_format* f) {
        if (v && std::isfinite(*v)) w_.writeNumber(ws, r, c, *v, f);
    }
    // A count, or the marker when it is hidden.
    void count(lxw_worksheet* ws, std::size_t r, std::size_t c, long v, bool hidden, const std::string& marker) {
        if (hidden) w_.writeString(ws, r, c, marker, right_);
        else w_.writeNumber(ws, r, c, static_cast<double>(v), int_);
    }
    void headers(lxw_worksheet* ws, std::size_t r, const std::vector<std::string>& names) {
        for (std::size_t c = 0; c < names.size(); ++c) text(ws, r, c, names[c], header_);
    }
    void widths(lxw_worksheet* ws, const std::vector<double>& widths) {
        for (std::size_t c = 0; c < widths.size(); ++c) w_.setColumnWidth(ws, c, c, widths[c]);
        widths_[ws] = widths;
    }
    // Rows holding wrapped text get the height of their longest cell: neither LibreOffice nor Excel grows a row
    // written with a default height, and the lines would run into the next row.
    void fitRows() {
        for (const auto& [ws, rows] : titles_)
            for (std::size_t r : rows)
                if (!lines_[ws].count(r)) w_.check(worksheet_set_row(ws, static_cast<lxw_row_t>(r), 20.0, nullptr), "setting a row height");
        for (const auto& [ws, rows] : lines_)
            for (const auto& [r, n] : rows)
                if (n > 1)
                    w_.check(worksheet_set_row(ws, static_cast<lxw_row_t>(r), 15.0 * n, nullptr), "setting a row height");
    }
    // A paragraph across columns c1..c2 (merged, wrapped), its row as tall as its lines.
    void paragraph(lxw_worksheet* ws, std::size_t r, std::size_t c1, std::size_t c2, const std::string& s) {
        w_.check(worksheet_merge_range(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c1),
                                       static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c2), s.c_str(), wrap_),
                 "writing a paragraph");
        double width = 0;
        auto w = widths_.find(ws);
        for (std::size_t c = c1; w != widths_.end() && c <= c2 && c < w->second.size(); ++c) width += w->second[c];
        std::size_t chars = 0;
        for (unsigned char ch : s) chars += (ch & 0xC0) != 0x80;
        const double perLine = std::max(10.0, width * 1.1 - 4.0);
        std::size_t& n = lines_[ws][r];
        n = std::max(n, static_cast<std::size_t>(std::ceil(static_cast<double>(chars) / perLine)) + 1);
    }
    // Freeze the rows above and including headerRow, filter the table below it, repeat the header row at the top
    // of every printed page.
    void table(lxw_worksheet* ws, std::size_t headerRow, std::size_t lastRow, std::size_t lastCol,
               std::size_t frozenCols = 0) {
        w_.check(worksheet_repeat_rows(ws, static_cast<lxw_row_t>(headerRow), static_cast<lxw_row_t>(headerRow)),
                 "repeating the header row");
        worksheet_freeze_panes(ws, static_cast<lxw_row_t>(headerRow + 1), static_cast<lxw_col_t>(frozenCols));
        w_.check(worksheet_autofilter(ws, static_cast<lxw_row_t>(headerRow), 0,
                                      static_cast<lxw_row_t>(std::max(lastRow, headerRow)),
                                      static_cast<lxw_col_t>(lastCol)),
                 "adding a filter");
    }
    // red / amber / green fills on cells holding those words.
    void ragColours(lxw_worksheet* ws, std::size_t r1, std::size_t c1, std::size_t r2, std::size_t c2) {
        if (r2 < r1) return;
        const std::pair<const char*, lxw_format*> rules[] = {{"\"red\"", red_}, {"\"amber\"", amber_},
                                                             {"\"green\"", green_}};
        for (const auto& [word, fmt] : rules) {
            lxw_conditional_format cf{};
            cf.type = LXW_CONDITIONAL_TYPE_CELL;
            cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
            cf.value_string = const_cast<char*>(word);
            cf.format = fmt;
            w_.check(worksheet_conditional_format_range(ws, static_cast<lxw_row_t>(r1), static_cast<lxw_col_t>(c1),
                                                        static_cast<lxw_row_t>(r2), static_cast<lxw_col_t>(c2), &cf),
                     "adding a RAG format");
        }
    }
    // Numbers below the threshold in a column (blank cells and markers are not numbers: left alone), only on rows
    // whose count in column countCol is at least minCount.
    void below(lxw_worksheet* ws, std::size_t r1, std::size_t c1, std::size_t r2, std::size_t c2, double threshold,
               std::size_t countCol, long minCount) {
        if (r2 < r1) return;
        const std::string cell = "$" + xlsx::columnName(c1) + std::to_string(r1 + 1);
        const std::string n = "$" + xlsx::columnName(countCol) + std::to_string(r1 + 1);
        char t[32];
        std::snprintf(t, sizeof t, "%.10g", threshold);
        std::string formula = "=AND(ISNUMBER(" + cell + ")," + cell + "<" + t + ",ISNUMBER(" + n + ")," + n +
                              ">=" + std::to_string(minCount) + ")";
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
        cf.value_string = formula.data();
        cf.format = amber_;
        w_.check(worksheet_conditional_format_range(ws, static_cast<lxw_row_t>(r1), static_cast<lxw_col_t>(c1),
                                                    static_cast<lxw_row_t>(r2), static_cast<lxw_col_t>(c2), &cf),
                 "adding a threshold format");
    }
    void flagColour(lxw_worksheet* ws, std::size_t r1, std::size_t c, std::size_t r2) {
        if (r2 < r1) return;
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_CELL;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        cf.value_string = const_cast<char*>("\"FLAG\"");
        cf.format = flag_;
        w_.check(worksheet_conditional_format_range(ws, static_cast<lxw_row_t>(r1), static_cast<lxw_col_t>(c),
                                                    static_cast<lxw_row_t>(r2), static_cast<lxw_col_t>(c), &cf),
                 "adding a flag format");
    }

private:
    // Lines a wrapped text needs in its column (about 1.1 characters of body text per unit of width; bold headers
    // a little wider); words are not split, so a line holds a little less.
    void fit(lxw_worksheet* ws, std::size_t r, std::size_t c, const std::string& s, bool bold) {
        auto w = widths_.find(ws);
        if (w == widths_.end() || c >= w->second.size()) return;
        const double perLine = std::max(4.0, w->second[c] * (bold ? 1.0 : 1.1) - 2.0);
        std::size_t lines = 0;
        std::size_t start = 0;
        while (start <= s.size()) {
            std::size_t end = s.find('\n', start);
            if (end == std::string::npos) end = s.size();
            std::size_t chars = 0;  // UTF-8 characters in the paragraph
            for (std::size_t i = start; i < end; ++i) chars += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
            lines += std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(static_cast<double>(chars) / perLine)));
            start = end + 1;
        }
        std::size_t& n = lines_[ws][r];
        n = std::max(n, lines);
    }

    xlsx::Writer w_;
    std::map<lxw_worksheet*, std::vector<double>> widths_;
    std::map<lxw_worksheet*, std::map<std::size_t, std::size_t>> lines_;
    std::map<lxw_worksheet*, std::set<std::size_t>> titles_;
    lxw_format *title_, *plain_, *header_, *pct_, *num1_, *num2_, *int_, *wrap_, *right_, *note_, *red_, *amber_, *green_,
        *flag_;
};

// An absolute range reference for a chart series: ='Sheet'!$A$2:$A$9.
std::string sheetRef(const std::string& sheet, std::size_t r1, std::size_t c1, std::size_t r2, std::size_t c2);

// A rate k/n is published only when neither k nor n - k is a small count (either would reveal it).
bool rateSafe(long k, long n, long threshold);

// Stable pseudonymous labels for people in the published version ("Auditor 1"...), numbered in name order.
class Labels {
public:
    Labels(std::string prefix, bool active) : prefix_(std::move(prefix)), active_(active) {}
    void add(const std::string& name) { names_.insert(name); }
    std::string operator()(const std::string& name) {
        if (!active_) return name;
        if (index_.empty()) {
            int i = 0;
            for (const auto& n : names_) index_[n] = ++i;
        }
        // Numbers padded to one width ("Auditor 01" .. "Auditor 25") so that labels sort as numbers do.
        auto it = index_.find(name);
        std::string number = std::to_string(it == index_.end() ? 0 : it->second);
        const std::size_t width = std::to_string(names_.size()).size();
        if (number.size() < width) number.insert(0, width - number.size(), '0');
        return prefix_ + " " + number;
    }

private:
    std::string prefix_;
    bool active_;
    std::set<std::string> names_;
    std::map<std::string, int> index_;
};

struct Context {
    const ReportDefinition& def;
    const ReportData& data;
    const LscbOptions& opt;
    Book& book;
    std::vector<DataRow> rows;  // for the Data sheet
    std::size_t suppressed = 0;
    std::string marker() const { return def.suppressionMarker; }
    long threshold() const { return opt.publish ? def.suppressionThreshold : 0; }
    SuppressedTable table(const std::vector<std::vector<long>>& counts) {
        if (!opt.publish) return SuppressedTable(counts);
        SuppressedTable t = suppress(counts, SuppressionOptions{def.suppressionThreshold, false});
        suppressed += t.count(CellState::Primary) + t.count(CellState::Secondary);
        return t;
    }
};

// The theme's domains, comma separated.
std::string domainsText(const Theme& t);

// The moderation counts the workbook publishes for one row (a month, an auditor, a team, a domain, the period):
// moderated n, agreements k (behind the exact-agreement share and its interval), within-one w, moderated down d
// and up u, as entries of the workbook's LinkedCounts. The reader can also work out n - k, w - k and n - w: those
// are unpublished entries, protected when small.
struct ModEntries {
    std::size_t n = 0, k = 0, w = 0, d = 0, u = 0;
};
ModEntries addModeration(LinkedCounts& lc, const agreement::Summary& s, int tier);
// total.x = sum of parts' x, for each published moderation count.
void sumModeration(LinkedCounts& lc, const ModEntries& total, const std::vector<ModEntries>& parts);

}  // namespace audit::report::lscb
