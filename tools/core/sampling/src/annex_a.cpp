#include "audit/sampling/annex_a.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <unordered_map>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/io/csv.h"
#include "audit/io/xlsx_reader.h"
#include "date_order.h"

namespace fs = std::filesystem;

namespace audit {

// ------------------------------------------------------------------------------------------ sources

std::optional<int> annexListNumber(std::string_view name) {
    std::string k = matchKey(fs::path(std::string(name)).stem().string());
    // "list" followed by the number, anywhere in the name ("annexalist6", "list6childreninneed").
    for (std::size_t at = k.find("list"); at != std::string::npos; at = k.find("list", at + 1)) {
        std::size_t i = at + 4, n = 0;
        int v = 0;
        while (i < k.size() && k[i] >= '0' && k[i] <= '9' && n < 3) v = v * 10 + (k[i++] - '0'), ++n;
        if (n == 0 || n > 2 || (i < k.size() && k[i] >= '0' && k[i] <= '9')) continue;
        if (v >= 1 && v <= 11) return v;
    }
    return std::nullopt;
}

std::string AnnexSource::name() const {
    const std::string f = fs::path(file).filename().string();
    return sheet.empty() ? f : "sheet '" + sheet + "' of " + f;
}

namespace {
bool isZipOrOle(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char m[4] = {};
    in.read(m, 4);
    return (m[0] == 'P' && m[1] == 'K') || (static_cast<unsigned char>(m[0]) == 0xD0 && static_cast<unsigned char>(m[1]) == 0xCF);
}
}  // namespace

std::vector<AnnexSource> findAnnexSources(const std::string& path) {
    std::vector<AnnexSource> out;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(path, ec)) {
            auto ext = e.path().extension().string();
            for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (e.is_regular_file() && (ext == ".csv" || ext == ".txt") && e.path().filename().string()[0] != '.')
                files.push_back(e.path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            if (auto n = annexListNumber(f.filename().string())) out.push_back({*n, f.string(), ""});
    } else if (isZipOrOle(path)) {
        xlsx::Reader reader(path);
        for (const auto& s : reader.sheets())
            if (s.worksheet)
                if (auto n = annexListNumber(s.name)) out.push_back({*n, path, s.name});
    }
    std::stable_sort(out.begin(), out.end(), [](const AnnexSource& a, const AnnexSource& b) { return a.list < b.list; });
    for (std::size_t i = 1; i < out.size(); ++i)
        if (out[i].list == out[i - 1].list)
            throw Error(ErrorKind::Data, path, "",
                        "two sources for list " + std::to_string(out[i].list) + ": " + out[i - 1].name() + " and " +
                            out[i].name() + "; keep one (or name the one to read with --sheet)");
    return out;
}

bool looksLikeAnnexA(const std::string& path) {
    for (const auto& s : findAnnexSources(path))
        if (s.list >= 6 && s.list <= 9) return true;
    return false;
}

std::string listCellPlace(const AnnexSource& source, std::size_t row, std::size_t column,
                          const std::vector<std::string>& header) {
    if (!source.sheet.empty()) return "sheet '" + source.sheet + "', cell " + xlsx::cellName(row - 1, column);
    return "line " + std::to_string(row) + ", column " + std::to_string(column + 1) + " ('" +
           (column < header.size() ? header[column] : std::string()) + "')";
}

namespace {
using RowFn = std::function<void(std::size_t row, const std::vector<std::string_view>& cells)>;
// readList, or only its header (onRow null).
void readListImpl(const AnnexSource& source, const std::function<bool(const std::vector<std::string>&)>& isHeader,
                  const std::string& lookedFor, const std::function<void(const ListHeader&)>& onHeader, const RowFn* onRowPtr) {
    ListHeader h;
    std::size_t seen = 0;
    std::vector<std::string> first;
    auto headerRow = [&](std::size_t row, std::vector<std::string> cells) -> bool {
        while (!cells.empty() && cells.back().empty()) cells.pop_back();
        if (cells.empty()) return false;
        if (h.firstRow == 0) h.firstRow = row, first = cells;
        ++seen;
        if (!isHeader(cells)) return false;
        if (row != h.firstRow)
            for (const auto& c : first)
                if (!c.empty()) {
                    h.title = c;
                    break;
                }
        h.header = std::move(cells);
        h.row = row;
        return true;
    };
    auto notFound = [&] {
        std::string firstCells;
        for (std::size_t i = 0; i < first.size() && i < 6; ++i) firstCells += (i ? ", '" : "'") + first[i] + "'";
        throw Error(ErrorKind::Data, source.file, source.sheet.empty() ? "" : "sheet '" + source.sheet + "'",
                    (source.list ? "no header row for list " + std::to_string(source.list) : std::string("no header row")) +
                        " in the first " + std::to_string(seen) +
                        " rows: expected " + lookedFor + (first.empty() ? "; the list is empty" : "; the first row holds " + firstCells));
    };
    std::vector<std::string> texts;
    std::vector<std::string_view> views;
    if (!source.sheet.empty()) {
        xlsx::Reader reader(source.file);
        auto rows = reader.rows(source.sheet);
        while (rows.next()) {
            std::vector<std::string> cells;
            for (const auto& c : rows.cells()) cells.emplace_back(text::trimBlanks(c.str()));
            if (headerRow(rows.index() + 1, std::move(cells))) break;
            if (seen >= 20) break;
        }
        if (h.row == 0) notFound();
        onHeader(h);
        if (!onRowPtr) return;
        const RowFn& onRow = *onRowPtr;
        const std::size_t width = h.header.size();
        texts.resize(width);
        views.resize(width);
        while (rows.next()) {
            const auto& cs = rows.cells();
            bool any = false;
            for (std::size_t k = 0; k < width; ++k) {
                texts[k] = k < cs.size() ? cs[k].str() : std::string();
                if (!any && !text::trimBlanks(texts[k]).empty()) any = true;
            }
            if (!any) continue;
            for (std::size_t k = 0; k < width; ++k) views[k] = text::trimBlanks(texts[k]);
            onRow(rows.index() + 1, views);
        }
        return;
    }
    // The header is looked for among records of any length (title rows are often a single cell); the rows
    // below it are then read as a CSV whose header is on that line, each checked against its width.
    csv::Options o;
    o.header = false;
    o.ragged = true;
    o.acceptWindows1252 = true;
    auto reader = csv::Reader::open(source.file, o);
    h.encoding = reader->encoding();
    while (reader->next()) {
        std::vector<std::string> cells;
        for (auto f : reader->fields()) cells.emplace_back(text::trimBlanks(f));
        if (headerRow(reader->line(), std::move(cells))) break;
        if (seen >= 20) break;
    }
    if (h.row == 0) notFound();
    onHeader(h);
    if (!onRowPtr) return;
    const RowFn& onRow = *onRowPtr;
    o.header = true;
    o.ragged = false;
    o.headerLine = h.row;
    reader = csv::Reader::open(source.file, o);
    while (reader->next()) {
        const auto& fs = reader->fields();
        views.assign(fs.size(), std::string_view());
        bool any = false;
        for (std::size_t k = 0; k < fs.size(); ++k) {
            views[k] = text::trimBlanks(fs[k]);
            if (!views[k].empty()) any = true;
        }
        if (any) onRow(reader->line(), views);
    }
}
}  // namespace

void readList(const AnnexSource& source, const std::function<bool(const std::vector<std::string>&)>& isHeader,
              const std::string& lookedFor, const std::function<void(const ListHeader&)>& onHeader,
              const std::function<void(std::size_t row, const std::vector<std::string_view>& cells)>& onRow) {
    readListImpl(source, isHeader, lookedFor, onHeader, &onRow);
}

std::optional<ListHeader> findListHeader(const AnnexSource& source,
                                         const std::function<bool(const std::vector<std::string>&)>& isHeader) {
    std::optional<ListHeader> found;
    try {
        readListImpl(source, isHeader, "", [&](const ListHeader& h) { found = h; }, nullptr);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Data) throw;
    }
    return found;
}

// ------------------------------------------------------------------------------------------ the frame

namespace {

constexpr std::int32_t kNone = INT32_MIN;

// The frame's own layout: the contract names, read by this map.
const ColumnMap& frameMap() {
    static const ColumnMap m = ColumnMap::parse(R"(<column-map id="annex-a-frame" name="Annex A frame">
  <field name="case_ref"><column>case_ref</column></field>
  <field name="child_ref"><column>child_ref</column></field>
  <field name="team"><column>team</column></field>
  <field name="worker"><column>worker</column></field>
  <field name="category"><column>category</column></field>
  <field name="open_date"><column>open_date</column></field>
  <field name="legal_status"><column>legal_status</column></field>
  <field name="flag_missing"><column>flag_missing</column></field>
  <field name="flag_uasc"><column>flag_uasc</column></field>
  <field name="flag_disability"><column>flag_disability</column></field>
</column-map>)",
                                                "annex-a frame");
    return m;
}

// The fields a list's frame reading looks at, and which lists' end dates close a record.
constexpr std::array<Field, 10> kListFields = {Field::CaseRef,     Field::Team,       Field::Worker,
                                               Field::OpenDate,    Field::ClosedDate, Field::Category,
                                               Field::LegalStatus, Field::FlagMissing, Field::FlagUasc,
                                               Field::FlagDisability};

bool needsDates(int list) { return list >= 6 && list <= 8; }

// Which columns of a header a list's fields are in (-1: none).
std::array<int, kFieldCount> listColumns(const ListColumns& lc, const std::vector<std::string>& header) {
    std::array<int, kFieldCount> c;
    c.fill(-1);
    for (Field f : kListFields) c[static_cast<std::size_t>(f)] = findColumn(header, lc.of(f));
    return c;
}

bool listHeaderFits(const ListColumns& lc, const std::vector<std::string>& header) {
    const auto c = listColumns(lc, header);
    if (c[static_cast<std::size_t>(Field::CaseRef)] < 0) return false;
    return !needsDates(lc.number) || c[static_cast<std::size_t>(Field::OpenDate)] >= 0;
}

std::string lookedFor(const ListColumns& lc) {
    std::string s = "a row naming the child's id (";
    for (std::size_t i = 0; i < lc.of(Field::CaseRef).size(); ++i) s += (i ? ", '" : "'") + lc.of(Field::CaseRef)[i] + "'";
    s += ")";
    if (needsDates(lc.number) && !lc.of(Field::OpenDate).empty()) s += " and its start date ('" + lc.of(Field::OpenDate).front() + "' …)";
    return s;
}

// One record of a list, as read.
struct Record {
    std::uint32_t child;  // index into the children
    std::uint8_t list;
    std::int32_t start = kNone, end = kNone;
    std::string team, worker, legal, status;
    std::int8_t category = -1;  // list 6: from its status; -2: a closed episode
    bool missing = false, uasc = false, disability = false;
    std::uint32_t row = 0;
    std::uint16_t source = 0;
};

struct Counts {
    std::size_t records = 0, open = 0, endedByAsOf = 0, startsAfter = 0, closedEpisodes = 0, noStart = 0;
};

class FrameBuilder {
public:
    FrameBuilder(const ColumnMap& map, const LoadOptions& options) : map_(map), options_(options) {}

    void read(const std::vector<AnnexSource>& sources) {
        sources_ = sources;
        for (std::size_t s = 0; s < sources_.size(); ++s) {
            const AnnexSource& src = sources_[s];
            const ListColumns* lc = map_.list(src.list);
            if (!lc || src.list < 6 || src.list > 9) continue;
            readOne(static_cast<std::uint16_t>(s), src, *lc);
        }
    }

    CaseList finish() {
        if (!problems_.empty()) {
            if (problemCount_ > problems_.size())
                problems_.push_back({"", "", "and " + std::to_string(problemCount_ - problems_.size()) + " more problems"});
            throw Error(ErrorKind::Data, std::move(problems_));
        }
        const Date asOf = *asOf_;
        // Each child's deciding record: rank 0 open in list 8, 1 open in list 7, 2 in list 9, 3 open in list 6.
        const std::size_t n = childIds_.size();
        std::vector<std::int64_t> best(n, -1);
        std::vector<int> bestRank(n, 99);
        std::vector<std::uint8_t> flags(n, 0);
        std::array<Counts, 10> counts{};
        for (std::size_t i = 0; i < records_.size(); ++i) {
            Record& r = records_[i];
            Counts& c = counts[r.list];
            ++c.records;
            bool open = true;
            if (r.list != 9) {
                if (r.start == kNone) ++c.noStart;
                else if (r.start > asOf.days()) open = false, ++c.startsAfter;
                if (open && r.end != kNone && r.end <= asOf.days()) open = false, ++c.endedByAsOf;
                if (open && r.category == -2) open = false, ++c.closedEpisodes;
            }
            if (!open) continue;
            ++c.open;
            const int rank = r.list == 8 ? 0 : r.list == 7 ? 1 : r.list == 9 ? 2 : 3;
            if (r.list == 8 && r.missing) flags[r.child] |= FlagMissing;
            if ((r.list == 8 || r.list == 9) && r.uasc) flags[r.child] |= FlagUasc;
            if (r.list == 6 && r.disability) flags[r.child] |= FlagDisability;
            const std::int64_t b = best[r.child];
            if (b < 0 || rank < bestRank[r.child] ||
                (rank == bestRank[r.child] && r.start != kNone && (records_[static_cast<std::size_t>(b)].start == kNone ||
                                                                     r.start > records_[static_cast<std::size_t>(b)].start))) {
                best[r.child] = static_cast<std::int64_t>(i);
                bestRank[r.child] = rank;
            }
        }
        // The frame's rows, children in order of first appearance.
        std::vector<std::string> header = {"case_ref", "child_ref", "team", "worker", "category", "open_date", "legal_status"};
        if (hasFlagColumn_[0]) header.push_back("flag_missing");
        if (hasFlagColumn_[1]) header.push_back("flag_uasc");
        if (hasFlagColumn_[2]) header.push_back("flag_disability");
        for (const char* h : {"list", "status", "source"}) header.emplace_back(h);
        std::vector<std::vector<std::string>> rows;
        rows.reserve(n);
        std::array<std::size_t, kCategoryCount> byCategory{};
        std::size_t unallocated = 0;
        for (std::size_t ch = 0; ch < n; ++ch) {
            if (best[ch] < 0) continue;
            const Record& r = records_[static_cast<std::size_t>(best[ch])];
            Category cat = Category::CIN;
            switch (bestRank[ch]) {
                case 0: cat = Category::CLA; break;
                case 1: cat = Category::CP; break;
                case 2: cat = Category::CareLeaver; break;
                default: cat = r.category >= 0 ? static_cast<Category>(r.category) : Category::CIN; break;
            }
            ++byCategory[static_cast<std::size_t>(cat)];
            std::vector<std::string> row = {childIds_[ch], childIds_[ch], r.team, r.worker, std::string(categoryName(cat)),
                                            r.start == kNone ? std::string() : Date::fromDays(r.start).iso(), r.legal};
            if (r.team == kUnallocated || r.worker == kUnallocated) ++unallocated;
            if (hasFlagColumn_[0]) row.emplace_back(flags[ch] & FlagMissing ? "Y" : "N");
            if (hasFlagColumn_[1]) row.emplace_back(flags[ch] & FlagUasc ? "Y" : "N");
            if (hasFlagColumn_[2]) row.emplace_back(flags[ch] & FlagDisability ? "Y" : "N");
            row.push_back(std::to_string(r.list));
            row.push_back(r.status);
            row.push_back("List " + std::to_string(r.list) + ", " +
                          (sources_[r.source].sheet.empty() ? "line " : "row ") + std::to_string(r.row));
            rows.push_back(std::move(row));
        }
        const std::string file = sources_.empty() ? std::string() : sources_.front().file;
        if (rows.empty())
            throw Error(ErrorKind::Data, file, "",
                        "no child has a record open at " + asOf.uk() + " in lists 6 to 9 (" + recordsText(counts) +
                            "); check --as-of and the end-date columns");
        CaseList list = CaseList::fromRows(header, rows, file, "", 1, frameMap());
        list.setMapId(map_.id());
        // What was read and how, for the Parameters sheet.
        std::string sourcesText;
        for (const auto& [s, h] : headers_)
            sourcesText += (sourcesText.empty() ? "" : "; ") + sources_[s].name() + " (header row " + std::to_string(h.row) +
                           (h.encoding.empty() ? "" : ", " + h.encoding) + ")";
        list.addNote("Annex A sources", sourcesText);
        list.addNote("Annex A as of", asOf.uk() + (asOfGiven_ ? "" : " (not given: the latest date in the lists)"));
        list.addNote("Annex A open rule",
                     "a record is open when its start date is on or before the as-of date and its end date (list 6 CIN "
                     "Closure Date, list 7 Child Protection Plan End Date, list 8 Date Ceased to be Looked After) is "
                     "blank or after it; a list 6 closed episode is closed; list 9 records are current");
        list.addNote("Annex A category rule",
                     "the first that holds: open in list 8 = CLA; open in list 7 = CP; in list 9 = Care leaver; open in "
                     "list 6 with case status a) = CLA, b) = CP, c) or blank = CIN, d) = Assessment; team, worker and "
                     "start date from the record that gave the category (the latest start of several)");
        list.addNote("Annex A records", recordsText(counts));
        std::string cats;
        for (Category c : allCategories())
            if (byCategory[static_cast<std::size_t>(c)])
                cats += (cats.empty() ? "" : ", ") + std::string(categoryName(c)) + " " + std::to_string(byCategory[static_cast<std::size_t>(c)]);
        list.addNote("Annex A frame", std::to_string(rows.size()) + " children (" + cats + ")");
        for (auto& w : warnings_) list.addWarning(std::move(w));
        if (unallocated)
            list.addWarning({file, "", std::to_string(unallocated) + " child" + (unallocated == 1 ? " has" : "ren have") +
                                           " no team or worker (blank or an error cell in the record that gave the "
                                           "category): " + std::string(kUnallocated) + ", a stratum value of its own, "
                                           "never one worker under --max-per-worker"});
        if (unknownFlags_)
            list.addNote("Annex A unknown yes/no", std::to_string(unknownFlags_) + " 'Unknown' answers in flag columns taken as not flagged");
        return list;
    }

private:
    static std::string recordsText(const std::array<Counts, 10>& counts) {
        std::string s;
        for (int l = 6; l <= 9; ++l) {
            const Counts& c = counts[static_cast<std::size_t>(l)];
            if (c.records == 0) continue;
            s += (s.empty() ? "" : "; ") + ("list " + std::to_string(l)) + ": " + std::to_string(c.records) + " records, " +
                 std::to_string(c.open) + " open";
            if (c.endedByAsOf) s += ", " + std::to_string(c.endedByAsOf) + " ended by the as-of date";
            if (c.startsAfter) s += ", " + std::to_string(c.startsAfter) + " starting after it";
            if (c.closedEpisodes) s += ", " + std::to_string(c.closedEpisodes) + " closed episodes";
            if (c.noStart) s += ", " + std::to_string(c.noStart) + " without a start date (taken as open)";
        }
        return s;
    }

    void problem(Problem p) {
        if (problems_.size() < 50) problems_.push_back(std::move(p));
        ++problemCount_;
    }

    void readOne(std::uint16_t s, const AnnexSource& src, const ListColumns& lc) {
        std::array<int, kFieldCount> col{};
        std::vector<std::string> header;
        const std::size_t first = records_.size();
        std::vector<std::string> startText, endText;  // raw date texts, per record of this list
        std::size_t unallocatedErrors = 0;
        std::string unallocatedPlaces;
        readList(
            src, [&](const std::vector<std::string>& h) { return listHeaderFits(lc, h); }, lookedFor(lc),
            [&](const ListHeader& h) {
                header = h.header;
                col = listColumns(lc, header);
                headers_.emplace_back(s, h);
                if (h.row != h.firstRow)
                    warnings_.push_back({src.file, src.sheet.empty() ? "" : "sheet '" + src.sheet + "'",
                                         "header found in row " + std::to_string(h.row) + ", below a title (row " +
                                             std::to_string(h.firstRow) + ", not read)"});
                if (h.encoding == "Windows-1252")
                    warnings_.push_back({src.file, "", "read as Windows-1252 (Excel's plain CSV save), not UTF-8; "
                                                       "save as CSV UTF-8 to be sure of names with accents"});
                auto missing = [&](Field f, const std::string& what) {
                    if (col[static_cast<std::size_t>(f)] >= 0 || lc.of(f).empty()) return;
                    warnings_.push_back({src.file, src.sheet.empty() ? "" : "sheet '" + src.sheet + "'",
                                         "no column for " + what + " (looked for '" + lc.of(f).front() + "' and " +
                                             std::to_string(lc.of(f).size() - 1) + " other spellings): " +
                                             (f == Field::ClosedDate ? "every record of list " + std::to_string(src.list) +
                                                                           " is taken as open, closed cases may be in the frame"
                                                                     : "left blank")});
                };
                missing(Field::ClosedDate, "the end date");
                missing(Field::Team, "the allocated team");
                missing(Field::Worker, "the allocated worker");
                if (src.list == 6) missing(Field::Category, "the case status (every record taken as CIN)");
                if (col[static_cast<std::size_t>(Field::FlagMissing)] >= 0) hasFlagColumn_[0] = true;
                if (col[static_cast<std::size_t>(Field::FlagUasc)] >= 0) hasFlagColumn_[1] = true;
                if (col[static_cast<std::size_t>(Field::FlagDisability)] >= 0) hasFlagColumn_[2] = true;
            },
            [&](std::size_t row, const std::vector<std::string_view>& cells) {
                auto cell = [&](Field f) -> std::string_view {
                    const int c = col[static_cast<std::size_t>(f)];
                    return c >= 0 && static_cast<std::size_t>(c) < cells.size() ? cells[static_cast<std::size_t>(c)] : std::string_view();
                };
                auto place = [&](Field f) {
                    return listCellPlace(src, row, static_cast<std::size_t>(col[static_cast<std::size_t>(f)]), header);
                };
                const std::string_view id = cell(Field::CaseRef);
                if (id.empty() || isErrorValue(id)) {
                    problem({src.file, place(Field::CaseRef),
                             (id.empty() ? std::string("blank") : "error cell " + std::string(id)) + " in '" +
                                 header[static_cast<std::size_t>(col[static_cast<std::size_t>(Field::CaseRef)])] +
                                 "': every record needs the child's id"});
                    return;
                }
                Record r;
                auto [it, inserted] = childIndex_.try_emplace(std::string(id), static_cast<std::uint32_t>(childIds_.size()));
                if (inserted) childIds_.emplace_back(id);
                r.child = it->second;
                r.list = static_cast<std::uint8_t>(src.list);
                r.row = static_cast<std::uint32_t>(row);
                r.source = s;
                auto allocation = [&](Field f) {
                    const std::string_view v = cell(f);
                    if (v.empty()) return std::string(kUnallocated);
                    if (isErrorValue(v)) {
                        if (++unallocatedErrors <= 5) unallocatedPlaces += (unallocatedPlaces.empty() ? "" : "; ") + place(f) + " " + std::string(v);
                        return std::string(kUnallocated);
                    }
                    return std::string(v);
                };
                r.team = allocation(Field::Team);
                r.worker = allocation(Field::Worker);
                r.legal = std::string(cell(Field::LegalStatus));
                if (isErrorValue(r.legal)) r.legal.clear();
                if (src.list == 6 && col[static_cast<std::size_t>(Field::Category)] >= 0) {
                    const std::string_view st = cell(Field::Category);
                    r.status = std::string(st);
                    if (!st.empty()) {
                        const auto meaning = isErrorValue(st) ? std::nullopt : map_.status(st);
                        if (!meaning) {
                            problem({src.file, place(Field::Category),
                                     "'" + std::string(st) + "' is not a case status in column map '" + map_.id() +
                                         "'; expected a) Looked after child, b) Child Protection plan, c) Child in need "
                                         "plan, d) Open assessment or e) Closed episode (or add the spelling to the "
                                         "map's <status> table)"});
                        } else {
                            r.category = meaning->category ? static_cast<std::int8_t>(*meaning->category) : std::int8_t{-2};
                        }
                    }
                }
                auto flag = [&](Field f, bool count) -> bool {
                    const std::string_view v = cell(f);
                    if (v.empty() || col[static_cast<std::size_t>(f)] < 0) return false;
                    if (count) {
                        char* end = nullptr;
                        const std::string t(v);
                        const double x = std::strtod(t.c_str(), &end);
                        if (end && *end == '\0' && x >= 0) return x > 0;
                        problem({src.file, place(f), "'" + t + "' is not a count (a whole number, 0 or more)"});
                        return false;
                    }
                    if (auto b = map_.flagValue(v)) return *b;
                    if (matchKey(codeKey(v)) == "unknown" || matchKey(codeKey(v)) == "notknown") {
                        ++unknownFlags_;
                        return false;
                    }
                    problem({src.file, place(f), "'" + std::string(v) + "' is not a yes/no value; expected a) Yes, b) No or c) Unknown"});
                    return false;
                };
                r.missing = flag(Field::FlagMissing, lc.count[static_cast<std::size_t>(Field::FlagMissing)]);
                r.uasc = flag(Field::FlagUasc, lc.count[static_cast<std::size_t>(Field::FlagUasc)]);
                r.disability = flag(Field::FlagDisability, lc.count[static_cast<std::size_t>(Field::FlagDisability)]);
                startText.emplace_back(cell(Field::OpenDate));
                endText.emplace_back(cell(Field::ClosedDate));
                records_.push_back(std::move(r));
            });
        if (unallocatedErrors)
            warnings_.push_back({src.file, src.sheet.empty() ? "" : "sheet '" + src.sheet + "'",
                                 std::to_string(unallocatedErrors) + " error cell" + (unallocatedErrors == 1 ? "" : "s") +
                                     " in team or worker read as " + std::string(kUnallocated) + " (" + unallocatedPlaces +
                                     (unallocatedErrors > 5 ? "; …" : "") + ")"});
        parseDates(src, lc, header, col, first, startText, Field::OpenDate);
        parseDates(src, lc, header, col, first, endText, Field::ClosedDate);
    }

    // The order of day and month per column (see date_order.h), then each record's date.
    void parseDates(const AnnexSource& src, const ListColumns&, const std::vector<std::string>& header,
                    const std::array<int, kFieldCount>& col, std::size_t first, const std::vector<std::string>& texts,
                    Field f) {
        const int c = col[static_cast<std::size_t>(f)];
        if (c < 0) return;
        const std::string& name = header[static_cast<std::size_t>(c)];
        detail::DateColumnReadings readings;
        std::unordered_map<std::string_view, std::int32_t> cache;
        auto example = [&](std::size_t k) {
            return "'" + texts[k] + "' (" + listCellPlace(src, records_[first + k].row, static_cast<std::size_t>(c), header) + ")";
        };
        for (std::size_t k = 0; k < texts.size(); ++k) {
            if (texts[k].empty() || !cache.emplace(texts[k], 0).second) continue;
            switch (dayMonthReading(texts[k])) {
                case DayMonthReading::DayFirstOnly: if (readings.dayFirstOnly.empty()) readings.dayFirstOnly = example(k); break;
                case DayMonthReading::MonthFirstOnly: if (readings.monthFirstOnly.empty()) readings.monthFirstOnly = example(k); break;
                case DayMonthReading::Both: if (readings.both.empty()) readings.both = example(k); break;
                default: break;
            }
        }
        const auto choice = detail::chooseDateOrder(options_.dateOrder ? options_.dateOrder : map_.dateOrder(), name, readings);
        if (!choice.error.empty()) {
            problem({src.file, src.sheet.empty() ? "" : "sheet '" + src.sheet + "'", choice.error});
            return;
        }
        if (!choice.warning.empty()) warnings_.push_back({src.file, src.sheet.empty() ? "" : "sheet '" + src.sheet + "'", choice.warning});
        cache.clear();
        std::size_t serials = 0;
        for (std::size_t k = 0; k < texts.size(); ++k) {
            if (texts[k].empty()) continue;
            auto it = cache.find(texts[k]);
            std::int32_t days = kNone;
            if (it != cache.end()) days = it->second;
            else {
                if (auto d = parseDate(texts[k], choice.order)) days = d->days();
                else if ((map_.excelSerials() || !src.sheet.empty()) && csv::isPlainNumber(texts[k])) {
                    if (auto d = fromExcelSerial(std::strtod(texts[k].c_str(), nullptr))) days = d->days(), ++serials;
                }
                if (days == kNone) {
                    problem({src.file, listCellPlace(src, records_[first + k].row, static_cast<std::size_t>(c), header),
                             dateProblem(texts[k], choice.order)});
                    continue;
                }
                cache.emplace(texts[k], days);
            }
            Record& r = records_[first + k];
            (f == Field::OpenDate ? r.start : r.end) = days;
            if (!asOfGiven_ && days > latest_) latest_ = days;
        }
        if (serials)
            warnings_.push_back({src.file, "column '" + name + "'",
                                 std::to_string(serials) + " dates read as Excel serial numbers"});
    }

public:
    void setAsOf() {
        if (options_.asOf) {
            asOf_ = *options_.asOf;
            asOfGiven_ = true;
        }
    }
    void defaultAsOf() {
        if (!asOf_) asOf_ = latest_ == INT32_MIN ? Date() : Date::fromDays(latest_);
    }

private:
    const ColumnMap& map_;
    const LoadOptions& options_;
    std::vector<AnnexSource> sources_;
    std::vector<std::pair<std::size_t, ListHeader>> headers_;
    std::vector<Record> records_;
    std::vector<std::string> childIds_;
    std::unordered_map<std::string, std::uint32_t> childIndex_;
    std::vector<Problem> problems_;
    std::size_t problemCount_ = 0;
    std::vector<LoadWarning> warnings_;
    std::array<bool, 3> hasFlagColumn_{};
    std::size_t unknownFlags_ = 0;
    std::optional<Date> asOf_;
    bool asOfGiven_ = false;
    std::int32_t latest_ = INT32_MIN;
};

// How many of the lists' columns a map finds (its header rows found as it would find them); -1 if it finds
// no list at all.
int mapScore(const ColumnMap& map, const std::vector<AnnexSource>& sources) {
    int score = -1;
    for (const auto& src : sources) {
        const ListColumns* lc = map.list(src.list);
        if (!lc) continue;
        if (auto h = findListHeader(src, [&](const std::vector<std::string>& cells) { return listHeaderFits(*lc, cells); })) {
            score = std::max(score, 0);
            for (int v : listColumns(*lc, h->header)) score += v >= 0;
        }
    }
    return score;
}

std::vector<AnnexSource> frameSources(const std::vector<AnnexSource>& all, const LoadOptions& options) {
    std::vector<AnnexSource> out;
    for (const auto& s : all)
        if (s.list >= 6 && s.list <= 9 && (options.sheet.empty() || matchKey(s.sheet) == matchKey(options.sheet))) out.push_back(s);
    if (out.empty()) {
        const std::string file = all.empty() ? std::string() : all.front().file;
        throw Error(ErrorKind::Data, file, "",
                    options.sheet.empty() ? "no Annex A list 6, 7, 8 or 9 to build a frame from (expected sheets or "
                                            "files named List 6 … List 9)"
                                          : "no Annex A list sheet named '" + options.sheet + "' (--sheet)");
    }
    return out;
}

}  // namespace

CaseList loadAnnexFrame(const std::vector<AnnexSource>& all, const ColumnMap& map, const LoadOptions& options) {
    if (map.layout() != MapLayout::AnnexA)
        throw Error(ErrorKind::Usage, "column map '" + map.id() + "' is for a single case list; an Annex A workbook needs "
                                      "an annex-a layout map (annex-a or ssd)");
    const auto sources = frameSources(all, options);
    FrameBuilder b(map, options);
    b.setAsOf();
    b.read(sources);
    b.defaultAsOf();
    CaseList list = b.finish();
    std::string absent;
    for (int l = 6; l <= 9; ++l)
        if (std::none_of(sources.begin(), sources.end(), [&](const AnnexSource& s) { return s.list == l; }) && options.sheet.empty())
            absent += (absent.empty() ? "" : ", ") + std::to_string(l);
    if (!absent.empty())
        list.addWarning({sources.front().file, "", "no list " + absent + " found: " +
                                                       "children known only to " + (absent.find(',') == std::string::npos ? "that list" : "those lists") +
                                                       " are not in the frame"});
    return list;
}

CaseList loadAnnexFrame(const std::vector<AnnexSource>& all, const LoadOptions& options) {
    const auto sources = frameSources(all, options);
    std::optional<ColumnMap> best;
    int bestScore = -1;
    for (const auto& name : ColumnMap::available()) {
        ColumnMap m = ColumnMap::load(name);
        if (m.layout() != MapLayout::AnnexA) continue;
        const int score = mapScore(m, sources);
        if (!best || score > bestScore) bestScore = score, best = std::move(m);  // none fits: the first, for its message
    }
    if (!best) throw Error(ErrorKind::NoInput, "", "", "no annex-a layout column map found in audit-frameworks/column-maps");
    return loadAnnexFrame(all, *best, options);
}

}  // namespace audit
