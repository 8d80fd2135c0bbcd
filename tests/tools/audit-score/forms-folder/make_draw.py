# The draw the sample came from, as audit-sample records it: strata with their populations, members with
# their inclusion probabilities and design weights.
import csv, sqlite3
db = sqlite3.connect("audit.db")
cur = db.execute("INSERT INTO draw (kind, period, created_at, seed, algorithm, sample_size) "
                 "VALUES ('audit', '2026-11', '2026-11-01T09:00:00Z', '7', 'test', 10)")
draw = cur.lastrowid
rows = list(csv.DictReader(open("sample.csv")))
for stratum, population in (("CP East|CP", 20), ("CIN West|CIN", 50)):
    n = sum(1 for r in rows if r["stratum"] == stratum)
    db.execute("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, ?, ?, ?)",
               (draw, stratum, population, n))
for r in rows:
    db.execute("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
               "VALUES (?, ?, ?, ?, ?)", (draw, r["case_ref"], r["stratum"], float(r["inclusion_probability"]),
                                          float(r["design_weight"])))
db.commit()
