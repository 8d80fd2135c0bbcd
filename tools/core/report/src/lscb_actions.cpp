// The partnership workbook's Actions sheet: follow-up, open actions by owner and the overdue ones (lscb.h).
#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "lscb.h"

namespace audit::report::lscb {

void Lscb::actionsSheet() {
    lxw_worksheet* ws = book.sheet("Actions");
    book.widths(ws, {44, 10, 12, 14, 12, 12, 12, 12, 60});
    book.text(ws, 0, 0, "Actions from audits: follow-up as at " + actions.asOf, book.title());
    {
        std::size_t ar = 1;
        auto line = [&](const std::string& label, std::optional<double> v, lxw_format* f, bool hidden = false) {
            ++ar;
            book.text(ws, ar, 0, label);
            if (hidden) book.marker(ws, ar, 1, marker);
            else book.number(ws, ar, 1, v, f);
        };
        auto smallCount = [&](long v) { return opt.publish && v > 0 && v < t; };
        line("Actions (from audits up to the period's end)", static_cast<double>(actions.total), book.integer(), smallCount(actions.total));
        line("Open (open or in progress)", static_cast<double>(actions.open), book.integer(), actionHidden(openEntry));
        line("Overdue", static_cast<double>(actions.overdue), book.integer(), actionHidden(overdueEntry));
        const bool fSafe = !opt.publish || rateSafe(actions.doneOfDue, actions.dueByDate, t);
        line("Follow-up rate: due actions done", fSafe ? actions.followUpRate() : std::nullopt, book.pct(),
             !fSafe && actions.followUpRate().has_value());
        const bool oSafe = !opt.publish || rateSafe(actions.doneOnTimeOfDue, actions.dueByDate, t);
        line("Done by their due date", oSafe ? actions.onTimeRate() : std::nullopt, book.pct(),
             !oSafe && actions.onTimeRate().has_value());
        if (opt.feedback) {
            // Practitioners' responses to final audits whose template asks for them (templates/README.md).
            const long k = static_cast<long>(opt.feedback->received), n = static_cast<long>(opt.feedback->asked);
            const std::optional<double> rate = n > 0 ? std::optional<double>(static_cast<double>(k) / n) : std::nullopt;
            const bool safe = !opt.publish || rateSafe(k, n, t);
            line("Practitioners' feedback received (of final audits asking for it)", safe ? rate : std::nullopt,
                 book.pct(), !safe && rate.has_value());
            if (safe) result.feedbackRate = rate;
            cx.rows.push_back(DataRow{"Actions", periodText, "All", "All", "practitioners' feedback received",
                                      safe ? rate : std::nullopt, !safe && rate ? marker : "",
                                      safe ? std::optional<double>(static_cast<double>(n)) : std::nullopt, {}, {}});
        }
        std::size_t ah = ar + 2;
        book.headers(ws, ah, {"Owner", "Open", "Not yet due", std::string("Overdue ") + ActionSummary::bandName(0),
                              std::string("Overdue ") + ActionSummary::bandName(1),
                              std::string("Overdue ") + ActionSummary::bandName(2),
                              std::string("Overdue ") + ActionSummary::bandName(3)});
        std::size_t row = ah;
        for (std::size_t i = 0; i < ownerCounts.size(); ++i) {
            ++row;
            book.text(ws, row, 0, ownerNames[i]);
            const auto& e = ownerEntries[i];
            book.count(ws, row, 1, actionCounts.value(e[5]), actionHidden(e[5]), marker);
            for (std::size_t c = 0; c < 5; ++c)
                book.count(ws, row, 2 + c, actionCounts.value(e[c]), actionHidden(e[c]), marker);
            const char* names[] = {"open", "not yet due", "overdue 1-30 days", "overdue 31-60 days",
                                   "overdue 61-90 days", "overdue over 90 days"};
            for (std::size_t c = 0; c < 6; ++c) {
                const std::size_t col = c == 0 ? 5 : c - 1;
                const bool hidden = actionHidden(e[col]);
                cx.rows.push_back(DataRow{"Actions", actions.asOf, "Owner", ownerNames[i], names[c],
                                          hidden ? std::nullopt : std::optional<double>(actionCounts.value(e[col])),
                                          hidden ? marker : "", {}, {}, {}});
            }
        }
        book.table(ws, ah, row, 6, 1);
        // In the printed pack the Actions sheet takes at most two pages (owners and the overdue list shrink to fit).
        worksheet_fit_to_pages(ws, 1, 2);
        // The overdue actions themselves, most overdue first.
        row += 2;
        const std::size_t limit = 1000;
        const std::size_t overdueCount = actions.overdueActions.size();
        book.text(ws, row, 0,
                  overdueCount > limit && !actionHidden(overdueEntry)
                      ? "Overdue actions: the " + std::to_string(limit) + " most overdue of " +
                            std::to_string(overdueCount)
                      : std::string("Overdue actions, most overdue first"),
                  book.title());
        ++row;
        if (opt.publish) {
            // Owner, team, dates or status beside each action would give away the counts suppressed above (count
            // the rows): the published list names only the case's pseudonym and the action's number, in pseudonym
            // order, so that the partnership can ask the council about a case. None when the total is hidden.
            if (actionHidden(overdueEntry)) {
                book.text(ws, row, 0, "Not listed: the number of overdue actions is suppressed.", book.note());
            } else {
                book.text(ws, row, 0, "Case pseudonyms and action numbers only (owners, teams and dates beside them "
                                      "would reveal the counts suppressed above); in pseudonym order.", book.note());
                ++row;
                book.headers(ws, row, {"Case", "Action no."});
                std::vector<std::pair<std::string, int>> listed;
                for (std::size_t i = 0; i < actions.overdueActions.size() && i < limit; ++i) {
                    const ActionRow& a = data.actions[actions.overdueActions[i]];
                    listed.emplace_back(pseudonym(opt.pseudonymKey, a.caseRef), a.actionNo);
                }
                std::sort(listed.begin(), listed.end());
                for (const auto& [ref, no] : listed) {
                    ++row;
                    book.text(ws, row, 0, ref);
                    book.number(ws, row, 1, no, book.integer());
                }
            }
        } else {
            book.headers(ws, row, {"Case", "Team", "Audit period", "Action no.", "Owner", "Due", "Days overdue",
                                   "Status", "Action"});
            std::size_t listed = 0;
            for (std::size_t idx : actions.overdueActions) {
                if (++listed > limit) break;
                const ActionRow& a = data.actions[idx];
                ++row;
                book.text(ws, row, 0, a.caseRef);
                book.text(ws, row, 1, a.team);
                book.text(ws, row, 2, a.auditPeriod);
                book.number(ws, row, 3, a.actionNo, book.integer());
                book.text(ws, row, 4, owners(a.owner));
                book.text(ws, row, 5, a.dueDate);
                book.number(ws, row, 6, daysBetween(a.dueDate, actions.asOf).value_or(0), book.integer());
                book.text(ws, row, 7, a.status);
                book.text(ws, row, 8, a.description);
            }
        }
    }

}

}  // namespace audit::report::lscb
