#!/usr/bin/python3
"""Benchmark (on demand, not in ctest): audit-serve under 100 concurrent auditor sessions saving drafts.

    /usr/bin/python3 tests/bench/bench_serve.py [BUILD_DIR] [--sessions 100] [--seconds 60] [--think 0.5] [--postgres]

Loopback only; stops by itself. A store with a month's draw allocating a case to each of N auditors (their accounts
made with `audit-serve user add`), one audit-serve on 127.0.0.1 at a free port (with --postgres: a temporary
PostgreSQL cluster and TWO audit-serve processes on it, each session signing in on one and sending every other
request to the other, so sessions are shared through the store). Each session signs in (one at a time: Argon2id is
meant to be costly), then for the given seconds saves its draft (PUT /api/audits/{form}/draft, one more answer or
a longer evidence text each time) and waits `think` seconds between saves (the page's autosave waits 0.8 s after a
keystroke). Reports requests, errors, throughput, p50/p90/p99/max latency (client-measured wall time of each
request), and checks that no draft was lost: the stored draft of every session is the last one it saved.
Goal (issue 14): p99 under 50 ms with SQLite on this machine, zero errors, no lost draft."""
import argparse
import http.client
import json
import os
import pwd
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(root, "tests", "support"))

ap = argparse.ArgumentParser()
ap.add_argument("build", nargs="?", default=os.path.join(root, "build"))
ap.add_argument("--sessions", type=int, default=100)
ap.add_argument("--seconds", type=float, default=60)
ap.add_argument("--think", type=float, default=0.5)
ap.add_argument("--postgres", action="store_true")
args = ap.parse_args()
build = args.build[:-4] if args.build.rstrip("/").endswith("/bin") else args.build
os.environ["AUDIT_BIN"] = os.path.join(build, "bin")
os.environ["AUDIT_HOME"] = root
import serve_fixture as sf  # noqa: E402

work = tempfile.mkdtemp(prefix="bench-serve-")
pg_dir = None
servers = []


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def start_postgres():
    global pg_dir
    bins = sorted(d for d in os.listdir("/usr/lib/postgresql") if os.path.exists(f"/usr/lib/postgresql/{d}/bin/initdb"))
    pg = f"/usr/lib/postgresql/{bins[-1]}/bin"
    pg_dir = tempfile.mkdtemp(prefix="bench-pg-")
    as_user = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(pg_dir, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(as_user + [f"{pg}/initdb", "-D", f"{pg_dir}/data", "--auth=trust", "-U", "postgres", "--no-instructions",
                              "-E", "UTF8", "--locale=C"], check=True, capture_output=True)
    port = free_port()
    subprocess.run(as_user + [f"{pg}/pg_ctl", "-D", f"{pg_dir}/data", "-l", f"{pg_dir}/log", "-w", "-t", "30", "-o",
                              f"-k {pg_dir} -h 127.0.0.1 -p {port} -c max_connections=200", "start"],
                   check=True, capture_output=True)
    return pg, as_user, f"postgresql:host=127.0.0.1 port={port} dbname=postgres user=postgres"


def make_store(spec):
    env = {"AUDIT_STORE": spec, "AUDIT_NOW": "2026-07-31T09:00:00Z"}
    cases = os.path.join(work, "cases.csv")
    sf.tool("audit-demo-data", "cases", "--size", "2500", "--seed", "11", "--as-of", "2026-07-31", "--out", cases, env=env)
    roster = os.path.join(work, "roster.csv")
    with open(roster, "w") as f:
        f.write("name,team,capacity,worker\n")
        for i in range(args.sessions):
            f.write(f"Auditor {i:03d},Quality Assurance,1,\n")
    sf.tool("audit-sample", "--cases", cases, "--strata", "team", "--size", str(args.sessions), "--auditors", roster, "--period", "2026-07",
            "--as-of", "2026-07-31", "--seed", "7", "--out", os.path.join(work, "sample.csv"), "--quiet", env=env)
    for i in range(args.sessions):
        sf.tool("audit-serve", "user", "add", f"auditor{i:03d}", "--role", "auditor", "--display", f"Auditor {i:03d}",
                "--password-stdin", "--quiet", stdin=sf.PASSWORD + "\n", env=env)


if args.postgres:
    pg, as_user, spec = start_postgres()
else:
    spec = os.path.join(work, "audit.db")
t0 = time.time()
make_store(spec)
print(f"setup: store, draw of {args.sessions} cases, {args.sessions} accounts in {time.time() - t0:.1f} s", flush=True)
try:
    servers.append(sf.Server(spec, "--threads", "32"))
    if args.postgres:
        servers.append(sf.Server(spec, "--threads", "32"))

    latencies, errors, last_sent = [], [], {}
    lock = threading.Lock()
    clients = []
    for i in range(args.sessions):  # sign in one at a time
        c = sf.Client(servers[i % len(servers)])
        r = c.login(f"auditor{i:03d}")
        assert r.status == 303, (i, r.status)
        audits = c.json("GET", "/api/audits").json()["audits"]
        assert audits, f"auditor{i:03d} has no audit"
        others = [sf.Client(s) for s in servers if s is not servers[i % len(servers)]]
        for o in others:
            o.cookies, o.csrf = dict(c.cookies), c.csrf
        clients.append((c, others, audits[0]["form_id"]))
    print(f"signed in {args.sessions} sessions on {len(servers)} server(s)", flush=True)

    stop_at = time.time() + args.seconds
    qids = None

    def session(k):
        c, others, form = clients[k]
        n = 0
        while time.time() < stop_at:
            n += 1
            target = (others + [c])[n % (len(others) + 1)]
            draft = {"answers": {}, "evidence": {"q": f"session {k} save {n}: " + "evidence " * (n % 40)},
                     "completed": "2026-07-31"}
            t = time.perf_counter()
            try:
                r = target.json("PUT", f"/api/audits/{form}/draft", draft)
                ok = r.status == 200
                status = r.status
            except Exception as e:  # noqa: BLE001
                ok, status = False, repr(e)
            dt = time.perf_counter() - t
            with lock:
                latencies.append(dt)
                if ok:
                    last_sent[form] = draft["evidence"]["q"]
                else:
                    errors.append((k, status))
            time.sleep(args.think)

    threads = [threading.Thread(target=session, args=(k,)) for k in range(args.sessions)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started

    # No lost draft: what each session saved last is what the store holds.
    lost = 0
    for c, _, form in clients:
        d = c.json("GET", f"/api/audits/{form}").json()["draft"]
        if d["evidence"].get("q") != last_sent.get(form):
            lost += 1
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=100)
    print(f"backend: {'PostgreSQL, 2 audit-serve processes' if args.postgres else 'SQLite, 1 audit-serve process'}")
    print(f"sessions {args.sessions}, {args.seconds:.0f} s, think {args.think} s; load: {os.getloadavg()[0]:.2f}")
    print(f"requests {len(lat)} ({len(lat) / elapsed:.0f}/s), errors {len(errors)}, lost drafts {lost}")
    print(f"latency ms: p50 {q[49] * 1000:.1f}  p90 {q[89] * 1000:.1f}  p99 {q[98] * 1000:.1f}  max {lat[-1] * 1000:.1f}")
    if errors:
        print("first errors:", errors[:5])
finally:
    for s in servers:
        s.stop()
    if pg_dir:
        subprocess.run(as_user + [f"{pg}/pg_ctl", "-D", f"{pg_dir}/data", "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(pg_dir, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
