#include "moderation_cmds.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "audit/cli/table.h"
#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "audit/moderation/moderation.h"
#include "audit/moderation/moderation_form.h"
#include "audit/base/output_file.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "audit/io/xlsx_writer.h"
#include "json.h"

namespace audit::reconcile {

using namespace audit::moderation;
using agreement::GradeScale;

namespace {

using cli::fixed;
using cli::pad;

std::string pct(const std::optional<double>& v) { return v ? fixed(100 * *v, 1) + "%" : "n/a"; }

std::uint64_t seedOption(cli::Tool& tool) {
    if (!tool.has("seed")) return freshSeed();
    const std::string s = tool.require("seed");
    try {
        std::size_t used = 0;
        const unsigned long long v = std::stoull(s, &used, 10);
        if (used != s.size() || s.front() == '-') throw std::invalid_argument(s);
        return v;
    } catch (const std::exception&) {
        tool.usageError("--seed must be a whole number from 0 to 18446744073709551615, not '" + s + "'");
    }
}

void checkPeriod(cli::Tool& tool, const std::string& name, const std::string& p) {
    const bool month = p.size() == 7 && p[4] == '-' && std::isdigit(static_cast<unsigned char>(p[5])) &&
                       std::isdigit(static_cast<unsigned char>(p[6]));
    const bool quarter = p.size() == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4';
    bool year = p.size() >= 4;
    for (std::size_t i = 0; i < 4 && i < p.size(); ++i) year = year && std::isdigit(static_cast<unsigned char>(p[i]));
    if (!year || !(month || quarter))
        tool.usageError("--" + name + " must be a period YYYY-MM or YYYY-Qn, not '" + p + "'");
}

}  // namespace

// ====================================================================== sample

int sampleCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("sample takes no arguments besides options; unexpected '" + rest.front() + "'");
    const std::string period = tool.require("period");
    checkPeriod(tool, "period", period);
    Store store(tool.store());
    // The policy: the framework's (--framework, else the one the period's audits were scored with, else
    // ofsted-four-point), with any option given on the command line taking precedence.
    const Catalogue catalogue = Catalogue::load();
    std::string fwId = tool.value("framework", "");
    if (fwId.empty()) {
        std::set<std::string> used;
        for (const auto& r : store.query("SELECT DISTINCT framework_id FROM audit_latest WHERE period = ? AND "
                                         "framework_id IS NOT NULL",
                                         period))
            used.insert(r.text(std::size_t{0}));
        fwId = used.size() == 1 && catalogue.framework(*used.begin()) ? *used.begin() : "ofsted-four-point";
    }
    const Framework* fw = catalogue.framework(fwId);
    if (!fw) {
        std::string known;
        for (const auto& f : catalogue.frameworks()) known += (known.empty() ? "" : ", ") + f.id;
        tool.usageError("unknown framework '" + fwId + "' (known: " + known + ")");
    }
    std::vector<std::string> labels;
    for (const auto& g : fw->grades) labels.push_back(g.label);
    const GradeScale ofsted = GradeScale::ofsted4();
    const GradeScale scale = labels == ofsted.labels() ? ofsted : GradeScale(fw->id, labels);
    SamplePolicy policy;
    policy.framework = fw->id;
    policy.fraction = fw->moderation.fraction;
    policy.minPerAuditor = static_cast<std::size_t>(std::max(0, fw->moderation.minPerAuditor));
    policy.blind = fw->moderation.blind;
    policy.weightByGrade.assign(scale.size(), 1.0);
    for (const auto& o : fw->moderation.oversample)
        if (const Grade* g = fw->grade(o.grade)) policy.weightByGrade[static_cast<std::size_t>(g->rank - 1)] = o.factor;
    for (const auto& key : fw->moderation.alwaysModerate)
        if (const Grade* g = fw->grade(key)) policy.always.push_back(static_cast<std::size_t>(g->rank - 1));
    policy.fraction = tool.number("fraction", policy.fraction);
    if (!(policy.fraction >= 0 && policy.fraction <= 1)) tool.usageError("--fraction must be between 0 and 1");
    const long long minPer = tool.integer("min-per-auditor", static_cast<long long>(policy.minPerAuditor));
    if (minPer < 0) tool.usageError("--min-per-auditor must be 0 or more");
    policy.minPerAuditor = static_cast<std::size_t>(minPer);
    for (const auto& o : tool.values("oversample")) {
        const auto eq = o.rfind('=');
        const auto g = eq == std::string::npos ? std::nullopt : scale.parse(o.substr(0, eq));
        double f = 0;
        try {
            f = eq == std::string::npos ? 0 : std::stod(o.substr(eq + 1));
        } catch (const std::exception&) {
        }
        if (!g || !(f > 0)) tool.usageError("--oversample wants GRADE=FACTOR (e.g. Good=2), not '" + o + "'");
        policy.weightByGrade[*g] = f;
    }
    if (tool.has("no-always")) policy.always.clear();
    if (tool.has("always")) {
        policy.always.clear();
        for (const auto& a : tool.values("always")) {
            const auto g = scale.parse(a);
            if (!g) tool.usageError("--always wants a grade (" + scale.expected() + "), not '" + a + "'");
            policy.always.push_back(*g);
        }
    }
    if (tool.has("blind")) policy.blind = true;
    if (tool.has("open")) policy.blind = false;
    const std::uint64_t seed = seedOption(tool);
    const auto candidates = loadCandidates(store, period, scale);
    if (candidates.empty())
        throw Error(ErrorKind::Data, store.name(), "",
                    "no audits of period " + period + " in the store (import the audit returns first: audit-score import)");
    Random random(seed);
    const Sample sample = drawSample(candidates, policy, random);
    std::vector<std::string> moderatorOf;
    if (tool.has("moderators")) {
        const auto roster = readRoster(tool.require("moderators"), sample.selected.size());
        moderatorOf = allocateModerators(candidates, sample, roster);
    }
    // Outputs are written before the draw is recorded: a failure leaves neither.
    std::vector<std::unique_ptr<OutputFile>> files;
    const bool outExisted = tool.has("out") && std::filesystem::exists(tool.require("out"));
    if (tool.has("out")) {
        const std::filesystem::path dir = tool.require("out");
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) throw Error(ErrorKind::CantCreate, dir.string(), "", "cannot create the folder: " + ec.message());
        files.push_back(std::make_unique<OutputFile>((dir / "moderation-sample.csv").string()));
        {
            csv::Writer w(files.back()->stream());
            w.row(std::vector<std::string>{"draw_order", "form_id", "case_ref", "auditor", "team", "moderator",
                                           "selected_because", "inclusion_probability", "design_weight"});
            for (std::size_t k = 0; k < sample.selected.size(); ++k) {
                const auto& s = sample.selected[k];
                const auto& c = candidates[s.candidate];
                char pi[32], w8[32];
                std::snprintf(pi, sizeof pi, "%.6g", s.inclusionProbability);
                std::snprintf(w8, sizeof w8, "%.6g", 1 / s.inclusionProbability);
                w.row(std::vector<std::string>{std::to_string(k + 1), c.formId, c.caseRef, c.auditor, c.team,
                                               k < moderatorOf.size() ? moderatorOf[k] : "",
                                               policy.blind && s.reason == "always" ? "policy" : s.reason, pi, w8});
            }
        }
        files.push_back(std::make_unique<OutputFile>((dir / "moderation-returns.csv").string()));
        {
            csv::Writer w(files.back()->stream());
            std::vector<std::string> header = {"form_id", "domain", "moderator", "moderator_grade", "reason_code",
                                               "reason", "agreed_grade", "moderated_date"};
            if (!policy.blind) header.push_back("auditor_grade");
            w.row(header);
            for (std::size_t k = 0; k < sample.selected.size(); ++k) {
                const auto& c = candidates[sample.selected[k].candidate];
                std::vector<std::pair<std::string, std::string>> domains;
                for (const auto& r : store.query("SELECT domain, auditor_grade, computed_grade FROM judgement "
                                                 "WHERE audit_id = ?",
                                                 c.auditId)) {
                    const std::string g = r.text("auditor_grade").empty() ? r.text("computed_grade")
                                                                          : r.text("auditor_grade");
                    domains.emplace_back(r.text("domain"), g);
                }
                std::sort(domains.begin(), domains.end(), [](const auto& a, const auto& b) {
                    return (a.first == "_overall") != (b.first == "_overall") ? b.first == "_overall"
                                                                              : a.first < b.first;
                });
                for (const auto& [d, g] : domains) {
                    std::vector<std::string> row = {c.formId, d, k < moderatorOf.size() ? moderatorOf[k] : "",
                                                    "", "", "", "", ""};
                    if (!policy.blind) row.push_back(g);
                    w.row(row);
                }
            }
        }
    }
    // The draw, its forms and files, and the event are one transaction, committed once every file is in place: a
    // failure (a full disk half way through the forms) leaves neither the draw nor any form behind.
    std::vector<std::string> forms;
    const std::filesystem::path formsDir =
        tool.has("out") ? std::filesystem::path(tool.require("out")) / "forms" : std::filesystem::path();
    const bool formsDirExisted = !formsDir.empty() && std::filesystem::exists(formsDir);
    std::int64_t drawId = 0;
    try {
        drawId = store.transaction([&] {
            const std::int64_t id = recordDraw(store, period, seed, policy, scale, candidates, sample, moderatorOf);
            if (tool.has("out")) {
                auto bar = tool.progress("writing moderation forms", sample.selected.size());
                forms = writeDrawForms(store, catalogue, id, policy.blind, formsDir.string(),
                                       [&](std::size_t done, std::size_t) { bar.update(done); });
                bar.finish();
            }
            for (auto& f : files) f->commit();
            store.logEvent("audit-reconcile", "sample --period " + period + " --seed " + std::to_string(seed),
                           "draw " + std::to_string(id));
            return id;
        });
    } catch (...) {
        std::error_code ec;
        if (!formsDir.empty() && !formsDirExisted) std::filesystem::remove_all(formsDir, ec);
        files.clear();  // the CSVs were not committed: gone
        if (tool.has("out") && !outExisted) std::filesystem::remove(tool.require("out"), ec);  // only if empty
        throw;
    }

    std::map<std::string, std::size_t> reasons, loads;
    for (const auto& s : sample.selected) ++reasons[s.reason];
    for (const auto& m : moderatorOf) ++loads[m];
    if (tool.json()) {
        Json j = Json::object();
        j.set("draw_id", drawId);
        j.set("period", period);
        j.set("seed", std::to_string(seed));
        j.set("audits", static_cast<std::uint64_t>(candidates.size()));
        j.set("target", static_cast<std::uint64_t>(sample.target));
        j.set("sample_size", static_cast<std::uint64_t>(sample.selected.size()));
        j.set("mode", policy.blind ? "blind" : "open");
        j.set("framework", fw->id);
        Json r = Json::object();
        for (const auto& [k, v] : reasons) r.set(k, static_cast<std::uint64_t>(v));
        j.set("selected_because", r);
        Json l = Json::object();
        for (const auto& [k, v] : loads) l.set(k, static_cast<std::uint64_t>(v));
        j.set("moderators", l);
        Json fs = Json::array();
        for (const auto& f : forms) fs.push(f);
        j.set("forms", fs);
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet()) {
        auto& o = tool.out();
        o << "Moderation sample for " << period << ": " << sample.selected.size() << " of " << candidates.size()
          << " audits (target " << sample.target << " = " << fixed(100 * policy.fraction, 0) << "%";
        for (const auto& [k, v] : reasons) o << "; " << k << ": " << v;
        o << "), " << (policy.blind ? "blind" : "open") << ", framework " << fw->id << ", draw " << drawId << ", seed " << seed << '\n';
        if (!loads.empty()) {
            std::size_t w = 9;
            for (const auto& [k, v] : loads) w = std::max(w, k.size());
            o << pad("moderator", w) << "  audits\n";
            for (const auto& [k, v] : loads) o << pad(k, w) << "  " << pad(std::to_string(v), 6, true) << '\n';
        }
        for (const auto& f : files) o << "wrote " << f->path() << '\n';
        if (!forms.empty())
            o << "wrote " << forms.size() << " " << (policy.blind ? "blind" : "open") << " moderation form"
              << (forms.size() == 1 ? "" : "s") << " in " << (std::filesystem::path(tool.require("out")) / "forms").string()
              << '\n';
    }
    tool.out().flush();
    return 0;
}

// ====================================================================== import

int importCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (rest.empty())
        tool.usageError("import needs one or more moderation forms (XLSX), folders of them, or returns (CSV)");
    const Catalogue catalogue = Catalogue::load();
    const std::vector<std::string> paths = expandModerationPaths(rest);  // Error(NoInput) for a missing path
    Store store(tool.store());
    auto bar = tool.progress("importing moderation returns", paths.size());
    const std::vector<FileResult> results =
        importModerationFiles(store, catalogue, paths, [&](std::size_t done, std::size_t) { bar.update(done); });
    bar.finish();
    Json files = Json::array();
    ImportResult total;
    std::size_t rejected = 0;
    for (const auto& f : results) {
        Json j = Json::object();
        j.set("file", f.file);
        j.set("kind", f.kind);
        if (f.rejected) {
            ++rejected;
            std::cerr << "audit-reconcile: error: " << f.file << ": rejected, " << f.problems.size()
                      << (f.problems.size() == 1 ? " problem" : " problems") << ", nothing of it stored\n";
            Json ps = Json::array();
            for (const auto& p : f.problems) {
                std::cerr << "audit-reconcile: error: " << p.str() << '\n';
                Json pj = Json::object();
                pj.set("file", p.file);
                pj.set("place", p.place);
                pj.set("message", p.message);
                ps.push(pj);
            }
            j.set("outcome", "rejected");
            j.set("problems", ps);
            files.push(j);
            continue;
        }
        const ImportResult& r = f.result;
        total.forms += r.forms;
        total.imported += r.imported;
        total.newVersions += r.newVersions;
        total.unchanged += r.unchanged;
        total.rows += r.rows;
        j.set("outcome", r.outcome);
        j.set("forms", static_cast<std::uint64_t>(r.forms));
        j.set("new", static_cast<std::uint64_t>(r.imported));
        j.set("new_versions", static_cast<std::uint64_t>(r.newVersions));
        j.set("unchanged", static_cast<std::uint64_t>(r.unchanged));
        files.push(j);
        if (!tool.json() && !tool.quiet())
            tool.out() << f.file << ": " << r.outcome << " (" << r.forms << (r.forms == 1 ? " form: " : " forms: ")
                       << r.imported << " new, " << r.newVersions << " new versions, " << r.unchanged
                       << " unchanged; " << r.rows << " grades stored)\n";
    }
    store.logEvent("audit-reconcile", "import", std::to_string(paths.size()) + " files, " + std::to_string(rejected) + " rejected");
    if (tool.json()) {
        Json j = Json::object();
        j.set("files", files);
        j.set("forms", static_cast<std::uint64_t>(total.forms));
        j.set("new", static_cast<std::uint64_t>(total.imported));
        j.set("new_versions", static_cast<std::uint64_t>(total.newVersions));
        j.set("unchanged", static_cast<std::uint64_t>(total.unchanged));
        j.set("grades_stored", static_cast<std::uint64_t>(total.rows));
        j.set("rejected", static_cast<std::uint64_t>(rejected));
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet() && paths.size() > 1) {
        tool.out() << "Imported " << total.imported << " moderation forms (" << total.newVersions << " new versions), "
                   << total.unchanged << " unchanged, " << rejected << " file" << (rejected == 1 ? "" : "s")
                   << " rejected; " << total.rows << " grades stored.\n";
    }
    tool.out().flush();
    return rejected > 0 ? static_cast<int>(ErrorKind::Data) : 0;
}

// ====================================================================== forms

int formsCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("forms takes no arguments besides options; unexpected '" + rest.front() + "'");
    if (tool.has("draw") == tool.has("period")) tool.usageError("forms needs --draw N or --period P (its latest moderation draw)");
    if (!tool.has("out")) tool.usageError("forms needs --out DIR");
    if (tool.has("open") && tool.has("blind")) tool.usageError("--open and --blind exclude each other");
    const Catalogue catalogue = Catalogue::load();
    Store store(tool.store());
    std::int64_t drawId = 0;
    if (tool.has("draw")) {
        const long long d = tool.integer("draw", 0);
        if (d <= 0) tool.usageError("--draw must be a draw number");
        drawId = d;
    } else {
        const std::string period = tool.require("period");
        checkPeriod(tool, "period", period);
        const auto d = latestDraw(store, period);
        if (!d)
            throw Error(ErrorKind::Data, store.name(), "",
                        "no moderation draw of period " + period + " in the store (audit-reconcile sample makes one)");
        drawId = *d;
    }
    std::optional<bool> blind;
    if (tool.has("open")) blind = false;
    if (tool.has("blind")) blind = true;
    const std::string dir = tool.require("out");
    auto bar = tool.progress("writing moderation forms", 0);
    const auto paths = writeDrawForms(store, catalogue, drawId, blind, dir,
                                      [&](std::size_t done, std::size_t) { bar.update(done); });
    bar.finish();
    std::set<std::string> folders;
    for (const auto& p : paths) folders.insert(std::filesystem::path(p).parent_path().filename().string());
    const auto params = store.scalar<std::string>("SELECT parameters FROM draw WHERE id = ?", drawId).value_or("");
    const bool isBlind = blind.value_or(params.find("\"mode\": \"open\"") == std::string::npos);
    if (tool.json()) {
        Json j = Json::object();
        j.set("draw_id", drawId);
        j.set("mode", isBlind ? "blind" : "open");
        Json fs = Json::array();
        for (const auto& p : paths) fs.push(p);
        j.set("forms", fs);
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet()) {
        tool.out() << "Wrote " << paths.size() << " " << (isBlind ? "blind" : "open") << " moderation form"
                   << (paths.size() == 1 ? "" : "s") << " of draw " << drawId << " in " << dir << " ("
                   << folders.size() << (folders.size() == 1 ? " folder" : " folders") << ", one per moderator)\n";
    }
    tool.out().flush();
    return 0;
}

// ====================================================================== accuracy

namespace {

Json coefficient(const agreement::Coefficient& c) {
    Json j = Json::object();
    j.set("value", c.value);
    j.set("se", c.se);
    if (c.ciLow && c.ciHigh)
        j.set("ci95", Json::Array{Json(*c.ciLow), Json(*c.ciHigh)});
    else
        j.set("ci95", nullptr);
    if (!c.value) j.set("reason", c.reason);
    return j;
}

Json proportion(const agreement::Proportion& p) {
    Json j = Json::object();
    j.set("value", p.value);
    if (p.low && p.high)
        j.set("ci95", Json::Array{Json(*p.low), Json(*p.high)});
    else
        j.set("ci95", nullptr);
    return j;
}

std::string num(const std::optional<double>& v) {
    if (!v) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", *v == 0 ? 0.0 : *v);
    return buf;
}

std::optional<double> downShare(const AccuracyRow& r) {
    if (r.table.n() == 0) return std::nullopt;
    return static_cast<double>(r.down) / static_cast<double>(r.table.n());
}

std::string note(const AccuracyRow& r) {
    std::string s;
    if (!r.kappaLinear.value) s = "kappa: " + r.kappaLinear.reason;
    if (!r.ac2.value && r.ac2.reason != r.kappaLinear.reason)
        s += (s.empty() ? "" : "; ") + std::string("AC2: ") + r.ac2.reason;
    else if (!r.ac2.value && !r.kappaLinear.value)
        s = "kappa, AC2: " + r.kappaLinear.reason;
    return s;
}

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
            num(downShare(r)),
            num(r.kappaLinear.value),
            num(r.kappaLinear.ciLow),
            num(r.kappaLinear.ciHigh),
            num(r.ac2.value),
            num(r.ac2.ciLow),
            num(r.ac2.ciHigh),
            note(r),
            flags};
}

std::string flagsOf(const Accuracy& acc, const AccuracyRow& r) {
    if (r.period != "all") return "";
    std::string s;
    for (const auto& f : acc.flags)
        if (f.group == r.group) s += (s.empty() ? "" : "; ") + f.kind;
    return s;
}

void writeXlsx(const Accuracy& acc, const std::string& path) {
    xlsx::Writer w(path);
    auto* bold = w.format("bold");
    format_set_bold(bold);
    auto* percent = w.format("percent");
    format_set_num_format(percent, "0.0%");
    auto* dec = w.format("dec");
    format_set_num_format(dec, "0.000");
    auto* ws = w.addSheet("Accuracy");
    const auto& header = csvHeader(acc.options.by);
    for (std::size_t c = 0; c < header.size(); ++c) w.writeString(ws, 0, c, header[c], bold);
    std::size_t row = 1;
    for (const auto& r : acc.rows) {
        const auto cells = csvRow(r, flagsOf(acc, r));
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (cells[c].empty()) continue;
            if (c >= 2 && c <= 15) {
                const bool isPct = (c >= 3 && c <= 6) || c == 9;
                w.writeNumber(ws, row, c, std::stod(cells[c]), isPct ? percent : (c >= 10 ? dec : nullptr));
            } else {
                w.writeString(ws, row, c, cells[c]);
            }
        }
        ++row;
    }
    w.setColumnWidth(ws, 0, 1, 14);
    w.setColumnWidth(ws, 16, 17, 30);
    worksheet_freeze_panes(ws, 1, 0);

    auto* fs = w.addSheet("Flags");
    const std::vector<std::string> fh = {acc.options.by, "flag", "n", "value", "p_value", "detail"};
    for (std::size_t c = 0; c < fh.size(); ++c) w.writeString(fs, 0, c, fh[c], bold);
    row = 1;
    for (const auto& f : acc.flags) {
        w.writeString(fs, row, 0, f.group);
        w.writeString(fs, row, 1, f.kind);
        w.writeNumber(fs, row, 2, static_cast<double>(f.n));
        w.writeNumber(fs, row, 3, f.value, percent);
        if (f.pValue) w.writeNumber(fs, row, 4, *f.pValue, dec);
        w.writeString(fs, row, 5, f.detail);
        ++row;
    }
    w.setColumnWidth(fs, 5, 5, 100);

    // Trend: exact agreement per period (rows) and group (columns), the threshold, and a line chart.
    // By period the groups are the periods themselves: one series, "all".
    const bool byPeriod = acc.options.by == "period";
    const std::vector<std::string> series = byPeriod ? std::vector<std::string>{"all"} : acc.groups;
    auto* ts = w.addSheet("Trend");
    w.writeString(ts, 0, 0, "period", bold);
    for (std::size_t g = 0; g < series.size(); ++g) w.writeString(ts, 0, g + 1, series[g], bold);
    const std::size_t thresholdCol = series.size() + 1;
    w.writeString(ts, 0, thresholdCol, "threshold", bold);
    std::map<std::pair<std::string, std::string>, double> exact;
    for (const auto& r : acc.rows)
        if (r.exact.value) exact[{byPeriod ? std::string("all") : r.group, r.period}] = *r.exact.value;
    for (std::size_t p = 0; p < acc.periods.size(); ++p) {
        w.writeString(ts, p + 1, 0, acc.periods[p]);
        for (std::size_t g = 0; g < series.size(); ++g) {
            auto it = exact.find({series[g], acc.periods[p]});
            if (it != exact.end()) w.writeNumber(ts, p + 1, g + 1, it->second, percent);
        }
        w.writeNumber(ts, p + 1, thresholdCol, acc.options.threshold, percent);
    }
    if (!acc.periods.empty()) {
        lxw_chart* chart = workbook_add_chart(w.workbook(), LXW_CHART_LINE);
        const auto last = static_cast<lxw_row_t>(acc.periods.size());
        for (std::size_t g = 0; g <= series.size(); ++g) {
            const auto col = static_cast<lxw_col_t>(g + 1);
            lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
            chart_series_set_categories(s, "Trend", 1, 0, last, 0);
            chart_series_set_values(s, "Trend", 1, col, last, col);
            chart_series_set_name_range(s, "Trend", 0, col);
            if (g < series.size()) {
                chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
            } else {
                lxw_chart_line line = {};
                line.color = LXW_COLOR_RED;
                line.dash_type = LXW_CHART_LINE_DASH_DASH;
                line.width = 1.5;
                chart_series_set_line(s, &line);
            }
        }
        worksheet_set_landscape(ts);
        worksheet_fit_to_pages(ts, 1, 1);
        chart_title_set_name(chart, ("Exact agreement with the moderator by " + acc.options.by).c_str());
        chart_axis_set_name(chart->y_axis, "exact agreement");
        chart_axis_set_name(chart->x_axis, "period");
        chart_axis_set_min(chart->y_axis, 0);
        chart_axis_set_max(chart->y_axis, 1);
        chart_axis_set_num_format(chart->y_axis, "0%");
        chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
        lxw_chart_options opt = {};
        opt.x_scale = 2.0;
        opt.y_scale = 1.6;
        w.call([&] { return worksheet_insert_chart_opt(ts, 1, static_cast<lxw_col_t>(thresholdCol + 2), chart, &opt); },
               "inserting the trend chart");
    }
    w.close();
}

}  // namespace

int accuracyCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty())
        tool.usageError("accuracy takes no arguments besides options; unexpected '" + rest.front() + "'");
    AccuracyOptions o;
    o.by = tool.value("by", "auditor");
    if (o.by != "auditor" && o.by != "team" && o.by != "domain" && o.by != "period")
        tool.usageError("--by must be one of auditor, team, domain, period, not '" + o.by + "'");
    if (tool.has("from")) {
        o.from = tool.require("from");
        checkPeriod(tool, "from", *o.from);
    }
    if (tool.has("to")) {
        o.to = tool.require("to");
        checkPeriod(tool, "to", *o.to);
    }
    o.domain = tool.value("domain", "_overall");
    o.threshold = tool.number("threshold", 0.75);
    if (o.threshold > 1 && o.threshold <= 100) o.threshold /= 100;  // 75 means 75%
    if (!(o.threshold > 0 && o.threshold <= 1)) tool.usageError("--threshold must be a share (0.75) or percent (75)");
    const long long k = tool.integer("periods", 3);
    if (k < 1) tool.usageError("--periods must be 1 or more");
    o.periods = static_cast<std::size_t>(k);
    const long long minN = tool.integer("min-n", 5);
    if (minN < 1) tool.usageError("--min-n must be 1 or more");
    o.minN = static_cast<std::size_t>(minN);
    std::string outPath = tool.value("out", "");
    std::string ext;
    if (!outPath.empty()) {
        ext = std::filesystem::path(outPath).extension().string();
        for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext != ".csv" && ext != ".xlsx") tool.usageError("--out must name a .csv or .xlsx file, not '" + outPath + "'");
    }
    o.framework = tool.value("framework", "");
    const Catalogue catalogue = Catalogue::load();
    if (!o.framework.empty() && !catalogue.framework(o.framework)) {
        std::string known;
        for (const auto& f : catalogue.frameworks()) known += (known.empty() ? "" : ", ") + f.id;
        tool.usageError("unknown framework '" + o.framework + "' (known: " + known + ")");
    }
    Store store(tool.store());
    const PairSet set = loadPairs(store, o, catalogue);
    const auto& pairs = set.pairs;
    const Accuracy acc = accuracy(pairs, o, set.scale.size());

    if (ext == ".csv") {
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : acc.rows) rows.push_back(csvRow(r, flagsOf(acc, r)));
        csv::writeFile(outPath, csvHeader(o.by), rows);
    } else if (ext == ".xlsx") {
        writeXlsx(acc, outPath);
    }

    if (tool.json()) {
        Json j = Json::object();
        j.set("by", o.by);
        j.set("framework", set.framework);
        j.set("from", o.from);
        j.set("to", o.to);
        j.set("domain", o.by == "domain" ? std::string("all") : o.domain);
        j.set("threshold", o.threshold);
        j.set("periods_for_flags", static_cast<std::uint64_t>(o.periods));
        j.set("pairs", static_cast<std::uint64_t>(pairs.size()));
        Json ps = Json::array();
        for (const auto& p : acc.periods) ps.push(p);
        j.set("periods", ps);
        Json rows = Json::array();
        for (const auto& r : acc.rows) {
            Json x = Json::object();
            x.set(o.by, r.group);
            x.set("period", r.period);
            x.set("n", r.table.n());
            x.set("exact_agreement", proportion(r.exact));
            x.set("within_one_agreement", proportion(r.withinOne));
            x.set("moderated_down", r.down);
            x.set("moderated_up", r.up);
            x.set("moderated_down_share", downShare(r));
            x.set("kappa_linear", coefficient(r.kappaLinear));
            x.set("ac2_ordinal", coefficient(r.ac2));
            rows.push(x);
        }
        j.set("rows", rows);
        Json flags = Json::array();
        for (const auto& f : acc.flags) {
            Json x = Json::object();
            x.set(o.by, f.group);
            x.set("flag", f.kind);
            x.set("n", f.n);
            x.set("value", f.value);
            x.set("p_value", f.pValue);
            x.set("detail", f.detail);
            flags.push(x);
        }
        j.set("flags", flags);
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet()) {
        auto& out = tool.out();
        out << "Audit accuracy by " << o.by;
        if (!acc.periods.empty()) out << ", " << acc.periods.front() << " to " << acc.periods.back();
        out << " (" << (o.by == "domain" ? std::string("every domain") : "domain " + o.domain) << "; " << pairs.size()
            << " moderated grades, framework " << set.framework << "; threshold " << fixed(100 * o.threshold, 0) << "% exact over the last " << o.periods
            << " periods)\n";
        if (acc.rows.empty()) out << "No moderated grades in the store for this selection.\n";
        std::size_t gw = std::max<std::size_t>(o.by.size(), 8);
        for (const auto& g : acc.groups) gw = std::max(gw, g.size());
        if (!acc.rows.empty()) {
            out << pad(o.by, gw) << "  " << pad("period", 7) << "  " << pad("n", 4, true) << "  " << pad("exact", 6, true)
                << "  " << pad("95% CI", 13) << "  " << pad("within 1", 8, true) << "  " << pad("down", 6, true)
                << "  " << pad("kappa lin", 9, true) << "  " << pad("AC2 ord", 7, true) << "  note\n";
            for (const auto& r : acc.rows) {
                std::string ci = r.exact.low ? fixed(100 * *r.exact.low, 0) + "-" + fixed(100 * *r.exact.high, 0) + "%"
                                             : "n/a";
                out << pad(r.group, gw) << "  " << pad(r.period, 7) << "  " << pad(std::to_string(r.table.n()), 4, true)
                    << "  " << pad(pct(r.exact.value), 6, true) << "  " << pad(ci, 13) << "  "
                    << pad(pct(r.withinOne.value), 8, true) << "  " << pad(pct(downShare(r)), 6, true) << "  "
                    << pad(r.kappaLinear.value ? fixed(*r.kappaLinear.value, 3) : "n/a", 9, true) << "  "
                    << pad(r.ac2.value ? fixed(*r.ac2.value, 3) : "n/a", 7, true) << "  " << note(r) << '\n';
            }
        }
        if (!acc.rows.empty() && acc.periods.size() < o.periods)
            out << "\nThe threshold flag needs " << o.periods << " periods (--periods); the range has "
                << acc.periods.size() << ".\n";
        if (!acc.flags.empty()) {
            out << "\nFlags:\n";
            for (const auto& f : acc.flags) out << "  " << f.group << ": " << f.kind << ": " << f.detail << '\n';
        } else if (!acc.rows.empty()) {
            out << "\nNo flags.\n";
        }
        if (!outPath.empty()) out << "wrote " << outPath << '\n';
    }
    tool.out().flush();
    return 0;
}

}  // namespace audit::reconcile
