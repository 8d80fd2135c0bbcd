// The moderation sample job: the policy (the framework's, with the request's overrides), the draw, the moderators,
// the sample and blank-return CSVs, the record in the store and the forms.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

#include "audit/base/error.h"
#include "audit/base/output_file.h"
#include "audit/forms/template.h"
#include "audit/io/csv.h"
#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"

namespace audit::jobs {

using namespace audit::moderation;
using agreement::GradeScale;

namespace {

// The framework's moderation policy with the request's overrides; its scale in `scale`.
SamplePolicy policyOf(const Framework& fw, const ModerationSampleRequest& req, GradeScale& scale) {
    std::vector<std::string> labels;
    for (const auto& g : fw.grades) labels.push_back(g.label);
    const GradeScale ofsted = GradeScale::ofsted4();
    scale = labels == ofsted.labels() ? ofsted : GradeScale(fw.id, labels);
    SamplePolicy policy;
    policy.framework = fw.id;
    policy.fraction = fw.moderation.fraction;
    policy.minPerAuditor = static_cast<std::size_t>(std::max(0, fw.moderation.minPerAuditor));
    policy.blind = fw.moderation.blind;
    policy.weightByGrade.assign(scale.size(), 1.0);
    for (const auto& o : fw.moderation.oversample)
        if (const Grade* g = fw.grade(o.grade)) policy.weightByGrade[static_cast<std::size_t>(g->rank - 1)] = o.factor;
    for (const auto& key : fw.moderation.alwaysModerate)
        if (const Grade* g = fw.grade(key)) policy.always.push_back(static_cast<std::size_t>(g->rank - 1));
    policy.fraction = req.fraction.value_or(policy.fraction);
    if (!(policy.fraction >= 0 && policy.fraction <= 1)) throwUsage("--fraction must be between 0 and 1");
    const long long minPer = req.minPerAuditor.value_or(static_cast<long long>(policy.minPerAuditor));
    if (minPer < 0) throwUsage("--min-per-auditor must be 0 or more");
    policy.minPerAuditor = static_cast<std::size_t>(minPer);
    for (const auto& o : req.oversample) {
        const auto eq = o.rfind('=');
        const auto g = eq == std::string::npos ? std::nullopt : scale.parse(o.substr(0, eq));
        double f = 0;
        try {
            f = eq == std::string::npos ? 0 : std::stod(o.substr(eq + 1));
        } catch (const std::exception&) {
        }
        if (!g || !(f > 0)) throwUsage("--oversample wants GRADE=FACTOR (e.g. Good=2), not '" + o + "'");
        policy.weightByGrade[*g] = f;
    }
    if (req.noAlways) policy.always.clear();
    if (!req.always.empty()) {
        policy.always.clear();
        for (const auto& a : req.always) {
            const auto g = scale.parse(a);
            if (!g) throwUsage("--always wants a grade (" + scale.expected() + "), not '" + a + "'");
            policy.always.push_back(*g);
        }
    }
    if (req.blind) policy.blind = *req.blind;
    return policy;
}

void writeSampleCsv(OutputFile& file, const std::vector<Candidate>& candidates, const Sample& sample,
                    const std::vector<std::string>& moderatorOf, bool blind) {
    csv::Writer w(file.stream());
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
                                       blind && s.reason == "always" ? "policy" : s.reason, pi, w8});
    }
}

// The blank CSV return: one row per domain of each selected audit (the overall grade last).
void writeReturnsCsv(OutputFile& file, Store& store, const std::vector<Candidate>& candidates, const Sample& sample,
                     const std::vector<std::string>& moderatorOf, bool blind) {
    csv::Writer w(file.stream());
    // The moderator's grade first; the agreed grade (with the reason code and reason where a grade differs) may
    // be left blank until the moderator and the auditor agree: such a return is stored as awaiting agreement.
    std::vector<std::string> header = {"form_id", "case_ref", "domain", "moderator", "moderator_grade",
                                       "moderated_date", "agreed_grade", "reason_code", "reason"};
    if (!blind) header.push_back("auditor_grade");
    w.row(header);
    for (std::size_t k = 0; k < sample.selected.size(); ++k) {
        const auto& c = candidates[sample.selected[k].candidate];
        std::vector<std::pair<std::string, std::string>> domains;
        for (const auto& r : store.query("SELECT domain, auditor_grade, computed_grade FROM judgement "
                                         "WHERE audit_id = ?",
                                         c.auditId)) {
            const std::string g = r.text("auditor_grade").empty() ? r.text("computed_grade") : r.text("auditor_grade");
            domains.emplace_back(r.text("domain"), g);
        }
        std::sort(domains.begin(), domains.end(), [](const auto& a, const auto& b) {
            return (a.first == "_overall") != (b.first == "_overall") ? b.first == "_overall" : a.first < b.first;
        });
        for (const auto& [d, g] : domains) {
            std::vector<std::string> row = {c.formId, c.caseRef, d, k < moderatorOf.size() ? moderatorOf[k] : "",
                                            "", "", "", "", ""};
            if (!blind) row.push_back(g);
            w.row(row);
        }
    }
}

}  // namespace

ModerationSampleResult moderationSample(const ModerationSampleRequest& req) {
    Store store(req.store, StoreOpen::ReadWrite);
    // The policy: the framework's (request.framework, else the one the period's audits were scored with, else
    // ofsted-four-point), with any override of the request taking precedence.
    const Catalogue catalogue = Catalogue::load();
    std::string fwId = req.framework;
    if (fwId.empty()) {
        std::set<std::string> used;
        for (const auto& r : store.query("SELECT DISTINCT framework_id FROM audit_latest WHERE period = ? AND "
                                         "framework_id IS NOT NULL",
                                         req.period))
            used.insert(r.text(std::size_t{0}));
        fwId = used.size() == 1 && catalogue.framework(*used.begin()) ? *used.begin() : "ofsted-four-point";
    }
    const Framework* fw = catalogue.framework(fwId);
    if (!fw) {
        std::string known;
        for (const auto& f : catalogue.frameworks()) known += (known.empty() ? "" : ", ") + f.id;
        throwUsage("unknown framework '" + fwId + "' (known: " + known + ")");
    }
    GradeScale scale = GradeScale::ofsted4();
    const SamplePolicy policy = policyOf(*fw, req, scale);
    const std::uint64_t seed = req.seed ? *req.seed : freshSeed();
    const auto candidates = loadCandidates(store, req.period, scale);
    if (candidates.empty())
        throw Error(ErrorKind::Data, store.name(), "",
                    "no audits of period " + req.period + " in the store (import the audit returns first: audit-score import)");
    Random random(seed);
    const Sample sample = drawSample(candidates, policy, random);
    std::vector<std::string> moderatorOf;
    if (!req.moderators.empty()) {
        const auto roster = readRoster(req.moderators, sample.selected.size());
        moderatorOf = allocateModerators(candidates, sample, roster);
    }
    // The draw, its forms and files, and the event are one transaction, committed once every file is complete and
    // in place: a failure (a full disk half way through the forms) leaves neither the draw nor any file behind.
    std::vector<std::unique_ptr<OutputFile>> files;
    const bool outExisted = !req.outDir.empty() && std::filesystem::exists(req.outDir);
    if (!req.outDir.empty()) {
        const std::filesystem::path dir = req.outDir;
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) throw Error(ErrorKind::CantCreate, dir.string(), "", "cannot create the folder: " + ec.message());
        files.push_back(std::make_unique<OutputFile>((dir / "moderation-sample.csv").string()));
        writeSampleCsv(*files.back(), candidates, sample, moderatorOf, policy.blind);
        files.push_back(std::make_unique<OutputFile>((dir / "moderation-returns.csv").string()));
        writeReturnsCsv(*files.back(), store, candidates, sample, moderatorOf, policy.blind);
    }
    ModerationSampleResult res;
    const std::filesystem::path formsDir =
        req.outDir.empty() ? std::filesystem::path() : std::filesystem::path(req.outDir) / "forms";
    const bool formsExisted = !formsDir.empty() && std::filesystem::exists(formsDir);
    try {
        store.transaction([&] {
            res.drawId = recordDraw(store, req.period, seed, policy, scale, candidates, sample, moderatorOf);
            for (auto& f : files) f->finish();
            if (!req.outDir.empty()) {
                res.formsDir = formsDir.string();
                res.forms = writeDrawForms(store, catalogue, res.drawId, policy.blind, res.formsDir, req.progress);
            }
            for (auto& f : files) {
                f->commit();
                res.files.push_back(f->path());
            }
            store.logEvent("audit-reconcile", "sample --period " + req.period + " --seed " + std::to_string(seed),
                           "draw " + std::to_string(res.drawId));
        });
    } catch (...) {
        std::error_code ec;
        if (!formsDir.empty() && !formsExisted) std::filesystem::remove_all(formsDir, ec);
        files.clear();  // not committed: gone
        if (!req.outDir.empty() && !outExisted) std::filesystem::remove(req.outDir, ec);  // only if empty
        throw;
    }
    res.period = req.period;
    res.framework = fw->id;
    res.seed = seed;
    res.audits = candidates.size();
    res.target = sample.target;
    res.selected = sample.selected.size();
    res.fraction = policy.fraction;
    res.blind = policy.blind;
    for (const auto& s : sample.selected) ++res.reasons[s.reason];
    for (const auto& m : moderatorOf) ++res.loads[m];
    return res;
}

}  // namespace audit::jobs
