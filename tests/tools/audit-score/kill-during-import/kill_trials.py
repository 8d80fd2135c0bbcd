#!/usr/bin/python3
"""Kill -9 an import at seeded random moments; after each kill, check the store: sound, every audit with its
import_log row, and the import all or nothing (0 or every return of the folder)."""
import random, signal, sqlite3, subprocess, sys, time

trials, store, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(17)
# How long a whole import takes here, to aim the kills inside it.
start = time.monotonic()
subprocess.run(["audit-score", "import", folder, "--store", "probe.db", "--quiet", "--unsampled"], check=False)
whole = max(time.monotonic() - start, 0.2)
seen = set()
for trial in range(trials):
    p = subprocess.Popen(["audit-score", "import", folder, "--store", store, "--quiet"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.05, 0.95) * whole)
    killed = p.poll() is None
    if killed:
        p.send_signal(signal.SIGKILL)
    p.wait()
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", trial
    audits = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    logged = db.execute("SELECT COUNT(*) FROM audit a WHERE EXISTS (SELECT 1 FROM import_log l WHERE "
                        "l.source_hash = a.source_hash AND l.outcome IN ('imported', 'new-version'))").fetchone()[0]
    assert audits == logged, (trial, audits, logged)
    assert audits in (0, 40), (trial, audits)
    seen.add((killed, audits))
    db.close()
    if audits == 40:
        break
print("trials:", sorted(seen))
print("kill trials ok")
