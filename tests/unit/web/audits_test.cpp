// The auditor's audits: the list with due dates and statuses, drafts kept between requests, gaps, submission
// refused with errors naming the question, and the proof that a browser submission and a returned XLSX form
// with the same answers store identical rows, and refuse a case in no audit draw with the same message (one code
// path: jobs::submitAudit and audit-score import share audit::validateAndStore).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "audit/forms/form.h"
#include "audit/forms/score_import.h"
#include "audit/jobs/score.h"
#include "audit/web/audits.h"
#include "web_fixture.h"

using namespace webtest;
using audit::web::Draft;

namespace {

const Template& cincp() { return test::catalogue().getTemplate("cin-cp"); }

// Everything stored about the audits, except where each came from and when it arrived.
std::string storedRows(Store& s) {
    return rows(s, "SELECT form_id, version, draw_id, case_ref, child_ref, template_id, template_version, framework_id, "
                   "framework_version, auditor, team, service_area, category, worker, period, completed_date, strengths, "
                   "escalation, extra FROM audit ORDER BY form_id, version") +
           rows(s, "SELECT a.form_id, x.question_id, x.domain, x.answer, x.evidence, x.score FROM answer x JOIN audit a ON "
                   "a.id = x.audit_id ORDER BY a.form_id, x.question_id") +
           rows(s, "SELECT a.form_id, j.domain, j.computed_grade, j.computed_rank, j.computed_score, j.limited_by, "
                   "j.auditor_grade, j.auditor_rank, j.rationale, j.disagrees FROM judgement j JOIN audit a ON a.id = j.audit_id "
                   "ORDER BY a.form_id, j.domain") +
           rows(s, "SELECT a.form_id, x.action_no, x.description, x.owner, x.due_date, x.status FROM action x JOIN audit a "
                   "ON a.id = x.audit_id ORDER BY a.form_id, x.action_no");
}

// The case of an allocated audit as audit-template renders its XLSX form.
FormCase formCaseOf(const web::AuditItem& item, const Draft& d) {
    FormCase fc;
    fc.caseRef = item.caseRef;
    fc.childRef = item.childRef;
    fc.team = item.team;
    fc.worker = item.worker;
    fc.category = item.category;
    fc.auditor = item.auditor;
    fc.drawId = "1";
    fc.auditDate = d.completed;
    return fc;
}

}  // namespace

BOOST_AUTO_TEST_CASE(my_audits_are_the_allocations_with_due_dates_and_form_ids_of_the_xlsx_forms) {
    World w;
    web::AuditDesk desk(w.store, test::catalogue(), "cin-cp", Date(2026, 8, 17));
    const auto mine = desk.forAuditor("QA Officer A");
    BOOST_TEST_REQUIRE(mine.size() == 2u);
    BOOST_TEST(mine[0].caseRef == "C100");
    BOOST_TEST(mine[0].due == "2026-08-14");  // 31 July + 10 working days
    BOOST_TEST(mine[0].overdue);              // on 17 August
    BOOST_TEST(std::string(web::toString(mine[0].status)) == "allocated");
    FormCase fc;
    fc.caseRef = "C100";
    fc.drawId = "1";
    fc.auditor = "QA Officer A";
    BOOST_TEST(mine[0].formId == formId(cincp(), fc));  // the same form as audit-template renders
    BOOST_TEST(desk.all().size() == 3u);
    // A due date given with the draw (audit-sample --due, or on starting a round) is the one shown.
    w.store.exec("UPDATE draw SET due_date = '2026-08-21' WHERE id = 1");
    const auto later = desk.forAuditor("QA Officer A");
    BOOST_TEST(later[0].due == "2026-08-21");
    BOOST_TEST(!web::AuditDesk(w.store, test::catalogue(), "cin-cp", Date(2026, 8, 17)).forAuditor("QA Officer A")[0].overdue);
    // Without a default template, the case's category chooses one made for it.
    web::AuditDesk byCategory(w.store, test::catalogue(), "", Date(2026, 8, 3));
    for (const auto& it : byCategory.forAuditor("QA Officer A")) {
        BOOST_TEST_REQUIRE(it.tpl != nullptr);
        BOOST_TEST((std::find(it.tpl->categories.begin(), it.tpl->categories.end(), it.category) != it.tpl->categories.end()));
    }
}

BOOST_AUTO_TEST_CASE(a_draft_is_kept_a_gap_is_listed_and_submission_names_the_question) {
    World w;
    auto c = w.client();
    c.login("alice");
    web::AuditDesk desk(w.store, test::catalogue(), "cin-cp", Date(2026, 8, 3));
    const std::string form = desk.forAuditor("QA Officer A")[0].formId;
    Draft d = completeDraft();
    const std::string gap = cincp().sections[2].questions[0].id;
    d.input.answers.erase(gap);
    auto saved = c.json("PUT", "/api/audits/" + form + "/draft", web::draftToJson(d));
    BOOST_TEST(saved.status == 200);
    BOOST_TEST(contains(saved.body, "\"revision\":1"));
    BOOST_TEST(contains(saved.body, "\"gaps\":[{\"field\":\"answer\",\"id\":\"" + gap + "\""));
    // Reload: the draft is there, and the page lists the gap with a link to it.
    auto page = c.get("/audits/" + form);
    BOOST_TEST(contains(page.body, "Seen on file, " + cincp().sections[0].questions[0].id));
    BOOST_TEST(contains(page.body, "<a href=\"#answer-" + gap + "\">"));
    BOOST_TEST(contains(page.body, "id=\"answer-" + gap + "\""));
    BOOST_TEST(contains(c.get("/audits").body, "In progress"));
    // Submit: refused (422), naming the question; nothing stored.
    auto refused = c.json("POST", "/api/audits/" + form + "/submit", "");
    BOOST_TEST(refused.status == 422);
    BOOST_TEST(contains(refused.body, "{\"field\":\"answer\",\"id\":\"" + gap + "\""));
    BOOST_TEST(w.store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit").value() == 0);
    // The same through the page without JavaScript: 422 and an error summary linking to the question.
    auto form422 = c.postForm("/audits/" + form, "do=submit&completed=2026-08-03");
    BOOST_TEST(form422.status == 422);
    BOOST_TEST(contains(form422.body, "was not submitted"));
    // Answer it and submit: scored and stored, the draft gone, the list says submitted.
    d.input.answers[gap] = "Yes";
    auto ok = c.json("POST", "/api/audits/" + form + "/submit", web::draftToJson(d));
    BOOST_TEST(ok.status == 200);
    BOOST_TEST(contains(ok.body, "\"outcome\":\"imported\""));
    BOOST_TEST(contains(ok.body, "\"version\":1"));
    BOOST_TEST(w.store.scalar<std::int64_t>("SELECT COUNT(*) FROM web_draft").value() == 0);
    BOOST_TEST(w.store.scalar<std::string>("SELECT source_kind FROM audit").value() == "web");
    BOOST_TEST(contains(c.get("/audits").body, "Submitted"));
    BOOST_TEST(contains(c.get("/audits/" + form).body, "Grades as scored and stored"));
    BOOST_TEST(c.json("PUT", "/api/audits/" + form + "/draft", "{}").status == 409);
}

BOOST_AUTO_TEST_CASE(the_page_saves_and_submits_without_javascript) {
    World w;
    auto c = w.client();
    c.login("alice");
    const std::string form = web::AuditDesk(w.store, test::catalogue(), "cin-cp", Date(2026, 8, 3)).forAuditor("QA Officer A")[1].formId;
    const std::string q = cincp().sections[0].questions[0].id;
    auto r = c.postForm("/audits/" + form, "do=save&answer." + q + "=Partly&evidence." + q + "=Seen+on+file");
    BOOST_TEST(r.status == 303);
    auto page = c.get(r.header("Location"));
    BOOST_TEST(contains(page.body, "Your draft is saved."));
    BOOST_TEST(contains(page.body, "value=\"Partly\" checked"));
}

BOOST_AUTO_TEST_CASE(a_browser_submission_and_an_xlsx_return_with_the_same_answers_store_identical_rows) {
    const Draft d = completeDraft();
    // The browser.
    World web;
    auto c = web.client();
    c.login("alice");
    const auto item = web::AuditDesk(web.store, test::catalogue(), "cin-cp", Date(2026, 8, 3)).forAuditor("QA Officer A")[0];
    BOOST_TEST_REQUIRE(c.json("POST", "/api/audits/" + item.formId + "/submit", web::draftToJson(d)).status == 200);
    // The same answers in the XLSX form audit-template renders for the case, imported by audit-score import's code.
    World xlsx;
    const FormCase fc = formCaseOf(item, d);
    AuditInput filled = d.input;
    const std::string path = xlsx.dir.file("C100.xlsx");
    writeFormXlsx(cincp(), test::catalogue().frameworkOf(cincp()), fc, &filled, path);
    const ImportReport rep = importReturns(xlsx.store, test::catalogue(), {path});
    BOOST_TEST_REQUIRE(rep.imported == 1u);

    const std::string a = storedRows(web.store), b = storedRows(xlsx.store);
    BOOST_TEST(a == b);
    BOOST_TEST(contains(a, "Update the chronology"));
    BOOST_TEST(contains(a, "Plan not reviewed"));
    BOOST_TEST(web.store.scalar<std::string>("SELECT source_kind FROM audit").value() == "web");
    BOOST_TEST(xlsx.store.scalar<std::string>("SELECT source_kind FROM audit").value() == "xlsx");
    // And the errors are the same too: the same gap refused by both, with the same message.
    Draft gap = d;
    gap.input.answers.erase(cincp().sections[0].questions[0].id);
    FileReport fr;
    std::vector<ReturnedAudit> rs{web::AuditDesk(web.store, test::catalogue(), "cin-cp", Date(2026, 8, 3)).toReturn(item, gap)};
    validateAndStore(web.store, test::catalogue(), rs, fr);
    BOOST_TEST_REQUIRE(!fr.problems.empty());
    AuditInput gapInput = gap.input;
    writeFormXlsx(cincp(), test::catalogue().frameworkOf(cincp()), fc, &gapInput, xlsx.dir.file("gap.xlsx"));
    const ImportReport bad = importReturns(xlsx.store, test::catalogue(), {xlsx.dir.file("gap.xlsx")});
    BOOST_TEST_REQUIRE(bad.files[0].problems.size() == fr.problems.size());
    for (std::size_t i = 0; i < fr.problems.size(); ++i) BOOST_TEST(bad.files[0].problems[i].message == fr.problems[i].message);
}

BOOST_AUTO_TEST_CASE(a_submission_of_a_case_in_no_audit_draw_is_refused_with_the_message_of_audit_score_import) {
    // One job (jobs::submitAudit) behind the browser's submit: the provenance check of `audit-score import` included.
    World w;
    auto c = w.client();
    c.login("alice");
    const auto item = web::AuditDesk(w.store, test::catalogue(), "cin-cp", Date(2026, 8, 3)).forAuditor("QA Officer A")[0];
    BOOST_TEST_REQUIRE(item.caseRef == "C100");
    // The case leaves every audit draw (as another council's or another period's case would be in). The browser
    // only offers allocated cases, so only a store whose draw lost the member can meet this; forced here (foreign
    // keys off) to prove that the browser's submission runs the very checks of audit-score import.
    w.store.exec("PRAGMA foreign_keys = OFF");
    w.store.exec("DELETE FROM draw_member WHERE case_ref = 'C100'");
    const Draft d = completeDraft();
    const auto refused = c.json("POST", "/api/audits/" + item.formId + "/submit", web::draftToJson(d));
    BOOST_TEST(refused.status == 422);
    BOOST_TEST(w.store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit").value() == 0);
    BOOST_TEST(w.store.scalar<std::string>("SELECT outcome FROM import_log WHERE kind = 'audit-web'").value() == "rejected");
    BOOST_TEST(contains(w.store.scalar<std::string>("SELECT details FROM event_log WHERE tool = 'audit-serve' AND "
                                                    "command = 'submit'").value_or(""), "rejected"));
    Poco::JSON::Parser parser;
    auto errs = parser.parse(refused.body).extract<Poco::JSON::Object::Ptr>()->getArray("errors");
    BOOST_TEST_REQUIRE(errs->size() == 1u);
    const std::string browser = errs->getObject(0)->getValue<std::string>("message");
    BOOST_TEST(contains(browser, "case C100 is in no audit draw"));
    // The same answers on the XLSX form, imported by the job of `audit-score import` into the same store.
    const FormCase fc = formCaseOf(item, d);
    AuditInput filled = d.input;
    writeFormXlsx(cincp(), test::catalogue().frameworkOf(cincp()), fc, &filled, w.dir.file("C100.xlsx"));
    jobs::ScoreImportRequest rq;
    rq.paths = {w.dir.file("C100.xlsx")};
    rq.store = w.dir.file("audit.db");
    const ImportReport cli = jobs::scoreImport(rq);
    BOOST_TEST_REQUIRE(cli.rejected == 1u);
    BOOST_TEST_REQUIRE(cli.files[0].problems.size() == 1u);
    BOOST_TEST(cli.files[0].problems[0].message == browser);
    // Back in its draw, the same submission is taken.
    w.store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
                 "VALUES (1, 'C100', 'all', 0.3, 3.333)");
    w.store.exec("PRAGMA foreign_keys = ON");
    BOOST_TEST(c.json("POST", "/api/audits/" + item.formId + "/submit", web::draftToJson(d)).status == 200);
}
