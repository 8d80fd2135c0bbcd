// The audit-sample jobs: the draw (load, draw, write, record) and the check of a case list.
#include "audit/base/due_date.h"
#include "audit/jobs/sample.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <set>

#include "audit/base/paths.h"
#include "audit/base/random.h"
#include "audit/jobs/prior_audits.h"
#include "audit/store/store.h"
#include "sample_files.h"

namespace audit::jobs {

namespace {


SampleParameters parametersOf(const SampleDrawResult& r, const SampleDrawRequest& o) {
    SampleParameters params{
        {"tool", "audit-sample " + toolkitVersion()},
        {"cases", r.casesFile},
        {"column map", r.mapId},
        {"cases read", std::to_string(r.casesRead)},
        {"as of", o.asOf.iso()},
        {"period", r.period},
        {"returns due", r.dueDate.empty() ? "(no period)" : r.dueDate + (o.due ? " (--due)" : " (10 working days after the period ends)")},
        {"strata", o.strataText},
        {"allocation", r.allocationText},
    };
    for (const auto& [name, value] : r.notes) params.push_back({name, value});
    for (const auto& e : r.exclusions) params.push_back({"excluded: " + e.rule, std::to_string(e.removed)});
    if (o.auditedWithinMonths)
        params.push_back({"audit history", "last_audit_date column, the store's audits and the audit history imported "
                                           "into it (" + std::to_string(o.historySources.size()) + " import" +
                                           (o.historySources.size() == 1 ? "" : "s") + ")"});
    params.push_back({"frame size", std::to_string(r.frameSize)});
    params.push_back({"sample size", std::to_string(r.rows.size())});
    if (o.maxPerWorker) params.push_back({"max per worker", std::to_string(o.maxPerWorker)});
    for (const auto& [f, x] : o.oversample) params.push_back({"oversample", f + "=" + formatSampleNumber(x)});
    params.push_back({"seed", std::to_string(r.draw.seed) + (r.seedGiven ? "" : " (chosen afresh)")});
    params.push_back({"generator", r.draw.generator});
    params.push_back({"frame hash (SHA-256)", r.draw.frameHash});
    if (r.draw.replicates) params.push_back({"Monte Carlo replicates", std::to_string(r.draw.replicates)});
    params.push_back({"method", r.draw.method});
    if (r.auditorsAllocated) params.push_back({"auditors", r.auditorMethod});
    for (const auto& w : r.warnings) params.push_back({"warning", w.str()});
    return params;
}

}  // namespace

namespace {

// What the Parameters sheet, the draw's record and the warnings call the case list: `name` in place of the path it
// was read from (audit-serve reads an upload from a temporary folder; the QA lead knows it by its own name).
void nameSource(SampleDrawResult& r, const std::string& path, const std::string& name) {
    if (name.empty() || name == path) return;
    if (r.casesFile == path) r.casesFile = name;
    for (auto& w : r.warnings)
        if (w.file == path) w.file = name;
}

// The draw verb, with the store to record in (and read history from) opened by `open` when first needed.
SampleDrawResult drawWith(SampleDrawRequest o, const std::function<Store&()>& open) {
    const bool seedGiven = o.seed.has_value();
    if (!seedGiven) o.seed = freshSeed();
    const std::string period = o.period.value_or(o.asOf.iso().substr(0, 7));
    Store* store = nullptr;
    if (o.auditedWithinMonths) {
        store = &open();
        o.storeAudits = store->lastAuditDates();
        o.storeChildAudits = store->lastChildAuditDates();
        for (const auto& h : historySources(*store)) o.historySources.push_back(h.line());
    }
    // Only the columns the draw and the store record use are read.
    const CaseList cases = loadCaseList(o.casesFile, o.mapName, o.source, o.asOf, sampleColumnsNeeded(o, o.record));
    SampleDrawResult r = computeSampleDraw(cases, o);
    nameSource(r, o.casesFile, o.casesName);
    if (o.record && !store) store = &open();
    r.seedGiven = seedGiven;
    r.period = period;
    for (const auto& row : r.rows) r.childRefs = r.childRefs || !cases.childRef(row.caseRow).empty();
    if (o.due) r.dueDate = o.due->iso();
    else if (const auto p = parsePeriod(period)) r.dueDate = auditDueDate(*p).iso();
    r.out = o.out;
    r.parameters = parametersOf(r, o);
    writeSample(o.out, r, cases, r.parameters, [&] {
        if (o.record) r.drawId = recordDraw(*store, r, cases, r.parameters, period);
    });
    if (store) r.storeName = store->name();
    return r;
}

}  // namespace

SampleDrawResult sampleDraw(SampleDrawRequest o) {
    // The store is opened before the draw only when its audit history is needed; otherwise after the draw
    // succeeded, so that a refused request leaves no new store behind.
    std::unique_ptr<Store> store;
    const std::string spec = o.store;
    return drawWith(std::move(o), [&]() -> Store& {
        if (!store) store = std::make_unique<Store>(spec);
        return *store;
    });
}

SampleDrawResult sampleDraw(Store& store, SampleDrawRequest o) {
    return drawWith(std::move(o), [&]() -> Store& { return store; });
}

SampleCheckResult sampleCheck(const SampleCheckRequest& request) {
    const CaseList cases = loadCaseList(request.casesFile, request.mapName, request.source, request.asOf);
    SampleCheckResult res;
    res.file = cases.file();
    res.mapId = cases.mapId();
    res.cases = cases.size();
    res.warnings = cases.warnings();
    res.notes = cases.notes();
    std::set<std::string> workers;
    for (std::size_t r = 0; r < cases.size(); ++r) {
        const std::string cat(categoryName(cases.category(r)));
        ++res.byTeam[std::string(cases.team(r))][cat];
        ++res.byCategory[cat];
        workers.insert(std::string(cases.worker(r)));
        for (std::size_t b = 0; b < kFlagCount; ++b)
            if (cases.flags(r) & (1u << b)) ++res.flags[std::string(flagName(b))];
        if (!cases.lastAuditDate(r)) ++res.withoutLastAuditDate;
        if (cases.closedDate(r)) ++res.withClosedDate;
    }
    res.workers = workers.size();
    // The store's imported audit history, and how many of the list's cases it covers.
    if (!request.store.empty()) {
        std::unique_ptr<Store> opened;
        try {
            opened = std::make_unique<Store>(request.store, StoreOpen::ReadOnly);  // check makes no store
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::NoInput) throw;
        }
        if (opened) {
            Store& store = *opened;
            for (const auto& h : historySources(store)) res.history.push_back(h.line());
            if (!res.history.empty()) {
                std::set<std::string> byCase, byChild;
                for (const auto& [ref, d] : store.lastAuditDates()) byCase.insert(ref);
                for (const auto& [ref, d] : store.lastChildAuditDates()) byChild.insert(ref);
                for (std::size_t r = 0; r < cases.size(); ++r)
                    if (byCase.count(std::string(cases.caseRef(r))) || byChild.count(std::string(cases.childRef(r)))) ++res.historyCases;
            }
        }
    }
    for (Category c : allCategories())
        if (res.byCategory.count(std::string(categoryName(c)))) res.categories.emplace_back(categoryName(c));
    return res;
}

}  // namespace audit::jobs
