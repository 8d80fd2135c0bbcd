// Reading a returned XLSX audit form (audit/form.h): the hidden identity sheet says which template version,
// case, draw, auditor and form it is, and where every answer, grade, rationale and action cell is.
#include <cctype>
#include <cmath>
#include <map>

#include "audit/base/date.h"
#include "audit/forms/form.h"
#include "audit/forms/score_import.h"
#include "audit/io/xlsx_reader.h"
#include "audit/base/text.h"

namespace audit {

namespace {

std::string placeIn(const std::string& sheet, const std::string& a1) {
    return "sheet '" + sheet + "', cell " + a1;
}

// A cell's value as text. Whole numbers without a date style read as "3", dates as ISO.
std::string cellText(const xlsx::Cell& c) {
    if (c.type == xlsx::Cell::Type::Number && c.isDate) {
        if (auto d = fromExcelSerial(c.number)) return d->iso();
    }
    return c.str();
}

// A date field: a date cell, a serial number typed into an unformatted cell, or text.
std::string dateText(const xlsx::Cell& c) {
    if (c.type == xlsx::Cell::Type::Number) {
        if (auto d = fromExcelSerial(c.number); d && c.number >= 1 && c.number == std::floor(c.number)) return d->iso();
    }
    return cellText(c);
}

// A returned form from its opened workbook (readFormReturn: from the file, or from its bytes already read).
ReturnedAudit readReturn(xlsx::Reader& reader, const Catalogue& catalogue) {
    const std::string& path = reader.path();
    const FormLayout defaults;
    const xlsx::SheetInfo* idInfo = reader.findSheet(defaults.identitySheet);
    if (!idInfo || !idInfo->worksheet)
        throw Error(ErrorKind::Data, path, "",
                    "not an audit form of this toolkit: the workbook has no identity sheet '" + defaults.identitySheet +
                        "' (forms rendered by audit-template carry one, hidden; was this form made by hand or copied "
                        "into another workbook?)");
    const xlsx::SheetData idSheet = reader.sheet(idInfo->name);
    std::map<std::string, std::string> id;
    std::map<std::string, std::string> idPlace;
    for (std::size_t r = 0; r < idSheet.rowCount(); ++r) {
        const std::string key = text::trimmed(idSheet.cell(r, 0).str());
        if (key.empty()) continue;
        id[key] = text::trimmed(cellText(idSheet.cell(r, 1)));
        idPlace[key] = placeIn(idInfo->name, xlsx::cellName(r, 1));
    }
    if (id.count("kind") && id["kind"] == "moderation")
        throw Error(ErrorKind::Data, path, "sheet '" + idInfo->name + "'",
                    "this is a moderation form (" + id["form_id"] + "), not an audit form: import it with "
                    "audit-reconcile import");
    if (!id.count("form_id") || !id.count("template_id") || !id.count("template_version"))
        throw Error(ErrorKind::Data, path, "sheet '" + idInfo->name + "'",
                    "not an audit form of this toolkit: the identity sheet has no form_id, template_id and "
                    "template_version");
    if (id.count("layout_version") && id["layout_version"] != std::to_string(kFormLayoutVersion))
        throw Error(ErrorKind::Data, path, idPlace["layout_version"],
                    "form layout version " + id["layout_version"] + " is not one this toolkit reads (it reads " +
                        std::to_string(kFormLayoutVersion) + "): render the form again with this toolkit");

    ReturnedAudit r;
    r.file = path;
    r.kind = "xlsx";
    r.formId = id["form_id"];
    r.templateId = id["template_id"];
    {
        std::string v = id["template_version"];
        if (!v.empty() && (v[0] == 'v' || v[0] == 'V')) v = v.substr(1);
        try {
            std::size_t used = 0;
            r.templateVersion = std::stoi(v, &used);
            if (used != v.size()) r.templateVersion = 0;
        } catch (const std::exception&) {
            r.templateVersion = 0;
        }
        if (r.templateVersion <= 0)
            throw Error(ErrorKind::Data, path, idPlace["template_version"],
                        "template_version '" + id["template_version"] + "' is not a version number");
    }
    if (std::string why = templateProblem(catalogue, r.templateId, r.templateVersion); !why.empty())
        throw Error(ErrorKind::Data, path, idPlace["template_version"], why);
    const Template& tpl = *catalogue.findTemplate(r.templateId, r.templateVersion);
    const Framework& fw = catalogue.frameworkOf(tpl);
    const FormLayout layout = formLayout(tpl, fw);

    r.caseRef = id["case_ref"];
    r.childRef = id["child_ref"];
    r.team = id["team"];
    r.worker = id["worker"];
    r.category = id["category"];
    r.auditor = id["auditor"];
    r.storeId = id["store_id"];
    for (const char* k : {"form_id", "case_ref", "auditor", "template_id", "template_version"})
        r.places[std::string("identity:") + k] = idPlace.count(k) ? idPlace[k] : "sheet '" + idInfo->name + "'";
    if (!id["draw_id"].empty()) {
        try {
            std::size_t used = 0;
            long long d = std::stoll(id["draw_id"], &used);
            if (used == id["draw_id"].size() && d > 0) r.drawId = d;
        } catch (const std::exception&) {
        }
    }

    const std::string sheetName = id.count("sheet") && !id["sheet"].empty() ? id["sheet"] : layout.sheet;
    const xlsx::SheetInfo* info = reader.findSheet(sheetName);
    if (!info)
        throw Error(ErrorKind::Data, path, "",
                    "the form's sheet '" + sheetName + "' is missing (was it renamed or deleted?)");
    const xlsx::SheetData sheet = reader.sheet(info->name);

    // The cell of a field: from the identity sheet (what the form was rendered with), else the layout.
    auto cellOf = [&](const std::string& key, std::optional<CellRef> fallback) -> std::optional<CellRef> {
        if (auto it = id.find(key); it != id.end())
            if (auto c = CellRef::parse(it->second)) return c;
        return fallback;
    };
    auto read = [&](const std::string& key, std::optional<CellRef> fallback, const std::string& placeKey,
                    bool date = false) -> std::string {
        auto c = cellOf(key, fallback);
        if (!c || !c->valid()) return {};
        r.places[placeKey] = placeIn(info->name, c->a1());
        const xlsx::Cell& cell = sheet.cell(static_cast<std::size_t>(c->row), static_cast<std::size_t>(c->col));
        return text::trimmed(date ? dateText(cell) : cellText(cell));
    };

    for (const auto& q : layout.questions) {
        const std::string a = read("answer." + q.id, q.answer, "answer:" + q.id);
        if (!a.empty()) r.input.answers[q.id] = a;
        const std::string e = read("evidence." + q.id, q.evidence, "evidence:" + q.id);
        if (!e.empty()) r.input.evidence[q.id] = e;
    }
    for (const auto& d : layout.domains) {
        const std::string g = read("grade." + d.domain, d.grade, "grade:" + d.domain);
        if (!g.empty()) r.input.domainGrades[d.domain] = g;
        const std::string ra = read("rationale." + d.domain, d.rationale, "rationale:" + d.domain);
        if (!ra.empty()) r.input.domainRationales[d.domain] = ra;
    }
    r.input.overallGrade = read("overall.grade", layout.overallGrade, "overall-grade");
    r.input.overallRationale = read("overall.rationale", layout.overallRationale, "overall-rationale");
    r.strengths = read("strengths", layout.strengths, "strengths");
    std::optional<CellRef> dateCell;
    if (const auto* cc = layout.caseCell("audit_date")) dateCell = cc->cell;
    r.completedDate = read("cell.audit_date", dateCell, "completed", true);

    for (std::size_t i = 0; i < layout.actions.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        ReturnedAction a;
        a.number = static_cast<int>(i + 1);
        a.description = read("action." + n + ".action", layout.actions[i].action, "action:" + n + ":action");
        a.owner = read("action." + n + ".owner", layout.actions[i].owner, "action:" + n + ":owner");
        a.due = read("action." + n + ".due", layout.actions[i].due, "action:" + n + ":due", true);
        a.descriptionPlace = r.place("action:" + n + ":action");
        a.ownerPlace = r.place("action:" + n + ":owner");
        a.duePlace = r.place("action:" + n + ":due");
        if (!a.description.empty() || !a.owner.empty() || !a.due.empty()) r.actions.push_back(a);
    }
    r.places["form"] = "sheet '" + info->name + "'";
    return r;
}

}  // namespace

ReturnedAudit readFormReturn(const std::string& path, const Catalogue& catalogue) {
    xlsx::Reader reader(path);  // throws Error(Data) for a file that is not a workbook (not a zip, truncated)
    return readReturn(reader, catalogue);
}

ReturnedAudit readFormReturn(const std::string& path, std::string contents, const Catalogue& catalogue) {
    xlsx::Reader reader(path, std::move(contents));
    return readReturn(reader, catalogue);
}

}  // namespace audit
