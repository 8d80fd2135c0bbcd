#include "audit/moderation/agreement_pairs.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <thread>

#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "audit/forms/framework.h"

namespace audit::agreement {

namespace {

bool isBlankChar(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isBlankChar(s.front())) s.remove_prefix(1);
    while (!s.empty() && isBlankChar(s.back())) s.remove_suffix(1);
    return s;
}

// Lower case, spaces/'-'/'_' as one space, trimmed.
std::string normalise(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool gap = false;
    for (char c : s) {
        if (isBlankChar(c) || c == '-' || c == '_') {
            gap = true;
            continue;
        }
        if (gap && !out.empty()) out += ' ';
        gap = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

// A plain decimal number ("3", "3.0", "+3", "-1", "7.5"); anything else → nullopt.
std::optional<double> plainNumber(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t digits = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digits || i - digits > 9) return std::nullopt;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t frac = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == frac || i - frac > 9) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    return std::stod(std::string(s));
}

std::string number(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s.empty() ? "none" : s;
}

}  // namespace

// ---------------------------------------------------------------- the scale

GradeScale::GradeScale(std::string name, std::vector<std::string> labels,
                       std::vector<std::pair<std::string, std::size_t>> aliases, std::vector<double> values)
    : name_(std::move(name)), labels_(std::move(labels)), values_(std::move(values)) {
    if (labels_.empty()) throw Error(ErrorKind::Internal, "a grade scale needs at least one grade");
    if (values_.empty())
        for (std::size_t i = 0; i < labels_.size(); ++i) values_.push_back(static_cast<double>(i + 1));
    if (values_.size() != labels_.size())
        throw Error(ErrorKind::Internal, "a grade scale needs one number per grade");
    for (std::size_t i = 0; i < labels_.size(); ++i) keys_.emplace_back(normalise(labels_[i]), i);
    for (auto& [alias, index] : aliases) {
        if (index >= labels_.size()) throw Error(ErrorKind::Internal, "grade alias '" + alias + "' names no grade");
        keys_.emplace_back(normalise(alias), index);
    }
}

GradeScale GradeScale::ofsted4() {
    return GradeScale("ofsted4", {"Inadequate", "Requires improvement", "Good", "Outstanding"},
                      {{"RI", 1},
                       {"Requires improvement to be good", 1},
                       {"RIG", 1},
                       {"Req improvement", 1},
                       {"Requires improvements", 1}});
}

GradeScale GradeScale::fromFramework(const Framework& framework) {
    std::vector<std::string> labels;
    std::vector<double> values;
    std::vector<std::pair<std::string, std::size_t>> aliases;
    const GradeScale ofsted = ofsted4();
    for (std::size_t i = 0; i < framework.grades.size(); ++i) {
        const Grade& g = framework.grades[i];
        labels.push_back(g.label);
        values.push_back(g.value);
        if (!g.key.empty()) aliases.emplace_back(g.key, i);
        // The Ofsted aliases ("RI", ...) of a grade with the same label.
        for (const auto& [key, index] : ofsted.keys_)
            if (normalise(ofsted.labels_[index]) == normalise(g.label)) aliases.emplace_back(key, i);
    }
    if (labels.empty())
        throw Error(ErrorKind::Data, framework.file, "", "framework " + framework.id + " has no grades");
    return GradeScale(framework.id, std::move(labels), std::move(aliases), std::move(values));
}

std::optional<GradeScale> GradeScale::named(std::string_view name) {
    if (normalise(name) == "ofsted4") return ofsted4();
    return std::nullopt;
}

std::vector<std::string> GradeScale::names() { return {"ofsted4"}; }

std::optional<std::size_t> GradeScale::parse(std::string_view cell) const {
    const std::string key = normalise(cell);
    if (key.empty()) return std::nullopt;
    for (const auto& [k, index] : keys_)
        if (k == key) return index;
    if (auto number = plainNumber(trim(cell)))
        for (std::size_t i = 0; i < values_.size(); ++i)
            if (std::fabs(values_[i] - *number) < 1e-9) return i;
    return std::nullopt;
}

std::string GradeScale::expected() const {
    std::string s;
    for (std::size_t i = 0; i < labels_.size(); ++i) {
        if (i > 0) s += i + 1 == labels_.size() ? " or " : ", ";
        s += labels_[i];
    }
    const std::string lo = number(values_.front()), hi = number(values_.back());
    return s + ", or a number " + lo + "-" + hi + " (" + lo + " = " + labels_.front() + ", " + hi + " = " +
           labels_.back() + ")";
}

// ---------------------------------------------------------------- the file

const std::vector<std::string>& pairGroupColumns() {
    static const std::vector<std::string> columns = {"auditor", "team", "domain", "period"};
    return columns;
}

namespace {

// What one reader (the whole file, or one part of it) holds: the tallies, the first problems and their count.
struct PartTally {
    PairTally all;
    std::map<std::string, PairTally, std::less<>> groups;
    std::vector<Problem> problems;
    std::uint64_t unknown = 0;
};

constexpr std::size_t kMaxProblems = 20;

void tallyPart(csv::Reader& reader, const GradeScale& scale, std::size_t a, std::size_t m, int colBy, PartTally& out) {
    const std::size_t q = scale.size();
    // Distinct cell texts are few: remember what each one meant (-1 blank, -2 unknown, else the index).
    struct Cached {
        std::string text;
        int meaning;
    };
    std::vector<Cached> cache;
    auto meaning = [&](std::string_view cell) -> int {
        for (const auto& c : cache)
            if (c.text == cell) return c.meaning;
        int m;
        if (trim(cell).empty())
            m = -1;
        else if (auto g = scale.parse(cell))
            m = static_cast<int>(*g);
        else
            m = -2;
        if (cache.size() < 64) cache.push_back({std::string(cell), m});
        return m;
    };
    auto complain = [&](std::size_t line, const char* column, std::string_view cell) {
        ++out.unknown;
        if (out.problems.size() >= kMaxProblems) return;
        out.problems.push_back({reader.file(), "line " + std::to_string(line),
                                std::string(column) + " '" + std::string(cell) + "' is not a grade of the " +
                                    scale.name() + " scale (expected " + scale.expected() +
                                    "; leave the cell blank for a missing grade)"});
    };

    std::uint64_t* cells = out.all.table.cells();
    PairTally* lastGroup = nullptr;
    std::string lastKey;
    while (reader.next()) {
        const auto& f = reader.fields();
        const int ga = meaning(f[a]);
        const int gm = meaning(f[m]);
        if (ga == -2) complain(reader.line(), "auditor_grade", f[a]);
        if (gm == -2) complain(reader.line(), "moderator_grade", f[m]);
        if (ga == -2 || gm == -2) continue;
        PairTally* group = nullptr;
        if (colBy >= 0) {
            const std::string_view key = trim(f[static_cast<std::size_t>(colBy)]);
            if (lastGroup && key == lastKey) {
                group = lastGroup;
            } else {
                auto it = out.groups.find(key);
                if (it == out.groups.end()) it = out.groups.emplace(std::string(key), PairTally(q)).first;
                group = lastGroup = &it->second;
                lastKey.assign(key);
            }
            ++group->rows;
        }
        ++out.all.rows;
        if (ga >= 0 && gm >= 0) {
            ++cells[static_cast<std::size_t>(ga) * q + static_cast<std::size_t>(gm)];
            if (group) group->table.add(static_cast<std::size_t>(ga), static_cast<std::size_t>(gm));
        } else {
            std::uint64_t PairTally::*which = ga < 0 && gm < 0 ? &PairTally::bothMissing
                                              : ga < 0         ? &PairTally::auditorMissing
                                                               : &PairTally::moderatorMissing;
            ++(out.all.*which);
            if (group) ++(group->*which);
        }
    }
}

void addTally(PairTally& into, const PairTally& from) {
    into.table += from.table;
    into.rows += from.rows;
    into.auditorMissing += from.auditorMissing;
    into.moderatorMissing += from.moderatorMissing;
    into.bothMissing += from.bothMissing;
}

// The later part's tallies and problems after the earlier part's: the same as one reading in line order.
void append(PartTally& into, PartTally&& later) {
    addTally(into.all, later.all);
    for (auto& [key, tally] : later.groups) {
        auto it = into.groups.find(key);
        if (it == into.groups.end())
            into.groups.emplace(key, std::move(tally));
        else
            addTally(it->second, tally);
    }
    for (auto& p : later.problems)
        if (into.problems.size() < kMaxProblems) into.problems.push_back(std::move(p));
    into.unknown += later.unknown;
}

// Two threads for a large file when a second core is free (the load average says the machine is not already
// busy: under contention a second thread only adds its overhead).
bool twoThreads(std::size_t bytes, unsigned threads) {
    if (threads != 0) return threads >= 2;
    const unsigned cores = std::thread::hardware_concurrency();
    if (bytes < (std::size_t(8) << 20) || cores < 2) return false;
    double load = 0;
    return !(::getloadavg(&load, 1) == 1 && load >= static_cast<double>(cores));
}

// The pairs of a reader past its header, tallied (on two threads for a large file).
PairsFile tallyPairs(csv::Reader& reader, const GradeScale& scale, const std::string& by, int colA, int colM, int colBy,
                     unsigned threads) {
    const std::string path = reader.file();
    const std::size_t q = scale.size();
    const std::size_t a = static_cast<std::size_t>(colA), m = static_cast<std::size_t>(colM);
    const std::size_t start = reader.position(), size = reader.inputSize();
    PartTally first{PairTally(q), {}, {}, 0};
    bool done = false;
    if (!twoThreads(size - start, threads)) {
        tallyPart(reader, scale, a, m, colBy, first);
        done = true;
    } else {
        // The second half on a second thread; a split inside a quoted field (the first half then stops
        // elsewhere) falls back to one reading of the whole.
        const std::size_t mid = reader.splitPoint((size - start) / 2);
        if (mid > start && mid < size) {
            reader.stopAt(mid);
            PartTally second{PairTally(q), {}, {}, 0};
            std::exception_ptr failed;
            std::thread other([&] {
                try {
                    auto part = reader.part(mid, size);
                    tallyPart(*part, scale, a, m, colBy, second);
                } catch (...) {
                    failed = std::current_exception();
                }
            });
            try {
                tallyPart(reader, scale, a, m, colBy, first);
            } catch (...) {
                other.join();
                throw;
            }
            other.join();
            if (reader.position() == mid) {
                if (failed) std::rethrow_exception(failed);
                append(first, std::move(second));
                done = true;
            }
        }
    }
    if (!done) {
        auto again = csv::Reader::open(path);
        first = PartTally{PairTally(q), {}, {}, 0};
        tallyPart(*again, scale, a, m, colBy, first);
    }
    std::vector<Problem>& problems = first.problems;
    const std::uint64_t unknown = first.unknown;
    PairsFile result{path, by, std::move(first.all), std::move(first.groups)};
    if (!problems.empty()) {
        if (unknown > problems.size())
            problems.push_back({path, "", "and " + std::to_string(unknown - problems.size()) + " more unknown grades"});
        throw Error(ErrorKind::Data, std::move(problems));
    }
    return result;
}

}  // namespace

PairsFile readPairs(const std::string& path, const GradeScale& scale, const std::string& by, unsigned threads) {
    if (!by.empty() && std::find(pairGroupColumns().begin(), pairGroupColumns().end(), by) == pairGroupColumns().end())
        throw Error(ErrorKind::Usage, "pairs can be broken down by " + joinNames(pairGroupColumns()) + ", not '" + by + "'");
    auto reader = csv::Reader::open(path);
    const int colA = reader->column("auditor_grade");
    const int colM = reader->column("moderator_grade");
    const int colBy = by.empty() ? -1 : reader->column(by);
    {
        std::vector<Problem> missing;
        const std::string found = "found: " + joinNames(reader->header());
        for (const auto& [col, name] : {std::pair{colA, "auditor_grade"}, std::pair{colM, "moderator_grade"}})
            if (col < 0)
                missing.push_back({path, "line 1",
                                   std::string("no column '") + name +
                                       "': a pairs file needs the columns auditor_grade and moderator_grade (" +
                                       found + ")"});
        if (!by.empty() && colBy < 0)
            missing.push_back({path, "line 1", "no column '" + by + "' to break the pairs down by (" + found + ")"});
        if (!missing.empty()) throw Error(ErrorKind::Data, std::move(missing));
    }

    return tallyPairs(*reader, scale, by, colA, colM, colBy, threads);
}

}  // namespace audit::agreement
