#include "audit/report/kpi_compute.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "audit/base/working_days.h"
#include "audit/io/xlsx_reader.h"
#include "audit/sampling/annex_a.h"
#include "audit/sampling/case_list.h"

namespace audit::kpi {

namespace {

// A rule with its columns resolved to slots of the list's used columns.
struct Compiled {
    Rule::Kind kind;
    int slot = -1, slot2 = -1;  // slot2 -1: the as-of date
    Unit unit;
    int amount;
    double atLeast;
    const std::vector<std::string>* values;
    bool prefix;
    std::vector<Compiled> children;
    mutable std::map<std::string, std::size_t> unmatched;  // one-of: values written that match none (a few dozen)
};

// What a row's cell holds, read once per row and slot.
struct Slot {
    int column = -1;    // header index
    std::string name;   // the map's name
    std::string header; // as found
    // per row
    bool dateRead = false, countRead = false;
    std::optional<std::int32_t> date;
    std::optional<double> count;
    // unreadable values met
    std::size_t badDates = 0, badCounts = 0;
    std::string firstBad;
};

struct Pending {
    std::size_t index;  // into the results
    Compiled denominator, numerator;
};

class ListCounter {
public:
    ListCounter(const AnnexSource& src, const Date& asOf, const ComputeOptions& options, bool excelSerials)
        : src_(src), asOf_(asOf), options_(options), excelSerials_(excelSerials) {}

    int slot(const std::string& name, int column, const std::string& header) {
        for (std::size_t i = 0; i < slots_.size(); ++i)
            if (slots_[i].name == name) return static_cast<int>(i);
        Slot s;
        s.name = name;
        s.column = column;
        s.header = header;
        slots_.push_back(s);
        return static_cast<int>(slots_.size() - 1);
    }

    void add(Pending p) { pending_.push_back(std::move(p)); }
    const std::vector<Pending>& pending() const { return pending_; }
    bool empty() const { return pending_.empty(); }

    void row(std::size_t rowNo, const std::vector<std::string_view>& cells, std::vector<Result>& results) {
        row_ = rowNo;
        cells_ = &cells;
        for (auto& s : slots_) s.dateRead = s.countRead = false;
        for (auto& p : pending_) {
            if (!eval(p.denominator)) continue;
            Result& r = results[p.index];
            ++r.denominator;
            if (eval(p.numerator)) ++r.numerator;
        }
    }

    const std::vector<Slot>& slots() const { return slots_; }
    std::vector<std::string> header;

private:
    std::string_view text(const Slot& s) const {
        if (s.column < 0 || static_cast<std::size_t>(s.column) >= cells_->size()) return {};
        return (*cells_)[static_cast<std::size_t>(s.column)];
    }

    static bool blank(std::string_view t) { return t.find_first_not_of(" \t\u00a0") == std::string_view::npos; }

    void bad(Slot& s, std::string_view t) {
        if (s.firstBad.empty())
            s.firstBad = listCellPlace(src_, row_, static_cast<std::size_t>(s.column), header) + ": '" + std::string(t) + "'";
    }

    const std::optional<std::int32_t>& date(int slot) {
        Slot& s = slots_[static_cast<std::size_t>(slot)];
        if (s.dateRead) return s.date;
        s.dateRead = true;
        s.date.reset();
        const std::string_view t = text(s);
        if (blank(t)) return s.date;
        std::optional<Date> d = parseDate(t, options_.dateOrder);
        if (!d && excelSerials_ && t.find_first_not_of("0123456789.") == std::string_view::npos)
            d = fromExcelSerial(std::strtod(std::string(t).c_str(), nullptr));
        if (d) s.date = d->days();
        else ++s.badDates, bad(s, t);
        return s.date;
    }

    const std::optional<double>& count(int slot) {
        Slot& s = slots_[static_cast<std::size_t>(slot)];
        if (s.countRead) return s.count;
        s.countRead = true;
        s.count.reset();
        const std::string_view t = text(s);
        if (blank(t)) return s.count;
        const std::string str(t);
        char* end = nullptr;
        const double v = std::strtod(str.c_str(), &end);
        while (end && (*end == ' ')) ++end;
        if (end && *end == '\0' && v >= 0 && v == std::floor(v)) s.count = v;
        else ++s.badCounts, bad(s, t);
        return s.count;
    }

    Date shift(const Date& d, Unit u, int n) const {
        switch (u) {
            case Unit::WorkingDays: return addWorkingDays(d, n);
            case Unit::Days: return d.addDays(n);
            case Unit::Months: return d.addMonths(n);
        }
        return d;
    }

    bool eval(const Compiled& c) {
        switch (c.kind) {
            case Rule::Kind::All:
                for (const auto& x : c.children)
                    if (!eval(x)) return false;
                return true;
            case Rule::Kind::Any:
                for (const auto& x : c.children)
                    if (eval(x)) return true;
                return false;
            case Rule::Kind::Not:
                for (const auto& x : c.children)
                    if (eval(x)) return false;
                return true;
            case Rule::Kind::Open: {
                const auto& start = date(c.slot);
                if (!start || *start > asOf_.days()) return false;
                const Slot& e = slots_[static_cast<std::size_t>(c.slot2)];
                if (blank(text(e))) return true;
                const auto& end = date(c.slot2);
                return end && *end > asOf_.days();
            }
            case Rule::Kind::Dated: {
                const auto& d = date(c.slot);
                return d && *d <= asOf_.days() && *d > asOf_.addMonths(-c.amount).days();
            }
            case Rule::Kind::Within: {
                const auto& d = date(c.slot);
                if (!d) return false;
                if (c.slot2 < 0) {
                    if (*d > asOf_.days()) return false;
                    if (c.unit == Unit::WorkingDays) return workingDaysBetween(Date::fromDays(*d), asOf_) <= c.amount;
                    return *d >= shift(asOf_, c.unit, -c.amount).days();
                }
                const auto& from = date(c.slot2);
                if (!from || *d < *from) return false;
                if (c.unit == Unit::WorkingDays) return workingDaysBetween(Date::fromDays(*from), Date::fromDays(*d)) <= c.amount;
                return *d <= shift(Date::fromDays(*from), c.unit, c.amount).days();
            }
            case Rule::Kind::Longer: {
                const auto& d = date(c.slot);
                if (!d) return false;
                std::int32_t to = asOf_.days();
                if (c.slot2 >= 0) {
                    const auto& t = date(c.slot2);
                    if (!t) return false;
                    to = *t;
                }
                return to >= Date::fromDays(*d).addMonths(c.amount).days();
            }
            case Rule::Kind::Count: {
                const auto& v = count(c.slot);
                return v && *v >= c.atLeast;
            }
            case Rule::Kind::OneOf: {
                const std::string_view t = text(slots_[static_cast<std::size_t>(c.slot)]);
                if (blank(t) || isErrorValue(t)) return false;
                const std::string k = codeKey(t);
                for (const auto& v : *c.values)
                    if (c.prefix ? k.compare(0, v.size(), v) == 0 : k == v) return true;
                if (c.unmatched.size() < 40 || c.unmatched.count(std::string(t))) ++c.unmatched[std::string(t)];
                return false;
            }
            case Rule::Kind::Present: {
                const std::string_view t = text(slots_[static_cast<std::size_t>(c.slot)]);
                return !blank(t) && !isErrorValue(t);
            }
        }
        return false;
    }

    const AnnexSource& src_;
    Date asOf_;
    ComputeOptions options_;
    bool excelSerials_;
    std::vector<Slot> slots_;
    std::vector<Pending> pending_;
    std::size_t row_ = 0;
    const std::vector<std::string_view>* cells_ = nullptr;
};

Compiled compile(const Rule& r, const std::map<std::string, int>& slots) {
    Compiled c{r.kind, -1, -1, r.unit, r.amount, r.atLeast, &r.values, r.prefix, {}};
    if (!r.column.empty()) c.slot = slots.at(r.column);
    if (!r.column2.empty()) c.slot2 = slots.at(r.column2);
    for (const auto& x : r.children) c.children.push_back(compile(x, slots));
    return c;
}

std::string lookedFor(const std::vector<std::string>& names) {
    std::string s;
    for (std::size_t i = 0; i < names.size() && i < 4; ++i) s += (i ? ", '" : "'") + names[i] + "'";
    if (names.size() > 4) s += " …";
    return s;
}

std::string plural(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

}  // namespace

Extract computeKpis(const Definition& def, const std::vector<AnnexSource>& sources, const ColumnMap& map,
                    const Date& asOf, const ComputeOptions& options) {
    checkAgainstMap(def, map);
    Extract ex;
    ex.file = sources.empty() ? std::string() : sources.front().file;
    ex.asOf = asOf;
    for (const auto& i : def.indicators) ex.results.push_back(Result{i.id});
    std::vector<int> lists;
    for (const auto& i : def.indicators)
        if (std::find(lists.begin(), lists.end(), i.list) == lists.end()) lists.push_back(i.list);
    std::sort(lists.begin(), lists.end());
    for (const int list : lists) {
        const ListColumns& lc = *map.list(list);
        const auto src = std::find_if(sources.begin(), sources.end(), [&](const AnnexSource& s) { return s.list == list; });
        auto notComputable = [&](const std::string& why) {
            for (std::size_t k = 0; k < def.indicators.size(); ++k)
                if (def.indicators[k].list == list && ex.results[k].computable) {
                    ex.results[k].computable = false;
                    ex.results[k].reason = why;
                }
        };
        if (src == sources.end()) {
            notComputable("no list " + std::to_string(list) + " in the extract (a sheet or file named 'List " +
                          std::to_string(list) + "')");
            continue;
        }
        const auto& idNames = lc.of(Field::CaseRef);
        auto isHeader = [&](const std::vector<std::string>& cells) { return findColumn(cells, idNames) >= 0; };
        const auto found = findListHeader(*src, isHeader);
        if (!found) {
            notComputable(src->name() + " has no header row naming the child's id (" + lookedFor(idNames) +
                          ") in its first 20 rows");
            continue;
        }
        ListCounter counter(*src, asOf, options, map.excelSerials());
        counter.header = found->header;
        for (std::size_t k = 0; k < def.indicators.size(); ++k) {
            const Indicator& ind = def.indicators[k];
            if (ind.list != list) continue;
            Result& r = ex.results[k];
            r.source = src->name();
            std::map<std::string, int> slots;
            std::string missing;
            for (const auto& name : ind.columns()) {
                const auto* names = lc.named(name);
                const int col = findColumn(found->header, *names);
                if (col < 0) {
                    missing += std::string(missing.empty() ? "" : "; ") + "'" + name + "' (looked for " + lookedFor(*names) + ")";
                    continue;
                }
                slots[name] = counter.slot(name, col, found->header[static_cast<std::size_t>(col)]);
                r.columns.push_back(name + " = '" + found->header[static_cast<std::size_t>(col)] + "' (column " +
                                    xlsx::columnName(static_cast<std::size_t>(col)) + ")");
            }
            if (!missing.empty()) {
                r.computable = false;
                r.reason = src->name() + " has no column for " + missing;
                continue;
            }
            counter.add({k, compile(ind.denominator, slots), compile(ind.numerator, slots)});
        }
        if (counter.empty()) continue;
        readList(*src, isHeader, "a row naming the child's id", [](const ListHeader&) {},
                 [&](std::size_t row, const std::vector<std::string_view>& cells) { counter.row(row, cells, ex.results); });
        // The values a numerator's one-of rule did not count, most frequent first: what a reader checks first when
        // an indicator looks wrong (a council's own spelling of "Yes").
        for (const auto& p : counter.pending()) {
            std::vector<const Compiled*> stack{&p.numerator};
            while (!stack.empty()) {
                const Compiled* c = stack.back();
                stack.pop_back();
                for (const auto& x : c->children) stack.push_back(&x);
                if (c->kind != Rule::Kind::OneOf || c->unmatched.empty()) continue;
                std::vector<std::pair<std::string, std::size_t>> v(c->unmatched.begin(), c->unmatched.end());
                std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
                std::string list;
                for (std::size_t i = 0; i < v.size() && i < 5; ++i)
                    list += (i ? ", '" : "'") + v[i].first + "' (" + std::to_string(v[i].second) + ")";
                if (v.size() > 5) list += " and " + plural(v.size() - 5, "other", "others");
                ex.results[p.index].notes.push_back("values of '" + counter.slots()[static_cast<std::size_t>(c->slot)].header +
                                                    "' counted as not meeting the rule: " + list);
            }
        }
        // Unreadable values, for every indicator that reads the column.
        for (std::size_t k = 0; k < def.indicators.size(); ++k) {
            if (def.indicators[k].list != list || !ex.results[k].computable) continue;
            const auto cols = def.indicators[k].columns();
            for (const auto& s : counter.slots()) {
                if (std::find(cols.begin(), cols.end(), s.name) == cols.end()) continue;
                if (s.badDates)
                    ex.results[k].notes.push_back(plural(s.badDates, "row", "rows") + " of " + src->name() + " with '" +
                                                  s.header + "' not a date (first: " + s.firstBad +
                                                  "): such a row meets no rule on that column");
                if (s.badCounts)
                    ex.results[k].notes.push_back(plural(s.badCounts, "row", "rows") + " of " + src->name() + " with '" +
                                                  s.header + "' not a whole number (first: " + s.firstBad +
                                                  "): such a row meets no rule on that column");
            }
        }
    }
    for (std::size_t k = 0; k < def.indicators.size(); ++k) {
        Result& r = ex.results[k];
        const Indicator& ind = def.indicators[k];
        if (!r.computable || r.denominator == 0) continue;
        r.value = 100.0 * static_cast<double>(r.numerator) / static_cast<double>(r.denominator);
        if (ind.target) r.rag = ragOf(*r.value, *ind.target, ind.polarity, ind.amberMargin);
    }
    return ex;
}

Extract computeKpis(const Definition& def, const std::string& path, const std::string& mapName, const Date& asOf,
                    const ComputeOptions& options) {
    const ColumnMap map = ColumnMap::load(mapName);
    if (map.layout() != MapLayout::AnnexA)
        throw Error(ErrorKind::Usage, "column map '" + map.id() + "' is for a single case list; the indicators need an "
                                      "annex-a layout map (annex-a)");
    const auto sources = findAnnexSources(path);
    if (sources.empty())
        throw Error(ErrorKind::Data, path, "",
                    std::filesystem::is_directory(path)
                        ? "no Annex A list in the folder (CSV files named as lists: list3.csv, List 7.csv …) and no workbook"
                        : "no Annex A list in the workbook (sheets named List 3 … List 9, List_7, List7)");
    Extract ex = computeKpis(def, sources, map, asOf, options);
    ex.file = path;
    return ex;
}

bool holdsListFiles(const std::string& folder) { return !findAnnexSources(folder).empty(); }

}  // namespace audit::kpi
