// Reading .xlsx workbooks. Three layers:
//  1. Zip: the central directory is read from the end of the file (as unzip, libarchive and Python's
//     zipfile do), every entry is checked (safe relative name, not encrypted, declared sizes within
//     the limits), and entries are inflated with zlib (raw deflate), counting the bytes and checking
//     the CRC so a truncated or tampered entry cannot pass as a short one. A file of up to 64 MiB is
//     read whole, once, and its parts inflated from memory (libdeflate, in one call, for a part read
//     whole); a bigger one part by part from the disk.
//     Poco::Zip::ZipArchive is not used to list the entries: it walks local headers from the front of
//     the file, so it finds no entries in a non-zip, scans compressed data for data-descriptor
//     signatures and asserts on duplicate names; the central directory is the authority.
//  2. XmlPull: a small pull tokenizer over a sliding buffer of inflated bytes (start tag with its
//     attributes, end tag, text), so that a sheet of a million cells is never held whole; the small
//     parts (workbook, relationships, styles) are parsed with pugixml.
//  3. The workbook model: relationships, sheets, shared strings, date styles, rows and cells.
#include "audit/io/xlsx_reader.h"
#include "audit/io/xml_check.h"

#include <libdeflate.h>
#include <pugixml.hpp>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string_view>
#include <system_error>

#include "audit/base/error.h"
#include "audit/base/text.h"

namespace fs = std::filesystem;

namespace audit::xlsx {

// ============================================================================================
// cell references and dates
// ============================================================================================

namespace {
constexpr std::size_t kMaxRows = 1048576;
constexpr std::size_t kMaxCols = 16384;
}  // namespace

std::string columnName(std::size_t col) {
    std::string s;
    std::size_t n = col + 1;
    while (n > 0) {
        std::size_t r = (n - 1) % 26;
        s.insert(s.begin(), static_cast<char>('A' + r));
        n = (n - 1) / 26;
    }
    return s;
}

std::string cellName(std::size_t row, std::size_t col) { return columnName(col) + std::to_string(row + 1); }

namespace {
// Parses "D14" (optionally with $) from a view; returns false if it is not a cell name.
bool parseRef(std::string_view s, std::size_t& row, std::size_t& col) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '$') ++i;
    std::size_t c = 0, letters = 0;
    while (i < s.size()) {
        char ch = s[i];
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
        if (ch < 'A' || ch > 'Z') break;
        c = c * 26 + static_cast<std::size_t>(ch - 'A' + 1);
        if (++letters > 3) return false;
        ++i;
    }
    if (letters == 0) return false;
    if (i < s.size() && s[i] == '$') ++i;
    std::size_t r = 0, digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        r = r * 10 + static_cast<std::size_t>(s[i] - '0');
        if (++digits > 7) return false;
        ++i;
    }
    if (digits == 0 || i != s.size() || r == 0 || r > kMaxRows || c > kMaxCols) return false;
    row = r - 1;
    col = c - 1;
    return true;
}
}  // namespace

std::optional<CellRef> parseCellName(const std::string& name) {
    CellRef ref;
    if (!parseRef(name, ref.row, ref.col)) return std::nullopt;
    return ref;
}

namespace {
// Howard Hinnant's civil calendar algorithms (days since 1970-01-01).
long long daysFromCivil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}
void civilFromDays(long long z, int& y, int& m, int& d) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long yy = static_cast<long long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yy + (m <= 2));
}
constexpr long long kExcelEpoch = -25569;  // 1899-12-30 in days since 1970-01-01
constexpr double kMaxSerial = 2958466;     // 10000-01-01
}  // namespace

DateTime serialToDateTime(double serial) {
    if (!(serial >= 0) || serial >= kMaxSerial)
        throw Error(ErrorKind::Data, "date serial " + std::to_string(serial) +
                                         " is outside Excel's calendar (expected 0 to 2958465, 1900-01-01 to 9999-12-31)");
    const long long secs = std::llround(serial * 86400.0);
    long long days = secs / 86400;
    long long rem = secs % 86400;
    DateTime dt;
    if (days == 60) {  // Excel's phantom 29 February 1900
        dt.year = 1900, dt.month = 2, dt.day = 29;
    } else {
        civilFromDays(kExcelEpoch + days + (days < 60 ? 1 : 0), dt.year, dt.month, dt.day);
    }
    dt.hour = static_cast<int>(rem / 3600);
    dt.minute = static_cast<int>(rem % 3600 / 60);
    dt.second = static_cast<int>(rem % 60);
    return dt;
}

double dateTimeToSerial(const DateTime& dt) {
    long long days = daysFromCivil(dt.year, static_cast<unsigned>(dt.month), static_cast<unsigned>(dt.day)) - kExcelEpoch;
    if (days <= 60) days -= 1;  // before 1 March 1900, Excel counts from 1900-01-01 = 1
    return static_cast<double>(days) + (dt.hour * 3600.0 + dt.minute * 60.0 + dt.second) / 86400.0;
}

std::string isoDate(const DateTime& dt) {
    char buf[32];
    if (dt.hour == 0 && dt.minute == 0 && dt.second == 0)
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dt.year, dt.month, dt.day);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", dt.year, dt.month, dt.day, dt.hour, dt.minute,
                      dt.second);
    return buf;
}

std::string Cell::str() const {
    switch (type) {
        case Type::Empty: return {};
        case Type::String:
        case Type::Error: return text;
        case Type::Boolean: return number != 0 ? "TRUE" : "FALSE";
        case Type::Number: {
            if (isDate && number >= 0 && number < kMaxSerial) return isoDate(serialToDateTime(number));
            // The shortest text that reads back exactly, unless that needs more than the 15
            // significant digits Excel shows (0.1+0.2 is shown "0.3", as Excel's General does).
            char buf[64];
            auto res = std::to_chars(buf, buf + sizeof buf, number);
            std::size_t digits = 0;
            for (const char* p = buf; p < res.ptr && *p != 'e'; ++p) digits += (*p >= '0' && *p <= '9');
            if (digits > 15) {
                std::snprintf(buf, sizeof buf, "%.15g", number);
                return buf;
            }
            return std::string(buf, res.ptr);
        }
    }
    return {};
}

std::optional<DateTime> Cell::date() const {
    if (type != Type::Number || !isDate || !(number >= 0) || number >= kMaxSerial) return std::nullopt;
    return serialToDateTime(number);
}

// ============================================================================================
// zip
// ============================================================================================

namespace {

std::uint16_t le16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
std::uint32_t le32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint64_t le64(const unsigned char* p) { return le32(p) | (static_cast<std::uint64_t>(le32(p + 4)) << 32); }

std::string mib(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

struct ZipEntry {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t compressed = 0;
    std::uint64_t size = 0;
    std::uint64_t headerOffset = 0;
};

// A source of bytes for the XML tokenizer.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual std::size_t read(char* buf, std::size_t n) = 0;  // 0 at the end
};

// Small workbooks (every form, most case lists: ReaderLimits::wholeFileBytes) are read whole with one read of the
// file and their parts inflated from memory: an import of 1,000 returns opened each file nine times (the central
// directory, then each part through its own stream) before issue 18. Bigger files are read part by part from the
// disk as before, so a case list of hundreds of megabytes is never held whole.
class ZipFile {
public:
    ZipFile(std::string path, const ReaderLimits& limits) : path_(std::move(path)), limits_(limits) {
        std::error_code ec;
        if (!fs::exists(path_, ec)) throw Error(ErrorKind::NoInput, path_, "", "no such file");
        if (fs::is_directory(path_, ec)) throw Error(ErrorKind::NoInput, path_, "", "is a folder, expected an .xlsx file");
        std::ifstream in(path_, std::ios::binary);
        if (!in) throw Error(ErrorKind::NoInput, path_, "", std::string("cannot open: ") + std::strerror(errno));
        in.seekg(0, std::ios::end);
        fileSize_ = static_cast<std::uint64_t>(in.tellg());
        in.seekg(0);
        if (fileSize_ > 0 && fileSize_ <= limits_.wholeFileBytes) {
            data_.resize(static_cast<std::size_t>(fileSize_));
            in.read(data_.data(), static_cast<std::streamsize>(fileSize_));
            if (static_cast<std::uint64_t>(in.gcount()) != fileSize_)
                throw Error(ErrorKind::IO, path_, "", "reading failed");
            inMemory_ = true;
            open(nullptr);
        } else {
            open(&in);
        }
    }
    // The file's bytes, already read by the caller (who hashed them): nothing is read again.
    ZipFile(std::string path, std::string contents, const ReaderLimits& limits)
        : path_(std::move(path)), limits_(limits), data_(std::move(contents)) {
        fileSize_ = data_.size();
        inMemory_ = true;
        open(nullptr);
    }

    const std::string& path() const { return path_; }
    const ZipEntry* find(const std::string& name) const {
        auto it = byName_.find(name);
        if (it != byName_.end()) return &entries_[it->second];
        auto lit = byLowerName_.find(text::lower(name));  // OPC part names are case-insensitive
        return lit == byLowerName_.end() ? nullptr : &entries_[lit->second];
    }
    std::size_t entryCount() const { return entries_.size(); }
    std::uint64_t fileSize() const { return fileSize_; }
    std::uint64_t dataEnd() const { return cdOffset_; }
    const ReaderLimits& limits() const { return limits_; }
    // The whole file when it was read whole, else nullptr (then parts are read from the disk).
    const char* memory() const { return inMemory_ ? data_.data() : nullptr; }

    [[noreturn]] void fail(const std::string& message) const { throw Error(ErrorKind::Data, path_, "", message); }

private:
    // Copies n bytes at offset from the file's bytes in memory, or from the disk through in. False if short.
    bool readAt(std::ifstream* in, std::uint64_t offset, std::size_t n, void* to) const {
        if (!in) {
            if (offset > fileSize_ || n > fileSize_ - offset) return false;
            std::memcpy(to, data_.data() + offset, n);
            return true;
        }
        in->clear();
        in->seekg(static_cast<std::streamoff>(offset));
        in->read(static_cast<char*>(to), static_cast<std::streamsize>(n));
        return static_cast<std::size_t>(in->gcount()) == n;
    }

    void open(std::ifstream* in) {
        if (fileSize_ == 0) fail("the file is empty (expected an .xlsx workbook)");
        unsigned char magic[8] = {};
        readAt(in, 0, static_cast<std::size_t>(std::min<std::uint64_t>(8, fileSize_)), magic);
        const bool looksZip = std::memcmp(magic, "PK\x03\x04", 4) == 0 || std::memcmp(magic, "PK\x05\x06", 4) == 0;
        if (!looksZip) {
            if (std::memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
                // An OLE compound file: a password-protected .xlsx keeps its package in a stream named
                // "EncryptedPackage" (names are UTF-16); anything else is an Excel 97-2003 .xls workbook.
                std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(fileSize_, 1u << 20)), '\0');
                readAt(in, 0, head.size(), head.data());
                static const std::string kEncrypted("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
                if (head.find(kEncrypted) != std::string::npos)
                    fail("is a password-protected (encrypted) workbook, which cannot be read; open it in Excel, "
                         "remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) "
                         "and save it again as Excel Workbook (.xlsx)");
                fail("is an Excel 97-2003 workbook (.xls), which cannot be read; open it in Excel or LibreOffice and "
                     "save it as Excel Workbook (.xlsx), or each list as CSV UTF-8");
            }
            fail("is not an .xlsx workbook: it is not a zip file (expected an Office Open XML package)");
        }
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65535 bytes.
        const std::uint64_t tail = std::min<std::uint64_t>(fileSize_, 22 + 65535);
        std::vector<unsigned char> buf(tail);
        if (!readAt(in, fileSize_ - tail, static_cast<std::size_t>(tail), buf.data()))
            throw Error(ErrorKind::IO, path_, "", "reading failed");
        std::ptrdiff_t eocd = -1;
        for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(tail) - 22; i >= 0; --i) {
            if (buf[i] == 'P' && buf[i + 1] == 'K' && buf[i + 2] == 5 && buf[i + 3] == 6) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0)
            fail("the zip is incomplete: its central directory is missing (the file is truncated or damaged; "
                 "expected a complete .xlsx workbook)");
        const unsigned char* e = buf.data() + eocd;
        const std::uint64_t eocdPos = fileSize_ - tail + static_cast<std::uint64_t>(eocd);
        const std::uint16_t disk = le16(e + 4), cdDisk = le16(e + 6);
        const std::uint16_t count = le16(e + 10);
        const std::uint32_t cdSize = le32(e + 12), cdOffset = le32(e + 16);
        if (count == 0xFFFF || cdSize == 0xFFFFFFFFu || cdOffset == 0xFFFFFFFFu)
            fail("is a ZIP64 archive, which is not supported (expected an ordinary .xlsx of less than 4 GiB)");
        if (disk != 0 || cdDisk != 0) fail("is a multi-part zip archive (expected a single .xlsx file)");
        if (static_cast<std::uint64_t>(cdOffset) + cdSize > eocdPos)
            fail("the zip's central directory lies outside the file (the file is truncated or damaged)");
        if (count == 0) fail("the zip holds no entries (expected an .xlsx workbook's parts)");
        cdOffset_ = cdOffset;

        std::vector<unsigned char> cd(cdSize);
        if (!readAt(in, cdOffset, cdSize, cd.data()))
            throw Error(ErrorKind::IO, path_, "", "reading the zip's central directory failed");
        std::size_t p = 0;
        std::uint64_t total = 0;
        for (std::uint16_t i = 0; i < count; ++i) {
            if (p + 46 > cd.size() || le32(cd.data() + p) != 0x02014b50u)
                fail("the zip's central directory is damaged at entry " + std::to_string(i + 1) + " of " +
                     std::to_string(count));
            const unsigned char* h = cd.data() + p;
            ZipEntry z;
            z.flags = le16(h + 8);
            z.method = le16(h + 10);
            z.crc = le32(h + 16);
            z.compressed = le32(h + 20);
            z.size = le32(h + 24);
            const std::size_t nameLen = le16(h + 28), extraLen = le16(h + 30), commentLen = le16(h + 32);
            z.headerOffset = le32(h + 42);
            if (p + 46 + nameLen + extraLen + commentLen > cd.size())
                fail("the zip's central directory is damaged at entry " + std::to_string(i + 1));
            z.name.assign(reinterpret_cast<const char*>(h + 46), nameLen);
            // ZIP64 sizes: a 32-bit field of 0xFFFFFFFF means the real value is in the zip64 extra field (id 1),
            // which holds, in this order, only the fields that overflowed (some writers use it for small entries).
            if (z.size == 0xFFFFFFFFu || z.compressed == 0xFFFFFFFFu || z.headerOffset == 0xFFFFFFFFu) {
                const unsigned char* x = h + 46 + nameLen;
                const unsigned char* xend = x + extraLen;
                bool found = false;
                while (x + 4 <= xend) {
                    const std::uint16_t id = le16(x), len = le16(x + 2);
                    if (x + 4 + len > xend) break;
                    if (id == 1) {
                        const unsigned char* v = x + 4;
                        const unsigned char* vend = v + len;
                        auto next = [&](std::uint64_t& field) {
                            if (field != 0xFFFFFFFFu) return true;
                            if (v + 8 > vend) return false;
                            field = le64(v);
                            v += 8;
                            return true;
                        };
                        found = next(z.size) && next(z.compressed) && next(z.headerOffset);
                        break;
                    }
                    x += 4 + len;
                }
                if (!found)
                    fail("entry '" + z.name + "' has ZIP64 sizes without a valid zip64 extra field (the zip is damaged)");
            }
            p += 46 + nameLen + extraLen + commentLen;
            checkEntry(z);
            total += z.size;
            if (total > limits_.maxTotalBytes)
                fail("the zip's entries would inflate to more than " + mib(limits_.maxTotalBytes) +
                     " in all (a zip bomb? expected a workbook within the limit)");
            if (!z.name.empty() && z.name.back() == '/') continue;  // a folder
            if (!byName_.emplace(z.name, entries_.size()).second)
                fail("entry '" + z.name + "' appears twice in the zip (expected unique part names)");
            byLowerName_.emplace(text::lower(z.name), entries_.size());
            entries_.push_back(std::move(z));
        }
    }

    void checkEntry(const ZipEntry& z) const {
        const std::string& n = z.name;
        const std::string quoted = "entry '" + n + "'";
        if (n.empty()) fail("an entry of the zip has an empty name (expected a relative part name)");
        if (n.find('\0') != std::string::npos) fail(quoted + " has a NUL byte in its name");
        if (n[0] == '/' || n[0] == '\\' || (n.size() > 1 && n[1] == ':'))
            fail(quoted + " has an absolute path (expected a relative path inside the package)");
        if (n.find('\\') != std::string::npos)
            fail(quoted + " has a backslash in its path (expected '/' separators inside the package)");
        std::size_t start = 0;
        while (start <= n.size()) {
            std::size_t slash = n.find('/', start);
            if (slash == std::string::npos) slash = n.size();
            if (n.compare(start, slash - start, "..") == 0 && slash - start == 2)
                fail(quoted + " has a '..' path (expected a path inside the package)");
            start = slash + 1;
        }
        if (z.flags & 1u) fail(quoted + " is encrypted (expected an unencrypted workbook)");
        if (z.size > limits_.maxEntryBytes)
            fail(quoted + " would inflate to " + mib(z.size) + ", more than the limit of " + mib(limits_.maxEntryBytes) +
                 " (a zip bomb? expected a smaller part)");
        if (z.size > limits_.ratioGraceBytes &&
            static_cast<double>(z.size) > limits_.maxRatio * static_cast<double>(std::max<std::uint64_t>(z.compressed, 1)))
            fail(quoted + " would inflate " + std::to_string(z.size / std::max<std::uint64_t>(z.compressed, 1)) +
                 " times its compressed size of " + std::to_string(z.compressed) + " bytes (a zip bomb? expected at most " +
                 std::to_string(static_cast<long long>(limits_.maxRatio)) + " times)");
    }

    std::string path_;
    ReaderLimits limits_;
    std::string data_;  // the whole file, when read whole
    bool inMemory_ = false;
    std::uint64_t fileSize_ = 0;
    std::uint64_t cdOffset_ = 0;
    std::vector<ZipEntry> entries_;
    std::map<std::string, std::size_t> byName_;
    std::map<std::string, std::size_t> byLowerName_;
};

// The inflated bytes of one entry, read in blocks; checks the size and CRC at the end. zlib inflates raw deflate
// straight from the file's bytes in memory (or from blocks read from the disk for a big file).
class EntryStream : public ByteSource {
public:
    EntryStream(const ZipFile& zip, const ZipEntry& entry) : zip_(zip), entry_(entry) {
        if (entry.method != 0 && entry.method != 8)
            zip.fail("entry '" + entry.name + "' uses compression method " + std::to_string(entry.method) +
                     " (expected deflate or stored)");
        unsigned char h[30];
        bool haveHeader = false;
        if (const char* mem = zip.memory()) {
            if (entry.headerOffset + 30 <= zip.fileSize()) {
                std::memcpy(h, mem + entry.headerOffset, 30);
                haveHeader = true;
            }
        } else {
            file_.open(zip.path(), std::ios::binary);
            if (!file_) throw Error(ErrorKind::NoInput, zip.path(), "", std::string("cannot open: ") + std::strerror(errno));
            file_.seekg(static_cast<std::streamoff>(entry.headerOffset));
            file_.read(reinterpret_cast<char*>(h), 30);
            haveHeader = static_cast<bool>(file_);
        }
        if (!haveHeader || le32(h) != 0x04034b50u)
            zip.fail("entry '" + entry.name + "': its local header is missing (the file is truncated or damaged)");
        const std::uint64_t start = entry.headerOffset + 30 + le16(h + 26) + le16(h + 28);
        if (start + entry.compressed > zip.dataEnd())
            zip.fail("entry '" + entry.name + "' runs past the end of the data (the file is truncated or damaged)");
        inputLeft_ = entry.compressed;
        if (const char* mem = zip.memory()) {
            input_ = reinterpret_cast<const unsigned char*>(mem + start);
        } else {
            file_.seekg(static_cast<std::streamoff>(start));
            block_ = std::make_unique<unsigned char[]>(kBlock);
        }
        if (entry.method == 8) {
            if (inflateInit2(&z_, -15) != Z_OK) zip.fail("entry '" + entry.name + "': zlib cannot start inflating");
            inflating_ = true;
        }
    }
    ~EntryStream() override {
        if (inflating_) inflateEnd(&z_);
    }
    EntryStream(const EntryStream&) = delete;
    EntryStream& operator=(const EntryStream&) = delete;

    std::size_t read(char* buf, std::size_t n) override {
        if (done_) return 0;
        if (count_ == 0 && input_ && inflating_ && n > entry_.size && inflateWhole(buf, n)) return static_cast<std::size_t>(entry_.size);
        std::size_t got = 0;
        while (got < n && !ended_) {
            // Out of compressed bytes: a stored entry is at its end; zlib may still hold output to hand over.
            if (availIn_ == 0 && !nextInput() && !inflating_) break;
            if (!inflating_) {  // stored
                const std::size_t k = std::min<std::size_t>(n - got, availIn_);
                std::memcpy(buf + got, nextIn_, k);
                nextIn_ += k;
                availIn_ -= k;
                got += k;
                continue;
            }
            z_.next_in = const_cast<unsigned char*>(nextIn_);
            z_.avail_in = static_cast<uInt>(std::min<std::size_t>(availIn_, 1u << 30));
            z_.next_out = reinterpret_cast<unsigned char*>(buf + got);
            z_.avail_out = static_cast<uInt>(std::min<std::size_t>(n - got, 1u << 30));
            const uInt inBefore = z_.avail_in, outBefore = z_.avail_out;
            const int rc = inflate(&z_, Z_NO_FLUSH);
            nextIn_ += inBefore - z_.avail_in;
            availIn_ -= inBefore - z_.avail_in;
            got += outBefore - z_.avail_out;
            if (rc == Z_STREAM_END) ended_ = true;
            else if (rc != Z_OK && rc != Z_BUF_ERROR)
                zip_.fail("entry '" + entry_.name + "' is damaged: " +
                          (z_.msg ? std::string(z_.msg) : "zlib error " + std::to_string(rc)));
            else if (inBefore == z_.avail_in && outBefore == z_.avail_out)
                break;  // no progress: the compressed bytes ran out (a truncated entry, reported below by its size)
        }
        if (got > 0) {
            count_ += got;
            if (count_ > entry_.size)
                zip_.fail("entry '" + entry_.name + "' inflates past its declared size of " + std::to_string(entry_.size) +
                          " bytes (a zip bomb or a damaged file)");
            crc_ = crc32_z(crc_, reinterpret_cast<const unsigned char*>(buf), got);
        }
        if (got < n) {
            done_ = true;
            if (count_ != entry_.size)
                zip_.fail("entry '" + entry_.name + "' is truncated: it inflates to " + std::to_string(count_) +
                          " bytes, expected " + std::to_string(entry_.size));
            if (crc_ != entry_.crc) zip_.fail("entry '" + entry_.name + "' is damaged (its CRC-32 does not match)");
        }
        return got;
    }

    std::uint64_t declaredSize() const { return entry_.size; }

    // The whole entry (small parts only). Grows as bytes arrive rather than trusting the declared size.
    std::string readAll() {
        std::string s;
        s.resize(static_cast<std::size_t>(std::min<std::uint64_t>(entry_.size, 1u << 20)) + 1);
        std::size_t have = 0;
        for (;;) {
            if (have == s.size()) s.resize(s.size() * 2);
            const std::size_t got = read(s.data() + have, s.size() - have);
            have += got;
            if (done_) break;
        }
        s.resize(have);
        return s;
    }

private:
    static constexpr std::size_t kBlock = 1 << 16;

    // A part in memory read into a buffer that holds it whole (a form's parts): libdeflate inflates it in one call,
    // about twice as fast as zlib, which took a sixth of an import of 1,000 forms (issue 18). False when the bytes are
    // not exactly the declared size and CRC: zlib then reads the entry from the start and says what is wrong, as before.
    bool inflateWhole(char* buf, std::size_t n) {
        static thread_local std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> d(
            libdeflate_alloc_decompressor(), libdeflate_free_decompressor);
        std::size_t actual = 0;
        if (!d || libdeflate_deflate_decompress(d.get(), input_, static_cast<std::size_t>(inputLeft_), buf, n, &actual) !=
                      LIBDEFLATE_SUCCESS ||
            actual != entry_.size || libdeflate_crc32(0, buf, actual) != entry_.crc)
            return false;
        count_ = actual;
        ended_ = done_ = true;
        return true;
    }

    // Makes the next compressed bytes available: all of them at once from memory, else the next block from the disk.
    bool nextInput() {
        if (inputLeft_ == 0) return false;
        if (input_) {
            nextIn_ = input_;
            availIn_ = static_cast<std::size_t>(inputLeft_);
            inputLeft_ = 0;
            return true;
        }
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(inputLeft_, kBlock));
        file_.read(reinterpret_cast<char*>(block_.get()), static_cast<std::streamsize>(want));
        if (static_cast<std::size_t>(file_.gcount()) != want)
            zip_.fail("entry '" + entry_.name + "' cannot be read (the file is damaged)");
        inputLeft_ -= want;
        nextIn_ = block_.get();
        availIn_ = want;
        return true;
    }

    const ZipFile& zip_;
    ZipEntry entry_;
    std::ifstream file_;                       // big files only
    std::unique_ptr<unsigned char[]> block_;   // big files only: compressed bytes read from the disk
    const unsigned char* input_ = nullptr;     // the compressed bytes, when the file is in memory
    std::uint64_t inputLeft_ = 0;              // compressed bytes not yet made available
    const unsigned char* nextIn_ = nullptr;
    std::size_t availIn_ = 0;
    z_stream z_{};
    bool inflating_ = false;
    bool ended_ = false;
    uLong crc_ = 0;
    std::uint64_t count_ = 0;
    bool done_ = false;
};
// ============================================================================================
// XML pull tokenizer
// ============================================================================================

std::string_view localName(std::string_view qname) {
    auto colon = qname.rfind(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// Appends the XML-decoded form of raw to out (the five entities and character references).
bool appendDecoded(std::string_view raw, std::string& out) {
    std::size_t i = 0;
    while (i < raw.size()) {
        std::size_t amp = raw.find('&', i);
        if (amp == std::string_view::npos) {
            out.append(raw.substr(i));
            break;
        }
        out.append(raw.substr(i, amp - i));
        std::size_t semi = raw.find(';', amp);
        if (semi == std::string_view::npos || semi - amp > 12) return false;
        std::string_view ent = raw.substr(amp + 1, semi - amp - 1);
        if (ent == "lt") out += '<';
        else if (ent == "gt") out += '>';
        else if (ent == "amp") out += '&';
        else if (ent == "quot") out += '"';
        else if (ent == "apos") out += '\'';
        else if (ent.size() > 1 && ent[0] == '#') {
            unsigned long cp = 0;
            std::from_chars_result r{};
            if (ent[1] == 'x' || ent[1] == 'X')
                r = std::from_chars(ent.data() + 2, ent.data() + ent.size(), cp, 16);
            else
                r = std::from_chars(ent.data() + 1, ent.data() + ent.size(), cp, 10);
            if (r.ec != std::errc() || r.ptr != ent.data() + ent.size() || cp > 0x10FFFF) return false;
            if (cp < 0x80) out += static_cast<char>(cp);
            else if (cp < 0x800) {
                out += static_cast<char>(0xC0 | (cp >> 6));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out += static_cast<char>(0xE0 | (cp >> 12));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                out += static_cast<char>(0xF0 | (cp >> 18));
                out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            }
        } else
            return false;
        i = semi + 1;
    }
    return true;
}

// OOXML escapes characters XML cannot hold as _xHHHH_ (e.g. _x000D_ for CR); _x005F_ escapes '_'.
void decodeOoxmlEscapes(std::string& s) {
    if (s.find("_x") == std::string::npos) return;
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && hex(s[i + 2]) && hex(s[i + 3]) && hex(s[i + 4]) &&
            hex(s[i + 5]) && s[i + 6] == '_') {
            unsigned cp = 0;
            std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16);
            std::string enc;
            if (cp < 0x80) enc += static_cast<char>(cp);
            else if (cp < 0x800) {
                enc += static_cast<char>(0xC0 | (cp >> 6));
                enc += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                enc += static_cast<char>(0xE0 | (cp >> 12));
                enc += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                enc += static_cast<char>(0x80 | (cp & 0x3F));
            }
            out += enc;
            i += 7;
        } else {
            out += s[i++];
        }
    }
    s.swap(out);
}

class XmlPull {
public:
    enum class Event { Start, End, Text, Eof };

    // size: the part's declared inflated size. A part of up to `whole` bytes is inflated into the buffer in one go
    // (a form's parts: no block-by-block moves); a bigger one streams through a sliding buffer of kChunk blocks.
    XmlPull(ByteSource& src, std::string file, std::string part, std::uint64_t size, std::uint64_t whole)
        : src_(src), file_(std::move(file)), part_(std::move(part)) {
        if (size <= whole && size < kMaxToken) {
            cap_ = static_cast<std::size_t>(size) + 1;  // + 1: the read that finds the end
            minFree_ = 1;
        } else {
            cap_ = kChunk * 2;
            minFree_ = kChunk;
        }
        buf_.reset(new char[cap_]);  // not zeroed: only the bytes read are looked at
    }

    Event next() {
        if (pendingEnd_) {
            pendingEnd_ = false;
            return Event::End;
        }
        for (;;) {
            if (pos_ >= end_ && !fill()) return Event::Eof;
            const char* b = buf_.get();
            if (b[pos_] != '<') {
                const void* lt = std::memchr(b + pos_, '<', end_ - pos_);
                if (!lt) {
                    if (fill()) continue;
                    // trailing text at the end of the document (whitespace)
                    text_ = std::string_view(buf_.get() + pos_, end_ - pos_);
                    cdata_ = false;
                    pos_ = end_;
                    return Event::Text;
                }
                std::size_t at = static_cast<std::size_t>(static_cast<const char*>(lt) - b);
                text_ = std::string_view(b + pos_, at - pos_);
                cdata_ = false;
                pos_ = at;
                return Event::Text;
            }
            int r = parseMarkup();
            if (r == 1) return last_;
            if (r == 0) continue;  // skipped a comment or processing instruction
            if (!fill()) fail("the XML ends inside a tag (the part is truncated)");
        }
    }

    std::string_view name() const { return name_; }  // local name of Start/End
    bool selfClosing() const { return selfClosing_; }
    // Raw (undecoded) attribute value by local name; empty view and false if absent.
    bool attr(std::string_view local, std::string_view& value) const {
        for (std::size_t i = 0; i < nattrs_; ++i)
            if (attrs_[i].first == local) {
                value = attrs_[i].second;
                return true;
            }
        return false;
    }
    std::string attrDecoded(std::string_view local) const {
        std::string_view raw;
        std::string out;
        if (attr(local, raw) && !appendDecoded(raw, out)) fail("bad entity in an attribute");
        return out;
    }
    // Appends the text of the current Text event, decoded.
    void appendText(std::string& out) const {
        if (cdata_) out.append(text_);
        else if (!appendDecoded(text_, out)) fail("bad entity reference in text");
    }
    std::string_view rawText() const { return text_; }

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorKind::Data, file_, "part " + part_, "malformed XML: " + what + " (expected well-formed XML)");
    }

private:
    static constexpr std::size_t kChunk = 1 << 16;
    static constexpr std::size_t kMaxToken = 64u << 20;
    static constexpr std::size_t kMaxAttrs = 32;

    // Moves the unread bytes to the front and reads more. False at the end of the input.
    bool fill() {
        if (eof_) return false;
        if (pos_ > 0) {
            std::memmove(buf_.get(), buf_.get() + pos_, end_ - pos_);
            end_ -= pos_;
            pos_ = 0;
        }
        if (cap_ - end_ < minFree_) {
            if (cap_ >= kMaxToken) fail("a single tag or text is longer than 64 MiB");
            const std::size_t cap = std::max(cap_ * 2, kChunk * 2);
            std::unique_ptr<char[]> grown(new char[cap]);
            std::memcpy(grown.get(), buf_.get(), end_);
            buf_ = std::move(grown);
            cap_ = cap;
            minFree_ = kChunk;
        }
        std::size_t got = src_.read(buf_.get() + end_, cap_ - end_);
        if (got == 0) {
            eof_ = true;
            return false;
        }
        end_ += got;
        return true;
    }

    // At '<': 1 = an event is ready, 0 = skipped something, -1 = need more bytes.
    int parseMarkup() {
        const char* b = buf_.get();
        const std::size_t n = end_;
        std::size_t i = pos_ + 1;
        if (i >= n) return -1;
        if (b[i] == '?' || b[i] == '!') {
            std::string_view rest(b + i, n - i);
            if (b[i] == '!' && rest.size() < 8 && !(rest.size() >= 3 && rest.substr(0, 3) == "!--")) return -1;
            if (b[i] == '?') {
                auto e = rest.find("?>");
                if (e == std::string_view::npos) return -1;
                pos_ = i + e + 2;
                return 0;
            }
            if (rest.substr(0, 3) == "!--") {
                auto e = rest.find("-->", 3);
                if (e == std::string_view::npos) return -1;
                pos_ = i + e + 3;
                return 0;
            }
            if (rest.substr(0, 8) == "![CDATA[") {
                auto e = rest.find("]]>", 8);
                if (e == std::string_view::npos) return -1;
                text_ = rest.substr(8, e - 8);
                cdata_ = true;
                pos_ = i + e + 3;
                last_ = Event::Text;
                return 1;
            }
            fail("a document type declaration or unknown markup '<" + std::string(rest.substr(0, 9)) +
                 "' (DTDs are not allowed in a workbook)");
        }
        const bool closing = b[i] == '/';
        if (closing) ++i;
        std::size_t nameStart = i;
        while (i < n && !isSpace(b[i]) && b[i] != '>' && b[i] != '/') ++i;
        if (i >= n) return -1;
        if (i == nameStart) fail("a tag without a name");
        name_ = localName(std::string_view(b + nameStart, i - nameStart));
        nattrs_ = 0;
        selfClosing_ = false;
        for (;;) {
            while (i < n && isSpace(b[i])) ++i;
            if (i >= n) return -1;
            if (b[i] == '>') {
                ++i;
                break;
            }
            if (b[i] == '/') {
                if (i + 1 >= n) return -1;
                if (b[i + 1] != '>') fail("'/' inside a tag");
                selfClosing_ = true;
                i += 2;
                break;
            }
            if (closing) fail("attributes in an end tag");
            std::size_t an = i;
            while (i < n && b[i] != '=' && !isSpace(b[i]) && b[i] != '>') ++i;
            std::size_t anEnd = i;
            while (i < n && isSpace(b[i])) ++i;
            if (i >= n) return -1;
            if (b[i] != '=') fail("an attribute without a value");
            ++i;
            while (i < n && isSpace(b[i])) ++i;
            if (i >= n) return -1;
            const char q = b[i];
            if (q != '"' && q != '\'') fail("an unquoted attribute value");
            const void* close = std::memchr(b + i + 1, q, n - i - 1);
            if (!close) return -1;
            std::size_t vEnd = static_cast<std::size_t>(static_cast<const char*>(close) - b);
            if (nattrs_ < kMaxAttrs)
                attrs_[nattrs_++] = {localName(std::string_view(b + an, anEnd - an)),
                                     std::string_view(b + i + 1, vEnd - i - 1)};
            i = vEnd + 1;
        }
        pos_ = i;
        if (closing) {
            last_ = Event::End;
        } else {
            last_ = Event::Start;
            pendingEnd_ = selfClosing_;
        }
        return 1;
    }

    static bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

    ByteSource& src_;
    std::string file_, part_;
    std::unique_ptr<char[]> buf_;
    std::size_t cap_ = 0, minFree_ = 0;
    std::size_t pos_ = 0, end_ = 0;
    bool eof_ = false;
    bool pendingEnd_ = false;
    bool selfClosing_ = false;
    bool cdata_ = false;
    Event last_ = Event::Eof;
    std::string_view name_;
    std::string_view text_;
    std::array<std::pair<std::string_view, std::string_view>, kMaxAttrs> attrs_{};
    std::size_t nattrs_ = 0;
};

// ============================================================================================
// small parts with pugixml
// ============================================================================================

// pugixml child/attribute lookups by local name (producers may prefix the main namespace).
pugi::xml_node childByLocal(pugi::xml_node parent, std::string_view local) {
    for (pugi::xml_node c : parent.children())
        if (c.type() == pugi::node_element && localName(c.name()) == local) return c;
    return {};
}
std::string attrByLocal(pugi::xml_node node, std::string_view local) {
    for (pugi::xml_attribute a : node.attributes())
        if (localName(a.name()) == local) return a.value();
    return {};
}
bool xmlTrue(const std::string& v) { return v == "1" || v == "true"; }

// Joins a relationship target to the folder of the part that owns it: "worksheets/sheet1.xml" from
// "xl/workbook.xml" is "xl/worksheets/sheet1.xml"; "/xl/worksheets/sheet1.xml" is absolute.
std::optional<std::string> resolveTarget(const std::string& ownerPart, std::string target) {
    std::vector<std::string> parts;
    std::string path;
    if (!target.empty() && target[0] == '/') {
        path = target.substr(1);
    } else {
        auto slash = ownerPart.rfind('/');
        path = (slash == std::string::npos ? std::string() : ownerPart.substr(0, slash + 1)) + target;
    }
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        std::string seg = path.substr(start, slash - start);
        if (seg == "..") {
            if (parts.empty()) return std::nullopt;
            parts.pop_back();
        } else if (!seg.empty() && seg != ".") {
            parts.push_back(seg);
        }
        start = slash + 1;
    }
    std::string out;
    for (const auto& s : parts) out += (out.empty() ? "" : "/") + s;
    return out;
}

struct Relationship {
    std::string id, type, target;  // target resolved to a part name; empty for external targets
};

bool endsWith(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isDateFormatCode(const std::string& code) {
    // Look for date/time tokens outside quoted text, escapes and [colour]/[locale] brackets.
    bool inQuote = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (inQuote) {
            if (c == '"') inQuote = false;
            continue;
        }
        if (c == '"') inQuote = true;
        else if (c == '\\' || c == '_' || c == '*') ++i;  // escaped char, padding, fill
        else if (c == '[') {
            auto close = code.find(']', i);
            if (close == std::string::npos) return false;
            std::string inner = text::lower(code.substr(i + 1, close - i - 1));
            if (inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss") return true;
            i = close;
        } else if (c == ';')
            break;  // only the first (positive) section decides
        else {
            char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            if (l == 'd' || l == 'm' || l == 'y' || l == 'h' || l == 's') return true;
        }
    }
    return false;
}

bool isBuiltinDateFormat(unsigned id) { return (id >= 14 && id <= 22) || (id >= 45 && id <= 47); }

}  // namespace

// ============================================================================================
// Reader
// ============================================================================================

struct Reader::Impl {
    std::string path;
    std::unique_ptr<ZipFile> zip;
    std::vector<SheetInfo> sheets;
    std::vector<DefinedName> names;
    bool date1904 = false;
    std::string workbookPart;
    std::string sharedStringsPart;  // empty if none
    std::string stylesPart;         // empty if none
    bool sstLoaded = false;
    std::vector<std::string> sst;
    bool stylesLoaded = false;
    std::vector<char> dateStyle;  // by cell style index (s=)

    [[noreturn]] void fail(const std::string& place, const std::string& message) const {
        throw Error(ErrorKind::Data, path, place, message);
    }

    const ZipEntry& entry(const std::string& part, const std::string& why) const {
        const ZipEntry* e = zip->find(part);
        if (!e) fail("", "part '" + part + "' is missing (" + why + ")");
        return *e;
    }

    std::string readPart(const std::string& part, const std::string& why) const {
        EntryStream s(*zip, entry(part, why));
        return s.readAll();
    }

    pugi::xml_document parsePart(const std::string& part, const std::string& why) const {
        std::string text = readPart(part, why);
        pugi::xml_document doc;
        pugi::xml_parse_result r =
            doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
        if (!r)
            fail("part " + part, std::string("malformed XML: ") + r.description() + " at byte " + std::to_string(r.offset) +
                                     " (expected well-formed XML)");
        if (const auto at = detail::doctypeOffset(doc); at >= 0)
            fail("part " + part, "line " + std::to_string(1 + std::count(text.begin(), text.begin() + at, '\n')) + ": " +
                                     detail::kDoctypeRefused);
        return doc;
    }

    std::vector<Relationship> relationships(const std::string& ownerPart) const {
        auto slash = ownerPart.rfind('/');
        std::string dir = slash == std::string::npos ? std::string() : ownerPart.substr(0, slash + 1);
        std::string file = slash == std::string::npos ? ownerPart : ownerPart.substr(slash + 1);
        std::string relsPart = dir + "_rels/" + file + ".rels";
        std::vector<Relationship> out;
        if (!zip->find(relsPart)) return out;
        pugi::xml_document doc = parsePart(relsPart, "");
        pugi::xml_node root = childByLocal(doc, "Relationships");
        for (pugi::xml_node r : root.children()) {
            if (localName(r.name()) != "Relationship") continue;
            Relationship rel;
            rel.id = attrByLocal(r, "Id");
            rel.type = attrByLocal(r, "Type");
            if (attrByLocal(r, "TargetMode") != "External") {
                auto t = resolveTarget(ownerPart, attrByLocal(r, "Target"));
                if (!t)
                    fail("part " + relsPart, "relationship '" + rel.id + "' points outside the package ('" +
                                                 attrByLocal(r, "Target") + "'; expected a part inside it)");
                rel.target = *t;
            }
            out.push_back(std::move(rel));
        }
        return out;
    }

    void open() {
        if (!zip->find("[Content_Types].xml"))
            fail("", "is not an .xlsx workbook: [Content_Types].xml is missing (expected an Office Open XML package)");
        workbookPart = "xl/workbook.xml";
        for (const auto& rel : relationships(""))
            if (endsWith(rel.type, "/officeDocument") && !rel.target.empty()) workbookPart = rel.target;
        if (!zip->find(workbookPart))
            fail("", "is not an .xlsx workbook: its workbook part '" + workbookPart +
                         "' is missing (expected the spreadsheet's xl/workbook.xml)");
        const auto rels = relationships(workbookPart);
        std::map<std::string, const Relationship*> byId;
        for (const auto& rel : rels) {
            byId[rel.id] = &rel;
            if (endsWith(rel.type, "/sharedStrings")) sharedStringsPart = rel.target;
            if (endsWith(rel.type, "/styles")) stylesPart = rel.target;
        }
        if (sharedStringsPart.empty() && zip->find("xl/sharedStrings.xml")) sharedStringsPart = "xl/sharedStrings.xml";
        if (stylesPart.empty() && zip->find("xl/styles.xml")) stylesPart = "xl/styles.xml";

        pugi::xml_document doc = parsePart(workbookPart, "the workbook");
        pugi::xml_node wb = childByLocal(doc, "workbook");
        if (!wb) fail("part " + workbookPart, "no <workbook> element (expected a SpreadsheetML workbook)");
        date1904 = xmlTrue(attrByLocal(childByLocal(wb, "workbookPr"), "date1904"));
        for (pugi::xml_node s : childByLocal(wb, "sheets").children()) {
            if (localName(s.name()) != "sheet") continue;
            SheetInfo info;
            info.name = attrByLocal(s, "name");
            std::string state = attrByLocal(s, "state");
            info.state = state == "hidden" ? SheetState::Hidden : state == "veryHidden" ? SheetState::VeryHidden : SheetState::Visible;
            std::string rid = attrByLocal(s, "id");
            auto it = byId.find(rid);
            const std::string place = "sheet '" + info.name + "'";
            if (it == byId.end())
                fail(place, "its relationship '" + rid + "' is missing from the workbook's relationships (expected one in " +
                                workbookPart + ".rels)");
            info.part = it->second->target;
            info.worksheet = endsWith(it->second->type, "/worksheet");
            if (info.part.empty() || !zip->find(info.part))
                fail(place, "its part '" + info.part + "' is missing (expected the sheet's XML in the package)");
            sheets.push_back(std::move(info));
        }
        if (sheets.empty()) fail("part " + workbookPart, "the workbook lists no sheets (expected at least one)");
        for (pugi::xml_node n : childByLocal(wb, "definedNames").children()) {
            if (localName(n.name()) != "definedName") continue;
            DefinedName d;
            d.name = attrByLocal(n, "name");
            d.formula = n.text().get();
            d.hidden = xmlTrue(attrByLocal(n, "hidden"));
            std::string local = attrByLocal(n, "localSheetId");
            if (!local.empty()) d.localSheet = static_cast<std::size_t>(std::strtoul(local.c_str(), nullptr, 10));
            names.push_back(std::move(d));
        }
    }

    void loadSharedStrings() {
        if (sstLoaded) return;
        sstLoaded = true;
        if (sharedStringsPart.empty()) return;
        EntryStream s(*zip, entry(sharedStringsPart, "the shared strings"));
        XmlPull x(s, path, sharedStringsPart, s.declaredSize(), zip->limits().wholePartBytes);
        std::string cur;
        bool inSi = false, inT = false;
        int skipDepth = 0;  // inside <rPh> (phonetic runs): not part of the value
        for (;;) {
            auto ev = x.next();
            if (ev == XmlPull::Event::Eof) break;
            if (ev == XmlPull::Event::Start) {
                auto n = x.name();
                if (n == "sst") {
                    std::string_view count;
                    if (x.attr("uniqueCount", count)) {
                        std::size_t c = 0;
                        std::from_chars(count.data(), count.data() + count.size(), c);
                        sst.reserve(std::min<std::size_t>(c, 1u << 20));
                    }
                } else if (n == "si") {
                    inSi = true;
                    cur.clear();
                } else if (n == "rPh") {
                    ++skipDepth;
                } else if (n == "t" && inSi && skipDepth == 0) {
                    inT = true;
                }
            } else if (ev == XmlPull::Event::End) {
                auto n = x.name();
                if (n == "si") {
                    decodeOoxmlEscapes(cur);
                    sst.push_back(std::move(cur));
                    cur.clear();
                    inSi = false;
                } else if (n == "rPh") {
                    --skipDepth;
                } else if (n == "t") {
                    inT = false;
                }
            } else if (ev == XmlPull::Event::Text && inT) {
                x.appendText(cur);
            }
        }
    }

    void loadStyles() {
        if (stylesLoaded) return;
        stylesLoaded = true;
        if (stylesPart.empty()) return;
        pugi::xml_document doc = parsePart(stylesPart, "the styles");
        pugi::xml_node ss = childByLocal(doc, "styleSheet");
        std::map<unsigned, bool> custom;
        for (pugi::xml_node f : childByLocal(ss, "numFmts").children()) {
            if (localName(f.name()) != "numFmt") continue;
            unsigned id = static_cast<unsigned>(std::strtoul(attrByLocal(f, "numFmtId").c_str(), nullptr, 10));
            custom[id] = isDateFormatCode(attrByLocal(f, "formatCode"));
        }
        for (pugi::xml_node xf : childByLocal(ss, "cellXfs").children()) {
            if (localName(xf.name()) != "xf") continue;
            unsigned id = static_cast<unsigned>(std::strtoul(attrByLocal(xf, "numFmtId").c_str(), nullptr, 10));
            auto it = custom.find(id);
            dateStyle.push_back(it != custom.end() ? it->second : isBuiltinDateFormat(id));
        }
    }

    const SheetInfo& sheetInfo(const std::string& name) const {
        const SheetInfo* s = findSheet(name);
        if (!s) {
            std::string list;
            for (const auto& i : sheets) list += (list.empty() ? "'" : ", '") + i.name + "'";
            fail("", "no sheet named '" + name + "' (the workbook has " + list + ")");
        }
        if (!s->worksheet) fail("sheet '" + name + "'", "is a chart sheet, not a worksheet (expected cells)");
        return *s;
    }

    const SheetInfo* findSheet(const std::string& name) const {
        for (const auto& s : sheets)
            if (s.name == name) return &s;
        const std::string l = text::lower(name);
        for (const auto& s : sheets)
            if (text::lower(s.name) == l) return &s;
        return nullptr;
    }
};

// ---- row stream ------------------------------------------------------------------------------

struct RowStream::State {
    Reader::Impl& wb;
    std::string sheet;
    EntryStream entry;
    XmlPull xml;
    std::vector<Cell> cells;
    std::size_t row = 0;
    long long lastRow = -1;
    bool finished = false;
    std::string scratch;

    State(Reader::Impl& w, const SheetInfo& info)
        : wb(w), sheet(info.name), entry(*w.zip, w.entry(info.part, "sheet '" + info.name + "'")),
          xml(entry, w.path, info.part, entry.declaredSize(), w.zip->limits().wholePartBytes) {}

    [[noreturn]] void failAt(std::size_t r, std::size_t c, const std::string& message) const {
        throw Error(ErrorKind::Data, wb.path, "sheet '" + sheet + "', cell " + cellName(r, c), message);
    }

    bool next() {
        if (finished) return false;
        for (;;) {
            auto ev = xml.next();
            if (ev == XmlPull::Event::Eof) {
                finished = true;
                return false;
            }
            if (ev == XmlPull::Event::End && xml.name() == "sheetData") {
                finished = true;  // nothing after it holds cells
                return false;
            }
            if (ev != XmlPull::Event::Start || xml.name() != "row") continue;
            std::string_view r;
            std::size_t idx;
            if (xml.attr("r", r)) {
                std::size_t v = 0;
                auto res = std::from_chars(r.data(), r.data() + r.size(), v);
                if (res.ec != std::errc() || res.ptr != r.data() + r.size() || v == 0 || v > kMaxRows)
                    throw Error(ErrorKind::Data, wb.path, "sheet '" + sheet + "'",
                                "row number '" + std::string(r) + "' is not valid (expected 1 to 1048576)");
                idx = v - 1;
            } else {
                idx = static_cast<std::size_t>(lastRow + 1);
            }
            lastRow = static_cast<long long>(idx);
            row = idx;
            cells.clear();
            if (xml.selfClosing()) {
                xml.next();  // its End
                continue;
            }
            readRowCells();
            // trailing empties are dropped; a row with no value is not reported
            while (!cells.empty() && cells.back().empty()) cells.pop_back();
            if (!cells.empty()) return true;
        }
    }

    void readRowCells() {
        std::size_t nextCol = 0;
        for (;;) {
            auto ev = xml.next();
            if (ev == XmlPull::Event::Eof) xml.fail("the sheet ends inside a row");
            if (ev == XmlPull::Event::End && xml.name() == "row") return;
            if (ev != XmlPull::Event::Start || xml.name() != "c") continue;
            std::string_view ref, t, s;
            std::size_t col = nextCol;
            if (xml.attr("r", ref)) {
                std::size_t rr, cc;
                if (!parseRef(ref, rr, cc))
                    throw Error(ErrorKind::Data, wb.path, "sheet '" + sheet + "', row " + std::to_string(row + 1),
                                "cell reference '" + std::string(ref) + "' is not valid (expected a name like D14)");
                col = cc;
            }
            if (col >= kMaxCols) failAt(row, col, "column beyond XFD (expected at most 16384 columns)");
            char type = 'n';
            if (xml.attr("t", t)) {
                if (t == "s") type = 's';
                else if (t == "str") type = 'f';
                else if (t == "inlineStr") type = 'i';
                else if (t == "b") type = 'b';
                else if (t == "e") type = 'e';
                else if (t == "d") type = 'd';
                else if (t == "n") type = 'n';
                else failAt(row, col, "unknown cell type '" + std::string(t) + "' (expected s, str, inlineStr, b, e, d or n)");
            }
            std::size_t style = 0;
            bool hasStyle = false;
            if (xml.attr("s", s)) {
                hasStyle = std::from_chars(s.data(), s.data() + s.size(), style).ec == std::errc();
            }
            nextCol = col + 1;
            if (cells.size() <= col) cells.resize(col + 1);
            Cell& cell = cells[col];
            if (xml.selfClosing()) {
                xml.next();
                continue;
            }
            // children: <v>, <f>, <is>
            bool haveV = false;
            scratch.clear();
            std::string inlineText;
            bool inV = false, inIsT = false, haveIs = false;
            int rph = 0;
            for (;;) {
                auto e = xml.next();
                if (e == XmlPull::Event::Eof) xml.fail("the sheet ends inside a cell");
                if (e == XmlPull::Event::Start) {
                    auto n = xml.name();
                    if (n == "v") {
                        inV = true;
                        haveV = true;
                    } else if (n == "is") {
                        haveIs = true;
                    } else if (n == "rPh") {
                        ++rph;
                    } else if (n == "t" && haveIs && rph == 0) {
                        inIsT = true;
                    }
                } else if (e == XmlPull::Event::End) {
                    auto n = xml.name();
                    if (n == "c") break;
                    if (n == "v") inV = false;
                    else if (n == "t") inIsT = false;
                    else if (n == "rPh") --rph;
                } else if (e == XmlPull::Event::Text) {
                    if (inV) xml.appendText(scratch);
                    else if (inIsT) xml.appendText(inlineText);
                }
            }
            switch (type) {
                case 'n':
                    // An empty <v></v> is what openpyxl writes for a formula it has no cached value for: no value.
                    if (!haveV || scratch.empty()) break;
                    {
                        double v = 0;
                        auto res = std::from_chars(scratch.data(), scratch.data() + scratch.size(), v);
                        if (res.ec != std::errc() || res.ptr != scratch.data() + scratch.size())
                            failAt(row, col, "'" + scratch + "' is not a number (expected the value of a numeric cell)");
                        cell.type = Cell::Type::Number;
                        cell.number = v;
                        if (hasStyle) {
                            wb.loadStyles();
                            if (style < wb.dateStyle.size() && wb.dateStyle[style]) {
                                cell.isDate = true;
                                if (wb.date1904) cell.number += 1462;
                            }
                        }
                    }
                    break;
                case 's': {
                    if (!haveV) break;
                    std::size_t i = 0;
                    auto res = std::from_chars(scratch.data(), scratch.data() + scratch.size(), i);
                    wb.loadSharedStrings();
                    if (res.ec != std::errc() || res.ptr != scratch.data() + scratch.size() || i >= wb.sst.size())
                        failAt(row, col, "shared string '" + scratch + "' does not exist (the workbook has " +
                                             std::to_string(wb.sst.size()) + ")");
                    cell.type = Cell::Type::String;
                    cell.text = wb.sst[i];
                    break;
                }
                case 'f':
                    if (!haveV) break;
                    cell.type = Cell::Type::String;
                    decodeOoxmlEscapes(scratch);
                    cell.text = scratch;
                    break;
                case 'i':
                    cell.type = Cell::Type::String;
                    decodeOoxmlEscapes(inlineText);
                    cell.text = std::move(inlineText);
                    break;
                case 'b':
                    if (!haveV) break;
                    if (scratch != "0" && scratch != "1" && scratch != "true" && scratch != "false")
                        failAt(row, col, "'" + scratch + "' is not a boolean (expected 0 or 1)");
                    cell.type = Cell::Type::Boolean;
                    cell.number = (scratch == "1" || scratch == "true") ? 1 : 0;
                    break;
                case 'e':
                    cell.type = Cell::Type::Error;
                    cell.text = scratch;
                    break;
                case 'd': {
                    if (!haveV) break;
                    DateTime dt;
                    int n = std::sscanf(scratch.c_str(), "%d-%d-%dT%d:%d:%d", &dt.year, &dt.month, &dt.day, &dt.hour,
                                        &dt.minute, &dt.second);
                    if (n < 3) {
                        n = std::sscanf(scratch.c_str(), "%d:%d:%d", &dt.hour, &dt.minute, &dt.second);
                        if (n < 2) failAt(row, col, "'" + scratch + "' is not an ISO 8601 date (expected 2024-03-01)");
                        cell.type = Cell::Type::Number;
                        cell.number = (dt.hour * 3600.0 + dt.minute * 60.0 + dt.second) / 86400.0;
                    } else {
                        cell.type = Cell::Type::Number;
                        cell.number = dateTimeToSerial(dt);
                    }
                    cell.isDate = true;
                    break;
                }
            }
        }
    }
};

RowStream::RowStream(std::unique_ptr<State> state) : state_(std::move(state)) {}
RowStream::~RowStream() = default;
RowStream::RowStream(RowStream&&) noexcept = default;
RowStream& RowStream::operator=(RowStream&&) noexcept = default;
bool RowStream::next() { return state_->next(); }
std::size_t RowStream::index() const { return state_->row; }
const std::vector<Cell>& RowStream::cells() const { return state_->cells; }

// ---- sheet data ------------------------------------------------------------------------------

namespace {
const Cell kEmptyCell{};
const std::vector<Cell> kEmptyRow{};
}  // namespace

const Cell& SheetData::cell(std::size_t row, std::size_t col) const {
    if (row >= rows_.size() || col >= rows_[row].size()) return kEmptyCell;
    return rows_[row][col];
}

const Cell& SheetData::cell(const std::string& ref) const {
    std::size_t r, c;
    if (!parseRef(ref, r, c)) throw Error(ErrorKind::Usage, "'" + ref + "' is not a cell name (expected a name like D14)");
    return cell(r, c);
}

const std::vector<Cell>& SheetData::row(std::size_t row) const { return row < rows_.size() ? rows_[row] : kEmptyRow; }

// ---- reader ----------------------------------------------------------------------------------

Reader::Reader(const std::string& path, ReaderLimits limits) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->zip = std::make_unique<ZipFile>(path, limits);
    impl_->open();
}

Reader::Reader(const std::string& path, std::string contents, ReaderLimits limits) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->zip = std::make_unique<ZipFile>(path, std::move(contents), limits);
    impl_->open();
}

Reader::~Reader() = default;

const std::string& Reader::path() const { return impl_->path; }
const std::vector<SheetInfo>& Reader::sheets() const { return impl_->sheets; }
const std::vector<DefinedName>& Reader::definedNames() const { return impl_->names; }
bool Reader::date1904() const { return impl_->date1904; }
const SheetInfo* Reader::findSheet(const std::string& name) const { return impl_->findSheet(name); }

std::optional<NamedCell> Reader::namedCell(const std::string& name) const {
    const DefinedName* found = nullptr;
    for (const auto& d : impl_->names)
        if (d.name == name && !d.localSheet) found = &d;
    if (!found)
        for (const auto& d : impl_->names)
            if (text::lower(d.name) == text::lower(name)) {
                found = &d;
                break;
            }
    if (!found) return std::nullopt;
    std::string f = found->formula;
    if (!f.empty() && f[0] == '=') f.erase(0, 1);
    const auto bang = f.rfind('!');
    if (bang == std::string::npos) return std::nullopt;
    std::string sheet = f.substr(0, bang);
    if (sheet.size() >= 2 && sheet.front() == '\'' && sheet.back() == '\'') {
        sheet = sheet.substr(1, sheet.size() - 2);
        std::string unq;  // '' inside a quoted name is one '
        for (std::size_t i = 0; i < sheet.size(); ++i) {
            unq += sheet[i];
            if (sheet[i] == '\'' && i + 1 < sheet.size() && sheet[i + 1] == '\'') ++i;
        }
        sheet = unq;
    }
    std::string ref = f.substr(bang + 1);
    if (auto colon = ref.find(':'); colon != std::string::npos) ref.erase(colon);  // a range: its first cell
    NamedCell out;
    if (!parseRef(ref, out.cell.row, out.cell.col)) return std::nullopt;
    const SheetInfo* info = impl_->findSheet(sheet);
    if (!info) return std::nullopt;
    out.sheet = info->name;
    return out;
}

RowStream Reader::rows(const std::string& sheet) {
    const SheetInfo& info = impl_->sheetInfo(sheet);
    return RowStream(std::make_unique<RowStream::State>(*impl_, info));
}

void Reader::forEachRow(const std::string& sheet, const RowCallback& callback) {
    RowStream rs = rows(sheet);
    while (rs.next()) callback(rs.index(), rs.cells());
}

SheetData Reader::sheet(const std::string& name) {
    SheetData data;
    RowStream rs = rows(name);
    data.name_ = rs.state_->sheet;
    while (rs.next()) {
        const std::size_t r = rs.index();
        if (data.rows_.size() <= r) data.rows_.resize(r + 1);
        data.rows_[r] = std::move(rs.state_->cells);  // next() starts each row afresh
        data.columns_ = std::max(data.columns_, data.rows_[r].size());
    }
    return data;
}

}  // namespace audit::xlsx
