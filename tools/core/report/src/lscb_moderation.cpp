// The partnership workbook's Moderation and accuracy sheet (lscb.h).
#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "lscb.h"

namespace audit::report::lscb {

void Lscb::moderation() {
    lxw_worksheet* ws = book.sheet("Moderation and accuracy");
    book.widths(ws, {11, 30, 11, 11, 10, 10, 11, 11, 11, 11, 13, 12});
    book.text(ws, 0, 0, "Moderation and audit accuracy: the auditor's grade against the moderator's independent grade",
              book.title());
    book.text(ws, 1, 0,
              "Down: the moderator graded lower (the auditor was more generous). AC2 uses Gwet's ordinal weights; "
              "kappa quadratic weights. Intervals: Wilson for agreement. Marked below " + percent(def.accuracyThreshold) +
                  " only with at least " + std::to_string(def.minModerated) + " moderated cases (report definition, "
                  "<accuracy min-moderated>); accuracy by auditor is in the QA lead's accuracy workbook, not here.",
              book.note());
    std::size_t mr = 3;
    const std::size_t modHeader = mr;
    book.headers(ws, mr, {"Breakdown", "Name", "Moderated", "Exact agreement", "Lower 95%", "Upper 95%", "Within one",
                          "Moderated down", "Moderated up", "AC2 (ordinal)", "Kappa (quadratic)",
                          "Below " + percent(def.accuracyThreshold) + " (at least " + std::to_string(def.minModerated) +
                              " moderated)"});
    // Each count and share as the moderation model (modCounts) allows: a share k/n with its interval when neither
    // is hidden; AC2 and kappa (functions of the whole table) only when nothing in the row is hidden.
    auto accuracyRow = [&](const std::string& breakdown, const std::string& name, const std::string& period,
                           const agreement::ConfusionTable& table, const ModEntries& e) {
        ++mr;
        const agreement::Summary s = agreement::summarise(table);
        const long n = static_cast<long>(s.n);
        book.text(ws, mr, 0, breakdown);
        book.text(ws, mr, 1, name);
        const bool nHidden = modHidden(e.n);
        book.count(ws, mr, 2, n, nHidden, marker);
        const bool exactSafe = !nHidden && !modHidden(e.k);
        const bool withinSafe = !nHidden && !modHidden(e.w);
        const bool downHidden = modHidden(e.d), upHidden = modHidden(e.u);
        const bool allShown = exactSafe && withinSafe && !downHidden && !upHidden;
        const long down = static_cast<long>(s.shift.down), up = static_cast<long>(s.shift.up);
        if (s.exact.value && exactSafe) {
            book.number(ws, mr, 3, s.exact.value, book.pct());
            book.number(ws, mr, 4, s.exact.low, book.pct());
            book.number(ws, mr, 5, s.exact.high, book.pct());
            if (*s.exact.value < def.accuracyThreshold && n >= def.minModerated) book.text(ws, mr, 11, "yes");
        } else if (s.exact.value) {
            book.marker(ws, mr, 3, marker);
        }
        if (s.withinOne.value && withinSafe) book.number(ws, mr, 6, s.withinOne.value, book.pct());
        else if (s.withinOne.value) book.marker(ws, mr, 6, marker);
        if (n > 0) {
            book.count(ws, mr, 7, down, downHidden, marker);
            book.count(ws, mr, 8, up, upHidden, marker);
        }
        if (allShown) {
            if (s.ac2Ordinal.value) book.number(ws, mr, 9, s.ac2Ordinal.value, book.num2());
            else if (n > 0) book.text(ws, mr, 9, "n/a");
            if (s.kappaQuadratic.value) book.number(ws, mr, 10, s.kappaQuadratic.value, book.num2());
            else if (n > 0) book.text(ws, mr, 10, "n/a");
        }
        cx.rows.push_back(DataRow{"Moderation and accuracy", period, breakdown, name, "exact agreement",
                                  s.exact.value && exactSafe ? s.exact.value : std::nullopt,
                                  s.exact.value && !exactSafe ? marker : "",
                                  nHidden ? std::nullopt : std::optional<double>(static_cast<double>(n)),
                                  exactSafe ? s.exact.low : std::nullopt, exactSafe ? s.exact.high : std::nullopt});
        if (n > 0) {
            cx.rows.push_back(DataRow{"Moderation and accuracy", period, breakdown, name, "moderated down",
                                      downHidden ? std::nullopt : std::optional<double>(static_cast<double>(down)),
                                      downHidden ? marker : "", {}, {}, {}});
            cx.rows.push_back(DataRow{"Moderation and accuracy", period, breakdown, name, "moderated up",
                                      upHidden ? std::nullopt : std::optional<double>(static_cast<double>(up)),
                                      upHidden ? marker : "", {}, {}, {}});
        }
    };
    for (int m = firstTrend; m <= P.lastMonth; ++m) {
        auto it = modMonths.find(monthLabel(m));
        accuracyRow("Month", monthLabel(m), monthLabel(m),
                    it == modMonths.end() ? agreement::ConfusionTable(kRanks) : it->second, modMonthEntries[m]);
    }
    for (const auto& [name, table] : modByTeam) accuracyRow("Team", name, periodText, table, modTeamEntries.at(name));
    for (const auto& [name, table] : modByDomain)
        accuracyRow("Domain", domainTitle(name), periodText, table, modDomainEntries.at(name));
    book.table(ws, modHeader, mr, 11, 2);
    book.below(ws, modHeader + 1, 3, mr, 3, def.accuracyThreshold, 2, def.minModerated);
}

}  // namespace audit::report::lscb
