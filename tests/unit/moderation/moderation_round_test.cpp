#include <boost/test/unit_test.hpp>

#include <functional>

#include "audit/base/error.h"
#include "audit/base/random.h"
#include "audit/forms/template.h"
#include "audit/moderation/moderation.h"
#include "audit/moderation/moderation_round.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;
using namespace audit::moderation;

namespace {

using audit::test::catalogue;

// An audit of template cin-cp v3 by A1 (overall and assessment graded Good), version `version`.
std::int64_t addAudit(Store& store, const std::string& form, int version = 1) {
    const auto id = store.insertReturningId(
        "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, framework_id, auditor, team, "
        "period, source_hash, imported_at) VALUES (?, ?, ?, 'cin-cp', '3', 'ofsted-four-point', 'A1', 'T1', "
        "'2026-11', ?, 'now')",
        form, version, "C" + form, "h" + std::to_string(version));
    store.exec("INSERT INTO judgement (audit_id, domain, auditor_grade) VALUES (?, '_overall', 'Good')", id);
    store.exec("INSERT INTO judgement (audit_id, domain, auditor_grade) VALUES (?, 'assessment', 'Good')", id);
    return id;
}

// F1 drawn for moderation and allocated to M1 (through the same recordDraw as audit-reconcile sample).
void drawF1(Store& store) {
    const auto scale = agreement::GradeScale::ofsted4();
    const auto c = loadCandidates(store, "2026-11", scale);
    SamplePolicy p;
    p.fraction = 1;
    Random r(7);
    const Sample s = drawSample(c, p, r);
    recordDraw(store, "2026-11", 7, p, scale, c, s, allocateModerators(c, s, {{"M1", 5}}));
}

std::string refusal(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        return e.what();
    }
    BOOST_FAIL("not refused");
    return "";
}

std::vector<BrowserGrade> agreedGood() {
    return {{"_overall", "Good", "Good", "agreed", ""}, {"assessment", "Good", "Good", "agreed", ""}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(lock_is_taken_by_the_allocated_moderator_only) {
    Store store(":memory:");
    addAudit(store, "F1");
    drawF1(store);
    BOOST_TEST(allocatedModerators(store, "F1") == std::vector<std::string>{"M1"});
    BOOST_TEST(!lockOf(store, "F1"));
    BOOST_TEST(refusal([&] { takeLock(store, "F1", "M2"); }).find("M2 is not allocated to moderate it") !=
               std::string::npos);
    BOOST_TEST(refusal([&] { takeLock(store, "F9", "M1"); }).find("no audit with this form id") != std::string::npos);
    const Lock l = takeLock(store, "F1", "M1");
    BOOST_TEST(l.holder == "M1");
    BOOST_TEST(lockOf(store, "F1")->holder == "M1");
    BOOST_TEST(takeLock(store, "F1", "M1").takenAt == l.takenAt);  // taking it again changes nothing
    BOOST_TEST(toString(roundStatus(store, "F1").state) == std::string("being moderated"));
    // Another moderator is told who holds it.
    BOOST_TEST(refusal([&] { addComment(store, catalogue(), "F1", "M2", "assessment", "x"); })
                   .find("is held for moderation by M1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(comments_name_a_question_domain_or_the_overall_grade) {
    Store store(":memory:");
    addAudit(store, "F1");
    drawF1(store);
    BOOST_TEST(refusal([&] { addComment(store, catalogue(), "F1", "M1", "assessment", "x"); })
                   .find("is not taken for moderation") != std::string::npos);
    takeLock(store, "F1", "M1");
    BOOST_TEST(addComment(store, catalogue(), "F1", "M1", "hist-chronology", "No entry since May.").targetKind ==
               "question");
    BOOST_TEST(addComment(store, catalogue(), "F1", "M1", " assessment ", "Analysis thin.").targetKind == "domain");
    BOOST_TEST(addComment(store, catalogue(), "F1", "M1", "_overall", "Nearer RI.").targetKind == "overall");
    BOOST_TEST(refusal([&] { addComment(store, catalogue(), "F1", "M1", "nope", "x"); })
                   .find("'nope' is not a question or domain of template cin-cp") != std::string::npos);
    BOOST_TEST(refusal([&] { addComment(store, catalogue(), "F1", "M1", "plan", "  "); }).find("is blank") !=
               std::string::npos);
    BOOST_TEST(refusal([&] { addComment(store, catalogue(), "F1", "M1", "plan", std::string(4001, 'x')); })
                   .find("at most 4000") != std::string::npos);
    const auto cs = comments(store, "F1");
    BOOST_REQUIRE(cs.size() == 3u);
    BOOST_TEST(cs[1].target == "assessment");
    BOOST_TEST(cs[1].auditVersion == 1);
    BOOST_TEST(cs[0].author == "M1");
}

BOOST_AUTO_TEST_CASE(send_back_resubmit_and_agree) {
    Store store(":memory:");
    addAudit(store, "F1");
    drawF1(store);
    takeLock(store, "F1", "M1");
    BOOST_TEST(refusal([&] { sendBack(store, "F1", "M1", " "); }).find("without a comment or a note") !=
               std::string::npos);
    addComment(store, catalogue(), "F1", "M1", "assessment", "Say how the analysis used the history.");
    sendBack(store, "F1", "M1", "");
    BOOST_TEST(!lockOf(store, "F1"));
    RoundStatus st = roundStatus(store, "F1");
    BOOST_TEST(toString(st.state) == std::string("sent back"));
    BOOST_TEST(st.decidedBy == "M1");
    BOOST_TEST(refusal([&] { takeLock(store, "F1", "M1"); }).find("has not been resubmitted") != std::string::npos);
    // The auditor's resubmission is the next version of the audit.
    addAudit(store, "F1", 2);
    BOOST_TEST(toString(roundStatus(store, "F1").state) == std::string("resubmitted"));
    takeLock(store, "F1", "M1");
    const ImportResult r = agree(store, catalogue(), "F1", "M1", agreedGood(), "2026-12-02");
    BOOST_TEST(r.imported == 1u);
    BOOST_TEST(r.rows == 2u);
    st = roundStatus(store, "F1");
    BOOST_TEST(toString(st.state) == std::string("agreed"));
    BOOST_TEST(st.latestVersion == 2);
    BOOST_TEST(!st.lock);
    // The moderation is of version 2, stored like a return.
    BOOST_TEST(store.scalar<std::int64_t>("SELECT a.version FROM moderation_latest m JOIN audit a ON a.id = m.audit_id "
                                          "WHERE m.domain = '_overall'")
                   .value() == 2);
    BOOST_TEST(store.scalar<std::string>("SELECT kind FROM import_log ORDER BY id DESC").value() ==
               "moderation-browser");
    BOOST_TEST(refusal([&] { takeLock(store, "F1", "M1"); }).find("was agreed") != std::string::npos);
    BOOST_TEST(comments(store, "F1").at(0).auditVersion == 1);  // the comment stays with the version it was on
}

BOOST_AUTO_TEST_CASE(agreeing_validates_as_an_import_and_keeps_the_lock_when_refused) {
    Store store(":memory:");
    addAudit(store, "F1");
    drawF1(store);
    takeLock(store, "F1", "M1");
    const std::string before = store.dump();
    try {
        agree(store, catalogue(), "F1", "M1",
              {{"_overall", "Requires improvement", "Requires improvement", "agreed", ""},
               {"planning", "Good", "Good", "agreed", ""}},
              "2026-12-02");
        BOOST_FAIL("not refused");
    } catch (const Error& e) {
        std::string all;
        for (const auto& p : e.problems()) all += p.place + ": " + p.message + "\n";
        BOOST_TEST(all.find("domain '_overall': the moderator's grade (Requires improvement, agreed Requires "
                            "improvement) differs from the auditor's (Good)") != std::string::npos,
                   all);
        BOOST_TEST(all.find("domain 'planning': audit 'F1' has no domain 'planning'") != std::string::npos, all);
    }
    BOOST_TEST(store.dump() == before);  // nothing stored, still locked
    BOOST_TEST(lockOf(store, "F1")->holder == "M1");
}

// One code path: the same grades through the browser and through a CSV return store the same moderation rows.
BOOST_AUTO_TEST_CASE(browser_and_csv_store_the_same_rows) {
    test::TempDir dir;
    auto rows = [](Store& s) {
        std::string out;
        for (const auto& r : s.query("SELECT form_id, version, domain, moderator, moderator_grade, moderator_rank, "
                                     "agreed_grade, agreed_rank, reason_code, reason, mode, period, moderated_date, "
                                     "draw_id, audit_id FROM moderation ORDER BY domain"))
            for (std::size_t i = 0; i < r.size(); ++i) out += r.text(i) + (i + 1 < r.size() ? "|" : "\n");
        return out;
    };
    Store web(":memory:"), cli(":memory:");
    for (Store* s : {&web, &cli}) {
        addAudit(*s, "F1");
        drawF1(*s);
    }
    takeLock(web, "F1", "M1");
    agree(web, catalogue(), "F1", "M1",
          {{"_overall", "Requires improvement", "Requires improvement", "over-generous", "Drift not weighed"},
           {"assessment", "Good", "Good", "agreed", ""}},
          "2026-12-02");
    const std::string csv = dir.file("r.csv");
    test::writeText(csv, "form_id,domain,moderator,moderator_grade,reason_code,reason,agreed_grade,moderated_date,mode\n"
                         "F1,_overall,M1,Requires improvement,over-generous,Drift not weighed,Requires improvement,"
                         "2026-12-02,blind\n"
                         "F1,assessment,M1,Good,agreed,,Good,2026-12-02,blind\n");
    importCsv(cli, catalogue(), csv);
    BOOST_TEST(rows(web) == rows(cli));
    BOOST_TEST(rows(web).find("Requires improvement|2|") != std::string::npos, rows(web));
}

BOOST_AUTO_TEST_CASE(blind_grades_are_stored_once_as_a_return_awaiting_agreement) {
    Store store(":memory:");
    addAudit(store, "F1");
    drawF1(store);
    const auto mine = allocatedTo(store, "M1");
    BOOST_REQUIRE(mine.size() == 1u);
    BOOST_TEST(mine[0].formId == "F1");
    BOOST_TEST(mine[0].auditor == "A1");
    BOOST_TEST(allocatedTo(store, "M2").empty());
    BOOST_TEST(allocatedTo(store, " ").empty());
    const std::map<std::string, std::string> grades{{"_overall", "Good"}, {"assessment", "Requires improvement"}};
    BOOST_TEST(refusal([&] { submitBlind(store, catalogue(), "F1", "M1", grades, "2026-12-01"); })
                   .find("is not taken for moderation") != std::string::npos);
    takeLock(store, "F1", "M1");
    // importGrades' own rules: a blank grade is named.
    BOOST_TEST(refusal([&] { submitBlind(store, catalogue(), "F1", "M1", {{"_overall", ""}}, "2026-12-01"); })
                   .find("moderator_grade is blank") != std::string::npos);
    BOOST_TEST(ownGrades(store, "F1", "M1").empty());
    const ImportResult r = submitBlind(store, catalogue(), "F1", "M1", grades, "2026-12-01");
    BOOST_TEST(r.imported == 1u);
    BOOST_TEST(r.awaitingAgreement == 1u);
    BOOST_TEST(ownGrades(store, "F1", "M1") == grades);
    BOOST_TEST(ownGrades(store, "F1", "M2").empty());
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM moderation_latest WHERE agreed_grade IS NULL AND "
                                          "mode = 'blind'").value() == 2);
    BOOST_TEST(toString(roundStatus(store, "F1").state) == std::string("being moderated"));  // not agreed yet
    BOOST_TEST(refusal([&] { submitBlind(store, catalogue(), "F1", "M1", grades, "2026-12-01"); })
                   .find("given blind once") != std::string::npos);
}
