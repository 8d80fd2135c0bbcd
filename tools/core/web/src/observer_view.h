// The published partnership workbook as HTML for the observer (private to the web module): each sheet a table of
// its cells as the workbook shows them (escaped), and the SPC sheet's XmR charts as inline SVG drawn from its rows.
#pragma once
#include <string>
#include <vector>

#include "audit/io/xlsx_reader.h"

namespace audit::web {

std::string publishedHtml(const std::string& period, const std::vector<xlsx::SheetData>& sheets, std::size_t suppressed);

struct SpcRow {
    std::string month, cause;
    double value = 0, mean = 0, lower = 0, upper = 0;
};
struct SpcChart {
    std::string title;
    std::vector<std::string> notes;  // variation, assurance, limits
    std::vector<SpcRow> rows;
};
// The charts of the SPC sheet: each table headed Month, Value, Mean, Lower limit, Upper limit, with its title above.
std::vector<SpcChart> spcCharts(const xlsx::SheetData& sheet);
// One XmR chart as SVG (presentation attributes only: no style, so the strict CSP holds), with a text alternative.
std::string spcSvg(const SpcChart& chart);

}  // namespace audit::web
