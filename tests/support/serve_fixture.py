"""What the audit-serve tests over HTTP and in Chromium share: a store with a month's draw made by the real tools,
accounts for every role, a real audit-serve on 127.0.0.1 at a free port (stopped by its PID), and a small HTTP
client with a cookie jar that does not follow redirects. Standard library only (Debian's /usr/bin/python3)."""
import http.client
import json
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.parse

PASSWORD = "correct horse battery staple"
BIN = os.environ.get("AUDIT_BIN", "")


def tool(*args, stdin=None, env=None):
    e = dict(os.environ, **(env or {}))
    r = subprocess.run([os.path.join(BIN, args[0]), *args[1:]], input=stdin, capture_output=True, text=True, env=e)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout


def make_store(folder, store=None):
    """A month's draw (2026-07) of 12 cases allocated to QA Officer A and B, and an account for every role."""
    store = store or os.path.join(folder, "audit.db")
    env = {"AUDIT_STORE": store, "AUDIT_NOW": "2026-07-31T09:00:00Z"}
    cases = os.path.join(folder, "cases.csv")
    tool("audit-demo-data", "cases", "--size", "300", "--seed", "11", "--as-of", "2026-07-31", "--out", cases, env=env)
    roster = os.path.join(folder, "roster.csv")
    with open(roster, "w") as f:
        f.write("name,team,capacity,worker\nQA Officer A,Quality Assurance,6,\nQA Officer B,Quality Assurance,6,\n")
    tool("audit-sample", "--cases", cases, "--strata", "team", "--size", "12", "--auditors", roster, "--period", "2026-07",
         "--as-of", "2026-07-31", "--seed", "7", "--out", os.path.join(folder, "sample.csv"), "--quiet", env=env)
    for name, roles, display in [("alice", "auditor", "QA Officer A"), ("bob", "auditor", "QA Officer B"),
                                 ("lead", "qa-lead", "QA Lead"), ("admin", "admin", "Admin"),
                                 ("obs", "observer", "Observer"), ("mod", "moderator", "Moderator"),
                                 ("prac", "practitioner", "Practitioner")]:
        tool("audit-serve", "user", "add", name, "--role", roles, "--display", display, "--password-stdin",
             "--quiet", stdin=PASSWORD + "\n", env=env)
    return store


class Server:
    """audit-serve run on 127.0.0.1, any free port; stop() ends it by its PID."""

    def __init__(self, store, *extra):
        self.dir = tempfile.mkdtemp(prefix="audit-serve-")
        port_file = os.path.join(self.dir, "port")
        self.log = open(os.path.join(self.dir, "server.log"), "w+")
        self.proc = subprocess.Popen(
            [os.path.join(BIN, "audit-serve"), "run", "--listen", "127.0.0.1:0", "--port-file", port_file,
             "--template", "cin-cp", "--store", store, "--quiet", *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not os.path.exists(port_file):
            if self.proc.poll() is not None or time.time() > deadline:
                self.log.seek(0)
                raise RuntimeError("audit-serve did not start:\n" + self.log.read())
            time.sleep(0.05)
        self.port = int(open(port_file).read())
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.seek(0)
        return self.log.read()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Response:
    def __init__(self, r):
        self.status = r.status
        self.headers = r.getheaders()
        self.body = r.read().decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return ""

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        return json.loads(self.body)


class Client:
    """One browser: a cookie jar and the session's CSRF token; redirects are not followed."""

    def __init__(self, server):
        self.port = server.port
        self.cookies = {}
        self.csrf = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def send(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = body.encode() if isinstance(body, str) else body
        try:
            self.conn.request(method, path, body=data, headers=h)
            r = Response(self.conn.getresponse())
        except (http.client.HTTPException, ConnectionError):
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=data, headers=h)
            r = Response(self.conn.getresponse())
        for c in r.all("Set-Cookie"):
            name, _, rest = c.partition("=")
            value = rest.split(";")[0]
            if "Max-Age=0" in c:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        tokens = re.findall(r'name="csrf" value="([0-9a-f]+)"', r.body)
        if tokens:  # the last one: the sign-in form's comes after the sign-out form's in the header
            self.form_token = tokens[-1]
        return r

    def get(self, path):
        return self.send("GET", path)

    def post_form(self, path, fields, csrf=True):
        f = dict(fields)
        if csrf:
            f["csrf"] = self.form_token
        return self.send("POST", path, urllib.parse.urlencode(f), {"Content-Type": "application/x-www-form-urlencoded"})

    def json(self, method, path, obj=None, csrf=True):
        h = {"Content-Type": "application/json"}
        if csrf:
            h["X-CSRF-Token"] = self.csrf
        return self.send(method, path, json.dumps(obj) if obj is not None else "", h)

    def login(self, name, password=PASSWORD):
        self.get("/login")
        r = self.post_form("/login", {"username": name, "password": password})
        if r.status == 303:
            self.get("/audits")
            self.csrf = self.form_token
        return r


def check(cond, message):
    if not cond:
        raise AssertionError(message)
