// A column map suggested from a case list's header: for each case field, the header that matches it best, and
// how sure that is, written as an editable map (the format of audit-frameworks/column-maps/*.xml) with a
// comment per field. For `audit-sample check --suggest-map OUT.xml`.
//
// How a header is matched to a field (headers and names compared by matchKey: case, spaces, punctuation and
// typographic quotes ignored), best first:
//   exact    the header is the field's own name ("Case Ref" for case_ref);
//   alias    the header is a name a shipped map gives the field ("Allocated Team" for team, map annex-a);
//   nearest  the header is within a few edits of one of those names (Levenshtein distance on the keys, at
//            least 75% alike: "Alocated Team" is 1 edit from "Allocated Team");
//   word     for a required field that none of the above found: a header sharing a word of three letters or more
//            with one of its names ("Allocated SW" shares "allocated" with "Allocated Worker"), flagged weak.
// Required fields are matched first, then the others; a header holds one field at most. A required field with
// no match is still written (the map must name it), with its own name as the header and a comment saying to
// replace it; the optional fields not found and the headers left unused are listed in comments.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "audit/sampling/case_list.h"

namespace audit {

enum class MatchHow { None, Exact, Alias, Nearest, Word };

struct FieldMatch {
    Field field = Field::CaseRef;
    MatchHow how = MatchHow::None;
    int column = -1;          // in the header
    std::string header;       // as written in the file
    std::string matched;      // the name it matched (the field's name or a map's column name)
    std::string mapId;        // the map that names it (alias, nearest)
    std::size_t edits = 0;    // nearest: the edit distance between the keys
    double similarity = 1.0;  // nearest: 1 - edits / longer key; word: the share of words in common
    std::string word;         // word: the word shared
};

struct MapSuggestion {
    std::vector<FieldMatch> fields;             // one per Field, in Field order
    std::vector<std::string> unusedHeaders;     // headers no field took, in file order
};

// Levenshtein distance (insertions, deletions, substitutions) between two byte strings.
std::size_t editDistance(std::string_view a, std::string_view b);

// The best header for each field, by the names the given maps know (case-list layout maps' fields and
// annex-a layout maps' list fields).
MapSuggestion suggestColumns(const std::vector<std::string>& header, const std::vector<ColumnMap>& maps);
// True when at least two cells of a row match a field exactly or by alias: a header row rather than a title.
bool looksLikeHeader(const std::vector<std::string>& cells, const std::vector<ColumnMap>& maps);

// The suggestion as a column map's XML (UTF-8), id and name given; `source` (the file, sheet and header row)
// goes into the leading comment. Deterministic: no date or time in it.
std::string suggestedMapXml(const MapSuggestion& s, const std::string& id, const std::string& name, const std::string& source);

}  // namespace audit
