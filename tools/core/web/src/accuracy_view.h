// Moderation accuracy as HTML for the QA lead (private to the web module): exact agreement with its Wilson 95%
// interval by month (a line with error bars and the threshold) and by team (horizontal bars with whiskers), as
// tables and as inline SVG drawn by the server. A point of fewer moderated grades than the job's minimum n is shown
// as "n/a", never as a bar or a point.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace audit::web {

struct AccuracyPoint {
    std::string label;                       // the month or the team
    std::uint64_t n = 0;                     // moderated grades
    std::optional<double> value, low, high;  // exact agreement and its interval, 0..1
    std::optional<double> withinOne;
    bool shown = false;                      // n at least the minimum, and a value
};

// By month: a line through the months' exact agreement with error bars, and the threshold as a dashed line.
std::string accuracyTrendSvg(const std::vector<AccuracyPoint>& months, double threshold, std::size_t minN);
// By team: a horizontal bar per team with its interval as a whisker, and the threshold as a dashed line.
std::string accuracyBarsSvg(const std::vector<AccuracyPoint>& teams, double threshold, std::size_t minN);
// The same figures as a table (`what`: "Month" or "Team").
std::string accuracyTable(const std::string& caption, const std::string& what, const std::vector<AccuracyPoint>& points,
                          std::size_t minN);
// "81.3%"
std::string percent(double share);

}  // namespace audit::web
