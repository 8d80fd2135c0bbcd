#include "audit/report_store.h"

#include <Poco/Data/Statement.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "audit/error.h"
#include "audit/hash.h"
#include "audit/output_file.h"

namespace audit::report {

using namespace Poco::Data::Keywords;

namespace {

template <class Rows, class Store_>
ImportResult importRows(Store_& store, const std::string& path, const std::string& kind, const Rows& readRows) {
    ImportResult r;
    r.file = path;
    const std::string content = readFile(path);
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

}  // namespace

ImportResult importKpis(Store& store, const std::string& path, const ReportDefinition& def) {
    return importRows(store, path, "kpi", [&](const std::string& content) {
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

ReportData loadReportData(Store& store, const ReportDefinition* def) {
    ReportData d;
    std::unordered_map<std::int64_t, std::size_t> auditIndex;
    {
        std::vector<Poco::Int64> id, drawId;
        std::vector<std::string> formId, caseRef, templateId, auditor, team, area, category, worker, period, completed,
            stratum;
        std::vector<double> pi, population;
        auto st = store.statement(
            "SELECT a.id, a.form_id, a.case_ref, a.template_id, a.auditor, COALESCE(a.team, ''), "
            "COALESCE(a.service_area, ''), COALESCE(a.category, ''), COALESCE(a.worker, ''), a.period, "
            "COALESCE(a.completed_date, ''), COALESCE(a.draw_id, -1), COALESCE(dm.stratum, ''), "
            "COALESCE(dm.inclusion_probability, 0.0), COALESCE(ds.population, 0) "
            "FROM audit_latest a "
            "LEFT JOIN draw_member dm ON dm.draw_id = a.draw_id AND dm.case_ref = a.case_ref "
            "LEFT JOIN draw_stratum ds ON ds.draw_id = dm.draw_id AND ds.stratum = dm.stratum "
            "ORDER BY a.id");
        std::vector<Poco::Int64> populationInt;
        st, into(id), into(formId), into(caseRef), into(templateId), into(auditor), into(team), into(area),
            into(category), into(worker), into(period), into(completed), into(drawId), into(stratum), into(pi),
            into(populationInt);
        try {
            st.execute();
        } catch (const std::exception& e) {
            throw Error(ErrorKind::IO, store.name(), "", std::string("reading audits: ") + e.what());
        }
        d.audits.resize(id.size());
        for (std::size_t i = 0; i < id.size(); ++i) {
            AuditRow& a = d.audits[i];
            a.id = id[i];
            a.formId = std::move(formId[i]);
            a.caseRef = std::move(caseRef[i]);
            a.templateId = std::move(templateId[i]);
            a.auditor = std::move(auditor[i]);
            a.team = std::move(team[i]);
            a.serviceArea = std::move(area[i]);
            a.category = std::move(category[i]);
            a.worker = std::move(worker[i]);
            a.period = std::move(period[i]);
            a.completedDate = std::move(completed[i]);
            if (drawId[i] >= 0) a.drawId = drawId[i];
            a.stratum = std::move(stratum[i]);
            a.inclusionProbability = pi[i];
            a.stratumPopulation = static_cast<double>(populationInt[i]);
            auditIndex.emplace(a.id, i);
        }
    }
    std::map<std::pair<std::int64_t, std::string>, std::size_t> judgementIndex;
    {
        std::vector<Poco::Int64> auditId, computedRank, auditorRank;
        std::vector<std::string> domain, computedGrade, auditorGrade;
        auto st = store.statement(
            "SELECT j.audit_id, j.domain, COALESCE(j.computed_grade, ''), COALESCE(j.computed_rank, 0), "
            "COALESCE(j.auditor_grade, ''), COALESCE(j.auditor_rank, 0) FROM judgement j "
            "JOIN audit_latest a ON a.id = j.audit_id ORDER BY j.audit_id, j.domain");
        st, into(auditId), into(domain), into(computedGrade), into(computedRank), into(auditorGrade), into(auditorRank);
        try {
            st.execute();
        } catch (const std::exception& e) {
            throw Error(ErrorKind::IO, store.name(), "", std::string("reading judgements: ") + e.what());
        }
        d.judgements.resize(auditId.size());
        for (std::size_t i = 0; i < auditId.size(); ++i) {
            JudgementRow& j = d.judgements[i];
            j.audit = auditIndex.at(auditId[i]);
            j.domain = std::move(domain[i]);
            j.computedGrade = std::move(computedGrade[i]);
            j.computedRank = static_cast<int>(computedRank[i]);
            j.auditorGrade = std::move(auditorGrade[i]);
            j.auditorRank = static_cast<int>(auditorRank[i]);
            if (j.computedRank > 0 && !j.computedGrade.empty()) d.gradeLabels.try_emplace(j.computedRank, j.computedGrade);
            if (j.auditorRank > 0 && !j.auditorGrade.empty()) d.gradeLabels.try_emplace(j.auditorRank, j.auditorGrade);
        }
    }
    {
        // Judgements sorted by (audit id, domain): find one by binary search.
        auto find = [&](std::int64_t auditId, const std::string& domain) -> JudgementRow* {
            auto it = auditIndex.find(auditId);
            if (it == auditIndex.end()) return nullptr;
            const std::size_t ai = it->second;
            auto lo = std::lower_bound(d.judgements.begin(), d.judgements.end(), std::make_pair(ai, domain),
                                       [](const JudgementRow& j, const std::pair<std::size_t, std::string>& k) {
                                           return j.audit < k.first || (j.audit == k.first && j.domain < k.second);
                                       });
            if (lo == d.judgements.end() || lo->audit != ai || lo->domain != domain) return nullptr;
            return &*lo;
        };
        for (const auto& row : store.query(
                 "SELECT audit_id, domain, moderator, COALESCE(moderator_grade, ''), COALESCE(moderator_rank, 0), "
                 "COALESCE(agreed_grade, ''), COALESCE(agreed_rank, 0), period FROM moderation_latest ORDER BY id")) {
            JudgementRow* j = find(row.integer(0), row.text(1));
            if (!j) continue;  // a moderation of an older version, or of a domain the audit did not grade
            j->moderator = row.text(2);
            j->moderatorGrade = row.text(3);
            j->moderatorRank = static_cast<int>(row.integer(4));
            j->agreedGrade = row.text(5);
            j->agreedRank = static_cast<int>(row.integer(6));
            j->moderationPeriod = row.text(7);
        }
    }
    for (const auto& row : store.query(
             "SELECT ac.id, ac.audit_id, ac.action_no, ac.description, ac.owner, ac.due_date, ac.status, "
             "COALESCE(ac.closed_date, ''), a.case_ref, COALESCE(a.team, ''), a.period "
             "FROM action ac JOIN audit a ON a.id = ac.audit_id ORDER BY ac.id")) {
        ActionRow r;
        r.id = row.integer(0);
        r.auditId = row.integer(1);
        r.actionNo = static_cast<int>(row.integer(2));
        r.description = row.text(3);
        r.owner = row.text(4);
        r.dueDate = row.text(5);
        r.status = row.text(6);
        r.closedDate = row.text(7);
        r.caseRef = row.text(8);
        r.team = row.text(9);
        r.auditPeriod = row.text(10);
        d.actions.push_back(std::move(r));
    }
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
        for (const std::string& q : questions)
            for (const auto& row : store.query("SELECT an.audit_id, COALESCE(an.answer, '') FROM answer an "
                                               "JOIN audit_latest a ON a.id = an.audit_id WHERE an.question_id = ? "
                                               "ORDER BY an.audit_id", q)) {
                auto it = auditIndex.find(row.integer(0));
                if (it != auditIndex.end()) d.answers.push_back(AnswerRow{it->second, q, row.text(1)});
            }
    }
    d.index();
    return d;
}

}  // namespace audit::report
