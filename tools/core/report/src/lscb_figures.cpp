// The partnership workbook's figures, computed once before any sheet is written (lscb.h).
#include <algorithm>
#include <tuple>

#include "lscb.h"

namespace audit::report::lscb {

void Lscb::figures() {
    result.audits = inPeriod.size();
    // The trend starts trendMonths before the period's end, or at the store's first month with an audit or a
    // moderation if that is later (months before it would read as months without audits), never after the period.
    int firstData = P.firstMonth;
    for (const auto& a : data.audits)
        if (a.month > 0) firstData = std::min(firstData, a.month);
    // Each moderated judgement's month, its moderation period parsed once per distinct text (moderationMonth).
    std::vector<int> modMonth(data.judgements.size(), 0);
    {
        std::vector<std::pair<Symbol, std::optional<int>>> parsed;
        for (std::size_t ji = 0; ji < data.judgements.size(); ++ji) {
            const JudgementRow& j = data.judgements[ji];
            if (!j.moderated()) continue;
            auto it = std::find_if(parsed.begin(), parsed.end(), [&](const auto& p) { return p.first == j.moderationPeriod; });
            if (it == parsed.end()) {
                const auto p = parsePeriod(j.moderationPeriod);
                it = parsed.emplace(parsed.end(), j.moderationPeriod, p ? std::optional<int>(p->lastMonth) : std::nullopt);
            }
            modMonth[ji] = it->second ? *it->second : data.audits[j.audit].month;
            firstData = std::min(firstData, modMonth[ji]);
        }
    }
    auto monthOf = [&](const JudgementRow& j) { return modMonth[static_cast<std::size_t>(&j - data.judgements.data())]; };
    firstTrend = std::max(P.lastMonth - std::max(1, opt.trendMonths) + 1, firstData);
    for (const auto& a : data.audits) auditors.add(a.auditor);
    for (const auto& a : data.actions) owners.add(a.owner);

    overall = estimateGoodOrBetter(data, grades, inPeriod, {kOverall});
    if (overall.evidence.n > 0) {
        result.share = overall.evidence.share;
        result.lower = overall.evidence.lo;
        result.upper = overall.evidence.hi;
    }
    for (const auto& th : def.themes) {
        std::set<std::string> domains(th.domains.begin(), th.domains.end());
        ShareEstimate e = estimateGoodOrBetter(data, grades, inPeriod, domains);
        evidence[th.id] = e.evidence;
        themeEstimates[th.id] = e;
    }
    tri = triangulateAll(def, P, kpis, evidence, selfAssessments, t);
    result.themes = tri.size();
    for (const auto& x : tri)
        if (x.flagged()) result.flaggedThemes.push_back(x.themeId);

    for (const auto& j : data.judgements) {
        if (j.domain != overallDomain || !j.moderated() || j.auditorRank > kRanks || j.moderatorRank > kRanks) continue;
        const int m = monthOf(j);
        if (P.contains(m)) periodTable.add(j.auditorRank - 1, j.moderatorRank - 1);
        else if (m >= P.firstMonth - len && m < P.firstMonth) previousTable.add(j.auditorRank - 1, j.moderatorRank - 1);
    }
    overallBefore = estimateGoodOrBetter(data, grades, inPeriod, {kOverall}, true);
    for (std::size_t ai : inPeriod)
        for (std::size_t ji : data.judgementsOf(ai)) {
            const JudgementRow& j = data.judgements[ji];
            if (j.domain != overallDomain || !j.agreedRank || j.agreedRank == j.beforeRank()) continue;
            ++gradesChanged;
            const bool before = goodOrBetter(def, j.beforeGrade(), j.beforeRank());
            const bool after = goodOrBetter(def, j.finalGrade(), j.finalRank());
            becameGood += !before && after;
            ceasedGood += before && !after;
        }
    accuracy = agreement::exactAgreement(periodTable);
    previous = agreement::exactAgreement(previousTable);
    result.moderated = periodTable.n();
    result.accuracy = accuracy.value;

    // Moderation counts: by month (the trend), and for the period by auditor, team and domain. The months of the
    // period, the auditors and the teams each add up to the period's counts (the Summary's figures and the
    // "overall grade" domain row), and the months before it to the previous period's: in the published version
    // they are suppressed together (LinkedCounts) so that no hidden count follows from any shown ones.
    auto inP = [&](const JudgementRow& j) { return P.contains(monthOf(j)); };
    modMonths = accuracyBy(data, kOverall, [&](const AuditRow&, const JudgementRow& j) -> std::optional<std::string> {
        const int m = monthOf(j);
        if (m < firstTrend || m > P.lastMonth) return std::nullopt;
        return monthLabel(m);
    });
    modByTeam = accuracyBy(data, kOverall, [&](const AuditRow& a, const JudgementRow& j) -> std::optional<std::string> {
        if (!inP(j)) return std::nullopt;
        return a.team.empty() ? std::string("(no team)") : a.team.str();
    });
    // By domain: every domain in one pass over the judgements, not one pass per domain.
    modByDomain = accuracyBy(data, std::nullopt, [&](const AuditRow&, const JudgementRow& j) -> std::optional<std::string> {
        if (!inP(j)) return std::nullopt;
        return j.domain.str();
    });
    modPeriod = addModeration(modCounts, agreement::summarise(periodTable), 4);
    modPrevious = addModeration(modCounts, agreement::summarise(previousTable), 4);
    for (int m = firstTrend; m <= P.lastMonth; ++m) {
        auto it = modMonths.find(monthLabel(m));
        modMonthEntries[m] = addModeration(modCounts, agreement::summarise(it == modMonths.end()
                                                                               ? agreement::ConfusionTable(kRanks)
                                                                               : it->second), 0);
    }
    auto monthsSum = [&](int first, int last, const ModEntries& total) {
        if (first < firstTrend) return;  // not every month is shown: no sum to protect
        std::vector<ModEntries> parts;
        for (int m = first; m <= last; ++m) parts.push_back(modMonthEntries[m]);
        sumModeration(modCounts, total, parts);
    };
    monthsSum(P.firstMonth, P.lastMonth, modPeriod);
    monthsSum(P.firstMonth - len, P.firstMonth - 1, modPrevious);
    auto breakdownEntries = [&](const std::map<std::string, agreement::ConfusionTable>& groups) {
        std::map<std::string, ModEntries> out;
        std::vector<ModEntries> parts;
        for (const auto& [name, table] : groups) parts.push_back(out[name] = addModeration(modCounts, agreement::summarise(table), 0));
        if (!parts.empty()) sumModeration(modCounts, modPeriod, parts);
        return out;
    };
    modTeamEntries = breakdownEntries(modByTeam);
    for (const auto& [name, table] : modByDomain)
        modDomainEntries[name] = name == kOverall ? modPeriod : addModeration(modCounts, agreement::summarise(table), 0);
    if (opt.publish) {
        modCounts.suppress(def.suppressionThreshold);
        cx.suppressed += modCounts.count(CellState::Primary) + modCounts.count(CellState::Secondary);
    }
    actions = summariseActions(data, P);
    result.openActions = actions.open;
    result.overdueActions = actions.overdue;
    // Open actions by owner: not yet due and four overdue bands, each owner's open total, and the open and overdue
    // totals the Summary and the Actions sheet show (LinkedCounts: the totals tie the owners' rows together).
    {
        std::map<std::string, std::vector<long>> relabelled;  // by published label
        for (const auto& [owner, o] : actions.byOwner) {
            if (o.open == 0) continue;
            relabelled[owners(owner)] = {o.open - o.overdue, o.overdueBands[0], o.overdueBands[1], o.overdueBands[2],
                                         o.overdueBands[3]};
        }
        for (auto& [name, c] : relabelled) {
            ownerNames.push_back(name);
            ownerCounts.push_back(c);
        }
    }
    openEntry = actionCounts.add(actions.open, true, 3);
    overdueEntry = actionCounts.add(actions.overdue, true, 3);
    {
        std::vector<std::size_t> opens, overdueCells, notYetCells;
        for (const auto& c : ownerCounts) {
            std::vector<std::size_t> e;
            for (long v : c) e.push_back(actionCounts.add(v));
            const std::size_t open = actionCounts.add(c[0] + c[1] + c[2] + c[3] + c[4], true, 1);
            actionCounts.sum(open, e);
            opens.push_back(open);
            notYetCells.push_back(e[0]);
            overdueCells.insert(overdueCells.end(), e.begin() + 1, e.end());
            e.push_back(open);
            ownerEntries.push_back(std::move(e));
        }
        const std::size_t notYet = actionCounts.add(actions.open - actions.overdue, false);
        actionCounts.sum(openEntry, opens);
        actionCounts.sum(overdueEntry, overdueCells);
        actionCounts.sum(notYet, notYetCells);
        actionCounts.sum(openEntry, {notYet, overdueEntry});
    }
    if (opt.publish) {
        actionCounts.suppress(def.suppressionThreshold);
        cx.suppressed += actionCounts.count(CellState::Primary) + actionCounts.count(CellState::Secondary);
    }

    // Overall grades by team (period) and by month (trend): two breakdowns of the same audits. In the published
    // version the period's months and the teams share their column totals (the Overall row of Findings), so they
    // are suppressed together; earlier months form a table of their own.
    for (std::size_t ai : inPeriod) byTeam[data.audits[ai].team.empty() ? "(no team)" : data.audits[ai].team].push_back(ai);
    const std::uint32_t overallIndex = grades.domainIndex(overallDomain);
    auto overallCounts = [&](const std::vector<std::size_t>& audits) {
        std::vector<long> c(kRanks, 0);
        for (std::size_t ai : audits)
            for (std::size_t ji : data.judgementsOf(ai)) {
                const auto& j = grades[ji];
                const int rank = j.finalRank;
                if (j.domain == overallIndex && rank >= 1 && rank <= kRanks) c[static_cast<std::size_t>(4 - rank)]++;
            }
        return c;
    };
    for (const auto& [team, audits] : byTeam) teamCounts.push_back(overallCounts(audits));
    std::vector<std::vector<long>> earlierCounts, periodMonthCounts;
    for (int m = firstTrend; m <= P.lastMonth; ++m) {
        std::vector<std::size_t> audits = auditsIn(data, Period{"", m, m});
        (m < P.firstMonth ? earlierCounts : periodMonthCounts).push_back(overallCounts(audits));
    }
    if (opt.publish) {
        const SuppressionOptions so{def.suppressionThreshold, false};
        if (!teamCounts.empty() && !periodMonthCounts.empty()) {
            std::tie(teamTable, periodMonthTable) = suppressLinked(teamCounts, periodMonthCounts, so);
        } else {
            if (!teamCounts.empty()) teamTable = suppress(teamCounts, so);
            if (!periodMonthCounts.empty()) periodMonthTable = suppress(periodMonthCounts, so);
        }
        if (!earlierCounts.empty()) earlierTable = suppress(earlierCounts, so);
        for (const SuppressedTable* st : {&teamTable, &periodMonthTable, &earlierTable})
            cx.suppressed += st->count(CellState::Primary) + st->count(CellState::Secondary);
    } else {
        if (!teamCounts.empty()) teamTable = SuppressedTable(teamCounts);
        if (!periodMonthCounts.empty()) periodMonthTable = SuppressedTable(periodMonthCounts);
        if (!earlierCounts.empty()) earlierTable = SuppressedTable(earlierCounts);
    }

}

}  // namespace audit::report::lscb
