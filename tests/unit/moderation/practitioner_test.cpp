#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/base/random.h"
#include "audit/moderation/moderation.h"
#include "audit/moderation/moderation_round.h"
#include "audit/moderation/practitioner.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;
using namespace audit::moderation;

namespace {

using audit::test::catalogue;

// An audit of `templ` (cin-cp v3 asks for feedback, front-door v1 shows the findings only) of a case of `worker`.
void addAudit(Store& store, const std::string& form, const std::string& worker, const std::string& templ = "cin-cp",
              const std::string& period = "2026-11") {
    const std::string version = templ == "cin-cp" ? "3" : "1";
    const auto id = store.insertReturningId(
        "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, framework_id, auditor, team, "
        "worker, period, strengths, source_hash, imported_at) VALUES (?, 1, ?, ?, ?, 'ofsted-four-point', 'A1', "
        "'T1', ?, ?, 'Warm, consistent relationship with the child.', 'h', 'now')",
        form, "C" + form, templ, version, worker, period);
    store.exec("INSERT INTO judgement (audit_id, domain, auditor_grade) VALUES (?, '_overall', 'Good')", id);
    store.exec("INSERT INTO judgement (audit_id, domain, auditor_grade) VALUES (?, 'assessment', 'Good')", id);
}

// The period's moderation sample: only `forms` drawn (allocated to M1).
void drawModeration(Store& store, const std::vector<std::string>& forms) {
    const auto scale = agreement::GradeScale::ofsted4();
    std::vector<Candidate> all = loadCandidates(store, "2026-11", scale), chosen;
    for (const auto& c : all)
        if (std::find(forms.begin(), forms.end(), c.formId) != forms.end()) chosen.push_back(c);
    SamplePolicy p;
    p.fraction = 1;
    Random r(3);
    const Sample s = drawSample(chosen, p, r);
    recordDraw(store, "2026-11", 3, p, scale, chosen, s, allocateModerators(chosen, s, {{"M1", 9}}));
}

std::string refusal(Store& store, const std::string& form, const std::string& worker, const std::string& text) {
    try {
        recordResponse(store, catalogue(), form, worker, text);
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        return e.what();
    }
    BOOST_FAIL("not refused");
    return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(shipped_templates_set_the_involvement) {
    BOOST_TEST((catalogue().getTemplate("cin-cp").practitioner == Involvement::Feedback));
    BOOST_TEST((catalogue().getTemplate("front-door").practitioner == Involvement::ViewFindings));
}

BOOST_AUTO_TEST_CASE(a_worker_sees_only_final_audits_of_their_cases) {
    Store store(":memory:");
    addAudit(store, "F1", "W1");                 // moderated, then agreed
    addAudit(store, "F2", "W1");                 // not drawn for moderation: final once the sample is drawn
    addAudit(store, "F3", "W2");                 // another worker's case
    addAudit(store, "F4", "W1", "front-door");  // view-findings
    BOOST_TEST(practitionerAudits(store, catalogue(), "W1").empty());  // no moderation sample yet: nothing final
    drawModeration(store, {"F1"});
    auto mine = practitionerAudits(store, catalogue(), "W1");
    BOOST_REQUIRE(mine.size() == 2u);  // F1 is being moderated
    BOOST_TEST(mine[0].formId == "F2");
    BOOST_TEST(mine[1].formId == "F4");
    BOOST_TEST((mine[1].involvement == Involvement::ViewFindings));
    BOOST_TEST(!practitionerAudit(store, catalogue(), "F1", "W1"));
    BOOST_TEST(!practitionerAudit(store, catalogue(), "F3", "W1"));  // not theirs: not found, like a missing one
    BOOST_TEST(!practitionerAudit(store, catalogue(), "F9", "W1"));
    BOOST_TEST(!practitionerAudit(store, catalogue(), "F2", ""));
    takeLock(store, "F1", "M1");
    agree(store, catalogue(), "F1", "M1",
          {{"_overall", "Requires improvement", "Requires improvement", "over-generous", "Plan drift not weighed"},
           {"assessment", "Good", "Good", "agreed", ""}},
          "2026-12-01");
    const auto f1 = practitionerAudit(store, catalogue(), "F1", "W1");
    BOOST_REQUIRE(f1.has_value());
    BOOST_TEST(f1->strengths == "Warm, consistent relationship with the child.");
    BOOST_REQUIRE(f1->grades.size() == 2u);
    BOOST_TEST(f1->grades[0].title == "Assessment");
    BOOST_TEST(f1->grades[1].domain == "_overall");
    BOOST_TEST(f1->grades[1].grade == "Requires improvement");  // the agreed grade, not the auditor's
    BOOST_TEST(!f1->prompt.empty());
}

BOOST_AUTO_TEST_CASE(responses_are_recorded_and_counted) {
    Store store(":memory:");
    addAudit(store, "F1", "W1");
    addAudit(store, "F2", "W1");
    addAudit(store, "F3", "W2");
    addAudit(store, "F4", "W1", "front-door");
    addAudit(store, "F5", "W2", "cin-cp", "2026-10");  // another period
    drawModeration(store, {"F3"});
    BOOST_TEST(refusal(store, "F3", "W2", "x").find("is not a final audit of a case of W2") != std::string::npos);
    BOOST_TEST(refusal(store, "F1", "W2", "x").find("is not a final audit of a case of W2") != std::string::npos);
    BOOST_TEST(refusal(store, "F4", "W1", "x").find("does not ask the practitioner for feedback") != std::string::npos);
    BOOST_TEST(refusal(store, "F1", "W1", " \n ").find("the response is blank") != std::string::npos);
    BOOST_TEST(refusal(store, "F1", "W1", std::string(4001, 'y')).find("at most 4000") != std::string::npos);
    FeedbackCount c = feedbackCount(store, catalogue(), *parsePeriod("2026-11"));
    BOOST_TEST(c.asked == 2u);  // F1, F2 (F3 not final, F4 not asked)
    BOOST_TEST(c.received == 0u);
    const auto r = recordResponse(store, catalogue(), "F1", "W1", "  Agree; the chronology is now updated. ");
    BOOST_TEST(r.response == "Agree; the chronology is now updated.");
    recordResponse(store, catalogue(), "F1", "W1", "Second thoughts: the plan was reviewed in October.");
    BOOST_TEST(practitionerAudit(store, catalogue(), "F1", "W1")->response->response ==
               "Second thoughts: the plan was reviewed in October.");
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM practitioner_response").value() == 2);
    c = feedbackCount(store, catalogue(), *parsePeriod("2026-11"));
    BOOST_TEST(c.asked == 2u);
    BOOST_TEST(c.received == 1u);
    BOOST_TEST(feedbackCount(store, catalogue(), *parsePeriod("2026-10")).asked == 0u);  // no moderation sample there
    BOOST_TEST(feedbackCount(store, catalogue(), *parsePeriod("2026-Q4")).received == 1u);  // months within
}
