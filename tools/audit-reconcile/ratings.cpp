#include "ratings.h"

#include <map>

#include "audit/cli/table.h"
#include "audit/jobs/reconcile.h"
#include "audit/moderation/ratings.h"
#include "json.h"
#include "stats.h"

namespace audit::reconcile {

using namespace audit::agreement;

namespace {

const char* const ratingsIntervalMethod =
    "ci95 = value ± 1.96·se: Gwet's (2014) linearised standard error for Fleiss' kappa and AC1/AC2 (no "
    "finite-population correction), a jackknife over units for alpha; Fleiss' se_null, z and p_value (Fleiss, "
    "Nee & Landis 1979) only when every unit has the same number of grades; intervals are not truncated to "
    "the coefficient's range";

const char* const ratingsWeights =
    "on the positions of the categories: linear 1 - |i - j|/(q - 1); quadratic 1 - (i - j)^2/(q - 1)^2; ordinal: "
    "Gwet's ordinal weights 1 - M/max M with M = m(m - 1)/2, m = |i - j| + 1; alpha uses the categories' values "
    "(interval, ratio) and their order (ordinal)";

struct Row {
    const char* key;
    const char* name;
    const Coefficient RatingsSummary::*field;
    bool kappa;
};

const Row rows[] = {
    {"alpha_nominal", "Krippendorff's alpha, nominal", &RatingsSummary::alphaNominal, false},
    {"alpha_ordinal", "Krippendorff's alpha, ordinal", &RatingsSummary::alphaOrdinal, false},
    {"alpha_interval", "Krippendorff's alpha, interval", &RatingsSummary::alphaInterval, false},
    {"alpha_ratio", "Krippendorff's alpha, ratio", &RatingsSummary::alphaRatio, false},
    {"fleiss_kappa", "Fleiss' kappa", &RatingsSummary::fleiss, true},
    {"ac1", "Gwet's AC1", &RatingsSummary::ac1, false},
    {"ac2_linear", "Gwet's AC2, linear weights", &RatingsSummary::ac2Linear, false},
    {"ac2_quadratic", "Gwet's AC2, quadratic weights", &RatingsSummary::ac2Quadratic, false},
    {"ac2_ordinal", "Gwet's AC2, ordinal weights", &RatingsSummary::ac2Ordinal, false},
};

// How often each category was given.
std::vector<std::uint64_t> categoryCounts(const RatingsFile& f) {
    std::map<double, std::size_t> index;
    for (std::size_t k = 0; k < f.categories.size(); ++k) index.emplace(f.categories[k], k);
    std::vector<std::uint64_t> counts(f.categories.size(), 0);
    for (const auto& unit : f.matrix)
        for (const auto& r : unit)
            if (r) ++counts[index.at(*r)];
    return counts;
}

Json ratingsJson(const RatingsFile& f, const RatingsSummary& s) {
    Json j = Json::object();
    j.set("file", f.file);
    j.set("scale", f.scale);
    Json cats = Json::array(), given = Json::array();
    const auto counts = categoryCounts(f);
    for (std::size_t k = 0; k < f.labels.size(); ++k) {
        cats.push(f.labels[k]);
        given.push(counts[k]);
    }
    j.set("categories", std::move(cats));
    j.set("grades_by_category", std::move(given));
    j.set("rows", f.rows);
    j.set("blank", f.blank);
    j.set("units", static_cast<std::uint64_t>(s.units));
    j.set("pairable_units", static_cast<std::uint64_t>(s.pairableUnits));
    j.set("raters", static_cast<std::uint64_t>(s.raters));
    j.set("ratings", s.ratings);
    j.set("grades_per_unit", Json::Object{{"min", Json(static_cast<std::uint64_t>(s.minPerUnit))},
                                          {"max", Json(static_cast<std::uint64_t>(s.maxPerUnit))}});
    for (const auto& row : rows) j.set(row.key, coefficientJson(s.*row.field, row.kappa));
    j.set("weights", ratingsWeights);
    j.set("ci_method", ratingsIntervalMethod);
    return j;
}

void printRatings(std::ostream& out, const RatingsFile& f, const RatingsSummary& s) {
    using cli::pad;
    out << "Agreement of several raters: " << f.file << " (scale " << f.scale << ")\n";
    out << "Units: " << s.units << " graded, " << s.pairableUnits << " of them by two raters or more; raters: "
        << s.raters << "; grades: " << s.ratings << " (" << f.rows << " rows, " << f.blank << " blank)";
    if (s.units) out << "; " << s.minPerUnit << "-" << s.maxPerUnit << " grades per unit";
    out << "\n\nGrades given\n";
    const auto counts = categoryCounts(f);
    for (std::size_t k = 0; k < f.labels.size(); ++k)
        out << "  " << pad(f.labels[k], 34) << pad(std::to_string(counts[k]), 7, true) << '\n';
    out << '\n' << pad("Coefficient", 36) << pad("value", 7, true) << "  " << pad("SE", 6, true) << "  95% CI\n";
    for (const auto& row : rows) printCoefficient(out, row.name, s.*row.field, row.kappa);
    out << '\n';
    printWrapped(out, std::string("Intervals: ") + ratingsIntervalMethod + ". Weights " + ratingsWeights + ".");
}

}  // namespace

int ratingsCommand(cli::Tool& tool) {
    if (tool.has("by")) tool.usageError("--by breaks down a pairs file (--pairs); it does not apply to --ratings");
    const jobs::RatingStatsResult r = jobs::ratingStats({tool.require("ratings"), tool.value("scale", "ofsted-four-point")});
    const RatingsFile& f = r.file;
    const RatingsSummary& s = r.summary;
    if (tool.json())
        tool.out() << ratingsJson(f, s).dump() << '\n';
    else if (!tool.quiet())
        printRatings(tool.out(), f, s);
    tool.out().flush();
    return 0;
}

}  // namespace audit::reconcile
