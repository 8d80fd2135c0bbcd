// The draw's inputs given as text or files: periods, oversampling factors, the auditors' roster, Neyman priors.
#include <charconv>
#include <cmath>
#include <map>

#include "audit/base/error.h"
#include "audit/io/csv.h"
#include "audit/jobs/sample.h"
#include "sample_inputs.h"

namespace audit::jobs {


std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

std::vector<std::string> splitList(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const std::size_t end = std::min(s.find(sep, start), s.size());
        std::string item = trimmed(s.substr(start, end - start));
        if (!item.empty()) out.push_back(item);
        start = end + 1;
    }
    return out;
}

int parseMonths(const std::string& text) {
    std::string t = trimmed(text);
    int unit = 1;
    if (!t.empty() && (t.back() == 'm' || t.back() == 'M')) t.pop_back();
    else if (!t.empty() && (t.back() == 'y' || t.back() == 'Y')) {
        t.pop_back();
        unit = 12;
    }
    int v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || p != t.data() + t.size() || v <= 0)
        throwUsage("--exclude-audited-within '" + text + "' is not a period (expected months like 12m, or years like 1y)");
    return v * unit;
}

std::uint64_t parseSeed(const std::string& text) {
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size())
        throwUsage("--seed '" + text + "' is not a whole number from 0 to 18446744073709551615");
    return v;
}

std::pair<std::string, std::string> parseExclude(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) throwUsage("--exclude '" + text + "' is not COL=VALUE");
    return {text.substr(0, eq), text.substr(eq + 1)};
}

std::pair<std::string, double> parseOversample(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) throwUsage("--oversample '" + text + "' is not FLAG=FACTOR (e.g. missing=2)");
    const std::string flag = trimmed(std::string_view(text).substr(0, eq));
    const std::string factor = trimmed(std::string_view(text).substr(eq + 1));
    bool known = false;
    for (std::size_t b = 0; b < kFlagCount; ++b) known |= matchKey(flag) == matchKey(flagName(b));
    if (!known)
        throwUsage("--oversample: '" + flag + "' is not a flag (expected missing, exploitation, uasc or disability)");
    char* end = nullptr;
    const double f = std::strtod(factor.c_str(), &end);
    if (factor.empty() || end != factor.c_str() + factor.size() || !(f > 0) || !std::isfinite(f))
        throwUsage("--oversample: factor '" + factor + "' is not a positive number");
    return {flag, f};
}

std::vector<Auditor> readRoster(const std::string& path) {
    const csv::Table t = csv::readFile(path);
    std::vector<Problem> problems;
    const int name = t.column("name"), team = t.column("team"), capacity = t.column("capacity");
    const int categories = t.column("categories"), worker = t.column("worker");
    if (name < 0 || team < 0 || capacity < 0) {
        std::string missing;
        if (name < 0) missing += " name";
        if (team < 0) missing += " team";
        if (capacity < 0) missing += " capacity";
        throw Error(ErrorKind::Data, path, "line 1",
                    "the roster needs the columns name, team and capacity (optional: categories, worker); missing:" +
                        missing);
    }
    std::vector<Auditor> roster;
    std::map<std::string, std::string> firstLine;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        Auditor a;
        a.name = trimmed(row[name]);
        a.teams = splitList(row[team], ';');
        const std::string cap = trimmed(row[capacity]);
        long long c = -1;
        auto [p, ec] = std::from_chars(cap.data(), cap.data() + cap.size(), c);
        if (cap.empty() || ec != std::errc() || p != cap.data() + cap.size() || c < 0) {
            problems.push_back({path, t.place(r), "capacity '" + cap + "' is not a whole number of cases (0 or more)"});
            c = 0;
        }
        a.capacity = static_cast<std::size_t>(c);
        if (categories >= 0)
            for (const auto& cat : splitList(row[categories], ';')) {
                // Canonical category names; the built-in aliases are accepted.
                std::optional<Category> found;
                for (Category k : allCategories())
                    if (matchKey(cat) == matchKey(categoryName(k))) found = k;
                if (!found && ColumnMap::available().size() > 0) found = ColumnMap::load("generic").category(cat);
                if (!found)
                    problems.push_back({path, t.place(r), "category '" + cat +
                                                              "' is not known (expected CIN, CP, CLA, Care leaver, Early help)"});
                else a.categories.emplace_back(categoryName(*found));
            }
        if (worker >= 0) a.workerName = trimmed(row[worker]);
        if (a.name.empty()) problems.push_back({path, t.place(r), "the auditor has no name"});
        else if (auto [it, fresh] = firstLine.emplace(a.name, t.place(r)); !fresh)
            problems.push_back({path, t.place(r), "auditor '" + a.name + "' is listed twice (first in " + it->second + ")"});
        if (a.teams.empty()) problems.push_back({path, t.place(r), "auditor '" + a.name + "' has no team"});
        roster.push_back(std::move(a));
    }
    if (roster.empty()) problems.push_back({path, "", "the roster lists no auditor"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    validateRoster(roster, path);  // what is left: some capacity at all
    return roster;
}

std::map<std::string, double> readPriors(const std::string& path) {
    const csv::Table t = csv::readFile(path);
    const int stratum = t.column("stratum");
    int prior = t.column("prior");
    const int sd = t.column("sd");
    if (stratum < 0 || (prior < 0 && sd < 0))
        throw Error(ErrorKind::Data, path, "line 1",
                    "the prior file needs a 'stratum' column and a 'prior' (rate, 0 to 1) or 'sd' column");
    std::map<std::string, double> out;
    std::vector<Problem> problems;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const std::string key = trimmed(t.rows[r][stratum]);
        const std::string text = trimmed(t.rows[r][prior >= 0 ? prior : sd]);
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v < 0 || (prior >= 0 && v > 1)) {
            problems.push_back({path, t.place(r), "'" + text + "' is not " +
                                                      (prior >= 0 ? "a rate between 0 and 1" : "a standard deviation >= 0")});
            continue;
        }
        out[key] = prior >= 0 ? sdFromPrior(v) : v;
    }
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    return out;
}

}  // namespace audit::jobs
