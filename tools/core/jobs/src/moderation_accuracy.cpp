// The accuracy job: auditors' agreement with the moderators over time from the store, and its CSV or workbook
// (accuracy_workbook.cpp: Accuracy, Flags, and Trend with a line chart of exact agreement per period).
#include <cstdio>
#include <filesystem>
#include <map>

#include "audit/base/error.h"
#include "audit/forms/template.h"
#include "audit/io/csv.h"
#include "audit/io/xlsx_writer.h"
#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"
#include "accuracy_workbook.h"

namespace audit::jobs {

using namespace audit::moderation;

namespace {

std::string num(const std::optional<double>& v) {
    if (!v) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", *v == 0 ? 0.0 : *v);
    return buf;
}

}  // namespace

std::optional<double> moderatedDownShare(const AccuracyRow& r) {
    if (r.table.n() == 0) return std::nullopt;
    return static_cast<double>(r.down) / static_cast<double>(r.table.n());
}

std::string accuracyNote(const AccuracyRow& r) {
    std::string s;
    if (!r.kappaLinear.value) s = "kappa: " + r.kappaLinear.reason;
    if (!r.ac2.value && r.ac2.reason != r.kappaLinear.reason)
        s += (s.empty() ? "" : "; ") + std::string("AC2: ") + r.ac2.reason;
    else if (!r.ac2.value && !r.kappaLinear.value)
        s = "kappa, AC2: " + r.kappaLinear.reason;
    return s;
}

namespace {

const std::vector<std::string>& csvHeader(const std::string& by) {
    static std::vector<std::string> h;
    h = {by,          "period",        "n",           "exact",          "exact_low",         "exact_high",
         "within_one", "moderated_down", "moderated_up", "down_share",    "kappa_linear",      "kappa_linear_low",
         "kappa_linear_high", "ac2_ordinal", "ac2_ordinal_low", "ac2_ordinal_high", "note", "flags"};
    return h;
}

std::vector<std::string> csvRow(const AccuracyRow& r, const std::string& flags) {
    return {r.group,
            r.period,
            std::to_string(r.table.n()),
            num(r.exact.value),
            num(r.exact.low),
            num(r.exact.high),
            num(r.withinOne.value),
            std::to_string(r.down),
            std::to_string(r.up),
            num(moderatedDownShare(r)),
            num(r.kappaLinear.value),
            num(r.kappaLinear.ciLow),
            num(r.kappaLinear.ciHigh),
            num(r.ac2.value),
            num(r.ac2.ciLow),
            num(r.ac2.ciHigh),
            accuracyNote(r),
            flags};
}

}  // namespace

std::string flagsOf(const Accuracy& acc, const AccuracyRow& r) {
    if (r.period != "all") return "";
    std::string s;
    for (const auto& f : acc.flags)
        if (f.group == r.group) s += (s.empty() ? "" : "; ") + f.kind;
    return s;
}


namespace {

// The output's extension (".csv", ".xlsx" or "" for none); Error(Usage) for another.
std::string outExtension(const ModerationAccuracyRequest& req) {
    std::string ext;
    if (!req.out.empty()) {
        ext = std::filesystem::path(req.out).extension().string();
        for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext != ".csv" && ext != ".xlsx") throwUsage("--out must name a .csv or .xlsx file, not '" + req.out + "'");
    }
    return ext;
}

void checkFramework(const Catalogue& catalogue, const AccuracyOptions& o) {
    if (!o.framework.empty() && !catalogue.framework(o.framework)) {
        std::string known;
        for (const auto& f : catalogue.frameworks()) known += (known.empty() ? "" : ", ") + f.id;
        throwUsage("unknown framework '" + o.framework + "' (known: " + known + ")");
    }
}

ModerationAccuracyResult accuracyOn(Store& store, const Catalogue& catalogue, const ModerationAccuracyRequest& req,
                                    const std::string& ext) {
    const AccuracyOptions& o = req.options;
    const PairSet set = loadPairs(store, o, catalogue);
    ModerationAccuracyResult res;
    res.accuracy = accuracy(set.pairs, o, set.scale.size());
    res.framework = set.framework;
    res.pairs = set.pairs.size();
    const Accuracy& acc = res.accuracy;
    if (ext == ".csv") {
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : acc.rows) rows.push_back(csvRow(r, flagsOf(acc, r)));
        csv::writeFile(req.out, csvHeader(o.by), rows);
    } else if (ext == ".xlsx") {
        std::map<std::string, std::string> titles;
        if (const Framework* fw = catalogue.framework(set.framework))
            for (const auto& d : fw->domains) titles[d.id] = d.title;
        writeAccuracyXlsx(acc, req.out, titles);
    }
    return res;
}

}  // namespace

ModerationAccuracyResult moderationAccuracy(const ModerationAccuracyRequest& req) {
    const std::string ext = outExtension(req);
    const Catalogue catalogue = Catalogue::load();
    checkFramework(catalogue, req.options);
    Store store(req.store, StoreOpen::ReadOnly);
    return accuracyOn(store, catalogue, req, ext);
}

ModerationAccuracyResult moderationAccuracy(Store& store, const ModerationAccuracyRequest& req) {
    const std::string ext = outExtension(req);
    const Catalogue catalogue = Catalogue::load();
    checkFramework(catalogue, req.options);
    return accuracyOn(store, catalogue, req, ext);
}

}  // namespace audit::jobs
