// The actions tracker (report_workbook.h): written for the owners of open actions, read back with every problem
// named by sheet and cell.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/base/hash.h"
#include "audit/base/output_file.h"
#include "audit/base/working_days.h"
#include "audit/report/action_updates.h"
#include "audit/report/report_workbook.h"
#include "audit/store/store.h"
#include "audit/io/xlsx_reader.h"
#include "audit/io/xlsx_writer.h"

namespace audit::report {

const std::vector<std::string>& actionStatuses() {
    static const std::vector<std::string> s = {"open", "in progress", "done", "cancelled"};
    return s;
}

namespace {
const std::vector<std::string> kColumns = {"Action id", "Case", "Team", "Audit period", "Action no.", "Action",
                                           "Owner", "Due", "Days overdue", "Status", "Date completed", "Note",
                                           "Raised"};
constexpr std::size_t kHeaderRow = 2;

// The tracker sheet's name, after checking that the workbook is a tracker (Error(Data) if not).
std::string trackerSheet(xlsx::Reader& reader, const std::string& path, std::string* asOf = nullptr) {
    const xlsx::SheetInfo* idSheet = reader.findSheet(kTrackerIdentitySheet);
    bool isTracker = false;
    if (idSheet && idSheet->worksheet) {
        xlsx::SheetData idData = reader.sheet(idSheet->name);
        isTracker = idData.cell(0, 1).str() == kTrackerKind;
        if (asOf) *asOf = idData.cell(1, 1).str();
    }
    if (!isTracker || !reader.findSheet(kTrackerSheet))
        throw Error(ErrorKind::Data, path, "",
                    "not an actions tracker (no 'Tracker identity' sheet naming audit-actions-tracker): use the "
                    "file that 'audit-report actions' wrote");
    return reader.findSheet(kTrackerSheet)->name;
}

// A date cell (or date text) as ISO; "" for a blank; nullopt for something else.
std::optional<std::string> isoDateCell(const xlsx::Cell& c) {
    if (c.empty() || c.str().empty()) return std::string();
    std::optional<Date> d = c.type == xlsx::Cell::Type::Number ? fromExcelSerial(c.number) : parseDate(c.str());
    if (!d) return std::nullopt;
    return d->iso();
}
}  // namespace

std::string longDate(const std::string& iso) {
    const auto d = parseDate(iso);
    return d ? audit::longDate(*d) : iso;
}

namespace {
bool addressedTo(const ActionRow& a, const TrackerAddress* to) {
    if (!to) return true;
    return to->by == "team" ? a.team == to->name : a.owner == to->name;
}

// The title and the instructions of a tracker: the QA lead's whole list, or one owner's or team's.
std::pair<std::string, std::string> trackerWords(const TrackerAddress* to, const std::string& asOf, std::size_t actions,
                                                 std::size_t overdue) {
    const std::string fill =
        "What to fill in: for each action, choose its Status in the yellow cell (open, in progress, done or "
        "cancelled); when it is done, put the date it was completed; add a note if it helps (what was done, or why it "
        "is late). Leave the other columns as they are.";
    if (!to)
        return {"Your actions from case audits, as at " + asOf,
                fill + " Then save the file and send it back to the quality assurance lead, who records your updates."};
    const std::string count = std::to_string(actions) + (actions == 1 ? " open action" : " open actions") +
                              (overdue ? " (" + std::to_string(overdue) + " overdue)" : "");
    const std::string who = to->by == "team" ? (to->name.empty() ? "cases with no team" : "team " + to->name) : to->name;
    const std::string title = "Actions from case audits for " + who + ", as at " + longDate(asOf);
    const std::string opening =
        to->by == "team"
            ? "To the manager of " + who + ": these are the " + count + " raised by case audits of the team's cases. "
            : "To " + to->name + ": these are your " + count + " raised by case audits. ";
    return {title, opening + fill + " By when: please save this file and send it back to " + to->returnTo + " by " +
                       longDate(to->returnBy) + ", who records your updates. If an action is not " +
                       (to->by == "team" ? "the team's" : "yours") + ", say so in its note."};
}
}  // namespace

TrackerResult writeActionsTracker(const std::string& path, const ReportData& data, const std::string& asOf,
                                  const std::map<std::int64_t, TrackerFill>* filled, const TrackerAddress* to) {
    TrackerResult result;
    xlsx::Writer::Options o;
    o.title = "Actions tracker";
    xlsx::Writer w(path, o);
    lxw_worksheet* ws = w.addSheet(kTrackerSheet);
    lxw_worksheet* id = w.addSheet(kTrackerIdentitySheet);
    lxw_format* title = w.format("title");
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* header = w.format("header");
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_bg_color(header, 0xD9E1F2);
    format_set_border(header, LXW_BORDER_THIN);
    lxw_format* wrap = w.format("wrap");
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* input = w.format("input");
    format_set_unlocked(input);
    format_set_bg_color(input, 0xFFF2CC);
    format_set_border(input, LXW_BORDER_THIN);
    lxw_format* inputDate = w.format("input date");
    format_set_unlocked(inputDate);
    format_set_bg_color(inputDate, 0xFFF2CC);
    format_set_border(inputDate, LXW_BORDER_THIN);
    format_set_num_format(inputDate, "dd/mm/yyyy");
    lxw_format* integer = w.format("int");
    format_set_num_format(integer, "0");

    std::size_t wanted = 0, wantedOverdue = 0;
    for (const ActionRow& a : data.actions)
        if (a.open() && addressedTo(a, to)) {
            ++wanted;
            if (daysBetween(a.dueDate, asOf).value_or(0) > 0) ++wantedOverdue;
        }
    const auto [titleText, how] = trackerWords(to, asOf, wanted, wantedOverdue);
    w.writeString(ws, 0, 0, titleText, title);
    w.call([&] { return worksheet_merge_range(ws, 1, 0, 1, 8, how.c_str(), wrap); }, "writing the instructions");
    // About 150 characters a line across the merged columns.
    w.check(worksheet_set_row(ws, 1, 15.0 * std::ceil(static_cast<double>(how.size()) / 150.0) + 4, nullptr),
            "setting a row height");
    for (std::size_t c = 0; c < kColumns.size(); ++c) w.writeString(ws, kHeaderRow, c, kColumns[c], header);
    const double widths[] = {10, 14, 18, 12, 9, 60, 22, 12, 10, 14, 15, 40, 12};
    for (std::size_t c = 0; c < kColumns.size(); ++c) w.setColumnWidth(ws, c, c, widths[c]);

    std::map<std::int64_t, int> auditMonth;
    std::vector<std::pair<int, std::size_t>> order;  // (-days overdue, index): most overdue first, then by id
    for (std::size_t i = 0; i < data.actions.size(); ++i) {
        const ActionRow& a = data.actions[i];
        if (!a.open() || !addressedTo(a, to)) continue;
        const int late = daysBetween(a.dueDate, asOf).value_or(0);
        order.emplace_back(-late, i);
    }
    std::stable_sort(order.begin(), order.end());
    std::size_t r = kHeaderRow;
    for (const auto& [negLate, i] : order) {
        const ActionRow& a = data.actions[i];
        ++r;
        w.writeNumber(ws, r, 0, static_cast<double>(a.id), integer);
        w.writeString(ws, r, 1, a.caseRef);
        if (!a.team.empty()) w.writeString(ws, r, 2, a.team);
        w.writeString(ws, r, 3, a.auditPeriod);
        w.writeNumber(ws, r, 4, a.actionNo, integer);
        w.writeString(ws, r, 5, a.description, wrap);
        // Wrapped text gets the height of its lines (about 1.1 characters per unit of the column's width).
        const double lines = std::ceil(static_cast<double>(a.description.size()) / 64.0);
        if (lines > 1) w.check(worksheet_set_row(ws, static_cast<lxw_row_t>(r), 15.0 * lines, nullptr), "setting a row height");
        w.writeString(ws, r, 6, a.owner);
        if (auto d = parseDate(a.dueDate)) w.writeDate(ws, r, 7, d->year(), d->month(), d->day());
        else w.writeString(ws, r, 7, a.dueDate);
        if (-negLate > 0) {
            w.writeNumber(ws, r, 8, -negLate, integer);
            ++result.overdue;
        }
        const TrackerFill* fill = nullptr;
        if (filled)
            if (auto it = filled->find(a.id); it != filled->end()) fill = &it->second;
        w.writeString(ws, r, 9, fill ? fill->status : a.status.str(), input);
        if (auto d = fill ? parseDate(fill->completed) : std::nullopt)
            w.writeDate(ws, r, 10, d->year(), d->month(), d->day(), inputDate);
        else
            w.writeBlank(ws, r, 10, inputDate);
        if (fill && !fill->note.empty()) w.writeString(ws, r, 11, fill->note, input);
        else w.writeBlank(ws, r, 11, input);
        if (auto d = parseDate(a.raisedDate)) w.writeDate(ws, r, 12, d->year(), d->month(), d->day());
        ++result.actions;
    }
    if (r > kHeaderRow) {
        lxw_data_validation status{};
        status.validate = LXW_VALIDATION_TYPE_LIST;
        std::vector<const char*> list;
        for (const auto& s : actionStatuses()) list.push_back(s.c_str());
        list.push_back(nullptr);
        status.value_list = const_cast<char**>(list.data());
        status.error_title = const_cast<char*>("Status");
        status.error_message = const_cast<char*>("Choose open, in progress, done or cancelled.");
        w.check(worksheet_data_validation_range(ws, kHeaderRow + 1, 9, static_cast<lxw_row_t>(r), 9, &status),
                "adding the status list");
        lxw_data_validation date{};
        date.validate = LXW_VALIDATION_TYPE_DATE;
        date.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        date.minimum_datetime = lxw_datetime{2000, 1, 1, 0, 0, 0};
        date.maximum_datetime = lxw_datetime{2099, 12, 31, 0, 0, 0};
        date.error_message = const_cast<char*>("A date, e.g. 14/03/2026.");
        w.check(worksheet_data_validation_range(ws, kHeaderRow + 1, 10, static_cast<lxw_row_t>(r), 10, &date),
                "adding the date check");
    }
    worksheet_freeze_panes(ws, kHeaderRow + 1, 2);
    w.check(worksheet_set_row(ws, kHeaderRow, 30, nullptr), "setting a row height");
    w.printSetup(ws, {true, static_cast<int>(kHeaderRow), static_cast<int>(kHeaderRow), static_cast<int>(r),
                      static_cast<int>(kColumns.size() - 1)});
    w.check(worksheet_autofilter(ws, kHeaderRow, 0, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(kColumns.size() - 1)),
            "adding a filter");
    lxw_protection protection{};
    protection.autofilter = 1;
    protection.sort = 1;
    protection.format_columns = 1;
    protection.format_rows = 1;
    worksheet_protect(ws, nullptr, &protection);

    w.writeString(id, 0, 0, "kind");
    w.writeString(id, 0, 1, kTrackerKind);
    w.writeString(id, 1, 0, "as at");
    w.writeString(id, 1, 1, asOf);
    w.writeString(id, 2, 0, "actions");
    w.writeNumber(id, 2, 1, static_cast<double>(result.actions));
    w.writeString(id, 3, 0, "format version");
    w.writeString(id, 3, 1, "1");
    if (to) {
        w.writeString(id, 4, 0, to->by == "team" ? "team" : "owner");
        w.writeString(id, 4, 1, to->name);
        w.writeString(id, 5, 0, "return by");
        w.writeString(id, 5, 1, to->returnBy);
        w.writeString(id, 6, 0, "return to");
        w.writeString(id, 6, 1, to->returnTo);
    }
    worksheet_activate(ws);
    w.hideSheet(id);
    w.close();
    return result;
}

TrackerImport importActionsTracker(Store& store, const std::string& path, const std::string& today,
                                   const std::string& updatedBy) {
    TrackerImport result;
    result.file = path;
    xlsx::Reader reader(path);
    const std::string sheetName = trackerSheet(reader, path);
    result.hash = sha256File(path);
    xlsx::SheetData sheet = reader.sheet(sheetName);
    std::vector<Problem> problems;
    auto place = [&](std::size_t row, std::size_t col) {
        return "sheet '" + sheetName + "', cell " + xlsx::cellName(row, col);
    };
    // Columns by their headers.
    std::map<std::string, std::size_t> col;
    for (std::size_t c = 0; c < sheet.columnCount(); ++c) col[sheet.cell(kHeaderRow, c).str()] = c;
    for (const char* needed : {"Action id", "Status", "Date completed", "Note"})
        if (!col.count(needed))
            problems.push_back(Problem{path, "sheet '" + sheetName + "', row " + std::to_string(kHeaderRow + 1),
                                       std::string("the column '") + needed + "' is missing from the header row"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    const std::size_t cId = col["Action id"], cStatus = col["Status"], cDate = col["Date completed"], cNote = col["Note"];

    std::map<std::int64_t, std::pair<std::string, std::string>> current;  // id -> (status, closed date)
    std::map<std::int64_t, std::optional<Date>> raised;                  // id -> the raising audit's date
    for (const auto& row : store.query("SELECT action.id, action.status, COALESCE(action.closed_date, ''), "
                                       "COALESCE(audit.completed_date, '') FROM action "
                                       "JOIN audit ON audit.id = action.audit_id")) {
        current[row.integer(0)] = {row.text(1), row.text(2)};
        raised[row.integer(0)] = parseDate(row.text(3));
    }
    std::map<std::int64_t, std::string> lastNote;
    for (const auto& row : store.query("SELECT action_id, COALESCE(note, '') FROM action_update u WHERE NOT EXISTS "
                                       "(SELECT 1 FROM voiding x WHERE x.kind = 'tracker' AND x.source_hash = u.source_hash) "
                                       "ORDER BY id"))
        lastNote[row.integer(0)] = row.text(1);
    const auto todayDate = parseDate(today);

    std::vector<ActionChange> changes;
    std::map<std::int64_t, std::size_t> seen;  // id -> row
    for (std::size_t r = kHeaderRow + 1; r < sheet.rowCount(); ++r) {
        const xlsx::Cell& idCell = sheet.cell(r, cId);
        const std::string idText = idCell.str();
        bool blankRow = true;
        for (std::size_t c = 0; c < sheet.columnCount(); ++c) blankRow = blankRow && sheet.cell(r, c).str().empty();
        if (blankRow) continue;
        ++result.rows;
        auto bad = [&](std::size_t c, const std::string& m) { problems.push_back(Problem{path, place(r, c), m}); };
        std::int64_t id = 0;
        bool idOk = false;
        if (idCell.type == xlsx::Cell::Type::Number && idCell.number == std::floor(idCell.number) && idCell.number > 0) {
            id = static_cast<std::int64_t>(idCell.number);
            idOk = true;
        } else if (!idText.empty() && std::all_of(idText.begin(), idText.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            id = std::stoll(idText);
            idOk = true;
        }
        if (!idOk) {
            bad(cId, idText.empty() ? "the action id is empty (rows must not be added to the tracker)"
                                    : "'" + idText + "' is not an action id");
        } else if (!current.count(id)) {
            bad(cId, "action " + std::to_string(id) + " is not in the store");
            idOk = false;
        } else if (auto [it, fresh] = seen.emplace(id, r); !fresh) {
            bad(cId, "action " + std::to_string(id) + " is listed twice (first in row " + std::to_string(it->second + 1) + ")");
            idOk = false;
        }
        const std::string statusText = sheet.cell(r, cStatus).str();
        const std::string status = normaliseLabel(statusText);
        const std::string statusWrong = statusProblem(statusText, status);
        const bool statusOk = statusWrong.empty();
        if (!statusOk) bad(cStatus, statusWrong);
        const xlsx::Cell& dateCell = sheet.cell(r, cDate);
        const bool dateGiven = !(dateCell.empty() || dateCell.str().empty());
        std::string closed;
        std::optional<Date> d;
        if (dateGiven) {
            if (dateCell.type == xlsx::Cell::Type::Number) d = fromExcelSerial(dateCell.number);
            else d = parseDate(dateCell.str());
            if (!d) bad(cDate, "'" + dateCell.str() + "' is not a date (expected dd/mm/yyyy)");
        }
        const auto dateProblems = checkActionChange(statusOk ? std::optional(status) : std::nullopt, dateGiven, d,
                                                    todayDate, idOk ? raised[id] : std::nullopt);
        for (const auto& m : dateProblems) bad(cDate, m);
        if (d) closed = d->iso();  // (any problem above stops the whole file)
        if (!idOk || !statusOk) continue;
        const std::string note = sheet.cell(r, cNote).str();
        const auto& [curStatus, curClosed] = current[id];
        const bool noteNew = !note.empty() && note != lastNote[id];
        if (status != curStatus || closed != curClosed || noteNew) changes.push_back(ActionChange{id, status, closed, note});
    }
    if (!problems.empty()) {
        store.logImport(path, result.hash, "action-tracker", "rejected", std::to_string(problems.size()) + " problems");
        throw Error(ErrorKind::Data, problems);
    }
    if (store.wasImported(result.hash, "action-tracker")) {
        result.unchanged = true;
        store.logImport(path, result.hash, "action-tracker", "unchanged");
        return result;
    }
    store.transaction([&] {
        applyActionChanges(store, changes, updatedBy, path, result.hash);
        store.logImport(path, result.hash, "action-tracker", "imported", std::to_string(changes.size()) + " updated");
    });
    result.updated = changes.size();
    return result;
}

TrackerContents readActionsTracker(const std::string& path) {
    TrackerContents result;
    xlsx::Reader reader(path);
    const std::string sheetName = trackerSheet(reader, path, &result.asOf);
    std::vector<Problem> problems;
    if (!parseDate(result.asOf))
        problems.push_back(Problem{path, std::string("sheet '") + kTrackerIdentitySheet + "', cell B2",
                                   "'" + result.asOf + "' is not the tracker's as-at date"});
    xlsx::SheetData sheet = reader.sheet(sheetName);
    std::map<std::string, std::size_t> col;
    for (std::size_t c = 0; c < sheet.columnCount(); ++c) col[sheet.cell(kHeaderRow, c).str()] = c;
    for (std::size_t c = 0; c + 1 < kColumns.size(); ++c)  // "Raised" is optional (trackers written before it)
        if (!col.count(kColumns[c]))
            problems.push_back(Problem{path, "sheet '" + sheetName + "', row " + std::to_string(kHeaderRow + 1),
                                       "the column '" + kColumns[c] + "' is missing from the header row"});
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    auto text = [&](std::size_t r, const std::string& name) { return sheet.cell(r, col[name]).str(); };
    for (std::size_t r = kHeaderRow + 1; r < sheet.rowCount(); ++r) {
        bool blankRow = true;
        for (std::size_t c = 0; c < sheet.columnCount(); ++c) blankRow = blankRow && sheet.cell(r, c).str().empty();
        if (blankRow) continue;
        auto bad = [&](const std::string& name, const std::string& m) {
            problems.push_back(Problem{path, "sheet '" + sheetName + "', cell " + xlsx::cellName(r, col[name]), m});
        };
        ActionRow a;
        const xlsx::Cell& idCell = sheet.cell(r, col["Action id"]);
        if (idCell.type == xlsx::Cell::Type::Number && idCell.number == std::floor(idCell.number) && idCell.number > 0)
            a.id = static_cast<std::int64_t>(idCell.number);
        else
            bad("Action id", "'" + idCell.str() + "' is not an action id");
        a.caseRef = text(r, "Case");
        a.team = text(r, "Team");
        a.auditPeriod = text(r, "Audit period");
        const xlsx::Cell& noCell = sheet.cell(r, col["Action no."]);
        a.actionNo = noCell.type == xlsx::Cell::Type::Number ? static_cast<int>(noCell.number) : 0;
        a.description = text(r, "Action");
        a.owner = text(r, "Owner");
        if (auto d = isoDateCell(sheet.cell(r, col["Due"])); d && !d->empty()) a.dueDate = *d;
        else bad("Due", "'" + text(r, "Due") + "' is not a due date");
        a.status = normaliseLabel(text(r, "Status"));
        if (std::find(actionStatuses().begin(), actionStatuses().end(), a.status) == actionStatuses().end())
            bad("Status", "'" + text(r, "Status") + "' is not a status");
        if (auto d = isoDateCell(sheet.cell(r, col["Date completed"]))) a.closedDate = *d;
        else bad("Date completed", "'" + text(r, "Date completed") + "' is not a date");
        if (col.count("Raised")) {
            if (auto d = isoDateCell(sheet.cell(r, col["Raised"]))) a.raisedDate = *d;
            else bad("Raised", "'" + text(r, "Raised") + "' is not a date");
        }
        result.actions.push_back(std::move(a));
        result.notes.push_back(text(r, "Note"));
    }
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    return result;
}

}  // namespace audit::report
