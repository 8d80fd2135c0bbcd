// The draw on a loaded case list: strata, exclusions, the frame, allocation, the draw, auditors.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <unordered_map>

#include "audit/base/error.h"
#include "audit/jobs/sample.h"
#include "sample_inputs.h"

namespace audit::jobs {

namespace {

std::string columnList(const CaseList& cases) {
    std::string out;
    for (const auto& c : cases.columnNames()) out += (out.empty() ? "" : ", ") + c;
    return out;
}

// The stratum of every row: rowKey[row] indexes keys ("North / CIN"; "(blank)" for a blank value; the
// category column gives the canonical category name). Rows are grouped by the value ids of each column, so
// that each distinct combination's key is written once; combinations with the same key text share it.
void strataOfRows(const CaseList& cases, const std::vector<int>& cols, int categoryColumn,
                  std::vector<std::uint32_t>& rowKey, std::vector<std::string>& keys) {
    const std::size_t n = cases.size();
    std::vector<std::uint32_t> combo(n, 0);
    // Per combination: the combination it extends and the value it adds (texts per column below).
    std::vector<std::pair<std::uint32_t, std::uint32_t>> parent{{0, 0}};
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> levels;
    std::vector<std::vector<std::string>> texts(cols.size());
    std::vector<std::uint32_t> ids;
    std::vector<std::string_view> values;
    for (std::size_t k = 0; k < cols.size(); ++k) {
        if (cols[k] == categoryColumn) {
            ids.resize(n);
            for (std::size_t r = 0; r < n; ++r) ids[r] = static_cast<std::uint32_t>(cases.category(r));
            for (Category c : allCategories()) texts[k].emplace_back(categoryName(c));
        } else {
            cases.valueIds(cols[k], ids, values);
            for (auto v : values) texts[k].push_back(v.empty() ? std::string("(blank)") : std::string(v));
        }
        const std::uint64_t width = texts[k].size();
        const std::uint64_t before = k == 0 ? 1 : parent.size();
        std::vector<std::pair<std::uint32_t, std::uint32_t>> next;
        auto make = [&](std::uint32_t c, std::uint32_t v) {
            next.push_back({c, v});
            return static_cast<std::uint32_t>(next.size() - 1);
        };
        if (before * width <= (1u << 22)) {
            std::vector<std::uint32_t> table(before * width, UINT32_MAX);
            for (std::size_t r = 0; r < n; ++r) {
                std::uint32_t& slot = table[combo[r] * width + ids[r]];
                if (slot == UINT32_MAX) slot = make(combo[r], ids[r]);
                combo[r] = slot;
            }
        } else {
            std::unordered_map<std::uint64_t, std::uint32_t> table;
            for (std::size_t r = 0; r < n; ++r) {
                const std::uint64_t key = (static_cast<std::uint64_t>(combo[r]) << 32) | ids[r];
                auto [it, fresh] = table.try_emplace(key, 0);
                if (fresh) it->second = make(combo[r], ids[r]);
                combo[r] = it->second;
            }
        }
        levels.push_back(next);
        parent = std::move(next);
    }
    // The key of each final combination, walking back through the levels.
    const std::size_t combos = cols.empty() ? 1 : levels.back().size();
    std::unordered_map<std::string, std::uint32_t> keyId;
    std::vector<std::uint32_t> keyOf(combos);
    for (std::size_t c = 0; c < combos; ++c) {
        std::vector<std::uint32_t> parts(cols.size());
        std::uint32_t at = static_cast<std::uint32_t>(c);
        for (std::size_t k = cols.size(); k-- > 0;) {
            parts[k] = levels[k][at].second;
            at = levels[k][at].first;
        }
        std::string key;
        for (std::size_t k = 0; k < cols.size(); ++k) {
            if (k) key += " / ";
            key += texts[k][parts[k]];
        }
        auto [it, fresh] = keyId.try_emplace(key, static_cast<std::uint32_t>(keys.size()));
        if (fresh) keys.push_back(key);
        keyOf[c] = it->second;
    }
    rowKey.resize(n);
    for (std::size_t r = 0; r < n; ++r) rowKey[r] = keyOf[combo[r]];
}

}  // namespace

LoadOptions sampleColumnsNeeded(const SampleDrawRequest& o, bool forStore) {
    std::vector<std::string> c = o.strata;
    for (const auto& [col, value] : o.excludes) c.push_back(col);
    if (!o.includeClosed) c.emplace_back("closed_date");
    c.emplace_back("child_ref");  // carried by the sample file to the forms
    if (o.auditedWithinMonths) c.emplace_back("last_audit_date");
    if (!o.oversample.empty() || forStore)
        for (Field f : {Field::FlagMissing, Field::FlagExploitation, Field::FlagUasc, Field::FlagDisability, Field::Flags})
            c.emplace_back(fieldName(f));
    if (o.peerAudit) c.emplace_back("team_manager");
    if (forStore)
        for (Field f : {Field::ChildRef, Field::ServiceArea, Field::TeamManager, Field::OpenDate, Field::LastAuditDate,
                        Field::LegalStatus})
            c.emplace_back(fieldName(f));
    return LoadOptions::only(std::move(c));
}

SampleDrawResult computeSampleDraw(const CaseList& cases, const SampleDrawRequest& o) {
    SampleDrawResult res;
    res.casesFile = cases.file();
    res.mapId = cases.mapId();
    res.casesRead = cases.size();
    res.warnings = cases.warnings();
    res.notes = cases.notes();
    const std::size_t N0 = cases.size();
    // An Annex A frame holds only records open at the as-of date (its notes say how it was built).
    const bool annexFrame = std::any_of(res.notes.begin(), res.notes.end(), [](const auto& n) { return n.first == "Annex A open rule"; });
    // An option whose column the file lacks would silently do nothing: refused.
    for (const auto& [flag, factor] : o.oversample)
        for (std::size_t b = 0; b < kFlagCount; ++b)
            if (matchKey(flag) == matchKey(flagName(b))) {
                const Field f = static_cast<Field>(static_cast<std::size_t>(Field::FlagMissing) + b);
                if (cases.fieldColumn(f) < 0 && cases.fieldColumn(Field::Flags) < 0)
                    throw Error(ErrorKind::Data, cases.file(), "",
                                "--oversample " + flag + "=" + formatSampleNumber(factor) + ": the case list has no column for the flag '" +
                                    flag + "' (" + std::string(fieldName(f)) + " or a flags list, in column map '" + cases.mapId() +
                                    "'), so the option would change nothing; map the column (--columns " + std::string(fieldName(f)) +
                                    "=HEADER) or leave the option out");
            }

    // --- strata columns
    if (o.strata.empty()) throwUsage("--strata needs at least one column (e.g. --strata team,category)");
    std::vector<int> cols;
    const int categoryColumn = cases.fieldColumn(Field::Category);
    for (const auto& s : o.strata) {
        const int c = cases.column(s);
        if (c < 0) throwUsage("--strata: " + cases.file() + " has no column '" + s + "' (columns: " + columnList(cases) + ")");
        cols.push_back(c);
    }
    std::vector<std::uint32_t> rowKey;
    std::vector<std::string> keys;

    // --- exclusions, in order: closed, audited within, --exclude
    std::vector<ExclusionRule> rules;
    if (!o.includeClosed) {
        const bool hasClosedDates = cases.loaded(cases.fieldColumn(Field::ClosedDate));
        if (cases.fieldColumn(Field::ClosedDate) < 0 && !annexFrame)
            res.warnings.push_back({cases.file(), "",
                                    "no closed-date column (closed_date, in column map '" + cases.mapId() +
                                        "'): closed cases cannot be left out, every case read is taken as open; map "
                                        "the end-date column (--columns closed_date=HEADER) unless the export holds open cases only"});
        rules.push_back({"closed", [&, hasClosedDates](std::size_t r) {
                             if (!hasClosedDates) return false;
                             auto d = cases.closedDate(r);
                             return d && *d <= o.asOf;
                         }});
    }
    std::unordered_map<std::string, Date> storeDates;
    for (const auto& [ref, iso] : o.storeAudits)
        if (auto d = parseDate(iso)) {
            auto [it, fresh] = storeDates.emplace(ref, *d);
            if (!fresh && *d > it->second) it->second = *d;
        }
    res.storeAuditCases = storeDates.size();
    // Prior audits imported by the child's id (audit_history), matched on the list's child_ref.
    std::unordered_map<std::string, Date> childDates;
    for (const auto& [ref, iso] : o.storeChildAudits)
        if (auto d = parseDate(iso)) childDates.emplace(ref, *d);
    const bool childRefs = cases.fieldColumn(Field::ChildRef) >= 0 && cases.loaded(cases.fieldColumn(Field::ChildRef));
    auto storeDate = [&](std::size_t r) -> std::optional<Date> {
        std::optional<Date> last;
        if (!storeDates.empty())
            if (auto it = storeDates.find(std::string(cases.caseRef(r))); it != storeDates.end()) last = it->second;
        if (!childDates.empty() && childRefs && !cases.childRef(r).empty())
            if (auto it = childDates.find(std::string(cases.childRef(r))); it != childDates.end() && (!last || it->second > *last))
                last = it->second;
        return last;
    };
    if (o.auditedWithinMonths) {
        const bool listDates = cases.fieldColumn(Field::LastAuditDate) >= 0;
        std::size_t noHistory = 0, fromStore = 0;
        for (std::size_t r = 0; r < N0; ++r) {
            const bool inStore = storeDate(r).has_value();
            fromStore += inStore;
            if (!cases.lastAuditDate(r) && !inStore) ++noHistory;
        }
        const std::string opt = "--exclude-audited-within " + o.auditedWithinText + ": ";
        if (!listDates && storeDates.empty() && childDates.empty())
            res.warnings.push_back({cases.file(), "", opt + "no audit history: the case list has no last_audit_date column "
                                                            "and the store holds no audits, so no case was left out for it"});
        if (!childDates.empty() && !childRefs)
            res.warnings.push_back({cases.file(), "", opt + std::to_string(childDates.size()) + " children's prior audits "
                                                            "(history imported by child id) cannot be matched: the case list has no "
                                                            "child_ref column"});
        res.notes.push_back({"audit history", std::to_string(N0 - noHistory) + " of " + std::to_string(N0) +
                                                  " cases have an audit date (case list: " + (listDates ? "yes" : "no") +
                                                  ", store: " + std::to_string(fromStore) + " of them)"});
        for (const auto& line : o.historySources) res.notes.push_back({"audit history imported", line});
        const Date cutoff = o.asOf.addMonths(-*o.auditedWithinMonths);
        rules.push_back({"audited within " + o.auditedWithinText, [&, cutoff](std::size_t r) {
                             std::optional<Date> last = cases.lastAuditDate(r);
                             if (auto d = storeDate(r); d && (!last || *d > *last)) last = d;
                             return last && *last > cutoff;
                         }});
    }
    for (const auto& [col, value] : o.excludes) {
        const int c = cases.column(col);
        if (c < 0) throwUsage("--exclude: " + cases.file() + " has no column '" + col + "' (columns: " + columnList(cases) + ")");
        const std::string want = matchKey(value);
        if (c == categoryColumn) {
            std::optional<Category> cat;
            for (Category k : allCategories())
                if (matchKey(categoryName(k)) == want) cat = k;
            rules.push_back({col + "=" + value, [&cases, c, want, cat](std::size_t r) {
                                 if (cat && cases.category(r) == *cat) return true;
                                 return matchKey(cases.value(r, c)) == want;
                             }});
        } else {
            rules.push_back({col + "=" + value, [&cases, c, want](std::size_t r) { return matchKey(cases.value(r, c)) == want; }});
        }
    }
    // Which rule removed each row (for the per-stratum counts).
    std::vector<int> removedBy(N0, -1);
    std::vector<ExclusionRule> tracked;
    for (std::size_t k = 0; k < rules.size(); ++k)
        tracked.push_back({rules[k].name, [&, k](std::size_t r) {
                               const bool out = rules[k].excludes(r);
                               if (out) removedBy[r] = static_cast<int>(k);
                               return out;
                           }});
    const ExclusionResult ex = applyExclusions(N0, tracked);
    strataOfRows(cases, cols, categoryColumn, rowKey, keys);
    // What each rule removed from each stratum, counted now: the rows' rules are not kept beyond this.
    std::map<std::string, std::map<std::string, std::size_t>> excludedBy;
    {
        std::vector<std::size_t> count(keys.size() * rules.size(), 0);
        for (std::size_t r = 0; r < N0; ++r)
            if (removedBy[r] >= 0) ++count[rowKey[r] * rules.size() + static_cast<std::size_t>(removedBy[r])];
        for (std::size_t k = 0; k < keys.size(); ++k)
            for (std::size_t j = 0; j < rules.size(); ++j)
                if (count[k * rules.size() + j] > 0) excludedBy[keys[k]][rules[j].name] += count[k * rules.size() + j];
        std::vector<int>().swap(removedBy);
    }
    res.exclusions = ex.counts;
    res.frameSize = ex.kept.size();
    if (ex.kept.empty()) {
        std::ostringstream os;
        os << "no case is left to sample: " << N0 << " case(s) read";
        for (const auto& c : ex.counts) os << ", " << c.removed << " removed by '" << c.rule << "'";
        throw Error(ErrorKind::Data, cases.file(), "", os.str());
    }

    // --- the frame
    std::vector<double> factorOfBit(kFlagCount, 0.0);
    for (const auto& [flag, f] : o.oversample)
        for (std::size_t b = 0; b < kFlagCount; ++b)
            if (matchKey(flag) == matchKey(flagName(b))) factorOfBit[b] = f;
    FrameColumns frame;
    frame.stratumKeys = keys;
    std::vector<std::uint32_t> workerIds;
    cases.valueIds(cases.fieldColumn(Field::Worker), workerIds, frame.workerNames);
    frame.caseRef = cases.caseRefs(ex.kept);
    if (!o.oversample.empty()) frame.size.reserve(ex.kept.size());
    // Each kept row's stratum and worker, moved down in place (the kept rows are in order, so a row is read
    // before it can be overwritten): a million-case frame holds no second copy of either.
    for (std::size_t k = 0; k < ex.kept.size(); ++k) {
        rowKey[k] = rowKey[ex.kept[k]];
        workerIds[k] = workerIds[ex.kept[k]];
    }
    rowKey.resize(ex.kept.size());
    workerIds.resize(ex.kept.size());
    frame.stratum = std::move(rowKey);
    frame.worker = std::move(workerIds);
    if (!o.oversample.empty())
        for (std::size_t r : ex.kept) {
            const unsigned flags = cases.flags(r);
            double f = 1.0;
            for (std::size_t b = 0; b < kFlagCount; ++b)
                if ((flags & (1u << b)) && factorOfBit[b] > 0) f = std::max(f, factorOfBit[b]);
            frame.size.push_back(f);
        }
    const auto sizes = stratumSizes(frame);

    // --- sizes per stratum
    DrawSpec spec;
    spec.seed = o.seed.value_or(0);
    spec.maxPerWorker = o.maxPerWorker;
    spec.replicates = o.replicates;
    std::map<std::string, double> targets;
    std::ostringstream alloc;
    if (o.perStratum) {
        if (*o.perStratum == 0) throwUsage("--per-stratum must be at least 1");
        for (const auto& [k, N] : sizes) {
            spec.sampleSizes[k] = std::min(*o.perStratum, N);
            targets[k] = static_cast<double>(spec.sampleSizes[k]);
        }
        alloc << "up to " << *o.perStratum << " per stratum";
    } else {
        std::size_t n = 0;
        if (o.size) n = *o.size;
        else if (o.fraction) n = static_cast<std::size_t>(std::llround(*o.fraction * static_cast<double>(frame.units())));
        else if (o.peerAudit) n = 0;  // set below from the managers
        if (o.fraction && n == 0) n = 1;
        std::vector<StratumSpec> specs;
        std::map<std::string, double> sds;
        if (o.method == AllocationMethod::Neyman) {
            if (o.priorFile.empty()) throwUsage("--allocation neyman needs --prior FILE (a stratum, prior or sd per row)");
            sds = readPriors(o.priorFile);
            std::vector<Problem> missing;
            for (const auto& [k, N] : sizes)
                if (!sds.count(k)) missing.push_back({o.priorFile, "", "no prior for stratum '" + k + "'"});
            if (!missing.empty()) throw Error(ErrorKind::Data, missing);
        }
        for (const auto& [k, N] : sizes) specs.push_back({k, N, sds.count(k) ? sds[k] : 0.0});
        if (o.peerAudit && !o.size && !o.fraction) {
            std::map<std::string, int> managers;
            for (std::size_t r = 0; r < N0; ++r)
                if (!cases.teamManager(r).empty()) managers[std::string(cases.teamManager(r))] = 1;
            n = managers.size() * *o.peerAudit;
            if (n == 0) throw Error(ErrorKind::Data, cases.file(), "", "--peer-audit needs a team_manager column with names in it");
        }
        AllocationRequest req{o.method, n, o.minPerStratum};
        const Allocation a = allocate(specs, req);
        for (const auto& s : a.strata) {
            spec.sampleSizes[s.key] = s.sample;
            targets[s.key] = s.target;
        }
        alloc << methodName(o.method) << " allocation of " << n;
        if (o.minPerStratum) alloc << ", at least " << o.minPerStratum << " per stratum";
        alloc << ", largest-remainder rounding";
    }
    res.allocationText = alloc.str();
    for (const auto& [k, N] : sizes)
        if (N > 0 && spec.sampleSizes[k] == 0)
            res.warnings.push_back({cases.file(), "stratum '" + k + "'",
                                    "allocated 0 cases: its " + std::to_string(N) + " case" + (N == 1 ? " has" : "s have") +
                                        " no chance of selection; give --min-per-stratum 1 (or a larger sample)"});

    res.draw = drawSample(frame, spec);

    // --- per-stratum summary with exclusions
    for (const auto& s : res.draw.strata) {
        SampleStratum ss;
        ss.key = s.key;
        ss.population = s.population;
        ss.sample = s.sample;
        ss.target = targets[s.key];
        ss.design = s.design;
        ss.piExact = s.piExact;
        ss.certainty = s.certainty;
        ss.excluded = excludedBy[s.key];
        res.strata.push_back(ss);
    }
    // Strata emptied by the exclusions still appear, with N_h = 0.
    for (const auto& [k, m] : excludedBy)
        if (!sizes.count(k)) {
            SampleStratum ss;
            ss.key = k;
            ss.design = "no case left";
            ss.excluded = m;
            res.strata.push_back(ss);
        }
    std::sort(res.strata.begin(), res.strata.end(), [](const auto& a, const auto& b) { return a.key < b.key; });

    res.rows.reserve(res.draw.sample.size());
    for (const auto& c : res.draw.sample) res.rows.push_back({ex.kept[c.unit], c, keys[frame.stratum[c.unit]], "", std::string(cases.caseRef(ex.kept[c.unit]))});

    // --- auditors
    if (!o.rosterFile.empty() || o.peerAudit) {
        std::vector<Auditor> roster;
        if (o.peerAudit) {
            std::vector<TeamManager> managers;
            for (std::size_t r = 0; r < N0; ++r)
                if (!cases.teamManager(r).empty())
                    managers.push_back({std::string(cases.teamManager(r)), std::string(cases.team(r))});
            if (managers.empty()) throw Error(ErrorKind::Data, cases.file(), "", "--peer-audit needs a team_manager column with names in it");
            roster = peerRoster(managers, *o.peerAudit);
        } else {
            roster = readRoster(o.rosterFile);
        }
        // In draw order, so that each auditor's cases are spread across strata.
        std::vector<std::size_t> byOrder(res.rows.size());
        for (std::size_t i = 0; i < byOrder.size(); ++i) byOrder[i] = i;
        std::sort(byOrder.begin(), byOrder.end(),
                  [&](std::size_t a, std::size_t b) { return res.rows[a].draw.order < res.rows[b].draw.order; });
        std::vector<CaseForAudit> forAudit;
        for (std::size_t i : byOrder) {
            const std::size_t r = res.rows[i].caseRow;
            forAudit.push_back({std::string(cases.caseRef(r)), std::string(cases.team(r)),
                                std::string(categoryName(cases.category(r))), std::string(cases.worker(r))});
        }
        const AuditorAllocation aa = allocateAuditors(forAudit, roster);
        for (std::size_t k = 0; k < byOrder.size(); ++k) res.rows[byOrder[k]].auditor = roster[aa.auditorOf[k]].name;
        res.auditorsAllocated = true;
        res.auditorLoads = aa.loads;
        res.auditorMethod = aa.method;
        if (o.peerAudit) res.auditorMethod = "Peer audit: each team manager audits up to " + std::to_string(*o.peerAudit) +
                                             " cases of other teams. " + aa.method;
    }
    return res;
}

}  // namespace audit::jobs
