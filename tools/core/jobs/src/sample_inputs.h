// Inside the jobs module: the text helpers and the Neyman prior file of the sample draw.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace audit::jobs {

std::string trimmed(std::string_view s);                            // without leading and trailing blanks and tabs
std::vector<std::string> splitList(std::string_view s, char sep);   // trimmed items, empty ones left out
// The prior file of --allocation neyman: 'stratum' and 'prior' (a rate, 0 to 1) or 'sd' per row -> stratum -> SD.
std::map<std::string, double> readPriors(const std::string& path);

}  // namespace audit::jobs
