#include <boost/test/unit_test.hpp>

#include <cmath>

#include "audit/base/error.h"
#include "audit/report/spc.h"
#include "test_support.h"

using namespace audit;
using namespace audit::spc;
using audit::test::expectError;
using audit::test::TempDir;
using audit::test::writeText;

namespace audit::spc {
std::ostream& operator<<(std::ostream& os, Cause c) { return os << causeName(c); }
}  // namespace audit::spc

namespace {

// A stable baseline of 12 points: mean 10, mean moving range 15/11, process limits 10 ± 3.627, near limits
// 10 ± 2.418. No rule fires on it.
const std::vector<double> base = {10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9};

std::vector<Observation> series(const std::vector<double>& values) {
    std::vector<Observation> s;
    for (std::size_t i = 0; i < values.size(); ++i) s.push_back({"P" + std::to_string(i + 1), values[i]});
    return s;
}

std::vector<Observation> baseThen(const std::vector<double>& more) {
    std::vector<double> v = base;
    v.insert(v.end(), more.begin(), more.end());
    return series(v);
}

// The indices of the points a rule flagged.
std::vector<std::size_t> flagged(const Chart& c, const std::string& rule) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < c.points.size(); ++i)
        for (const auto& r : c.points[i].rules)
            if (r == rule) out.push_back(i);
    return out;
}

std::vector<std::size_t> anyFlag(const Chart& c) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < c.points.size(); ++i)
        if (!c.points[i].rules.empty()) out.push_back(i);
    return out;
}

std::vector<std::size_t> range(std::size_t from, std::size_t to) {  // [from, to]
    std::vector<std::size_t> v;
    for (std::size_t i = from; i <= to; ++i) v.push_back(i);
    return v;
}

Options higher() {
    Options o;
    o.polarity = Polarity::Higher;
    return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(limits_from_the_baseline_of_twelve) {
    const Chart c = xmr(series(base));
    BOOST_TEST(c.baseline == 12u);
    BOOST_TEST(!c.trial);
    BOOST_TEST(std::fabs(c.mean - 10) < 1e-12);
    BOOST_TEST(std::fabs(c.meanMovingRange - 15.0 / 11) < 1e-12);
    BOOST_TEST(std::fabs(c.upper - (10 + 2.66 * 15.0 / 11)) < 1e-12);
    BOOST_TEST(std::fabs(c.lower - (10 - 2.66 * 15.0 / 11)) < 1e-12);
    BOOST_TEST(std::fabs(c.nearUpper - (10 + 2.0 / 3 * 2.66 * 15.0 / 11)) < 1e-12);
    BOOST_TEST(std::fabs(c.nearLower - (10 - 2.0 / 3 * 2.66 * 15.0 / 11)) < 1e-12);
    BOOST_TEST(anyFlag(c).empty());
    BOOST_TEST(c.variation == "common-cause");
    BOOST_TEST(!c.points[0].movingRange.has_value());
    BOOST_TEST(*c.points[1].movingRange == 1.0);
    // Points after the baseline do not move the limits.
    const Chart later = xmr(baseThen({30, 31, 32}));
    BOOST_TEST(later.baseline == 12u);
    BOOST_TEST(std::fabs(later.mean - 10) < 1e-12);
}

BOOST_AUTO_TEST_CASE(fewer_than_twelve_points_give_trial_limits) {
    const Chart c = xmr(series({10, 11, 9, 10, 11, 9, 10, 11}));
    BOOST_TEST(c.trial);
    BOOST_TEST(c.baseline == 8u);
    const Chart two = xmr(series({4, 6}));
    BOOST_TEST(two.trial);
    BOOST_TEST(two.mean == 5.0);
    BOOST_TEST(two.meanMovingRange == 2.0);
    BOOST_TEST(anyFlag(two).empty());
    Options o;
    o.baseline = 5;
    const Chart b = xmr(series(base), o);
    BOOST_TEST(b.trial);
    BOOST_TEST(std::fabs(b.mean - 51.0 / 5) < 1e-12);
    BOOST_TEST(std::fabs(b.meanMovingRange - 5.0 / 4) < 1e-12);
}

BOOST_AUTO_TEST_CASE(a_point_beyond_a_process_limit_alone) {
    const Chart c = xmr(baseThen({20}), higher());
    BOOST_TEST(anyFlag(c) == std::vector<std::size_t>{12});
    BOOST_TEST(c.points[12].rules == std::vector<std::string>{"outside"});
    BOOST_TEST(c.points[12].cause == Cause::Improvement);
    BOOST_TEST(c.variation == "improvement-high");
    const Chart low = xmr(baseThen({1}), higher());
    BOOST_TEST(flagged(low, "outside") == std::vector<std::size_t>{12});
    BOOST_TEST(low.points[12].cause == Cause::Concern);
    BOOST_TEST(low.variation == "concern-low");
}

BOOST_AUTO_TEST_CASE(a_run_of_seven_on_one_side_alone_every_point_flagged) {
    const Chart c = xmr(baseThen({10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5}), higher());
    BOOST_TEST(anyFlag(c) == range(12, 18));
    BOOST_TEST(flagged(c, "shift") == range(12, 18));
    for (std::size_t i = 12; i <= 18; ++i) BOOST_TEST(c.points[i].cause == Cause::Improvement);
    // Six is not enough, unless asked for.
    BOOST_TEST(anyFlag(xmr(baseThen({10.5, 10.5, 10.5, 10.5, 10.5, 10.5}))).empty());
    Options six;
    six.runLength = 6;
    BOOST_TEST(flagged(xmr(baseThen({10.5, 10.5, 10.5, 10.5, 10.5, 10.5}), six), "shift") == range(12, 17));
    // Below the mean with lower-is-better: improvement.
    Options lower;
    lower.polarity = Polarity::Lower;
    const Chart below = xmr(baseThen({9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5}), lower);
    BOOST_TEST(flagged(below, "shift") == range(11, 19));  // the base's last point (9) is below the mean too
    BOOST_TEST(below.points[19].cause == Cause::Improvement);
    BOOST_TEST(below.variation == "improvement-low");
}

BOOST_AUTO_TEST_CASE(a_point_on_the_mean_breaks_a_run) {
    BOOST_TEST(anyFlag(xmr(baseThen({10.5, 10.5, 10.5, 10, 10.5, 10.5, 10.5}))).empty());
    // The base ends below the mean (9): the run starts after it.
    const Chart c = xmr(baseThen({10, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5}));
    BOOST_TEST(flagged(c, "shift") == range(13, 19));
}

BOOST_AUTO_TEST_CASE(a_trend_of_seven_alone_every_point_flagged) {
    // 8.5 .. 11.4 crosses the mean and stays inside the near limits.
    const Chart c = xmr(baseThen({8.5, 9, 9.5, 10.2, 10.6, 11, 11.4}), higher());
    BOOST_TEST(anyFlag(c) == range(12, 18));
    BOOST_TEST(flagged(c, "trend") == range(12, 18));
    BOOST_TEST(c.points[12].cause == Cause::Improvement);  // by the trend's direction, though below the mean
    BOOST_TEST(c.variation == "improvement-high");
    // Six increasing points (the base's last 9 equals the next 9: an equal value breaks a trend).
    BOOST_TEST(anyFlag(xmr(baseThen({9, 9.5, 10.2, 10.6, 11, 11.4}))).empty());
    Options six;
    six.runLength = 6;
    BOOST_TEST(flagged(xmr(baseThen({9, 9.5, 10.2, 10.6, 11, 11.4}), six), "trend") == range(12, 17));
    // Decreasing with higher-is-better: concern.
    const Chart down = xmr(baseThen({11.5, 11, 10.6, 10.2, 9.5, 9, 8.5}), higher());
    BOOST_TEST(flagged(down, "trend") == range(12, 18));  // the base's last 9 -> 11.5 rises: not part of it
    BOOST_TEST(down.points[18].cause == Cause::Concern);
    BOOST_TEST(down.variation == "concern-low");
}

BOOST_AUTO_TEST_CASE(two_of_three_beyond_the_same_near_limit_alone) {
    const Chart c = xmr(baseThen({12.8, 10.5, 12.9}), higher());
    BOOST_TEST(anyFlag(c) == (std::vector<std::size_t>{12, 14}));  // the middle point is not beyond: not flagged
    BOOST_TEST(flagged(c, "two-of-three") == (std::vector<std::size_t>{12, 14}));
    BOOST_TEST(c.points[14].cause == Cause::Improvement);
    // The third point on the other side of the mean: no signal.
    BOOST_TEST(anyFlag(xmr(baseThen({12.8, 9.5, 12.9}))).empty());
    // Beyond opposite near limits: no signal.
    BOOST_TEST(anyFlag(xmr(baseThen({12.8, 7.2, 12.9}))).empty());
    // Below the lower near limit.
    BOOST_TEST(flagged(xmr(baseThen({7.4, 7.3, 9.5})), "two-of-three") == (std::vector<std::size_t>{12, 13}));
}

BOOST_AUTO_TEST_CASE(points_beyond_the_process_limit_count_towards_two_of_three) {
    const Chart c = xmr(baseThen({12.8, 10.5, 14.5}));
    BOOST_TEST(flagged(c, "two-of-three") == (std::vector<std::size_t>{12, 14}));
    BOOST_TEST(flagged(c, "outside") == std::vector<std::size_t>{14});
    BOOST_TEST(c.points[14].rules == (std::vector<std::string>{"outside", "two-of-three"}));
}

BOOST_AUTO_TEST_CASE(overlapping_rules_on_one_point) {
    // A rising trend that ends beyond the upper limit.
    const Chart c = xmr(baseThen({8, 9, 10, 11, 12, 13, 14}), higher());
    BOOST_TEST(flagged(c, "trend") == range(12, 18));
    BOOST_TEST(flagged(c, "outside") == std::vector<std::size_t>{18});
    BOOST_TEST(flagged(c, "two-of-three") == (std::vector<std::size_t>{17, 18}));
    BOOST_TEST(c.points[18].rules == (std::vector<std::string>{"outside", "trend", "two-of-three"}));
    // Improvement and concern on the same point: improvement wins (MDC's single-chart tool).
    const Chart mixed = xmr(baseThen({14.5, 14, 13.5, 13, 12.5, 12, 11.5}), higher());
    BOOST_TEST(flagged(mixed, "trend") == range(12, 18));   // falling: concern
    BOOST_TEST(flagged(mixed, "shift") == range(12, 18));   // above the mean: improvement
    BOOST_TEST(mixed.points[18].cause == Cause::Improvement);
    BOOST_TEST(mixed.variation == "improvement-high");
}

BOOST_AUTO_TEST_CASE(without_polarity_special_causes_are_neutral) {
    const Chart c = xmr(baseThen({20}));
    BOOST_TEST(c.points[12].cause == Cause::Neutral);
    BOOST_TEST(c.variation == "neutral-high");
    Options o;
    o.target = 5;
    const Chart t = xmr(series(base), o);
    BOOST_TEST(t.assurance.empty());
    BOOST_TEST(!t.assuranceNote.empty());
}

BOOST_AUTO_TEST_CASE(assurance_by_target_and_polarity) {
    auto assurance = [](double target, Polarity p) {
        Options o;
        o.polarity = p;
        o.target = target;
        return xmr(series(base), o).assurance;
    };
    BOOST_TEST(assurance(5, Polarity::Higher) == "consistently-passing");
    BOOST_TEST(assurance(15, Polarity::Higher) == "consistently-failing");
    BOOST_TEST(assurance(10, Polarity::Higher) == "inconsistent");
    BOOST_TEST(assurance(5, Polarity::Lower) == "consistently-failing");
    BOOST_TEST(assurance(15, Polarity::Lower) == "consistently-passing");
    BOOST_TEST(xmr(series(base), higher()).assurance.empty());  // no target, no icon
}

BOOST_AUTO_TEST_CASE(screening_large_moving_ranges_is_an_option) {
    const std::vector<double> spiky = {10, 11, 9, 10, 30, 9, 10, 11, 9, 10, 11, 9};
    const Chart plain = xmr(series(spiky));
    BOOST_TEST(std::fabs(plain.meanMovingRange - 53.0 / 11) < 1e-12);
    Options o;
    o.screenMovingRanges = true;
    const Chart screened = xmr(series(spiky), o);
    BOOST_TEST(screened.points[4].movingRangeScreened);
    BOOST_TEST(screened.points[5].movingRangeScreened);
    BOOST_TEST(!screened.points[6].movingRangeScreened);
    BOOST_TEST(std::fabs(screened.meanMovingRange - 12.0 / 9) < 1e-12);
    BOOST_TEST(flagged(screened, "outside") == std::vector<std::size_t>{4});
    BOOST_TEST(screened.upper < plain.upper);  // the spike no longer widens the limits
}

BOOST_AUTO_TEST_CASE(bad_series_and_options_are_errors) {
    expectError([] { xmr(series({5})); }, ErrorKind::Data, {"at least two points"});
    expectError([] { xmr(series({})); }, ErrorKind::Data, {"at least two points"});
    Options o;
    o.baseline = 1;
    expectError([&] { xmr(series(base), o); }, ErrorKind::Usage, {"baseline"});
    o.baseline = 13;
    expectError([&] { xmr(series(base), o); }, ErrorKind::Usage, {"baseline", "12"});
    Options r;
    r.runLength = 5;
    expectError([&] { xmr(series(base), r); }, ErrorKind::Usage, {"7", "6"});
}

BOOST_AUTO_TEST_CASE(series_files_are_read_strictly) {
    TempDir dir;
    writeText(dir.file("s.csv"), "Value,Period,note\n87.5%,2026-01,x\n88,2026-02,\n");
    const auto s = readSeries(dir.file("s.csv"));
    BOOST_TEST_REQUIRE(s.size() == 2u);
    BOOST_TEST(s[0].period == "2026-01");
    BOOST_TEST(s[0].value == 87.5);
    writeText(dir.file("bad.csv"), "period,value\n2026-01,x\n,3\n2026-01,4\n2026-03,\n");
    expectError([&] { readSeries(dir.file("bad.csv")); }, ErrorKind::Data,
                {"line 2, column value", "'x' is not a number", "line 3, column period", "blank",
                 "line 4, column period", "already on line 2", "line 5, column value"});
    writeText(dir.file("cols.csv"), "month,value\n2026-01,3\n");
    expectError([&] { readSeries(dir.file("cols.csv")); }, ErrorKind::Data, {"line 1", "missing column 'period'"});
    expectError([&] { readSeries(dir.file("none.csv")); }, ErrorKind::NoInput, {"none.csv"});
}
