#include "audit/report/action_updates.h"

#include <algorithm>

#include "action_row.h"
#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/report/report_definition.h"
#include "audit/report/report_workbook.h"
#include "audit/store/store.h"

namespace audit::report {

std::string statusProblem(const std::string& typed, const std::string& normalised) {
    const auto& all = actionStatuses();
    if (std::find(all.begin(), all.end(), normalised) != all.end()) return "";
    std::string list;
    for (const auto& s : all) list += (list.empty() ? "" : ", ") + s;
    return typed.empty() ? "the status is empty (expected " + list + ")"
                         : "'" + typed + "' is not a status (expected " + list + ")";
}

std::vector<std::string> checkActionChange(const std::optional<std::string>& status, bool dateGiven,
                                           const std::optional<Date>& closed, const std::optional<Date>& today,
                                           const std::optional<Date>& raised) {
    std::vector<std::string> out;
    if (closed) {
        if (today && *closed > *today)
            out.push_back("the date completed " + closed->uk() + " is in the future");
        else if (raised && *closed < *raised)
            out.push_back("the date completed " + closed->uk() + " is before the action was raised (its audit was "
                          "completed " + raised->uk() + ")");
    }
    if (status) {
        if (*status == "done" && !dateGiven) out.push_back("status done needs the date completed");
        if ((*status == "open" || *status == "in progress") && dateGiven)
            out.push_back("a date completed is given but the status is " + *status + " (set done or clear the date)");
    }
    return out;
}

void applyActionChanges(Store& store, const std::vector<ActionChange>& changes, const std::string& updatedBy,
                        const std::optional<std::string>& sourceFile, const std::optional<std::string>& sourceHash) {
    store.transaction([&] {
        const std::string at = store.now();
        for (const auto& c : changes) {
            std::optional<std::string> closed = c.closed.empty() ? std::nullopt : std::optional<std::string>(c.closed);
            std::optional<std::string> note = c.note.empty() ? std::nullopt : std::optional<std::string>(c.note);
            store.exec("UPDATE action SET status = ?, closed_date = ?, updated_at = ? WHERE id = ?", c.status, closed,
                       at, c.id);
            store.exec("INSERT INTO action_update (action_id, status, closed_date, note, updated_by, source_file, "
                       "source_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       c.id, c.status, closed, note, updatedBy, sourceFile, sourceHash, at);
        }
    });
}

bool updateAction(Store& store, const ActionChange& in, const std::string& today, const std::string& by,
                  const std::optional<std::string>& owner) {
    const std::string where = "action " + std::to_string(in.id);
    return store.transaction([&] {
        auto rows = store.query("SELECT ac.owner, ac.status, COALESCE(ac.closed_date, ''), "
                                "COALESCE(a.completed_date, '') FROM action ac JOIN audit a ON a.id = ac.audit_id "
                                "WHERE ac.id = ?",
                                in.id);
        if (rows.empty() || (owner && rows[0].text(0) != *owner))
            throw Error(ErrorKind::Data, where, "", "no such action" + (owner ? " of " + *owner : std::string()));
        ActionChange c = in;
        c.status = normaliseLabel(in.status);
        c.note = text::trimmed(in.note);
        std::vector<Problem> problems;
        const std::string sp = statusProblem(text::trimmed(in.status), c.status);
        if (!sp.empty()) problems.push_back({where, "status", sp});
        const std::string dateText = text::trimmed(in.closed);
        std::optional<Date> closed;
        if (!dateText.empty()) {
            closed = parseDate(dateText);
            if (!closed) problems.push_back({where, "date completed", "'" + dateText + "' is not a date (expected YYYY-MM-DD)"});
        }
        for (const auto& m : checkActionChange(sp.empty() ? std::optional(c.status) : std::nullopt, !dateText.empty(),
                                               closed, parseDate(today), parseDate(rows[0].text(3))))
            problems.push_back({where, "date completed", m});
        if (c.note.size() > 4000)
            problems.push_back({where, "note", "the note has " + std::to_string(c.note.size()) + " characters (at most 4000)"});
        if (!problems.empty()) throw Error(ErrorKind::Data, problems);
        c.closed = closed ? closed->iso() : "";
        std::string lastNote;
        if (auto n = store.scalar<std::string>("SELECT COALESCE(note, '') FROM action_update WHERE action_id = ? "
                                               "ORDER BY id DESC LIMIT 1",
                                               c.id))
            lastNote = *n;
        const bool noteNew = !c.note.empty() && c.note != lastNote;
        if (c.status == rows[0].text(1) && c.closed == rows[0].text(2) && !noteNew) return false;
        applyActionChanges(store, {c}, by, std::nullopt, std::nullopt);
        return true;
    });
}

std::vector<ActionRow> openActions(Store& store, const std::string& owner) {
    std::vector<ActionRow> out;
    for (const auto& row : store.query(std::string(kActionColumns) +
                                           "FROM action ac JOIN audit a ON a.id = ac.audit_id "
                                           "WHERE ac.status IN ('open', 'in progress') AND (? = '' OR ac.owner = ?) "
                                           "ORDER BY ac.due_date, ac.id",
                                           owner, owner))
        readActionRow(row, out.emplace_back());
    return out;
}

std::vector<ActionHistoryRow> actionHistory(Store& store, std::int64_t actionId) {
    std::vector<ActionHistoryRow> out;
    for (const auto& r : store.query("SELECT status, COALESCE(closed_date, ''), COALESCE(note, ''), "
                                     "COALESCE(updated_by, ''), COALESCE(source_file, ''), updated_at "
                                     "FROM action_update WHERE action_id = ? ORDER BY id",
                                     actionId))
        out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5)});
    return out;
}

}  // namespace audit::report
