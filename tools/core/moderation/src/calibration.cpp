#include "audit/moderation/calibration.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "audit/base/paths.h"
#include "audit/base/random.h"
#include "audit/base/text.h"
#include "audit/forms/form.h"
#include "audit/forms/framework.h"
#include "audit/forms/score_import.h"
#include "audit/forms/template.h"
#include "audit/io/csv.h"
#include "audit/io/xlsx_writer.h"
#include "audit/moderation/moderation.h"
#include "audit/moderation/moderation_form.h"
#include "audit/store/store.h"

namespace audit::calibration {

namespace fs = std::filesystem;
using agreement::Coefficient;
using agreement::RatingMatrix;

namespace {

const char* const overallDomain = "_overall";

std::string drawLabel(std::int64_t exercise) { return "CAL-" + std::to_string(exercise); }

}  // namespace

std::vector<std::string> readParticipants(const std::string& path) {
    const csv::Table t = csv::readFile(path);
    int col = t.column("auditor");
    if (col < 0) col = t.column("participant");
    if (col < 0) col = t.column("name");
    if (col < 0) {
        std::string header;
        for (const auto& h : t.header) header += (header.empty() ? "" : ", ") + h;
        throw Error(ErrorKind::Data, path, "line 1",
                    "no column 'auditor' (or 'participant', 'name') naming the participants (the header has: " +
                        (header.empty() ? std::string("nothing") : header) + ")");
    }
    std::vector<std::string> names;
    std::vector<Problem> problems;
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const std::string name = text::trimmed(t.rows[i][static_cast<std::size_t>(col)]);
        if (name.empty()) {
            problems.push_back({path, t.place(i), "the participant's name is blank"});
        } else if (auto [it, fresh] = seen.emplace(name, t.lines[i]); !fresh) {
            problems.push_back({path, t.place(i), "'" + name + "' is named already on line " + std::to_string(it->second)});
        } else {
            names.push_back(name);
        }
    }
    if (!problems.empty()) throw Error(ErrorKind::Data, std::move(problems));
    if (names.size() < 2)
        throw Error(ErrorKind::Data, path, "", "a calibration exercise needs at least two participants (the file names " +
                                                   std::to_string(names.size()) + ")");
    return names;
}

Exercise drawExercise(Store& store, const Catalogue& catalogue, const SampleRequest& request) {
    if (request.participants.size() < 2)
        throw Error(ErrorKind::Usage, "a calibration exercise needs at least two participants");
    {
        std::set<std::string> distinct(request.participants.begin(), request.participants.end());
        if (distinct.size() != request.participants.size())
            throw Error(ErrorKind::Usage, "a participant is named twice");
    }
    if (request.cases == 0) throw Error(ErrorKind::Usage, "a calibration exercise needs at least one case");
    // Candidates: one latest audit per case, sorted by case so that the seed alone decides.
    std::string sql = "SELECT case_ref, template_id, MAX(template_version) AS template_version FROM audit_latest";
    if (request.period) sql += " WHERE period = ?";
    sql += " GROUP BY case_ref, template_id ORDER BY case_ref, template_id";
    const StoreRows rows = request.period ? store.query(sql, *request.period) : store.query(sql);
    std::map<std::string, std::vector<std::pair<std::string, int>>> byTemplate;  // template → (case, version)
    for (const auto& r : rows)
        byTemplate[r.text("template_id")].emplace_back(r.text("case_ref"), static_cast<int>(r.integer("template_version")));
    const std::string where = request.period ? "the audits of " + *request.period : "the store's audits";
    std::string templateId;
    if (request.templateId) {
        templateId = *request.templateId;
    } else if (byTemplate.size() == 1) {
        templateId = byTemplate.begin()->first;
    } else if (byTemplate.empty()) {
        throw Error(ErrorKind::Data, "no audited cases in " + where + " to draw a calibration exercise from");
    } else {
        std::string list;
        for (const auto& [t, cases] : byTemplate) list += (list.empty() ? "" : ", ") + t + " (" + std::to_string(cases.size()) + " cases)";
        throw Error(ErrorKind::Usage, where + " use several templates (" + list + "): choose one with --template");
    }
    const auto& candidates = byTemplate[templateId];
    if (candidates.size() < request.cases)
        throw Error(ErrorKind::Data, "asked for " + std::to_string(request.cases) + " cases but " + where + " hold " +
                                         std::to_string(candidates.size()) + " audited case(s) of template " + templateId);
    const Template& tpl = catalogue.getTemplate(templateId);  // the latest version: the forms are new
    const Framework& fw = catalogue.frameworkOf(tpl);

    Random rng(request.seed);
    const auto picked = rng.sampleIndices(candidates.size(), request.cases);
    Exercise ex;
    ex.createdAt = store.now();
    ex.period = request.period.value_or("");
    ex.templateId = tpl.id;
    ex.templateVersion = tpl.version;
    ex.frameworkId = fw.id;
    ex.seed = std::to_string(request.seed);
    ex.participants = request.participants;
    for (std::size_t i : picked) ex.cases.push_back(candidates[i].first);
    store.transaction([&] {
        ex.id = store.insertReturningId(
            "INSERT INTO calibration_exercise (created_at, period, template_id, template_version, framework_id, seed, "
            "cases, participants, tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ex.createdAt, request.period, ex.templateId, ex.templateVersion, ex.frameworkId, ex.seed,
            static_cast<std::int64_t>(ex.cases.size()), static_cast<std::int64_t>(ex.participants.size()),
            toolkitVersion());
        for (std::size_t c = 0; c < ex.cases.size(); ++c)
            for (std::size_t p = 0; p < ex.participants.size(); ++p) {
                FormCase fc;
                fc.caseRef = ex.cases[c];
                fc.auditor = ex.participants[p];
                fc.drawId = drawLabel(ex.id);
                ExerciseForm f{ex.participants[p], ex.cases[c], formId(tpl, fc)};
                store.exec("INSERT INTO calibration_form (form_id, exercise_id, participant, case_ref, case_order, "
                           "participant_order) VALUES (?, ?, ?, ?, ?, ?)",
                           f.formId, ex.id, f.participant, f.caseRef, static_cast<std::int64_t>(c + 1),
                           static_cast<std::int64_t>(p + 1));
                ex.forms.push_back(std::move(f));
            }
    });
    return ex;
}

Exercise loadExercise(Store& store, std::int64_t id) {
    const StoreRows head = store.query("SELECT * FROM calibration_exercise WHERE id = ?", id);
    if (head.empty()) {
        const auto last = store.scalar<std::int64_t>("SELECT MAX(id) FROM calibration_exercise");
        throw Error(ErrorKind::Data, "the store has no calibration exercise " + std::to_string(id) +
                                         (last ? " (the latest is " + std::to_string(*last) + ")"
                                               : " (it holds none: draw one with audit-reconcile calibrate sample)"));
    }
    Exercise ex;
    const StoreRow& h = head.front();
    ex.id = id;
    ex.createdAt = h.text("created_at");
    ex.period = h.optText("period").value_or("");
    ex.templateId = h.text("template_id");
    ex.templateVersion = static_cast<int>(h.integer("template_version"));
    ex.frameworkId = h.text("framework_id");
    ex.seed = h.text("seed");
    for (const auto& r : store.query("SELECT form_id, participant, case_ref, case_order, participant_order FROM "
                                     "calibration_form WHERE exercise_id = ? ORDER BY case_order, participant_order",
                                     id)) {
        ExerciseForm f{r.text("participant"), r.text("case_ref"), r.text("form_id")};
        if (r.integer("participant_order") == 1) ex.cases.push_back(f.caseRef);
        if (r.integer("case_order") == 1) ex.participants.push_back(f.participant);
        ex.forms.push_back(std::move(f));
    }
    return ex;
}

std::vector<std::string> writeExerciseForms(const Exercise& ex, const Catalogue& catalogue, const std::string& dir) {
    const Template& tpl = catalogue.getTemplate(ex.templateId, ex.templateVersion);
    const Framework& fw = catalogue.frameworkOf(tpl);
    std::vector<std::string> paths;
    for (const auto& f : ex.forms) {
        const fs::path folder = fs::path(dir) / moderation::safeFileName(f.participant);
        std::error_code ec;
        fs::create_directories(folder, ec);
        if (ec) throw Error(ErrorKind::CantCreate, folder.string(), "", "cannot create the folder: " + ec.message());
        FormCase fc;
        fc.caseRef = f.caseRef;
        fc.auditor = f.participant;
        fc.drawId = drawLabel(ex.id);
        const std::string path = (folder / (moderation::safeFileName(f.formId) + ".xlsx")).string();
        writeFormXlsx(tpl, fw, fc, nullptr, path);
        paths.push_back(path);
    }
    return paths;
}

// ====================================================================== returns

namespace {

const Grade* gradeByKey(const Framework& fw, const std::string& key) {
    for (const auto& g : fw.grades)
        if (g.key == key) return &g;
    return nullptr;
}

ImportedFile importOne(Store& store, const Catalogue& catalogue, const std::string& path) {
    ImportedFile out;
    out.file = path;
    out.outcome = "rejected";
    ReturnedAudit r;
    try {
        r = readFormReturn(path, catalogue);
    } catch (const Error& e) {
        out.problems = e.problems().empty() ? std::vector<Problem>{{path, "", e.what()}} : e.problems();
        return out;
    }
    const StoreRows form = store.query("SELECT exercise_id, participant, case_ref FROM calibration_form WHERE form_id = ?",
                                       text::trimmed(r.formId));
    if (form.empty()) {
        out.problems.push_back({path, r.place("identity:form_id"),
                                "form " + r.formId + " is not a form of a calibration exercise in this store (an "
                                "ordinary audit form is imported with audit-score import)"});
        return out;
    }
    out.exercise = form.front().integer("exercise_id");
    out.participant = form.front().text("participant");
    out.caseRef = form.front().text("case_ref");
    const Template& tpl = *catalogue.findTemplate(r.templateId, r.templateVersion);
    const Framework& fw = catalogue.frameworkOf(tpl);
    ScoreResult score;
    out.problems = validateReturn(r, tpl, fw, score);
    if (!out.problems.empty()) return out;
    // The grades: each domain's final grade, then the overall grade.
    std::vector<std::pair<std::string, const Grade*>> grades;
    for (const auto& d : score.domains)
        grades.emplace_back(d.domain, d.final ? gradeByKey(fw, *d.final) : nullptr);
    grades.emplace_back(overallDomain, score.overall.final ? gradeByKey(fw, *score.overall.final) : nullptr);
    std::map<std::string, std::optional<std::string>> now;
    for (const auto& [domain, g] : grades) now[domain] = g ? std::optional<std::string>(g->key) : std::nullopt;
    std::map<std::string, std::optional<std::string>> before;
    for (const auto& row : store.query("SELECT domain, grade FROM calibration_grade WHERE form_id = ?", r.formId))
        before[row.text("domain")] = row.optText("grade");
    if (!before.empty() && before == now) {
        out.outcome = "unchanged";
        return out;
    }
    const std::string at = store.now();
    store.transaction([&] {
        store.exec("DELETE FROM calibration_grade WHERE form_id = ?", r.formId);
        for (const auto& [domain, g] : grades)
            store.exec("INSERT INTO calibration_grade (form_id, domain, grade, grade_rank, grade_value, source_file, "
                       "source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       r.formId, domain, g ? std::optional<std::string>(g->key) : std::nullopt,
                       g ? std::optional<std::int64_t>(g->rank) : std::nullopt,
                       g ? std::optional<double>(g->value) : std::nullopt, fs::path(path).filename().string(),
                       r.fileHash, at);
    });
    out.outcome = before.empty() ? "imported" : "replaced";
    return out;
}

}  // namespace

ImportReport importReturns(Store& store, const Catalogue& catalogue, const std::vector<std::string>& paths) {
    ImportReport rep;
    for (const auto& path : filesIn(paths, {".xlsx"})) {
        ImportedFile f = importOne(store, catalogue, path);
        if (f.outcome == "imported") ++rep.imported;
        if (f.outcome == "replaced") ++rep.replaced;
        if (f.outcome == "unchanged") ++rep.unchanged;
        if (f.outcome == "rejected") {
            ++rep.rejected;
            std::string why;
            for (const auto& p : f.problems) why += (why.empty() ? "" : "; ") + p.str();
            store.logImport(path, "", "calibration", "rejected", why);
        }
        rep.files.push_back(std::move(f));
    }
    return rep;
}

// ====================================================================== report

namespace {

// The consensus of a case and domain: the median grade value; none when an even number of grades has two
// different middle values, or fewer than two grades.
std::optional<double> consensus(std::vector<double> values) {
    if (values.size() < 2) return std::nullopt;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    if (n % 2 == 1) return values[n / 2];
    if (values[n / 2 - 1] == values[n / 2]) return values[n / 2];
    return std::nullopt;
}

}  // namespace

Report report(Store& store, const Catalogue& catalogue, std::int64_t exerciseId, const std::string& reference) {
    Report rep;
    rep.exercise = loadExercise(store, exerciseId);
    const Exercise& ex = rep.exercise;
    rep.reference = reference;
    if (!reference.empty() && std::find(ex.participants.begin(), ex.participants.end(), reference) == ex.participants.end()) {
        std::string list;
        for (const auto& p : ex.participants) list += (list.empty() ? "" : ", ") + p;
        throw Error(ErrorKind::Usage, "the reference rater '" + reference + "' is not a participant of exercise " +
                                          std::to_string(ex.id) + " (" + list + ")");
    }
    const Template& tpl = catalogue.getTemplate(ex.templateId, ex.templateVersion);
    const Framework& fw = catalogue.frameworkOf(tpl);
    for (const auto& g : fw.grades) rep.grades.push_back(g.label);
    std::vector<double> categories;
    for (const auto& g : fw.grades) categories.push_back(g.value);

    std::map<std::string, std::size_t> caseIndex, raterIndex;
    for (std::size_t i = 0; i < ex.cases.size(); ++i) caseIndex[ex.cases[i]] = i;
    for (std::size_t i = 0; i < ex.participants.size(); ++i) raterIndex[ex.participants[i]] = i;
    // domain → cases × participants
    std::vector<std::pair<std::string, std::string>> domains;  // id, title
    for (const auto& s : tpl.sections) domains.emplace_back(s.domain, s.title);
    domains.emplace_back(overallDomain, "Overall grade");
    std::map<std::string, RatingMatrix> matrices;
    for (const auto& d : domains)
        matrices[d.first] = RatingMatrix(ex.cases.size(), std::vector<std::optional<double>>(ex.participants.size()));
    std::set<std::string> returned;
    for (const auto& row : store.query("SELECT f.form_id, f.participant, f.case_ref, g.domain, g.grade_value FROM "
                                       "calibration_grade g JOIN calibration_form f ON f.form_id = g.form_id WHERE "
                                       "f.exercise_id = ? ORDER BY f.case_order, f.participant_order, g.domain",
                                       ex.id)) {
        returned.insert(row.text("form_id"));
        auto m = matrices.find(row.text("domain"));
        if (m == matrices.end() || row.isNull("grade_value")) continue;
        m->second[caseIndex.at(row.text("case_ref"))][raterIndex.at(row.text("participant"))] = row.real("grade_value");
    }
    rep.returned = returned.size();
    for (const auto& f : ex.forms)
        if (!returned.count(f.formId)) rep.missing.push_back(f);

    std::map<double, std::string> labelOf;
    for (const auto& g : fw.grades) labelOf[g.value] = g.label;
    for (const auto& [id, title] : domains) {
        const RatingMatrix& m = matrices[id];
        GradeTable t{id, title, {}};
        for (const auto& unit : m) {
            std::vector<std::string> row;
            for (const auto& v : unit) row.push_back(v ? labelOf[*v] : std::string());
            t.labels.push_back(std::move(row));
        }
        rep.table.push_back(std::move(t));
        DomainStats s;
        s.domain = id;
        s.title = title;
        for (const auto& unit : m) {
            const auto k = static_cast<std::size_t>(std::count_if(unit.begin(), unit.end(), [](const auto& v) { return v.has_value(); }));
            s.grades += k;
            if (k >= 2) ++s.cases;
        }
        s.alphaOrdinal = agreement::krippendorffAlpha(m, agreement::AlphaMetric::Ordinal, categories);
        s.alphaNominal = agreement::krippendorffAlpha(m, agreement::AlphaMetric::Nominal, categories);
        s.fleiss = agreement::fleissKappa(m, agreement::Weighting::Identity, categories);
        s.ac1 = agreement::gwetAC(m, agreement::Weighting::Identity, categories);
        s.ac2Linear = agreement::gwetAC(m, agreement::Weighting::Linear, categories);
        rep.domains.push_back(std::move(s));
    }

    // Shares against the consensus (or the reference rater), over every domain and the overall grade.
    const bool hasRef = !reference.empty();
    const std::size_t ref = hasRef ? raterIndex.at(reference) : 0;
    std::vector<RaterShares> shares(ex.participants.size());
    for (std::size_t p = 0; p < shares.size(); ++p) shares[p].participant = ex.participants[p];
    for (const auto& [id, m] : matrices) {
        for (const auto& unit : m) {
            std::optional<double> target;
            if (hasRef) {
                target = unit[ref];
            } else {
                std::vector<double> given;
                for (const auto& v : unit)
                    if (v) given.push_back(*v);
                target = consensus(given);
            }
            if (!target) continue;
            for (std::size_t p = 0; p < unit.size(); ++p) {
                if (!unit[p] || (hasRef && p == ref)) continue;
                RaterShares& s = shares[p];
                ++s.compared;
                if (*unit[p] == *target) ++s.equal;
                else if (*unit[p] > *target) ++s.above;
                else ++s.below;
            }
        }
    }
    for (std::size_t p = 0; p < shares.size(); ++p) {
        if (hasRef && p == ref) continue;
        RaterShares& s = shares[p];
        if (s.above + s.below > 0) {
            s.pAbove = moderation::signTestUpper(s.above, s.below);
            s.pBelow = moderation::signTestUpper(s.below, s.above);
            s.generous = s.above > s.below && *s.pAbove < 0.05;
            s.severe = s.below > s.above && *s.pBelow < 0.05;
        }
        rep.raters.push_back(s);
    }
    return rep;
}

}  // namespace audit::calibration

// ====================================================================== the QA lead's workbook

namespace audit::calibration {

namespace {

std::string fixedText(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", x);
    std::string s = buf;
    return s == "-0.000" ? "0.000" : s;
}

void writeCoefficient(xlsx::Writer& w, lxw_worksheet* ws, std::size_t row, std::size_t col, const Coefficient& c,
                      lxw_format* num) {
    if (c.value) w.writeNumber(ws, row, col, *c.value, num);
    else w.writeString(ws, row, col, "n/a");
    if (c.se) w.writeNumber(ws, row, col + 1, *c.se, num);
    if (c.ciLow && c.ciHigh) w.writeString(ws, row, col + 2, "[" + fixedText(*c.ciLow) + ", " + fixedText(*c.ciHigh) + "]");
    else if (!c.reason.empty()) w.writeString(ws, row, col + 2, c.reason);
}

}  // namespace

void writeReportWorkbook(const Report& rep, const std::string& path) {
    xlsx::Writer::Options o;
    o.title = "Calibration exercise " + std::to_string(rep.exercise.id);
    xlsx::Writer w(path, o);
    lxw_format* bold = w.format("bold");
    lxw_format* head = w.format("calibration header");
    format_set_bold(head);
    format_set_bg_color(head, 0xD9E1F2);
    format_set_text_wrap(head);
    lxw_format* num = w.format("num3");
    format_set_num_format(num, "0.000");
    lxw_format* pct = w.format("pct1");
    format_set_num_format(pct, "0.0%");
    lxw_format* flag = w.format("flag");
    format_set_bold(flag);
    format_set_font_color(flag, 0x9C0006);
    const Exercise& ex = rep.exercise;

    // Agreement.
    lxw_worksheet* ag = w.addSheet("Agreement");
    w.writeString(ag, 0, 0, "Calibration exercise " + std::to_string(ex.id) + ": " + std::to_string(ex.cases.size()) +
                                " cases, " + std::to_string(ex.participants.size()) + " participants, template " +
                                ex.templateId + " v" + std::to_string(ex.templateVersion), bold);
    w.writeString(ag, 1, 0, std::to_string(rep.returned) + " of " + std::to_string(ex.forms.size()) +
                                " forms returned" + (rep.missing.empty() ? "" : " (the missing ones are listed on Grades)"));
    const std::vector<std::string> cols = {"Domain", "Cases", "Grades", "Alpha (ordinal)", "SE", "95% CI",
                                           "Alpha (nominal)", "SE", "95% CI", "Fleiss' kappa", "SE", "95% CI",
                                           "Gwet's AC1", "SE", "95% CI", "Gwet's AC2 (linear)", "SE", "95% CI"};
    for (std::size_t c = 0; c < cols.size(); ++c) w.writeString(ag, 3, c, cols[c], head);
    std::size_t row = 4;
    for (const auto& d : rep.domains) {
        w.writeString(ag, row, 0, d.title);
        w.writeNumber(ag, row, 1, static_cast<double>(d.cases));
        w.writeNumber(ag, row, 2, static_cast<double>(d.grades));
        writeCoefficient(w, ag, row, 3, d.alphaOrdinal, num);
        writeCoefficient(w, ag, row, 6, d.alphaNominal, num);
        writeCoefficient(w, ag, row, 9, d.fleiss, num);
        writeCoefficient(w, ag, row, 12, d.ac1, num);
        writeCoefficient(w, ag, row, 15, d.ac2Linear, num);
        ++row;
    }
    w.writeString(ag, row + 1, 0, "Intervals: value ± 1.96 × SE (a jackknife over cases for alpha; Gwet's linearised "
                                  "variance for Fleiss' kappa and AC1/AC2). Only cases with two grades or more count.");
    w.setColumnWidth(ag, 0, 0, 34);
    w.setColumnWidth(ag, 1, 17, 11);

    // Auditors: named, with the flags.
    lxw_worksheet* au = w.addSheet("Auditors");
    w.writeString(au, 0, 0, rep.reference.empty()
                                ? "Each auditor's grades against the consensus (the median grade of the case and domain)"
                                : "Each auditor's grades against " + rep.reference + "'s", bold);
    w.writeString(au, 1, 0, "Generous: above more often than below, one-sided sign test p < 0.05; severe: the reverse. "
                            "Names are shown in this workbook only.");
    const std::vector<std::string> acols = {"Auditor", "Grades compared", "Equal", "Above (more generous)",
                                            "Below (more severe)", "p (generous)", "p (severe)", "Flag"};
    for (std::size_t c = 0; c < acols.size(); ++c) w.writeString(au, 3, c, acols[c], head);
    row = 4;
    for (const auto& s : rep.raters) {
        w.writeString(au, row, 0, s.participant);
        w.writeNumber(au, row, 1, static_cast<double>(s.compared));
        if (s.compared) {
            const double n = static_cast<double>(s.compared);
            w.writeNumber(au, row, 2, static_cast<double>(s.equal) / n, pct);
            w.writeNumber(au, row, 3, static_cast<double>(s.above) / n, pct);
            w.writeNumber(au, row, 4, static_cast<double>(s.below) / n, pct);
        }
        if (s.pAbove) w.writeNumber(au, row, 5, *s.pAbove, num);
        if (s.pBelow) w.writeNumber(au, row, 6, *s.pBelow, num);
        if (s.generous) w.writeString(au, row, 7, "generous", flag);
        if (s.severe) w.writeString(au, row, 7, "severe", flag);
        ++row;
    }
    w.setColumnWidth(au, 0, 0, 24);
    w.setColumnWidth(au, 1, 7, 13);

    // Grades: one block per domain, cases × auditors.
    lxw_worksheet* gr = w.addSheet("Grades");
    row = 0;
    for (const auto& g : rep.table) {
        w.writeString(gr, row, 0, g.title, bold);
        ++row;
        w.writeString(gr, row, 0, "Case", head);
        for (std::size_t p = 0; p < ex.participants.size(); ++p) w.writeString(gr, row, p + 1, ex.participants[p], head);
        ++row;
        for (std::size_t c = 0; c < ex.cases.size(); ++c) {
            w.writeString(gr, row, 0, ex.cases[c]);
            for (std::size_t p = 0; p < ex.participants.size(); ++p)
                if (!g.labels[c][p].empty()) w.writeString(gr, row, p + 1, g.labels[c][p]);
            ++row;
        }
        ++row;
    }
    if (!rep.missing.empty()) {
        w.writeString(gr, row, 0, "Forms not returned", bold);
        ++row;
        for (const auto& f : rep.missing) {
            w.writeString(gr, row, 0, f.caseRef);
            w.writeString(gr, row, 1, f.participant);
            w.writeString(gr, row, 2, f.formId);
            ++row;
        }
    }
    w.setColumnWidth(gr, 0, 0, 30);
    w.setColumnWidth(gr, 1, ex.participants.size() + 1, 20);
    w.close();
}

}  // namespace audit::calibration
