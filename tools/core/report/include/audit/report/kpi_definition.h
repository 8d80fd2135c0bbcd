// Performance indicators computed from Ofsted's Annex A lists: their definitions (reports/kpis.xml; the format and
// the rule vocabulary are in reports/README.md). Each indicator counts the rows of one list: the denominator is the
// rows that meet every denominator rule, the numerator those of them that also meet every numerator rule. Rules
// name columns by the names of the Annex A column map (audit-frameworks/column-maps/annex-a.xml: a <list>'s
// fields and <extra> columns), so that the header spellings councils use are found.
//
// The rules:
//   <open start="C" end="C"/>           open at the as-of date: start on or before it, end blank or after it
//   <dated column="C" months="N"/>      the date is in the N months up to the as-of date (after as-of - N months,
//                                       on or before as-of)
//   <within column="C" of="C2|as-of" working-days|days|months="N"/>
//                                       of a column: C is on or after C2 and no more than N after it; of the as-of
//                                       date: C is on or before it and no more than N before it
//   <longer column="C" than="C2|as-of" months="N"/>
//                                       C2 (or the as-of date) is at least N whole months after C
//   <count column="C" at-least="N"/>    a whole number of at least N
//   <one-of column="C" match="exact|prefix"><value>V</value>…</one-of>
//                                       the value equals one of the Vs (or begins with one), compared without case,
//                                       spaces, punctuation and a letter code ("a) Yes" is "Yes")
//   <present column="C"/>               not blank and not an error cell
//   <not>…</not>, <any>…</any>          none of, and at least one of, the rules inside
// A date or count that cannot be read (an error cell, "31/02/2026", "n/k") meets no rule and is counted in the
// indicator's notes; a blank meets none either (an unrecorded visit is not a visit in time).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "audit/report/report_definition.h"

namespace audit {
class ColumnMap;
}

namespace audit::kpi {

enum class Polarity { Higher, Lower };
std::string polarityName(Polarity p);  // "higher", "lower"

enum class Unit { WorkingDays, Days, Months };

struct Rule {
    enum class Kind { All, Any, Not, Open, Dated, Within, Longer, Count, OneOf, Present };
    Kind kind = Kind::All;
    std::string column, column2;  // column2: open's end, within's of, longer's than ("" = the as-of date)
    Unit unit = Unit::Days;
    int amount = 0;
    double atLeast = 0;
    std::vector<std::string> values;  // one-of: the values' codeKeys
    std::vector<std::string> written; // one-of: the values as written
    bool prefix = false;
    std::vector<Rule> children;       // all, any, not
    int line = 0;
};

// The rule in words, with the columns' names as given: "'last_visit' within 10 working days before the as-of date".
std::string describe(const Rule& rule);
// Every column name a rule uses (children included), in order of first use.
void columnsOf(const Rule& rule, std::vector<std::string>& out);

struct Indicator {
    std::string id;
    std::string title;
    int list = 0;
    std::string numeratorWords, denominatorWords;
    std::string source;  // the published definition it follows
    std::string note;    // how it departs from that definition, if it does
    Polarity polarity = Polarity::Higher;
    std::optional<double> target;  // per cent
    double amberMargin = 5;        // percentage points short of the target that are amber, not red
    Rule denominator, numerator;   // each an All
    int line = 0;
    std::vector<std::string> columns() const;  // the column names both rules use
};

struct Definition {
    std::string file;
    std::string id, title;
    std::vector<Indicator> indicators;
};

// Parses a definition; every problem (with its line) in one Error(Data).
Definition parseDefinition(const std::string& xml, const std::string& file);
// reports/<id>.xml, or the file itself when the argument ends in .xml. A missing file: Error(NoInput).
Definition loadDefinition(const std::string& idOrPath);
// Every column a definition's rules name that the map's list does not: one Error(Data) naming each with the
// definition's line and the names the map's list has.
void checkAgainstMap(const Definition& def, const ColumnMap& map);

// RAG of a value (per cent) against a target by polarity: at or beyond the target green, short by no more than the
// margin amber, else red.
Rag ragOf(double value, double target, Polarity polarity, double amberMargin);

}  // namespace audit::kpi
