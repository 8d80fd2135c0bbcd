"""audit-serve in a real browser (Debian's chromium and chromium-driver through python3-selenium; one Chromium for
every scenario): sign in, open an allocated audit, answer, reload and find the draft kept, see a gap listed and jump
to it, complete the form using the live computed grades, submit and see it scored; another auditor's audit is not
found; an observer cannot write. Screenshots go to $SCREENSHOTS when set."""
import os
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.environ["AUDIT_HOME"], "tests", "support"))
from serve_fixture import PASSWORD, Server, check, make_store  # noqa: E402

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
    WebDriverWait(driver, timeout).until(lambda d: cond())


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

    # An observer reads Alice's other audits but cannot write: fields read-only, no submit button.
    sign_in("obs")
    driver.get(srv.base + "/audits")
    todo = driver.find_element(By.CSS_SELECTOR, "table.data tbody tr td a").get_attribute("href")
    driver.get(todo)
    check(driver.find_elements(By.CSS_SELECTOR, "button[value='submit']") == [], "no submit for an observer")
    check(all(not r.is_enabled() for r in driver.find_elements(By.CSS_SELECTOR, "input[type=radio]")), "read-only answers")
    shot("06-observer")

    # The QA lead's access log.
    sign_in("lead")
    driver.get(srv.base + "/admin/access-log")
    check("submit audit" in driver.page_source, "the submission is in the access log")
    shot("07-access-log")
finally:
    driver.quit()
    srv.stop()
print("ok")
