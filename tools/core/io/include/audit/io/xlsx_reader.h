// Reading .xlsx workbooks (Office Open XML spreadsheets) as saved by Excel, LibreOffice, openpyxl
// and libxlsxwriter.
//
// Conventions: rows and columns are 0-based everywhere in this API (row 0, column 0 is cell "A1"),
// as in libxlsxwriter. Cell names ("D14") are the only 1-based thing, and cellName()/parseCellName()
// convert. Date cells keep their serial number in Cell::number (always in the 1900 date system, even
// when the workbook uses 1904 dates) and have isDate set; Cell::str() shows them as ISO dates.
//
// Small sheets (forms) are read whole with Reader::sheet(); big sheets (case lists) are streamed row
// by row with Reader::rows() or Reader::forEachRow(), which never hold more than one row in memory.
// Shared strings are held in memory (they are the workbook's string table).
//
// Safety: the file must be a zip whose central directory is intact; entries with absolute or ".."
// paths, encrypted entries and entries that inflate past the limits in ReaderLimits (zip bombs) are
// rejected. Every problem is an audit::Error naming the file: ErrorKind::NoInput when the file is
// missing or unreadable, ErrorKind::Data when it is not a valid workbook.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace audit::xlsx {

// ---- cell references -------------------------------------------------------------------------

// "A" for 0, "Z" for 25, "AA" for 26 ... "XFD" for 16383.
std::string columnName(std::size_t col);
// cellName(13, 3) == "D14".
std::string cellName(std::size_t row, std::size_t col);
struct CellRef {
    std::size_t row = 0;  // 0-based
    std::size_t col = 0;  // 0-based
    bool operator==(const CellRef&) const = default;
};
// parseCellName("D14") == CellRef{13, 3}; accepts "$D$14" and lower case; nullopt if it is not a cell
// name or lies outside Excel's grid (1,048,576 rows × 16,384 columns).
std::optional<CellRef> parseCellName(const std::string& name);

// ---- dates -----------------------------------------------------------------------------------

struct DateTime {
    int year = 1900, month = 1, day = 1;
    int hour = 0, minute = 0, second = 0;
    bool operator==(const DateTime&) const = default;
};
// Excel serial (1900 system, with its phantom 29 February 1900) to a calendar date, rounded to the
// nearest second. Throws Error(Data) outside 1900-01-01 .. 9999-12-31.
DateTime serialToDateTime(double serial);
// Calendar date (and time) to an Excel serial in the 1900 system.
double dateTimeToSerial(const DateTime& dt);
// "2024-03-01", or "2024-03-01T09:30:00" when there is a time of day.
std::string isoDate(const DateTime& dt);

// ---- cells -----------------------------------------------------------------------------------

struct Cell {
    enum class Type { Empty, String, Number, Boolean, Error };
    Type type = Type::Empty;
    std::string text;     // String: the text (rich text runs joined; whitespace kept); Error: "#N/A" etc.
    double number = 0;    // Number: the value (dates: the 1900-system serial); Boolean: 1 or 0
    bool isDate = false;  // Number formatted as a date or time by its cell style

    bool empty() const { return type == Type::Empty; }
    bool boolean() const { return type == Type::Boolean && number != 0; }
    // The value as text: String/Error as is, Boolean "TRUE"/"FALSE", dates as isoDate(),
    // other numbers in the shortest form that reads back exactly ("3", "2.5", "1e+21") but at most
    // 15 significant digits as Excel shows them (0.1+0.2 gives "0.3"), Empty "".
    std::string str() const;
    // The date of a date cell (Number with isDate); nullopt for anything else.
    std::optional<DateTime> date() const;
};

// ---- workbook --------------------------------------------------------------------------------

enum class SheetState { Visible, Hidden, VeryHidden };

struct SheetInfo {
    std::string name;
    SheetState state = SheetState::Visible;
    bool worksheet = true;  // false for chartsheets and other kinds, which have no cells to read
    std::string part;       // the zip entry, e.g. "xl/worksheets/sheet1.xml"
};

struct DefinedName {
    std::string name;                      // e.g. "FormId", "_xlnm.Print_Area"
    std::string formula;                   // e.g. "'Form identity'!$B$2"
    std::optional<std::size_t> localSheet; // index into sheets() when the name is local to a sheet
    bool hidden = false;
};

// Where a defined name points: the sheet and the (first) cell.
struct NamedCell {
    std::string sheet;
    CellRef cell;
};

// A sheet read whole into memory. Lookups outside the data give an Empty cell (never throw).
class SheetData {
public:
    const std::string& name() const { return name_; }
    const Cell& cell(std::size_t row, std::size_t col) const;
    const Cell& cell(const std::string& ref) const;  // "D14"; throws Error(Usage) if ref is not a cell name
    std::size_t rowCount() const { return rows_.size(); }  // last row with a cell + 1
    std::size_t columnCount() const { return columns_; }   // last column with a cell + 1 (any row)
    const std::vector<Cell>& row(std::size_t row) const;   // cells of a row, index = column; may be short

private:
    friend class Reader;
    std::string name_;
    std::vector<std::vector<Cell>> rows_;
    std::size_t columns_ = 0;
};

// Inflation limits (zip bomb defence). Defaults fit any real case list or form.
struct ReaderLimits {
    std::uint64_t maxEntryBytes = 1ull << 30;   // one part inflated (1 GiB)
    std::uint64_t maxTotalBytes = 2ull << 30;   // all parts inflated, as declared (2 GiB)
    double maxRatio = 250;                      // inflated / compressed, once an entry passes ratioGrace
    std::uint64_t ratioGraceBytes = 16ull << 20;
    // Reading, not limits: a file up to this size is read whole with one read and its parts inflated from memory
    // (a form: one read instead of one open and read per part); a bigger one is read part by part from the disk.
    std::uint64_t wholeFileBytes = 64ull << 20;
    // A part up to this size is inflated into one buffer before it is parsed; a bigger one streams through a
    // sliding buffer, so that a sheet of a million cells is never held whole.
    std::uint64_t wholePartBytes = 8ull << 20;
};

class RowStream;

class Reader {
public:
    // Opens the workbook and reads its structure (sheets, relationships, defined names).
    explicit Reader(const std::string& path, ReaderLimits limits = {});
    // The same over the file's bytes, already read (e.g. to hash them): the file is not read again; path names it in
    // messages.
    Reader(const std::string& path, std::string contents, ReaderLimits limits = {});
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    const std::string& path() const;
    const std::vector<SheetInfo>& sheets() const;
    const std::vector<DefinedName>& definedNames() const;
    bool date1904() const;  // the workbook's date system (serials are converted to 1900 on reading)
    // The sheet of that name (exact match first, then case-insensitive as Excel does); nullptr if none.
    const SheetInfo* findSheet(const std::string& name) const;
    // The cell a workbook-level defined name points to ("FormId" = 'Form identity'!$B$2, or the first
    // cell of a range); nullopt if there is no such name or it is not a plain reference to a sheet here.
    std::optional<NamedCell> namedCell(const std::string& name) const;

    // Reads a whole sheet into memory (forms). Throws Error(Data) if there is no such sheet.
    SheetData sheet(const std::string& name);
    // Streams a sheet: the callback gets each row that has at least one cell, in order, with its
    // 0-based row index and its cells indexed by 0-based column (gaps are Empty cells). The vector is
    // reused between calls: copy what you keep.
    using RowCallback = std::function<void(std::size_t row, const std::vector<Cell>& cells)>;
    void forEachRow(const std::string& sheet, const RowCallback& callback);
    // The same as a pull stream, to stop early (e.g. after a header row):
    //   auto rows = reader.rows("Cases"); while (rows.next()) use(rows.index(), rows.cells());
    RowStream rows(const std::string& sheet);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// A sheet being streamed. It reads from its Reader's workbook: the Reader must outlive it.
class RowStream {
public:
    ~RowStream();
    RowStream(RowStream&&) noexcept;
    RowStream& operator=(RowStream&&) noexcept;
    bool next();                                    // false at the end of the sheet
    std::size_t index() const;                      // 0-based row index of the current row
    const std::vector<Cell>& cells() const;         // index = 0-based column

    struct State;

private:
    friend class Reader;
    explicit RowStream(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace audit::xlsx
