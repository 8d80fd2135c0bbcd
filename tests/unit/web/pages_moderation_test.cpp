// Moderation in the browser (issue 15, item 1): a moderator's list and pages hold only their allocations (another
// moderator's answers 404); the blind page and its JSON hold none of the auditor's grades, answers, rationales or
// strengths (the served bytes do not change when those change) until the moderator's own grades are in; the round
// trip: take (the audit locked for its auditor, the page naming the holder), comment, send back, the auditor's
// resubmission as version 2, agree; and the proof that a browser moderation and the same grades returned through
// `audit-reconcile import` (jobs::moderationImport) store the same moderation rows.
#include <fstream>
#include <regex>

#include "audit/base/random.h"
#include "audit/jobs/reconcile.h"
#include "audit/moderation/moderation.h"
#include "audit/moderation/moderation_round.h"
#include "web_fixture.h"

using namespace webtest;

namespace {

const Template& cincp() { return test::catalogue().getTemplate("cin-cp"); }

// alice submits C100 in the browser with marked rationale and strengths; a moderation draw allocates it to "mod".
struct Moderated {
    World w;
    std::string form;
    Moderated() {
        auto c = w.client();
        c.login("alice");
        form = web::AuditDesk(w.store, test::catalogue(), "cin-cp", Date(2026, 8, 3)).forAuditor("QA Officer A")[0].formId;
        web::Draft d = completeDraft();
        d.input.domainRationales[cincp().sections[1].domain] = "RATIONALE-SECRET plan not reviewed.";
        d.input.strengths = "STRENGTH-SECRET warm recording.";
        BOOST_TEST_REQUIRE(c.json("POST", "/api/audits/" + form + "/submit", web::draftToJson(d)).status == 200);
        drawFor(w.store);
        web::Accounts(w.store).add({"mod2", "mod2", web::parseRoles("moderator"), "QA", "", kPassword});
    }
    static void drawFor(Store& store) {
        const auto scale = agreement::GradeScale::ofsted4();
        const auto cands = moderation::loadCandidates(store, "2026-07", scale);
        moderation::SamplePolicy p;
        p.fraction = 1;
        Random r(7);
        const auto s = moderation::drawSample(cands, p, r);
        moderation::recordDraw(store, "2026-07", 7, p, scale, cands, s, moderation::allocateModerators(cands, s, {{"mod", 5}}));
    }
};

// The page without what changes between two requests (the CSP nonce, the CSRF token).
std::string stable(const std::string& body) {
    static const std::regex nonce(R"re(nonce="[^"]*")re"), token(R"re(value="[0-9a-f]{32,}")re");
    return std::regex_replace(std::regex_replace(body, nonce, "nonce"), token, "token");
}

std::string gradesBody(const std::string& grade) {
    std::string b;
    for (const auto& s : cincp().sections) b += "grade." + s.domain + "=" + web::urlEncode(grade) + "&";
    return b + "grade._overall=" + web::urlEncode(grade);
}

// Agreed Good everywhere; every domain differs from the auditor's somewhere, so each has a reason code and words.
std::string agreeBody() {
    std::string b;
    for (const auto& s : cincp().sections)
        b += "agreed." + s.domain + "=Good&code." + s.domain + "=evidence-missed&reason." + s.domain + "=Reviews%20on%20file.&";
    return b + "agreed._overall=Good&code._overall=evidence-missed&reason._overall=Reviews%20on%20file.";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_moderator_sees_only_their_allocations_and_another_answers_404) {
    Moderated m;
    auto mod = m.w.client();
    BOOST_TEST_REQUIRE(mod.login("mod").status == 303);
    BOOST_TEST(mod.get("/").header("Location") == "/moderation");
    BOOST_TEST(contains(mod.get("/moderation").body, "/moderation/" + m.form));
    BOOST_TEST(mod.get("/moderation/" + m.form).status == 200);
    auto other = m.w.client();
    other.login("mod2");
    BOOST_TEST(!contains(other.get("/moderation").body, m.form));
    BOOST_TEST(other.get("/moderation/" + m.form).status == 404);
    BOOST_TEST(other.get("/api/moderation/" + m.form).status == 404);
    for (const char* action : {"take", "grades", "comment", "agree", "send-back"})
        BOOST_TEST(other.postForm("/moderation/" + m.form + "/" + action, "").status == 404);
    BOOST_TEST(!moderation::lockOf(m.w.store, m.form));
    // An auditor has no moderation pages at all (role), not even of their own audit.
    auto alice = m.w.client();
    alice.login("alice");
    BOOST_TEST(alice.get("/moderation/" + m.form).status == 403);
}

BOOST_AUTO_TEST_CASE(the_blind_page_and_json_hold_no_auditor_judgement_until_the_moderators_grades_are_in) {
    Moderated m;
    auto mod = m.w.client();
    mod.login("mod");
    BOOST_TEST_REQUIRE(mod.postForm("/moderation/" + m.form + "/take", "").status == 303);
    const std::string page = mod.get("/moderation/" + m.form).body, json = mod.get("/api/moderation/" + m.form).body;
    for (const std::string& served : {page, json}) {
        BOOST_TEST(!contains(served, "RATIONALE-SECRET"));
        BOOST_TEST(!contains(served, "STRENGTH-SECRET"));
        BOOST_TEST(!contains(served, "Partly"));           // an answer
        BOOST_TEST(!contains(served, "selected"));  // no grade pre-selected from the auditor's
        BOOST_TEST(contains(served, "Seen on file"));       // the evidence noted on the file is shown
    }
    BOOST_TEST(contains(json, "\"blind\":true"));
    BOOST_TEST(!contains(json, "auditor_grade"));
    // The served bytes are a function of the evidence alone: change every judgement and they stay the same.
    m.w.store.exec("UPDATE judgement SET auditor_grade = 'outstanding', rationale = 'other', computed_grade = 'inadequate'");
    m.w.store.exec("UPDATE answer SET answer = 'no'");
    m.w.store.exec("UPDATE audit SET strengths = 'other strengths'");
    BOOST_TEST(stable(mod.get("/moderation/" + m.form).body) == stable(page));
    BOOST_TEST(mod.get("/api/moderation/" + m.form).body == json);
    // Once the moderator's own grades are in, the auditor's record is beside them.
    BOOST_TEST_REQUIRE(mod.postForm("/moderation/" + m.form + "/grades", gradesBody("Good")).status == 303);
    const std::string open = mod.get("/moderation/" + m.form).body;
    BOOST_TEST(contains(open, "side-by-side"));
    BOOST_TEST(contains(open, "other strengths"));
    BOOST_TEST(contains(mod.get("/api/moderation/" + m.form).body, "\"blind\":false"));
    // Given blind once: a second set is refused.
    BOOST_TEST(mod.postForm("/moderation/" + m.form + "/grades", gradesBody("Inadequate")).status == 422);
}

BOOST_AUTO_TEST_CASE(grades_are_refused_with_importGrades_messages_and_only_by_the_lock_holder) {
    Moderated m;
    auto mod = m.w.client();
    mod.login("mod");
    auto r = mod.postForm("/moderation/" + m.form + "/grades", gradesBody("Good"));
    BOOST_TEST(r.status == 422);
    BOOST_TEST(contains(r.body, "is not taken for moderation"));
    mod.postForm("/moderation/" + m.form + "/take", "");
    r = mod.postForm("/moderation/" + m.form + "/grades", "grade._overall=Good");
    BOOST_TEST(r.status == 422);
    BOOST_TEST(contains(r.body, "is blank"));  // importGrades' own words for a missing domain grade
    BOOST_TEST(moderation::ownGrades(m.w.store, m.form, "mod").empty());
    r = mod.postForm("/moderation/" + m.form + "/grades", gradesBody("Splendid"));
    BOOST_TEST(contains(r.body, "&#39;Splendid&#39; is not a grade"));
}

BOOST_AUTO_TEST_CASE(send_back_with_comments_the_auditor_resubmits_a_new_version_then_agreement) {
    Moderated m;
    auto mod = m.w.client(), alice = m.w.client();
    mod.login("mod");
    alice.login("alice");
    const std::string base = "/moderation/" + m.form;
    mod.postForm(base + "/take", "");
    // Locked: the auditor's page names the holder, and the auditor cannot change it.
    BOOST_TEST(contains(alice.get("/audits/" + m.form).body, "Being moderated by mod since"));
    mod.postForm(base + "/grades", gradesBody("Good"));
    const std::string plan = cincp().sections[1].domain, q = cincp().sections[0].questions[0].id;
    BOOST_TEST(mod.postForm(base + "/comment", "target=" + plan + "&comment=" + web::urlEncode("Say how the plan is reviewed <now>.")).status == 303);
    BOOST_TEST(mod.postForm(base + "/comment", "target=" + q + "&comment=Chronology%20gap.").status == 303);
    BOOST_TEST(mod.postForm(base + "/comment", "target=nowhere&comment=x").status == 422);
    BOOST_TEST(mod.postForm(base + "/send-back", "note=See%20the%20comments.").status == 303);
    BOOST_TEST(moderation::toString(moderation::roundStatus(m.w.store, m.form).state) == std::string("sent back"));
    // The auditor sees the comments (escaped) and the form again, filled with the stored version.
    const std::string back = alice.get("/audits/" + m.form).body;
    BOOST_TEST(contains(back, "Say how the plan is reviewed &lt;now&gt;."));
    BOOST_TEST(contains(back, "Chronology gap."));
    BOOST_TEST(contains(back, "id=\"audit-form\""));
    BOOST_TEST(contains(back, "RATIONALE-SECRET"));
    // Submitted unchanged (the stored version, as the form opens), it makes no new version and says so.
    auto same = alice.json("POST", "/api/audits/" + m.form + "/submit", "");
    BOOST_TEST(same.status == 200);
    BOOST_TEST(contains(same.body, "\"outcome\":\"unchanged\""));
    web::Draft d = completeDraft();
    d.input.domainRationales[plan] = "Reviewed at the core group on 1 July; outcomes recorded.";
    auto sub = alice.json("POST", "/api/audits/" + m.form + "/submit", web::draftToJson(d));
    BOOST_TEST_REQUIRE(sub.status == 200);
    BOOST_TEST(contains(sub.body, "\"version\":2"));
    BOOST_TEST(moderation::toString(moderation::roundStatus(m.w.store, m.form).state) == std::string("resubmitted"));
    // Taken again: locked for the auditor (409 naming the holder), then agreed.
    mod.postForm(base + "/take", "");
    auto locked = alice.json("PUT", "/api/audits/" + m.form + "/draft", "{}");
    BOOST_TEST(locked.status == 409);
    BOOST_TEST(contains(locked.body, "being moderated by mod"));
    BOOST_TEST(alice.postForm("/audits/" + m.form, "do=submit").status == 409);
    std::string agree;
    for (const auto& s : cincp().sections) agree += "agreed." + s.domain + "=Good&code." + s.domain + "=agreed&";
    agree += "agreed._overall=Good&code._overall=agreed";
    auto refused = mod.postForm(base + "/agree", agree);  // 'Good' differs from the auditor's RI for the plan: reason needed
    BOOST_TEST(refused.status == 422);
    BOOST_TEST(contains(refused.body, "reason"));
    BOOST_TEST(mod.postForm(base + "/agree", agreeBody()).status == 303);
    BOOST_TEST(moderation::toString(moderation::roundStatus(m.w.store, m.form).state) == std::string("agreed"));
    BOOST_TEST(m.w.store.scalar<std::int64_t>("SELECT a.version FROM moderation_latest x JOIN audit a ON a.id = x.audit_id "
                                              "WHERE x.domain = '_overall' AND x.agreed_grade = 'Good'").value_or(0) == 2);
    // The history on the auditor's page: each stage with who.
    const std::string page = alice.get("/audits/" + m.form).body;
    for (const char* what : {">drawn<", ">allocated<", ">submitted<", ">opened<", ">drawn for moderation<", ">commented<",
                             ">sent back<", ">moderated<", ">agreed<"})
    {
        BOOST_TEST_INFO(what);
        BOOST_TEST(contains(page, what));
    }
    BOOST_TEST(contains(page, "Agreed by mod"));
    BOOST_TEST(contains(page, "id=\"agreed-grades\""));  // the auditor sees the agreed grades and why
    BOOST_TEST(contains(page, "Reviews on file."));
}

BOOST_AUTO_TEST_CASE(a_browser_moderation_and_the_same_grades_imported_by_audit_reconcile_store_the_same_rows) {
    auto moderationRows = [](Store& s) {
        return rows(s, "SELECT x.form_id, x.version, a.form_id, a.version, x.domain, x.moderator, x.moderator_grade, "
                       "x.agreed_grade, x.reason_code, x.reason, x.mode, x.period, x.moderated_date FROM moderation x "
                       "JOIN audit a ON a.id = x.audit_id ORDER BY x.form_id, x.version, x.domain");
    };
    // The browser: blind grades, then agreement.
    Moderated b;
    auto mod = b.w.client();
    mod.login("mod");
    mod.postForm("/moderation/" + b.form + "/take", "");
    BOOST_TEST_REQUIRE(mod.postForm("/moderation/" + b.form + "/grades", gradesBody("Good")).status == 303);
    auto agreed = mod.postForm("/moderation/" + b.form + "/agree", agreeBody());
    BOOST_TEST_REQUIRE(agreed.status == 303);
    // The command line: the same blind return, then the agreed one, through the job behind `audit-reconcile import`.
    Moderated c;
    auto csv = [&](const std::string& name, bool agreed) {
        const std::string path = c.w.dir.file(name);
        std::ofstream out(path);
        out << "form_id,domain,moderator,moderator_grade,reason_code,reason,agreed_grade,moderated_date\n";
        std::vector<std::string> domains{"_overall"};
        for (const auto& s : cincp().sections) domains.push_back(s.domain);
        std::sort(domains.begin(), domains.end());
        for (const auto& d : domains)
            out << c.form << "," << d << ",mod,Good," << (agreed ? "evidence-missed,Reviews on file.,Good" : ",,") << ",2026-08-03\n";
        return path;
    };
    for (const auto& path : {csv("blind.csv", false), csv("agreed.csv", true)}) {
        jobs::ModerationImportRequest req;
        req.paths = {path};
        req.store = c.w.dir.file("audit.db");
        BOOST_TEST_REQUIRE(jobs::moderationImport(req).rejected == 0u);
    }
    const std::string a = moderationRows(b.w.store), z = moderationRows(c.w.store);
    BOOST_TEST(a == z);
    BOOST_TEST(contains(a, "Reviews on file."));
    BOOST_TEST(contains(a, "|2|"));  // two versions: blind, then agreed
}
