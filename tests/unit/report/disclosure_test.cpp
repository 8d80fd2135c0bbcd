#include <boost/test/unit_test.hpp>

#include <functional>
#include <map>
#include <set>

#include "audit/report/disclosure.h"
#include "audit/base/error.h"
#include "audit/base/random.h"

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

// ---------------------------------------------------------------- linked counts

namespace {
// One moderation row as the workbook models it: n = k + d + u, w = k + near, n = w + far, dis = d + u.
struct Row {
    std::size_t n, k, w, d, u;
};
Row addRow(LinkedCounts& lc, long n, long k, long w, long d, long u) {
    Row r{lc.add(n, true, 3), lc.add(k, true, 2), lc.add(w, true, 1), lc.add(d), lc.add(u)};
    const std::size_t dis = lc.add(n - k, false), near = lc.add(w - k, false), far = lc.add(n - w, false);
    lc.sum(r.n, {r.k, r.d, r.u});
    lc.sum(dis, {r.d, r.u});
    lc.sum(r.w, {r.k, near});
    lc.sum(r.n, {r.w, far});
    return r;
}
}  // namespace

BOOST_AUTO_TEST_CASE(linked_counts_hide_a_partner_in_the_same_sum_and_keep_the_rest) {
    LinkedCounts lc;
    Row r = addRow(lc, 69, 50, 69, 17, 2);
    lc.suppress(5);
    BOOST_TEST((lc.state(r.u) == CellState::Primary));
    BOOST_TEST((lc.state(r.d) == CellState::Secondary));  // else u = n - k - d
    BOOST_TEST(!lc.hidden(r.n));
    BOOST_TEST(!lc.hidden(r.k));
    BOOST_TEST(!lc.hidden(r.w));
    BOOST_TEST(lc.determined().empty());
}

// The months and the auditors both add up to the period: a hidden count must stay hidden across both breakdowns.
BOOST_AUTO_TEST_CASE(linked_counts_protect_across_breakdowns_that_share_a_total) {
    LinkedCounts lc;
    Row period = addRow(lc, 60, 40, 60, 12, 8);
    std::vector<Row> months = {addRow(lc, 30, 20, 30, 7, 3), addRow(lc, 30, 20, 30, 5, 5)};
    std::vector<Row> auditors = {addRow(lc, 20, 14, 20, 4, 2), addRow(lc, 40, 26, 40, 8, 6)};
    for (auto field : {&Row::n, &Row::k, &Row::w, &Row::d, &Row::u}) {
        lc.sum(period.*field, {months[0].*field, months[1].*field});
        lc.sum(period.*field, {auditors[0].*field, auditors[1].*field});
    }
    lc.suppress(5);
    BOOST_TEST(lc.determined().empty());
    BOOST_TEST(lc.hidden(months[0].u));    // 3: primary
    BOOST_TEST(lc.hidden(auditors[0].d));  // 4: primary
    BOOST_TEST(lc.hidden(auditors[0].u));  // 2: primary
    // Without the exact check, months[1].u = period.u - months[0].u would be the only route needed: so the period's
    // up count or the other month's is hidden as well.
    BOOST_TEST((lc.hidden(period.u) || lc.hidden(months[1].u)));
    BOOST_TEST(!lc.hidden(period.n));  // totals are the last resort
}

BOOST_AUTO_TEST_CASE(an_unpublished_small_difference_is_protected_too) {
    // n = 25, k = 24: one disagreement, worked out as n - k when both are shown.
    LinkedCounts lc;
    Row r = addRow(lc, 25, 24, 25, 0, 1);
    lc.suppress(5);
    BOOST_TEST(lc.determined().empty());
    BOOST_TEST((lc.hidden(r.k) || lc.hidden(r.n)));
    BOOST_TEST(lc.hidden(r.u));
    BOOST_TEST(lc.count(CellState::Primary) == 1u);  // u; the unpublished difference is not counted
}

BOOST_AUTO_TEST_CASE(a_chain_through_sums_needs_more_than_one_partner) {
    // a + b = t and b + c = s with a small: hiding b alone leaves a = t - b, b = s - c: c or s must go too.
    LinkedCounts lc;
    const std::size_t a = lc.add(2), b = lc.add(9), c = lc.add(7), t = lc.add(11, true, 1), s = lc.add(16, true, 1);
    lc.sum(t, {a, b});
    lc.sum(s, {b, c});
    lc.suppress(5);
    BOOST_TEST(lc.hidden(a));
    BOOST_TEST(lc.hidden(b));
    BOOST_TEST((lc.hidden(c) || lc.hidden(s)));
    BOOST_TEST(lc.determined().empty());
    BOOST_CHECK_THROW(lc.sum(t, {a, c}), Error);  // parts that do not add up are a programming error
}

BOOST_AUTO_TEST_CASE(random_linked_systems_leave_nothing_recoverable) {
    Random rng(20261123);
    for (int trial = 0; trial < 40; ++trial) {
        LinkedCounts lc;
        const std::size_t groupsA = 2 + rng.below(5), groupsB = 2 + rng.below(5);
        std::vector<long> cellsA(groupsA * 3, 0), cellsB(groupsB * 3, 0);
        // The same units fall in a group of each breakdown: three columns (k, d, u).
        const int units = 10 + static_cast<int>(rng.below(60));
        for (int i = 0; i < units; ++i) {
            const std::size_t col = rng.below(10) < 7 ? 0 : rng.below(2) + 1;
            cellsA[rng.below(groupsA) * 3 + col]++;
            cellsB[rng.below(groupsB) * 3 + col]++;
        }
        std::vector<long> totals(3, 0);
        for (std::size_t g = 0; g < groupsA; ++g)
            for (std::size_t c = 0; c < 3; ++c) totals[c] += cellsA[g * 3 + c];
        std::vector<std::size_t> total(3);
        for (std::size_t c = 0; c < 3; ++c) total[c] = lc.add(totals[c], true, 2);
        const std::size_t grand = lc.add(units, true, 3);
        lc.sum(grand, total);
        for (const auto* cells : {&cellsA, &cellsB}) {
            const std::size_t groups = cells->size() / 3;
            std::vector<std::vector<std::size_t>> byCol(3);
            for (std::size_t g = 0; g < groups; ++g) {
                std::vector<std::size_t> row;
                for (std::size_t c = 0; c < 3; ++c) row.push_back(lc.add((*cells)[g * 3 + c]));
                const std::size_t n = lc.add((*cells)[g * 3] + (*cells)[g * 3 + 1] + (*cells)[g * 3 + 2], true, 1);
                lc.sum(n, row);
                for (std::size_t c = 0; c < 3; ++c) byCol[c].push_back(row[c]);
            }
            for (std::size_t c = 0; c < 3; ++c) lc.sum(total[c], byCol[c]);
        }
        lc.suppress(5);
        BOOST_TEST(lc.determined().empty(), "trial " << trial);
        for (std::size_t e = 0; e < lc.size(); ++e)
            if (lc.value(e) > 0 && lc.value(e) < 5) BOOST_TEST(lc.hidden(e), "trial " << trial << " entry " << e);
    }
}
