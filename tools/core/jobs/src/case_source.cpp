// Reading the case list for the sample jobs: the map (named, or the first that fits), --sheet, --date-order,
// --columns, and the as-of date an Annex A frame is built at.
#include "audit/jobs/sample.h"

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/sampling/annex_a.h"

namespace audit::jobs {

std::vector<std::pair<Field, std::string>> parseColumns(const std::string& text) {
    std::vector<std::pair<Field, std::string>> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        const std::string item(text::trimBlanks(std::string_view(text).substr(start, end - start)));
        start = end + 1;
        if (item.empty()) continue;
        const auto eq = item.find('=');
        if (eq == std::string::npos)
            throwUsage("--columns: '" + item + "' is not FIELD=HEADER (e.g. case_ref=Child ID,team=Allocated Team)");
        const std::string field(text::trimBlanks(std::string_view(item).substr(0, eq)));
        const std::string header(text::trimBlanks(std::string_view(item).substr(eq + 1)));
        const auto f = fieldByName(field);
        if (!f)
            throwUsage("--columns: '" + field + "' is not a case field; expected case_ref, child_ref, team, service_area, "
                       "category, worker, team_manager, open_date, last_audit_date, closed_date, legal_status, "
                       "flag_missing, flag_exploitation, flag_uasc, flag_disability or flags");
        if (header.empty()) throwUsage("--columns: no header name for '" + field + "'");
        for (const auto& [g, h] : out)
            if (g == *f) throwUsage("--columns: '" + field + "' is given twice");
        out.emplace_back(*f, header);
    }
    if (out.empty()) throwUsage("--columns is empty; expected FIELD=HEADER[,FIELD=HEADER...]");
    return out;
}

CaseList loadCaseList(const std::string& file, const std::optional<std::string>& mapName, const CaseSource& source,
                      std::optional<Date> asOf, LoadOptions options) {
    options.sheet = source.sheet;
    options.dateOrder = source.dateOrder;
    options.asOf = asOf;
    if (source.columns.empty()) {
        if (mapName) return CaseList::load(file, ColumnMap::load(*mapName), options);
        return CaseList::load(file, options);
    }
    // --columns for a one-off: the named map (or annex-a for an Annex A return, else generic) with those
    // fields' header names replaced.
    std::string base = mapName.value_or("generic");
    if (!mapName && looksLikeAnnexA(file) && (source.sheet.empty() || annexListNumber(source.sheet))) base = "annex-a";
    return CaseList::load(file, ColumnMap::load(base).withColumns(source.columns), options);
}

}  // namespace audit::jobs
