// The stats jobs: a pairs file's agreement statistics on the scale asked for, and a ratings file's (several raters).
#include <algorithm>
#include <filesystem>

#include "audit/base/error.h"
#include "audit/base/paths.h"
#include "audit/forms/framework.h"
#include "audit/jobs/reconcile.h"

namespace audit::jobs {

using agreement::GradeScale;

namespace {

// A framework id (audit-frameworks/ID.xml), a framework XML file, or a built-in scale ("ofsted4").
GradeScale scaleNamed(const std::string& name) {
    if (auto builtIn = GradeScale::named(name)) return *builtIn;
    if (name.find('/') != std::string::npos || (name.size() > 4 && name.substr(name.size() - 4) == ".xml"))
        return GradeScale::fromFramework(loadFramework(name));
    const std::string path = frameworksDir() + "/" + name + ".xml";
    if (!std::filesystem::exists(path)) {
        std::vector<std::string> known;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(frameworksDir(), ec))
            if (e.path().extension() == ".xml") known.push_back(e.path().stem().string());
        std::sort(known.begin(), known.end());
        for (const auto& n : GradeScale::names()) known.push_back(n);
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        throwUsage("unknown grade scale '" + name + "': give a framework (" + list + ") or a framework XML file");
    }
    return GradeScale::fromFramework(loadFramework(path));
}

}  // namespace

PairStatsResult pairStats(const PairStatsRequest& request) {
    const std::string by = request.by.value_or("");
    if (request.by) {
        const auto& allowed = agreement::pairGroupColumns();
        if (std::find(allowed.begin(), allowed.end(), by) == allowed.end())
            throwUsage("--by must be one of auditor, team, domain, period, not '" + by + "'");
    }
    GradeScale scale = scaleNamed(request.scale);
    agreement::PairsFile pairs = agreement::readPairs(request.pairs, scale, by);
    return {std::move(scale), std::move(pairs)};
}

RatingStatsResult ratingStats(const RatingStatsRequest& request) {
    std::optional<GradeScale> scale;
    if (request.scale != "numbers") scale = scaleNamed(request.scale);
    RatingStatsResult r;
    r.file = agreement::readRatings(request.ratings, scale ? &*scale : nullptr);
    r.summary = agreement::summariseRatings(r.file.matrix, r.file.categories);
    return r;
}

}  // namespace audit::jobs
