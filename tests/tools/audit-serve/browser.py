"""audit-serve in a real browser (Debian's chromium and chromium-driver through python3-selenium; one Chromium for
every scenario): sign in, open an allocated audit, answer, reload and find the draft kept, see a gap listed and jump
to it, complete the form using the live computed grades, submit and see it scored; another auditor's audit is not
found; an observer sees no audit, only the published figures. Then the moderation round trip (issue 15): a moderation draw allocates the submitted
audit to the moderator; the blind form shows none of the auditor's judgements; the moderator's grades, the auditor's
record beside them, a comment, a send-back; the auditor sees the lock while it is held, then the comments, and
resubmits (version 2); the moderator agrees; the audit's history lists each stage; the case's worker records
the practitioner's response and the QA lead sees it. Last, the QA lead opens the rounds,
a round, the accuracy charts, downloads the status workbook, and starts a round: uploads the case list and roster,
previews the draw and confirms it. Screenshots go to $SCREENSHOTS when set."""
import os
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.environ["AUDIT_HOME"], "tests", "support"))
from serve_fixture import PASSWORD, Server, check, make_store, tool  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

work = tempfile.mkdtemp(prefix="serve-browser-")
store = make_store(work)
shots = os.environ.get("SCREENSHOTS", "")


def shot(name):
    if shots:
        os.makedirs(shots, exist_ok=True)
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1280, min(max(height, 800), 4000))
        driver.save_screenshot(os.path.join(shots, name + ".png"))
        driver.set_window_size(1280, 1000)


def wait(cond, timeout=15):
    """Until cond() holds; an element found while the page reloads (stale) or not there yet is tried again."""
    WebDriverWait(driver, timeout, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(
        lambda d: cond())


def click(el):
    """A real click, after scrolling the element to the middle (the sticky button bar covers the bottom)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def click_fresh(css):
    """Click what `css` finds now; the gap list is rebuilt after every autosave, so find it again if it went stale."""
    for _ in range(20):
        try:
            click(driver.find_element(By.CSS_SELECTOR, css))
            return
        except (StaleElementReferenceException, NoSuchElementException):
            time.sleep(0.3)
    raise AssertionError("cannot click " + css)


def sign_in(name):
    driver.delete_all_cookies()
    driver.get(srv.base + "/login")
    driver.find_element(By.ID, "username").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait(lambda: "/login" not in driver.current_url)


options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
          "--user-data-dir=" + os.path.join(work, "chrome")]:
    options.add_argument(a)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
srv = Server(store)
try:
    driver.get(srv.base + "/login")
    shot("01-sign-in")
    sign_in("alice")
    check(driver.find_element(By.TAG_NAME, "h1").text == "My audits", "My audits after sign-in")
    shot("02-my-audits")

    # Open the first allocated audit.
    link = driver.find_element(By.CSS_SELECTOR, "table.data tbody tr td a")
    case_ref = link.text
    link.click()
    wait(lambda: "/audits/F-" in driver.current_url)
    url = driver.current_url
    form_id = url.rsplit("/", 1)[1]

    # Answer the first question and type evidence: autosave keeps it.
    fieldsets = driver.find_elements(By.CSS_SELECTOR, "fieldset.question")
    first = fieldsets[0]
    qid = first.get_attribute("id")[len("answer-"):]
    click(first.find_element(By.XPATH, ".//label[text()='Yes']"))
    first.find_element(By.TAG_NAME, "textarea").send_keys("Seen alone at school on 3 July; views recorded.")
    wait(lambda: driver.find_element(By.ID, "save-status").text.startswith("Draft saved"))
    driver.refresh()
    first = driver.find_element(By.ID, "answer-" + qid)
    check(first.find_element(By.CSS_SELECTOR, "input[value='Yes']").is_selected(), "the answer kept after reload")
    check("Seen alone at school" in first.find_element(By.TAG_NAME, "textarea").get_attribute("value"),
          "the evidence kept after reload")

    # Answer everything but one question; the gap is listed and its link jumps to it.
    fieldsets = driver.find_elements(By.CSS_SELECTOR, "fieldset.question")
    gap = fieldsets[3].get_attribute("id")
    for fs in fieldsets:
        if fs.get_attribute("id") != gap:
            click(fs.find_element(By.XPATH, ".//label[text()='Yes']"))
    wait(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#gap-list a[href='#%s']" % gap)) == 1)
    wait(lambda: driver.find_element(By.ID, "save-status").text.startswith("Draft saved"))
    click_fresh("#gap-list a[href='#%s']" % gap)
    check(driver.current_url.endswith("#" + gap), "the gap's link jumps to the question")
    shot("03-form-with-gap")

    # Answer it; every domain grade as computed live on the page; the overall grade likewise.
    click(driver.find_element(By.ID, gap).find_element(By.XPATH, ".//label[text()='Partly']"))
    wait(lambda: driver.find_element(By.ID, "save-status").text.startswith("Draft saved"))
    time.sleep(1.2)
    wait(lambda: driver.find_element(By.ID, "save-status").text.startswith("Draft saved"))
    for sel in driver.find_elements(By.CSS_SELECTOR, "select[id^='grade-input-']"):
        domain = sel.get_attribute("id")[len("grade-input-"):]
        computed = driver.find_element(By.ID, "computed-" + domain).text.split(" (")[0]
        check(computed and computed != "Not enough answers yet", f"a computed grade for {domain}: {computed}")
        Select(sel).select_by_visible_text(computed)
    time.sleep(1.2)
    wait(lambda: driver.find_element(By.ID, "save-status").text.startswith("Draft saved"))
    overall = driver.find_element(By.ID, "computed-overall").text
    Select(driver.find_element(By.ID, "overall-grade")).select_by_visible_text(overall)
    driver.find_element(By.ID, "action-1-action").send_keys("Update the chronology")
    driver.find_element(By.ID, "action-1-owner").send_keys("Team manager")
    driver.execute_script("document.getElementById('action-1-due').value = '2026-08-31'")
    driver.find_element(By.ID, "strengths").send_keys("Warm, child-centred recording.")
    time.sleep(1.2)
    wait(lambda: driver.find_element(By.ID, "save-status").text.startswith("Draft saved"))
    wait(lambda: "(0)" in driver.find_element(By.ID, "gap-count").text)
    shot("04-form-complete")
    click(driver.find_element(By.CSS_SELECTOR, "button[value='submit']"))
    wait(lambda: "Grades as scored and stored" in driver.page_source)
    shot("05-submitted")
    db = sqlite3.connect(store)
    row = db.execute("SELECT version, source_kind, case_ref FROM audit WHERE form_id = ?", (form_id,)).fetchone()
    check(row == (1, "web", case_ref), f"stored and scored: {row}")
    n = db.execute("SELECT COUNT(*) FROM judgement j JOIN audit a ON a.id = j.audit_id WHERE a.form_id = ?", (form_id,)).fetchone()[0]
    check(n >= 2, "judgements stored")
    driver.get(srv.base + "/audits")
    check("Submitted" in driver.page_source, "My audits says submitted")

    # Bob cannot open Alice's audit.
    sign_in("bob")
    driver.get(url)
    check(driver.find_element(By.TAG_NAME, "h1").text == "Page not found", "another auditor's audit is not found")

    # An observer sees no audit: only the published figures.
    sign_in("obs")
    check(driver.find_element(By.TAG_NAME, "h1").text.startswith("Published figures"), "the observer's home")
    check(case_ref not in driver.page_source, "no case reference on the published page")
    driver.get(url)
    check(driver.find_element(By.TAG_NAME, "h1").text == "Not allowed", "an observer cannot open an audit")
    shot("06-observer")

    # The QA lead's access log.
    sign_in("lead")
    driver.get(srv.base + "/admin/access-log")
    check("submit audit" in driver.page_source, "the submission is in the access log")
    shot("07-access-log")

    # Moderation: the QA lead's moderation draw allocates the submitted audit to the moderator.
    roster = os.path.join(work, "moderators.csv")
    with open(roster, "w") as f:
        f.write("moderator,capacity\nModerator,5\n")
    tool("audit-reconcile", "sample", "--period", "2026-07", "--seed", "3", "--moderators", roster, "--quiet",
         env={"AUDIT_STORE": store})
    sign_in("mod")
    check(driver.find_element(By.TAG_NAME, "h1").text == "My moderations", "My moderations after sign-in")
    shot("08-my-moderations")
    click(driver.find_element(By.CSS_SELECTOR, "a[href='/moderation/%s']" % form_id))
    wait(lambda: len(driver.find_elements(By.ID, "take")) == 1)
    click(driver.find_element(By.ID, "take"))
    wait(lambda: "Being moderated by you" in driver.find_element(By.ID, "round-state").text)
    blind = driver.page_source
    for secret in ["Warm, child-centred recording.", "Partly", "side-by-side"]:
        check(secret not in blind, "the blind form does not hold " + secret)
    shot("09-blind-form")
    for sel in driver.find_elements(By.CSS_SELECTOR, "select[id^='mgrade-']"):
        Select(sel).select_by_visible_text("Good")
    click(driver.find_element(By.ID, "submit-grades"))
    wait(lambda: len(driver.find_elements(By.ID, "side-by-side")) == 1)
    check("Warm, child-centred recording." in driver.page_source, "the auditor's strengths once the grades are in")

    # While the moderator holds it, the auditor's page names the holder and offers no form.
    sign_in("alice")
    driver.get(url)
    check("Being moderated by Moderator" in driver.find_element(By.ID, "round-state").text, "the lock names its holder")
    check(driver.find_elements(By.CSS_SELECTOR, "button[value='submit']") == [], "no submit while locked")

    # A comment on a domain, then sent back.
    sign_in("mod")
    driver.get(srv.base + "/moderation/" + form_id)
    target = Select(driver.find_element(By.ID, "target"))
    target.select_by_index(1)  # the first domain's first question
    driver.find_element(By.ID, "comment").send_keys("Say who the child was seen with, and when.")
    click(driver.find_element(By.ID, "add-comment"))
    wait(lambda: "Comment added" in driver.page_source)
    driver.find_element(By.ID, "note").send_keys("Please add the detail the comment asks for.")
    shot("10-open-view-with-comment")
    click(driver.find_element(By.ID, "send-back"))
    wait(lambda: "Sent back to the auditor by Moderator" in driver.find_element(By.ID, "round-state").text)

    # The auditor sees the comment, changes the evidence and resubmits: version 2.
    sign_in("alice")
    driver.get(url)
    check("Say who the child was seen with, and when." in driver.page_source, "the auditor sees the comment")
    first = driver.find_element(By.ID, "answer-" + qid)
    first.find_element(By.TAG_NAME, "textarea").send_keys(" Seen with her teacher present on 10 July.")
    shot("11-sent-back")
    click(driver.find_element(By.CSS_SELECTOR, "button[value='submit']"))
    wait(lambda: "Grades as scored and stored" in driver.page_source)
    check(db.execute("SELECT MAX(version) FROM audit WHERE form_id = ?", (form_id,)).fetchone()[0] == 2, "version 2")

    # The moderator takes it again and agrees the final grades with a reason code.
    sign_in("mod")
    driver.get(srv.base + "/moderation/" + form_id)
    check("Resubmitted" in driver.find_element(By.ID, "round-state").text, "resubmitted for the moderator")
    click(driver.find_element(By.ID, "take"))
    wait(lambda: len(driver.find_elements(By.ID, "agree")) == 1)
    for sel in driver.find_elements(By.CSS_SELECTOR, "select[id^='code-']"):
        Select(sel).select_by_value("evidence-missed")
    for box in driver.find_elements(By.CSS_SELECTOR, "input[id^='reason-']"):
        box.send_keys("Checked against the case record.")
    click(driver.find_element(By.ID, "agree"))
    wait(lambda: "Agreed by Moderator" in driver.find_element(By.ID, "round-state").text)
    shot("12-agreed")
    row = db.execute("SELECT decision, audit_version, decided_by FROM moderation_decision WHERE form_id = ? "
                     "ORDER BY id DESC", (form_id,)).fetchone()
    check(row == ("agreed", 2, "Moderator"), f"agreed on version 2: {row}")

    # The auditor's page: agreed, and the history of every stage with who.
    sign_in("alice")
    driver.get(url)
    history = driver.find_element(By.ID, "history").text
    for stage in ["drawn", "allocated", "opened", "submitted", "drawn for moderation", "commented", "sent back",
                  "moderated", "agreed"]:
        check(stage in history, "the history lists " + stage)
    shot("13-history")

    # The practitioner: the case's allocated worker, given an account, sees the agreed audit's findings and records
    # the response the template asks for; the QA lead then sees it on the audit's page (issue 15 item 3).
    worker = db.execute("SELECT worker FROM audit WHERE form_id = ? AND version = 2", (form_id,)).fetchone()[0]
    tool("audit-serve", "user", "add", "worker", "--role", "practitioner", "--display", worker, "--password-stdin",
         "--quiet", stdin=PASSWORD + "\n", env={"AUDIT_STORE": store})
    sign_in("worker")
    driver.get(srv.base + "/practitioner")
    click(driver.find_element(By.CSS_SELECTOR, "a[href='/practitioner/%s']" % form_id))
    driver.find_element(By.ID, "response").send_keys("Agreed; the visit notes were on paper. I will add them this week.")
    shot("13b-practitioner")
    click(driver.find_element(By.CSS_SELECTOR, "form[action='/practitioner/%s/response'] button" % form_id))
    wait(lambda: "Replace my response" in driver.page_source)
    got = db.execute("SELECT practitioner, response FROM practitioner_response WHERE form_id = ?", (form_id,)).fetchone()
    check(got == (worker, "Agreed; the visit notes were on paper. I will add them this week."), f"the response: {got}")
    sign_in("lead")
    driver.get(srv.base + "/audits/" + form_id)
    check("the visit notes were on paper" in driver.page_source, "the QA lead sees the practitioner's response")

    # The QA lead's month: the rounds, one round, the accuracy charts, and the status workbook downloaded.
    sign_in("lead")
    click(driver.find_element(By.CSS_SELECTOR, "nav a[href='/rounds']"))
    check(driver.find_element(By.TAG_NAME, "h1").text == "Rounds", "the rounds page")
    click(driver.find_element(By.CSS_SELECTOR, "a[href='/rounds/1']"))
    check("QA Officer A" in driver.find_element(By.CSS_SELECTOR, "table.data").text, "the round by auditor")
    shot("14-round")
    driver.get(srv.base + "/accuracy")
    charts = driver.find_elements(By.CSS_SELECTOR, "svg.accuracy-trend, svg.accuracy-teams")
    check(len(charts) == 2 and all(c.size["width"] > 300 for c in charts), "both accuracy charts drawn")
    shot("15-accuracy")
    driver.get(srv.base + "/downloads")
    href = driver.find_element(By.CSS_SELECTOR, "a[href^='/downloads/status']").get_attribute("href")
    got = driver.execute_async_script(
        "const done = arguments[1]; fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done("
        "[r.status, r.headers.get('content-type'), r.headers.get('content-disposition'), b.byteLength])));", href)
    check(got[0] == 200 and got[1].startswith("application/vnd.openxmlformats") and "attachment" in got[2]
          and got[3] > 1000, f"the status workbook downloads: {got}")

    # The QA lead starts August's round in the browser: the case list and roster uploaded through real file inputs,
    # the preview per stratum and auditor, the confirmation recording the draw (issue 15 item 2).
    driver.get(srv.base + "/rounds")
    click(driver.find_element(By.CSS_SELECTOR, "a[href='/rounds/new']"))
    driver.find_element(By.ID, "cases").send_keys(os.path.join(work, "cases.csv"))
    driver.find_element(By.ID, "roster").send_keys(os.path.join(work, "roster.csv"))
    driver.find_element(By.ID, "period").send_keys("2026-08")
    driver.execute_script("document.getElementById('as_of').value = '2026-08-31'")
    size = driver.find_element(By.ID, "size")
    size.clear()
    size.send_keys("10")
    driver.find_element(By.ID, "seed").send_keys("8")
    shot("16-start-round")
    click(driver.find_element(By.CSS_SELECTOR, "form[action='/rounds/preview'] button[type='submit']"))
    wait(lambda: "Check the draw" in driver.find_element(By.TAG_NAME, "h1").text)
    check("QA Officer A" in driver.find_element(By.ID, "auditors").text, "the preview lists the auditors")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#strata tbody tr")) > 1, "the preview lists the strata")
    check(db.execute("SELECT COUNT(*) FROM draw WHERE period = '2026-08'").fetchone()[0] == 0, "nothing recorded yet")
    shot("17-preview-round")
    click(driver.find_element(By.CSS_SELECTOR, "form[action='/rounds/confirm'] button[type='submit']"))
    wait(lambda: "/rounds/new" not in driver.current_url and "/rounds/" in driver.current_url)
    drawn = db.execute("SELECT id FROM draw WHERE period = '2026-08'").fetchone()
    check(drawn and driver.current_url.split("?")[0].endswith(f"/rounds/{drawn[0]}"), "on the new round's page")
    check(f"recorded as draw {drawn[0]}" in driver.page_source, "the round's page says it is recorded")
    row = db.execute("SELECT seed, sample_size, frame_source FROM draw WHERE period = '2026-08'").fetchone()
    check(row == ("8", 10, "cases.csv"), f"the round is recorded as drawn: {row}")
    check(db.execute("SELECT COUNT(*) FROM web_upload").fetchone()[0] == 0, "the uploads are removed")
    shot("18-round-recorded")
finally:
    driver.quit()
    srv.stop()
print("ok")
