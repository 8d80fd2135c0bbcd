#include "audit/io/csv.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "audit/base/text.h"

namespace audit::csv {

namespace {

// Offset of the first byte that is not part of valid UTF-8 (no overlong forms, no surrogates, nothing
// above U+10FFFF), or npos.
std::size_t invalidUtf8(std::string_view s, std::size_t from) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = from;
    while (i < n) {
        // ASCII fast path: 32 bytes at a time with SSE2, then eight at a time.
#if defined(__SSE2__)
        while (i + 32 <= n) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
            if (_mm_movemask_epi8(_mm_or_si128(a, b)) != 0) break;
            i += 32;
        }
#endif
        while (i + 8 <= n) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        if (i + len > n) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        i += len;
    }
    return std::string_view::npos;
}

// How many bytes of [p, p + n) are c: sixteen at a time where SSE2 is available (splitting a million-case
// file counts the quotes and the line ends of its first half: std::count took 17 ms for each).
std::size_t countByte(const char* p, std::size_t n, char c) {
    std::size_t count = 0, i = 0;
#if defined(__SSE2__)
    const __m128i want = _mm_set1_epi8(c);
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        count += static_cast<std::size_t>(__builtin_popcount(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, want)))));
    }
#endif
    for (; i < n; ++i) count += p[i] == c;
    return count;
}

// Finds the first delimiter, quote, CR or LF at or after p (n if none): sixteen bytes at a time where SSE2
// is available (every x86-64), then byte by byte through the table. Made once per record.
struct SpecialScan {
#if defined(__SSE2__)
    __m128i d, q, cr, lf;
    SpecialScan(char delimiter, const bool* table)
        : d(_mm_set1_epi8(delimiter)), q(_mm_set1_epi8('"')), cr(_mm_set1_epi8('\r')), lf(_mm_set1_epi8('\n')),
          special(table) {}
#else
    SpecialScan(char, const bool* table) : special(table) {}
#endif
    const bool* special;

    std::size_t next(const char* t, std::size_t p, std::size_t n) const {
#if defined(__SSE2__)
        while (p + 16 <= n) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + p));
            const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                                             _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
            const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
            if (mask) return p + static_cast<std::size_t>(__builtin_ctz(mask));
            p += 16;
        }
#endif
        while (p < n && !special[static_cast<unsigned char>(t[p])]) ++p;
        return p;
    }
};

bool sameName(std::string_view a, std::string_view b) {
    a = text::trimBlanks(a);
    b = text::trimBlanks(b);
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
        if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
        if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
        if (x != y) return false;
    }
    return true;
}

int findColumn(const std::vector<std::string>& header, std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (sameName(header[i], name)) return static_cast<int>(i);
    return -1;
}

std::string describe(char c) {
    if (c == '\t') return "tab";
    if (static_cast<unsigned char>(c) < 0x20) return "control character";
    return std::string("'") + c + "'";
}

}  // namespace

int Table::column(std::string_view name) const { return findColumn(header, name); }

std::string Table::place(std::size_t row) const {
    return row < lines.size() ? "line " + std::to_string(lines[row]) : "row " + std::to_string(row + 1);
}

// ---------------------------------------------------------------------------------------------- Reader

std::optional<std::string> windows1252ToUtf8(std::string_view text) {
    // 0x80..0x9F: the Windows-1252 characters (0 where the code page leaves the byte undefined).
    static constexpr char16_t k80[32] = {0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
                                         0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                                         0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char ch : text) {
        const auto b = static_cast<unsigned char>(ch);
        char32_t u = b;
        if (b >= 0x80 && b < 0xA0) {
            u = k80[b - 0x80];
            if (u == 0) return std::nullopt;
        }
        if (u < 0x80) {
            out.push_back(static_cast<char>(u));
        } else if (u < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (u >> 6)));
            out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xE0 | (u >> 12)));
            out.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
        }
    }
    return out;
}

struct Reader::Mapping {
    void* addr = nullptr;
    std::size_t size = 0;
    std::string copy;  // when the file could not be mapped (empty, a pipe)
    std::string converted;  // the text as UTF-8 when the file was Windows-1252
    std::string_view view() const {
        return addr ? std::string_view(static_cast<const char*>(addr), size) : std::string_view(copy);
    }
    ~Mapping() {
        if (addr) ::munmap(addr, size);
    }
};

Reader::Reader(std::string_view text, std::string fileName, Options options)
    : text_(text), file_(std::move(fileName)) {
    init(options);
}

Reader::Reader(std::unique_ptr<Mapping> mapping, std::string fileName, Options options)
    : mapping_(std::move(mapping)), file_(std::move(fileName)) {
    text_ = mapping_->view();
    init(options);
}

Reader::~Reader() = default;

std::unique_ptr<Reader> Reader::open(const std::string& path, Options options) {
    auto m = std::make_unique<Mapping>();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int e = errno;
        throw Error(ErrorKind::NoInput, path, "", e == ENOENT ? "no such file" : std::string("cannot open: ") + std::strerror(e));
    }
    struct stat st{};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw Error(ErrorKind::NoInput, path, "", "is a folder, expected a CSV file");
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        void* a = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (a != MAP_FAILED) {
            m->addr = a;
            m->size = static_cast<std::size_t>(st.st_size);
            ::madvise(a, m->size, MADV_SEQUENTIAL);
        }
    }
    if (!m->addr) {
        char buf[1 << 16];
        for (;;) {
            const ssize_t got = ::read(fd, buf, sizeof buf);
            if (got < 0) {
                if (errno == EINTR) continue;
                const int e = errno;
                ::close(fd);
                throw Error(ErrorKind::IO, path, "", std::string("reading failed: ") + std::strerror(e));
            }
            if (got == 0) break;
            m->copy.append(buf, static_cast<std::size_t>(got));
        }
    }
    ::close(fd);
    return std::unique_ptr<Reader>(new Reader(std::move(m), path, options));
}

void Reader::fail(std::size_t at, const std::string& message) const {
    // Errors are rare: find the line and column by scanning from the start.
    std::size_t line = 1, lineStart = 0;
    for (std::size_t i = 0; i < at && i < text_.size(); ++i) {
        const char c = text_[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) {
            ++line;
            lineStart = i + 1;
        }
    }
    if (line == 1 && bom_ && lineStart == 0) lineStart = 3;
    std::size_t column = 1;
    for (std::size_t i = lineStart; i < at && i < text_.size(); ++i)
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    throw Error(ErrorKind::Data, file_, "line " + std::to_string(line) + ", column " + std::to_string(column), message);
}

void Reader::init(Options options) {
    end_ = text_.size();
    if (text_.size() >= 2 && ((text_[0] == '\xFF' && text_[1] == '\xFE') || (text_[0] == '\xFE' && text_[1] == '\xFF')))
        throw Error(ErrorKind::Data, file_, "line 1, column 1",
                    "the file is UTF-16 text; save it as CSV UTF-8 (comma delimited)");
    if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") {
        bom_ = true;
        pos_ = 3;
        lineStart_ = 3;
    }
    // A mapped file's pages are given back as they are read (see dropBehind), from the check of its UTF-8 on.
    drop_ = mapping_ && mapping_->addr && text_.data() == mapping_->addr;
    dropped_ = 0;
    std::size_t bad = checkUtf8(pos_);
    if (bad != std::string_view::npos && options.acceptWindows1252 && mapping_) {
        if (auto converted = windows1252ToUtf8(text_)) {
            mapping_->converted = std::move(*converted);
            text_ = mapping_->converted;
            end_ = text_.size();
            encoding_ = "Windows-1252";
            drop_ = false;
            bad = invalidUtf8(text_, pos_);
        }
    }
    if (bad != std::string_view::npos)
        fail(bad, "invalid UTF-8 (byte 0x" +
                      std::string(1, "0123456789ABCDEF"[static_cast<unsigned char>(text_[bad]) >> 4]) +
                      std::string(1, "0123456789ABCDEF"[static_cast<unsigned char>(text_[bad]) & 15]) +
                      "); save the file as UTF-8");

    restore_ = options.restoreNeutralised;
    delimiter_ = options.delimiter;
    if (delimiter_ == '"' || delimiter_ == '\r' || delimiter_ == '\n')
        throw Error(ErrorKind::Usage, "the CSV delimiter cannot be a quote or a line end");
    if (delimiter_ == 0) {
        // Detect from the first line: the most frequent of , ; tab outside quotes.
        // (A title line above the header may hold none of them: the first line that does decides.)
        std::size_t comma = 0, semi = 0, tab = 0;
        bool quoted = false;
        for (std::size_t i = pos_; i < text_.size(); ++i) {
            const char c = text_[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r')) {
                if (comma + semi + tab > 0) break;
            } else if (!quoted && c == ',') ++comma;
            else if (!quoted && c == ';') ++semi;
            else if (!quoted && c == '\t') ++tab;
        }
        delimiter_ = ',';
        if (semi > comma && semi >= tab) delimiter_ = ';';
        else if (tab > comma && tab > semi) delimiter_ = '\t';
    }
    special_[static_cast<unsigned char>(delimiter_)] = true;
    special_[static_cast<unsigned char>('"')] = true;
    special_[static_cast<unsigned char>('\r')] = true;
    special_[static_cast<unsigned char>('\n')] = true;

    ragged_ = options.ragged;
    if (options.header) {
        // Title records above the header line are skipped unchecked.
        ragged_ = true;
        do {
            if (!readRecord())
                fail(pos_, options.headerLine > 1 ? "no header row on or after line " + std::to_string(options.headerLine)
                                                  : std::string("the file is empty: expected a header row naming the columns"));
        } while (line_ < options.headerLine);
        ragged_ = options.ragged;
        expected_ = ragged_ ? 0 : fields_.size();
        header_.reserve(fields_.size());
        for (auto f : fields_) header_.emplace_back(f);
    }
}

int Reader::column(std::string_view name) const { return findColumn(header_, name); }

// The first byte from `from` on that is not valid UTF-8 (npos if none), checked a step at a time so that each
// step's pages can be given back before the next is read.
std::size_t Reader::checkUtf8(std::size_t from) {
    const std::size_t n = text_.size();
    std::size_t i = from;
    while (i < n) {
        const std::size_t limit = std::min(n, i + kDropStep);
        const std::size_t bad = invalidUtf8(text_.substr(0, limit), i);
        if (bad != std::string_view::npos) {
            if (limit == n || bad + 4 <= limit) {
                dropped_ = from;
                return bad;
            }
            i = bad;  // a character cut by the step's end: checked whole in the next step
            continue;
        }
        if (drop_) dropBehind(limit);
        i = limit;
    }
    dropped_ = from;  // the records are read from `from` on: nothing is given back behind them yet
    return std::string_view::npos;
}

// Gives the whole pages of a mapped file between the last drop and `upTo` back to the kernel (MADV_DONTNEED):
// a file of a million cases is never held whole in the process's memory. The mapping is private and never
// written, so a page read again (a field still held, the count of lines before an error) is simply read again
// from the page cache: what the reader returns is unchanged, only the memory held.
void Reader::dropBehind(std::size_t upTo) {
    static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const auto base = reinterpret_cast<std::uintptr_t>(text_.data());
    const std::uintptr_t first = (base + dropped_ + page - 1) & ~(page - 1);
    const std::uintptr_t last = (base + upTo) & ~(page - 1);
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
    dropped_ = std::max(dropped_, upTo);
}

bool Reader::next() { return readRecord(); }

bool Reader::readRecord() {
    const char* t = text_.data();
    const std::size_t n = text_.size();
    std::size_t p = pos_;
    // Skip empty lines.
    while (p < end_ && (t[p] == '\n' || t[p] == '\r')) {
        if (t[p] == '\r' && p + 1 < n && t[p + 1] == '\n') ++p;
        ++p;
        ++lineNo_;
        lineStart_ = p;
    }
    if (p >= end_) {
        pos_ = std::min(p, n);
        return false;
    }
    line_ = lineNo_;
    spans_.clear();
    starts_.clear();
    scratch_.clear();
    const char d = delimiter_;
    const SpecialScan scan(d, special_);
    for (;;) {
        starts_.push_back(p);
        if (p < n && t[p] == '"') {
            const std::size_t open = p;
            std::size_t q = p + 1;
            const std::size_t begin = q;
            bool useScratch = false;
            std::size_t scratchBegin = 0;
            for (;;) {
                const void* hit = std::memchr(t + q, '"', n - q);
                if (!hit) fail(open, "unterminated quoted field: no closing '\"' before the end of the file");
                const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - t);
                for (std::size_t i = q; i < at; ++i)  // keep the line count right across embedded line ends
                    if (t[i] == '\n' || (t[i] == '\r' && t[i + 1] != '\n')) {
                        ++lineNo_;
                        lineStart_ = i + 1;
                    }
                if (at + 1 < n && t[at + 1] == '"') {  // a doubled quote stands for one quote
                    if (!useScratch) {
                        useScratch = true;
                        scratchBegin = scratch_.size();
                        scratch_.append(t + begin, at - begin);
                    } else {
                        scratch_.append(t + q, at - q);
                    }
                    scratch_.push_back('"');
                    q = at + 2;
                    continue;
                }
                if (useScratch) {
                    scratch_.append(t + q, at - q);
                    spans_.push_back({scratchBegin, scratch_.size() - scratchBegin, true});
                } else {
                    spans_.push_back({begin, at - begin, false});
                }
                p = at + 1;
                break;
            }
            if (p < n && t[p] != d && t[p] != '\n' && t[p] != '\r')
                fail(p, "unexpected " + describe(t[p]) +
                            " after the closing quote of a quoted field; expected the delimiter or the end of the line "
                            "(a quote inside a quoted field is written twice: \"\")");
        } else {
            const std::size_t begin = p;
            p = scan.next(t, p, n);
            if (p < n && t[p] == '"')
                fail(p, "stray '\"' in an unquoted field; quote the whole field and write the quote twice (\"\")");
            spans_.push_back({begin, p - begin, false});
        }
        if (p >= n) break;
        if (t[p] == d) {
            ++p;
            continue;
        }
        // A line end.
        if (t[p] == '\r' && p + 1 < n && t[p + 1] == '\n') ++p;
        ++p;
        ++lineNo_;
        lineStart_ = p;
        break;
    }
    const std::size_t endOfRecord = p;
    pos_ = p;
    if (drop_ && starts_.front() >= dropped_ + kDropStep) dropBehind(starts_.front());

    const std::size_t count = spans_.size();
    if (ragged_) {
    } else if (expected_ == 0) {
        expected_ = count;
    } else if (count != expected_) {
        const std::string what = "this record has " + std::to_string(count) + " field" + (count == 1 ? "" : "s") +
                                 ", expected " + std::to_string(expected_) +
                                 (header_.empty() ? " as in the first record" : " as in the header");
        if (count > expected_) fail(starts_[expected_], what);
        // Too few: point at the end of the record's last line.
        std::size_t at = endOfRecord;
        while (at > starts_.back() && (t[at - 1] == '\n' || t[at - 1] == '\r')) --at;
        fail(at, what);
    }
    fields_.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Span& s = spans_[i];
        fields_[i] = s.inScratch ? std::string_view(scratch_.data() + s.begin, s.size) : std::string_view(t + s.begin, s.size);
        // Only a cell starting with an apostrophe can be one this project's writer neutralised (the test here
        // saves a call per cell: 6% of reading a million pairs).
        if (restore_ && s.size && fields_[i].front() == '\'') fields_[i] = restoreNeutralised(fields_[i]);
    }
    return true;
}

std::size_t Reader::splitPoint(std::size_t target) const {
    const char* t = text_.data();
    const std::size_t n = text_.size();
    if (target <= pos_) target = pos_;
    if (target >= n) return n;
    // pos_ is a record start, outside quotes: an odd number of quotes up to the target means inside a field.
    bool quoted = countByte(t + pos_, target - pos_, '"') % 2 != 0;
    for (std::size_t p = target; p < n; ++p) {
        const char c = t[p];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            if (c == '\r' && p + 1 < n && t[p + 1] == '\n') ++p;
            return p + 1;
        }
    }
    return n;
}

std::unique_ptr<Reader> Reader::part(std::size_t from, std::size_t to) const {
    std::unique_ptr<Reader> r(new Reader(std::string_view(), file_, Options{delimiter_, false}));
    r->text_ = text_;
    r->delimiter_ = delimiter_;
    r->header_ = header_;
    r->expected_ = expected_;
    std::copy(std::begin(special_), std::end(special_), std::begin(r->special_));
    r->bom_ = bom_;
    r->restore_ = restore_;
    r->ragged_ = ragged_;
    r->pos_ = std::min(from, text_.size());
    r->end_ = std::min(to, text_.size());
    r->drop_ = drop_;
    r->dropped_ = r->pos_;
    // The line at `from`: one more than the line ends before it (LF, and CR not followed by LF).
    const char* t = text_.data();
    std::size_t lines = 1 + countByte(t, r->pos_, '\n');
    for (const char* q = t; q < t + r->pos_;) {
        const void* cr = std::memchr(q, '\r', static_cast<std::size_t>(t + r->pos_ - q));
        if (!cr) break;
        q = static_cast<const char*>(cr) + 1;
        if (q >= t + text_.size() || *q != '\n') ++lines;
    }
    r->lineNo_ = lines;
    r->lineStart_ = r->pos_;
    return r;
}

void forEachRecord(const std::string& path, const Options& options,
                   const std::function<void(const std::vector<std::string>& header)>& onHeader,
                   const RecordCallback& onRecord) {
    auto reader = Reader::open(path, options);
    if (options.header && onHeader) onHeader(reader->header());
    while (reader->next()) onRecord(reader->line(), reader->fields());
}

Table parse(std::string_view text, const std::string& fileName, Options options) {
    Reader reader(text, fileName, options);
    Table table;
    table.file = fileName;
    table.delimiter = reader.delimiter();
    table.header = reader.header();
    while (reader.next()) {
        table.rows.emplace_back(reader.fields().begin(), reader.fields().end());
        table.lines.push_back(reader.line());
    }
    return table;
}

Table readFile(const std::string& path, Options options) {
    auto reader = Reader::open(path, options);
    Table table;
    table.file = path;
    table.delimiter = reader->delimiter();
    table.header = reader->header();
    while (reader->next()) {
        table.rows.emplace_back(reader->fields().begin(), reader->fields().end());
        table.lines.push_back(reader->line());
    }
    return table;
}

// ---------------------------------------------------------------------------------------------- Writer

bool isPlainNumber(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        std::size_t exp = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
        if (exp == 0) return false;
    }
    return i == s.size();
}

namespace {
bool startsFormula(std::string_view c) {
    if (c.empty()) return false;
    switch (c.front()) {
        case '=': case '+': case '-': case '@': case '\t': case '\r': return !isPlainNumber(c);
        default: return false;
    }
}
// A cell that gets one more apostrophe on writing: a formula start after any number of apostrophes (so that
// a value that already begins "'=" survives the round trip too: written "''=", read back "'=").
bool risky(std::string_view c) {
    std::size_t k = 0;
    while (k < c.size() && c[k] == '\'') ++k;
    return startsFormula(c.substr(k));
}
}  // namespace

std::string neutralise(std::string_view cell) {
    if (risky(cell)) return "'" + std::string(cell);
    return std::string(cell);
}

std::string_view restoreNeutralised(std::string_view cell) {
    if (!cell.empty() && cell.front() == '\'' && risky(cell.substr(1))) return cell.substr(1);
    return cell;
}

Writer::Writer(std::ostream& out, char delimiter, bool neutraliseFormulas)
    : out_(out), delimiter_(delimiter), neutralise_(neutraliseFormulas) {
    if (delimiter_ == '"' || delimiter_ == '\r' || delimiter_ == '\n' || delimiter_ == 0)
        throw Error(ErrorKind::Usage, "the CSV delimiter cannot be a quote, a line end or nothing");
}

void Writer::cell(std::string_view c, bool first) {
    if (!first) line_.push_back(delimiter_);
    const bool prefix = neutralise_ && risky(c);
    bool quote = false;
    for (char ch : c)
        if (ch == delimiter_ || ch == '"' || ch == '\n' || ch == '\r') {
            quote = true;
            break;
        }
    if (!quote) {
        if (prefix) line_.push_back('\'');
        line_.append(c);
        return;
    }
    line_.push_back('"');
    if (prefix) line_.push_back('\'');
    for (char ch : c) {
        if (ch == '"') line_.push_back('"');
        line_.push_back(ch);
    }
    line_.push_back('"');
}

void Writer::row(const std::vector<std::string>& cells) {
    line_.clear();
    for (std::size_t i = 0; i < cells.size(); ++i) cell(cells[i], i == 0);
    line_.push_back('\n');
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    ++rows_;
}

void Writer::row(const std::vector<std::string_view>& cells) {
    line_.clear();
    for (std::size_t i = 0; i < cells.size(); ++i) cell(cells[i], i == 0);
    line_.push_back('\n');
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    ++rows_;
}

void writeFile(const std::string& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows, char delimiter) {
    OutputFile file(path);
    Writer w(file.stream(), delimiter);
    if (!header.empty()) w.row(header);
    for (const auto& r : rows) w.row(r);
    file.commit();
}

}  // namespace audit::csv
