// Disclosure control for published reports (ARCHITECTURE §7, issue 7 item 3).
//
// Pseudonyms: a case reference becomes "P-" and 12 hex digits of HMAC-SHA256(key, reference). The same key gives
// the same pseudonym every time (so a published workbook can be compared quarter by quarter); without the key the
// reference cannot be recovered or guessed by hashing candidate references. The key is 32 random bytes, kept in
// the store's pseudonym_key table and never published.
//
// Small counts: a table of counts is published with its row totals, column totals and grand total.
//   Primary suppression: every count (cells and totals) with 0 < n < threshold (default 5) is hidden.
//   Secondary suppression: the table with its totals is a set of lines (each row with its total, each column with
//   its total, and the totals row and column with the grand total), and each line's entries add up. A line with a
//   single hidden entry gives it away by subtraction, so the method repeats until nothing changes:
//     1. every line with exactly one hidden entry gets a second one, chosen among that line's published entries:
//        a cell before a total; then one whose crossing line also holds a single hidden entry (one suppression
//        then protects two lines); then the smallest non-zero count (a zero only when nothing else is left);
//        ties: the first in reading order;
//     2. then an exact check: the published entries and the line equations are solved for the hidden ones
//        (Gaussian elimination); any hidden entry the equations determine (e.g. hidden entries that form a chain
//        through rows and columns) gets a further complementary suppression in its row or column, back to 1.
//   The result: no hidden entry equals any combination of published numbers. Zeros are shown (a zero is not a
//   small count of children) unless suppressZeros is set.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace audit {

// A fresh key from the operating system's random source: 64 hex digits.
std::string newPseudonymKey();
// "P-3F9A0C2B7D1E". The key is hex (as made by newPseudonymKey) or any other non-empty text (used as bytes).
// The reference is trimmed of surrounding spaces first. Throws Error(Internal) for an empty key.
std::string pseudonym(std::string_view key, std::string_view caseReference);
// HMAC-SHA256 of message under key, as 64 lower-case hex digits (exposed for the RFC 4231 test vectors).
std::string hmacSha256Hex(std::string_view key, std::string_view message);

enum class CellState : std::uint8_t { Shown, Primary, Secondary };

struct SuppressionOptions {
    long threshold = 5;          // counts 1..threshold-1 are suppressed
    bool suppressZeros = false;  // also hide zeros (primary)
};

// A table of counts with its totals, and what is hidden. Entries are addressed in the "augmented" table of
// (rows + 1) x (columns + 1) entries: row r < rows() and column c < columns() is a cell; column columns() holds
// the row totals; row rows() holds the column totals; (rows(), columns()) the grand total.
class SuppressedTable {
public:
    SuppressedTable() = default;
    explicit SuppressedTable(const std::vector<std::vector<long>>& counts);  // rows of equal length

    std::size_t rows() const { return rows_; }
    std::size_t columns() const { return cols_; }
    long value(std::size_t r, std::size_t c) const { return values_[r * (cols_ + 1) + c]; }
    CellState state(std::size_t r, std::size_t c) const { return states_[r * (cols_ + 1) + c]; }
    bool hidden(std::size_t r, std::size_t c) const { return state(r, c) != CellState::Shown; }
    void setState(std::size_t r, std::size_t c, CellState s) { states_[r * (cols_ + 1) + c] = s; }
    // The published text of an entry: the number, or the marker.
    std::string text(std::size_t r, std::size_t c, const std::string& marker = "[c]") const;
    std::size_t count(CellState s) const;

private:
    std::size_t rows_ = 0, cols_ = 0;
    std::vector<long> values_;
    std::vector<CellState> states_;
};

// Applies primary and secondary suppression as described above. alsoHide: entries of the augmented table hidden
// from the start (e.g. totals that another published table hides), secondary suppression then protects them too.
SuppressedTable suppress(const std::vector<std::vector<long>>& counts, const SuppressionOptions& options = {},
                         const std::vector<std::pair<std::size_t, std::size_t>>& alsoHide = {});

// Two tables whose column totals are the same published numbers (two breakdowns of the same cases, e.g. by team
// and by month): suppresses both so that a column total hidden in one is hidden in the other, repeating until
// neither changes. The tables must have the same number of columns and equal column totals.
std::pair<SuppressedTable, SuppressedTable> suppressLinked(const std::vector<std::vector<long>>& a,
                                                           const std::vector<std::vector<long>>& b,
                                                           const SuppressionOptions& options = {});

// Counts tied together by sums anywhere in a workbook, not only along the rows and columns of one table: e.g. the
// moderated-down counts by month and by auditor both add up to the period's count, and a row's moderated number
// is its agreements plus its down plus its up. Each count is an entry; each sum an equation (total = parts).
//   Published entries are shown unless suppressed. Unpublished entries are quantities the reader can work out
//   from published ones (e.g. the disagreements n - agreed behind a percentage): they are never shown, but a
//   small one must not be recoverable either.
//   suppress(): every entry with 0 < value < threshold is protected (hidden, for a published one). Then, until
//   the exact check finds nothing: a protected entry the shown entries determine (Gaussian elimination over the
//   equations) gets a complementary suppression among the shown entries of its equations, preferring one whose
//   suppression makes it undetermined, then the lowest tier (cells before totals), then a non-zero count, then
//   the smallest, then the first added. Secondary suppressions are protected from then on too.
class LinkedCounts {
public:
    // tier: the order complements are taken in (0 first: cells; higher: row totals, then shared totals).
    std::size_t add(long value, bool published = true, int tier = 0);
    // total = sum of parts.
    void sum(std::size_t total, const std::vector<std::size_t>& parts);
    void suppress(long threshold);

    std::size_t size() const { return entries_.size(); }
    long value(std::size_t e) const { return entries_.at(e).value; }
    bool hidden(std::size_t e) const { return entries_.at(e).state != CellState::Shown; }
    CellState state(std::size_t e) const { return entries_.at(e).state; }
    std::size_t count(CellState s, bool publishedOnly = true) const;
    // Protected entries the shown ones determine (empty once suppress() has run).
    std::vector<std::size_t> determined() const;

private:
    struct Entry {
        long value = 0;
        bool published = true;
        int tier = 0;
        CellState state = CellState::Shown;
        bool isProtected = false;
    };
    std::vector<std::size_t> determinedAmong(const std::vector<bool>& known) const;
    std::vector<Entry> entries_;
    std::vector<std::vector<std::pair<std::size_t, int>>> equations_;  // sum of coefficient x entry = 0
};

// Hidden entries whose value the published entries determine exactly through the line equations, as
// (row, column) in the augmented table. Empty for a safe table. (Used by suppress() and by the tests.)
std::vector<std::pair<std::size_t, std::size_t>> determinedEntries(const SuppressedTable& table);

// The note that goes under a published table, e.g. "[c] = suppressed: fewer than 5, or hidden so that
// totals cannot reveal another suppressed count".
std::string suppressionNote(long threshold, const std::string& marker = "[c]");

}  // namespace audit
