/* The machine's limit for the partnership workbook (compare.sh): step the four SELECTs that load the report's
 * data (audits with their strata, judgements, moderations, actions: as report_store.cpp reads them) through
 * SQLite's C API, touching every column's value, and nothing else: no objects built, no workbook written.
 *   cc -O2 limit_report.c -lsqlite3 -o limit_report
 *   limit_report STORE */
#include <sqlite3.h>
#include <stdio.h>

static const char* kQueries[] = {
    "SELECT a.id, a.form_id, a.case_ref, a.template_id, a.auditor, a.team, a.service_area, a.category, a.worker, "
    "a.period, a.completed_date, a.draw_id, dm.stratum, dm.inclusion_probability, ds.population "
    "FROM audit_latest a LEFT JOIN draw_member dm ON dm.draw_id = a.draw_id AND dm.case_ref = a.case_ref "
    "LEFT JOIN draw_stratum ds ON ds.draw_id = dm.draw_id AND ds.stratum = dm.stratum ORDER BY a.id",
    "SELECT audit_id, domain, computed_grade, computed_rank, auditor_grade, auditor_rank FROM judgement",
    "SELECT audit_id, domain, moderator, moderator_grade, moderator_rank, agreed_grade, agreed_rank, period "
    "FROM moderation_latest ORDER BY id",
    "SELECT ac.id, ac.audit_id, ac.action_no, ac.description, ac.owner, ac.due_date, ac.status, ac.closed_date, "
    "a.case_ref, a.team, a.period, COALESCE(a.completed_date, '') FROM action ac JOIN audit a ON a.id = ac.audit_id "
    "ORDER BY ac.id",
};

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: limit_report STORE\n");
        return 64;
    }
    sqlite3* db = NULL;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        fprintf(stderr, "limit_report: %s\n", sqlite3_errmsg(db));
        return 66;
    }
    unsigned long long rows = 0, bytes = 0;
    for (unsigned q = 0; q < sizeof kQueries / sizeof *kQueries; ++q) {
        sqlite3_stmt* st = NULL;
        if (sqlite3_prepare_v2(db, kQueries[q], -1, &st, NULL) != SQLITE_OK) {
            fprintf(stderr, "limit_report: %s\n", sqlite3_errmsg(db));
            return 70;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            ++rows;
            for (int c = 0, n = sqlite3_column_count(st); c < n; ++c) {
                sqlite3_column_text(st, c);
                bytes += (unsigned long long)sqlite3_column_bytes(st, c);
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    printf("%llu rows, %llu bytes\n", rows, bytes);
    return 0;
}
