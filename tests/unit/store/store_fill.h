#pragma once
// The store contents shared by the store-care and retention tests.

#include <string>

#include "audit/store/store.h"

namespace audit::test {

// A draw of two cases for 2019-11 (members, snapshot, allocations), their audits with answers, judgements and an
// action, and one of 2026-11: enough for check, backup and purge to have something of each table.
inline void fill(Store& store) {
    store.transaction([&] {
        for (const std::string period : {"2019-11", "2026-11"}) {
            const auto draw = store.insertReturningId(
                "INSERT INTO draw (kind, period, created_at, seed, algorithm, sample_size) VALUES ('audit', ?, ?, '1', 'x', 2)",
                period, store.now());
            store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, 'all', 10, 2)", draw);
            for (const std::string ref : {"=C1", "C2"}) {
                const std::string caseRef = ref + "-" + period;
                store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
                           "VALUES (?, ?, 'all', 0.2, 5)", draw, caseRef);
                store.exec("INSERT INTO case_snapshot (draw_id, case_ref, child_ref, team, worker) VALUES (?, ?, 'CH1', 'East', 'A Worker')",
                           draw, caseRef);
                store.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) VALUES (?, ?, 'auditor', 'QA', ?)",
                           draw, caseRef, store.now());
                const auto audit = store.insertReturningId(
                    "INSERT INTO audit (form_id, version, draw_id, case_ref, child_ref, template_id, template_version, auditor, "
                    "team, worker, period, strengths, source_hash, imported_at) VALUES (?, 1, ?, ?, 'CH1', 'cin-cp', '3', 'QA', "
                    "'East', 'A Worker', ?, 'Good work', ?, ?)",
                    "F-" + caseRef, draw, caseRef, period, "h-" + caseRef, store.now());
                store.logImport("f.xlsx", "h-" + caseRef, "audit-return", "imported");
                store.exec("INSERT INTO answer (audit_id, question_id, answer, evidence, score) VALUES (?, 'A1', 'Yes', "
                           "'the child said ...', 1)", audit);
                store.exec("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank, rationale) VALUES "
                           "(?, '_overall', 'Good', 3, 'because ...')", audit);
                store.exec("INSERT INTO action (audit_id, action_no, description, owner, due_date, created_at, updated_at) "
                           "VALUES (?, 1, 'Visit the child', 'TM', '2020-01-31', ?, ?)", audit, store.now(), store.now());
            }
        }
    });
}

}  // namespace audit::test
