#include "audit/report/kpi_workbook.h"

#include <filesystem>

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

void header(xlsx::Writer& w, lxw_worksheet* ws, const Formats& f, const std::vector<std::pair<std::string, double>>& cols) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
        w.writeString(ws, kHeaderRow, c, cols[c].first, f.header);
        w.setColumnWidth(ws, c, c, cols[c].second);
    }
}

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

void indicatorsSheet(xlsx::Writer& w, const Formats& f, const Definition& def, const Extract& ex) {
    lxw_worksheet* ws = w.addSheet("Indicators");
    w.writeString(ws, 0, 0, def.title + ", as at " + ex.asOf.uk(), f.title);
    w.writeString(ws, 1, 0, "From " + fileName(ex.file) + ". Values are per cent of the denominator. Green: at or "
                            "beyond the target; amber: short of it by no more than the margin on the Definitions sheet; "
                            "red: further short. 'n/a': no child in the denominator.", f.subtitle);
    header(w, ws, f, {{"Indicator", 52}, {"Annex A list", 8}, {"Numerator", 11}, {"Denominator", 12}, {"Value (%)", 10},
                      {"Target (%)", 10}, {"Better when", 16}, {"Rating", 10}, {"Notes", 60}});
    std::size_t r = kHeaderRow + 1;
    for (std::size_t k = 0; k < def.indicators.size(); ++k, ++r) {
        const Indicator& ind = def.indicators[k];
        const Result& res = ex.results[k];
        w.writeString(ws, r, 0, ind.title, f.wrap);
        w.writeNumber(ws, r, 1, ind.list, f.number);
        std::string notes;
        if (!res.computable) {
            w.writeString(ws, r, 2, "—", f.wrap);
            w.writeString(ws, r, 3, "—", f.wrap);
            w.writeString(ws, r, 4, "not computable", f.grey);
            notes = "Not computable: " + res.reason;
        } else {
            w.writeNumber(ws, r, 2, static_cast<double>(res.numerator), f.number);
            w.writeNumber(ws, r, 3, static_cast<double>(res.denominator), f.number);
            if (res.value) w.writeNumber(ws, r, 4, *res.value, ragFormat(f, res.rag));
            else w.writeString(ws, r, 4, "n/a", f.grey);
            for (const auto& n : res.notes) notes += (notes.empty() ? "" : " ") + n;
        }
        if (ind.target) w.writeNumber(ws, r, 5, *ind.target, f.percent);
        else w.writeString(ws, r, 5, "none", f.wrap);
        w.writeString(ws, r, 6, betterWords(ind.polarity), f.wrap);
        w.writeString(ws, r, 7, ragWords(res.rag), ragFormat(f, res.rag));
        w.writeString(ws, r, 8, notes, f.wrap);
    }
    printSetup(w, ws, "Performance indicators, as at " + ex.asOf.uk());
}

void seriesSheet(xlsx::Writer& w, const Formats& f, const Definition& def, const std::vector<Extract>& extracts) {
    lxw_worksheet* ws = w.addSheet("Series");
    w.writeString(ws, 0, 0, def.title + ": each extract, " + extracts.front().asOf.uk() + " to " + extracts.back().asOf.uk(), f.title);
    w.writeString(ws, 1, 0, "Value (%) by as-of date, coloured by its rating; below, the numerator and denominator of each.", f.subtitle);
    std::vector<std::pair<std::string, double>> cols = {{"Indicator", 52}, {"Better when", 14}, {"Target (%)", 9}};
    for (const auto& e : extracts) cols.push_back({e.asOf.uk(), 11});
    header(w, ws, f, cols);
    std::size_t r = kHeaderRow + 1;
    for (int block = 0; block < 2; ++block) {
        if (block == 1) {
            ++r;
            w.writeString(ws, r++, 0, "Numerator / denominator", f.header);
        }
        for (std::size_t k = 0; k < def.indicators.size(); ++k, ++r) {
            const Indicator& ind = def.indicators[k];
            w.writeString(ws, r, 0, ind.title, f.wrap);
            w.writeString(ws, r, 1, betterWords(ind.polarity), f.wrap);
            if (ind.target) w.writeNumber(ws, r, 2, *ind.target, f.percent);
            else w.writeString(ws, r, 2, "none", f.wrap);
            for (std::size_t e = 0; e < extracts.size(); ++e) {
                const Result& res = extracts[e].results[k];
                if (!res.computable) w.writeString(ws, r, 3 + e, "not computable", f.grey);
                else if (block == 1) w.writeString(ws, r, 3 + e, std::to_string(res.numerator) + " / " + std::to_string(res.denominator), f.wrap);
                else if (res.value) w.writeNumber(ws, r, 3 + e, *res.value, ragFormat(f, res.rag));
                else w.writeString(ws, r, 3 + e, "n/a", f.grey);
            }
        }
    }
    printSetup(w, ws, "Performance indicators by extract");
}

void definitionsSheet(xlsx::Writer& w, const Formats& f, const Definition& def, const Extract& latest) {
    lxw_worksheet* ws = w.addSheet("Definitions");
    w.writeString(ws, 0, 0, "How each indicator is counted", f.title);
    w.writeString(ws, 1, 0, "From " + fileName(def.file) + ". Rules name the Annex A column map's columns; 'Columns read' "
                            "gives the header each was found under in the latest extract.", f.subtitle);
    header(w, ws, f, {{"Indicator", 40}, {"Id", 24}, {"List", 6}, {"Numerator", 40}, {"Denominator", 40},
                      {"Numerator rules", 44}, {"Denominator rules", 44}, {"Columns read", 44}, {"Better when", 14},
                      {"Target (%)", 9}, {"Amber margin (points)", 10}, {"Published definition", 60}, {"How this departs from it", 50}});
    std::size_t r = kHeaderRow + 1;
    for (std::size_t k = 0; k < def.indicators.size(); ++k, ++r) {
        const Indicator& ind = def.indicators[k];
        std::string cols;
        for (const auto& c : latest.results[k].columns) cols += (cols.empty() ? "" : "; ") + c;
        const std::string texts[] = {ind.title, ind.id, "", ind.numeratorWords, ind.denominatorWords,
                                     "Of the denominator: " + describe(ind.numerator), describe(ind.denominator),
                                     cols.empty() ? latest.results[k].reason : cols, betterWords(ind.polarity)};
        for (std::size_t c = 0; c < 9; ++c)
            if (c != 2) w.writeString(ws, r, c, texts[c], f.wrap);
        w.writeNumber(ws, r, 2, ind.list, f.number);
        if (ind.target) w.writeNumber(ws, r, 9, *ind.target, f.percent);
        else w.writeString(ws, r, 9, "none", f.wrap);
        w.writeNumber(ws, r, 10, ind.amberMargin, f.percent);
        w.writeString(ws, r, 11, ind.source, f.wrap);
        w.writeString(ws, r, 12, ind.note, f.wrap);
    }
    printSetup(w, ws, "Indicator definitions");
}

void notesSheet(xlsx::Writer& w, const Formats& f, const Definition& def, const std::vector<Extract>& extracts) {
    lxw_worksheet* ws = w.addSheet("Notes");
    w.writeString(ws, 0, 0, "What the extracts held that an indicator could not use", f.title);
    w.writeString(ws, 1, 0, "Every extract, how its as-of date was found, and each indicator not computable or with "
                            "unreadable values.", f.subtitle);
    header(w, ws, f, {{"Extract", 34}, {"As at", 11}, {"Indicator", 40}, {"Note", 100}});
    std::size_t r = kHeaderRow + 1;
    for (const auto& e : extracts) {
        w.writeString(ws, r, 0, fileName(e.file), f.wrap);
        w.writeString(ws, r, 1, e.asOf.uk(), f.wrap);
        w.writeString(ws, r, 2, "", f.wrap);
        w.writeString(ws, r++, 3, "As-of date from " + e.asOfFrom + ".", f.wrap);
        for (std::size_t k = 0; k < def.indicators.size(); ++k) {
            const Result& res = e.results[k];
            std::vector<std::string> notes;
            if (!res.computable) notes.push_back("Not computable: " + res.reason);
            else if (res.denominator == 0) notes.push_back("n/a: no row meets the denominator's rules");
            for (const auto& n : res.notes) notes.push_back(n);
            for (const auto& n : notes) {
                w.writeString(ws, r, 0, fileName(e.file), f.wrap);
                w.writeString(ws, r, 1, e.asOf.uk(), f.wrap);
                w.writeString(ws, r, 2, def.indicators[k].title, f.wrap);
                w.writeString(ws, r++, 3, n, f.wrap);
            }
        }
    }
    printSetup(w, ws, "Notes");
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
