#include "audit/report/report_workbook.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>
#include <unordered_set>
#include <variant>

#include "audit/report/disclosure.h"
#include "audit/base/error.h"
#include "audit/report/triangulation.h"
#include "audit/io/xlsx_reader.h"
#include "audit/io/xlsx_writer.h"

namespace audit::report {

namespace {

// Grades are shown best first (as people read them); index rank - 1 in the counts.
const int kShowRanks[] = {4, 3, 2, 1};

std::string periodLabel(int first, int last) {
    if (first == last) return monthLabel(first);
    if (last - first == 2 && first % 3 == 0)
        return std::to_string(first / 12) + "-Q" + std::to_string(first % 12 / 3 + 1);
    if (last - first == 11 && first % 12 == 0) return std::to_string(first / 12);
    return monthLabel(first) + " to " + monthLabel(last);
}

// One row of the Data sheet.
struct DataRow {
    std::string sheet, period, breakdown, key, measure;
    std::optional<double> value;
    std::string text;
    std::optional<double> n, lower, upper;
};

class Book {
public:
    Book(const std::string& path, const std::string& title) : w_(path, options(title)) {
        title_ = w_.format("title");
        format_set_bold(title_);
        format_set_font_size(title_, 14);
        header_ = w_.format("header");
        format_set_bold(header_);
        format_set_text_wrap(header_);
        format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
        format_set_bg_color(header_, 0xD9E1F2);
        format_set_border(header_, LXW_BORDER_THIN);
        plain_ = w_.format("plain");
        format_set_align(plain_, LXW_ALIGN_VERTICAL_TOP);
        format_set_align(title_, LXW_ALIGN_VERTICAL_TOP);
        pct_ = w_.format("pct");
        format_set_num_format(pct_, "0%");
        num1_ = w_.format("num1");
        format_set_num_format(num1_, "0.0");
        num2_ = w_.format("num2");
        format_set_num_format(num2_, "0.00");
        int_ = w_.format("int");
        format_set_num_format(int_, "0");
        wrap_ = w_.format("wrap");
        format_set_text_wrap(wrap_);
        format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
        right_ = w_.format("right");
        format_set_align(right_, LXW_ALIGN_RIGHT);
        note_ = w_.format("note");
        format_set_italic(note_);
        format_set_font_color(note_, 0x595959);
        red_ = w_.format("rag red");
        format_set_bg_color(red_, 0xF4B6B6);
        format_set_font_color(red_, 0x9C0006);
        amber_ = w_.format("rag amber");
        format_set_bg_color(amber_, 0xFFE699);
        format_set_font_color(amber_, 0x7F6000);
        green_ = w_.format("rag green");
        format_set_bg_color(green_, 0xC6EFCE);
        format_set_font_color(green_, 0x006100);
        flag_ = w_.format("flag");
        format_set_bold(flag_);
        format_set_font_color(flag_, 0x9C0006);
        // Everything sits at the top of its row, level with the first line of any wrapped text beside it.
        for (lxw_format* f : {pct_, num1_, num2_, int_, right_, note_, flag_}) format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }

    static xlsx::Writer::Options options(const std::string& title) {
        xlsx::Writer::Options o;
        o.title = title;
        return o;
    }

    xlsx::Writer& w() { return w_; }
    // A sheet set up to print landscape, one page wide.
    lxw_worksheet* sheet(const std::string& name) {
        lxw_worksheet* ws = w_.addSheet(name);
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, 9);  // A4
        worksheet_fit_to_pages(ws, 1, 0);
        return ws;
    }
    lxw_format* header() { return header_; }
    lxw_format* pct() { return pct_; }
    lxw_format* num1() { return num1_; }
    lxw_format* num2() { return num2_; }
    lxw_format* integer() { return int_; }
    lxw_format* wrap() { return wrap_; }
    lxw_format* note() { return note_; }
    lxw_format* title() { return title_; }

    void text(lxw_worksheet* ws, std::size_t r, std::size_t c, const std::string& s, lxw_format* f = nullptr) {
        if (s.empty()) return;
        w_.writeString(ws, r, c, s, f ? f : plain_);
        if (f == wrap_ || f == header_) fit(ws, r, c, s, f == header_);
        if (f == title_) titles_[ws].insert(r);
    }
    // The marker of a hidden number, aligned as numbers are.
    void marker(lxw_worksheet* ws, std::size_t r, std::size_t c, const std::string& m) { w_.writeString(ws, r, c, m, right_); }
    void number(lxw_worksheet* ws, std::size_t r, std::size_t c, std::optional<double> v, lxw_format* f) {
        if (v && std::isfinite(*v)) w_.writeNumber(ws, r, c, *v, f);
    }
    // A count, or the marker when it is hidden.
    void count(lxw_worksheet* ws, std::size_t r, std::size_t c, long v, bool hidden, const std::string& marker) {
        if (hidden) w_.writeString(ws, r, c, marker, right_);
        else w_.writeNumber(ws, r, c, static_cast<double>(v), int_);
    }
    void headers(lxw_worksheet* ws, std::size_t r, const std::vector<std::string>& names) {
        for (std::size_t c = 0; c < names.size(); ++c) text(ws, r, c, names[c], header_);
    }
    void widths(lxw_worksheet* ws, const std::vector<double>& widths) {
        for (std::size_t c = 0; c < widths.size(); ++c) w_.setColumnWidth(ws, c, c, widths[c]);
        widths_[ws] = widths;
    }
    // Rows holding wrapped text get the height of their longest cell: neither LibreOffice nor Excel grows a row
    // written with a default height, and the lines would run into the next row.
    void fitRows() {
        for (const auto& [ws, rows] : titles_)
            for (std::size_t r : rows)
                if (!lines_[ws].count(r)) w_.check(worksheet_set_row(ws, static_cast<lxw_row_t>(r), 20.0, nullptr), "setting a row height");
        for (const auto& [ws, rows] : lines_)
            for (const auto& [r, n] : rows)
                if (n > 1)
                    w_.check(worksheet_set_row(ws, static_cast<lxw_row_t>(r), 15.0 * n, nullptr), "setting a row height");
    }
    // Freeze the rows above and including headerRow, filter the table below it.
    void table(lxw_worksheet* ws, std::size_t headerRow, std::size_t lastRow, std::size_t lastCol,
               std::size_t frozenCols = 0) {
        worksheet_freeze_panes(ws, static_cast<lxw_row_t>(headerRow + 1), static_cast<lxw_col_t>(frozenCols));
        w_.check(worksheet_autofilter(ws, static_cast<lxw_row_t>(headerRow), 0,
                                      static_cast<lxw_row_t>(std::max(lastRow, headerRow)),
                                      static_cast<lxw_col_t>(lastCol)),
                 "adding a filter");
    }
    // red / amber / green fills on cells holding those words.
    void ragColours(lxw_worksheet* ws, std::size_t r1, std::size_t c1, std::size_t r2, std::size_t c2) {
        if (r2 < r1) return;
        const std::pair<const char*, lxw_format*> rules[] = {{"\"red\"", red_}, {"\"amber\"", amber_},
                                                             {"\"green\"", green_}};
        for (const auto& [word, fmt] : rules) {
            lxw_conditional_format cf{};
            cf.type = LXW_CONDITIONAL_TYPE_CELL;
            cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
            cf.value_string = const_cast<char*>(word);
            cf.format = fmt;
            w_.check(worksheet_conditional_format_range(ws, static_cast<lxw_row_t>(r1), static_cast<lxw_col_t>(c1),
                                                        static_cast<lxw_row_t>(r2), static_cast<lxw_col_t>(c2), &cf),
                     "adding a RAG format");
        }
    }
    // Numbers below the threshold in a column (blank cells and markers are not numbers: left alone).
    void below(lxw_worksheet* ws, std::size_t r1, std::size_t c1, std::size_t r2, std::size_t c2, double threshold) {
        if (r2 < r1) return;
        const std::string cell = "$" + xlsx::columnName(c1) + std::to_string(r1 + 1);
        char t[32];
        std::snprintf(t, sizeof t, "%.10g", threshold);
        std::string formula = "=AND(ISNUMBER(" + cell + ")," + cell + "<" + t + ")";
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
        cf.value_string = formula.data();
        cf.format = amber_;
        w_.check(worksheet_conditional_format_range(ws, static_cast<lxw_row_t>(r1), static_cast<lxw_col_t>(c1),
                                                    static_cast<lxw_row_t>(r2), static_cast<lxw_col_t>(c2), &cf),
                 "adding a threshold format");
    }
    void flagColour(lxw_worksheet* ws, std::size_t r1, std::size_t c, std::size_t r2) {
        if (r2 < r1) return;
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_CELL;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        cf.value_string = const_cast<char*>("\"FLAG\"");
        cf.format = flag_;
        w_.check(worksheet_conditional_format_range(ws, static_cast<lxw_row_t>(r1), static_cast<lxw_col_t>(c),
                                                    static_cast<lxw_row_t>(r2), static_cast<lxw_col_t>(c), &cf),
                 "adding a flag format");
    }

private:
    // Lines a wrapped text needs in its column (about 1.1 characters of body text per unit of width; bold headers
    // a little wider); words are not split, so a line holds a little less.
    void fit(lxw_worksheet* ws, std::size_t r, std::size_t c, const std::string& s, bool bold) {
        auto w = widths_.find(ws);
        if (w == widths_.end() || c >= w->second.size()) return;
        const double perLine = std::max(4.0, w->second[c] * (bold ? 1.0 : 1.1) - 2.0);
        std::size_t lines = 0;
        std::size_t start = 0;
        while (start <= s.size()) {
            std::size_t end = s.find('\n', start);
            if (end == std::string::npos) end = s.size();
            std::size_t chars = 0;  // UTF-8 characters in the paragraph
            for (std::size_t i = start; i < end; ++i) chars += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
            lines += std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(static_cast<double>(chars) / perLine)));
            start = end + 1;
        }
        std::size_t& n = lines_[ws][r];
        n = std::max(n, lines);
    }

    xlsx::Writer w_;
    std::map<lxw_worksheet*, std::vector<double>> widths_;
    std::map<lxw_worksheet*, std::map<std::size_t, std::size_t>> lines_;
    std::map<lxw_worksheet*, std::set<std::size_t>> titles_;
    lxw_format *title_, *plain_, *header_, *pct_, *num1_, *num2_, *int_, *wrap_, *right_, *note_, *red_, *amber_, *green_,
        *flag_;
};

std::string sheetRef(const std::string& sheet, std::size_t r1, std::size_t c1, std::size_t r2, std::size_t c2) {
    return "='" + sheet + "'!$" + xlsx::columnName(c1) + "$" + std::to_string(r1 + 1) + ":$" + xlsx::columnName(c2) +
           "$" + std::to_string(r2 + 1);
}

// A rate k/n is published only when neither k nor n - k is a small count (either would reveal it).
bool rateSafe(long k, long n, long threshold) {
    auto small = [&](long v) { return v > 0 && v < threshold; };
    return !small(n) && !small(k) && !small(n - k);
}

// Stable pseudonymous labels for people in the published version ("Auditor 1"...), numbered in name order.
class Labels {
public:
    Labels(std::string prefix, bool active) : prefix_(std::move(prefix)), active_(active) {}
    void add(const std::string& name) { names_.insert(name); }
    std::string operator()(const std::string& name) {
        if (!active_) return name;
        if (index_.empty()) {
            int i = 0;
            for (const auto& n : names_) index_[n] = ++i;
        }
        // Numbers padded to one width ("Auditor 01" .. "Auditor 25") so that labels sort as numbers do.
        auto it = index_.find(name);
        std::string number = std::to_string(it == index_.end() ? 0 : it->second);
        const std::size_t width = std::to_string(names_.size()).size();
        if (number.size() < width) number.insert(0, width - number.size(), '0');
        return prefix_ + " " + number;
    }

private:
    std::string prefix_;
    bool active_;
    std::set<std::string> names_;
    std::map<std::string, int> index_;
};

struct Context {
    const ReportDefinition& def;
    const ReportData& data;
    const LscbOptions& opt;
    Book& book;
    std::vector<DataRow> rows;  // for the Data sheet
    std::size_t suppressed = 0;
    std::string marker() const { return def.suppressionMarker; }
    long threshold() const { return opt.publish ? def.suppressionThreshold : 0; }
    SuppressedTable table(const std::vector<std::vector<long>>& counts) {
        if (!opt.publish) return SuppressedTable(counts);
        SuppressedTable t = suppress(counts, SuppressionOptions{def.suppressionThreshold, false});
        suppressed += t.count(CellState::Primary) + t.count(CellState::Secondary);
        return t;
    }
};

std::string domainsText(const Theme& t) {
    std::string s;
    for (const auto& d : t.domains) s += (s.empty() ? "" : ", ") + d;
    return s;
}

// The moderation counts the workbook publishes for one row (a month, an auditor, a team, a domain, the period):
// moderated n, agreements k (behind the exact-agreement share and its interval), within-one w, moderated down d
// and up u, as entries of the workbook's LinkedCounts. The reader can also work out n - k, w - k and n - w: those
// are unpublished entries, protected when small.
struct ModEntries {
    std::size_t n = 0, k = 0, w = 0, d = 0, u = 0;
};

ModEntries addModeration(LinkedCounts& lc, const agreement::Summary& s, int tier) {
    const long n = static_cast<long>(s.n), k = static_cast<long>(s.exact.successes),
               w = static_cast<long>(s.withinOne.successes), d = static_cast<long>(s.shift.down),
               u = static_cast<long>(s.shift.up);
    // Complements are taken from the down and up counts first, then within-one, then the headline agreement, then
    // the number moderated.
    ModEntries e;
    e.n = lc.add(n, true, tier + 3);
    e.k = lc.add(k, true, tier + 2);
    e.w = lc.add(w, true, tier + 1);
    e.d = lc.add(d, true, tier);
    e.u = lc.add(u, true, tier);
    const std::size_t disagree = lc.add(n - k, false), near = lc.add(w - k, false), far = lc.add(n - w, false);
    lc.sum(e.n, {e.k, e.d, e.u});
    lc.sum(disagree, {e.d, e.u});
    lc.sum(e.w, {e.k, near});
    lc.sum(e.n, {e.w, far});
    return e;
}

// total.x = sum of parts' x, for each published moderation count.
void sumModeration(LinkedCounts& lc, const ModEntries& total, const std::vector<ModEntries>& parts) {
    const std::vector<std::size_t ModEntries::*> fields = {&ModEntries::n, &ModEntries::k, &ModEntries::w,
                                                           &ModEntries::d, &ModEntries::u};
    for (auto f : fields) {
        std::vector<std::size_t> ps;
        for (const auto& p : parts) ps.push_back(p.*f);
        lc.sum(total.*f, ps);
    }
}

}  // namespace

LscbResult writeLscbWorkbook(const std::string& path, const ReportDefinition& def, const ReportData& data,
                             const std::vector<Kpi>& kpis, const std::vector<SelfAssessment>& selfAssessments,
                             const LscbOptions& opt) {
    if (opt.publish && opt.pseudonymKey.empty())
        throw Error(ErrorKind::Internal, "a published workbook needs the store's pseudonym key");
    Book book(path, def.title);
    Context cx{def, data, opt, book, {}, 0};
    LscbResult result;
    const Period& P = opt.period;
    const std::string periodText = P.text;
    const std::vector<std::size_t> inPeriod = auditsIn(data, P);
    result.audits = inPeriod.size();
    // The trend starts trendMonths before the period's end, or at the store's first month with an audit or a
    // moderation if that is later (months before it would read as months without audits), never after the period.
    int firstData = P.firstMonth;
    for (const auto& a : data.audits)
        if (a.month > 0) firstData = std::min(firstData, a.month);
    for (const auto& j : data.judgements)
        if (j.moderated()) firstData = std::min(firstData, moderationMonth(data, j));
    const int firstTrend = std::max(P.lastMonth - std::max(1, opt.trendMonths) + 1, firstData);
    const std::string marker = cx.marker();
    const long t = cx.threshold();

    Labels auditors("Auditor", opt.publish), owners("Owner", opt.publish);
    for (const auto& a : data.audits) auditors.add(a.auditor);
    for (const auto& a : data.actions) owners.add(a.owner);

    // ------------------------------------------------------------ figures
    const ShareEstimate overall = estimateGoodOrBetter(data, def, inPeriod, {kOverall});
    if (overall.evidence.n > 0) {
        result.share = overall.evidence.share;
        result.lower = overall.evidence.lo;
        result.upper = overall.evidence.hi;
    }
    std::map<std::string, AuditEvidence> evidence;
    std::map<std::string, ShareEstimate> themeEstimates;
    for (const auto& th : def.themes) {
        std::set<std::string> domains(th.domains.begin(), th.domains.end());
        ShareEstimate e = estimateGoodOrBetter(data, def, inPeriod, domains);
        evidence[th.id] = e.evidence;
        themeEstimates[th.id] = e;
    }
    const std::vector<ThemeTriangulation> tri = triangulateAll(def, P, kpis, evidence, selfAssessments, t);
    result.themes = tri.size();
    for (const auto& x : tri)
        if (x.flagged()) result.flaggedThemes.push_back(x.themeId);

    auto monthKey = [&](const JudgementRow& j) { return moderationMonth(data, j); };
    const Symbol overallDomain(kOverall);
    agreement::ConfusionTable periodTable(kRanks), previousTable(kRanks);
    const int len = P.lastMonth - P.firstMonth + 1;
    for (const auto& j : data.judgements) {
        if (j.domain != overallDomain || !j.moderated() || j.auditorRank > kRanks || j.moderatorRank > kRanks) continue;
        const int m = monthKey(j);
        if (P.contains(m)) periodTable.add(j.auditorRank - 1, j.moderatorRank - 1);
        else if (m >= P.firstMonth - len && m < P.firstMonth) previousTable.add(j.auditorRank - 1, j.moderatorRank - 1);
    }
    const agreement::Proportion accuracy = agreement::exactAgreement(periodTable);
    const agreement::Proportion previous = agreement::exactAgreement(previousTable);
    result.moderated = periodTable.n();
    result.accuracy = accuracy.value;

    // Moderation counts: by month (the trend), and for the period by auditor, team and domain. The months of the
    // period, the auditors and the teams each add up to the period's counts (the Summary's figures and the
    // "overall grade" domain row), and the months before it to the previous period's: in the published version
    // they are suppressed together (LinkedCounts) so that no hidden count follows from any shown ones.
    auto inP = [&](const JudgementRow& j) { return P.contains(moderationMonth(data, j)); };
    const auto modMonths = accuracyBy(data, kOverall, [&](const AuditRow&, const JudgementRow& j) -> std::optional<std::string> {
        const int m = moderationMonth(data, j);
        if (m < firstTrend || m > P.lastMonth) return std::nullopt;
        return monthLabel(m);
    });
    auto modByAuditor = accuracyBy(data, kOverall, [&](const AuditRow& a, const JudgementRow& j) -> std::optional<std::string> {
        if (!inP(j)) return std::nullopt;
        return auditors(a.auditor);
    });
    auto modByTeam = accuracyBy(data, kOverall, [&](const AuditRow& a, const JudgementRow& j) -> std::optional<std::string> {
        if (!inP(j)) return std::nullopt;
        return a.team.empty() ? std::string("(no team)") : a.team;
    });
    std::map<std::string, agreement::ConfusionTable> modByDomain;
    {
        std::set<std::string> domains;
        for (const auto& j : data.judgements)
            if (j.moderated() && inP(j)) domains.insert(j.domain);
        for (const auto& d : domains) {
            auto one = accuracyBy(data, d, [&](const AuditRow&, const JudgementRow& j) -> std::optional<std::string> {
                if (!inP(j)) return std::nullopt;
                return j.domain;
            });
            for (auto& [name, table] : one) modByDomain.emplace(name, std::move(table));
        }
    }
    LinkedCounts modCounts;
    const ModEntries modPeriod = addModeration(modCounts, agreement::summarise(periodTable), 4);
    const ModEntries modPrevious = addModeration(modCounts, agreement::summarise(previousTable), 4);
    std::map<int, ModEntries> modMonthEntries;
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
    const std::map<std::string, ModEntries> modAuditorEntries = breakdownEntries(modByAuditor);
    const std::map<std::string, ModEntries> modTeamEntries = breakdownEntries(modByTeam);
    std::map<std::string, ModEntries> modDomainEntries;
    for (const auto& [name, table] : modByDomain)
        modDomainEntries[name] = name == kOverall ? modPeriod : addModeration(modCounts, agreement::summarise(table), 0);
    if (opt.publish) {
        modCounts.suppress(def.suppressionThreshold);
        cx.suppressed += modCounts.count(CellState::Primary) + modCounts.count(CellState::Secondary);
    }
    auto modHidden = [&](std::size_t e) { return opt.publish && modCounts.hidden(e); };
    const ActionSummary actions = summariseActions(data, P);
    result.openActions = actions.open;
    result.overdueActions = actions.overdue;
    // Open actions by owner: not yet due and four overdue bands, each owner's open total, and the open and overdue
    // totals the Summary and the Actions sheet show (LinkedCounts: the totals tie the owners' rows together).
    std::vector<std::string> ownerNames;
    std::vector<std::vector<long>> ownerCounts;
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
    LinkedCounts actionCounts;
    const std::size_t openEntry = actionCounts.add(actions.open, true, 3);
    const std::size_t overdueEntry = actionCounts.add(actions.overdue, true, 3);
    std::vector<std::vector<std::size_t>> ownerEntries;  // per owner: 5 cells, then the open total
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
    auto actionHidden = [&](std::size_t e) { return opt.publish && actionCounts.hidden(e); };

    // Overall grades by team (period) and by month (trend): two breakdowns of the same audits. In the published
    // version the period's months and the teams share their column totals (the Overall row of Findings), so they
    // are suppressed together; earlier months form a table of their own.
    std::map<std::string, std::vector<std::size_t>> byTeam;
    for (std::size_t ai : inPeriod) byTeam[data.audits[ai].team.empty() ? "(no team)" : data.audits[ai].team].push_back(ai);
    auto overallCounts = [&](const std::vector<std::size_t>& audits) {
        std::vector<long> c(kRanks, 0);
        for (std::size_t ai : audits)
            for (std::size_t ji : data.judgementsOf(ai)) {
                const auto& j = data.judgements[ji];
                const int rank = j.finalRank();
                if (j.domain == overallDomain && rank >= 1 && rank <= kRanks) c[static_cast<std::size_t>(4 - rank)]++;
            }
        return c;
    };
    std::vector<std::vector<long>> teamCounts;
    for (const auto& [team, audits] : byTeam) teamCounts.push_back(overallCounts(audits));
    std::vector<std::vector<long>> earlierCounts, periodMonthCounts;
    for (int m = firstTrend; m <= P.lastMonth; ++m) {
        std::vector<std::size_t> audits = auditsIn(data, Period{"", m, m});
        (m < P.firstMonth ? earlierCounts : periodMonthCounts).push_back(overallCounts(audits));
    }
    SuppressedTable teamTable, periodMonthTable, earlierTable;
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

    // ------------------------------------------------------------ Summary
    lxw_worksheet* ws = book.sheet("Summary");
    book.widths(ws, {52, 14, 12, 14, 12, 10, 64});
    book.text(ws, 0, 0, def.title, book.title());
    book.text(ws, 1, 0, "Period " + periodText + " (" + P.firstDay() + " to " + P.lastDay() + "); figures as at " +
                            P.lastDay() + ".");
    book.text(ws, 2, 0,
              opt.publish ? "Published version: case references pseudonymised, names removed, counts below " +
                                std::to_string(def.suppressionThreshold) + " suppressed (" + marker + ")."
                          : "Internal version: holds case references and names. Not for publication: use --publish.",
              book.note());
    std::size_t r = 4;
    book.headers(ws, r, {"Measure", "Value", "Lower 95%", "Upper 95%", "", "", "Note"});
    const std::size_t summaryHeader = r;
    auto figure = [&](const std::string& measure, std::optional<double> v, lxw_format* f, std::optional<double> lo,
                      std::optional<double> hi, const std::string& note, std::optional<double> n = std::nullopt) {
        ++r;
        book.text(ws, r, 0, measure);
        book.number(ws, r, 1, v, f);
        book.number(ws, r, 2, lo, f);
        book.number(ws, r, 3, hi, f);
        book.text(ws, r, 6, note, book.wrap());
        cx.rows.push_back(DataRow{"Summary", periodText, "Summary", "", measure, v, "", n, lo, hi});
    };
    // hidden: what disclosure control decided for a count tied to others (else: hidden when small).
    auto countFigure = [&](const std::string& measure, long v, const std::string& note,
                           std::optional<bool> hidden = std::nullopt) {
        ++r;
        book.text(ws, r, 0, measure);
        const bool hide = hidden ? *hidden : opt.publish && v > 0 && v < t;
        book.count(ws, r, 1, v, hide, marker);
        book.text(ws, r, 6, note, book.wrap());
        if (hide && !hidden) ++cx.suppressed;
        cx.rows.push_back(DataRow{"Summary", periodText, "Summary", "", measure,
                                  hide ? std::nullopt : std::optional<double>(v), hide ? marker : "", {}, {}, {}});
    };
    countFigure("Audits completed in the period", static_cast<long>(inPeriod.size()), "latest version of each form");
    // Published: the overall shares are shown only when the overall grade counts they come from are (share x n
    // would give a hidden count back).
    bool overallCountsHidden = false;
    for (std::size_t c = 0; c <= teamTable.columns() && teamTable.rows() > 0; ++c)
        overallCountsHidden = overallCountsHidden || teamTable.hidden(teamTable.rows(), c);
    const bool overallSafe = !opt.publish || overall.evidence.n == 0 ||
                             (overall.evidence.n >= static_cast<std::size_t>(t) && !overallCountsHidden);
    if (overall.evidence.n > 0 && overallSafe) {
        figure("Good or better overall (design-weighted)", overall.evidence.share, book.pct(), overall.evidence.lo,
               overall.evidence.hi, overall.method, static_cast<double>(overall.evidence.n));
        figure("Good or better overall (unweighted)", overall.unweighted, book.pct(), std::nullopt, std::nullopt,
               "share of audited cases, each counted once");
    } else {
        figure("Good or better overall (design-weighted)", std::nullopt, nullptr, std::nullopt, std::nullopt,
               overall.evidence.n == 0 ? "no audits with an overall grade in the period" : "suppressed: too few cases");
    }
    {
        ++r;
        const std::string measure = "Audits moderated in the period (overall grade)";
        book.text(ws, r, 0, measure);
        const bool hide = modHidden(modPeriod.n);
        book.count(ws, r, 1, static_cast<long>(periodTable.n()), hide, marker);
        book.text(ws, r, 6, "auditor's grade set against the moderator's independent grade", book.wrap());
        cx.rows.push_back(DataRow{"Summary", periodText, "Summary", "", measure,
                                  hide ? std::nullopt : std::optional<double>(static_cast<double>(periodTable.n())),
                                  hide ? marker : "", {}, {}, {}});
    }
    // A share k/n is shown when neither count is hidden (the interval would give them away too).
    auto shareShown = [&](const ModEntries& e) { return !modHidden(e.k) && !modHidden(e.n); };
    auto accuracyFigure = [&](const std::string& label, const agreement::Proportion& p, const ModEntries& e,
                              const std::string& note) {
        if (p.value && shareShown(e)) figure(label, p.value, book.pct(), p.low, p.high, note, static_cast<double>(p.n));
        else figure(label, std::nullopt, nullptr, std::nullopt, std::nullopt, p.value ? "suppressed" : "no moderated audits");
    };
    const std::string prevLabel = periodLabel(P.firstMonth - len, P.firstMonth - 1);
    accuracyFigure("Audit accuracy: exact agreement on the overall grade", accuracy, modPeriod,
                   "moderated audits whose auditor's grade the moderator confirmed; threshold " +
                       percent(def.accuracyThreshold) + " (report definition); Wilson interval");
    accuracyFigure("Audit accuracy in the previous period (" + prevLabel + ")", previous, modPrevious, "same measure");
    if (accuracy.value && previous.value && shareShown(modPeriod) && shareShown(modPrevious)) {
        const double change = (*accuracy.value - *previous.value) * 100.0;
        figure("Accuracy trend (percentage points on " + prevLabel + ")", change, book.num1(), std::nullopt,
               std::nullopt, change > 0.5 ? "improving" : change < -0.5 ? "worsening" : "steady");
    }
    figure("Themes flagged in triangulation", static_cast<double>(result.flaggedThemes.size()), book.integer(),
           std::nullopt, std::nullopt, "of " + std::to_string(tri.size()) + " themes; see the Triangulation sheet");
    countFigure("Open actions", actions.open, "open or in progress, from audits up to the end of the period",
                actionHidden(openEntry));
    countFigure("Overdue actions", actions.overdue, "open past their due date at " + actions.asOf,
                actionHidden(overdueEntry));
    {
        const bool safe = !opt.publish || rateSafe(actions.doneOfDue, actions.dueByDate, t);
        figure("Follow-up rate: actions due that are done", safe ? actions.followUpRate() : std::nullopt, book.pct(),
               std::nullopt, std::nullopt,
               safe ? std::to_string(actions.dueByDate) + " actions due by " + actions.asOf : std::string("suppressed"));
        const bool safe2 = !opt.publish || rateSafe(actions.doneOnTimeOfDue, actions.dueByDate, t);
        figure("Actions done by their due date", safe2 ? actions.onTimeRate() : std::nullopt, book.pct(),
               std::nullopt, std::nullopt, safe2 ? "" : "suppressed");
    }
    worksheet_freeze_panes(ws, static_cast<lxw_row_t>(summaryHeader + 1), 0);

    // Grades by month (trend), with a stacked column chart.
    r += 2;
    book.text(ws, r, 0, "Overall grades by month (" + monthLabel(firstTrend) + " to " + monthLabel(P.lastMonth) + ")",
              book.title());
    ++r;
    const std::size_t gradeHeader = r;
    book.headers(ws, r, {"Month", data.gradeLabel(4), data.gradeLabel(3), data.gradeLabel(2), data.gradeLabel(1),
                         "Total"});
    for (int m = firstTrend; m <= P.lastMonth; ++m) {
        ++r;
        const bool early = m < P.firstMonth;
        const SuppressedTable& gm = early ? earlierTable : periodMonthTable;
        const std::size_t i = static_cast<std::size_t>(early ? m - firstTrend : m - std::max(firstTrend, P.firstMonth));
        const std::string label = monthLabel(m);
        book.text(ws, r, 0, label);
        for (std::size_t c = 0; c <= kRanks; ++c) {
            book.count(ws, r, c + 1, gm.value(i, c), gm.hidden(i, c), marker);
            const std::string measure = c < kRanks ? data.gradeLabel(kShowRanks[c]) : "Total";
            cx.rows.push_back(DataRow{"Summary", label, "Overall grade by month", label, measure,
                                      gm.hidden(i, c) ? std::nullopt : std::optional<double>(gm.value(i, c)),
                                      gm.hidden(i, c) ? marker : "", {}, {}, {}});
        }
    }
    const std::size_t gradeLast = r;
    {
        lxw_chart* chart = workbook_add_chart(book.w().workbook(), LXW_CHART_COLUMN_STACKED);
        const lxw_color_t colours[] = {0x1E7B34, 0x70AD47, 0xFFC000, 0xC00000};
        for (std::size_t c = 0; c < kRanks; ++c) {
            lxw_chart_series* s = chart_add_series(chart, sheetRef("Summary", gradeHeader + 1, 0, gradeLast, 0).c_str(),
                                                   sheetRef("Summary", gradeHeader + 1, c + 1, gradeLast, c + 1).c_str());
            chart_series_set_name(s, ("='Summary'!$" + xlsx::columnName(c + 1) + "$" + std::to_string(gradeHeader + 1)).c_str());
            lxw_chart_fill fill{};
            fill.color = colours[c];
            chart_series_set_fill(s, &fill);
        }
        // Hidden counts are not drawn: say so, or a month's bar would read as having none of those grades.
        bool anyHidden = false;
        for (const SuppressedTable* st : {&earlierTable, &periodMonthTable})
            for (std::size_t i = 0; i < st->rows(); ++i)
                for (std::size_t c = 0; c < kRanks; ++c) anyHidden = anyHidden || st->hidden(i, c);
        const std::string chartTitle = anyHidden ? "Overall grades by month (suppressed counts " + marker +
                                                       " not drawn)"
                                                 : std::string("Overall grades by month");
        chart_title_set_name(chart, chartTitle.c_str());
        chart_axis_set_name(chart->y_axis, "Audits");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        lxw_chart_options o{};
        o.x_scale = 1.3;
        o.y_scale = 1.2;
        book.w().check(worksheet_insert_chart_opt(ws, static_cast<lxw_row_t>(summaryHeader), 7, chart, &o),
                       "inserting the grades chart");
    }

    // Accuracy by month, with a line chart.
    r += 2;
    book.text(ws, r, 0, "Audit accuracy by month (exact agreement on the overall grade)", book.title());
    ++r;
    const std::size_t accHeader = r;
    book.headers(ws, r, {"Month", "Moderated", "Exact agreement", "Lower 95%", "Upper 95%"});
    {
        for (int m = firstTrend; m <= P.lastMonth; ++m) {
            ++r;
            const std::string label = monthLabel(m);
            book.text(ws, r, 0, label);
            auto it = modMonths.find(label);
            const agreement::Proportion p =
                it == modMonths.end() ? agreement::Proportion{} : agreement::exactAgreement(it->second);
            const ModEntries& e = modMonthEntries[m];
            const bool nHidden = modHidden(e.n);
            book.count(ws, r, 1, static_cast<long>(p.n), nHidden, marker);
            const bool safe = shareShown(e);
            if (p.value && safe) {
                book.number(ws, r, 2, p.value, book.pct());
                book.number(ws, r, 3, p.low, book.pct());
                book.number(ws, r, 4, p.high, book.pct());
            } else if (p.value) {
                book.marker(ws, r, 2, marker);
            }
            cx.rows.push_back(DataRow{"Summary", label, "Accuracy by month", label, "exact agreement",
                                      p.value && safe ? p.value : std::nullopt, p.value && !safe ? marker : "",
                                      nHidden ? std::nullopt : std::optional<double>(static_cast<double>(p.n)),
                                      p.value && safe ? p.low : std::nullopt, p.value && safe ? p.high : std::nullopt});
        }
    }
    const std::size_t accLast = r;
    {
        lxw_chart* chart = workbook_add_chart(book.w().workbook(), LXW_CHART_LINE);
        const char* names[] = {"Exact agreement", "Lower 95%", "Upper 95%"};
        for (std::size_t c = 0; c < 3; ++c) {
            lxw_chart_series* s = chart_add_series(chart, sheetRef("Summary", accHeader + 1, 0, accLast, 0).c_str(),
                                                   sheetRef("Summary", accHeader + 1, c + 2, accLast, c + 2).c_str());
            chart_series_set_name(s, names[c]);
            lxw_chart_line line{};
            line.color = c == 0 ? 0x1F4E79 : 0x9DC3E6;
            line.width = c == 0 ? 2.25f : 1.0f;
            if (c > 0) line.dash_type = LXW_CHART_LINE_DASH_DASH;
            chart_series_set_line(s, &line);
            if (c == 0) chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
        }
        chart_title_set_name(chart, "Audit accuracy by month");
        chart_axis_set_min(chart->y_axis, 0);
        chart_axis_set_max(chart->y_axis, 1);
        chart_axis_set_num_format(chart->y_axis, "0%");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
        lxw_chart_options o{};
        o.x_scale = 1.3;
        o.y_scale = 1.2;
        book.w().check(worksheet_insert_chart_opt(ws, static_cast<lxw_row_t>(summaryHeader + 20), 7, chart, &o),
                       "inserting the accuracy chart");
    }

    // Themes whose share and count would reveal a count hidden on the Findings sheet (published version).
    std::set<std::string> themesWithheld;

    // ------------------------------------------------------------ Findings
    ws = book.sheet("Findings");
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
            if (b.rag) book.text(ws, fr, 12, ragName(*b.rag));
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
        const std::vector<Symbol> wanted(domains.begin(), domains.end());
        for (std::size_t ai : audits)
            for (std::size_t ji : data.judgementsOf(ai)) {
                const auto& j = data.judgements[ji];
                const int rank = j.finalRank();
                if (rank < 1 || rank > kRanks || std::find(wanted.begin(), wanted.end(), j.domain) == wanted.end())
                    continue;
                c[static_cast<std::size_t>(4 - rank)]++;
            }
        return c;
    };
    {
        // Domains first (in the published version theme rows show no counts, and a theme's share only where
        // none of its domains' counts is hidden).
        std::set<std::string> domainIds;
        {
            std::unordered_set<Symbol> seen;
            for (std::size_t ai : inPeriod)
                for (std::size_t ji : data.judgementsOf(ai))
                    if (data.judgements[ji].domain != overallDomain) seen.insert(data.judgements[ji].domain);
            domainIds.insert(seen.begin(), seen.end());
        }
        std::vector<BlockRow> domains;
        for (const auto& d : domainIds) {
            auto est = estimateGoodOrBetter(data, def, inPeriod, {d});
            domains.push_back(BlockRow{d, d, countsFor(inPeriod, {d}), est, auditRag(est.evidence, def.rag)});
        }
        std::vector<std::vector<long>> domainCounts;
        for (const auto& b : domains) domainCounts.push_back(b.counts);
        SuppressedTable domainTable = domains.empty() ? SuppressedTable() : cx.table(domainCounts);
        std::set<std::string> domainWithHidden;
        for (std::size_t i = 0; i < domains.size(); ++i)
            for (std::size_t c = 0; c <= kRanks; ++c)
                if (domainTable.hidden(i, c)) domainWithHidden.insert(domains[i].name);
        std::vector<BlockRow> themes;
        std::vector<bool> themeShareHidden;
        for (const auto& th : def.themes) {
            std::set<std::string> ds(th.domains.begin(), th.domains.end());
            const auto& est = themeEstimates[th.id];
            themes.push_back(BlockRow{th.title, domainsText(th), countsFor(inPeriod, ds), est, auditRag(est.evidence, th.rag)});
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
            auto est = estimateGoodOrBetter(data, def, audits, {kOverall});
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

    // ------------------------------------------------------------ Triangulation
    ws = book.sheet("Triangulation");
    book.widths(ws, {30, 10, 48, 10, 11, 9, 9, 8, 13, 40, 7, 34, 90});
    book.text(ws, 0, 0, "Triangulation " + periodText + ": performance data, audit evidence and partners' self-assessment",
              book.title());
    book.text(ws, 1, 0,
              "Flag: two sources two steps apart (red against green), or partners' self-assessment rosier than the "
              "audit evidence. Rules: reports/README.md and the Method sheet.",
              book.note());
    std::size_t tr = 3;
    const std::size_t triHeader = tr;
    book.headers(ws, tr, {"Theme", "KPI RAG", "KPIs (latest in the period against target)", "Audit RAG",
                          "Good or better (weighted)", "Lower 95%", "Upper 95%", "Cases", "Self-assessment RAG",
                          "Partners' ratings", "Flag", "Why flagged", "Finding"});
    // Published: a theme whose domains have a hidden count on Findings shows its RAG but not its share, interval
    // and count (they could reveal it), in the cells and in the sentence.
    std::vector<ThemeTriangulation> triShown = tri;
    if (!themesWithheld.empty()) {
        std::map<std::string, AuditEvidence> withheld = evidence;
        for (const auto& id : themesWithheld) withheld[id].withheld = true;
        triShown = triangulateAll(def, P, kpis, withheld, selfAssessments, t);
    }
    for (const auto& x : triShown) {
        ++tr;
        book.text(ws, tr, 0, x.title, book.wrap());
        if (x.kpiRag) book.text(ws, tr, 1, ragName(*x.kpiRag));
        std::string kd;
        for (const auto& k : x.kpis)
            kd += (kd.empty() ? "" : "; ") + k.kpi.indicator + " " + formatNumber(k.kpi.value) + " (target " +
                  formatNumber(k.kpi.target) + ", " + polarityName(k.kpi.polarity) + " is better, " + k.kpi.period +
                  ": " + ragName(k.rag) + ")";
        book.text(ws, tr, 2, kd, book.wrap());
        if (x.auditRag) book.text(ws, tr, 3, ragName(*x.auditRag));
        const bool nHidden = (opt.publish && x.audit.n > 0 && static_cast<long>(x.audit.n) < t) || x.audit.withheld;
        if (x.audit.n > 0 && !nHidden) {
            book.number(ws, tr, 4, x.audit.share, book.pct());
            book.number(ws, tr, 5, x.audit.lo, book.pct());
            book.number(ws, tr, 6, x.audit.hi, book.pct());
        }
        book.count(ws, tr, 7, static_cast<long>(x.audit.n), nHidden, marker);
        if (x.selfRag) book.text(ws, tr, 8, ragName(*x.selfRag));
        std::string agencies;
        for (const auto& a : x.agencies) {
            std::string ratings;
            for (const auto& s : a.ratings) ratings += (ratings.empty() ? "" : ", ") + s.standard + " " + s.rating;
            agencies += (agencies.empty() ? "" : "; ") + a.agency + ": " + ragName(a.rag) + " (" + ratings + ")";
        }
        book.text(ws, tr, 9, agencies, book.wrap());
        if (x.flagged()) {
            book.text(ws, tr, 10, "FLAG");
            std::string why;
            for (Flag f : x.flags) why += (why.empty() ? "" : "; ") + flagName(f);
            book.text(ws, tr, 11, why, book.wrap());
        }
        book.text(ws, tr, 12, x.sentence, book.wrap());
        auto ragText = [](const std::optional<Rag>& r) { return r ? ragName(*r) : std::string("none"); };
        cx.rows.push_back(DataRow{"Triangulation", periodText, "Theme", x.themeId, "KPI RAG", {}, ragText(x.kpiRag), {}, {}, {}});
        cx.rows.push_back(DataRow{"Triangulation", periodText, "Theme", x.themeId, "audit RAG", {}, ragText(x.auditRag),
                                  nHidden ? std::nullopt : std::optional<double>(static_cast<double>(x.audit.n)), {}, {}});
        cx.rows.push_back(DataRow{"Triangulation", periodText, "Theme", x.themeId, "self-assessment RAG", {},
                                  ragText(x.selfRag), {}, {}, {}});
        cx.rows.push_back(DataRow{"Triangulation", periodText, "Theme", x.themeId, "flag",
                                  static_cast<double>(x.flagged()), x.flagged() ? "FLAG" : "", {}, {}, {}});
        for (const auto& k : x.kpis)
            cx.rows.push_back(DataRow{"Triangulation", k.kpi.period, "KPI", k.kpi.indicator, "value against target " +
                                      formatNumber(k.kpi.target), k.kpi.value, ragName(k.rag), {}, {}, {}});
        for (const auto& a : x.agencies)
            for (const auto& s : a.ratings)
                cx.rows.push_back(DataRow{"Triangulation", s.period, "Self-assessment", a.agency + " " + s.standard,
                                          "rating", {}, s.rating, {}, {}, {}});
    }
    book.table(ws, triHeader, tr, 12, 1);
    book.ragColours(ws, triHeader + 1, 1, tr, 1);
    book.ragColours(ws, triHeader + 1, 3, tr, 3);
    book.ragColours(ws, triHeader + 1, 8, tr, 8);
    book.flagColour(ws, triHeader + 1, 10, tr);

    // ------------------------------------------------------------ Moderation and accuracy
    ws = book.sheet("Moderation and accuracy");
    book.widths(ws, {11, 30, 11, 11, 10, 10, 11, 11, 11, 11, 13, 12});
    book.text(ws, 0, 0, "Moderation and audit accuracy: the auditor's grade against the moderator's independent grade",
              book.title());
    book.text(ws, 1, 0,
              "Down: the moderator graded lower (the auditor was more generous). AC2 uses Gwet's ordinal weights; "
              "kappa quadratic weights. Intervals: Wilson for agreement.",
              book.note());
    std::size_t mr = 3;
    const std::size_t modHeader = mr;
    book.headers(ws, mr, {"Breakdown", "Name", "Moderated", "Exact agreement", "Lower 95%", "Upper 95%", "Within one",
                          "Moderated down", "Moderated up", "AC2 (ordinal)", "Kappa (quadratic)",
                          "Below " + percent(def.accuracyThreshold)});
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
            if (*s.exact.value < def.accuracyThreshold) book.text(ws, mr, 11, "yes");
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
    for (const auto& [name, table] : modByAuditor) accuracyRow("Auditor", name, periodText, table, modAuditorEntries.at(name));
    for (const auto& [name, table] : modByTeam) accuracyRow("Team", name, periodText, table, modTeamEntries.at(name));
    for (const auto& [name, table] : modByDomain)
        accuracyRow("Domain", name == kOverall ? "overall grade" : name, periodText, table, modDomainEntries.at(name));
    book.table(ws, modHeader, mr, 11, 2);
    book.below(ws, modHeader + 1, 3, mr, 3, def.accuracyThreshold);

    // ------------------------------------------------------------ Actions
    ws = book.sheet("Actions");
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

    // ------------------------------------------------------------ Method
    ws = book.sheet("Method");
    book.widths(ws, {34, 120});
    book.text(ws, 0, 0, "Method, sources and definitions", book.title());
    std::size_t me = 2;
    book.headers(ws, me, {"Item", "Detail"});
    auto method = [&](const std::string& item, const std::string& detail) {
        ++me;
        book.text(ws, me, 0, item, book.wrap());
        book.text(ws, me, 1, detail, book.wrap());
    };
    method("Period", periodText + ": " + P.firstDay() + " to " + P.lastDay() +
                         ". Audits count in the month of their round (or of completion); actions and ages are counted "
                         "as at " + P.lastDay() + ". Trend tables cover " + monthLabel(firstTrend) + " to " +
                         monthLabel(P.lastMonth) + ".");
    method("Report definition", def.id + " version " + def.version + " (" +
                                    std::filesystem::path(def.file).filename().string() + ")");
    method("Store", opt.publish || opt.storeName.rfind("postgresql", 0) == 0
                        ? std::string("the council's audit store")
                        : std::filesystem::path(opt.storeName).filename().string());
    method("KPI data", opt.kpiSource.empty() ? std::string("as held in the store")
                                             : opt.kpiSource + " (SHA-256 " + opt.kpiHash + "), with earlier imports");
    method("Self-assessments", opt.selfSource.empty() ? std::string("as held in the store")
                                                      : opt.selfSource + " (SHA-256 " + opt.selfHash +
                                                            "), with earlier imports");
    {
        int shown = 0;
        for (const auto& d : data.draws) {
            auto dp = parsePeriod(d.period);
            if (!dp || !P.overlaps(*dp)) continue;
            ++shown;
            method("Sample: draw " + std::to_string(d.id),
                   d.kind + " draw for " + d.period + " made " + d.createdAt + ": " + std::to_string(d.sampleSize) +
                       " of " + std::to_string(d.frameSize) + " eligible cases in " + std::to_string(d.strata) +
                       " strata; seed " + d.seed + "; " + d.algorithm +
                       (opt.publish || d.frameHash.empty() ? std::string() : "; frame hash (SHA-256 of the eligible cases, audit-sample README) " + d.frameHash));
        }
        if (!shown) method("Samples", "no draw recorded for the period: audits are weighted equally");
    }
    for (const auto& note : opt.purged) method("Retention: purged", note + ": grades, moderation grades, weights "
                                                                       "and counts are kept; the figures here are unchanged.");
    method("Grade that counts", "the grade agreed after moderation where an audit was moderated, else the auditor's "
                                "grade, else the grade computed from the answers; the latest version of each form.");
    {
        std::string g;
        for (const auto& x : def.goodOrBetter) g += (g.empty() ? "" : ", ") + x;
        method("Good or better", g + " (by the framework's grade labels)");
    }
    method("Weighting and intervals", overall.method.empty() ? std::string("no audits") : overall.method +
                                          ". A theme's value for an audit is the share of its domains graded good or "
                                          "better; audits with none of them graded are left out.");
    method("Audit accuracy", "exact agreement between the auditor's and the moderator's independent overall grades, "
                             "with a Wilson 95% interval; within one grade; moderated down (auditor more generous) and "
                             "up; Gwet's AC2 (ordinal weights) and quadratic-weighted kappa where defined (n/a "
                             "otherwise). Accuracy threshold: " + percent(def.accuracyThreshold) + " exact agreement (the report "
                             "definition's <accuracy threshold>); a month, auditor, team or domain below it is marked "
                             "in the \"Below\" column and shaded.");
    method("RAG: KPIs", "green when the target is met (value >= target when higher is better, <= when lower is "
                        "better); amber when short by no more than the amber margin (default " +
                            formatNumber(def.rag.kpiAmberMargin) + " points); red otherwise. The latest value in the "
                            "period counts; a theme's KPI RAG is the lower median of its indicators'.");
    method("RAG: audit evidence", "green at or above " + percent(def.rag.auditGreen) + " good or better, amber at or "
                                  "above " + percent(def.rag.auditAmber) + ", red below (per-theme overrides in the "
                                  "definition); none with fewer than " + std::to_string(def.rag.minAudits) + " cases. The RAG "
                                  "is the point estimate's; when the 95% interval reaches another band the theme's "
                                  "sentence says which bands the interval spans (the evidence cannot tell them apart).");
    method("RAG: self-assessment", "each agency's latest rating of each standard up to the period's end (grades mapped: "
                                   "Outstanding and Good green, Requires improvement amber, Inadequate red); an "
                                   "agency's RAG is the lower median of its standards, the theme's the lower median "
                                   "over agencies.");
    method("Flags", "a theme is flagged when two sources are two steps apart (red against green) or when partners' "
                    "self-assessment is rosier than the audit evidence.");
    method("Actions", "open = open or in progress; overdue = open past the due date at " + actions.asOf +
                          "; follow-up rate = share of actions due by then that are done; done by the due date = "
                          "closed on or before it.");
    if (opt.publish) {
        method("Disclosure control",
               "Published version. Case references are replaced by keyed pseudonyms (P- and 12 hex digits of "
               "HMAC-SHA256 under a secret key kept in the store: the same case has the same pseudonym in every "
               "published workbook). Worker and auditor names and action owners are replaced by numbered labels; action "
               "descriptions are left out. Counts from 1 to " + std::to_string(def.suppressionThreshold - 1) +
                   " are suppressed (" + marker + "), and further counts are suppressed so that no suppressed count "
                   "can be worked out from the totals shown anywhere in the workbook (secondary suppression): a "
                   "table's rows and columns, and the sums that tie tables together (the months, auditors and teams "
                   "of the moderation tables each add up to the period's figures; grades by team and by month add "
                   "up to the same totals; the owners' actions add up to the open and overdue totals; a row's "
                   "moderated number is its agreements plus its moderated down and up). An exact check (linear "
                   "algebra over all of these sums) confirms that the published numbers determine none of them. "
                   "Shares, rates, intervals and agreement statistics that could reveal a suppressed count are "
                   "suppressed too, and overdue actions are not listed one by one. " +
                   std::to_string(cx.suppressed) + " numbers suppressed in this workbook.");
        method("Marker", suppressionNote(def.suppressionThreshold, marker));
    } else {
        method("Disclosure control", "Internal version: not suppressed, holds case references and names. Use "
                                     "--publish for a version that can be shared.");
    }

    // ------------------------------------------------------------ Data
    ws = book.sheet("Data");
    book.widths(ws, {22, 10, 22, 36, 30, 12, 14, 9, 10, 10});
    book.headers(ws, 0, {"Sheet", "Period", "Breakdown", "Key", "Measure", "Value", "Text", "n", "Lower 95%",
                         "Upper 95%"});
    std::size_t dr = 0;
    for (const auto& d : cx.rows) {
        ++dr;
        book.text(ws, dr, 0, d.sheet);
        book.text(ws, dr, 1, d.period);
        book.text(ws, dr, 2, d.breakdown);
        book.text(ws, dr, 3, d.key);
        book.text(ws, dr, 4, d.measure);
        if (d.value) book.w().writeNumber(ws, dr, 5, *d.value);
        book.text(ws, dr, 6, d.text);
        if (d.n) book.w().writeNumber(ws, dr, 7, *d.n);
        if (d.lower) book.w().writeNumber(ws, dr, 8, *d.lower);
        if (d.upper) book.w().writeNumber(ws, dr, 9, *d.upper);
    }
    book.table(ws, 0, dr, 9, 0);

    worksheet_activate(book.w().sheet("Summary"));
    result.suppressedCells = cx.suppressed;
    book.fitRows();
    book.w().close();
    return result;
}

}  // namespace audit::report
