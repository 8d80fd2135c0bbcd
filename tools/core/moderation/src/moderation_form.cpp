// Moderation forms from the store, and reading and importing returned forms: see audit/moderation_form.h.
#include "audit/moderation/moderation_form.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "audit/base/date.h"
#include "audit/forms/form.h"
#include "audit/base/hash.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "audit/io/xlsx_reader.h"
#include "audit/base/paths.h"
#include "audit/base/text.h"

namespace fs = std::filesystem;

namespace audit::moderation {

namespace {

// A cell's value as text; a date cell (or a whole serial typed into a date field) as an ISO date.
std::string cellText(const xlsx::Cell& c, bool date = false) {
    if (c.type == xlsx::Cell::Type::Number && (c.isDate || (date && c.number >= 1 && c.number == std::floor(c.number))))
        if (auto d = fromExcelSerial(c.number)) return d->iso();
    return c.str();
}

}  // namespace

// ====================================================================== from the store

ModerationForm loadForm(Store& store, const Catalogue& catalogue, std::int64_t drawId, std::int64_t auditId, bool blind) {
    const auto rows = store.query(
        "SELECT form_id, case_ref, child_ref, team, worker, category, auditor, period, completed_date, template_id, "
        "template_version, framework_id, strengths FROM audit WHERE id = ?",
        auditId);
    if (rows.empty()) throw Error(ErrorKind::Data, store.name(), "", "no audit " + std::to_string(auditId) + " in the store");
    const auto& a = rows[0];
    ModerationForm f;
    f.auditFormId = a.text("form_id");
    f.formId = "M-" + f.auditFormId;
    f.drawId = drawId;
    f.blind = blind;
    f.storeId = store.existingStoreId().value_or("");
    f.caseRef = a.text("case_ref");
    f.childRef = a.text("child_ref");
    f.team = a.text("team");
    f.worker = a.text("worker");
    f.category = a.text("category");
    f.auditor = a.text("auditor");
    f.period = a.text("period");
    f.completedDate = a.text("completed_date");
    f.templateId = a.text("template_id");
    f.templateVersion = a.text("template_version");
    f.frameworkId = auditFramework(catalogue, a.text("framework_id"), f.templateId, f.templateVersion);
    if (!blind) f.strengths = a.text("strengths");
    f.moderator = store
                      .scalar<std::string>("SELECT auditor FROM allocation WHERE draw_id = ? AND case_ref = ? AND "
                                           "role = 'moderator'",
                                           drawId, f.caseRef)
                      .value_or("");
    int version = 0;
    try {
        version = std::stoi(f.templateVersion);
    } catch (const std::exception&) {
    }
    const Template* tpl = catalogue.findTemplate(f.templateId, version > 0 ? version : 0);
    if (tpl && version > 0 && tpl->version != version) tpl = nullptr;
    const Framework* fw = catalogue.framework(f.frameworkId);
    if (tpl) f.templateTitle = tpl->title;

    struct J {
        std::string computed, auditor, rationale;
    };
    std::map<std::string, J> judgements;
    for (const auto& j : store.query(
             "SELECT domain, computed_grade, auditor_grade, rationale FROM judgement WHERE audit_id = ?", auditId))
        judgements[j.text("domain")] = {j.text("computed_grade"), j.text("auditor_grade"), j.text("rationale")};
    struct Ans {
        std::string domain, answer, evidence;
    };
    std::map<std::string, Ans> answers;
    for (const auto& r : store.query("SELECT question_id, domain, answer, evidence FROM answer WHERE audit_id = ?",
                                     auditId))
        answers[r.text("question_id")] = {r.text("domain"), r.text("answer"), r.text("evidence")};

    auto domain = [&](const std::string& id) {
        FormDomain d;
        d.domain = id;
        const J& j = judgements[id];
        if (!blind) {
            d.auditorGrade = j.auditor;
            d.computedGrade = j.computed;
            d.rationale = j.rationale;
            if (fw) {
                if (const Grade* g = fw->grade(d.auditorGrade)) d.auditorGrade = g->label;
                if (const Grade* g = fw->grade(d.computedGrade)) d.computedGrade = g->label;
            }
        }
        return d;
    };
    std::set<std::string> done;
    if (tpl && fw) {
        const FormLayout layout = formLayout(*tpl, *fw);
        for (const auto& sec : tpl->sections) {
            if (!judgements.count(sec.domain)) continue;
            FormDomain d = domain(sec.domain);
            d.title = sec.title;
            d.guidance = sec.guidance;
            for (const auto& q : sec.questions) {
                auto it = answers.find(q.id);
                if (it == answers.end()) continue;
                const auto* qc = layout.question(q.id);
                d.questions.push_back({q.id, qc ? qc->number : "", q.text, blind ? "" : it->second.answer,
                                       it->second.evidence});
                if (!blind)
                    if (const AnswerOption* o = fw->answer(d.questions.back().answer)) d.questions.back().answer = o->label;
            }
            done.insert(sec.domain);
            f.domains.push_back(std::move(d));
        }
    }
    for (const auto& [id, j] : judgements) {  // domains the template does not name (or no template at all)
        if (id == "_overall" || done.count(id)) continue;
        FormDomain d = domain(id);
        d.title = id;
        if (fw)
            if (const Domain* fd = fw->domain(id)) d.title = fd->title;
        for (const auto& [qid, an] : answers)
            if (an.domain == id) d.questions.push_back({qid, "", qid, blind ? "" : an.answer, an.evidence});
        f.domains.push_back(std::move(d));
    }
    if (judgements.count("_overall")) {
        FormDomain d = domain("_overall");
        d.title = "Overall judgement";
        if (tpl) d.guidance = tpl->overallGuidance;
        f.domains.push_back(std::move(d));
    }
    // What the moderator returned already (the latest version): a form rendered again - typically open, once
    // the blind grades are in, for agreeing the final grade - carries the moderator's own entries.
    for (const auto& m : store.query("SELECT domain, moderator, moderator_grade, reason_code, reason, agreed_grade, "
                                     "moderated_date FROM moderation_latest WHERE form_id = ?",
                                     f.formId))
        for (auto& d : f.domains)
            if (d.domain == m.text("domain")) {
                f.moderator = m.text("moderator");
                f.moderatedDate = m.text("moderated_date");
                d.moderatorGrade = m.text("moderator_grade");
                d.reasonCode = m.text("reason_code");
                d.reason = m.text("reason");
                d.agreedGrade = m.text("agreed_grade");
            }
    return f;
}

std::vector<ModerationForm> loadDrawForms(Store& store, const Catalogue& catalogue, std::int64_t drawId,
                                          std::optional<bool> blind) {
    const auto params =
        store.scalar<std::string>("SELECT parameters FROM draw WHERE id = ? AND kind = 'moderation'", drawId);
    if (!params)
        throw Error(ErrorKind::Data, store.name(), "",
                    "no moderation draw " + std::to_string(drawId) + " in the store (audit-reconcile sample makes one)");
    const bool drawBlind = params->find("\"mode\": \"open\"") == std::string::npos;
    std::vector<ModerationForm> forms;
    for (const auto& m : store.query(
             "SELECT audit_id FROM draw_member WHERE draw_id = ? AND audit_id IS NOT NULL ORDER BY draw_order", drawId))
        forms.push_back(loadForm(store, catalogue, drawId, m.integer("audit_id"), blind.value_or(drawBlind)));
    return forms;
}

std::optional<std::int64_t> latestDraw(Store& store, const std::string& period) {
    return store.scalar<std::int64_t>("SELECT MAX(id) FROM draw WHERE kind = 'moderation' AND period = ?", period);
}

std::string safeFileName(const std::string& s) {
    std::string out;
    for (unsigned char ch : s)
        out += std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' ? static_cast<char>(ch) : ch == ' ' ? '-' : '_';
    while (!out.empty() && out.front() == '.') out.erase(out.begin());
    return out.empty() ? std::string("_") : out;
}

std::vector<std::string> writeForms(const std::vector<ModerationForm>& forms, const Catalogue& catalogue,
                                    const std::string& dir,
                                    const std::function<void(std::size_t, std::size_t)>& progress) {
    const auto& safe = safeFileName;
    std::vector<std::string> paths;
    std::set<std::string> used;
    for (std::size_t i = 0; i < forms.size(); ++i) {
        const ModerationForm& f = forms[i];
        const fs::path folder = fs::path(dir) / (f.moderator.empty() ? std::string("unallocated") : safe(f.moderator));
        std::error_code ec;
        fs::create_directories(folder, ec);
        if (ec) throw Error(ErrorKind::CantCreate, folder.string(), "", "cannot create the folder: " + ec.message());
        std::string path = (folder / (safe(f.formId) + ".xlsx")).string();
        if (!used.insert(path).second) path = (folder / (safe(f.formId) + "-" + std::to_string(i + 1) + ".xlsx")).string();
        const Framework* fw = catalogue.framework(f.frameworkId);
        if (!fw) fw = catalogue.framework("ofsted-four-point");
        if (!fw) throw Error(ErrorKind::Data, "", "", "the catalogue has no framework '" + f.frameworkId + "'");
        writeModerationForm(f, *fw, path);
        paths.push_back(path);
        if (progress) progress(i + 1, forms.size());
    }
    return paths;
}

std::vector<std::string> writeDrawForms(Store& store, const Catalogue& catalogue, std::int64_t drawId,
                                        std::optional<bool> blind, const std::string& dir,
                                        const std::function<void(std::size_t, std::size_t)>& progress) {
    store.storeId();  // the forms carry the store's id (made now if the store has none yet)
    return writeForms(loadDrawForms(store, catalogue, drawId, blind), catalogue, dir, progress);
}

// ====================================================================== reading

ModerationReturn readModerationForm(const std::string& path) {
    xlsx::Reader reader(path);  // Error(Data) for a file that is not a workbook (not a zip, truncated)
    const xlsx::SheetInfo* idInfo = reader.findSheet("Form");
    if (!idInfo || !idInfo->worksheet)
        throw Error(ErrorKind::Data, path, "",
                    "not a moderation form of this toolkit: the workbook has no identity sheet 'Form' (forms "
                    "rendered by audit-reconcile sample --out or audit-reconcile forms carry one, hidden; was this "
                    "form made by hand or copied into another workbook?)");
    const xlsx::SheetData idSheet = reader.sheet(idInfo->name);
    std::map<std::string, std::string> id, idPlace;
    std::vector<std::string> domains;
    for (std::size_t r = 0; r < idSheet.rowCount(); ++r) {
        const std::string key = text::trimmed(idSheet.cell(r, 0).str());
        if (key.empty() || id.count(key)) continue;
        id[key] = text::trimmed(cellText(idSheet.cell(r, 1)));
        idPlace[key] = "sheet '" + idInfo->name + "', cell " + xlsx::cellName(r, 1);
        if (key.rfind("moderator_grade.", 0) == 0) domains.push_back(key.substr(16));
    }
    const std::string idSheetPlace = "sheet '" + idInfo->name + "'";
    auto placeOf = [&](const std::string& key) { return idPlace.count(key) ? idPlace[key] : idSheetPlace; };
    if (id["kind"] != "moderation") {
        if (!id["template_id"].empty())
            throw Error(ErrorKind::Data, path, idSheetPlace,
                        "this is an audit form (form " + id["form_id"] + ", template " + id["template_id"] +
                            "), not a moderation form: import it with audit-score import");
        throw Error(ErrorKind::Data, path, placeOf("kind"),
                    "not a moderation form of this toolkit: its identity sheet does not say kind 'moderation'");
    }
    if (id["layout_version"] != std::to_string(kModerationLayoutVersion))
        throw Error(ErrorKind::Data, path, placeOf("layout_version"),
                    "moderation form layout version '" + id["layout_version"] + "' is not one this toolkit reads (it reads " +
                        std::to_string(kModerationLayoutVersion) + "): render the form again with audit-reconcile forms");
    ModerationReturn m;
    m.formId = id["form_id"];
    m.auditFormId = id["audit_form_id"];
    m.mode = id["mode"];
    m.moderator = id["moderator"];
    m.storeId = id["store_id"];
    m.storeIdPlace = placeOf("store_id");
    std::vector<Problem> problems;
    if (m.auditFormId.empty() || m.formId != "M-" + m.auditFormId)
        problems.push_back({path, placeOf("form_id"),
                            "form_id '" + m.formId + "' does not match audit_form_id '" + m.auditFormId +
                                "' (expected M-<audit form id>): was the identity sheet edited?"});
    if (!id["draw_id"].empty()) {
        try {
            std::size_t used = 0;
            const long long d = std::stoll(id["draw_id"], &used);
            if (used != id["draw_id"].size() || d <= 0) throw std::invalid_argument("draw");
            m.drawId = d;
        } catch (const std::exception&) {
            problems.push_back({path, placeOf("draw_id"), "draw_id '" + id["draw_id"] + "' is not a draw number"});
        }
    }
    if (domains.empty())
        problems.push_back({path, idSheetPlace, "the identity sheet names no domain cells (moderator_grade.<domain>)"});
    const std::string sheetName = id["sheet"].empty() ? "Moderation" : id["sheet"];
    const xlsx::SheetInfo* info = reader.findSheet(sheetName);
    if (!info || !info->worksheet)
        problems.push_back({path, "", "the form's sheet '" + sheetName + "' is missing (was it renamed or deleted?)"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    const xlsx::SheetData sheet = reader.sheet(info->name);

    // A field's value and place through the identity sheet's cell map.
    auto read = [&](const std::string& key, std::string& place, bool date = false) -> std::string {
        auto it = id.find(key);
        if (it == id.end()) {
            problems.push_back({path, idSheetPlace, "the identity sheet has no cell for " + key});
            return {};
        }
        const auto c = xlsx::parseCellName(it->second);
        if (!c) {
            problems.push_back({path, placeOf(key), "'" + it->second + "' is not a cell (for " + key + ")"});
            return {};
        }
        place = "sheet '" + info->name + "', cell " + xlsx::cellName(c->row, c->col);
        return text::trimmed(cellText(sheet.cell(c->row, c->col), date));
    };
    std::string moderatorPlace, datePlace;
    const std::string moderator = read("cell.moderator", moderatorPlace);
    const std::string date = read("cell.moderated_date", datePlace, true);
    m.moderator = moderator;  // the cell, prefilled with the allocated moderator; blank is a problem
    for (const auto& d : domains) {
        ReturnedGrade g;
        g.formId = m.auditFormId;
        g.domain = d;
        g.moderator = m.moderator;
        g.date = date;
        g.mode = m.mode;
        g.drawId = m.drawId;
        g.place = "sheet '" + info->name + "'";
        g.moderatorGrade = read("moderator_grade." + d, g.places["moderator_grade"]);
        g.reasonCode = read("reason_code." + d, g.places["reason_code"]);
        g.reason = read("reason." + d, g.places["reason"]);
        g.agreedGrade = read("agreed_grade." + d, g.places["agreed_grade"]);
        g.places["domain"] = g.places["moderator_grade"];
        g.places["moderator"] = moderatorPlace;
        g.places["moderated_date"] = datePlace;
        g.places["form_id"] = placeOf("audit_form_id");
        g.places["draw_id"] = placeOf("draw_id");
        g.places["mode"] = placeOf("mode");
        m.grades.push_back(std::move(g));
    }
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    return m;
}

// ====================================================================== importing

ImportResult importForm(Store& store, const Catalogue& catalogue, const std::string& path) {
    const std::string hash = sha256File(path);
    try {
        ModerationReturn m = readModerationForm(path);
        if (!m.storeId.empty()) {
            const auto mine = store.existingStoreId();
            if (!mine || *mine != m.storeId)
                throw Error(ErrorKind::Data, path, m.storeIdPlace,
                            "this moderation form was made by another store (its store id " + m.storeId + "; store " +
                                store.name() + (mine ? " is " + *mine : " has made no forms") +
                                "): import it into the store its moderation sample was drawn in");
        }
        return importGrades(store, catalogue, path, hash, "moderation-form", std::move(m.grades), {});
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Data && !store.inTransaction())
            store.logImport(path, hash, "moderation-form", "rejected", e.what());
        throw;
    }
}

std::vector<std::string> expandModerationPaths(const std::vector<std::string>& paths) {
    return filesIn(paths, {".xlsx"});
}

std::vector<FileResult> importModerationFiles(Store& store, const Catalogue& catalogue,
                                              const std::vector<std::string>& paths,
                                              const std::function<void(std::size_t, std::size_t)>& progress) {
    const std::vector<std::string> files = expandModerationPaths(paths);
    std::vector<FileResult> out;
    for (const auto& file : files) {
        FileResult r;
        r.file = file;
        r.kind = text::lower(fs::path(file).extension().string()) == ".csv" ? "csv" : "xlsx";
        try {
            r.result = r.kind == "csv" ? importCsv(store, catalogue, file) : importForm(store, catalogue, file);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Data) throw;
            r.rejected = true;
            r.problems = e.problems();
            if (r.problems.empty()) r.problems.push_back({file, "", e.what()});
        }
        out.push_back(std::move(r));
        if (progress) progress(out.size(), files.size());
    }
    return out;
}

}  // namespace audit::moderation
