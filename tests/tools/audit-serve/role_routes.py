"""Every role on every route of the running audit-serve, over HTTP (issue 15 item 8). TABLE below is the role x
route table as this test expects it: `audit-serve routes` must print exactly these rows (a route added to the
server without a row here fails, and so does a row for a route that is gone); then each role's account tries each
route with a valid session and CSRF token and gets 403 exactly where its role is not listed, signed-out requests to
every non-public route go to the sign-in page (API: 401), and no request fails with a server error. Everything the
observer is served (every route, the published figures included) holds no case or child reference, worker or auditor
name of the store (issue 15 item 6)."""
import csv
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["AUDIT_HOME"], "tests", "support"))
from serve_fixture import Client, Server, check, make_store, tool  # noqa: E402

EVERYONE = "admin,qa-lead,auditor,moderator,practitioner,observer"
TABLE = [
    ("GET", "/healthz", "public"),
    ("GET", "/static/app.css", "public"),
    ("GET", "/static/app.js", "public"),
    ("GET", "/login", "public"),
    ("POST", "/login", "public"),
    ("POST", "/logout", EVERYONE),
    ("GET", "/", EVERYONE),
    ("GET", "/audits", "qa-lead,auditor"),
    ("GET", "/audits/{form_id}", "qa-lead,auditor"),
    ("POST", "/audits/{form_id}", "auditor"),
    ("GET", "/api/audits", "qa-lead,auditor"),
    ("GET", "/api/audits/{form_id}", "qa-lead,auditor"),
    ("PUT", "/api/audits/{form_id}/draft", "auditor"),
    ("POST", "/api/audits/{form_id}/submit", "auditor"),
    ("GET", "/moderation", "moderator"),
    ("GET", "/moderation/{form_id}", "moderator"),
    ("POST", "/moderation/{form_id}/take", "moderator"),
    ("POST", "/moderation/{form_id}/grades", "moderator"),
    ("POST", "/moderation/{form_id}/comment", "moderator"),
    ("POST", "/moderation/{form_id}/agree", "moderator"),
    ("POST", "/moderation/{form_id}/send-back", "moderator"),
    ("GET", "/api/moderation/{form_id}", "moderator"),
    ("GET", "/practitioner", "practitioner"),
    ("GET", "/practitioner/{form_id}", "practitioner"),
    ("POST", "/practitioner/{form_id}/response", "practitioner"),
    ("GET", "/actions", "qa-lead,auditor,moderator,practitioner"),
    ("POST", "/actions/{action_id}", "qa-lead,auditor,moderator,practitioner"),
    ("GET", "/rounds/new", "qa-lead"),
    ("POST", "/rounds/preview", "qa-lead"),
    ("POST", "/rounds/confirm", "qa-lead"),
    ("GET", "/observer", "qa-lead,observer"),
    ("GET", "/rounds", "qa-lead"),
    ("GET", "/rounds/{draw_id}", "qa-lead"),
    ("GET", "/accuracy", "qa-lead"),
    ("GET", "/downloads", "qa-lead"),
    ("GET", "/downloads/{name}", "qa-lead"),
    ("GET", "/admin/access-log", "admin,qa-lead"),
    ("GET", "/admin/accounts", "admin"),
]
ACCOUNT = {"admin": "admin", "qa-lead": "lead", "auditor": "alice", "moderator": "mod", "practitioner": "prac",
           "observer": "obs"}

# The server's own table, row for row.
served = [tuple(line.split("\t")[:3]) for line in tool("audit-serve", "routes").splitlines()]
missing = [r for r in served if r not in TABLE]
gone = [r for r in TABLE if r not in served]
check(not missing, f"routes without a row in this test's table: {missing}")
check(not gone, f"rows of this test's table the server does not have: {gone}")

work = tempfile.mkdtemp(prefix="serve-routes-")
store = make_store(work)
with Server(store) as srv:
    # One submitted audit (alice's), drawn for moderation and allocated to the moderator: the {form_id} of every route.
    alice = Client(srv)
    alice.login("alice")
    form = alice.json("GET", "/api/audits").json()["audits"][0]["form_id"]
    draft = alice.json("GET", f"/api/audits/{form}").json()["draft"]
    page = alice.get(f"/audits/{form}").body
    qids = sorted({p.split('"')[0] for p in page.split('name="answer.')[1:]})
    draft["answers"] = {q: "Yes" for q in qids}
    draft["completed"] = "2026-07-31"
    r = alice.json("POST", f"/api/audits/{form}/submit", draft)
    if r.status == 422:  # grades the framework wants given: take the computed ones
        score = alice.json("PUT", f"/api/audits/{form}/draft", draft).json()["score"]
        draft["grades"] = {d["domain"]: d["computed"] for d in score["domains"]}
        draft["overall_grade"] = score["overall"]["computed"] or "Good"
        r = alice.json("POST", f"/api/audits/{form}/submit", draft)
    check(r.status == 200, f"alice's submission: {r.status} {r.body[:400]}")
    roster = os.path.join(work, "moderators.csv")
    with open(roster, "w") as f:
        f.write("moderator,capacity\nModerator,5\n")
    tool("audit-reconcile", "sample", "--period", "2026-07", "--seed", "3", "--moderators", roster, "--quiet",
         env={"AUDIT_STORE": store})

    def request(client, method, path):
        if method == "GET":
            return client.get(path)
        if path.startswith("/api/"):
            return client.json(method, path, {})
        if path == "/login":  # the sign-in form's own token first (a cookie and the form's field)
            client.get("/login")
            return client.post_form(path, {"username": "nobody", "password": "not the password"})
        return client.post_form(path, {})

    draw = "1"  # the month's audit draw (make_store's first)
    pairs = 0
    served_to_observer = []
    for role, account in ACCOUNT.items():
        c = Client(srv)
        check(c.login(account).status == 303, f"{account} signs in")
        for method, pattern, roles in TABLE:
            path = (pattern.replace("{form_id}", form).replace("{action_id}", "1").replace("{draw_id}", draw)
                    .replace("{name}", "status"))
            r = request(c, method, path)
            allowed = roles == "public" or role in roles.split(",")
            check((r.status == 403) == (not allowed), f"{role} {method} {path}: {r.status}, expected "
                                                     f"{'allowed' if allowed else '403'}")
            check(r.status < 500, f"{role} {method} {path}: server error {r.status} {r.header('X-Audit-Error')}")
            if role == "observer":
                served_to_observer.append((path, r.body))
            pairs += 1
            if pattern in ("/logout", "/login") and allowed:
                c = Client(srv)
                check(c.login(account).status == 303, f"{account} signs in again")
    # The observer: no case, child, worker or auditor name anywhere, though the published figures are there.
    with open(os.path.join(work, "sample.csv"), newline="") as f:
        sample = list(csv.DictReader(f))
    names = {"QA Officer A", "QA Officer B"}
    for row in sample:
        for column in ("case_ref", "child_ref", "worker"):
            if row.get(column):
                names.add(row[column])
    check(len(names) > 20, f"names to look for: {sorted(names)[:5]}...")
    published = dict(served_to_observer)["/observer"]
    check("Published figures" in published and "id=\"sheet-summary\"" in published, "the published figures are served")
    for path, body in served_to_observer:
        leaked = sorted(n for n in names if n in body)
        check(not leaked, f"the observer was served {leaked} at {path}")
    # Signed out: every non-public route sends to the sign-in page (the API answers 401).
    anon = Client(srv)
    anon.get("/login")
    for method, pattern, roles in TABLE:
        path = (pattern.replace("{form_id}", form).replace("{action_id}", "1").replace("{draw_id}", draw)
                .replace("{name}", "status"))
        r = request(anon, method, path)
        if roles == "public":
            check(r.status not in (401, 403) and r.status < 500, f"public {method} {path}: {r.status}")
        elif path.startswith("/api/"):
            check(r.status == 401, f"signed out {method} {path}: {r.status}")
        else:
            check(r.status == 303 and r.header("Location") == "/login", f"signed out {method} {path}: {r.status}")
print(f"ok: {len(TABLE)} routes, {pairs} role x route pairs")
