#include "audit/forms/score_summary.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "audit/base/error.h"
#include "audit/store/store.h"
#include "audit/io/xlsx_writer.h"

namespace audit {

namespace {

struct AuditRow {
    std::int64_t id = 0;
    std::optional<std::int64_t> drawId;
    std::string caseRef, templateName, team, frameworkId;
    const Framework* fw = nullptr;
    std::optional<std::string> overall;  // final overall grade label
};

}  // namespace

ScoreSummary summarise(Store& store, const Catalogue& catalogue, const std::string& periodText) {
    ScoreSummary s;
    s.period = periodText;
    std::optional<Period> period;
    if (!periodText.empty()) {
        period = parsePeriod(periodText);
        if (!period) throwUsage("'" + periodText + "' is not a period (expected " + kPeriodForms + ")");
    }

    // Latest versions in the period.
    std::map<std::int64_t, AuditRow> audits;
    std::set<std::string> frameworksUsed;
    for (const auto& row : store.query("SELECT id, draw_id, case_ref, template_id, template_version, framework_id, "
                                       "team, period FROM audit_latest ORDER BY id")) {
        if (period) {
            auto p = parsePeriod(row.text("period"));
            if (!p || !period->contains(*p)) continue;
        }
        AuditRow a;
        a.id = row.integer("id");
        a.drawId = row.optInteger("draw_id");
        a.caseRef = row.text("case_ref");
        a.templateName = row.text("template_id") + " v" + row.text("template_version");
        if (!s.templateTitles.count(a.templateName)) {
            const Template* t = catalogue.findTemplate(row.text("template_id"),
                                                       static_cast<int>(row.integer("template_version")));
            s.templateTitles[a.templateName] = t && !t->title.empty()
                                                   ? t->title + " (version " + row.text("template_version") + ")"
                                                   : a.templateName;
        }
        a.team = row.text("team").empty() ? "(no team)" : row.text("team");
        a.frameworkId = row.text("framework_id");
        a.fw = catalogue.framework(a.frameworkId);
        if (a.fw) frameworksUsed.insert(a.frameworkId);
        audits.emplace(a.id, a);
    }
    s.audits = audits.size();

    // Grade order: best first, over the frameworks used (the first framework's order, then any others').
    for (const auto& fwId : frameworksUsed) {
        const Framework* fw = catalogue.framework(fwId);
        for (const auto& label : fw->gradeLabels(true))
            if (std::find(s.gradeOrder.begin(), s.gradeOrder.end(), label) == s.gradeOrder.end())
                s.gradeOrder.push_back(label);
        if (fwId == *frameworksUsed.begin() && !fw->thresholdLabel.empty()) s.thresholdLabel = fw->thresholdLabel;
    }
    for (const auto& fwId : frameworksUsed)
        for (const auto& d : catalogue.framework(fwId)->domains) {
            if (std::find(s.domainOrder.begin(), s.domainOrder.end(), d.id) == s.domainOrder.end())
                s.domainOrder.push_back(d.id);
            if (!d.title.empty()) s.domainTitles.emplace(d.id, d.title);
        }

    // Judgements of those audits.
    for (const auto& row : store.query("SELECT j.audit_id, j.domain, j.computed_grade, j.auditor_grade, j.disagrees "
                                       "FROM judgement j JOIN audit_latest a ON a.id = j.audit_id")) {
        auto it = audits.find(row.integer("audit_id"));
        if (it == audits.end()) continue;
        AuditRow& a = it->second;
        const std::string domain = row.text("domain");
        const auto auditorGrade = row.optText("auditor_grade");
        const auto computed = row.optText("computed_grade");
        const std::optional<std::string> final = auditorGrade && !auditorGrade->empty() ? auditorGrade : computed;
        const bool overall = domain == "_overall";
        if (row.integer("disagrees") != 0) ++s.disagreements[overall ? "overall" : domain];
        if (!final || final->empty()) continue;
        if (overall) {
            a.overall = final;
            ++s.overall[*final];
            ++s.teams[a.team][*final];
            ++s.templates[a.templateName][*final];
        } else {
            ++s.domains[domain][*final];
        }
    }

    // Unweighted share good or better.
    auto good = [](const AuditRow& a) {
        if (!a.fw || !a.overall) return false;
        const Grade* g = a.fw->grade(*a.overall);
        return g && a.fw->meetsThreshold(*g);
    };
    for (const auto& [id, a] : audits) {
        if (!a.overall) continue;
        ++s.graded;
        if (good(a)) ++s.goodOrBetter;
    }
    if (s.graded > 0)
        s.unweightedCi = wilsonInterval(static_cast<double>(s.goodOrBetter), static_cast<double>(s.graded));

    // Design-weighted: audits from draws in the store.
    std::set<std::int64_t> drawIds;
    for (const auto& [id, a] : audits)
        if (a.drawId && a.overall) drawIds.insert(*a.drawId);
    struct Stratum {
        double population = 0;
        std::size_t sampled = 0, successes = 0;
    };
    std::map<std::string, Stratum> strata;
    std::set<std::int64_t> counted;
    std::size_t drawsUsed = 0;
    for (std::int64_t drawId : drawIds) {
        // Members and their strata.
        std::map<std::string, std::string> stratumOf;
        for (const auto& m : store.query("SELECT case_ref, stratum, design_weight FROM draw_member WHERE draw_id = ?",
                                         drawId)) {
            const std::string key = "draw " + std::to_string(drawId) + ": " + m.text("stratum");
            stratumOf[m.text("case_ref")] = key;
            strata[key].population += m.real("design_weight");
        }
        if (stratumOf.empty()) continue;
        // The latest audit per drawn case (the highest id).
        std::map<std::string, const AuditRow*> perCase;
        for (const auto& [id, a] : audits)
            if (a.drawId == drawId && a.overall && stratumOf.count(a.caseRef)) perCase[a.caseRef] = &a;
        if (!perCase.empty()) ++drawsUsed;
        for (const auto& [caseRef, a] : perCase) {
            Stratum& st = strata[stratumOf[caseRef]];
            ++st.sampled;
            if (good(*a)) ++st.successes;
            counted.insert(a->id);
        }
    }
    for (const auto& [id, a] : audits)
        if (a.overall && !counted.count(id)) ++s.outsideDraws;
    std::vector<StratumCounts> counts;
    std::size_t empty = 0;
    for (const auto& [key, st] : strata) {
        if (st.sampled == 0) {
            ++empty;
            continue;
        }
        counts.push_back({key, std::max(st.population, static_cast<double>(st.sampled)), st.sampled, st.successes});
    }
    if (!counts.empty()) {
        WeightedShare w;
        w.estimate = stratifiedProportion(counts);
        if (w.estimate.se) w.ci = w.estimate.ci(0.95, 0.0, 1.0);
        else w.ciNote = "n/a: no stratum has two returned audits, so the standard error cannot be computed";
        w.audits = counted.size();
        w.draws = drawsUsed;
        w.strataWithoutReturns = empty;
        s.weighted = w;
        if (empty > 0)
            s.weightedNote = std::to_string(empty) + " drawn strata with no returned audit are left out of the estimate";
    } else {
        s.weightedNote = s.graded == 0 ? "no graded audit" : "no graded audit comes from a draw in the store";
    }
    return s;
}

namespace {

Poco::JSON::Object::Ptr countsJson(const GradeCounts& c, const std::vector<std::string>& order) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& g : order)
        if (auto it = c.find(g); it != c.end()) o->set(g, static_cast<Poco::UInt64>(it->second));
    for (const auto& [g, n] : c)
        if (std::find(order.begin(), order.end(), g) == order.end()) o->set(g, static_cast<Poco::UInt64>(n));
    return o;
}

Poco::JSON::Array::Ptr pair(double a, double b) {
    Poco::JSON::Array::Ptr arr = new Poco::JSON::Array;
    arr->add(a);
    arr->add(b);
    return arr;
}

std::vector<std::string> orderedDomains(const ScoreSummary& s) {
    std::vector<std::string> out;
    for (const auto& d : s.domainOrder)
        if (s.domains.count(d)) out.push_back(d);
    for (const auto& [d, c] : s.domains)
        if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
    return out;
}

}  // namespace

std::string summaryJson(const ScoreSummary& s) {
    Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
    root.set("audits", static_cast<Poco::UInt64>(s.audits));
    if (s.period.empty())
        root.set("period", Poco::Dynamic::Var());
    else
        root.set("period", s.period);
    Poco::JSON::Object::Ptr domains = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& d : orderedDomains(s)) domains->set(d, countsJson(s.domains.at(d), s.gradeOrder));
    root.set("domains", domains);
    root.set("overall", countsJson(s.overall, s.gradeOrder));
    Poco::JSON::Object::Ptr teams = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [t, c] : s.teams) teams->set(t, countsJson(c, s.gradeOrder));
    root.set("teams", teams);
    Poco::JSON::Object::Ptr templates = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [t, c] : s.templates) templates->set(t, countsJson(c, s.gradeOrder));
    root.set("templates", templates);
    Poco::JSON::Object::Ptr dis = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [d, n] : s.disagreements) dis->set(d, static_cast<Poco::UInt64>(n));
    root.set("disagreements", dis);

    Poco::JSON::Object::Ptr gb = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    gb->set("label", s.thresholdLabel);
    gb->set("grade_counted", ScoreSummary::kGradeCounted);
    gb->set("count", static_cast<Poco::UInt64>(s.goodOrBetter));
    gb->set("graded", static_cast<Poco::UInt64>(s.graded));
    if (s.graded > 0) {
        gb->set("share", static_cast<double>(s.goodOrBetter) / static_cast<double>(s.graded));
        gb->set("ci95", pair(s.unweightedCi->lower, s.unweightedCi->upper));
        gb->set("ci_method", s.unweightedCi->method);
    } else {
        gb->set("share", Poco::Dynamic::Var());
        gb->set("ci95", Poco::Dynamic::Var());
    }
    if (s.weighted) {
        const auto& w = *s.weighted;
        Poco::JSON::Object::Ptr wo = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        wo->set("estimate", w.estimate.estimate);
        if (w.estimate.se) wo->set("se", *w.estimate.se);
        else wo->set("se", Poco::Dynamic::Var());
        if (w.ci) {
            wo->set("ci95", pair(w.ci->lower, w.ci->upper));
        } else {
            wo->set("ci95", Poco::Dynamic::Var());
            wo->set("ci95_note", w.ciNote);
        }
        wo->set("audits", static_cast<Poco::UInt64>(w.audits));
        wo->set("draws", static_cast<Poco::UInt64>(w.draws));
        wo->set("strata", static_cast<Poco::UInt64>(w.estimate.strata.size()));
        wo->set("strata_without_returns", static_cast<Poco::UInt64>(w.strataWithoutReturns));
        wo->set("population", w.estimate.N);
        wo->set("method", w.estimate.method + (w.ci ? "; interval: " + w.ci->method : std::string()));
        gb->set("weighted", wo);
    } else {
        gb->set("weighted", Poco::Dynamic::Var());
    }
    if (!s.weightedNote.empty()) gb->set("weighted_note", s.weightedNote);
    gb->set("outside_draws", static_cast<Poco::UInt64>(s.outsideDraws));
    root.set("good_or_better", gb);
    std::ostringstream os;
    root.stringify(os);
    return os.str();
}

void writeSummaryXlsx(const ScoreSummary& s, const std::string& path) {
    xlsx::Writer::Options opt;
    opt.title = "Case audit scores" + (s.period.empty() ? std::string() : " " + s.period);
    xlsx::Writer w(path, opt);
    lxw_format* title = w.format("title");
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* header = w.format("header");
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(header, 0xD9E1F2);
    format_set_border(header, LXW_BORDER_THIN);
    lxw_format* pct = w.format("percent");
    format_set_num_format(pct, "0.0%");
    lxw_format* count = w.format("count");
    format_set_num_format(count, "#,##0");
    lxw_format* wrap = w.format("wrap");
    lxw_format* note = w.format("note");
    format_set_italic(note);
    format_set_text_wrap(note);
    format_set_align(note, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* right = w.format("right");
    format_set_align(right, LXW_ALIGN_RIGHT);
    // Rows of wrapped text get the height of their lines (neither Excel nor LibreOffice grows a row by itself).
    auto tall = [&](lxw_worksheet* ws, std::size_t r, const std::string& text, double width) {
        const double lines = std::ceil(static_cast<double>(text.size()) / std::max(10.0, width * 1.1 - 2));
        if (lines > 1) w.check(worksheet_set_row(ws, static_cast<lxw_row_t>(r), 15.0 * lines, nullptr), "setting a row height");
    };
    const double textWidth = 90;  // columns B to E, merged for notes

    lxw_worksheet* ws = w.addSheet("Summary");
    w.setColumnWidth(ws, 0, 0, 46);
    w.setColumnWidth(ws, 1, 3, 13);
    w.setColumnWidth(ws, 4, 4, 51);
    std::size_t r = 0;
    w.writeString(ws, r++, 0, "Case audit scores" + (s.period.empty() ? std::string(": all periods") : ": " + s.period),
                  title);
    const std::string counted = "Every count here is of " + std::string(ScoreSummary::kGradeCounted) +
                                ", latest version of each form. The partnership workbook counts the grade after "
                                "moderation, so its share can differ.";
    w.call([&] { return worksheet_merge_range(ws, static_cast<lxw_row_t>(r), 0, static_cast<lxw_row_t>(r), 4,
                                               counted.c_str(), note); }, "writing the note");
    tall(ws, r, counted, 46 + 13 * 3 + 51);
    r += 2;
    const std::size_t headerRow = r;
    w.writeString(ws, r, 0, "Measure", header);
    w.writeString(ws, r, 1, "Value", header);
    w.writeString(ws, r, 2, "Lower 95%", header);
    w.writeString(ws, r, 3, "Upper 95%", header);
    w.writeString(ws, r++, 4, "Note", header);
    auto line = [&](const std::string& measure, double v, lxw_format* f, const std::string& text = "") {
        w.writeString(ws, r, 0, measure, wrap);
        w.writeNumber(ws, r, 1, v, f);
        if (!text.empty()) {
            w.writeString(ws, r, 4, text, wrap);
            tall(ws, r, text, 51);
        }
        ++r;
    };
    line("Audits (latest versions)", static_cast<double>(s.audits), count);
    line("Audits with an overall grade", static_cast<double>(s.graded), count);
    line(s.thresholdLabel + " (count, auditor's grade)", static_cast<double>(s.goodOrBetter), count);
    if (s.graded > 0) {
        w.writeString(ws, r, 0, s.thresholdLabel + " (share, auditor's grade, unweighted)", wrap);
        w.writeNumber(ws, r, 1, static_cast<double>(s.goodOrBetter) / static_cast<double>(s.graded), pct);
        w.writeNumber(ws, r, 2, s.unweightedCi->lower, pct);
        w.writeNumber(ws, r, 3, s.unweightedCi->upper, pct);
        w.writeString(ws, r++, 4, "95% " + s.unweightedCi->method + " interval", wrap);
    }
    if (s.weighted) {
        const auto& wt = *s.weighted;
        w.writeString(ws, r, 0, s.thresholdLabel + " (share, auditor's grade, design-weighted)", wrap);
        w.writeNumber(ws, r, 1, wt.estimate.estimate, pct);
        if (wt.ci) {
            w.writeNumber(ws, r, 2, wt.ci->lower, pct);
            w.writeNumber(ws, r, 3, wt.ci->upper, pct);
            w.writeString(ws, r, 4, "95% " + wt.ci->method + " interval", wrap);
        } else {
            w.writeString(ws, r, 2, "n/a", right);
            w.writeString(ws, r, 3, "n/a", right);
            w.writeString(ws, r, 4, "interval " + wt.ciNote, wrap);
            tall(ws, r, "interval " + wt.ciNote, 51);
        }
        ++r;
        line("Audits in the weighted estimate", static_cast<double>(wt.audits), count);
        w.writeString(ws, r, 0, "Method", wrap);
        w.call([&] { return worksheet_merge_range(ws, static_cast<lxw_row_t>(r), 1, static_cast<lxw_row_t>(r), 4,
                                                   wt.estimate.method.c_str(), note); }, "writing the method");
        tall(ws, r, wt.estimate.method, 13 * 3 + 51);
        ++r;
    }
    if (!s.weightedNote.empty()) {
        w.writeString(ws, r, 0, "Note", wrap);
        w.writeString(ws, r, 4, s.weightedNote, wrap);
        tall(ws, r, s.weightedNote, 51);
        ++r;
    }
    w.printSetup(ws, {true, static_cast<int>(headerRow), static_cast<int>(headerRow), static_cast<int>(r), 4});

    auto table = [&](const std::string& name, const std::string& heading, const std::string& first,
                     const std::vector<std::string>& keys, const std::map<std::string, GradeCounts>& rows,
                     const std::map<std::string, std::string>& titles, const std::map<std::string, std::size_t>* extra) {
        lxw_worksheet* t = w.addSheet(name);
        w.writeString(t, 0, 0, heading, title);
        w.writeString(t, 1, 0, "Counts of " + std::string(ScoreSummary::kGradeCounted) + ".", note);
        const std::size_t h = 3;
        w.writeString(t, h, 0, first, header);
        std::size_t c = 1;
        for (const auto& g : s.gradeOrder) w.writeString(t, h, c++, g, header);
        w.writeString(t, h, c++, "Total", header);
        if (extra) w.writeString(t, h, c, "Auditor's grade differs from the computed grade", header);
        const std::size_t lastCol = extra ? c : c - 1;
        std::size_t rr = h + 1;
        for (const auto& k : keys) {
            const GradeCounts& gc = rows.at(k);
            auto shown = titles.find(k);
            w.writeString(t, rr, 0, shown == titles.end() ? k : shown->second, wrap);
            std::size_t total = 0;
            c = 1;
            for (const auto& g : s.gradeOrder) {
                auto it = gc.find(g);
                const std::size_t n = it == gc.end() ? 0 : it->second;
                total += n;
                w.writeNumber(t, rr, c++, static_cast<double>(n), count);
            }
            w.writeNumber(t, rr, c++, static_cast<double>(total), count);
            if (extra) {
                auto it = extra->find(k == "Overall" ? "overall" : k);
                w.writeNumber(t, rr, c, it == extra->end() ? 0.0 : static_cast<double>(it->second), count);
            }
            ++rr;
        }
        w.setColumnWidth(t, 0, 0, 44);
        w.setColumnWidth(t, 1, lastCol, 14);
        w.check(worksheet_set_row(t, static_cast<lxw_row_t>(h), 45, nullptr), "setting a row height");
        worksheet_freeze_panes(t, static_cast<lxw_row_t>(h + 1), 1);
        w.printSetup(t, {true, static_cast<int>(h), static_cast<int>(h), static_cast<int>(rr == h + 1 ? h : rr - 1),
                         static_cast<int>(lastCol)});
    };
    std::map<std::string, GradeCounts> domainRows = s.domains;
    std::vector<std::string> domainKeys = orderedDomains(s);
    domainRows["Overall"] = s.overall;
    domainKeys.push_back("Overall");
    std::map<std::string, std::string> domainTitles = s.domainTitles;
    domainTitles["Overall"] = "Overall grade";
    table("Domains", "Grades by domain", "Domain", domainKeys, domainRows, domainTitles, &s.disagreements);
    std::vector<std::string> teamKeys, tplKeys;
    for (const auto& [k, v] : s.teams) teamKeys.push_back(k);
    for (const auto& [k, v] : s.templates) tplKeys.push_back(k);
    table("Teams", "Overall grades by team", "Team", teamKeys, s.teams, {}, nullptr);
    table("Templates", "Overall grades by audit template", "Template", tplKeys, s.templates, s.templateTitles, nullptr);
    w.close();
}

}  // namespace audit
