#include "audit/forms/score_import.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>

#include "audit/base/date.h"
#include "audit/base/hash.h"
#include "audit/store/store.h"
#include "audit/base/paths.h"
#include "audit/base/text.h"
#include "audit/io/xlsx_reader.h"

namespace audit {

namespace fs = std::filesystem;

std::string ReturnedAudit::place(const std::string& key) const {
    auto it = places.find(key);
    return it == places.end() ? std::string() : it->second;
}

const char* toString(ImportOutcome o) {
    switch (o) {
        case ImportOutcome::Imported: return "imported";
        case ImportOutcome::NewVersion: return "new-version";
        case ImportOutcome::Unchanged: return "unchanged";
        case ImportOutcome::Rejected: return "rejected";
    }
    return "?";
}

namespace {

std::string placeOf(const ReturnedAudit& r, Field field, const std::string& id) {
    switch (field) {
        case Field::Answer: return r.place("answer:" + id);
        case Field::Evidence: return r.place("evidence:" + id);
        case Field::DomainGrade: return r.place("grade:" + id);
        case Field::DomainRationale: return r.place("rationale:" + id);
        case Field::OverallGrade: return r.place("overall-grade");
        case Field::OverallRationale: return r.place("overall-rationale");
    }
    return {};
}

std::string tplName(const Template& tpl) { return tpl.id + " v" + std::to_string(tpl.version); }

// Grade label and rank for a grade key, or nothing.
std::pair<std::optional<std::string>, std::optional<int>> gradeOf(const Framework& fw,
                                                                  const std::optional<std::string>& key) {
    if (!key) return {std::nullopt, std::nullopt};
    const Grade* g = fw.grade(*key);
    if (!g) return {*key, std::nullopt};
    return {g->label, g->rank};
}

std::string joined(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
    return s;
}

}  // namespace

std::vector<Problem> validateReturn(const ReturnedAudit& r, const Template& tpl, const Framework& fw,
                                    ScoreResult& result) {
    std::vector<Problem> problems;
    auto add = [&](const std::string& place, const std::string& message) {
        problems.push_back({r.file, place, message});
    };

    // Identity that every return needs.
    if (text::trimmed(r.formId).empty()) add(r.place("identity:form_id"), "the form id is missing");
    if (text::trimmed(r.caseRef).empty()) add(r.place("identity:case_ref"), "the case reference is missing");
    if (text::trimmed(r.auditor).empty()) add(r.place("identity:auditor"), "the auditor is missing");

    // Answers, grades, rationales: the framework's rules, by the scoring engine.
    result = score(tpl, fw, r.input);
    for (const auto& p : result.problems) add(placeOf(r, p.field, p.id), p.message);

    // The completed date.
    const std::string completed = text::trimmed(r.completedDate);
    if (completed.empty())
        add(r.place("completed"), "the date the audit was completed is missing (expected a date such as 23/11/2026)");
    else if (std::string why = dateProblem(completed); !why.empty())
        add(r.place("completed"), "'" + completed + "' is not a valid completed date: " + why);

    // Actions: each one needs what, who and by when.
    for (const auto& a : r.actions) {
        const std::string label = "action " + std::to_string(a.number);
        if (text::trimmed(a.description).empty())
            add(a.descriptionPlace, label + " has an owner or due date but no description of the action");
        if (text::trimmed(a.owner).empty()) add(a.ownerPlace, label + " has no owner (name who will do it)");
        const std::string due = text::trimmed(a.due);
        if (due.empty())
            add(a.duePlace, label + " has no due date (expected a date such as 31/12/2026)");
        else if (std::string why = dateProblem(due); !why.empty())
            add(a.duePlace, label + ": '" + due + "' is not a valid due date: " + why);
    }
    (void)tplName;
    return problems;
}

// The content a return's hash covers. Legacy (the hash stored before 2026-12): the return as it came, blanks and
// all. Otherwise: the audit as stored (the case's details filled from the draw by the caller), a blank answer,
// evidence, grade or rationale left out as not given: a month's audits give the same hash whether they came by the
// browser (which sends no blanks and carries the case's details) or a bulk CSV (which may leave both to the draw).
static std::string canonicalContent(const ReturnedAudit& r, bool legacy) {
    std::ostringstream os;
    auto field = [&](const char* name, const std::string& v) { os << name << '\x1f' << text::trimmed(v) << '\x1e'; };
    auto entry = [&](const std::string& name, const std::string& v) {
        if (legacy || !text::trimmed(v).empty()) field(name.c_str(), v);
    };
    field("form", r.formId);
    field("template", r.templateId + " v" + std::to_string(r.templateVersion));
    field("case", r.caseRef);
    field("child", r.childRef);
    field("auditor", r.auditor);
    field("team", r.team);
    field("service", r.serviceArea);
    field("category", r.category);
    field("worker", r.worker);
    field("period", r.period);
    field("draw", r.drawId ? std::to_string(*r.drawId) : "");
    auto d = parseDate(text::trimmed(r.completedDate));
    field("completed", d ? d->iso() : r.completedDate);
    field("strengths", r.strengths);
    field("escalation", r.escalation);
    for (const auto& [k, v] : r.input.answers) entry("a:" + k, v);
    for (const auto& [k, v] : r.input.evidence) entry("e:" + k, v);
    for (const auto& [k, v] : r.input.domainGrades) entry("g:" + k, v);
    for (const auto& [k, v] : r.input.domainRationales) entry("r:" + k, v);
    field("og", r.input.overallGrade);
    field("or", r.input.overallRationale);
    for (const auto& a : r.actions) {
        auto due = parseDate(text::trimmed(a.due));
        os << "action" << '\x1f' << text::trimmed(a.description) << '\x1f' << text::trimmed(a.owner) << '\x1f'
           << (due ? due->iso() : text::trimmed(a.due)) << '\x1e';
    }
    return os.str();
}

std::string canonicalReturn(const ReturnedAudit& r) { return canonicalContent(r, true); }

StoredReturn storeReturn(Store& store, const ReturnedAudit& r, const Template& tpl, const Framework& fw,
                         const ScoreResult& sr) {
    StoredReturn out;
    out.formId = text::trimmed(r.formId);
    out.caseRef = text::trimmed(r.caseRef);
    const std::string legacyHash = sha256(canonicalReturn(r));

    // The draw, when the store knows it; the case's details from its snapshot where the form has none.
    std::optional<std::int64_t> drawId;
    std::string period = text::trimmed(r.period), team = text::trimmed(r.team), category = text::trimmed(r.category), worker = text::trimmed(r.worker),
                serviceArea = text::trimmed(r.serviceArea), childRef = text::trimmed(r.childRef);
    std::optional<std::int64_t> wanted = r.drawId;
    if (wanted && store.query("SELECT id FROM draw WHERE id = ?", *wanted).empty()) wanted.reset();
    if (!wanted) {
        // A form without a draw (or naming one this store lacks): the latest audit draw holding the case.
        auto m = store.query("SELECT m.draw_id FROM draw_member m JOIN draw d ON d.id = m.draw_id "
                             "WHERE m.case_ref = ? AND d.kind = 'audit' ORDER BY m.draw_id DESC", out.caseRef);
        if (!m.empty()) wanted = m.front().integer("draw_id");
    }
    if (wanted) {
        auto d = store.query("SELECT period FROM draw WHERE id = ?", *wanted);
        if (!d.empty()) {
            drawId = wanted;
            if (period.empty()) period = d.front().text("period");
            auto cs = store.query("SELECT team, category, worker, service_area, child_ref FROM case_snapshot "
                                  "WHERE draw_id = ? AND case_ref = ?", *drawId, out.caseRef);
            if (!cs.empty()) {
                const auto& c = cs.front();
                if (team.empty()) team = c.text("team");
                if (category.empty()) category = c.text("category");
                if (worker.empty()) worker = c.text("worker");
                if (serviceArea.empty()) serviceArea = c.text("service_area");
                if (childRef.empty()) childRef = c.text("child_ref");
            }
        }
    }
    const auto completed = parseDate(text::trimmed(r.completedDate));
    const std::string completedIso = completed ? completed->iso() : std::string();
    if (period.empty() && completed) period = completedIso.substr(0, 7);
    ReturnedAudit asStored = r;
    asStored.period = period;
    asStored.team = team;
    asStored.category = category;
    asStored.worker = worker;
    asStored.serviceArea = serviceArea;
    asStored.childRef = childRef;
    if (drawId) asStored.drawId = drawId;
    const std::string contentHash = sha256(canonicalContent(asStored, false));

    // The latest stored version of this form, if any.
    // The version that counts now (voided versions do not), and the next free version number.
    auto latest = store.query("SELECT id, version, extra FROM audit_latest WHERE form_id = ?", out.formId);
    const int maxVersion =
        static_cast<int>(store.scalar<std::int64_t>("SELECT MAX(version) FROM audit WHERE form_id = ?", out.formId).value_or(0));
    int version = maxVersion + 1;
    if (!latest.empty()) {
        const auto& row = latest.front();
        std::string storedHash;
        try {
            auto obj = Poco::JSON::Parser().parse(row.text("extra")).extract<Poco::JSON::Object::Ptr>();
            if (obj && obj->has("content_hash")) storedHash = obj->getValue<std::string>("content_hash");
        } catch (const std::exception&) {
        }
        if (storedHash == contentHash || storedHash == legacyHash) {
            out.version = static_cast<int>(row.integer("version"));
            out.auditId = row.integer("id");
            out.outcome = ImportOutcome::Unchanged;
            return out;
        }
        out.outcome = ImportOutcome::NewVersion;
    }
    out.version = version;

    Poco::JSON::Object extra;
    extra.set("content_hash", contentHash);
    if (r.drawId && !drawId) extra.set("draw", *r.drawId);  // a draw this store does not hold
    // Domains whose grade the auditor left blank to agree with the computed one (<blank-grade domain="agrees">):
    // the judgement holds the computed grade as the auditor's; this says it was not chosen.
    Poco::JSON::Array leftBlank;
    for (const auto& d : sr.domains)
        if (d.leftBlank) leftBlank.add(d.domain);
    if (leftBlank.size() > 0) extra.set("grades_left_blank", leftBlank);
    out.gradesLeftBlank = leftBlank.size();
    std::ostringstream extraText;
    extra.stringify(extraText);

    auto opt = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s); };
    const std::string now = store.now();
    out.auditId = store.insertReturningId(
        "INSERT INTO audit (form_id, version, draw_id, case_ref, child_ref, template_id, template_version, "
        "framework_id, framework_version, auditor, team, service_area, category, worker, period, completed_date, "
        "strengths, escalation, extra, source_file, source_hash, source_kind, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        out.formId, version, drawId, out.caseRef, opt(childRef), tpl.id, std::to_string(tpl.version), fw.id,
        std::to_string(fw.version), text::trimmed(r.auditor), opt(team), opt(serviceArea), opt(category), opt(worker),
        period, opt(completedIso), opt(text::trimmed(r.strengths)), opt(text::trimmed(r.escalation)), extraText.str(), r.file,
        r.fileHash, r.kind, now);

    // Answers, in bulk.
    std::vector<std::int64_t> ids;
    std::vector<std::string> qids, domains;
    std::vector<std::optional<std::string>> answers, evidence;
    std::vector<std::optional<double>> scores;
    for (const auto& d : sr.domains)
        for (const auto& item : d.items) {
            auto ev = r.input.evidence.find(item.question);
            const std::string evText = ev == r.input.evidence.end() ? "" : text::trimmed(ev->second);
            if (!item.answered && evText.empty()) continue;
            ids.push_back(out.auditId);
            qids.push_back(item.question);
            domains.push_back(d.domain);
            const AnswerOption* opt = item.answered ? fw.answer(item.answer) : nullptr;
            answers.push_back(opt ? std::optional<std::string>(opt->label) : std::nullopt);
            evidence.push_back(evText.empty() ? std::nullopt : std::optional<std::string>(evText));
            scores.push_back(item.answered && !item.excluded ? std::optional<double>(item.score) : std::nullopt);
        }
    if (!ids.empty())
        store.exec("INSERT INTO answer (audit_id, question_id, domain, answer, evidence, score) VALUES (?, ?, ?, ?, ?, ?)",
                   ids, qids, domains, answers, evidence, scores);

    // Judgements: every domain, then the overall one.
    std::vector<std::int64_t> jIds;
    std::vector<std::string> jDomains;
    std::vector<std::optional<std::string>> cGrades, limited, aGrades, rationales;
    std::vector<std::optional<std::int64_t>> cRanks, aRanks;
    std::vector<std::optional<double>> cScores;
    std::vector<int> disagrees;
    auto rationaleOf = [&](const std::string& domain) -> std::optional<std::string> {
        auto it = r.input.domainRationales.find(domain);
        if (it == r.input.domainRationales.end() || text::trimmed(it->second).empty()) return std::nullopt;
        return text::trimmed(it->second);
    };
    for (const auto& d : sr.domains) {
        auto [cg, cr] = gradeOf(fw, d.computed);
        auto [ag, ar] = gradeOf(fw, d.auditor);
        std::vector<std::string> caps;
        for (const auto& c : d.caps) caps.push_back(c.question + "=" + c.answer);
        jIds.push_back(out.auditId);
        jDomains.push_back(d.domain);
        cGrades.push_back(cg);
        cRanks.push_back(cr ? std::optional<std::int64_t>(*cr) : std::nullopt);
        cScores.push_back(d.score);
        limited.push_back(caps.empty() ? std::nullopt : std::optional<std::string>(joined(caps)));
        aGrades.push_back(ag);
        aRanks.push_back(ar ? std::optional<std::int64_t>(*ar) : std::nullopt);
        rationales.push_back(rationaleOf(d.domain));
        disagrees.push_back(d.departs ? 1 : 0);
        if (d.departs) ++out.disagreements;
    }
    {
        const auto& o = sr.overall;
        auto [cg, cr] = gradeOf(fw, o.computed);
        auto [ag, ar] = gradeOf(fw, o.auditor);
        std::vector<std::string> lim;
        for (const auto& c : o.caps) lim.push_back(c.question + "=" + c.answer);
        for (const auto& dom : o.limitedBy) lim.push_back(dom);
        jIds.push_back(out.auditId);
        jDomains.push_back("_overall");
        cGrades.push_back(cg);
        cRanks.push_back(cr ? std::optional<std::int64_t>(*cr) : std::nullopt);
        cScores.push_back(o.mean);
        limited.push_back(lim.empty() ? std::nullopt : std::optional<std::string>(joined(lim)));
        aGrades.push_back(ag);
        aRanks.push_back(ar ? std::optional<std::int64_t>(*ar) : std::nullopt);
        const std::string orat = text::trimmed(r.input.overallRationale);
        rationales.push_back(orat.empty() ? std::nullopt : std::optional<std::string>(orat));
        disagrees.push_back(o.departs ? 1 : 0);
        if (o.departs) ++out.disagreements;
    }
    store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank, computed_score, limited_by, "
               "auditor_grade, auditor_rank, rationale, disagrees) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               jIds, jDomains, cGrades, cRanks, cScores, limited, aGrades, aRanks, rationales, disagrees);

    // Actions, status open.
    for (const auto& a : r.actions) {
        auto due = parseDate(text::trimmed(a.due));
        store.exec("INSERT INTO action (audit_id, action_no, description, owner, due_date, status, created_at, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)",
                   out.auditId, a.number, text::trimmed(a.description), text::trimmed(a.owner), due ? due->iso() : text::trimmed(a.due), now,
                   now);
    }
    return out;
}

std::string provenanceProblem(Store& store, const ReturnedAudit& r, bool unsampled) {
    const std::string formStore = text::trimmed(r.storeId);
    if (!formStore.empty()) {
        const auto mine = store.existingStoreId();
        if (!mine || *mine != formStore)
            return "this form was made for another store (its store id " + formStore + "; store " + store.name() +
                   (mine ? " is " + *mine : " has made no forms") +
                   "): import it into the store its sample was drawn in";
    }
    if (unsampled) return "";
    const std::string caseRef = text::trimmed(r.caseRef);
    if (caseRef.empty()) return "";  // reported by validation
    const auto n = store.scalar<std::int64_t>("SELECT COUNT(*) FROM draw_member m JOIN draw d ON d.id = m.draw_id "
                                              "WHERE m.case_ref = ? AND d.kind = 'audit'", caseRef);
    if (n.value_or(0) > 0) return "";
    return "case " + caseRef + " is in no audit draw of store " + store.name() +
           ", so this return is refused (is it another council's or another period's form?); a thematic audit of a "
           "case outside any sample is imported with --unsampled";
}

// ---- files and folders ------------------------------------------------------------------------------

namespace {

bool looksLikeCsv(const std::string& path) { return text::lower(fs::path(path).extension().string()) == ".csv"; }

}  // namespace

std::vector<std::string> expandReturnPaths(const std::vector<std::string>& paths) {
    return filesIn(paths, {".xlsx", ".csv"});
}

void validateAndStore(Store& store, const Catalogue& catalogue, std::vector<ReturnedAudit>& returns, FileReport& fr,
                      const ImportOptions* provenance) {
    // Validate each against its template.
    struct Ready {
        const ReturnedAudit* r;
        const Template* tpl;
        const Framework* fw;
        ScoreResult score;
    };
    std::vector<Ready> ready;
    for (auto& r : returns) {
        if (r.fileHash.empty()) r.fileHash = sha256(canonicalReturn(r));
        const Template* tpl = catalogue.findTemplate(r.templateId, r.templateVersion);
        if (!tpl) {
            if (fr.problems.empty()) fr.problems.push_back({r.file, "", templateProblem(catalogue, r.templateId, r.templateVersion)});
            continue;  // a reader reported it
        }
        const Framework& fw = catalogue.frameworkOf(*tpl);
        Ready rd{&r, tpl, &fw, {}};
        auto ps = validateReturn(r, *tpl, fw, rd.score);
        fr.problems.insert(fr.problems.end(), ps.begin(), ps.end());
        if (provenance)
            if (std::string why = provenanceProblem(store, r, provenance->unsampled); !why.empty()) {
                const std::string place = r.place(text::trimmed(r.storeId).empty() ? "identity:case_ref" : "identity:store_id");
                fr.problems.push_back({r.file, place, why});
            }
        ready.push_back(std::move(rd));
    }
    if (!fr.problems.empty() || returns.empty()) {
        if (fr.problems.empty()) fr.problems.push_back({fr.file, "", "the file holds no return"});
        fr.outcome = ImportOutcome::Rejected;
        return;
    }
    // One transaction per source: a form, or the whole CSV file.
    try {
        fr.returns = store.transaction([&] {
            std::vector<StoredReturn> stored;
            for (const auto& rd : ready) stored.push_back(storeReturn(store, *rd.r, *rd.tpl, *rd.fw, rd.score));
            return stored;
        });
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Data) throw;
        fr.problems.push_back({fr.file, "", e.what()});
        fr.outcome = ImportOutcome::Rejected;
        return;
    }
    bool any = false, anyNew = false;
    for (const auto& s : fr.returns) {
        if (s.outcome == ImportOutcome::Unchanged) continue;
        any = true;
        if (s.outcome == ImportOutcome::NewVersion) anyNew = true;
    }
    fr.outcome = !any ? ImportOutcome::Unchanged
                      : (anyNew && fr.returns.size() == 1 ? ImportOutcome::NewVersion : ImportOutcome::Imported);
}

FileReport importReturn(Store& store, const Catalogue& catalogue, ReturnedAudit r, const std::string& logKind,
                        const ImportOptions& options) {
    FileReport fr;
    fr.file = r.file;
    fr.kind = r.kind;
    std::vector<ReturnedAudit> returns{std::move(r)};
    // The return and its import_log row in one transaction: a crash between them would leave an audit nobody logged.
    store.transaction([&] {
        store.checkBeforeCommit();  // an import checks the store even where small writes do not (audit-serve)
        validateAndStore(store, catalogue, returns, fr, &options);
        std::string details;
        for (const auto& p : fr.problems) details += p.str() + "\n";
        store.logImport(fr.file, returns.front().fileHash, logKind, toString(fr.outcome), details);
        if (!options.eventTool.empty()) {
            std::string what = "form " + returns.front().formId + ": " + toString(fr.outcome);
            if (!fr.returns.empty()) what += " (version " + std::to_string(fr.returns.front().version) + ")";
            if (!fr.problems.empty()) what += ", " + std::to_string(fr.problems.size()) + " problem(s)";
            store.logEvent(options.eventTool, options.eventCommand, what);
        }
    });
    return fr;
}

ImportReport importReturns(Store& store, const Catalogue& catalogue, const std::vector<std::string>& paths,
                           const ImportOptions& options) {
    const std::vector<std::string> files = expandReturnPaths(paths);
    // The whole run is one transaction (each file a savepoint inside validateAndStore), with every import_log row
    // and the event: a failure of the store or the disk part way, or a kill, leaves the store as it was.
    return store.transaction([&] {
        store.checkBeforeCommit();
        ImportReport report;
        std::size_t done = 0;
        for (const auto& file : files) {
            FileReport fr;
            fr.file = file;
            fr.kind = looksLikeCsv(file) ? "csv" : "xlsx";
            const std::string logKind = fr.kind == "csv" ? "audit-csv" : "audit-return";
            std::string hash;
            // A workbook small enough for the reader to hold whole (every form): its bytes hashed, then parsed, with
            // one read of the file; a bigger one is hashed and read from the disk, as the reader reads it.
            std::error_code sizeError;
            const bool whole = fr.kind != "csv" &&
                               std::filesystem::file_size(file, sizeError) <= xlsx::ReaderLimits{}.wholeFileBytes && !sizeError;
            std::string contents;
            try {
                if (whole) {
                    contents = readWholeFile(file);
                    hash = sha256(contents);
                } else {
                    hash = sha256File(file);
                }
            } catch (const Error& e) {
                fr.outcome = ImportOutcome::Rejected;
                fr.problems.push_back({file, "", e.what()});
            }
            if (fr.outcome != ImportOutcome::Rejected && store.wasImported(hash, logKind)) {
                fr.outcome = ImportOutcome::Unchanged;
                ++report.unchanged;
                store.logImport(file, hash, logKind, "unchanged", "the same file was imported before");
            } else if (fr.outcome != ImportOutcome::Rejected) {
                // Read every return in the file.
                std::vector<ReturnedAudit> returns;
                try {
                    if (fr.kind == "csv") {
                        returns = readBulkCsv(file, catalogue, fr.problems);
                    } else {
                        returns.push_back(whole ? readFormReturn(file, std::move(contents), catalogue)
                                                : readFormReturn(file, catalogue));
                    }
                } catch (const Error& e) {
                    if (e.problems().empty())
                        fr.problems.push_back({file, "", e.what()});
                    else
                        for (auto p : e.problems()) {
                            if (p.file.empty()) p.file = file;
                            fr.problems.push_back(p);
                        }
                }
                for (auto& r : returns) r.fileHash = hash;
                validateAndStore(store, catalogue, returns, fr, &options);
                if (fr.outcome != ImportOutcome::Rejected) {
                    bool anyNew = false;
                    for (const auto& s : fr.returns) {
                        if (s.outcome == ImportOutcome::Unchanged) {
                            ++report.unchanged;
                            continue;
                        }
                        ++report.imported;
                        report.disagreements += s.disagreements;
                        report.gradesLeftBlank += s.gradesLeftBlank;
                        if (s.outcome == ImportOutcome::NewVersion) {
                            ++report.newVersions;
                            anyNew = true;
                        }
                    }
                    store.logImport(file, hash, logKind, toString(fr.outcome == ImportOutcome::Unchanged
                                                                      ? ImportOutcome::Unchanged
                                                                      : (anyNew ? ImportOutcome::NewVersion
                                                                                : ImportOutcome::Imported)));
                }
            }
            if (fr.outcome == ImportOutcome::Rejected) {
                ++report.rejected;
                std::string details;
                for (const auto& p : fr.problems) details += p.str() + "\n";
                store.logImport(file, hash.empty() ? std::string(64, '0') : hash, logKind, "rejected", details);
            }
            report.files.push_back(std::move(fr));
            ++done;
            if (options.progress) options.progress(done, files.size());
        }
        if (!options.eventTool.empty())
            store.logEvent(options.eventTool, options.eventCommand,
                           std::to_string(files.size()) + " files: " + std::to_string(report.imported) + " imported, " +
                               std::to_string(report.rejected) + " rejected");
        return report;
    });
}

}  // namespace audit
