"""audit-serve over real HTTP (and HTTPS): every security point of issue 14 item 2 against the running binary."""
import http.client
import os
import ssl
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["AUDIT_HOME"], "tests", "support"))
from serve_fixture import PASSWORD, Client, Server, check, make_store  # noqa: E402

work = tempfile.mkdtemp(prefix="serve-http-")
store = make_store(work)

with Server(store) as srv:
    # Headers on every page.
    anon = Client(srv)
    r = anon.get("/login")
    csp = r.header("Content-Security-Policy")
    check("script-src 'self' 'nonce-" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, csp)
    check(r.header("X-Content-Type-Options") == "nosniff", "nosniff")
    nonce = csp.split("'nonce-")[1].split("'")[0]
    check(f'nonce="{nonce}"' in r.body, "the page's script carries the CSP nonce")
    check(anon.get("/healthz").json() == {"status": "ok"}, "healthz")
    check(anon.get("/api/audits").status == 401, "the API needs a session")

    # The session id changes at sign-in (a planted one is not promoted); cookie flags.
    alice = Client(srv)
    alice.cookies["audit_session"] = "a" * 64
    r = alice.login("alice")
    check(r.status == 303, f"sign in: {r.status}")
    cookie = [c for c in r.all("Set-Cookie") if c.startswith("audit_session=")][0]
    check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie, cookie)
    first = alice.cookies["audit_session"]
    check(first != "a" * 64 and len(first) == 64, "a new 256-bit id")
    alice.login("alice")
    check(alice.cookies["audit_session"] != first, "a new id at every sign-in")

    audits = alice.json("GET", "/api/audits").json()["audits"]
    check(len(audits) == 6, f"alice has 6 audits, got {len(audits)}")
    form = audits[0]["form_id"]

    # CSRF: a state-changing request without the token is refused.
    check(alice.json("PUT", f"/api/audits/{form}/draft", {}, csrf=False).status == 403, "PUT without CSRF token")
    check(alice.post_form(f"/audits/{form}", {"do": "save"}, csrf=False).status == 403, "POST without CSRF token")
    check(alice.json("PUT", f"/api/audits/{form}/draft", {}).status == 200, "PUT with the token")

    # A script in evidence comes back escaped.
    page = alice.get(f"/audits/{form}").body
    qid = page.split('name="evidence.')[1].split('"')[0]
    r = alice.json("PUT", f"/api/audits/{form}/draft", {"evidence": {qid: "<script>alert(1)</script>"}})
    check(r.status == 200, f"draft: {r.status} {r.body}")
    page = alice.get(f"/audits/{form}").body
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page, "evidence escaped")

    # Another auditor's audit answers 404; an observer cannot write.
    bob = Client(srv)
    bob.login("bob")
    check(bob.get(f"/audits/{form}").status == 404, "bob cannot open alice's audit")
    check(bob.json("PUT", f"/api/audits/{form}/draft", {}).status == 404, "nor save it")
    obs = Client(srv)
    obs.login("obs")
    check(obs.get(f"/audits/{form}").status == 403, "an observer sees no audit (only the published figures)")
    check(obs.json("PUT", f"/api/audits/{form}/draft", {}).status == 403, "an observer cannot write")

    # The access log: alice's views, readable by the QA lead, not by alice.
    lead = Client(srv)
    lead.login("lead")
    log = lead.get(f"/admin/access-log?object={form}")
    check(log.status == 200 and "view audit" in log.body and "alice" in log.body and "127.0.0.1" in log.body, "access log")
    check(alice.get("/admin/access-log").status == 403, "alice cannot read the access log")

    # Throttling: 5 failures, then 429 even with the right password.
    mallory = Client(srv)
    for i in range(5):
        check(mallory.login("bob", f"wrong {i}").status == 401, "a wrong password")
    r = mallory.login("bob")
    check(r.status == 429 and int(r.header("Retry-After")) > 0, f"throttled: {r.status}")

# HTTPS: Secure cookies and HSTS.
key, cert = os.path.join(work, "key.pem"), os.path.join(work, "cert.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
with Server(store, "--tls-cert", cert, "--tls-key", key) as srv:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=ctx, timeout=30)
    conn.request("GET", "/login")
    r = conn.getresponse()
    r.read()
    cookies = [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
    check(r.status == 200 and cookies and all("Secure" in c for c in cookies), f"Secure cookies under TLS: {cookies}")
    check("max-age" in (r.getheader("Strict-Transport-Security") or ""), "HSTS under TLS")
print("ok")
