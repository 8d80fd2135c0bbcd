#!/usr/bin/python3
"""What the damage check before each commit costs: PRAGMA quick_check (and integrity_check, as audit-store check
runs it) on an SQLite store of about 57 MB (500,000 answers with evidence text and an index), three times.
Usage: tests/bench/bench_quick_check.py [FOLDER]   (default /tmp; the store is removed afterwards)"""
import os, sqlite3, sys, time

folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
path = os.path.join(folder, "bench-quick-check.db")
if os.path.exists(path):
    os.remove(path)
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE answer (audit_id INTEGER, question_id TEXT, answer TEXT, evidence TEXT, score REAL, "
           "PRIMARY KEY (audit_id, question_id))")
db.execute("CREATE INDEX answer_question ON answer (question_id)")
db.executemany("INSERT INTO answer VALUES (?, ?, ?, ?, ?)",
               ((i // 40, "Q%d" % (i % 40), "Yes", ("evidence text %d " % i) * 3, 1.0) for i in range(500000)))
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print("store: %.1f MB" % (os.path.getsize(path) / 1e6))
for _ in range(3):
    t = time.time()
    db.execute("PRAGMA quick_check").fetchall()
    print("quick_check: %.3f s" % (time.time() - t))
t = time.time()
db.execute("PRAGMA integrity_check").fetchall()
print("integrity_check: %.3f s" % (time.time() - t))
db.close()
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)
