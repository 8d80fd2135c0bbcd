// A report definition (reports/<id>.xml, format in reports/README.md): the partnership workbook's themes, each
// naming the audit domains and questions, the KPIs and the self-assessment standards that speak to it, and the
// thresholds that turn each source into red, amber or green. Loaded with pugixml; every problem is reported with
// the file and its line, all at once.
#pragma once
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/base/error.h"

namespace audit {

class Catalogue;

// Red < Amber < Green: comparisons mean "worse than" / "rosier than".
enum class Rag { Red = 0, Amber = 1, Green = 2 };
std::string ragName(Rag rag);                           // "red", "amber", "green"
std::optional<Rag> parseRag(std::string_view text);     // red|amber|green, any case; nullopt otherwise
int ragSteps(Rag a, Rag b);                             // |a - b|: 0, 1 or 2
std::ostream& operator<<(std::ostream& os, Rag rag);
std::ostream& operator<<(std::ostream& os, const std::optional<Rag>& rag);  // "none" when empty

// Normalised form used to compare grade and rating labels: lower case, '_' and '-' as spaces, spaces collapsed.
std::string normaliseLabel(std::string_view text);

struct RagThresholds {
    double auditGreen = 0.70;      // share good or better at or above this: green
    double auditAmber = 0.50;      // at or above this (below green): amber; below: red
    double kpiAmberMargin = 5.0;   // a KPI short of its target by no more than this: amber
    int minAudits = 5;             // fewer audited cases than this: no audit RAG (too little evidence)
};

struct ThemeKpi {
    std::string indicator;
    std::optional<double> amberMargin;  // overrides the theme's kpiAmberMargin
    std::string title;                  // the indicator in words ("" when the definition gives none)
    int line = 0;
};

struct ThemeStandard {
    std::string ref;
    std::string title;
    int line = 0;
};

struct Theme {
    std::string id;
    std::string title;
    std::vector<std::string> domains;     // audit domain ids (the templates' domain ids)
    std::vector<std::string> questions;   // audit question ids
    std::vector<int> domainLines, questionLines;  // the line of each in the file (0 when built in memory)
    std::vector<ThemeKpi> kpis;
    std::vector<ThemeStandard> standards; // self-assessment standards
    RagThresholds rag;                    // the report's defaults with this theme's overrides
    int line = 0;

    const ThemeKpi* kpi(const std::string& indicator) const;  // nullptr if the theme does not list it
    bool hasStandard(const std::string& ref) const;
    double kpiAmberMargin(const std::string& indicator) const;
};

struct ReportDefinition {
    std::string file;   // where it was loaded from
    std::string id;
    std::string version;
    std::string title;
    std::vector<std::string> goodOrBetter;    // normalised grade ids/labels counted as good or better
    std::map<std::string, Rag> ratings;       // normalised self-assessment rating -> RAG (red/amber/green built in)
    RagThresholds rag;
    double accuracyThreshold = 0.75;          // <accuracy threshold>: exact agreement below this is marked
    int minModerated = 10;                    // <accuracy min-moderated>: a group with fewer is never marked
    int suppressionThreshold = 5;
    std::string suppressionMarker = "[c]";
    std::vector<Theme> themes;

    const Theme* theme(const std::string& id) const;  // nullptr if absent
    // The theme a KPI belongs to: the theme listing the indicator, else the theme named in the data (if it exists).
    const Theme* themeForKpi(const std::string& indicator, const std::string& dataTheme) const;
    // The theme a self-assessment row belongs to: the theme listing the standard, else the one named in the data.
    const Theme* themeForStandard(const std::string& standard, const std::string& dataTheme) const;
    bool isGoodOrBetter(std::string_view grade) const;
    // The KPI's title from the definition, else the indicator id with its underscores as spaces.
    std::string kpiTitle(const std::string& indicator) const;
    std::optional<Rag> ratingToRag(std::string_view rating) const;  // nullopt for an unknown rating
};

// Parses a definition held in memory (fileName is used in errors). Throws Error(Data) listing every problem.
ReportDefinition parseReportDefinition(const std::string& xml, const std::string& fileName);
// Loads a file; Error(NoInput) if it cannot be read.
ReportDefinition loadReportDefinition(const std::string& path);
// reportsDir()/<id>.xml
std::string reportDefinitionPath(const std::string& id);

// Every domain and question id the definition names must exist in the catalogue: a domain of a framework or a
// section of a template, a question of a template (any version). Returns one problem per unknown id, with the
// definition's file and line, the id, and the ids that exist (empty: all known).
std::vector<Problem> checkAgainstCatalogue(const ReportDefinition& def, const Catalogue& catalogue);

}  // namespace audit
