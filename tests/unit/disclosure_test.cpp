#include <boost/test/unit_test.hpp>

#include <functional>
#include <map>
#include <set>

#include "audit/disclosure.h"
#include "audit/error.h"
#include "audit/random.h"

using namespace audit;

namespace audit {
std::ostream& operator<<(std::ostream& os, CellState s) {
    return os << (s == CellState::Shown ? "shown" : s == CellState::Primary ? "primary" : "secondary");
}
}  // namespace audit

BOOST_AUTO_TEST_CASE(hmac_sha256_matches_rfc_4231) {
    // RFC 4231 test case 2.
    BOOST_TEST(hmacSha256Hex("Jefe", "what do ya want for nothing?") ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 1: key = 20 bytes of 0x0b, "Hi There".
    BOOST_TEST(hmacSha256Hex(std::string(20, '\x0b'), "Hi There") ==
               "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // Test case 6: a key longer than the block size is hashed first.
    BOOST_TEST(hmacSha256Hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
               "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

BOOST_AUTO_TEST_CASE(pseudonyms_are_stable_with_the_key_and_differ_with_another) {
    const std::string key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    const std::string other = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    const std::string p = pseudonym(key, "C104233");
    BOOST_TEST(p.size() == 14u);
    BOOST_TEST(p.rfind("P-", 0) == 0u);
    BOOST_TEST(p == pseudonym(key, "C104233"));
    BOOST_TEST(p == pseudonym(key, "  C104233 "));  // trimmed
    BOOST_TEST(p != pseudonym(other, "C104233"));
    BOOST_TEST(p != pseudonym(key, "C104234"));
    BOOST_TEST(p.find("104233") == std::string::npos);
    // The hex key is used as the bytes it spells: it is HMAC(bytes, reference), upper-cased and cut to 12 digits.
    std::string bytes;
    for (int i = 0; i < 32; ++i) bytes += static_cast<char>((i % 16) * 0x11);
    std::string expect = hmacSha256Hex(bytes, "C104233").substr(0, 12);
    for (char& c : expect) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    BOOST_TEST(p == "P-" + expect);
    // No collisions among 20,000 references.
    std::set<std::string> seen;
    for (int i = 0; i < 20000; ++i) seen.insert(pseudonym(key, "C" + std::to_string(100000 + i)));
    BOOST_TEST(seen.size() == 20000u);
    BOOST_CHECK_THROW(pseudonym("", "C1"), Error);
}

BOOST_AUTO_TEST_CASE(fresh_keys_are_random_hex) {
    const std::string a = newPseudonymKey(), b = newPseudonymKey();
    BOOST_TEST(a.size() == 64u);
    BOOST_TEST(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_TEST(a != b);
}

BOOST_AUTO_TEST_CASE(totals_are_computed) {
    SuppressedTable t({{1, 2}, {3, 4}});
    BOOST_TEST(t.value(0, 2) == 3);
    BOOST_TEST(t.value(1, 2) == 7);
    BOOST_TEST(t.value(2, 0) == 4);
    BOOST_TEST(t.value(2, 2) == 10);
}

BOOST_AUTO_TEST_CASE(nothing_small_nothing_hidden) {
    auto t = suppress({{10, 20}, {0, 7}});
    BOOST_TEST(t.count(CellState::Primary) == 0u);
    BOOST_TEST(t.count(CellState::Secondary) == 0u);
    BOOST_TEST(t.text(1, 0) == "0");  // zeros are shown by default
    auto z = suppress({{10, 20}, {0, 7}}, SuppressionOptions{5, true});
    BOOST_TEST(z.state(1, 0) == CellState::Primary);
    BOOST_TEST(determinedEntries(z).empty());
}

BOOST_AUTO_TEST_CASE(a_small_cell_gets_a_partner_in_its_row_and_its_column) {
    //            Out  Good  RI  Inad | total
    // Team A      3    20   12    9  |  44
    // Team B     11    25   30   14  |  80
    // Team C     15    18   22   10  |  65
    auto t = suppress({{3, 20, 12, 9}, {11, 25, 30, 14}, {15, 18, 22, 10}});
    BOOST_TEST(t.state(0, 0) == CellState::Primary);
    // Row A: the smallest other cell (9) is the partner; column Out: the smallest other cell (11).
    BOOST_TEST(t.state(0, 3) == CellState::Secondary);
    BOOST_TEST(t.state(1, 0) == CellState::Secondary);
    // Then column Inad and row B each hold one... until each line holds none or at least two.
    BOOST_TEST(t.state(1, 3) == CellState::Secondary);
    BOOST_TEST(t.count(CellState::Primary) == 1u);
    BOOST_TEST(t.count(CellState::Secondary) == 3u);
    BOOST_TEST(!t.hidden(0, 4));  // totals stay published
    BOOST_TEST(t.text(0, 0) == "[c]");
    BOOST_TEST(t.text(0, 0, "<5") == "<5");
    BOOST_TEST(t.text(0, 1) == "20");
    BOOST_TEST(determinedEntries(t).empty());
}

BOOST_AUTO_TEST_CASE(a_small_total_is_suppressed_too) {
    auto t = suppress({{2, 1}, {30, 40}});
    BOOST_TEST(t.state(0, 2) == CellState::Primary);  // row total 3
    BOOST_TEST(t.hidden(0, 0));
    BOOST_TEST(t.hidden(0, 1));
    BOOST_TEST(determinedEntries(t).empty());
}

BOOST_AUTO_TEST_CASE(the_linear_check_finds_what_pairs_alone_miss) {
    // Three hidden cells that pair up row by row but whose totals pin one down: hidden (0,0),(0,1),(1,1),(1,0) is a
    // safe rectangle; but hiding (0,0),(0,1) and (1,1) only, with (1,1) the only hidden cell in a column whose
    // other hidden entry is... construct by hand: a "staircase" over a published table.
    SuppressedTable t({{3, 7, 9}, {8, 2, 9}, {9, 9, 9}});
    t.setState(0, 0, CellState::Primary);
    t.setState(0, 1, CellState::Secondary);
    t.setState(1, 1, CellState::Primary);
    t.setState(1, 0, CellState::Secondary);
    BOOST_TEST(determinedEntries(t).empty());  // rectangle: x00 + x01 = 10, x10 + x11 = 10, columns too: free
    SuppressedTable u({{3, 7, 9}, {8, 2, 9}, {9, 9, 9}});
    u.setState(0, 0, CellState::Primary);
    u.setState(0, 1, CellState::Secondary);
    u.setState(1, 1, CellState::Primary);
    auto d = determinedEntries(u);  // column 0 holds one hidden entry: x00 = 20 - 8 - 9, then the rest follow
    BOOST_TEST(d.size() == 3u);
}

namespace {

// Every value each hidden entry can take, given the published entries, over non-negative whole numbers:
// an exhaustive search, independent of the elimination used by suppress().
std::map<std::pair<std::size_t, std::size_t>, std::set<long>> feasibleValues(const SuppressedTable& t) {
    const std::size_t R = t.rows(), C = t.columns();
    std::vector<std::pair<std::size_t, std::size_t>> hiddenCells;
    long cap = 0;
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t c = 0; c < C; ++c) {
            cap += t.value(r, c) + 3;
            if (t.hidden(r, c)) hiddenCells.emplace_back(r, c);
        }
    std::vector<std::vector<long>> x(R, std::vector<long>(C, 0));
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t c = 0; c < C; ++c)
            if (!t.hidden(r, c)) x[r][c] = t.value(r, c);
    std::map<std::pair<std::size_t, std::size_t>, std::set<long>> out;
    auto rowSum = [&](std::size_t r) { long s = 0; for (std::size_t c = 0; c < C; ++c) s += x[r][c]; return s; };
    auto colSum = [&](std::size_t c) { long s = 0; for (std::size_t r = 0; r < R; ++r) s += x[r][c]; return s; };
    std::function<void(std::size_t)> dfs = [&](std::size_t i) {
        // Prune: a published total already exceeded.
        for (std::size_t r = 0; r < R; ++r)
            if (!t.hidden(r, C) && rowSum(r) > t.value(r, C)) return;
        for (std::size_t c = 0; c < C; ++c)
            if (!t.hidden(R, c) && colSum(c) > t.value(R, c)) return;
        if (i == hiddenCells.size()) {
            long grand = 0;
            for (std::size_t r = 0; r < R; ++r) {
                if (!t.hidden(r, C) && rowSum(r) != t.value(r, C)) return;
                grand += rowSum(r);
            }
            for (std::size_t c = 0; c < C; ++c)
                if (!t.hidden(R, c) && colSum(c) != t.value(R, c)) return;
            if (!t.hidden(R, C) && grand != t.value(R, C)) return;
            for (auto& e : hiddenCells) out[e].insert(x[e.first][e.second]);
            for (std::size_t r = 0; r < R; ++r)
                if (t.hidden(r, C)) out[{r, C}].insert(rowSum(r));
            for (std::size_t c = 0; c < C; ++c)
                if (t.hidden(R, c)) out[{R, c}].insert(colSum(c));
            if (t.hidden(R, C)) out[{R, C}].insert(grand);
            return;
        }
        auto [r, c] = hiddenCells[i];
        for (long v = 0; v <= cap; ++v) {
            x[r][c] = v;
            // Stop raising v once the row or column would pass a published total.
            if ((!t.hidden(r, C) && rowSum(r) > t.value(r, C)) || (!t.hidden(R, c) && colSum(c) > t.value(R, c))) break;
            dfs(i + 1);
        }
        x[r][c] = 0;
    };
    dfs(0);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(no_suppressed_value_can_be_recovered_from_published_totals) {
    // Random small tables, many with small counts; each hidden entry must be able to take at least two values
    // consistent with everything published (found by exhaustive search).
    Random rng(2026);
    int tablesWithSuppression = 0, secondaryUsed = 0;
    for (int trial = 0; trial < 150; ++trial) {
        const std::size_t R = 2 + rng.below(2), C = 2 + rng.below(2);
        std::vector<std::vector<long>> counts(R, std::vector<long>(C));
        for (auto& row : counts)
            for (long& v : row) v = rng.chance(0.35) ? static_cast<long>(rng.below(5)) : 5 + static_cast<long>(rng.below(6));
        auto t = suppress(counts);
        BOOST_TEST(determinedEntries(t).empty());
        if (t.count(CellState::Primary) == 0) continue;
        ++tablesWithSuppression;
        secondaryUsed += t.count(CellState::Secondary) > 0;
        // Every primary count is hidden.
        for (std::size_t r = 0; r <= R; ++r)
            for (std::size_t c = 0; c <= C; ++c)
                if (t.value(r, c) > 0 && t.value(r, c) < 5) BOOST_TEST(t.hidden(r, c));
        // Each line holds no hidden entry or at least two.
        for (std::size_t r = 0; r <= R; ++r) {
            int h = 0;
            for (std::size_t c = 0; c <= C; ++c) h += t.hidden(r, c);
            BOOST_TEST(h != 1);
        }
        for (std::size_t c = 0; c <= C; ++c) {
            int h = 0;
            for (std::size_t r = 0; r <= R; ++r) h += t.hidden(r, c);
            BOOST_TEST(h != 1);
        }
        auto feasible = feasibleValues(t);
        for (std::size_t r = 0; r <= R; ++r)
            for (std::size_t c = 0; c <= C; ++c) {
                if (!t.hidden(r, c)) continue;
                BOOST_TEST(feasible[std::make_pair(r, c)].count(t.value(r, c)) == 1u);  // the truth is among the solutions
                BOOST_TEST(feasible[std::make_pair(r, c)].size() >= 2u, "trial " << trial << ": entry (" << r << "," << c
                                                                   << ") = " << t.value(r, c) << " is recoverable");
            }
    }
    BOOST_TEST(tablesWithSuppression > 50);
    BOOST_TEST(secondaryUsed > 50);
}

BOOST_AUTO_TEST_CASE(primary_suppression_alone_would_be_recoverable) {
    // The test above can fail: with only primary suppression the search recovers the hidden value.
    SuppressedTable t({{3, 20}, {11, 25}});
    t.setState(0, 0, CellState::Primary);
    auto feasible = feasibleValues(t);
    BOOST_TEST(feasible[std::make_pair(std::size_t(0), std::size_t(0))].size() == 1u);
    BOOST_TEST(*feasible[std::make_pair(std::size_t(0), std::size_t(0))].begin() == 3);
    BOOST_TEST(determinedEntries(t).size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_note_says_what_the_marker_means) {
    BOOST_TEST(suppressionNote(5) ==
               "[c] = suppressed: a count from 1 to 4 (primary), or a count hidden so that the totals cannot reveal "
               "a suppressed one (secondary).");
}

BOOST_AUTO_TEST_CASE(linked_tables_hide_the_same_totals) {
    // The same 40 audits by team (rows) and by month (rows), grades as columns: column totals are shared.
    std::vector<std::vector<long>> teams = {{3, 10, 7}, {6, 8, 6}};   // totals 9, 18, 13
    std::vector<std::vector<long>> months = {{9, 9, 5}, {0, 9, 8}};   // totals 9, 18, 13
    auto [a, b] = suppressLinked(teams, months);
    for (std::size_t c = 0; c <= 3; ++c) BOOST_TEST(a.hidden(2, c) == b.hidden(2, c), "column " << c);
    BOOST_TEST(determinedEntries(a).empty());
    BOOST_TEST(determinedEntries(b).empty());
    // Entries hidden from the start are protected by secondary suppression.
    auto t = suppress({{10, 20}, {30, 40}}, SuppressionOptions{}, {{2, 0}});
    BOOST_TEST(t.hidden(2, 0));
    BOOST_TEST(determinedEntries(t).empty());
    BOOST_TEST(t.count(CellState::Secondary) >= 2u);
}
