// Performance indicators computed from one Annex A extract (kpi_definition.h gives the rules): each list is read
// once (sampling/annex_a.h's readList), its header found, the indicators' columns resolved through the column map
// and every row counted. An indicator whose list or columns the extract lacks is not computable, with the reason
// naming what was looked for; a denominator of 0 gives no value (n/a), never 0%.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "audit/base/date.h"
#include "audit/report/kpi_definition.h"

namespace audit {
struct AnnexSource;  // audit/sampling/annex_a.h (not included: its case_list.h's Flag would meet report's)
}

namespace audit::kpi {

struct Result {
    std::string id;
    bool computable = true;
    std::string reason;  // not computable: why (the list or column looked for)
    std::size_t numerator = 0, denominator = 0;
    std::optional<double> value;  // per cent; nullopt when not computable or the denominator is 0
    std::optional<Rag> rag;       // nullopt without a value or a target
    std::string source;           // "sheet 'List 7' of annex.xlsx"
    std::vector<std::string> columns;  // "last_visit = 'Date of the Last Statutory Visit' (column F)"
    std::vector<std::string> notes;    // unreadable values met in its columns
};

struct Extract {
    std::string file;
    Date asOf;
    std::string asOfFrom;  // how the as-of date was found: "--as-of" or "the file name"
    std::vector<Result> results;  // in the definition's order
};

struct ComputeOptions {
    DateOrder dateOrder = DateOrder::DayFirst;  // of d/m/yyyy text dates (date cells and ISO dates read either way)
};

// The indicators of `def` over one extract's lists, at `asOf`. Throws Error(Data) only for a definition that
// names columns the map lacks (checkAgainstMap) and for what readList refuses (a list without a header row).
Extract computeKpis(const Definition& def, const std::vector<AnnexSource>& sources, const ColumnMap& map,
                    const Date& asOf, const ComputeOptions& options = {});
// The same for the extract at `path` (a workbook, or a folder of list CSVs) through the column map `map` (a name or
// an XML file): Error(Usage) for a map that is not an annex-a layout map, Error(Data) for a path with no list.
Extract computeKpis(const Definition& def, const std::string& path, const std::string& map, const Date& asOf,
                    const ComputeOptions& options = {});
// True when a folder holds CSV files named as Annex A lists.
bool holdsListFiles(const std::string& folder);

}  // namespace audit::kpi
