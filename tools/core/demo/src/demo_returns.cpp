#include "audit/demo/demo_returns.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "audit/io/csv.h"
#include "audit/base/error.h"
#include "audit/forms/form.h"
#include "audit/base/random.h"
#include "audit/forms/scoring.h"
#include "audit/base/text.h"

namespace audit {

namespace {

template <std::size_t N>
const char* pick(Random& rng, const char* const (&list)[N]) {
    return list[rng.below(N)];
}

const char* const kEvidenceYes[] = {
    "Clearly recorded and up to date; referred to in the latest assessment.",
    "Seen on file with dates; the worker's analysis draws on it.",
    "Recorded in case notes and in the plan; consistent with partner information.",
    "Evidenced in visit records and the review minutes.",
    "Manager's recorded decision explains the reasons and next steps.",
};
const char* const kEvidencePartly[] = {
    "Recorded, but not updated since the last review.",
    "Some evidence on file; the impact on the child is not analysed.",
    "Present in the assessment but not carried into the plan.",
    "Partly recorded; gaps around the father's and partner's involvement.",
    "Mentioned in case notes, no clear outcome recorded.",
};
const char* const kEvidenceNo[] = {
    "Not found on file.",
    "No record since the case was transferred.",
    "Not evidenced in the assessment, the plan or supervision notes.",
    "Missing; the file does not say why.",
};
const char* const kEvidenceNa[] = {
    "Not applicable: only child.",
    "Not applicable for this child's age and circumstances.",
    "Not applicable: no episodes in the period audited.",
};
const char* const kUpRationale[] = {
    "The evidence items understate the work: recent visits and the core group show real progress for the child.",
    "Practice has improved markedly since the last review; the computed grade reflects older gaps now addressed.",
    "Strong relationship-based work with the family outweighs the recording gaps scored here.",
    "The child's circumstances have improved and the worker's analysis is good, despite recording delays.",
};
const char* const kDownRationale[] = {
    "The items are recorded, but the quality of analysis is weak and the plan is drifting.",
    "Recording looks complete, yet the child's lived experience is not clear and risk is not reducing.",
    "Visits are on time but purposeless; the computed grade overstates the difference made for the child.",
};
const char* const kStrengths[] = {
    "The worker knows the child well and visits are purposeful; the child's voice comes through clearly.",
    "Good multi-agency working: school and health attend core groups and share information promptly.",
    "Timely management oversight at key decision points, with clear recorded reasons.",
    "The chronology is thorough and used well in the assessment.",
    "Relationship-based practice with the parents has led to measurable change.",
};

struct ActionText {
    const char* domain;
    const char* text;
};
const ActionText kActions[] = {
    {"history", "Update the chronology with significant events since the last review and use it in the assessment"},
    {"history", "Complete a genogram including paternal family and new partners"},
    {"assessment", "See the child alone and record their views in their own words"},
    {"assessment", "Update the assessment with analysis of each parent's capacity to change"},
    {"risk", "Hold a strategy discussion with police and health to review the current risks"},
    {"risk", "Record the risks and protective factors in a safety plan shared with the family"},
    {"voice", "Record the child's wishes and feelings and show how they shaped the plan"},
    {"plan", "Rewrite the plan with SMART outcomes, named owners and timescales"},
    {"plan", "Add a contingency plan and review progress at the next core group"},
    {"multi-agency", "Circulate the core group minutes to all agencies within five working days"},
    {"oversight", "Record reflective supervision on the child's file with actions and follow-up"},
    {"oversight", "Manager to record the rationale for the current level of intervention"},
    {"identity", "Record the child's ethnicity, language and religion and how the plan reflects them"},
    {"impact", "Review with the family what has changed for the child and record the evidence"},
};

std::string shiftGrade(const Framework& fw, const std::string& key, int by) {
    const Grade* g = fw.grade(key);
    if (!g) return key;
    int rank = std::clamp(g->rank + by, 1, static_cast<int>(fw.grades.size()));
    return fw.grades[static_cast<std::size_t>(rank - 1)].label;
}

std::string safeFileName(const std::string& s) {
    std::string out;
    for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return out.empty() ? "case" : out;
}

}  // namespace

DemoReturnsResult writeDemoReturns(const Catalogue& catalogue, const DemoReturnsOptions& o,
                                   const std::function<void(std::size_t, std::size_t)>& progress) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(o.outDir, ec))
        throw Error(ErrorKind::CantCreate, o.outDir, "", "the output folder does not exist");
    csv::Table sample = csv::readFile(o.samplePath);
    const int cCase = sample.column("case_ref");
    if (cCase < 0) throw Error(ErrorKind::Data, o.samplePath, "line 1", "the sample has no case_ref column");
    auto col = [&](const char* name) { return sample.column(name); };
    const int cTeam = col("team"), cCat = col("category"), cWorker = col("worker"), cAuditor = col("auditor"),
              cChild = col("child_ref"), cDraw = col("draw_id");

    const Template* fixed = nullptr;
    if (!o.templateId.empty()) fixed = &catalogue.getTemplate(o.templateId);
    auto templateFor = [&](const std::string& category) -> const Template& {
        if (fixed) return *fixed;
        // The template audit-template render gives a case of this category (Catalogue::templateForCategory).
        std::string why;
        if (const Template* t = catalogue.templateForCategory(category, &why)) return *t;
        throw Error(ErrorKind::Data, o.samplePath, "", why + "; name a template");
    };

    Random rng(o.seed);
    // Auditors (sorted, so the draw does not depend on sample order) and who among them grades generously.
    std::set<std::string> auditorSet;
    for (const auto& row : sample.rows)
        auditorSet.insert(cAuditor >= 0 && !row[static_cast<std::size_t>(cAuditor)].empty()
                              ? row[static_cast<std::size_t>(cAuditor)]
                              : std::string("Auditor A"));
    std::map<std::string, bool> generous;
    DemoReturnsResult result;
    for (const auto& a : auditorSet) {
        generous[a] = rng.chance(o.generousShare);
        result.generousAuditors += generous[a] ? 1 : 0;
    }
    result.auditors = auditorSet.size();
    // Team effects in order of first appearance.
    std::map<std::string, double> teamEffect;

    std::set<std::string> usedNames;
    for (std::size_t i = 0; i < sample.rows.size(); ++i) {
        const auto& row = sample.rows[i];
        auto get = [&](int c) { return c >= 0 ? row[static_cast<std::size_t>(c)] : std::string(); };
        FormCase fc;
        fc.caseRef = get(cCase);
        if (fc.caseRef.empty())
            throw Error(ErrorKind::Data, o.samplePath, "line " + std::to_string(sample.lines[i]), "case_ref is empty");
        fc.team = get(cTeam);
        fc.category = get(cCat);
        fc.worker = get(cWorker);
        fc.auditor = get(cAuditor).empty() ? "Auditor A" : get(cAuditor);
        fc.childRef = get(cChild);
        fc.drawId = get(cDraw);
        const Template& tpl = templateFor(fc.category);
        const Framework& fw = catalogue.frameworkOf(tpl);

        if (!teamEffect.count(fc.team)) teamEffect[fc.team] = rng.normal(0.0, 0.25);
        const double quality = rng.normal(0.0, 0.55) + teamEffect[fc.team];
        const Date completed = o.auditDate.addDays(-static_cast<std::int32_t>(rng.below(21)));
        fc.auditDate = completed.iso();

        AuditInput in;
        const AnswerOption* yes = nullptr;
        const AnswerOption* partly = nullptr;
        const AnswerOption* no = nullptr;
        const AnswerOption* na = nullptr;
        {
            // The scale's answers by score: best, middle, worst; and the excluded one.
            std::vector<const AnswerOption*> scored;
            for (const auto& a : fw.answers) {
                if (a.excluded) na = &a;
                else scored.push_back(&a);
            }
            std::sort(scored.begin(), scored.end(), [](auto* a, auto* b) { return a->score > b->score; });
            if (!scored.empty()) {
                yes = scored.front();
                no = scored.back();
                partly = scored[scored.size() / 2];
            }
        }
        for (const auto& sec : tpl.sections)
            for (const auto& q : sec.questions) {
                if (na && q.limits.empty() && rng.chance(0.05)) {
                    in.answers[q.id] = na->label;
                    in.evidence[q.id] = pick(rng, kEvidenceNa);
                    continue;
                }
                // Items with a limiting rule are the basics (child seen, risks named): done more often.
                const double z = quality + (q.limits.empty() ? 0.0 : 0.9) + rng.normal(0.0, 0.9);
                const AnswerOption* a = z > -0.1 ? yes : (z > -1.3 ? partly : no);
                in.answers[q.id] = a->label;
                if (rng.chance(0.85))
                    in.evidence[q.id] = a == yes ? pick(rng, kEvidenceYes) : a == partly ? pick(rng, kEvidencePartly)
                                                                                     : pick(rng, kEvidenceNo);
            }

        // Computed grades, then the auditor's.
        const bool isGenerous = generous[fc.auditor];
        ScoreResult first = score(tpl, fw, in);
        std::vector<std::string> weak;
        for (const auto& d : first.domains) {
            if (!d.computed) {
                // Nothing scorable (every item not applicable): the auditor grades the domain on the file as a whole.
                const int rank = std::clamp(static_cast<int>(std::lround(2.6 + quality)), 1,
                                            static_cast<int>(fw.grades.size()));
                in.domainGrades[d.domain] = fw.grades[static_cast<std::size_t>(rank - 1)].label;
                in.domainRationales[d.domain] = "No evidence item applied; graded on the file as a whole.";
                continue;
            }
            int by = 0;
            if (isGenerous && rng.chance(0.55)) by = 1;
            else if (rng.chance(0.08)) by = rng.chance(0.5) ? 1 : -1;
            const std::string grade = shiftGrade(fw, *d.computed, by);
            in.domainGrades[d.domain] = grade;
            if (by > 0) in.domainRationales[d.domain] = pick(rng, kUpRationale);
            else if (by < 0) in.domainRationales[d.domain] = pick(rng, kDownRationale);
            if (fw.grade(grade) && !fw.meetsThreshold(*fw.grade(grade))) weak.push_back(d.domain);
        }
        ScoreResult second = score(tpl, fw, in);
        if (second.overall.computed) {
            int by = 0;
            if (isGenerous && rng.chance(0.5)) by = 1;
            else if (rng.chance(0.06)) by = -1;
            in.overallGrade = shiftGrade(fw, *second.overall.computed, by);
            if (by > 0) in.overallRationale = pick(rng, kUpRationale);
            else if (by < 0) in.overallRationale = pick(rng, kDownRationale);
        } else {
            // Auditor judgement: the middle of the domain grades, always with a rationale.
            std::vector<int> ranks;
            for (const auto& d : second.domains)
                if (d.final && fw.grade(*d.final)) ranks.push_back(fw.grade(*d.final)->rank);
            std::sort(ranks.begin(), ranks.end());
            const int rank = ranks.empty() ? 2 : ranks[ranks.size() / 2];
            in.overallGrade = fw.grades[static_cast<std::size_t>(rank - 1)].label;
            in.overallRationale = "Overall judgement from the domain grades: " + std::string(pick(rng, kStrengths));
        }
        // A rationale wherever the framework requires one and none was written (e.g. "always" rules).
        ScoreResult check = score(tpl, fw, in);
        for (const auto& d : check.domains)
            if (d.rationaleRequired && !d.rationaleGiven)
                in.domainRationales[d.domain] = d.departs ? pick(rng, kUpRationale) : "Grade agreed with the evidence items.";
        if (check.overall.rationaleRequired && !check.overall.rationaleGiven)
            in.overallRationale = "The overall grade reflects the domain grades and the child's circumstances.";
        if (rng.chance(0.8)) in.strengths = pick(rng, kStrengths);

        // Actions for weak domains (at most the form's rows).
        for (const auto& dom : weak) {
            std::vector<const ActionText*> options;
            for (const auto& a : kActions)
                if (dom == a.domain) options.push_back(&a);
            if (options.empty()) continue;
            if (static_cast<int>(in.actions.size()) >= tpl.actionRows) break;
            AuditInput::Action act;
            act.action = options[rng.below(options.size())]->text;
            act.owner = rng.chance(0.6) && !fc.worker.empty()
                            ? fc.worker
                            : "Team manager" + (fc.team.empty() ? std::string() : ", " + fc.team);
            act.due = completed.addDays(static_cast<std::int32_t>(14 + 7 * rng.below(7))).iso();
            in.actions.push_back(act);
        }

        std::string name = safeFileName(fc.caseRef);
        if (!usedNames.insert(name).second) name += "-" + std::to_string(i + 1);
        const std::string path = (fs::path(o.outDir) / (name + ".xlsx")).string();
        writeFormXlsx(tpl, fw, fc, &in, path);
        result.files.push_back(path);
        if (progress) progress(i + 1, sample.rows.size());
    }
    return result;
}

}  // namespace audit
