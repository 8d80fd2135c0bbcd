// audit-reconcile's moderation subcommands: sample, forms, import (accuracy in accuracy_cmd.cpp). Options become a
// request, the job (audit/jobs/reconcile.h) does the work, and the result is shown here.
#include "moderation_cmds.h"

#include <algorithm>
#include <iostream>

#include "audit/base/error.h"
#include "audit/cli/table.h"
#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"
#include "json.h"

namespace audit::reconcile {

using namespace audit::moderation;
using cli::fixed;
using cli::pad;

namespace {

std::optional<std::uint64_t> seedOption(cli::Tool& tool) {
    if (!tool.has("seed")) return std::nullopt;
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

}  // namespace

void checkPeriod(cli::Tool& tool, const std::string& name, const std::string& p) {
    const bool month = p.size() == 7 && p[4] == '-' && std::isdigit(static_cast<unsigned char>(p[5])) &&
                       std::isdigit(static_cast<unsigned char>(p[6]));
    const bool quarter = p.size() == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4';
    bool year = p.size() >= 4;
    for (std::size_t i = 0; i < 4 && i < p.size(); ++i) year = year && std::isdigit(static_cast<unsigned char>(p[i]));
    if (!year || !(month || quarter))
        tool.usageError("--" + name + " must be a period YYYY-MM or YYYY-Qn, not '" + p + "'");
}

// ====================================================================== sample

int sampleCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("sample takes no arguments besides options; unexpected '" + rest.front() + "'");
    jobs::ModerationSampleRequest q;
    q.period = tool.require("period");
    checkPeriod(tool, "period", q.period);
    q.store = tool.store();
    q.framework = tool.value("framework", "");
    if (tool.has("fraction")) q.fraction = tool.number("fraction", 0);
    if (tool.has("min-per-auditor")) q.minPerAuditor = tool.integer("min-per-auditor", 0);
    q.oversample = tool.values("oversample");
    q.noAlways = tool.has("no-always");
    q.always = tool.values("always");
    if (tool.has("blind")) q.blind = true;
    if (tool.has("open")) q.blind = false;
    q.seed = seedOption(tool);
    if (tool.has("moderators")) q.moderators = tool.require("moderators");
    if (tool.has("out")) q.outDir = tool.require("out");
    auto bar = tool.progress("writing moderation forms", 0);
    q.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
    const jobs::ModerationSampleResult r = jobs::moderationSample(q);
    bar.finish();
    const auto& reasons = r.reasons;
    const auto& loads = r.loads;
    if (tool.json()) {
        Json j = Json::object();
        j.set("draw_id", r.drawId);
        j.set("period", r.period);
        j.set("seed", std::to_string(r.seed));
        j.set("audits", static_cast<std::uint64_t>(r.audits));
        j.set("target", static_cast<std::uint64_t>(r.target));
        j.set("sample_size", static_cast<std::uint64_t>(r.selected));
        j.set("mode", r.blind ? "blind" : "open");
        j.set("framework", r.framework);
        Json rs = Json::object();
        for (const auto& [k, v] : reasons) rs.set(k, static_cast<std::uint64_t>(v));
        j.set("selected_because", rs);
        Json l = Json::object();
        for (const auto& [k, v] : loads) l.set(k, static_cast<std::uint64_t>(v));
        j.set("moderators", l);
        Json fs = Json::array();
        for (const auto& f : r.forms) fs.push(f);
        j.set("forms", fs);
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet()) {
        auto& o = tool.out();
        o << "Moderation sample for " << r.period << ": " << r.selected << " of " << r.audits
          << " audits (target " << r.target << " = " << fixed(100 * r.fraction, 0) << "%";
        for (const auto& [k, v] : reasons) o << "; " << k << ": " << v;
        o << "), " << (r.blind ? "blind" : "open") << ", framework " << r.framework << ", draw " << r.drawId << ", seed " << r.seed
          << "; store " << storeDisplayName(tool.store()) << '\n';
        if (!loads.empty()) {
            std::size_t w = 9;
            for (const auto& [k, v] : loads) w = std::max(w, k.size());
            o << pad("moderator", w) << "  audits\n";
            for (const auto& [k, v] : loads) o << pad(k, w) << "  " << pad(std::to_string(v), 6, true) << '\n';
        }
        for (const auto& f : r.files) o << "wrote " << f << '\n';
        if (!r.forms.empty())
            o << "wrote " << r.forms.size() << " " << (r.blind ? "blind" : "open") << " moderation form"
              << (r.forms.size() == 1 ? "" : "s") << " in " << r.formsDir
              << '\n';
    }
    tool.out().flush();
    return 0;
}

// ====================================================================== import

int importCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (rest.empty())
        tool.usageError("import needs one or more moderation forms (XLSX), folders of them, or returns (CSV)");
    auto bar = tool.progress("importing moderation returns", 0);
    const jobs::ModerationImportResult r =
        jobs::moderationImport({rest, tool.store(), [&](std::size_t done, std::size_t total) { bar.update(done, total); }});
    bar.finish();
    Json files = Json::array();
    for (const auto& f : r.files) {
        Json j = Json::object();
        j.set("file", f.file);
        j.set("kind", f.kind);
        if (f.rejected) {
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
        const ImportResult& fr = f.result;
        j.set("outcome", fr.outcome);
        j.set("forms", static_cast<std::uint64_t>(fr.forms));
        j.set("new", static_cast<std::uint64_t>(fr.imported));
        j.set("new_versions", static_cast<std::uint64_t>(fr.newVersions));
        j.set("unchanged", static_cast<std::uint64_t>(fr.unchanged));
        j.set("awaiting_agreement", static_cast<std::uint64_t>(fr.awaitingAgreement));
        files.push(j);
        if (!tool.json() && !tool.quiet())
            tool.out() << f.file << ": " << fr.outcome << " (" << fr.forms << (fr.forms == 1 ? " form: " : " forms: ")
                       << fr.imported << " new, " << fr.newVersions << " new versions, " << fr.unchanged
                       << " unchanged; " << fr.rows << " grades stored"
                       << (fr.awaitingAgreement ? "; " + std::to_string(fr.awaitingAgreement) + " awaiting agreement"
                                                : std::string())
                       << "; store " << storeDisplayName(tool.store()) << ")\n";
    }
    if (tool.json()) {
        Json j = Json::object();
        j.set("files", files);
        j.set("forms", static_cast<std::uint64_t>(r.total.forms));
        j.set("new", static_cast<std::uint64_t>(r.total.imported));
        j.set("new_versions", static_cast<std::uint64_t>(r.total.newVersions));
        j.set("unchanged", static_cast<std::uint64_t>(r.total.unchanged));
        j.set("grades_stored", static_cast<std::uint64_t>(r.total.rows));
        j.set("awaiting_agreement", static_cast<std::uint64_t>(r.total.awaitingAgreement));
        j.set("rejected", static_cast<std::uint64_t>(r.rejected));
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet() && r.files.size() > 1) {
        tool.out() << "Imported " << r.total.imported << " moderation forms (" << r.total.newVersions << " new versions), "
                   << r.total.unchanged << " unchanged, " << r.rejected << " file" << (r.rejected == 1 ? "" : "s")
                   << " rejected; " << r.total.rows << " grades stored"
                   << (r.total.awaitingAgreement
                           ? "; " + std::to_string(r.total.awaitingAgreement) + " forms awaiting agreement"
                           : std::string())
                   << "; store " << storeDisplayName(tool.store()) << ".\n";
    }
    tool.out().flush();
    return r.rejected > 0 ? static_cast<int>(ErrorKind::Data) : 0;
}

// ====================================================================== forms

int formsCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("forms takes no arguments besides options; unexpected '" + rest.front() + "'");
    if (tool.has("draw") == tool.has("period")) tool.usageError("forms needs --draw N or --period P (its latest moderation draw)");
    if (!tool.has("out")) tool.usageError("forms needs --out DIR");
    if (tool.has("open") && tool.has("blind")) tool.usageError("--open and --blind exclude each other");
    jobs::ModerationFormsRequest q;
    q.store = tool.store();
    if (tool.has("draw")) {
        const long long d = tool.integer("draw", 0);
        if (d <= 0) tool.usageError("--draw must be a draw number");
        q.drawId = d;
    } else {
        q.period = tool.require("period");
        checkPeriod(tool, "period", q.period);
    }
    if (tool.has("open")) q.blind = false;
    if (tool.has("blind")) q.blind = true;
    const std::string dir = tool.require("out");
    q.outDir = dir;
    auto bar = tool.progress("writing moderation forms", 0);
    q.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
    const jobs::ModerationFormsResult r = jobs::moderationForms(q);
    bar.finish();
    if (tool.json()) {
        Json j = Json::object();
        j.set("draw_id", r.drawId);
        j.set("mode", r.blind ? "blind" : "open");
        Json fs = Json::array();
        for (const auto& p : r.forms) fs.push(p);
        j.set("forms", fs);
        tool.out() << j.dump() << '\n';
    } else if (!tool.quiet()) {
        tool.out() << "Wrote " << r.forms.size() << " " << (r.blind ? "blind" : "open") << " moderation form"
                   << (r.forms.size() == 1 ? "" : "s") << " of draw " << r.drawId << " in " << dir << " ("
                   << r.folders << (r.folders == 1 ? " folder" : " folders") << ", one per moderator; store "
                   << storeDisplayName(tool.store()) << ")\n";
    }
    tool.out().flush();
    return 0;
}

}  // namespace audit::reconcile
