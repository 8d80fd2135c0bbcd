// The peers' side of compare.sh in DuckDB (npm @duckdb/node-api, installed by compare.sh into a temporary
// folder; NODE_PATH points there). Each job is one whole process, as ours are.
//   node duckdb_jobs.js sample CASES.csv OUT.csv      5,000 by team x category, largest remainder, a seeded
//                                                       hash order within strata (window), written as CSV
//   node duckdb_jobs.js agreement PAIRS.csv            the 4x4 crosstab and Cohen's kappa
//   node duckdb_jobs.js load STORE_CSV_DIR DB.duckdb   (setup, untimed) the report's tables into DuckDB's own file
//   node duckdb_jobs.js report DB.duckdb               the report's four SELECTs on DuckDB's own tables, all rows
const { DuckDBInstance } = require('@duckdb/node-api');

async function main() {
    const [job, a, b] = process.argv.slice(2);
    const inst = await DuckDBInstance.create(job === 'load' || job === 'report' ? (job === 'load' ? b : a) : ':memory:');
    const con = await inst.connect();
    if (job === 'sample') {
        await con.run(`COPY (
            WITH c AS (SELECT * FROM read_csv('${a}', all_varchar = true)),
                 s AS (SELECT team, category, count(*) AS n FROM c GROUP BY ALL),
                 t AS (SELECT *, n * 5000.0 / sum(n) OVER () AS target FROM s),
                 f AS (SELECT *, floor(target) AS base, target - floor(target) AS rem FROM t),
                 k AS (SELECT *, base + CASE WHEN row_number() OVER (ORDER BY rem DESC, n DESC, team, category)
                                            <= 5000 - sum(base) OVER () THEN 1 ELSE 0 END AS k FROM f),
                 r AS (SELECT c.*, row_number() OVER (PARTITION BY team, category ORDER BY hash(case_ref || '1')) AS rn
                       FROM c)
            SELECT r.case_ref, r.team || ' / ' || r.category AS stratum, r.team, r.category, r.worker,
                   k.k / k.n AS inclusion_probability, k.n / k.k AS design_weight
            FROM r JOIN k USING (team, category) WHERE r.rn <= k.k ORDER BY stratum, r.rn
        ) TO '${b}' (HEADER)`);
    } else if (job === 'agreement') {
        const reader = await con.runAndReadAll(`SELECT auditor_grade, moderator_grade, count(*)::INTEGER AS n
            FROM read_csv('${a}', all_varchar = true) WHERE auditor_grade <> '' AND moderator_grade <> ''
            GROUP BY ALL`);
        const cats = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'];
        const t = cats.map(() => cats.map(() => 0));
        for (const [ag, mg, n] of reader.getRows()) t[cats.indexOf(ag)][cats.indexOf(mg)] += n;
        let total = 0, agree = 0;
        const rows = cats.map(() => 0), cols = cats.map(() => 0);
        t.forEach((r, i) => r.forEach((n, j) => { total += n; rows[i] += n; cols[j] += n; if (i === j) agree += n; }));
        const pe = rows.reduce((s, r, i) => s + r * cols[i], 0) / (total * total);
        const kappa = (agree / total - pe) / (1 - pe);
        console.log(`n=${total} kappa=${kappa.toFixed(6)}`);
    } else if (job === 'load') {
        for (const table of ['audit', 'judgement', 'moderation', 'action', 'draw_member', 'draw_stratum'])
            await con.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv('${a}/${table}.csv', header = true)`);
        await con.run(`CREATE VIEW audit_latest AS SELECT * FROM audit a
            WHERE version = (SELECT max(version) FROM audit b WHERE b.form_id = a.form_id)`);
        await con.run(`CREATE VIEW moderation_latest AS SELECT * FROM moderation m
            WHERE version = (SELECT max(version) FROM moderation b WHERE b.form_id = m.form_id)`);
    } else if (job === 'report') {
        const queries = [
            `SELECT a.id, a.form_id, a.case_ref, a.template_id, a.auditor, a.team, a.service_area, a.category, a.worker,
                    a.period, a.completed_date, a.draw_id, dm.stratum, dm.inclusion_probability, ds.population
             FROM audit_latest a LEFT JOIN draw_member dm ON dm.draw_id = a.draw_id AND dm.case_ref = a.case_ref
             LEFT JOIN draw_stratum ds ON ds.draw_id = dm.draw_id AND ds.stratum = dm.stratum ORDER BY a.id`,
            `SELECT audit_id, domain, computed_grade, computed_rank, auditor_grade, auditor_rank FROM judgement`,
            `SELECT audit_id, domain, moderator, moderator_grade, moderator_rank, agreed_grade, agreed_rank, period
             FROM moderation_latest ORDER BY id`,
            `SELECT ac.id, ac.audit_id, ac.action_no, ac.description, ac.owner, ac.due_date, ac.status, ac.closed_date,
                    a.case_ref, a.team, a.period, COALESCE(a.completed_date, '') FROM action ac
             JOIN audit a ON a.id = ac.audit_id ORDER BY ac.id`];
        let rows = 0;
        for (const q of queries) rows += (await con.runAndReadAll(q)).getRows().length;
        console.log(`${rows} rows`);
    } else {
        throw new Error(`unknown job '${job}'`);
    }
}
main().catch((e) => { console.error(e.message); process.exit(70); });
