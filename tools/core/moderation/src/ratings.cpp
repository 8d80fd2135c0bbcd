#include "audit/moderation/ratings.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/io/csv.h"

namespace audit::agreement {

namespace {

constexpr std::size_t maxProblems = 20;

// A plain decimal number ("3", "-1.5", "2e1" is not one); anything else → nullopt.
std::optional<double> plainNumber(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t digits = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digits || i - digits > 12) return std::nullopt;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t frac = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == frac || i - frac > 12) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    return std::stod(std::string(s));
}

std::string numberText(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

}  // namespace

RatingsFile readRatings(const std::string& path, const GradeScale* scale) {
    auto reader = csv::Reader::open(path);
    const int colUnit = reader->column("unit"), colRater = reader->column("rater"), colGrade = reader->column("grade");
    {
        std::vector<Problem> missing;
        std::string found;
        for (const auto& h : reader->header()) found += (found.empty() ? "" : ", ") + h;
        for (const auto& [col, name] : {std::pair{colUnit, "unit"}, std::pair{colRater, "rater"}, std::pair{colGrade, "grade"}})
            if (col < 0)
                missing.push_back({path, "line 1",
                                   std::string("no column '") + name +
                                       "': a ratings file needs the columns unit, rater and grade (found: " +
                                       (found.empty() ? "none" : found) + ")"});
        if (!missing.empty()) throw Error(ErrorKind::Data, std::move(missing));
    }
    RatingsFile result;
    result.file = path;
    result.scale = scale ? scale->name() : "numbers";

    std::vector<Problem> problems;
    std::uint64_t more = 0;
    auto complain = [&](std::size_t line, const std::string& column, const std::string& message) {
        if (problems.size() >= maxProblems) {
            ++more;
            return;
        }
        problems.push_back({path, "line " + std::to_string(line) + ", column " + column, message});
    };

    std::unordered_map<std::string, std::size_t> unitIndex, raterIndex;
    // (unit, rater) → the line that graded it, to name both lines of a duplicate.
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> seen;
    struct Cell {
        std::size_t unit, rater;
        std::optional<double> value;
    };
    std::vector<Cell> cells;
    std::set<double> numbers;
    const auto cu = static_cast<std::size_t>(colUnit), cr = static_cast<std::size_t>(colRater),
               cg = static_cast<std::size_t>(colGrade);
    while (reader->next()) {
        const auto& f = reader->fields();
        const std::size_t line = reader->line();
        ++result.rows;
        const std::string unit = text::trimmed(f[cu]), rater = text::trimmed(f[cr]);
        const std::string grade = text::trimmed(f[cg]);
        bool ok = true;
        if (unit.empty()) {
            complain(line, "unit", "the unit is blank: every row names the unit (case) it grades");
            ok = false;
        }
        if (rater.empty()) {
            complain(line, "rater", "the rater is blank: every row names who gave the grade");
            ok = false;
        }
        std::optional<double> value;
        if (!grade.empty()) {
            if (scale) {
                if (auto g = scale->parse(grade))
                    value = scale->values()[*g];
                else {
                    complain(line, "grade",
                             "'" + grade + "' is not a grade of the " + scale->name() + " scale (expected " +
                                 scale->expected() + "; leave the cell blank for a missing grade)");
                    ok = false;
                }
            } else if (auto x = plainNumber(grade)) {
                value = *x;
            } else {
                complain(line, "grade",
                         "'" + grade + "' is not a number (without --scale, grades are numbers such as 1, 2.5 or "
                                       "-1; give --scale for grade labels; leave the cell blank for a missing grade)");
                ok = false;
            }
        }
        if (!ok) continue;
        const std::size_t u = unitIndex.try_emplace(unit, result.units.size()).first->second;
        if (u == result.units.size()) result.units.push_back(unit);
        const std::size_t r = raterIndex.try_emplace(rater, result.raters.size()).first->second;
        if (r == result.raters.size()) result.raters.push_back(rater);
        const auto [it, fresh] = seen.emplace(std::pair{u, r}, line);
        if (!fresh) {
            complain(line, "rater",
                     "rater '" + rater + "' graded unit '" + unit + "' already on line " + std::to_string(it->second) +
                         ": give one row per unit and rater");
            continue;
        }
        if (!value) ++result.blank;
        if (value && !scale) numbers.insert(*value);
        cells.push_back({u, r, value});
    }
    if (!problems.empty()) {
        if (more) problems.push_back({path, "", "and " + std::to_string(more) + " more problems"});
        throw Error(ErrorKind::Data, std::move(problems));
    }
    if (result.rows == 0) throw Error(ErrorKind::Data, path, "", "the file has no ratings (only a header)");
    result.matrix.assign(result.units.size(), std::vector<std::optional<double>>(result.raters.size()));
    for (const auto& c : cells) result.matrix[c.unit][c.rater] = c.value;
    if (scale) {
        result.categories = scale->values();
        result.labels = scale->labels();
    } else {
        result.categories.assign(numbers.begin(), numbers.end());
        for (double v : result.categories) result.labels.push_back(numberText(v));
    }
    return result;
}

RatingsSummary summariseRatings(const RatingMatrix& matrix, const std::vector<double>& categories) {
    RatingsSummary s;
    s.raters = matrix.empty() ? 0 : matrix.front().size();
    for (const auto& unit : matrix) {
        const auto k = static_cast<std::size_t>(std::count_if(unit.begin(), unit.end(), [](const auto& r) { return r.has_value(); }));
        if (k == 0) continue;
        s.minPerUnit = s.units == 0 ? k : std::min(s.minPerUnit, k);
        s.maxPerUnit = std::max(s.maxPerUnit, k);
        ++s.units;
        if (k >= 2) ++s.pairableUnits;
        s.ratings += k;
    }
    s.alphaNominal = krippendorffAlpha(matrix, AlphaMetric::Nominal, categories);
    s.alphaOrdinal = krippendorffAlpha(matrix, AlphaMetric::Ordinal, categories);
    s.alphaInterval = krippendorffAlpha(matrix, AlphaMetric::Interval, categories);
    s.alphaRatio = krippendorffAlpha(matrix, AlphaMetric::Ratio, categories);
    s.fleiss = fleissKappa(matrix, Weighting::Identity, categories);
    s.ac1 = gwetAC(matrix, Weighting::Identity, categories);
    s.ac2Linear = gwetAC(matrix, Weighting::Linear, categories);
    s.ac2Quadratic = gwetAC(matrix, Weighting::Quadratic, categories);
    s.ac2Ordinal = gwetAC(matrix, Weighting::GwetOrdinal, categories);
    return s;
}

}  // namespace audit::agreement
