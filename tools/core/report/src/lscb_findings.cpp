// The partnership workbook's Findings sheet: grades by theme, overall, domain and team, and the questions the
// report definition names (lscb.h).
#include <algorithm>
#include <filesystem>

#include "lscb.h"

namespace audit::report::lscb {

void Lscb::findings() {
    lxw_worksheet* ws = book.sheet("Findings");
    // The printed pack holds at most 10 pages without the Data sheet (issue 13): Findings takes one.
    worksheet_fit_to_pages(ws, 1, 1);
    book.widths(ws, {12, 34, 30, 9, 12, 9, 13, 12, 14, 10, 10, 14, 8});
    book.text(ws, 0, 0, "Findings " + periodText + ": final grades (agreed after moderation, else the auditor's)",
              book.title());
    std::size_t fr = 2;
    const std::size_t findHeader = fr;
    book.headers(ws, fr, {"Breakdown", "Name", "Domains", "Grades given", data.gradeLabel(4), data.gradeLabel(3),
                          data.gradeLabel(2), data.gradeLabel(1), "Good or better (weighted)", "Lower 95%",
                          "Upper 95%", "Good or better (unweighted)", "RAG"});
    // A block of rows with grade counts: suppressed as one table (rows with their totals, columns with theirs).
    struct BlockRow {
        std::string name, domains;
        std::vector<long> counts;  // best first
        ShareEstimate estimate;
        std::optional<Rag> rag;
    };
    // pre: the block's table already suppressed (rows of the block, then row `totalsAs` standing for a row
    // whose entries are the table's column totals); showCounts false: counts are left out (published theme rows,
    // which repeat or add up domain rows) and shareHidden says which rows' shares would reveal a hidden count.
    auto writeBlock = [&](const std::string& breakdown, const std::vector<BlockRow>& block,
                          const SuppressedTable* pre = nullptr, std::optional<std::size_t> totalsAs = std::nullopt,
                          bool showCounts = true, const std::vector<bool>& shareHidden = {}) {
        std::vector<std::vector<long>> counts;
        for (const auto& b : block) counts.push_back(b.counts);
        SuppressedTable own;
        if (!pre && !block.empty()) own = showCounts ? cx.table(counts) : SuppressedTable(counts);
        const SuppressedTable& st = pre ? *pre : own;
        for (std::size_t i = 0; i < block.size(); ++i) {
            const auto& b = block[i];
            const std::size_t ti = totalsAs ? *totalsAs : i;
            ++fr;
            book.text(ws, fr, 0, breakdown);
            book.text(ws, fr, 1, b.name);
            book.text(ws, fr, 2, b.domains);
            bool anyHidden = i < shareHidden.size() && shareHidden[i];
            if (showCounts) {
                for (std::size_t c = 0; c <= kRanks; ++c) anyHidden = anyHidden || st.hidden(ti, c);
                book.count(ws, fr, 3, st.value(ti, kRanks), st.hidden(ti, kRanks), marker);
                for (std::size_t c = 0; c < kRanks; ++c)
                    book.count(ws, fr, 4 + c, st.value(ti, c), st.hidden(ti, c), marker);
            }
            const auto& e = b.estimate.evidence;
            if (e.n > 0 && !anyHidden) {
                book.number(ws, fr, 8, e.share, book.pct());
                book.number(ws, fr, 9, e.lo, book.pct());
                book.number(ws, fr, 10, e.hi, book.pct());
                book.number(ws, fr, 11, b.estimate.unweighted, book.pct());
            } else if (e.n > 0) {
                book.marker(ws, fr, 8, marker);
            }
            if (b.rag && !anyHidden) book.text(ws, fr, 12, ragName(*b.rag));  // no RAG where the share is hidden
            for (std::size_t c = 0; showCounts && c <= kRanks; ++c)
                cx.rows.push_back(DataRow{"Findings", periodText, breakdown, b.name,
                                          c < kRanks ? data.gradeLabel(kShowRanks[c]) : "Grades given",
                                          st.hidden(ti, c) ? std::nullopt : std::optional<double>(st.value(ti, c)),
                                          st.hidden(ti, c) ? marker : "", {}, {}, {}});
            if (e.n > 0)
                cx.rows.push_back(DataRow{"Findings", periodText, breakdown, b.name, "good or better (weighted)",
                                          anyHidden ? std::nullopt : std::optional<double>(e.share),
                                          anyHidden ? marker : (b.rag ? ragName(*b.rag) : ""),
                                          anyHidden ? std::nullopt : std::optional<double>(static_cast<double>(e.n)),
                                          anyHidden ? std::nullopt : std::optional<double>(e.lo),
                                          anyHidden ? std::nullopt : std::optional<double>(e.hi)});
        }
    };
    auto countsFor = [&](const std::vector<std::size_t>& audits, const std::set<std::string>& domains) {
        std::vector<long> c(kRanks, 0);
        const std::vector<char> wanted = grades.wanted(domains);
        for (std::size_t ai : audits)
            for (std::size_t ji : data.judgementsOf(ai)) {
                const auto& j = grades[ji];
                const int rank = j.finalRank;
                if (rank < 1 || rank > kRanks || !wanted[j.domain]) continue;
                c[static_cast<std::size_t>(4 - rank)]++;
            }
        return c;
    };
    {
        // Domains first (in the published version theme rows show no counts, and a theme's share only where
        // none of its domains' counts is hidden).
        std::set<std::string> domainIds;
        {
            std::vector<bool> seen(grades.domains().size(), false);
            for (std::size_t ai : inPeriod)
                for (std::size_t ji : data.judgementsOf(ai)) seen[grades[ji].domain] = true;
            for (std::size_t d = 0; d < seen.size(); ++d)
                if (seen[d] && grades.domains()[d] != overallDomain) domainIds.insert(grades.domains()[d]);
        }
        std::vector<BlockRow> domains;
        for (const auto& d : domainIds) {
            auto est = estimateGoodOrBetter(data, grades, inPeriod, {d});
            domains.push_back(BlockRow{domainTitle(d), domainTitle(d), countsFor(inPeriod, {d}), est, auditRag(est.evidence, def.rag)});
        }
        std::vector<std::vector<long>> domainCounts;
        for (const auto& b : domains) domainCounts.push_back(b.counts);
        SuppressedTable domainTable = domains.empty() ? SuppressedTable() : cx.table(domainCounts);
        std::set<std::string> domainWithHidden;
        for (std::size_t i = 0; i < domains.size(); ++i)
            for (std::size_t c = 0; c <= kRanks; ++c)
                if (domainTable.hidden(i, c)) domainWithHidden.insert(*std::next(domainIds.begin(), static_cast<long>(i)));
        std::vector<BlockRow> themes;
        std::vector<bool> themeShareHidden;
        for (const auto& th : def.themes) {
            std::set<std::string> ds(th.domains.begin(), th.domains.end());
            const auto& est = themeEstimates[th.id];
            std::string titles;
            for (const auto& d : th.domains) titles += (titles.empty() ? "" : ", ") + domainTitle(d);
            themes.push_back(BlockRow{th.title, titles, countsFor(inPeriod, ds), est, auditRag(est.evidence, th.rag)});
            bool hidden = false;
            for (const auto& d : th.domains) hidden = hidden || domainWithHidden.count(d);
            themeShareHidden.push_back(opt.publish && hidden);
            if (opt.publish && hidden) themesWithheld.insert(th.id);
        }
        writeBlock("Theme", themes, nullptr, std::nullopt, !opt.publish, themeShareHidden);
        std::vector<BlockRow> overallRow{
            BlockRow{"All audits (overall grade)", "overall grade", countsFor(inPeriod, {kOverall}), overall,
                     auditRag(overall.evidence, def.rag)}};
        if (!teamCounts.empty()) writeBlock("Overall", overallRow, &teamTable, teamTable.rows());
        writeBlock("Domain", domains, &domainTable);
        std::vector<BlockRow> teams;
        for (const auto& [team, audits] : byTeam) {
            auto est = estimateGoodOrBetter(data, grades, audits, {kOverall});
            teams.push_back(BlockRow{team, "overall grade", countsFor(audits, {kOverall}), est, auditRag(est.evidence, def.rag)});
        }
        if (!teams.empty()) writeBlock("Team", teams, &teamTable);
    }
    const std::size_t findLast = fr;
    book.table(ws, findHeader, findLast, 12, 2);
    book.ragColours(ws, findHeader + 1, 12, findLast, 12);
    // Questions the definition names: answers in the period.
    {
        std::set<std::size_t> inP(inPeriod.begin(), inPeriod.end());
        std::vector<std::pair<std::string, std::string>> questions;  // (theme, question)
        for (const auto& th : def.themes)
            for (const auto& q : th.questions) questions.emplace_back(th.title, q);
        if (!questions.empty()) {
            fr += 2;
            book.text(ws, fr, 0, "Questions named by the report definition (answers in the period)", book.title());
            ++fr;
            book.headers(ws, fr, {"Breakdown", "Theme", "Question", "Answered (yes, partly or no)", "Yes", "Partly",
                                  "No", "Not applicable", "Yes (share of answered)"});
            std::vector<std::vector<long>> counts;
            for (const auto& [theme, q] : questions) {
                std::vector<long> c(4, 0);
                for (const auto& a : data.answers) {
                    if (a.questionId != q || !inP.count(a.audit)) continue;
                    const std::string n = normaliseLabel(a.answer);
                    if (n == "yes") c[0]++;
                    else if (n == "partly") c[1]++;
                    else if (n == "no") c[2]++;
                    else if (!n.empty()) c[3]++;
                }
                counts.push_back(c);
            }
            SuppressedTable st = cx.table(counts);
            for (std::size_t i = 0; i < questions.size(); ++i) {
                ++fr;
                book.text(ws, fr, 0, "Question");
                book.text(ws, fr, 1, questions[i].first, book.wrap());
                auto text = opt.questionText.find(questions[i].second);
                book.text(ws, fr, 2,
                          text == opt.questionText.end() ? questions[i].second
                                                         : questions[i].second + ": " + text->second,
                          book.wrap());
                const long answered = counts[i][0] + counts[i][1] + counts[i][2];
                bool anyHidden = false;
                for (std::size_t c = 0; c < 4; ++c) {
                    book.count(ws, fr, 4 + c, st.value(i, c), st.hidden(i, c), marker);
                    anyHidden = anyHidden || st.hidden(i, c);
                    cx.rows.push_back(DataRow{"Findings", periodText, "Question", questions[i].second,
                                              c == 0 ? "Yes" : c == 1 ? "Partly" : c == 2 ? "No" : "Not applicable",
                                              st.hidden(i, c) ? std::nullopt : std::optional<double>(st.value(i, c)),
                                              st.hidden(i, c) ? marker : "", {}, {}, {}});
                }
                const bool safe = !anyHidden && (!opt.publish || !(answered > 0 && answered < t));
                if (safe) book.count(ws, fr, 3, answered, false, marker);
                else book.marker(ws, fr, 3, marker);
                if (answered > 0 && safe) book.number(ws, fr, 8, static_cast<double>(counts[i][0]) / answered, book.pct());
            }
        }
    }

}

}  // namespace audit::report::lscb
