#include "action_row.h"
#include "audit/report/report_store.h"

#include <Poco/Data/Statement.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "audit/base/error.h"
#include "audit/base/hash.h"
#include "audit/base/output_file.h"
#include "audit/store/store_cursor.h"

namespace audit::report {

using namespace Poco::Data::Keywords;

namespace {

template <class Rows, class Store_>
ImportResult importContent(Store_& store, const std::string& path, const std::string& content, const std::string& kind,
                           const Rows& readRows) {
    ImportResult r;
    r.file = path;
    r.hash = sha256(content);
    if (store.wasImported(r.hash, kind)) {
        r.unchanged = true;
        store.logImport(path, r.hash, kind, "unchanged");
        return r;
    }
    try {
        r.rows = readRows(content);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Data) store.logImport(path, r.hash, kind, "rejected", e.what());
        throw;
    }
    return r;
}

template <class Rows, class Store_>
ImportResult importRows(Store_& store, const std::string& path, const std::string& kind, const Rows& readRows) {
    return importContent(store, path, readFile(path), kind, readRows);
}

}  // namespace

ImportResult importKpis(Store& store, const std::string& path, const ReportDefinition& def) {
    return importKpiText(store, path, readFile(path), def);
}

ImportResult importKpiText(Store& store, const std::string& path, const std::string& text, const ReportDefinition& def) {
    return importContent(store, path, text, "kpi", [&](const std::string& content) {
        std::vector<Kpi> rows = parseKpis(content, path, &def);
        const std::string hash = sha256(content), at = store.now();
        store.transaction([&] {
            std::vector<std::string> ind, per, pol, theme;
            std::vector<double> val, tgt;
            for (const auto& k : rows) {
                ind.push_back(k.indicator);
                per.push_back(k.period);
                val.push_back(k.value);
                tgt.push_back(k.target);
                pol.push_back(polarityName(k.polarity));
                theme.push_back(k.theme);
            }
            std::vector<std::string> files(rows.size(), path), hashes(rows.size(), hash), ats(rows.size(), at);
            store.exec("INSERT INTO kpi (indicator, period, value, target, polarity, theme, source_file, source_hash, "
                       "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       ind, per, val, tgt, pol, theme, files, hashes, ats);
            store.logImport(path, hash, "kpi", "imported", std::to_string(rows.size()) + " rows");
        });
        return rows.size();
    });
}

ImportResult importSelfAssessments(Store& store, const std::string& path, const ReportDefinition& def) {
    return importRows(store, path, "self-assessment", [&](const std::string& content) {
        std::vector<SelfAssessment> rows = parseSelfAssessments(content, path, def);
        const std::string hash = sha256(content), at = store.now();
        store.transaction([&] {
            std::vector<std::string> agency, per, theme, standard, rating, evidence;
            for (const auto& s : rows) {
                agency.push_back(s.agency);
                per.push_back(s.period);
                theme.push_back(s.theme);
                standard.push_back(s.standard);
                rating.push_back(s.rating);
                evidence.push_back(s.evidence);
            }
            std::vector<std::string> files(rows.size(), path), hashes(rows.size(), hash), ats(rows.size(), at);
            store.exec("INSERT INTO self_assessment (agency, period, theme, standard, rating, evidence, source_file, "
                       "source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       agency, per, theme, standard, rating, evidence, files, hashes, ats);
            store.logImport(path, hash, "self-assessment", "imported", std::to_string(rows.size()) + " rows");
        });
        return rows.size();
    });
}

std::vector<Kpi> storedKpis(Store& store) {
    std::vector<Kpi> out;
    for (const auto& row : store.query("SELECT indicator, period, value, target, polarity, theme FROM kpi_latest "
                                       "ORDER BY id")) {
        Kpi k;
        k.indicator = row.text(0);
        k.period = row.text(1);
        k.value = row.optReal(2).value_or(0);
        k.target = row.optReal(3).value_or(0);
        k.polarity = parsePolarity(row.text(4)).value_or(Polarity::Higher);
        k.theme = row.text(5);
        out.push_back(std::move(k));
    }
    return out;
}

std::vector<SelfAssessment> storedSelfAssessments(Store& store) {
    std::vector<SelfAssessment> out;
    for (const auto& row : store.query("SELECT agency, period, theme, standard, rating, evidence "
                                       "FROM self_assessment_latest ORDER BY id")) {
        out.push_back(SelfAssessment{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), 0});
    }
    return out;
}

namespace {

// Text to Symbol, remembering the texts seen (labels repeat): most lookups skip the pool's lock.
class Interner {
public:
    Symbol operator()(std::string_view s) {
        auto it = cache_.find(s);
        if (it != cache_.end()) return it->second;
        Symbol sym(s);
        if (cache_.size() < 4096) cache_.emplace(sym.str(), sym);
        return sym;
    }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, Symbol, Hash, std::equal_to<>> cache_;
};

// One column's recent texts before the Interner: a column of domain ids or grade labels holds a dozen texts, and
// comparing a few short strings costs less than hashing one (a store of 100,000 audits has 800,000 judgements).
class ColumnInterner {
public:
    explicit ColumnInterner(Interner& all) : all_(all) {}
    Symbol operator()(std::string_view s) {
        for (const auto& [text, sym] : recent_)
            if (text == s) return sym;
        const Symbol sym = all_(s);
        if (recent_.size() < 16) recent_.emplace_back(sym.str(), sym);
        return sym;
    }

private:
    Interner& all_;
    std::vector<std::pair<std::string_view, Symbol>> recent_;  // views of the Symbols' own texts
};

// The index of an audit by its id, remembering the last one found: a table's rows come audit by audit.
class AuditLookup {
public:
    explicit AuditLookup(const std::unordered_map<std::int64_t, std::size_t>& index) : index_(index) {}
    const std::size_t* operator()(std::int64_t id) {
        if (last_ && id == lastId_) return last_;
        auto it = index_.find(id);
        if (it == index_.end()) return nullptr;
        lastId_ = id;
        last_ = &it->second;
        return last_;
    }

private:
    const std::unordered_map<std::int64_t, std::size_t>& index_;
    std::int64_t lastId_ = 0;
    const std::size_t* last_ = nullptr;
};

// A stored rank as JudgementRow keeps it.
std::int8_t rankOf(std::int64_t rank) { return static_cast<std::int8_t>(std::clamp<std::int64_t>(rank, -128, 127)); }

// Adds "reading <what>" to a store error.
template <class F>
void reading(Store& store, const char* what, F&& f) {
    try {
        f();
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::IO) throw;
        throw Error(ErrorKind::IO, store.name(), "", std::string("reading ") + what + ": " + e.what());
    }
}

}  // namespace

// Every query streams its rows (store_cursor.h): a store of 100,000 audits has about 800,000 judgements.
ReportData loadReportData(Store& store, const ReportDefinition* def) {
    ReportData d;
    Interner intern;
    std::unordered_map<std::int64_t, std::size_t> auditIndex;
    // Sized up front: growing a vector of a million rows would hold it twice over while it moves.
    d.audits.reserve(static_cast<std::size_t>(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit").value_or(0)));
    d.judgements.reserve(
        static_cast<std::size_t>(store.scalar<std::int64_t>("SELECT COUNT(*) FROM judgement").value_or(0)));
    d.actions.reserve(static_cast<std::size_t>(store.scalar<std::int64_t>("SELECT COUNT(*) FROM action").value_or(0)));
    auditIndex.reserve(d.audits.capacity());
    reading(store, "audits", [&] {
        ColumnInterner templateId(intern), team(intern), serviceArea(intern), category(intern), period(intern),
            stratum(intern);
        forEachRow(store,
                   "SELECT a.id, a.form_id, a.case_ref, a.template_id, a.auditor, a.team, a.service_area, a.category, "
                   "a.worker, a.period, a.completed_date, a.draw_id, dm.stratum, dm.inclusion_probability, "
                   "ds.population "
                   "FROM audit_latest a "
                   "LEFT JOIN draw_member dm ON dm.draw_id = a.draw_id AND dm.case_ref = a.case_ref "
                   "LEFT JOIN draw_stratum ds ON ds.draw_id = dm.draw_id AND ds.stratum = dm.stratum "
                   "ORDER BY a.id",
                   {}, [&](const StoreCursorRow& row) {
                       AuditRow& a = d.audits.emplace_back();
                       a.id = row.integer(0);
                       a.formId = row.text(1);
                       a.caseRef = row.text(2);
                       a.templateId = templateId(row.text(3));
                       a.auditor = intern(row.text(4));
                       a.team = team(row.text(5));
                       a.serviceArea = serviceArea(row.text(6));
                       a.category = category(row.text(7));
                       a.worker = intern(row.text(8));
                       a.period = period(row.text(9));
                       a.completedDate = intern(row.text(10));
                       if (!row.isNull(11)) a.drawId = row.integer(11);
                       a.stratum = stratum(row.text(12));
                       a.inclusionProbability = row.real(13);
                       a.stratumPopulation = static_cast<double>(row.integer(14));
                       auditIndex.emplace(a.id, d.audits.size() - 1);
                   });
    });
    // Judgements of every version, kept for the latest versions, in the table's own order (an ORDER BY would walk
    // the key index and look every row up: a third more time), then put in key order here: by audit (whose index
    // ascends with its id), then domain. No join with audit_latest (the stored is_latest flag, migration 8): looking
    // the audit up for each judgement costs about a fifth more than the loaded audits' index here.
    reading(store, "judgements", [&] {
        AuditLookup audit(auditIndex);
        ColumnInterner domain(intern), computed(intern), auditor(intern);
        forEachRow(store,
                   "SELECT audit_id, domain, computed_grade, computed_rank, auditor_grade, auditor_rank FROM judgement",
                   {}, [&](const StoreCursorRow& row) {
                       const std::size_t* a = audit(row.integer(0));
                       if (!a) return;  // an earlier version of a form
                       JudgementRow& j = d.judgements.emplace_back();
                       j.audit = static_cast<std::uint32_t>(*a);
                       j.domain = domain(row.text(1));
                       j.computedGrade = computed(row.text(2));
                       j.computedRank = rankOf(row.integer(3));
                       j.auditorGrade = auditor(row.text(4));
                       j.auditorRank = rankOf(row.integer(5));
                   });
    });
    {
        auto byAudit = [](const JudgementRow& a, const JudgementRow& b) { return a.audit < b.audit; };
        if (!std::is_sorted(d.judgements.begin(), d.judgements.end(), byAudit))
            std::stable_sort(d.judgements.begin(), d.judgements.end(), byAudit);
        for (auto first = d.judgements.begin(); first != d.judgements.end();) {
            auto last = first;
            while (last != d.judgements.end() && last->audit == first->audit) ++last;
            std::sort(first, last, [](const JudgementRow& a, const JudgementRow& b) { return a.domain < b.domain; });
            first = last;
        }
        for (const JudgementRow& j : d.judgements) {
            if (j.computedRank > 0 && !j.computedGrade.empty()) d.gradeLabels.try_emplace(j.computedRank, j.computedGrade);
            if (j.auditorRank > 0 && !j.auditorGrade.empty()) d.gradeLabels.try_emplace(j.auditorRank, j.auditorGrade);
        }
    }
    d.index();
    reading(store, "moderations", [&] {
        forEachRow(store,
                   "SELECT audit_id, domain, moderator, moderator_grade, moderator_rank, agreed_grade, agreed_rank, "
                   "period FROM moderation_latest ORDER BY id",
                   {}, [&](const StoreCursorRow& row) {
                       auto it = auditIndex.find(row.integer(0));
                       if (it == auditIndex.end()) return;  // a moderation of an older version
                       const Symbol dom = intern(row.text(1));
                       JudgementRow* j = nullptr;
                       for (std::size_t ji : d.judgementsOf(it->second))
                           if (d.judgements[ji].domain == dom) j = &d.judgements[ji];
                       if (!j) return;  // a domain the audit did not grade
                       j->moderator = intern(row.text(2));
                       j->moderatorGrade = intern(row.text(3));
                       j->moderatorRank = rankOf(row.integer(4));
                       j->agreedGrade = intern(row.text(5));
                       j->agreedRank = rankOf(row.integer(6));
                       j->moderationPeriod = intern(row.text(7));
                   });
    });
    reading(store, "actions", [&] {
        forEachRow(store, std::string(kActionColumns) + "FROM action ac JOIN audit a ON a.id = ac.audit_id ORDER BY ac.id",
                   {}, [&](const StoreCursorRow& row) { readActionRow(row, d.actions.emplace_back(), intern); });
    });
    for (const auto& row : store.query(
             "SELECT d.id, d.kind, COALESCE(d.period, ''), d.created_at, d.seed, d.algorithm, "
             "COALESCE(d.frame_source, ''), COALESCE(d.frame_hash, ''), COALESCE(d.frame_size, 0), d.sample_size, "
             "COALESCE(d.template_id, ''), (SELECT COUNT(*) FROM draw_stratum s WHERE s.draw_id = d.id) "
             "FROM draw d ORDER BY d.id")) {
        DrawRow r;
        r.id = row.integer(0);
        r.kind = row.text(1);
        r.period = row.text(2);
        r.createdAt = row.text(3);
        r.seed = row.text(4);
        r.algorithm = row.text(5);
        r.frameSource = row.text(6);
        r.frameHash = row.text(7);
        r.frameSize = row.integer(8);
        r.sampleSize = row.integer(9);
        r.templateId = row.text(10);
        r.strata = row.integer(11);
        d.draws.push_back(std::move(r));
    }
    if (def) {
        std::set<std::string> questions;
        for (const auto& t : def->themes) questions.insert(t.questions.begin(), t.questions.end());
        reading(store, "answers", [&] {
            for (const std::string& q : questions) {
                const Symbol qs(q);
                forEachRow(store, "SELECT audit_id, answer FROM answer WHERE question_id = ? ORDER BY audit_id", {q},
                           [&](const StoreCursorRow& row) {
                               auto it = auditIndex.find(row.integer(0));
                               if (it != auditIndex.end())
                                   d.answers.push_back(AnswerRow{it->second, qs, intern(row.text(1))});
                           });
            }
        });
    }
    return d;
}

}  // namespace audit::report
