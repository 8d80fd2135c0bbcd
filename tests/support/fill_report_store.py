#!/usr/bin/python3
"""Fills an audit store with synthetic audits for the partnership report's tests and benchmark: one audit draw a
month (stratified by category, with populations and inclusion probabilities), audits with domain and overall
grades (a latent case quality, a few generous auditors), moderation of about a fifth of them, and actions with
owners, due dates and statuses. Rows go straight into the tables docs/STORE.md describes (this stands in for
audit-score import and audit-reconcile moderation imports in tests). Deterministic for a seed.

usage: fill_report_store.py STORE --months 2026-01,2026-02,2026-03 --audits-per-month 40 [--seed 7]
The store must exist (any tool creates it: audit-report actions --out x.xlsx --store STORE).
"""
import argparse
import random
import sqlite3

GRADES = {1: "Inadequate", 2: "Requires improvement", 3: "Good", 4: "Outstanding"}
TEAMS = ["Assessment East", "Assessment West", "CIN North", "CP South", "Children in care", "Care leavers"]
AUDITORS = ["Amira Khan", "Ben Osei", "Carys Lloyd", "Dev Patel", "Erin Walsh", "Femi Adebayo", "Grace Liu",
            "Hugh Barnes"]
GENEROUS = {"Ben Osei", "Erin Walsh"}
MODERATORS = ["Moderator Quinn", "Moderator Rahman"]
OWNERS = ["TM Assessment East", "TM Assessment West", "TM CIN North", "TM CP South", "TM Children in care",
          "TM Care leavers", "Head of Service"]
CATEGORIES = {"CIN": 900, "CP": 300, "CLA": 400, "Care leaver": 250}
DOMAINS = {
    "CIN": ["history", "assessment", "risk", "voice", "plan", "multi-agency", "oversight", "impact"],
    "CP": ["history", "assessment", "risk", "voice", "plan", "multi-agency", "oversight", "impact"],
    "CLA": ["assessment", "voice", "plan", "oversight", "missing-exploitation", "permanence", "impact"],
    "Care leaver": ["voice", "oversight", "pathway", "impact"],
}
# How good practice really is in each domain (latent mean on 1..4).
QUALITY = {"history": 2.6, "assessment": 2.8, "risk": 2.7, "voice": 2.2, "plan": 2.4, "multi-agency": 2.7,
           "oversight": 2.1, "impact": 2.5, "missing-exploitation": 2.3, "permanence": 2.9, "pathway": 2.5}
ACTIONS = ["Update the chronology and share it with the team", "Record the child's views in their own words",
           "Hold a strategy discussion with police and health", "Make the plan SMART with named owners",
           "Record supervision on the child's file", "Complete the exploitation screening tool",
           "Review the pathway plan with the young person"]


def clamp(v):
    return max(1, min(4, int(round(v))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--months", required=True)
    ap.add_argument("--audits-per-month", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--moderated", type=float, default=0.2)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    db = sqlite3.connect(a.store)
    db.execute("PRAGMA foreign_keys = ON")
    cur = db.cursor()
    audit_id = (cur.execute("SELECT COALESCE(MAX(id), 0) FROM audit").fetchone()[0])
    draw_id = (cur.execute("SELECT COALESCE(MAX(id), 0) FROM draw").fetchone()[0])
    audits, judgements, moderations, actions, members, strata = [], [], [], [], [], []
    draws = []
    case_no = 100000
    for month in a.months.split(","):
        draw_id += 1
        total = sum(CATEGORIES.values())
        n = a.audits_per_month
        # Proportional allocation with at least one per category.
        alloc = {c: max(1, round(n * N / total)) for c, N in CATEGORIES.items()}
        # A big sample (benchmarks) comes from a big council: at least four cases for each one drawn.
        pops = {c: max(N, 4 * alloc[c]) for c, N in CATEGORIES.items()}
        total = sum(pops.values())
        draws.append((draw_id, "audit", month, month + "-01T09:00:00Z", str(a.seed * 1000 + draw_id),
                      "xoshiro256** seeded by splitmix64; Lemire bounded draw", "{}", "cases-" + month + ".csv",
                      "%064x" % rng.getrandbits(256), total + 40, total, sum(alloc.values()), "cin-cp", "test"))
        for cat, N in pops.items():
            strata.append((draw_id, cat, N, alloc[cat], "{}"))
            for _ in range(alloc[cat]):
                case_no += 1
                audit_id += 1
                case_ref = "C%d" % case_no
                team = rng.choice(TEAMS[:4] if cat in ("CIN", "CP") else TEAMS[4:] if cat == "CLA" else TEAMS[5:])
                auditor = rng.choice(AUDITORS)
                day = 1 + rng.randrange(27)
                completed = "%s-%02d" % (month, day)
                members.append((draw_id, case_ref, cat, alloc[cat] / N, N / alloc[cat]))
                audits.append((audit_id, "F%d" % audit_id, 1, draw_id, case_ref,
                               "cla" if cat == "CLA" else "care-leavers" if cat == "Care leaver" else "cin-cp", "1",
                               auditor, team, cat, "Worker %d" % rng.randrange(60), month, completed, "h%d" % audit_id,
                               month + "-28T12:00:00Z"))
                case_quality = rng.gauss(0, 0.5)
                bias = 0.6 if auditor in GENEROUS else 0.0
                truths = []
                moderated = rng.random() < a.moderated
                for d in DOMAINS[cat]:
                    truth = clamp(QUALITY[d] + case_quality + rng.gauss(0, 0.5))
                    given = clamp(truth + bias + rng.gauss(0, 0.35))
                    truths.append(truth)
                    judgements.append((audit_id, d, GRADES[truth], truth, GRADES[given], given))
                    if moderated and rng.random() < 0.5:
                        moderations.append((audit_id, draw_id, "M%d" % audit_id, d, rng.choice(MODERATORS),
                                            GRADES[truth], truth, GRADES[truth], truth, month, "m%d" % audit_id,
                                            month + "-28T12:00:00Z"))
                overall_truth = clamp(sum(truths) / len(truths) + rng.gauss(0, 0.3))
                overall_given = clamp(overall_truth + bias + rng.gauss(0, 0.4))
                judgements.append((audit_id, "_overall", GRADES[overall_truth], overall_truth, GRADES[overall_given],
                                   overall_given))
                if moderated:
                    moderations.append((audit_id, draw_id, "M%d" % audit_id, "_overall", rng.choice(MODERATORS),
                                        GRADES[overall_truth], overall_truth, GRADES[overall_truth], overall_truth,
                                        month, "m%d" % audit_id, month + "-28T12:00:00Z"))
                for no in range(1, 1 + rng.randrange(3)):
                    y, m = int(month[:4]), int(month[5:7])
                    due_m = m + 1 + rng.randrange(2)
                    due = "%04d-%02d-%02d" % (y + (due_m - 1) // 12, (due_m - 1) % 12 + 1, 1 + rng.randrange(27))
                    roll = rng.random()
                    status, closed = ("done", due[:8] + "%02d" % (1 + rng.randrange(27))) if roll < 0.45 else \
                        ("in progress", None) if roll < 0.6 else ("cancelled", None) if roll < 0.65 else ("open", None)
                    actions.append((audit_id, no, rng.choice(ACTIONS), rng.choice(OWNERS), due, status, closed,
                                    month + "-28T12:00:00Z", month + "-28T12:00:00Z"))
    cur.executemany("INSERT INTO draw (id, kind, period, created_at, seed, algorithm, parameters, frame_source, "
                    "frame_hash, frame_rows, frame_size, sample_size, template_id, tool_version) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", draws)
    cur.executemany("INSERT INTO draw_stratum (draw_id, stratum, population, sample, excluded) VALUES (?,?,?,?,?)",
                    strata)
    cur.executemany("INSERT INTO audit (id, form_id, version, draw_id, case_ref, template_id, template_version, auditor, "
                    "team, category, worker, period, completed_date, source_hash, imported_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", audits)
    cur.executemany("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
                    "VALUES (?,?,?,?,?)", members)
    cur.executemany("INSERT INTO judgement (audit_id, domain, computed_grade, computed_rank, auditor_grade, "
                    "auditor_rank) VALUES (?,?,?,?,?,?)", judgements)
    cur.executemany("INSERT INTO moderation (audit_id, draw_id, form_id, domain, moderator, moderator_grade, "
                    "moderator_rank, agreed_grade, agreed_rank, period, source_hash, imported_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", moderations)
    cur.executemany("INSERT INTO action (audit_id, action_no, description, owner, due_date, status, closed_date, "
                    "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)", actions)
    db.commit()
    print("%d audits, %d judgements, %d moderations, %d actions" % (len(audits), len(judgements), len(moderations),
                                                                   len(actions)))


if __name__ == "__main__":
    main()
