// Ratings files for multi-rater agreement (group audits, calibration exercises, published reliability
// data): a CSV with the columns `unit`, `rater` and `grade`, one row per unit and rater, any number of
// raters per unit (unbalanced designs are fine); a blank grade is a missing rating.
//
// Grades are read on a GradeScale (labels, aliases or the grades' numbers, as in pairs files) or, with no
// scale, as plain numbers whose distinct values, sorted, are the categories (published reliability data,
// scores). The statistics: Krippendorff's alpha (nominal, ordinal, interval, ratio), Fleiss' kappa, and
// Gwet's AC1 and AC2 (linear, quadratic and Gwet's ordinal weights), each with SE and 95% interval.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "audit/moderation/agreement.h"
#include "audit/moderation/agreement_pairs.h"

namespace audit::agreement {

struct RatingsFile {
    std::string file;
    std::string scale;                // the scale's name, or "numbers"
    std::vector<std::string> units;   // in order of first appearance
    std::vector<std::string> raters;  // in order of first appearance
    RatingMatrix matrix;              // units × raters: the grade's value (the scale's number), nullopt = missing
    std::vector<double> categories;   // the category values in scale order (a scale's every grade, used or not)
    std::vector<std::string> labels;  // one label per category
    std::uint64_t rows = 0;           // data rows read
    std::uint64_t blank = 0;          // rows whose grade was blank
};

// Reads a ratings file. scale == nullptr: grades are plain numbers. Errors: Error(NoInput) when the file is
// missing; Error(Data) naming file, line and column for a missing column, a blank unit or rater, a grade
// that is not one of the scale's (or not a number), or a unit graded twice by the same rater (both lines
// named). Every such problem in the file is collected (up to a limit) into one Error.
RatingsFile readRatings(const std::string& path, const GradeScale* scale);

// Everything `audit-reconcile stats --ratings` reports.
struct RatingsSummary {
    std::size_t units = 0;          // units with at least one grade
    std::size_t pairableUnits = 0;  // units with two grades or more (the only ones that count for agreement)
    std::size_t raters = 0;
    std::uint64_t ratings = 0;      // grades given
    std::size_t minPerUnit = 0, maxPerUnit = 0;  // grades per graded unit
    Coefficient alphaNominal, alphaOrdinal, alphaInterval, alphaRatio;
    Coefficient fleiss;
    Coefficient ac1, ac2Linear, ac2Quadratic, ac2Ordinal;
};
RatingsSummary summariseRatings(const RatingMatrix& matrix, const std::vector<double>& categories);

}  // namespace audit::agreement
