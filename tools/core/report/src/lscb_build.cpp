#include "audit/report/lscb_build.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "audit/store/store_retention.h"

namespace audit::report {

LscbBuilt buildLscb(Store& store, const ReportDefinition& def, LscbOptions options, const LscbBuild& build) {
    return store.transaction([&] {
        LscbBuilt built;
        options.storeName = store.name();
        if (build.kpis) {
            built.kpis = importKpis(store, *build.kpis, def);
            options.kpiSource = std::filesystem::path(*build.kpis).filename().string();
            options.kpiHash = built.kpis->hash;
        }
        if (!build.annexKpis.empty()) {
            built.annexKpis = importKpiText(store, build.annexSource, kpisToCsv(build.annexKpis), def);
            options.kpiSource = options.kpiSource.empty() ? build.annexSource : options.kpiSource + " and " + build.annexSource;
            if (options.kpiHash.empty()) options.kpiHash = built.annexKpis->hash;
        }
        if (build.selfAssessments) {
            built.selfAssessments = importSelfAssessments(store, *build.selfAssessments, def);
            options.selfSource = std::filesystem::path(*build.selfAssessments).filename().string();
            options.selfHash = built.selfAssessments->hash;
        }
        if (options.publish) options.pseudonymKey = store.pseudonymKey();
        // The months the workbook shows (the trend reaches back before the period): what was purged from them.
        const Period shown{"", options.period.lastMonth - std::max(options.trendMonths, 1) + 1, options.period.lastMonth};
        options.purged = purgeNotes(store, std::min(shown.firstDay(), options.period.firstDay()), options.period.lastDay());
        std::vector<Kpi> kpis = storedKpis(store);
        // Computed beats typed: for an indicator and period the Annex A extracts give, their value is shown, whatever
        // was imported since.
        std::set<std::pair<std::string, std::string>> computed;
        for (const auto& k : build.annexKpis) computed.emplace(k.indicator, k.period);
        if (!computed.empty()) {
            kpis.erase(std::remove_if(kpis.begin(), kpis.end(),
                                      [&](const Kpi& k) { return computed.count({k.indicator, k.period}) != 0; }),
                       kpis.end());
            kpis.insert(kpis.end(), build.annexKpis.begin(), build.annexKpis.end());
        }
        const std::vector<SelfAssessment> sas = storedSelfAssessments(store);
        const ReportData data = loadReportData(store, &def);
        built.result = writeLscbWorkbook(build.out, def, data, kpis, sas, options);  // in place when it returns
        store.logEvent(build.tool, build.command, build.out);
        return built;
    });
}

TrackerResult buildActionsTracker(Store& store, const std::string& out, const std::string& asOf,
                                  const std::string& tool) {
    return store.transaction([&] {
        const ReportData data = loadReportData(store);
        const TrackerResult r = writeActionsTracker(out, data, asOf);
        store.logEvent(tool, "actions --as-of " + asOf, out);
        return r;
    });
}

TrackerImport importActionsTrackerLogged(Store& store, const std::string& path, const std::string& today,
                                         const std::string& updatedBy, const std::string& tool) {
    return store.transaction([&] {
        const TrackerImport r = importActionsTracker(store, path, today, updatedBy);
        store.logEvent(tool, "actions-import", path);
        return r;
    });
}

}  // namespace audit::report
