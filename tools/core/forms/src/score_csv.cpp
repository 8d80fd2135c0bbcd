// Bulk answers CSV (docs/BULK_ANSWERS.md): one row per answer, per domain grade or per action.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "audit/io/csv.h"
#include "audit/forms/score_import.h"
#include "audit/base/text.h"

namespace audit {

namespace {

const std::vector<std::string> kColumns = {
    "form_id", "case_ref", "template", "template_version", "auditor", "completed_date", "period", "team",
    "category", "worker", "service_area", "child_ref", "draw_id", "strengths", "escalation", "question_id",
    "answer", "evidence", "domain", "grade", "rationale", "action", "owner", "due_date"};

// Per-form identity fields that must agree across the form's rows.
const std::vector<std::string> kIdentity = {"case_ref", "template", "template_version", "auditor", "completed_date",
                                            "period", "team", "category", "worker", "service_area", "child_ref",
                                            "draw_id", "strengths", "escalation"};

std::string lineOf(std::size_t line) { return "line " + std::to_string(line); }

}  // namespace

std::string templateProblem(const Catalogue& catalogue, const std::string& id, int version) {
    if (catalogue.findTemplate(id, version)) return "";
    std::vector<int> versions;
    std::vector<std::string> ids;
    for (const auto& t : catalogue.templates()) {
        if (t.id == id) versions.push_back(t.version);
        if (ids.empty() || ids.back() != t.id) ids.push_back(t.id);
    }
    if (versions.empty()) {
        std::string known;
        for (std::size_t i = 0; i < ids.size(); ++i) known += (i ? ", " : "") + ids[i];
        return "unknown template '" + id + "' (known: " + known + ")";
    }
    std::string have;
    for (std::size_t i = 0; i < versions.size(); ++i) have += (i ? ", v" : "v") + std::to_string(versions[i]);
    return "the form was made from template " + id + " v" + std::to_string(version) +
           ", a version this toolkit does not have (it has " + have +
           "): render the form again from the current template, or install the toolkit version that made it";
}

std::vector<ReturnedAudit> readBulkCsv(const std::string& path, const Catalogue& catalogue,
                                       std::vector<Problem>& problems) {
    csv::Table table = csv::readFile(path);
    auto add = [&](const std::string& place, const std::string& message) { problems.push_back({path, place, message}); };

    std::map<std::string, int> col;
    for (std::size_t i = 0; i < table.header.size(); ++i) {
        const std::string name = text::lower(text::trimmed(table.header[i]));
        if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end()) {
            add("line 1", "unknown column '" + table.header[i] + "' (bulk answer columns: form_id, case_ref, template, "
                          "template_version, auditor, completed_date, question_id, answer, evidence, domain, grade, "
                          "rationale, action, owner, due_date and the optional case details of docs/BULK_ANSWERS.md)");
            continue;
        }
        if (col.count(name)) add("line 1", "column '" + name + "' appears twice");
        col[name] = static_cast<int>(i);
    }
    for (const char* need : {"template", "auditor", "completed_date", "question_id", "answer"})
        if (!col.count(need)) add("line 1", std::string("the required column '") + need + "' is missing");
    if (!col.count("form_id") && !col.count("case_ref"))
        add("line 1", "either a form_id or a case_ref column is required to tell the returns apart");
    if (!problems.empty()) return {};

    auto get = [&](const std::vector<std::string>& row, const std::string& name) -> std::string {
        auto it = col.find(name);
        return it == col.end() ? std::string() : text::trimmed(row[static_cast<std::size_t>(it->second)]);
    };

    struct Building {
        ReturnedAudit r;
        std::map<std::string, std::pair<std::string, std::size_t>> identity;  // field -> value, line
        std::size_t firstLine = 0;
        bool templateOk = false;
    };
    std::map<std::string, std::size_t> index;  // form key -> position
    std::vector<Building> forms;

    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const auto& row = table.rows[i];
        const std::size_t line = table.lines[i];
        const std::string place = lineOf(line);
        std::string formId = get(row, "form_id");
        const std::string caseRef = get(row, "case_ref");
        const std::string tpl = get(row, "template");
        if (formId.empty() && (caseRef.empty() || tpl.empty())) {
            add(place, "the row names no form: give form_id, or case_ref and template");
            continue;
        }
        const std::string key = formId.empty() ? tpl + ":" + caseRef : formId;
        auto [it, isNew] = index.emplace(key, forms.size());
        if (isNew) {
            forms.emplace_back();
            forms.back().firstLine = line;
            forms.back().r.file = path;
            forms.back().r.kind = "csv";
            forms.back().r.formId = key;
            forms.back().r.places["form"] = place;
        }
        Building& b = forms[it->second];
        for (const auto& field : kIdentity) {
            const std::string v = get(row, field);
            if (v.empty()) continue;
            auto f = b.identity.find(field);
            if (f == b.identity.end())
                b.identity[field] = {v, line};
            else if (f->second.first != v)
                add(place, field + " '" + v + "' differs from '" + f->second.first + "' given for form " + key +
                               " on line " + std::to_string(f->second.second));
        }

        const std::string qid = get(row, "question_id"), domain = get(row, "domain"), action = get(row, "action"),
                          owner = get(row, "owner"), due = get(row, "due_date");
        const int kinds = (!qid.empty()) + (!domain.empty()) + (!action.empty() || !owner.empty() || !due.empty());
        if (kinds == 0) {
            // A row giving only identity (e.g. strengths) is fine if it gives something.
            bool any = false;
            for (const auto& field : kIdentity) any = any || !get(row, field).empty();
            if (!any || (get(row, "answer").empty() && get(row, "grade").empty() && get(row, "strengths").empty() &&
                         get(row, "escalation").empty() && get(row, "completed_date").empty()))
                add(place, "the row has no question_id, domain or action: say what it records");
            continue;
        }
        if (kinds > 1) {
            add(place, "the row mixes an answer (question_id), a grade (domain) and an action: give one per row");
            continue;
        }
        if (!qid.empty()) {
            if (b.r.input.answers.count(qid)) {
                add(place, "question " + qid + " is answered twice for form " + key + " (first " +
                               b.r.place("answer:" + qid) + ")");
                continue;
            }
            b.r.input.answers[qid] = get(row, "answer");
            b.r.places["answer:" + qid] = place;
            const std::string ev = get(row, "evidence");
            if (!ev.empty()) b.r.input.evidence[qid] = ev;
            b.r.places["evidence:" + qid] = place;
        } else if (!domain.empty()) {
            const bool overall = text::lower(domain) == "overall" || domain == "_overall";
            const std::string k = overall ? "overall-grade" : "grade:" + domain;
            if (b.r.places.count(k)) {
                add(place, "the grade for " + domain + " is given twice for form " + key + " (first " + b.r.places[k] + ")");
                continue;
            }
            b.r.places[k] = place;
            if (overall) {
                b.r.input.overallGrade = get(row, "grade");
                b.r.input.overallRationale = get(row, "rationale");
                b.r.places["overall-rationale"] = place;
            } else {
                b.r.input.domainGrades[domain] = get(row, "grade");
                const std::string rat = get(row, "rationale");
                if (!rat.empty()) b.r.input.domainRationales[domain] = rat;
                b.r.places["rationale:" + domain] = place;
            }
        } else {
            ReturnedAction a;
            a.number = static_cast<int>(b.r.actions.size()) + 1;
            a.description = action;
            a.owner = owner;
            a.due = due;
            a.descriptionPlace = a.ownerPlace = a.duePlace = place;
            b.r.actions.push_back(a);
        }
    }

    std::vector<ReturnedAudit> out;
    for (auto& b : forms) {
        auto val = [&](const std::string& f) {
            auto it = b.identity.find(f);
            return it == b.identity.end() ? std::string() : it->second.first;
        };
        auto where = [&](const std::string& f) {
            auto it = b.identity.find(f);
            return lineOf(it == b.identity.end() ? b.firstLine : it->second.second);
        };
        ReturnedAudit& r = b.r;
        r.caseRef = val("case_ref");
        r.templateId = val("template");
        r.auditor = val("auditor");
        r.completedDate = val("completed_date");
        r.period = val("period");
        r.team = val("team");
        r.category = val("category");
        r.worker = val("worker");
        r.serviceArea = val("service_area");
        r.childRef = val("child_ref");
        r.strengths = val("strengths");
        r.escalation = val("escalation");
        for (const auto& f : kIdentity) r.places["identity:" + f] = where(f);
        r.places["identity:form_id"] = r.places["form"];
        r.places["completed"] = where("completed_date");
        const std::string drawText = val("draw_id");
        if (!drawText.empty()) {
            try {
                std::size_t used = 0;
                long long d = std::stoll(drawText, &used);
                if (used != drawText.size() || d <= 0) throw std::invalid_argument("draw");
                r.drawId = d;
            } catch (const std::exception&) {
                add(where("draw_id"), "draw_id '" + drawText + "' is not a draw number");
            }
        }
        if (r.templateId.empty()) {
            add(where("template"), "form " + r.formId + " names no template");
            continue;
        }
        const std::string versionText = val("template_version");
        if (versionText.empty()) {
            const Template* latest = catalogue.findTemplate(r.templateId, 0);
            r.templateVersion = latest ? latest->version : 0;
        } else {
            std::string v = versionText;
            if (!v.empty() && (v[0] == 'v' || v[0] == 'V')) v = v.substr(1);
            try {
                std::size_t used = 0;
                r.templateVersion = std::stoi(v, &used);
                if (used != v.size() || r.templateVersion <= 0) throw std::invalid_argument("version");
            } catch (const std::exception&) {
                add(where("template_version"), "template_version '" + versionText + "' is not a version number");
                continue;
            }
        }
        if (std::string why = templateProblem(catalogue, r.templateId, r.templateVersion); !why.empty()) {
            add(where(versionText.empty() ? "template" : "template_version"), why);
            continue;
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace audit
