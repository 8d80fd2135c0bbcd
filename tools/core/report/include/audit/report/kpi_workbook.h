// The performance indicators as a workbook for people: Indicators (the latest extract: numerator, denominator,
// value, target and RAG in words and colour), Series (each indicator by extract, when there are several),
// Definitions (lists, numerator and denominator in words and as rules, the columns read, the published source) and
// Notes (what could not be computed and why, unreadable values, how each as-of date was found). Landscape A4, one
// page wide, header rows repeated; the same inputs give the same bytes.
#pragma once
#include <string>
#include <vector>

#include "audit/report/kpi_compute.h"

namespace audit::kpi {

void writeKpiWorkbook(const Definition& def, const std::vector<Extract>& extracts, const std::string& path);

}  // namespace audit::kpi
