// Agreement pairs files (ARCHITECTURE §6, a contract): CSV with columns `auditor_grade` and
// `moderator_grade` (grade labels of the scale, case-insensitive, with aliases, or numbers 1..q where 1 is
// the worst grade; blank = missing) and optional `auditor`, `team`, `domain`, `period`.
//
// The file is streamed (audit::csv::Reader) and counted straight into q×q confusion tables
// (auditor rows × moderator columns, worst grade first): a million pairs take a fraction of a second.
// A pair with either grade blank is dropped and counted. An unknown grade is an Error(Data) naming the file,
// the line, the column and the value and listing the expected grades (every such problem in the file is
// collected, up to a limit, into one Error).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/moderation/agreement.h"

namespace audit {
class Framework;
}

namespace audit::agreement {

// An ordered grade scale, worst grade first: a framework's grades (fromFramework), or the built-in
// four-point Ofsted scale ofsted4() (the same grades as audit-frameworks/ofsted-four-point.xml).
class GradeScale {
public:
    // labels: worst first. aliases: (alternative spelling, index of the grade it means). values: the number
    // that stands for each grade in a file (worst first); empty = 1..q, so that 1 is the worst grade.
    GradeScale(std::string name, std::vector<std::string> labelsWorstFirst,
               std::vector<std::pair<std::string, std::size_t>> aliases = {}, std::vector<double> values = {});

    // Inadequate, Requires improvement, Good, Outstanding (aliases "RI", "Requires improvement to be good").
    static GradeScale ofsted4();
    // A framework's grades, worst first: labels, keys as aliases, the grades' values as their numbers
    // (Ofsted 1..4, Signs of Safety 0..10). A grade labelled like one of ofsted4() also takes its aliases.
    // The scale is named after the framework's id.
    static GradeScale fromFramework(const Framework& framework);
    // A scale by name ("ofsted4"); nullopt if there is none of that name.
    static std::optional<GradeScale> named(std::string_view name);
    static std::vector<std::string> names();  // the names named() knows

    const std::string& name() const { return name_; }
    std::size_t size() const { return labels_.size(); }
    const std::string& label(std::size_t index) const { return labels_.at(index); }
    const std::vector<std::string>& labels() const { return labels_; }

    const std::vector<double>& values() const { return values_; }

    // The grade index (0 = worst) of a cell: a label or alias compared case-insensitively with spaces,
    // '-' and '_' treated alike and runs of them collapsed, or the number of a grade ("3" or "3.0"; by
    // default 1..q, 1 = worst). nullopt if the cell is none of these. A blank cell is not a grade: callers
    // treat it as missing.
    std::optional<std::size_t> parse(std::string_view cell) const;
    // "Inadequate, Requires improvement, Good or Outstanding, or a number 1-4 (1 = Inadequate, 4 = Outstanding)"
    std::string expected() const;

private:
    std::string name_;
    std::vector<std::string> labels_;
    std::vector<std::pair<std::string, std::size_t>> keys_;  // normalised spelling → index
    std::vector<double> values_;
};

// The pairs of one group (or of the whole file).
struct PairTally {
    explicit PairTally(std::size_t q) : table(q) {}
    ConfusionTable table;              // complete pairs
    std::uint64_t rows = 0;            // data rows read
    std::uint64_t auditorMissing = 0;  // auditor grade blank, moderator grade given
    std::uint64_t moderatorMissing = 0;
    std::uint64_t bothMissing = 0;
    std::uint64_t dropped() const { return auditorMissing + moderatorMissing + bothMissing; }
};

struct PairsFile {
    std::string file;
    std::string by;  // the column the pairs are grouped on; empty for none
    PairTally all;
    std::map<std::string, PairTally, std::less<>> groups;  // by the group column's value, trimmed
};

// The optional columns a pairs file may be broken down by.
const std::vector<std::string>& pairGroupColumns();  // auditor, team, domain, period

// Reads a pairs file. `by`: one of pairGroupColumns() or empty. Errors: Error(NoInput) when the file is
// missing; Error(Data) for a missing column (auditor_grade, moderator_grade or `by`), an unknown grade or
// malformed CSV. `threads`: 0 reads a large file (8 MB or more) on two threads when the load average leaves a
// core free; 1 or 2 say how many (the tests). The result, problems included, does not depend on it.
PairsFile readPairs(const std::string& path, const GradeScale& scale, const std::string& by = "", unsigned threads = 0);

}  // namespace audit::agreement
