#include "audit/report/kpi_workbook.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "audit/io/xlsx_writer.h"

namespace audit::kpi {

namespace {

constexpr std::size_t kHeaderRow = 3;

struct Formats {
    lxw_format *title, *subtitle, *header, *wrap, *number, *percent, *red, *amber, *green, *grey;
};

Formats formats(xlsx::Writer& w) {
    Formats f{};
    f.title = w.format("title");
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    f.subtitle = w.format("subtitle");
    format_set_italic(f.subtitle);
    f.header = w.format("header");
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(f.header, 0xD9E1F2);
    format_set_border(f.header, LXW_BORDER_THIN);
    f.wrap = w.format("wrap");
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f.wrap, LXW_BORDER_THIN);
    f.number = w.format("count");
    format_set_num_format(f.number, "#,##0");
    format_set_align(f.number, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f.number, LXW_BORDER_THIN);
    f.percent = w.format("percent");
    format_set_num_format(f.percent, "0.0");
    format_set_align(f.percent, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f.percent, LXW_BORDER_THIN);
    auto rag = [&](const char* name, std::uint32_t colour) {
        lxw_format* x = w.format(name);
        format_set_bg_color(x, colour);
        format_set_bold(x);
        format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(x, LXW_BORDER_THIN);
        format_set_num_format(x, "0.0");
        return x;
    };
    f.red = rag("rag red", 0xF4B6B6);
    f.amber = rag("rag amber", 0xFFE699);
    f.green = rag("rag green", 0xC6EFCE);
    f.grey = rag("rag none", 0xEDEDED);
    return f;
}

lxw_format* ragFormat(const Formats& f, const std::optional<Rag>& rag) {
    if (!rag) return f.grey;
    return *rag == Rag::Red ? f.red : *rag == Rag::Amber ? f.amber : f.green;
}

std::string ragWords(const std::optional<Rag>& rag) {
    if (!rag) return "no rating";
    return *rag == Rag::Red ? "Red" : *rag == Rag::Amber ? "Amber" : "Green";
}

std::string betterWords(Polarity p) { return p == Polarity::Higher ? "Higher is better" : "Lower is better"; }

void printSetup(xlsx::Writer& w, lxw_worksheet* ws, const std::string& what) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, kHeaderRow, kHeaderRow);
    worksheet_freeze_panes(ws, kHeaderRow + 1, 1);
    const std::string footer = "&L" + what + "&RPage &P of &N";
    w.check(worksheet_set_footer(ws, footer.c_str()), "setting the footer");
}

// A worksheet whose rows grow to hold their wrapped text (Excel and LibreOffice do not grow rows that a writer
// leaves at the default height): each cell's text is measured against its column's width.
class Sheet {
public:
    Sheet(xlsx::Writer& w, const std::string& name) : w_(w), ws_(w.addSheet(name)) {}
    lxw_worksheet* ws() const { return ws_; }
    void widths(const std::vector<double>& widths) {
        widths_ = widths;
        for (std::size_t c = 0; c < widths.size(); ++c) w_.setColumnWidth(ws_, c, c, widths[c]);
    }
    void text(std::size_t r, std::size_t c, const std::string& s, lxw_format* f) {
        w_.writeString(ws_, r, c, s, f);
        if (c >= widths_.size() || s.empty() || r < kHeaderRow) return;
        std::size_t chars = 0;  // UTF-8 code points
        for (unsigned char ch : s) chars += (ch & 0xC0) != 0x80;
        const double perLine = std::max(1.0, widths_[c] * 1.1 - 1);
        const int lines = static_cast<int>(std::ceil(static_cast<double>(chars) / perLine));
        int& l = lines_[r];
        l = std::max(l, lines);
    }
    void number(std::size_t r, std::size_t c, double v, lxw_format* f) { w_.writeNumber(ws_, r, c, v, f); }
    // Text across columns c1..c2 of one row (merged).
    void across(std::size_t r, std::size_t c1, std::size_t c2, const std::string& s, lxw_format* f) {
        w_.check(worksheet_merge_range(ws_, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c1), static_cast<lxw_row_t>(r),
                                       static_cast<lxw_col_t>(c2), s.c_str(), f),
                 "merging cells");
    }
    // Sets the heights of the rows that need more than one line.
    void fitRows() {
        for (const auto& [r, n] : lines_)
            if (n > 1) worksheet_set_row(ws_, static_cast<lxw_row_t>(r), 15.0 * std::min(n, 20), nullptr);
    }

private:
    xlsx::Writer& w_;
    lxw_worksheet* ws_;
    std::vector<double> widths_;
    std::map<std::size_t, int> lines_;
};

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

void header(Sheet& sh, const Formats& f, const std::vector<std::pair<std::string, double>>& cols) {
    std::vector<double> widths;
    for (const auto& c : cols) widths.push_back(c.second);
    sh.widths(widths);
    for (std::size_t c = 0; c < cols.size(); ++c) sh.text(kHeaderRow, c, cols[c].first, f.header);
}

void titles(Sheet& sh, const Formats& f, const std::string& title, const std::string& subtitle) {
    sh.text(0, 0, title, f.title);
    worksheet_set_row(sh.ws(), 0, 20, nullptr);
    sh.text(1, 0, subtitle, f.subtitle);
}

void indicatorsSheet(xlsx::Writer& w, const Formats& f, const Definition& def, const Extract& ex) {
    Sheet sh(w, "Indicators");
    titles(sh, f, def.title + ", as at " + ex.asOf.uk(),
           "From " + fileName(ex.file) + ". Values are per cent of the denominator. Green: at or beyond the target; "
           "amber: short of it by no more than the margin on the Definitions sheet; red: further short. 'n/a': no "
           "child in the denominator.");
    header(sh, f, {{"Indicator", 46}, {"Annex A list", 8}, {"Numerator", 11}, {"Denominator", 12}, {"Value (%)", 10},
                   {"Target (%)", 10}, {"Better when", 12}, {"Rating", 9}, {"Notes", 60}});
    std::size_t r = kHeaderRow + 1;
    for (std::size_t k = 0; k < def.indicators.size(); ++k, ++r) {
        const Indicator& ind = def.indicators[k];
        const Result& res = ex.results[k];
        sh.text(r, 0, ind.title, f.wrap);
        sh.number(r, 1, ind.list, f.number);
        std::string notes;
        if (!res.computable) {
            sh.text(r, 2, "—", f.wrap);
            sh.text(r, 3, "—", f.wrap);
            sh.text(r, 4, "not computable", f.grey);
            notes = "Not computable: " + res.reason;
        } else {
            sh.number(r, 2, static_cast<double>(res.numerator), f.number);
            sh.number(r, 3, static_cast<double>(res.denominator), f.number);
            if (res.value) sh.number(r, 4, *res.value, ragFormat(f, res.rag));
            else sh.text(r, 4, "n/a", f.grey);
            for (const auto& n : res.notes) notes += (notes.empty() ? "" : " ") + n;
        }
        if (ind.target) sh.number(r, 5, *ind.target, f.percent);
        else sh.text(r, 5, "none", f.wrap);
        sh.text(r, 6, betterWords(ind.polarity), f.wrap);
        sh.text(r, 7, ragWords(res.rag), ragFormat(f, res.rag));
        sh.text(r, 8, notes, f.wrap);
    }
    sh.fitRows();
    printSetup(w, sh.ws(), "Performance indicators, as at " + ex.asOf.uk());
}

void seriesSheet(xlsx::Writer& w, const Formats& f, const Definition& def, const std::vector<Extract>& extracts) {
    Sheet sh(w, "Series");
    titles(sh, f, def.title + ": each extract, " + extracts.front().asOf.uk() + " to " + extracts.back().asOf.uk(),
           "Value (%) by as-of date, coloured by its rating; below, the numerator and denominator of each.");
    std::vector<std::pair<std::string, double>> cols = {{"Indicator", 46}, {"Better when", 12}, {"Target (%)", 9}};
    for (const auto& e : extracts) cols.push_back({e.asOf.uk(), 11});
    header(sh, f, cols);
    std::size_t r = kHeaderRow + 1;
    for (int block = 0; block < 2; ++block) {
        if (block == 1) {
            ++r;
            sh.text(r++, 0, "Numerator / denominator", f.header);
        }
        for (std::size_t k = 0; k < def.indicators.size(); ++k, ++r) {
            const Indicator& ind = def.indicators[k];
            sh.text(r, 0, ind.title, f.wrap);
            sh.text(r, 1, betterWords(ind.polarity), f.wrap);
            if (ind.target) sh.number(r, 2, *ind.target, f.percent);
            else sh.text(r, 2, "none", f.wrap);
            for (std::size_t e = 0; e < extracts.size(); ++e) {
                const Result& res = extracts[e].results[k];
                if (!res.computable) sh.text(r, 3 + e, "not computable", f.grey);
                else if (block == 1) sh.text(r, 3 + e, std::to_string(res.numerator) + " / " + std::to_string(res.denominator), f.wrap);
                else if (res.value) sh.number(r, 3 + e, *res.value, ragFormat(f, res.rag));
                else sh.text(r, 3 + e, "n/a", f.grey);
            }
        }
    }
    sh.fitRows();
    printSetup(w, sh.ws(), "Performance indicators by extract");
}

// One block per indicator (a label and its text), readable when printed.
void definitionsSheet(xlsx::Writer& w, const Formats& f, const Definition& def, const Extract& latest) {
    Sheet sh(w, "Definitions");
    titles(sh, f, "How each indicator is counted",
           "From " + fileName(def.file) + ". Rules name the Annex A column map's columns; 'Columns read' gives the "
           "header each was found under in the latest extract (" + fileName(latest.file) + ").");
    header(sh, f, {{"Indicator", 24}, {"", 110}});
    std::size_t r = kHeaderRow + 1;
    for (std::size_t k = 0; k < def.indicators.size(); ++k) {
        const Indicator& ind = def.indicators[k];
        std::string cols;
        for (const auto& c : latest.results[k].columns) cols += (cols.empty() ? "" : "; ") + c;
        if (!latest.results[k].computable) cols += (cols.empty() ? "" : "; ") + ("not computable: " + latest.results[k].reason);
        auto num = [](double v) {
            std::string s = std::to_string(v);
            s.erase(s.find_last_not_of('0') + 1);
            if (!s.empty() && s.back() == '.') s.pop_back();
            return s;
        };
        const std::vector<std::pair<std::string, std::string>> rows = {
            {"Id", ind.id},
            {"Annex A list", std::to_string(ind.list)},
            {"Numerator", ind.numeratorWords},
            {"Denominator", ind.denominatorWords},
            {"Numerator rules", "Of the denominator: " + describe(ind.numerator)},
            {"Denominator rules", describe(ind.denominator)},
            {"Columns read", cols},
            {"Better when", betterWords(ind.polarity)},
            {"Target", ind.target ? num(*ind.target) + "%, amber within " + num(ind.amberMargin) + " points" : "none"},
            {"Published definition", ind.source},
            {"How this departs from it", ind.note.empty() ? "—" : ind.note}};
        sh.across(r++, 0, 1, ind.title, f.header);
        for (const auto& [label, text] : rows) {
            sh.text(r, 0, label, f.wrap);
            sh.text(r++, 1, text, f.wrap);
        }
        ++r;
    }
    sh.fitRows();
    printSetup(w, sh.ws(), "Indicator definitions");
}

void notesSheet(xlsx::Writer& w, const Formats& f, const Definition& def, const std::vector<Extract>& extracts) {
    Sheet sh(w, "Notes");
    titles(sh, f, "What the extracts held that an indicator could not use",
           "Every extract, how its as-of date was found, and each indicator not computable, with no denominator, or "
           "with unreadable values.");
    header(sh, f, {{"Extract", 30}, {"As at", 11}, {"Indicator", 40}, {"Note", 90}});
    std::size_t r = kHeaderRow + 1;
    for (const auto& e : extracts) {
        sh.text(r, 0, fileName(e.file), f.wrap);
        sh.text(r, 1, e.asOf.uk(), f.wrap);
        sh.text(r, 2, "", f.wrap);
        sh.text(r++, 3, "As-of date from " + e.asOfFrom + ".", f.wrap);
        for (std::size_t k = 0; k < def.indicators.size(); ++k) {
            const Result& res = e.results[k];
            std::vector<std::string> notes;
            if (!res.computable) notes.push_back("Not computable: " + res.reason);
            else if (res.denominator == 0) notes.push_back("n/a: no row meets the denominator's rules");
            for (const auto& n : res.notes) notes.push_back(n);
            for (const auto& n : notes) {
                sh.text(r, 0, fileName(e.file), f.wrap);
                sh.text(r, 1, e.asOf.uk(), f.wrap);
                sh.text(r, 2, def.indicators[k].title, f.wrap);
                sh.text(r++, 3, n, f.wrap);
            }
        }
    }
    sh.fitRows();
    printSetup(w, sh.ws(), "Notes");
}

}  // namespace

void writeKpiWorkbook(const Definition& def, const std::vector<Extract>& extracts, const std::string& path) {
    xlsx::Writer::Options o;
    o.title = def.title;
    xlsx::Writer w(path, o);
    const Formats f = formats(w);
    indicatorsSheet(w, f, def, extracts.back());
    if (extracts.size() > 1) seriesSheet(w, f, def, extracts);
    definitionsSheet(w, f, def, extracts.back());
    notesSheet(w, f, def, extracts);
    w.close();
}

}  // namespace audit::kpi
