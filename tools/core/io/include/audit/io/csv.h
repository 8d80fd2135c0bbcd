// CSV reading and writing (RFC 4180).
//
// Reading: quoted fields with embedded delimiters, newlines and doubled quotes; an optional UTF-8 byte
// order mark; CRLF or LF line ends (a lone CR too); delimiter ',' ';' or tab, given or detected from the
// header line (the one of the three that occurs most often outside quotes, on the first line holding any of them;
// ',' when none does). The whole
// input must be valid UTF-8. Completely empty lines between records are skipped (a trailing newline
// does not make an extra record); a line holding only spaces is a record. Every record must have as many
// fields as the header (or the first record when there is no header). Every error is an
// audit::Error of kind Data naming the file and the place, "line L, column C" (line of the input,
// column counted in characters, both from 1).
//
// Writing: fields are quoted only when they hold the delimiter, a quote, CR or LF; quotes are doubled;
// each record ends with "\n" (LF, not RFC 4180's CRLF: every reader we target, Excel included, accepts
// it, and files then compare equal across platforms). Formula injection is neutralised: a text cell
// that starts with '=', '+', '-', '@', tab or CR gets a leading apostrophe so that spreadsheet programs
// show it as text; a cell that is a plain number ("-0.25", "+3", "1e-5") is left alone. A cell that already
// begins with apostrophes before such a character gets one more, so that reading can undo it exactly.
// Reading removes that apostrophe again (Options::restoreNeutralised, on by default): "'=A1" reads as
// "=A1", "''=A1" as "'=A1", so identifiers survive our own files unchanged, and a file from elsewhere may
// hold either form. An apostrophe before anything else ("'Brien") is kept.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace audit::csv {

struct Options {
    char delimiter = 0;  // ',', ';' or '\t'; 0 = detect from the first line
    bool header = true;  // the first record is the header
    bool restoreNeutralised = true;  // undo the writer's formula neutralising (see above)
    // Input that is not valid UTF-8 but is valid Windows-1252 (what Excel's plain "CSV" save writes on a UK
    // machine) is converted to UTF-8 and read; Reader::encoding() then says so. false: such input is an error.
    bool acceptWindows1252 = false;
    // With a header: the header is the first record starting on or after this line (a case list with title rows
    // above its header); the records before it are skipped whatever their field counts.
    std::size_t headerLine = 1;
    // Records may have different numbers of fields (no check): for looking for a header among title rows.
    bool ragged = false;
};

// The text as UTF-8, if it is valid Windows-1252 (every byte defined: not 0x81, 0x8D, 0x8F, 0x90, 0x9D).
std::optional<std::string> windows1252ToUtf8(std::string_view text);

// A whole file in memory (fine up to some tens of thousands of rows; use Reader for more).
struct Table {
    std::string file;
    char delimiter = ',';
    std::vector<std::string> header;              // empty when Options::header is false
    std::vector<std::vector<std::string>> rows;   // every row has header.size() fields
    std::vector<std::size_t> lines;               // the input line each row starts on (1-based)

    // Index of the header column with this name (compared trimmed and case-insensitively), -1 if none.
    int column(std::string_view name) const;
    // "line 12" for row i: the place to name in an error about that row.
    std::string place(std::size_t row) const;
};

Table readFile(const std::string& path, Options options = {});
Table parse(std::string_view text, const std::string& fileName, Options options = {});

// A fast streaming reader over a buffer: records come out one at a time as string_views. A field needing
// no unquoting points straight into the buffer; one with doubled quotes points into the reader's scratch
// space. Views stay valid until the next call of next(). The UTF-8 check of the whole input is done when
// the reader is made.
class Reader {
public:
    // Reads over `text`, which must outlive the reader.
    Reader(std::string_view text, std::string fileName, Options options = {});
    // Reads the file (memory-mapped when possible). Throws Error(NoInput) if it cannot be opened.
    static std::unique_ptr<Reader> open(const std::string& path, Options options = {});
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    const std::string& file() const { return file_; }
    char delimiter() const { return delimiter_; }
    // "UTF-8", or "Windows-1252" when the input was converted (Options::acceptWindows1252).
    const std::string& encoding() const { return encoding_; }
    const std::vector<std::string>& header() const { return header_; }  // empty without a header
    // Index of a header column (trimmed, case-insensitive), -1 if none.
    int column(std::string_view name) const;

    // Reads the next data record; false at the end of the input.
    bool next();
    const std::vector<std::string_view>& fields() const { return fields_; }
    std::size_t line() const { return line_; }  // the line the current record starts on
    std::size_t inputSize() const { return text_.size(); }
    std::size_t position() const { return pos_; }  // bytes consumed so far (for progress bars)

    // Reading one input in two parts on two threads. splitPoint(target): the start of the record after the
    // first line end at or after byte `target` that is outside quotes (counted from the current position),
    // or the end of the input if there is none. part(from, to): a reader of the records in [from, to), with this reader's delimiter, header
    // and field count, counting lines as this reader would have; it must not outlive this reader, and it does
    // not check UTF-8 again. stopAt(to): next() returns false once the reader is at `to`.
    // Unbalanced quotes before `target` give a wrong split point; the first part then fails, or stops
    // somewhere else than `to` (position() != to), and only then may the second part be wrong.
    std::size_t splitPoint(std::size_t target) const;
    std::unique_ptr<Reader> part(std::size_t from, std::size_t to) const;
    void stopAt(std::size_t to) { end_ = to; }

private:
    struct Mapping;
    Reader(std::unique_ptr<Mapping> mapping, std::string fileName, Options options);
    void init(Options options);
    bool readRecord();
    std::size_t checkUtf8(std::size_t from);
    void dropBehind(std::size_t upTo);
    static constexpr std::size_t kDropStep = std::size_t(2) << 20;
    bool drop_ = false;          // a mapped file: its pages are given back once read
    std::size_t dropped_ = 0;    // the pages before this offset were given back
    [[noreturn]] void fail(std::size_t at, const std::string& message) const;

    std::unique_ptr<Mapping> mapping_;
    std::string_view text_;
    std::string file_;
    char delimiter_ = ',';
    std::vector<std::string> header_;
    std::size_t expected_ = 0;  // fields per record; 0 = not known yet
    std::size_t pos_ = 0;
    std::size_t end_ = 0;         // where records stop (the input's size unless stopAt() or part() says otherwise)
    std::size_t lineNo_ = 1;      // line at pos_
    std::size_t lineStart_ = 0;   // offset of the start of that line
    std::size_t line_ = 0;        // line of the current record
    std::vector<std::string_view> fields_;
    std::string scratch_;
    struct Span { std::size_t begin, size; bool inScratch; };
    std::vector<Span> spans_;
    std::vector<std::size_t> starts_;  // where each field of the current record starts in the input
    bool special_[256] = {};
    bool bom_ = false;
    bool restore_ = true;
    bool ragged_ = false;
    std::string encoding_ = "UTF-8";
};

// Calls onRecord(line, fields) for every data record of the file, after onHeader(header) when the
// options say there is a header. Fields are valid only during the call.
using RecordCallback = std::function<void(std::size_t line, const std::vector<std::string_view>& fields)>;
void forEachRecord(const std::string& path, const Options& options,
                   const std::function<void(const std::vector<std::string>& header)>& onHeader,
                   const RecordCallback& onRecord);

// True if `s` is a plain decimal number ("12", "-0.25", "+3", ".5", "1e-5"): written unchanged.
bool isPlainNumber(std::string_view s);
// The cell as it will be written: neutralised against formula injection (see above), not yet quoted.
std::string neutralise(std::string_view cell);
// The inverse of neutralise(): the cell without the apostrophe neutralise() would have added, else unchanged.
std::string_view restoreNeutralised(std::string_view cell);

class Writer {
public:
    // neutraliseFormulas = false writes cells exactly as given (for round trips between our own tools).
    explicit Writer(std::ostream& out, char delimiter = ',', bool neutraliseFormulas = true);
    void row(const std::vector<std::string>& cells);
    void row(const std::vector<std::string_view>& cells);
    std::size_t rowsWritten() const { return rows_; }

private:
    void cell(std::string_view c, bool first);
    std::ostream& out_;
    char delimiter_;
    bool neutralise_;
    std::string line_;
    std::size_t rows_ = 0;
};

// Writes a whole file atomically (temporary name, renamed into place; see audit::OutputFile).
void writeFile(const std::string& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows, char delimiter = ',');

}  // namespace audit::csv
