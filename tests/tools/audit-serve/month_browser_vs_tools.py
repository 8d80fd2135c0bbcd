"""A month in the browser gives the same store as the same month through the command-line tools (issue 15's "Done
when"). Two stores start from the same inputs: a case list (audit-demo-data), a roster of two auditors and the same
accounts (so that names match). Then:

1. Draw: browser: the QA lead uploads the case list and roster (POST /rounds/preview, multipart) and confirms
   (POST /rounds/confirm with the preview's hidden fields); tools: audit-sample with the same file name and options.
2. Audits: browser: each auditor drafts and submits their allocated audits through the JSON API; tools: the same
   answers, evidence, grades, rationales, strengths and actions as one bulk answers CSV (`audit-score import`,
   docs/BULK_ANSWERS.md) with the web's form ids in `form_id`.
3. Moderation: both: `audit-reconcile sample` (the browser has no page for drawing the moderation sample). Browser:
   the moderator takes each audit, grades it blind; one is sent back with a comment, the auditor resubmits (version
   2), the moderator agrees with a reason code; the others are agreed straight away. Tools: for the sent-back audit a
   second bulk import of the changed audit (its version 2), then `audit-reconcile import` of a moderation CSV with
   the same grades and reason codes.
4. Actions: browser: the owner's progress on one action (POST /actions/{id}); tools: `audit-report actions`, the
   tracker filled by openpyxl, `audit-report actions-import`.
5. Practitioner feedback: browser only (the tools have no path for it): the practitioner's response is checked to
   exist. The published view: GET /observer against `audit-report lscb --publish` of the tools' store: the same
   headline figures.

Then the stores are compared table by table (IGNORED below lists every column left out and why); rows only the
browser writes (moderation comments and decisions, practitioner responses, access log, sessions) are checked to
exist. MONTH_MUTATE=answer (one answer), =reason (the sent-back audit's moderation reason) or =note (the action's
note) changes the tools' side only: the comparison must then fail (tried: each fails)."""
import csv
import datetime
import html
import http.client
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.environ["AUDIT_HOME"], "tests", "support"))
from serve_fixture import PASSWORD, Client, Server, check, tool  # noqa: E402

NOW = "2026-07-31T09:00:00Z"
ACCOUNTS = [("alice", "auditor", "QA Officer A"), ("bob", "auditor", "QA Officer B"), ("lead", "qa-lead", "QA Lead"),
            ("obs", "observer", "Observer"), ("mod", "moderator", "Moderator"), ("prac", "practitioner", "Practitioner")]
DRAW = {"strata": "team", "size_mode": "size", "size": "12", "allocation": "proportional", "period": "2026-07",
        "as_of": "2026-07-31", "seed": "7"}
MUTATE = os.environ.get("MONTH_MUTATE", "")
os.environ["AUDIT_NOW"] = NOW  # the server's clock too: dates it records are the tools' dates


def setup(folder):
    """The same inputs and accounts in a fresh store under folder."""
    os.makedirs(folder)
    store = os.path.join(folder, "audit.db")
    env = {"AUDIT_STORE": store, "AUDIT_NOW": NOW}
    tool("audit-demo-data", "cases", "--size", "300", "--seed", "11", "--as-of", "2026-07-31", "--out",
         os.path.join(folder, "cases.csv"), env=env)
    with open(os.path.join(folder, "roster.csv"), "w") as f:
        f.write("name,team,capacity,worker\nQA Officer A,Quality Assurance,6,\nQA Officer B,Quality Assurance,6,\n")
    for name, role, display in ACCOUNTS:
        tool("audit-serve", "user", "add", name, "--role", role, "--display", display, "--password-stdin", "--quiet",
             stdin=PASSWORD + "\n", env=env)
    return store, env


def in_folder(folder, *args, env):
    e = dict(os.environ, **env)
    r = subprocess.run([os.path.join(os.environ["AUDIT_BIN"], args[0]), *args[1:]], cwd=folder, capture_output=True,
                       text=True, env=e)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout


def multipart(fields, files):
    boundary = "----month" + uuid.uuid4().hex
    out = []
    for k, v in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, (name, data) in files.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                   f'Content-Type: text/csv\r\n\r\n'.encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


work = tempfile.mkdtemp(prefix="month-")
web_dir, cli_dir = os.path.join(work, "browser"), os.path.join(work, "tools")
web_store, web_env = setup(web_dir)
cli_store, cli_env = setup(cli_dir)

# What each audit is given: the same on both paths (filled in as the browser path goes).
submitted = {}  # form_id -> (auditor, case_ref, draft)
with Server(web_store) as srv:
    # 1. The draw.
    lead = Client(srv)
    check(lead.login("lead").status == 303, "the QA lead signs in")
    lead.get("/rounds/new")
    files = {k: (f"{k}.csv", open(os.path.join(web_dir, f"{k}.csv"), "rb").read()) for k in ("cases", "roster")}
    body, ctype = multipart(dict(DRAW, csrf=lead.form_token), files)
    r = lead.send("POST", "/rounds/preview", body, {"Content-Type": ctype})
    check(r.status == 200 and "Check the draw" in r.body, f"the preview: {r.status} {r.header('X-Audit-Error')}")
    confirm = r.body[r.body.index('action="/rounds/confirm"'):]
    confirm = confirm[:confirm.index("</form>")]
    hidden = {html.unescape(k): html.unescape(v)
              for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', confirm)}
    r = lead.send("POST", "/rounds/confirm", urllib.parse.urlencode(hidden),
                  {"Content-Type": "application/x-www-form-urlencoded"})
    check(r.status == 303, f"the confirmation: {r.status} {r.header('X-Audit-Error')}")
    in_folder(cli_dir, "audit-sample", "--cases", "cases.csv", "--strata", "team", "--size", "12", "--allocation",
              "proportional", "--auditors", "roster.csv", "--period", "2026-07", "--as-of", "2026-07-31", "--seed", "7", "--out", "sample.csv",
              "--quiet", env=cli_env)

    # 2. The audits: answers vary with the question and the case, one action on every third audit.
    auditors = {}
    for account in ("alice", "bob"):
        c = Client(srv)
        check(c.login(account).status == 303, f"{account} signs in")
        auditors[account] = c
        for n, row in enumerate(c.json("GET", "/api/audits").json()["audits"]):
            form = row["form_id"]
            got = c.json("GET", f"/api/audits/{form}").json()
            draft = got["draft"]
            page = c.get(f"/audits/{form}").body
            qids = sorted({p.split('"')[0] for p in page.split('name="answer.')[1:]})
            scale = ["Yes", "Yes", "Partly", "No"]
            draft["answers"] = {q: scale[(i + n) % len(scale)] for i, q in enumerate(qids)}
            draft["evidence"] = {q: f"Seen on file, note {i + 1} ({form})." for i, q in enumerate(qids) if i % 3 == 0}
            draft["completed"] = "2026-07-30"
            draft["strengths"] = f"Warm recording in {form}." if n % 2 == 0 else ""
            draft["actions"] = ([{"action": "See the child alone and record their views", "owner": row["worker"],
                                  "due": "2026-08-29"}] if n % 3 == 0 else [])
            score = c.json("PUT", f"/api/audits/{form}/draft", draft).json()["score"]
            draft["grades"] = {d["domain"]: d["computed"] or "Good" for d in score["domains"]}
            draft["rationales"] = {}
            draft["overall_grade"] = score["overall"]["computed"] or "Good"
            if n == 1:  # one grade departing from the computed one, with its rationale
                first = score["domains"][0]["domain"]
                draft["grades"][first] = "Outstanding" if draft["grades"][first] != "Outstanding" else "Good"
                draft["rationales"][first] = "Exceptional direct work outweighs the gaps."
            r = c.json("POST", f"/api/audits/{form}/submit", draft)
            check(r.status == 200, f"{account} submits {form}: {r.status} {r.body[:400]}")
            submitted[form] = (row, draft)
    check(len(submitted) == 12, f"12 audits submitted: {len(submitted)}")

COLUMNS = ["form_id", "case_ref", "template", "template_version", "auditor", "completed_date", "period", "draw_id",
           "strengths", "question_id", "answer", "evidence", "domain", "grade", "rationale", "action", "owner",
           "due_date"]


def bulk_csv(path, forms):
    """The bulk answers CSV of the audits the browser submitted (the same content, one row per answer, grade and
    action)."""
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        for form in forms:
            row, d = submitted[form]
            head = {"form_id": form, "case_ref": row["case_ref"], "template": row["template"].split(" v")[0],
                    "template_version": row["template"].split(" v")[1], "auditor": row["auditor"],
                    "completed_date": d["completed"], "period": row["period"], "draw_id": row["draw_id"],
                    "strengths": d["strengths"]}
            for q, a in sorted(d["answers"].items()):
                if MUTATE == "answer" and form == min(forms) and q == min(d["answers"]):
                    a = "No" if a != "No" else "Yes"
                w.writerow(dict(head, question_id=q, answer=a, evidence=d["evidence"].get(q, "")))
            for dom, g in sorted(d["grades"].items()):
                w.writerow(dict(head, domain=dom, grade=g, rationale=d["rationales"].get(dom, "")))
            w.writerow(dict(head, domain="overall", grade=d["overall_grade"], rationale=d["overall_rationale"]))
            for a in d["actions"]:
                w.writerow(dict(head, action=a["action"], owner=a["owner"], due_date=a["due"]))


bulk_csv(os.path.join(cli_dir, "answers.csv"), sorted(submitted))
in_folder(cli_dir, "audit-score", "import", "answers.csv", "--quiet", env=cli_env)

# 3. Moderation: the same moderation draw in both stores (the browser has no page for drawing it).
for folder, env in ((web_dir, web_env), (cli_dir, cli_env)):
    with open(os.path.join(folder, "moderators.csv"), "w") as f:
        f.write("moderator,capacity\nModerator,5\n")
    in_folder(folder, "audit-reconcile", "sample", "--period", "2026-07", "--seed", "3", "--moderators",
              "moderators.csv", "--quiet", env=env)
db = sqlite3.connect(web_store)
drawn = [r[0] for r in db.execute("SELECT a.form_id FROM draw d JOIN draw_member m ON m.draw_id = d.id JOIN audit a "
                                  "ON a.id = m.audit_id WHERE d.kind = 'moderation' ORDER BY a.form_id")]
db.close()
check(len(drawn) >= 2, f"at least two audits drawn for moderation: {drawn}")
sent_back = drawn[0]
ACCOUNT_OF = {"QA Officer A": "alice", "QA Officer B": "bob"}
moderated = {}  # form_id -> {domain: (moderator grade, agreed grade, code, reason)}
with Server(web_store) as srv:
    mod = Client(srv)
    check(mod.login("mod").status == 303, "the moderator signs in")

    def post(client, path, fields, what):
        r = client.post_form(path, fields)
        check(r.status == 303, f"{what}: {r.status} {r.header('X-Audit-Error')} {r.body[:300]}")

    for form in drawn:
        page = mod.get(f"/moderation/{form}").body
        post(mod, f"/moderation/{form}/take", {}, f"take {form}")
        page = mod.get(f"/moderation/{form}").body
        domains = re.findall(r'name="grade\.([^"]+)"', page)
        check(domains, f"the blind form of {form} asks for grades")
        row, d = submitted[form]
        grade = {dom: d["grades"].get(dom, d["overall_grade"]) for dom in domains}
        post(mod, f"/moderation/{form}/grades", {f"grade.{dom}": g for dom, g in grade.items()}, f"grades {form}")
        if form == sent_back:
            post(mod, f"/moderation/{form}/comment", {"target": domains[0], "comment": "Say who the child was seen with."},
                 "the comment")
            post(mod, f"/moderation/{form}/send-back", {"note": "Please add the detail the comment asks for."},
                 "send back")
            auditor = Client(srv)
            check(auditor.login(ACCOUNT_OF[row["auditor"]]).status == 303, "the auditor signs in")
            q = sorted(d["answers"])[0]
            d["evidence"][q] = d["evidence"].get(q, "") + " Seen with her teacher present on 10 July."
            r = auditor.json("POST", f"/api/audits/{form}/submit", d)
            check(r.status == 200, f"the resubmission: {r.status} {r.body[:300]}")
            post(mod, f"/moderation/{form}/take", {}, f"take {form} again")
        code = "evidence-missed" if form == sent_back else "agreed"
        reason = "Checked against the case record." if form == sent_back else ""
        post(mod, f"/moderation/{form}/agree", {**{f"agreed.{dom}": g for dom, g in grade.items()},
                                                **{f"code.{dom}": code for dom in grade},
                                                **{f"reason.{dom}": reason for dom in grade}}, f"agree {form}")
        moderated[form] = {dom: (g, g, code, reason) for dom, g in grade.items()}

# The server dates a moderation by its clock (not AUDIT_NOW): the return gives the day it was done.
MODERATED = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
# The tools: the sent-back audit's new version, then the moderation return.
bulk_csv(os.path.join(cli_dir, "answers-2.csv"), [sent_back])
in_folder(cli_dir, "audit-score", "import", "answers-2.csv", "--quiet", env=cli_env)
with open(os.path.join(cli_dir, "moderation.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["form_id", "domain", "moderator", "moderator_grade", "reason_code", "reason", "agreed_grade",
                "moderated_date"])
    for form, grades in sorted(moderated.items()):
        for dom, (g, agreed, code, reason) in grades.items():
            if MUTATE == "reason" and form == sent_back:
                reason += " (mutated)"
            w.writerow([form, dom, "Moderator", g, code, reason, agreed, MODERATED])
in_folder(cli_dir, "audit-reconcile", "import", "moderation.csv", env=cli_env)

# 4. Actions: the worker who owns an action marks it done; 5. the worker of the sent-back audit responds to it.
owner_form = next(f for f in sorted(submitted) if submitted[f][1]["actions"])
owner = submitted[owner_form][0]["worker"]
practitioner = submitted[sent_back][0]["worker"]
people = {owner: "owner"}
people.setdefault(practitioner, "worker")
for env in (web_env, cli_env):
    for display, name in people.items():
        tool("audit-serve", "user", "add", name, "--role", "practitioner", "--display", display, "--password-stdin",
             "--quiet", stdin=PASSWORD + "\n", env=env)
DONE = {"status": "done", "closed": "2026-08-20", "note": "Seen alone at school on 20 August; views recorded."}
TODAY = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
db = sqlite3.connect(web_store)
action_id = db.execute("SELECT x.id FROM action x JOIN audit a ON a.id = x.audit_id WHERE a.form_id = ?",
                       (owner_form,)).fetchone()[0]
db.close()
with Server(web_store) as srv:
    c = Client(srv)
    check(c.login(people[owner]).status == 303, "the action's owner signs in")
    check(f'action="/actions/{action_id}"' in c.get("/actions").body, "the owner's action is listed")
    r = c.post_form(f"/actions/{action_id}", DONE)
    check(r.status == 303, f"the owner's update: {r.status} {r.header('X-Audit-Error')} {r.body[:300]}")
    p = Client(srv)
    check(p.login(people[practitioner]).status == 303, "the practitioner signs in")
    check(f"/practitioner/{sent_back}" in p.get("/practitioner").body, "the agreed audit is shared with its worker")
    r = p.post_form(f"/practitioner/{sent_back}/response", {"response": "Thank you; I will record who was present."})
    check(r.status == 303, f"the practitioner's response: {r.status} {r.body[:300]}")
    # The published view: the observer's page, and the same workbook as the QA lead downloads it.
    o = Client(srv)
    check(o.login("obs").status == 303, "the observer signs in")
    observer_page = o.get("/observer?period=2026-07").body
    lead = Client(srv)
    check(lead.login("lead").status == 303, "the QA lead signs in")
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
    conn.request("GET", "/downloads/partnership-published?period=2026-07",
                 headers={"Cookie": "; ".join(f"{k}={v}" for k, v in lead.cookies.items())})
    got = conn.getresponse()
    check(got.status == 200, f"the published workbook downloads: {got.status}")
    with open(os.path.join(web_dir, "published.xlsx"), "wb") as f:
        f.write(got.read())
    conn.close()
in_folder(cli_dir, "audit-report", "actions", "--out", "tracker.xlsx", "--as-of", "2026-07-31", "--quiet", env=cli_env)
subprocess.run(["/usr/bin/python3", "-c", """
import datetime, sys, openpyxl
path, case, status, closed, note = sys.argv[1:]
wb = openpyxl.load_workbook(path)
ws = wb["Actions"]
head = [c.value for c in ws[3]]
for row in ws.iter_rows(min_row=4):
    if row[head.index("Case")].value == case:
        row[head.index("Status")].value = status
        row[head.index("Date completed")].value = datetime.datetime.fromisoformat(closed)
        row[head.index("Note")].value = note
wb.save(path)
""", os.path.join(cli_dir, "tracker.xlsx"), submitted[owner_form][0]["case_ref"], DONE["status"], DONE["closed"],
                DONE["note"] + (" (mutated)" if MUTATE == "note" else "")], check=True)
in_folder(cli_dir, "audit-report", "actions-import", "tracker.xlsx", "--today", TODAY, "--by", owner, "--quiet",
          env=cli_env)

# The tools' published workbook: lscb wants at least one self-assessment (the browser's build has none; the
# self-assessment sheet is not compared).
with open(os.path.join(cli_dir, "self-assessments.csv"), "w") as f:
    f.write("agency,period,theme,standard,rating,evidence\nPolice,2026-07,Voice of the child,S1,green,Reviewed\n")
in_folder(cli_dir, "audit-report", "lscb", "--period", "2026-07", "--self-assessments", "self-assessments.csv",
          "--publish", "--out", "published.xlsx", "--quiet", env=cli_env)
READ_SUMMARY = """
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Summary"]
rows, on = [], False
for r in ws.iter_rows(values_only=True):
    on = on or r[0] in ("Measure", "Month")
    if on and r[0] is None:
        on = False
    if on:
        rows.append([None if v is None else str(v) for v in r[:6]])
print(json.dumps(rows))
"""


def summary(path):
    out = subprocess.run(["/usr/bin/python3", "-c", READ_SUMMARY, path], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


web_summary, cli_summary = summary(os.path.join(web_dir, "published.xlsx")), summary(os.path.join(cli_dir, "published.xlsx"))
check(len(web_summary) > 10, f"the published summary's tables: {web_summary}")
check(web_summary == cli_summary, f"the published figures differ:\nbrowser: {web_summary}\ntools:   {cli_summary}")
headline = next(r for r in web_summary if r[0] == "Audits completed in the period")
check(f">{headline[1]}<" in observer_page and "Audits completed in the period" in observer_page,
      f"the observer's page shows the published headline {headline}")

# Rows only the browser writes: checked to exist.
db = sqlite3.connect(web_store)
for table, least in (("moderation_comment", 1), ("moderation_decision", len(drawn) + 1), ("practitioner_response", 1),
                     ("access_log", 20), ("web_session", 1)):
    n = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    check(n >= least, f"{table}: {n} rows in the browser's store, expected at least {least}")
db.close()

# The comparison. Ids differ (they are each store's own), so rows are joined by their natural keys: an audit by its
# form id (latest version), an action by its audit's form id and number.
IGNORED = {
    "*.id, *.audit_id, *.action_id": "each store's own row ids; rows are matched by form id and action number",
    "draw.created_at, allocation.allocated_at, audit.imported_at, action.created_at, action.updated_at, "
    "action_update.updated_at, moderation.imported_at": "the time each path ran",
    "audit.source_file, audit.source_hash, audit.source_kind": "provenance: the bulk CSV's path and hash against the "
                                                               "browser's submission",
    "action_update.source_file, action_update.source_hash": "provenance: the returned tracker against the browser",
    "moderation.source_file, moderation.source_hash": "provenance: the moderation CSV against the browser",
    "audit.version, audit.is_latest": "only the latest version of each form is compared (versions are compared "
                                      "for the sent-back audit by its count)",
    "moderation.version, moderation.is_latest": "the browser stores the blind grades and the agreement as "
                                                "successive versions, the CSV one version: the latest is compared",
}
AUDIT = "(SELECT form_id FROM audit a WHERE a.id = {t}.audit_id)"
TABLES = {
    "draw": "SELECT kind, period, seed, algorithm, parameters, frame_source, frame_hash, frame_rows, frame_size, "
            "sample_size, template_id, tool_version, due_date FROM draw",
    "draw_stratum": "SELECT * FROM draw_stratum",
    "draw_member": "SELECT draw_id, case_ref, stratum, inclusion_probability, design_weight, draw_order, "
                   "(SELECT form_id FROM audit a WHERE a.id = draw_member.audit_id) FROM draw_member",
    "case_snapshot": "SELECT * FROM case_snapshot",
    "allocation": "SELECT draw_id, case_ref, role, auditor FROM allocation",
    "audit": "SELECT form_id, draw_id, case_ref, child_ref, template_id, template_version, framework_id, "
             "framework_version, auditor, team, service_area, category, worker, period, completed_date, strengths, "
             "escalation, extra FROM audit WHERE is_latest = 1",
    "answer": "SELECT a.form_id, question_id, domain, answer, evidence, score FROM answer JOIN audit a "
              "ON a.id = answer.audit_id AND a.is_latest = 1",
    "judgement": "SELECT a.form_id, domain, computed_grade, computed_rank, computed_score, limited_by, auditor_grade, "
                 "auditor_rank, rationale, disagrees FROM judgement JOIN audit a ON a.id = judgement.audit_id "
                 "AND a.is_latest = 1",
    "action": "SELECT a.form_id, action_no, description, owner, due_date, status, closed_date FROM action "
              "JOIN audit a ON a.id = action.audit_id",
    "action_update": "SELECT a.form_id, x.action_no, u.status, u.closed_date, u.note, u.updated_by FROM action_update u "
                     "JOIN action x ON x.id = u.action_id JOIN audit a ON a.id = x.audit_id",
    "moderation": "SELECT m.form_id, a.form_id, m.draw_id, domain, moderator, moderator_grade, moderator_rank, "
                  "agreed_grade, agreed_rank, reason_code, reason, mode, m.period, moderated_date FROM moderation m "
                  "JOIN audit a ON a.id = m.audit_id WHERE m.is_latest = 1",
}


def rows(store, sql):
    db = sqlite3.connect(store)
    try:
        return sorted((tuple("" if v is None else str(v) for v in r) for r in db.execute(sql)))
    finally:
        db.close()


differences = []
for table, sql in TABLES.items():
    web, cli = rows(web_store, sql), rows(cli_store, sql)
    if web != cli:
        only_web = [r for r in web if r not in cli][:3]
        only_cli = [r for r in cli if r not in web][:3]
        differences.append(f"{table}: {len(web)} rows in the browser's store, {len(cli)} in the tools'; "
                           f"only the browser's: {only_web}; only the tools': {only_cli}")
check(not differences, "the stores differ:\n" + "\n".join(differences))
print("ok: " + ", ".join(f"{t} {len(rows(web_store, q))}" for t, q in TABLES.items()))
