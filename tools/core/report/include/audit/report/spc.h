// Statistical process control as NHS England's "Making Data Count" (MDC) does it: an XmR chart (individual
// values and moving ranges) with the four special-cause rules, each special cause read as improvement or
// concern by the measure's polarity, and the variation and assurance icons.
//
// Limits: the mean and the mean moving range of the baseline (the first `baseline` points, default all up to
// 12); process limits mean ± 2.66 × mean moving range (3 sigma); near limits at two thirds of that distance
// (2 sigma). Limits from fewer than 12 points are trial limits (said so in `trial`). The limits of the
// baseline are carried over the whole series.
//
// Special causes (MDC's conventions):
//   outside    a point above the upper or below the lower process limit (strictly);
//   shift      a run of 7 or more consecutive points on one side of the mean (a point on the mean is on
//              neither side and breaks the run); every point of the run is flagged;
//   trend      7 or more consecutive points each higher (or each lower) than the one before (an equal value
//              breaks it); every point of the trend is flagged;
//   two-of-three  two or three of three consecutive points beyond the same near limit (points beyond the
//              process limit count, as MDC does since 2023), all three on the same side of the mean; the
//              points beyond the near limit are flagged.
// A flagged point is improvement or concern by the polarity: for the side of the mean it is on (outside,
// shift, two-of-three) or the direction of the trend. When rules disagree on a point, improvement wins (as
// MDC's single-chart tool). Without a polarity a special cause is neutral.
//
// The variation icon comes from the last point: common cause, or special cause of improvement / concern /
// neutral, high or low. The assurance icon (with a target and a polarity): the target outside the process
// limits on the good side is "consistently passing", on the bad side "consistently failing", between them
// (or on a limit) "inconsistent".
//
// Documented variations, off by default: runs and trends of 6 points (`runLength = 6`), and screening of
// large moving ranges (moving ranges above 3.267 × the mean moving range are left out and the mean moving
// range computed again once).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/report/partnership.h"

namespace audit::spc {

struct Options {
    std::optional<Polarity> polarity;   // nullopt: neutral
    std::optional<double> target;
    std::optional<std::size_t> baseline;  // points the limits come from; nullopt = min(size, 12)
    std::size_t runLength = 7;           // 7 (MDC) or 6
    bool screenMovingRanges = false;
};

enum class Cause { None, Improvement, Concern, Neutral };
const char* causeName(Cause c);  // "none", "improvement", "concern", "neutral"

struct Point {
    std::string period;
    double value = 0;
    std::optional<double> movingRange;  // |x_i − x_{i−1}|; none for the first point
    bool movingRangeScreened = false;   // left out of the mean moving range (screening)
    Cause cause = Cause::None;
    std::vector<std::string> rules;     // the rules that flagged it: outside, shift, trend, two-of-three
};

struct Chart {
    std::vector<Point> points;
    std::size_t baseline = 0;   // points the limits come from
    bool trial = false;         // fewer than 12 baseline points: trial limits
    double mean = 0;
    double meanMovingRange = 0;
    double lower = 0, upper = 0;          // process limits
    double nearLower = 0, nearUpper = 0;  // two thirds of the way from the mean to the limits
    Options options;
    std::string variation;   // common-cause, improvement-high, improvement-low, concern-high, concern-low,
                             // neutral-high, neutral-low
    std::string assurance;   // consistently-passing, consistently-failing, inconsistent; empty without a target
    std::string assuranceNote;  // why there is no assurance icon when a target was given (no polarity)
};

struct Observation {
    std::string period;
    double value = 0;
};

// The chart of a series in time order. Throws Error(Usage) for a baseline below 2 or beyond the series, a
// run length other than 6 or 7; Error(Data) for fewer than two points or a value that is not finite.
Chart xmr(const std::vector<Observation>& series, const Options& options = {});

// A plain-words name of a variation or assurance icon ("Special cause of concern: lower values").
std::string variationWords(const std::string& variation);
std::string assuranceWords(const std::string& assurance);

// Reads a series file: CSV with columns period and value (any order, any case, other columns ignored), one
// row per period in time order. Every problem with file and line, at once: a blank period, a period given
// twice, a value that is blank or not a number (a trailing '%' is allowed). Error(NoInput) for a missing file.
std::vector<Observation> readSeries(const std::string& path);

}  // namespace audit::spc
