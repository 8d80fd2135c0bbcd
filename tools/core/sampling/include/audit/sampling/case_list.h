// A council's case list: one row per open case, read from a case-management export (CSV, or XLSX) through a
// column map that says which of the export's columns holds each of the toolkit's case fields.
//
// Case fields (the contract names): case_ref, child_ref, team, service_area, category, worker, team_manager,
// open_date, last_audit_date, closed_date, legal_status, and the flags (flag_missing, flag_exploitation,
// flag_uasc, flag_disability, or one `flags` column listing them). Required: case_ref, team, category, worker.
//
// Column maps are XML files in audit-frameworks/column-maps/ (format in the README there). Header names are
// matched ignoring case, spaces and punctuation ("Case Ref" finds "case_ref"). Category values are matched the
// same way against the canonical categories (CIN, CP, CLA, Care leaver, Early help), their built-in aliases and
// the map's own. Every original column stays available by its header name, so that sampling can stratify by
// any of them. Values are stored trimmed of surrounding spaces and tabs.
//
// Loading checks every row and throws one Error(Data) listing every problem (duplicate case references, blank
// required fields, unknown categories, bad dates, bad flag values), each with the file and the line (CSV) or
// row (XLSX); the listing is capped at 50 problems followed by "and N more problems".
//
// Storage is columnar: a column with few distinct values (team, worker, category, dates) holds a 4-byte code
// per row and each distinct value once; a column of mostly distinct values (case_ref) holds its text in one
// block with an offset per row. A million-row list takes a few tenths of a second and some tens of megabytes
// (a large CSV is read in two halves on two threads; see LoadOptions::threads).
//
// A lean load (LoadOptions::only) reads just the columns a job names, plus the required fields' columns, which
// are always read and checked. The columns not read are not stored and their cells are not checked: value()
// on such a column throws Error(Internal) (a programming error), and a case field held in one reads as absent
// (blank text, no date, no flag). columnNames(), column() and fieldColumn() still describe the whole header.
#pragma once
#include <array>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/sampling/case_refs.h"

namespace audit {

namespace csv { struct Table; }

// Assessment: a child whose only open involvement is an assessment (Annex A list 6 status d).
enum class Category : std::uint8_t { CIN, CP, CLA, CareLeaver, EarlyHelp, Assessment };
constexpr std::size_t kCategoryCount = 6;
// "CIN", "CP", "CLA", "Care leaver", "Early help", "Assessment".
std::string_view categoryName(Category c);
const std::array<Category, kCategoryCount>& allCategories();
std::ostream& operator<<(std::ostream& os, Category c);  // the name

// Flags as bits of CaseList::flags().
enum Flag : unsigned {
    FlagMissing = 1u << 0,
    FlagExploitation = 1u << 1,
    FlagUasc = 1u << 2,
    FlagDisability = 1u << 3,
};
constexpr std::size_t kFlagCount = 4;
// "missing", "exploitation", "uasc", "disability" for bit index 0..3.
std::string_view flagName(std::size_t bitIndex);
// "missing;uasc" for a set of flags ("" for none).
std::string flagList(unsigned flags);

// The case fields a column map can name.
enum class Field : std::uint8_t {
    CaseRef, ChildRef, Team, ServiceArea, Category, Worker, TeamManager, OpenDate, LastAuditDate, ClosedDate,
    LegalStatus, FlagMissing, FlagExploitation, FlagUasc, FlagDisability, Flags
};
constexpr std::size_t kFieldCount = 16;
std::string_view fieldName(Field f);               // the contract name: "case_ref", "flag_uasc", "flags"
std::optional<Field> fieldByName(std::string_view name);
std::ostream& operator<<(std::ostream& os, Field f);  // the contract name
bool isRequired(Field f);                          // case_ref, team, category, worker

// Lower-cased with everything but letters and digits removed: the key header names, category values and flag
// names are matched on. Typographic quotes, dashes and spaces (‘ ’ “ ” – — no-break space …) are punctuation
// too; any other non-ASCII byte is kept.
std::string matchKey(std::string_view s);
// matchKey without a leading letter code: "a) Looked after child", "b. No", "(c) Yes" give the key of the rest.
std::string codeKey(std::string_view s);

// The team or worker of a case that has none (a blank in an Annex A list, or an error cell such as #N/A): its
// own stratum value, never counted as one worker under a worker cap.
inline constexpr std::string_view kUnallocated = "(unallocated)";
// True for the text of a spreadsheet error cell: #N/A, #REF!, #VALUE!, #DIV/0!, #NAME?, #NULL!, #NUM!, #SPILL!,
// #CALC!, #GETTING_DATA. Such a cell is never a value.
bool isErrorValue(std::string_view s);
// The index of the first header column matching one of `names` (by matchKey, names in order of preference), or -1.
int findColumn(const std::vector<std::string>& header, const std::vector<std::string>& names);

// A workbook by its name (.xlsx, .xlsm, .xls) or, whatever its name, by its content (a zip or an OLE file).
bool isWorkbook(const std::string& path);
// The worksheet a case list is read from: `sheet` (--sheet; Error(Data) listing the worksheets if there is no
// such one), else "Cases", else the first visible worksheet.
std::string caseListSheet(const std::string& path, const std::string& sheet);

// How a map's file is laid out: one case list (a row per case), or an Annex A workbook whose lists 6–9 make the
// frame (see annex_a.h).
// A history map (layout="history") names the columns of a file of prior audits: case_ref and/or child_ref, the
// audit date as last_audit_date, and an optional `template` (audit_history.h).
enum class MapLayout { Cases, AnnexA, History };

// The columns of one Annex A list in an annex-a layout map: <list number="6"> holding <field>s, and <extra>
// columns that no case field holds but that other readers of the lists name (the performance indicators of
// reports/kpis.xml: <extra name="last_visit"><column>Date of the Last Statutory Visit</column>…</extra>).
struct ListColumns {
    int number = 0;
    std::array<std::vector<std::string>, kFieldCount> columns;  // header names per field, in preference order
    std::array<bool, kFieldCount> count{};                      // a flag held as a count (> 0 sets it)
    std::vector<std::pair<std::string, std::vector<std::string>>> extra;  // name → header names, in file order
    const std::vector<std::string>& of(Field f) const { return columns[static_cast<std::size_t>(f)]; }
    // The header names of a field (by its contract name) or an extra column; nullptr if the list has neither.
    const std::vector<std::string>* named(std::string_view name) const;
    // The names the list knows (its fields', then its extras'), for messages: "case_ref, open_date, …".
    std::string names() const;
};

// A list 6 case status (after its letter code): the category it gives, or closed.
struct StatusMeaning {
    std::optional<Category> category;  // nullopt: a closed episode
};

class ColumnMap {
public:
    // The map in audit-frameworks/column-maps/<name>.xml, or the file itself when `nameOrPath` ends in .xml.
    static ColumnMap load(const std::string& nameOrPath);
    static ColumnMap parse(const std::string& xml, const std::string& fileName);
    // The names of the maps in audit-frameworks/column-maps/ ("generic" first, then by name).
    static std::vector<std::string> available();

    const std::string& id() const { return id_; }
    const std::string& name() const { return name_; }
    const std::string& file() const { return file_; }
    const std::string& dateFormat() const { return dateFormat_; }  // how writers should write dates: "dd/mm/yyyy" or "yyyy-mm-dd"
    const std::string& flagSeparator() const { return flagSeparator_; }
    MapLayout layout() const { return layout_; }
    // The order of day and month the map's system writes (attribute date-order="dmy|mdy"); nullopt: found from
    // the data (ambiguous columns are read day first and warned).
    std::optional<DateOrder> dateOrder() const { return dateOrder_; }
    // Bare numbers in date columns of a CSV are Excel serial dates (attribute excel-serials="yes").
    bool excelSerials() const { return excelSerials_; }
    // Annex A layout: the lists the map describes (6, 7, 8, 9 in order) and a list's columns (nullptr if none).
    const std::vector<ListColumns>& lists() const { return lists_; }
    const ListColumns* list(int number) const;
    // Annex A layout: what a list 6 case status means (<status category="CLA"><alias>…; <status closed="yes">),
    // matched on codeKey; nullopt if the value is not in the map's table. A blank status is not asked here.
    std::optional<StatusMeaning> status(std::string_view value) const;
    // The map with some fields' columns replaced (--columns "team=Allocated Team,…"): each field then looks for
    // the given header name only. For an Annex A map every list's field is replaced.
    ColumnMap withColumns(const std::vector<std::pair<Field, std::string>>& columns) const;

    // A history map: the header names of the template column (empty: none).
    const std::vector<std::string>& templateColumns() const { return templateColumns_; }
    // The header names that may hold a field, in order of preference (empty: the map does not use it).
    const std::vector<std::string>& columns(Field f) const { return columns_[static_cast<std::size_t>(f)]; }
    // The category a value means (built-in aliases and the map's), or nullopt.
    std::optional<Category> category(std::string_view value) const;
    // The label the map's system uses for a category (its first alias for it; else the canonical name).
    const std::string& categoryLabel(Category c) const;
    // Flag bit (FlagMissing...) named by a token of a `flags` list, or 0.
    unsigned flagByName(std::string_view token) const;
    const std::string& flagLabel(std::size_t bitIndex) const;  // as written in a `flags` list
    // A yes/no flag cell: true, false, or nullopt if it is neither (blank is false).
    std::optional<bool> flagValue(std::string_view value) const;
    const std::string& yesLabel() const { return yes_.front(); }  // what writers put for a set flag
    const std::string& noLabel() const { return no_.front(); }    // and for an unset one

    // For each field, the index of the header column that holds it (-1 if none). Throws Error(Data) naming the
    // file and "line 1" listing every required field with no column, the names looked for and the names found.
    std::array<int, kFieldCount> resolve(const std::vector<std::string>& header, const std::string& file,
                                         const std::string& place = "line 1") const;
    // True when every required field has a column in this header.
    bool fits(const std::vector<std::string>& header) const;

private:
    std::string id_, name_, file_;
    MapLayout layout_ = MapLayout::Cases;
    std::optional<DateOrder> dateOrder_;
    bool excelSerials_ = false;
    std::vector<ListColumns> lists_;
    std::unordered_map<std::string, StatusMeaning> statuses_;  // codeKey(alias) -> meaning
    std::string dateFormat_ = "yyyy-mm-dd";
    std::string flagSeparator_ = ";";
    std::array<std::vector<std::string>, kFieldCount> columns_;
    std::unordered_map<std::string, Category> categories_;   // matchKey(alias) -> category
    std::array<std::string, kCategoryCount> categoryLabels_;
    std::unordered_map<std::string, unsigned> flagNames_;    // matchKey(alias) -> bit
    std::array<std::string, kFlagCount> flagLabels_;
    std::vector<std::string> yes_, no_;
    std::vector<std::string> templateColumns_;
};

// One case's fields, copied out (for the store's case snapshot, and for convenience).
struct Case {
    std::string caseRef, childRef, team, serviceArea, worker, teamManager, legalStatus;
    Category category = Category::CIN;
    std::optional<Date> openDate, lastAuditDate, closedDate;
    unsigned flags = 0;
    std::size_t line = 0;  // line (CSV) or row (XLSX) in the source
};

// Which columns a load reads.
struct LoadOptions {
    bool allColumns = true;            // false: only `columns` and the required fields' columns
    std::vector<std::string> columns;  // header names (matched like CaseList::column) or contract field names;
                                       // a name the file does not have is ignored (the caller reports it)
    // Threads for a CSV: 0 = two for a file of 8 MB or more when the machine has a core to spare (two cores
    // or more, 1-minute load average below the number of cores), else one; 1 = one; 2 = two whatever the
    // size. The list, and any error, is the same either way.
    unsigned threads = 0;
    // The worksheet to read (--sheet); empty: "Cases", else the first visible one (an Annex A workbook: its
    // list sheets; naming one of them reads that list alone).
    std::string sheet;
    // The order of day and month (--date-order); nullopt: the map's, else found from the data.
    std::optional<DateOrder> dateOrder;
    // An Annex A frame keeps the records open at this date; nullopt: the latest date in the lists (said so).
    std::optional<Date> asOf;
    static LoadOptions only(std::vector<std::string> names) {
        LoadOptions o;
        o.allColumns = false;
        o.columns = std::move(names);
        return o;
    }
};

// What a load found and did that a user must be told: where (file, place) and what. Never an error: the load
// succeeded; the tools print these on stderr and the sample's Parameters sheet lists them.
using LoadWarning = Problem;

class CaseList {
public:
    // Reads a CSV (.csv, .txt, .tsv) or XLSX (.xlsx, .xlsm) case list through the map; with no map, the first
    // available map that has every required column of the file's header (generic first). From a workbook: the
    // sheet named "Cases" if there is one, else the first visible worksheet; the header is its first row with a
    // non-blank cell; rows of blank cells are skipped; date cells, dates as text and bare serial numbers in date
    // columns are all read as dates; places are "sheet 'Cases', row 12".
    static CaseList load(const std::string& path, const ColumnMap& map);
    static CaseList load(const std::string& path);
    static CaseList load(const std::string& path, const ColumnMap& map, const LoadOptions& options);
    static CaseList load(const std::string& path, const LoadOptions& options);
    // From a table already in memory (the table's file name is used in messages).
    static CaseList fromTable(const csv::Table& table, const ColumnMap& map);
    // From rows of cells: place(i) names rows as "row N" where N = firstRow + i (a sheet's row numbers).
    static CaseList fromRows(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                             const std::string& file, const std::string& sheet, std::size_t firstRow,
                             const ColumnMap& map);

    CaseList(CaseList&&) noexcept;
    CaseList& operator=(CaseList&&) noexcept;
    ~CaseList();

    const std::string& file() const;
    const std::string& mapId() const;
    std::size_t size() const;
    // Warnings of the load (error cells taken as unallocated, names merged, ambiguous dates, …) in the order found.
    const std::vector<LoadWarning>& warnings() const;
    // How the frame was built, as (name, value) lines for the Parameters sheet and `audit-sample check`: the
    // source (sheets, header rows, encoding), the rules applied and their counts.
    const std::vector<std::pair<std::string, std::string>>& notes() const;
    // For loaders (annex_a): add a warning or a note; set the map id shown.
    void addWarning(LoadWarning w);
    void addNote(std::string name, std::string value);
    void setMapId(std::string id);

    // --- the original columns
    const std::vector<std::string>& columnNames() const;  // the header as in the file
    // Index of the column with this header name (matched like the map's names), or, failing that, of the column
    // a contract field name ("team", "service_area") is mapped to; -1 if none.
    int column(std::string_view name) const;
    int fieldColumn(Field f) const;  // the original column holding a field, -1 if the map found none
    bool loaded(int column) const;   // the column was read (always, unless a lean load left it out)
    // "" for a column index out of range; Error(Internal) for a column a lean load did not read.
    std::string_view value(std::size_t row, int column) const;
    std::string_view value(std::size_t row, std::string_view columnName) const;  // "" if no such column
    // Groups the rows by a column's text: ids[row] is equal for equal values, and values[id] is the value.
    // Cheap for a column of few distinct values (its codes are copied); otherwise one hash per row.
    void valueIds(int column, std::vector<std::uint32_t>& ids, std::vector<std::string_view>& values) const;

    // --- the case fields (canonical)
    std::string_view caseRef(std::size_t row) const;
    // The case references of these rows (a frame's units), read where the list holds them.
    CaseRefs caseRefs(const std::vector<std::uint32_t>& rows) const;
    std::string_view childRef(std::size_t row) const;
    std::string_view team(std::size_t row) const;
    std::string_view serviceArea(std::size_t row) const;
    std::string_view worker(std::size_t row) const;
    std::string_view teamManager(std::size_t row) const;
    std::string_view legalStatus(std::size_t row) const;
    Category category(std::size_t row) const;
    std::optional<Date> openDate(std::size_t row) const;
    std::optional<Date> lastAuditDate(std::size_t row) const;
    std::optional<Date> closedDate(std::size_t row) const;
    unsigned flags(std::size_t row) const;  // Flag bits
    bool hasFlag(std::size_t row, Flag f) const { return (flags(row) & f) != 0; }
    Case at(std::size_t row) const;

    std::size_t line(std::size_t row) const;   // the CSV line or sheet row the case came from
    std::string place(std::size_t row) const;  // "line 12" or "sheet 'Cases', row 12"
    std::optional<std::size_t> find(std::string_view caseRef) const;  // the row of a case reference

    struct Data;  // the storage (opaque; public only so that the loader's helpers can fill it)
    explicit CaseList(std::unique_ptr<Data> d);

private:
    std::unique_ptr<Data> d_;
};

}  // namespace audit
