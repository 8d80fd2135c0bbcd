#include "audit/report/spc.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/io/csv.h"

namespace audit::spc {

namespace {

constexpr double limitFactor = 2.66;       // 3 / d2, d2 = 1.128 for moving ranges of two
constexpr double screenFactor = 3.267;     // the upper limit of the moving-range chart, D4 × mean moving range
constexpr std::size_t defaultBaseline = 12;

// −1 below the mean, +1 above, 0 on it.
int side(double x, double mean) { return x > mean ? 1 : (x < mean ? -1 : 0); }

// The cause a rule gives a point: `direction` +1 (high / increasing) or −1.
Cause causeOf(int direction, const std::optional<Polarity>& polarity) {
    if (!polarity) return Cause::Neutral;
    const bool good = (direction > 0) == (*polarity == Polarity::Higher);
    return good ? Cause::Improvement : Cause::Concern;
}

struct Flags {
    std::vector<std::vector<std::string>> rules;
    std::vector<std::vector<int>> directions;
    explicit Flags(std::size_t n) : rules(n), directions(n) {}
    void add(std::size_t i, const char* rule, int direction) {
        if (std::find(rules[i].begin(), rules[i].end(), rule) == rules[i].end()) rules[i].push_back(rule);
        directions[i].push_back(direction);
    }
};

}  // namespace

const char* causeName(Cause c) {
    switch (c) {
        case Cause::None: return "none";
        case Cause::Improvement: return "improvement";
        case Cause::Concern: return "concern";
        case Cause::Neutral: return "neutral";
    }
    return "none";
}

Chart xmr(const std::vector<Observation>& series, const Options& options) {
    const std::size_t n = series.size();
    if (n < 2)
        throw Error(ErrorKind::Data, "an XmR chart needs at least two points (the series has " + std::to_string(n) + ")");
    if (options.runLength != 6 && options.runLength != 7)
        throw Error(ErrorKind::Usage, "runs and trends are of 7 points (Making Data Count) or 6, not " +
                                          std::to_string(options.runLength));
    for (const auto& o : series)
        if (!std::isfinite(o.value)) throw Error(ErrorKind::Data, "period " + o.period + ": the value is not a finite number");
    Chart c;
    c.options = options;
    c.baseline = options.baseline ? *options.baseline : std::min(n, defaultBaseline);
    if (c.baseline < 2 || c.baseline > n)
        throw Error(ErrorKind::Usage, "the baseline must be from 2 points to the length of the series (" +
                                          std::to_string(n) + "), not " + std::to_string(c.baseline));
    c.trial = c.baseline < defaultBaseline;
    for (std::size_t i = 0; i < n; ++i) {
        Point p;
        p.period = series[i].period;
        p.value = series[i].value;
        if (i > 0) p.movingRange = std::fabs(series[i].value - series[i - 1].value);
        c.points.push_back(std::move(p));
    }
    // Mean and mean moving range of the baseline.
    double sum = 0, mrSum = 0;
    for (std::size_t i = 0; i < c.baseline; ++i) sum += c.points[i].value;
    for (std::size_t i = 1; i < c.baseline; ++i) mrSum += *c.points[i].movingRange;
    c.mean = sum / static_cast<double>(c.baseline);
    c.meanMovingRange = mrSum / static_cast<double>(c.baseline - 1);
    if (options.screenMovingRanges) {
        const double cut = screenFactor * c.meanMovingRange;
        double kept = 0;
        std::size_t count = 0;
        for (std::size_t i = 1; i < c.baseline; ++i) {
            if (*c.points[i].movingRange > cut) {
                c.points[i].movingRangeScreened = true;
            } else {
                kept += *c.points[i].movingRange;
                ++count;
            }
        }
        if (count > 0) c.meanMovingRange = kept / static_cast<double>(count);
    }
    const double width = limitFactor * c.meanMovingRange;
    c.lower = c.mean - width;
    c.upper = c.mean + width;
    c.nearLower = c.mean - width * 2 / 3;
    c.nearUpper = c.mean + width * 2 / 3;

    Flags flags(n);
    std::vector<int> sides(n);
    for (std::size_t i = 0; i < n; ++i) sides[i] = side(c.points[i].value, c.mean);
    // Outside the process limits.
    for (std::size_t i = 0; i < n; ++i) {
        const double x = c.points[i].value;
        if (x > c.upper) flags.add(i, "outside", 1);
        if (x < c.lower) flags.add(i, "outside", -1);
    }
    const std::size_t run = options.runLength;
    // Shifts: maximal runs of one side of the mean of `run` or more points.
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && sides[j] == sides[i]) ++j;
        if (sides[i] != 0 && j - i >= run)
            for (std::size_t k = i; k < j; ++k) flags.add(k, "shift", sides[i]);
        i = j;
    }
    // Trends: maximal strictly monotone stretches of `run` or more points (run − 1 steps the same way).
    {
        std::size_t start = 0;
        int dir = 0;
        auto close = [&](std::size_t end) {  // the stretch [start, end]
            if (dir != 0 && end + 1 - start >= run)
                for (std::size_t k = start; k <= end; ++k) flags.add(k, "trend", dir);
        };
        for (std::size_t i = 1; i < n; ++i) {
            const double d = c.points[i].value - c.points[i - 1].value;
            const int step = d > 0 ? 1 : (d < 0 ? -1 : 0);
            if (step != dir || step == 0) {
                close(i - 1);
                start = i - 1;
                dir = step;
            }
        }
        close(n - 1);
    }
    // Two of three beyond the same near limit, the three on one side of the mean.
    for (std::size_t i = 0; i + 3 <= n; ++i) {
        for (int s : {1, -1}) {
            bool sameSide = true;
            std::size_t beyond = 0;
            for (std::size_t k = i; k < i + 3; ++k) {
                sameSide = sameSide && sides[k] == s;
                const double x = c.points[k].value;
                if (s > 0 ? x > c.nearUpper : x < c.nearLower) ++beyond;
            }
            if (!sameSide || beyond < 2) continue;
            for (std::size_t k = i; k < i + 3; ++k) {
                const double x = c.points[k].value;
                if (s > 0 ? x > c.nearUpper : x < c.nearLower) flags.add(k, "two-of-three", s);
            }
        }
    }
    // A series of two points has no window of three: nothing more to do.
    for (std::size_t i = 0; i < n; ++i) {
        auto& p = c.points[i];
        p.rules = flags.rules[i];
        // Keep the rules in the documented order.
        static const std::vector<std::string> order = {"outside", "shift", "trend", "two-of-three"};
        std::sort(p.rules.begin(), p.rules.end(), [&](const std::string& a, const std::string& b) {
            return std::find(order.begin(), order.end(), a) < std::find(order.begin(), order.end(), b);
        });
        if (flags.directions[i].empty()) continue;
        bool improvement = false, concern = false;
        for (int d : flags.directions[i]) {
            const Cause k = causeOf(d, options.polarity);
            improvement = improvement || k == Cause::Improvement;
            concern = concern || k == Cause::Concern;
        }
        p.cause = !options.polarity ? Cause::Neutral : (improvement ? Cause::Improvement : Cause::Concern);
    }
    // Variation icon: the last point.
    const Point& last = c.points.back();
    if (last.cause == Cause::None) {
        c.variation = "common-cause";
    } else {
        // High or low: the direction of the rule that set its cause (the side of the mean, or the trend's way).
        int dir = 0;
        for (int d : flags.directions[n - 1])
            if (!options.polarity || causeOf(d, options.polarity) == last.cause) {
                dir = d;
                break;
            }
        c.variation = std::string(causeName(last.cause)) + (dir > 0 ? "-high" : "-low");
    }
    // Assurance icon.
    if (options.target) {
        if (!options.polarity) {
            c.assuranceNote = "no assurance icon without a polarity: whether the target is passed depends on "
                              "whether higher or lower values are better";
        } else {
            const double t = *options.target;
            const bool higher = *options.polarity == Polarity::Higher;
            if (t < c.lower)
                c.assurance = higher ? "consistently-passing" : "consistently-failing";
            else if (t > c.upper)
                c.assurance = higher ? "consistently-failing" : "consistently-passing";
            else
                c.assurance = "inconsistent";
        }
    }
    return c;
}

std::string variationWords(const std::string& variation) {
    if (variation == "common-cause") return "Common cause variation: no significant change";
    const bool high = variation.size() > 5 && variation.substr(variation.size() - 5) == "-high";
    const std::string way = high ? "higher" : "lower";
    if (variation.rfind("improvement", 0) == 0) return "Special cause of improvement: " + way + " values";
    if (variation.rfind("concern", 0) == 0) return "Special cause of concern: " + way + " values";
    return "Special cause variation (no polarity given): " + way + " values";
}

std::string assuranceWords(const std::string& assurance) {
    if (assurance == "consistently-passing") return "The system is expected consistently to pass the target";
    if (assurance == "consistently-failing") return "The system is expected consistently to fail the target";
    if (assurance == "inconsistent") return "The system may pass or fail the target: it is within the limits";
    return "";
}

std::vector<Observation> readSeries(const std::string& path) {
    const csv::Table t = csv::readFile(path);
    std::vector<Problem> problems;
    const int colPeriod = t.column("period"), colValue = t.column("value");
    std::string header;
    for (const auto& h : t.header) header += (header.empty() ? "" : ", ") + h;
    for (const auto& [col, name] : {std::pair{colPeriod, "period"}, std::pair{colValue, "value"}})
        if (col < 0)
            problems.push_back({path, "line 1",
                                std::string("missing column '") + name + "': a series needs the columns period and value (the header has: " +
                                    (header.empty() ? std::string("nothing") : header) + ")"});
    if (!problems.empty()) throw Error(ErrorKind::Data, std::move(problems));
    std::vector<Observation> out;
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& r = t.rows[i];
        const std::string period = text::trimmed(r[static_cast<std::size_t>(colPeriod)]);
        const std::string cell = text::trimmed(r[static_cast<std::size_t>(colValue)]);
        bool ok = true;
        if (period.empty()) {
            problems.push_back({path, t.place(i) + ", column period", "the period is blank"});
            ok = false;
        } else if (auto [it, fresh] = seen.emplace(period, t.lines[i]); !fresh) {
            problems.push_back({path, t.place(i) + ", column period",
                                "period '" + period + "' is given already on line " + std::to_string(it->second) +
                                    ": one row per period"});
            ok = false;
        }
        const auto v = parseNumber(cell);
        if (!v) {
            problems.push_back({path, t.place(i) + ", column value",
                                cell.empty() ? std::string("the value is blank: give a number (leave the period out if it has none)")
                                             : "'" + cell + "' is not a number (expected e.g. 42, 87.5 or 87.5%)"});
            ok = false;
        }
        if (ok) out.push_back({period, *v});
    }
    if (!problems.empty()) throw Error(ErrorKind::Data, std::move(problems));
    return out;
}

}  // namespace audit::spc
