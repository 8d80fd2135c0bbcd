#include "stats.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "audit/cli/table.h"

namespace audit::reconcile {

using namespace audit::agreement;

const char* const intervalMethod =
    "ci95 = value ± 1.96·se with the non-null (large-sample) standard error: Fleiss, Cohen & Everitt (1969) for "
    "kappa, Gwet (2008) for AC1/AC2, a jackknife over pairs for alpha; se_null (kappa) is used only for the z test "
    "of kappa = 0 (z and p null when that standard error is zero); intervals are truncated to [-1, 1] "
    "(ci95_truncated says when a limit was cut); a variance within 1e-12 of zero is zero; proportions have Wilson "
    "score intervals";

using cli::fixed;
using cli::pad;

Json coefficientJson(const Coefficient& c, bool kappa) {
    Json j = Json::object();
    j.set("value", c.value);
    j.set("se", c.se);
    if (c.ciLow && c.ciHigh)
        j.set("ci95", Json::Array{Json(*c.ciLow), Json(*c.ciHigh)});
    else
        j.set("ci95", nullptr);
    if (c.ciLow && c.ciHigh) j.set("ci95_truncated", c.truncated);
    if (kappa) {
        j.set("se_null", c.seNull);
        j.set("z", c.z);
        j.set("p_value", c.pValue);
        if (!c.testReason.empty()) j.set("test_reason", c.testReason);
    }
    if (!c.reason.empty()) j.set("reason", c.reason);
    return j;
}

namespace {

Json intervalJson(const Proportion& p) {
    if (p.low && p.high) return Json::Array{Json(*p.low), Json(*p.high)};
    return nullptr;
}

// ------------------------------------------------------------------ terminal formatting

std::string percent(const Proportion& p) { return p.value ? fixed(100 * *p.value, 1) + "%" : "n/a"; }

std::string pvalue(double p) { return p < 0.001 ? "< 0.001" : "= " + fixed(p, 3); }

void printConfusion(std::ostream& out, const ConfusionTable& t, const GradeScale& scale) {
    const std::size_t q = t.q();
    std::size_t labelWidth = std::string("auditor \\ moderator").size();
    for (const auto& l : scale.labels()) labelWidth = std::max(labelWidth, l.size());
    std::vector<std::size_t> widths;
    for (std::size_t j = 0; j < q; ++j) {
        std::size_t w = std::max<std::size_t>(scale.label(j).size(), std::to_string(t.colTotal(j)).size());
        widths.push_back(w);
    }
    const std::size_t totalWidth = std::max<std::size_t>(5, std::to_string(t.n()).size());
    out << pad("auditor \\ moderator", labelWidth);
    for (std::size_t j = 0; j < q; ++j) out << "  " << pad(scale.label(j), widths[j], true);
    out << "  " << pad("total", totalWidth, true) << '\n';
    for (std::size_t i = 0; i < q; ++i) {
        out << pad(scale.label(i), labelWidth);
        for (std::size_t j = 0; j < q; ++j) out << "  " << pad(std::to_string(t(i, j)), widths[j], true);
        out << "  " << pad(std::to_string(t.rowTotal(i)), totalWidth, true) << '\n';
    }
    out << pad("total", labelWidth);
    for (std::size_t j = 0; j < q; ++j) out << "  " << pad(std::to_string(t.colTotal(j)), widths[j], true);
    out << "  " << pad(std::to_string(t.n()), totalWidth, true) << '\n';
}

}  // namespace

void printCoefficient(std::ostream& out, const std::string& name, const Coefficient& c, bool kappa) {
    out << "  " << pad(name, 34);
    if (!c.value) {
        out << "n/a (" << c.reason << ")\n";
        return;
    }
    out << pad(fixed(*c.value, 3), 7, true);
    if (c.se) {
        out << "  " << pad(fixed(*c.se, 3), 6, true) << "  [" << fixed(*c.ciLow, 3) << ", " << fixed(*c.ciHigh, 3) << "]";
    } else {
        out << "  SE n/a (" << c.reason << ")";
    }
    if (kappa && c.seNull && c.z && c.pValue)
        out << "  null SE " << fixed(*c.seNull, 3) << ", z = " << fixed(*c.z, 2) << ", p " << pvalue(*c.pValue);
    out << '\n';
}

void printWrapped(std::ostream& out, const std::string& text) {
    std::string line;
    std::string word;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ' ') {
            if (!line.empty() && line.size() + 1 + word.size() > 100) {
                out << line << '\n';
                line.clear();
            }
            line += (line.empty() ? "" : " ") + word;
            word.clear();
        } else {
            word += text[i];
        }
    }
    if (!line.empty()) out << line << '\n';
}

namespace {

std::string share(std::uint64_t k, std::uint64_t n) {
    return n ? std::to_string(k) + " (" + fixed(100.0 * static_cast<double>(k) / static_cast<double>(n), 1) + "%)"
             : std::to_string(k);
}

void printTally(std::ostream& out, const PairTally& tally, const GradeScale& scale) {
    const Summary s = summarise(tally.table);
    out << "Pairs: " << s.n << " complete of " << tally.rows << " rows";
    if (tally.dropped())
        out << "; " << tally.dropped() << " dropped for a blank grade (auditor's blank " << tally.auditorMissing
            << ", moderator's blank " << tally.moderatorMissing << ", both blank " << tally.bothMissing << ")";
    out << "\n\nConfusion matrix (auditor rows × moderator columns, worst grade first)\n";
    printConfusion(out, tally.table, scale);
    out << '\n' << pad("Agreement", 36) << pad("value", 7, true) << "  95% CI (Wilson)\n";
    auto prop = [&](const std::string& name, const Proportion& p) {
        out << "  " << pad(name, 34) << pad(percent(p), 7, true);
        if (p.low && p.high) out << "  [" << fixed(100 * *p.low, 1) << "%, " << fixed(100 * *p.high, 1) << "%]";
        if (!p.value) out << " (" << p.reason << ")";
        out << '\n';
    };
    prop("exact agreement", s.exact);
    prop("within one grade", s.withinOne);
    out << "  " << pad("moderated down (moderator worse)", 34) << share(s.shift.down, s.n) << '\n';
    out << "  " << pad("moderated up (moderator better)", 34) << share(s.shift.up, s.n) << '\n';
    out << "  " << pad("McNemar-type test, down vs up", 34);
    if (s.shift.chi2)
        out << "chi2 = " << fixed(*s.shift.chi2, 3) << ", 1 df, p " << pvalue(*s.shift.pValue) << '\n';
    else
        out << "n/a (" << s.shift.reason << ")\n";

    out << '\n' << pad("Coefficient", 36) << pad("value", 7, true) << "  " << pad("SE", 6, true) << "  95% CI\n";
    printCoefficient(out, "Cohen's kappa", s.kappa, true);
    printCoefficient(out, "kappa, linear weights", s.kappaLinear, true);
    printCoefficient(out, "kappa, quadratic weights", s.kappaQuadratic, true);
    printCoefficient(out, "Gwet's AC1", s.ac1, false);
    printCoefficient(out, "Gwet's AC2, linear weights", s.ac2Linear, false);
    printCoefficient(out, "Gwet's AC2, quadratic weights", s.ac2Quadratic, false);
    printCoefficient(out, "Gwet's AC2, ordinal weights", s.ac2Ordinal, false);
    printCoefficient(out, "Krippendorff's alpha, nominal", s.alphaNominal, false);
    printCoefficient(out, "Krippendorff's alpha, ordinal", s.alphaOrdinal, false);
    printCoefficient(out, "Krippendorff's alpha, interval", s.alphaInterval, false);
}

std::string cell(const Coefficient& c, std::map<std::string, int>& notes) {
    if (c.value) return fixed(*c.value, 3);
    notes.emplace(c.reason, static_cast<int>(notes.size()) + 1);
    return "n/a";
}

void printGroups(std::ostream& out, const PairsFile& pairs) {
    std::size_t keyWidth = pairs.by.size();
    for (const auto& [key, tally] : pairs.groups) keyWidth = std::max(keyWidth, key.empty() ? 7 : key.size());
    out << "\nBy " << pairs.by << '\n';
    out << pad(pairs.by, keyWidth) << "  " << pad("n", 7, true) << "  " << pad("exact", 7, true) << "  "
        << pad("within 1", 8, true) << "  " << pad("down", 6, true) << "  " << pad("up", 6, true) << "  "
        << pad("kappa lin", 9, true) << "  " << pad("AC2 ord", 7, true) << "  " << pad("alpha ord", 9, true) << '\n';
    std::map<std::string, int> notes;
    for (const auto& [key, tally] : pairs.groups) {
        const Summary s = summarise(tally.table);
        out << pad(key.empty() ? "(blank)" : key, keyWidth) << "  " << pad(std::to_string(s.n), 7, true) << "  "
            << pad(percent(s.exact), 7, true) << "  " << pad(percent(s.withinOne), 8, true) << "  "
            << pad(std::to_string(s.shift.down), 6, true) << "  " << pad(std::to_string(s.shift.up), 6, true) << "  "
            << pad(cell(s.kappaLinear, notes), 9, true) << "  " << pad(cell(s.ac2Ordinal, notes), 7, true) << "  "
            << pad(cell(s.alphaOrdinal, notes), 9, true) << '\n';
    }
    for (const auto& [reason, k] : notes) out << "n/a: " << reason << '\n';
}

}  // namespace

Json tallyJson(const PairTally& tally) {
    const Summary s = summarise(tally.table);
    Json j = Json::object();
    j.set("n", s.n);
    j.set("rows", tally.rows);
    j.set("missing", Json::Object{{"auditor_grade_only", Json(tally.auditorMissing)},
                                  {"moderator_grade_only", Json(tally.moderatorMissing)},
                                  {"both", Json(tally.bothMissing)},
                                  {"dropped", Json(tally.dropped())}});
    j.set("exact_agreement", s.exact.value);
    j.set("exact_agreement_ci95", intervalJson(s.exact));
    j.set("within_one_agreement", s.withinOne.value);
    j.set("within_one_agreement_ci95", intervalJson(s.withinOne));
    if (!s.exact.value) j.set("agreement_reason", s.exact.reason);
    j.set("moderated_down", s.shift.down);
    j.set("moderated_up", s.shift.up);
    {
        Json m = Json::object();
        m.set("chi2", s.shift.chi2);
        m.set("df", 1);
        m.set("p_value", s.shift.pValue);
        if (!s.shift.reason.empty()) m.set("reason", s.shift.reason);
        j.set("mcnemar", std::move(m));
    }
    j.set("kappa", coefficientJson(s.kappa, true));
    j.set("kappa_linear", coefficientJson(s.kappaLinear, true));
    j.set("kappa_quadratic", coefficientJson(s.kappaQuadratic, true));
    j.set("ac1", coefficientJson(s.ac1, false));
    j.set("ac2_linear", coefficientJson(s.ac2Linear, false));
    j.set("ac2_quadratic", coefficientJson(s.ac2Quadratic, false));
    j.set("ac2_ordinal", coefficientJson(s.ac2Ordinal, false));
    j.set("alpha_nominal", coefficientJson(s.alphaNominal, false));
    j.set("alpha_ordinal", coefficientJson(s.alphaOrdinal, false));
    j.set("alpha_interval", coefficientJson(s.alphaInterval, false));
    Json confusion = Json::array();
    for (const auto& row : tally.table.rows()) {
        Json r = Json::array();
        for (auto v : row) r.push(v);
        confusion.push(std::move(r));
    }
    j.set("confusion", std::move(confusion));
    return j;
}

Json statsJson(const PairsFile& pairs, const GradeScale& scale) {
    Json j = Json::object();
    j.set("file", pairs.file);
    j.set("scale", scale.name());
    Json cats = Json::array();
    for (const auto& l : scale.labels()) cats.push(l);
    j.set("categories", std::move(cats));
    // The whole file's statistics at the top level (the contract's keys), then the groups.
    Json all = tallyJson(pairs.all);
    for (auto& [key, value] : *all.members()) j.set(key, std::move(value));
    j.set("weights", "linear 1 - |i - j|/(q - 1); quadratic 1 - (i - j)^2/(q - 1)^2; ac2_ordinal: Gwet's ordinal "
                     "weights 1 - M/max M with M = m(m - 1)/2, m = |i - j| + 1");
    j.set("ci_method", intervalMethod);
    if (!pairs.by.empty()) {
        j.set("by", pairs.by);
        Json groups = Json::array();
        for (const auto& [key, tally] : pairs.groups) {
            Json g = Json::object();
            g.set(pairs.by, key);
            Json body = tallyJson(tally);
            for (auto& [k, v] : *body.members()) g.set(k, std::move(v));
            groups.push(std::move(g));
        }
        j.set("groups", std::move(groups));
    }
    return j;
}

void printStats(std::ostream& out, const PairsFile& pairs, const GradeScale& scale) {
    out << "Agreement of auditor and moderator grades: " << pairs.file << " (scale " << scale.name() << ")\n";
    printTally(out, pairs.all, scale);
    if (!pairs.by.empty()) printGroups(out, pairs);
    // The method note, wrapped.
    out << '\n';
    printWrapped(out, std::string("Intervals: ") + intervalMethod + ".");
}

}  // namespace audit::reconcile
