#include <boost/test/unit_test.hpp>

#include "audit/base/output_file.h"
#include "audit/base/paths.h"
#include "audit/base/random.h"
#include "audit/forms/scoring.h"
#include "test_support.h"

using namespace audit;

namespace {
using audit::test::catalogue;
const Framework& ofsted() { return *catalogue().framework("ofsted-four-point"); }

// assessment (weight 2 from the framework): q-one weight 2 (No caps the domain at RI), q-two optional;
// plan (weight 2): q-three (No or Partly caps the overall grade at Inadequate); risk (weight 2, limiting).
std::string miniXml(const std::string& method) {
    return R"(<template id="mini" version="4" framework="ofsted-four-point" title="Mini">
  <applies-to><category>CIN</category></applies-to>
  <section domain="assessment">
    <question id="q-one" weight="2"><text>Seen alone?</text><guidance>g</guidance>
      <limit when="no" cap="requires-improvement"/></question>
    <question id="q-two" required="false"><text>Analysis?</text><guidance>g</guidance></question>
  </section>
  <section domain="plan">
    <question id="q-three"><text>SMART?</text><guidance>g</guidance>
      <limit when="no partly" cap="inadequate" scope="overall"/></question>
  </section>
  <section domain="risk" judgement="optional">
    <question id="q-four"><text>Risks named?</text><guidance>g</guidance></question>
  </section>
  <overall method=")" + method + R"("><guidance>g</guidance></overall>
</template>)";
}
Template mini(const std::string& method) { return parseTemplate(miniXml(method), "mini.xml", catalogue().frameworks()); }

AuditInput answers(std::map<std::string, std::string> a) {
    AuditInput in;
    in.answers = std::move(a);
    return in;
}

bool hasProblem(const ScoreResult& r, Field f, const std::string& id) {
    for (const auto& p : r.problems)
        if (p.field == f && p.id == id) return true;
    return false;
}
}  // namespace

BOOST_AUTO_TEST_CASE(item_scores_domain_score_and_bands) {
    Template t = mini("lowest-domain");
    auto r = score(t, ofsted(), answers({{"q-one", "Yes"}, {"q-two", "partly"}, {"q-three", "YES"}, {"q-four", "No"}}));
    const DomainResult& a = *r.domain("assessment");
    BOOST_TEST(a.items.at(0).score == 4.0);
    BOOST_TEST(a.items.at(0).possible == 4.0);
    BOOST_TEST(a.items.at(1).score == 1.0);
    BOOST_TEST(a.earned == 5.0);
    BOOST_TEST(a.possible == 6.0);
    BOOST_TEST(*a.score == 500.0 / 6.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(*a.computed == "good");
    BOOST_TEST(*r.domain("plan")->computed == "outstanding");
    BOOST_TEST(*r.domain("risk")->computed == "inadequate");
    BOOST_TEST(*r.overall.computed == "inadequate");  // lowest domain
}

BOOST_AUTO_TEST_CASE(not_applicable_is_left_out) {
    Template t = mini("lowest-domain");
    auto r = score(t, ofsted(), answers({{"q-one", "Yes"}, {"q-two", "Not applicable"}, {"q-three", "na"}}));
    BOOST_TEST(*r.domain("assessment")->score == 100.0);
    BOOST_TEST(r.domain("assessment")->items.at(1).excluded);
    BOOST_TEST(!r.domain("plan")->score.has_value());      // all N/A: nothing to score
    BOOST_TEST(!r.domain("plan")->computed.has_value());
    BOOST_TEST(!r.domain("risk")->computed.has_value());   // unanswered
    BOOST_TEST(*r.overall.computed == "outstanding");      // domains without a grade do not count
}

BOOST_AUTO_TEST_CASE(limiting_item_caps_the_domain) {
    // cin-cp: child seen alone = No caps Assessment at Requires improvement even when the score is Good.
    const Template& t = catalogue().getTemplate("cin-cp");
    AuditInput in;
    for (const auto& q : t.section("assessment")->questions) in.answers[q.id] = "Yes";
    in.answers["assess-seen-alone"] = "No";
    auto r = score(t, ofsted(), in);
    const DomainResult& a = *r.domain("assessment");
    BOOST_TEST(*a.score == 100.0 * 16 / 18, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(*a.band == "good");
    BOOST_TEST(*a.computed == "requires-improvement");
    BOOST_REQUIRE(a.caps.size() == 1u);
    BOOST_TEST(a.caps[0].question == "assess-seen-alone");
    // A cap never raises a grade.
    in.answers["assess-analysis"] = "No";
    in.answers["assess-agencies"] = "No";
    in.answers["assess-parenting"] = "No";
    in.answers["assess-timescale"] = "No";
    r = score(t, ofsted(), in);
    BOOST_TEST(*r.domain("assessment")->score == 100.0 * 6 / 18, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(*r.domain("assessment")->computed == "inadequate");
}

BOOST_AUTO_TEST_CASE(limiting_item_caps_the_overall_grade) {
    Template t = mini("lowest-domain");
    auto r = score(t, ofsted(), answers({{"q-one", "Yes"}, {"q-three", "Partly"}, {"q-four", "Yes"}}));
    BOOST_TEST(*r.domain("plan")->computed == "requires-improvement");
    BOOST_TEST(*r.overall.uncapped == "requires-improvement");
    BOOST_TEST(*r.overall.computed == "inadequate");
    BOOST_REQUIRE(r.overall.caps.size() == 1u);
    BOOST_TEST(r.overall.caps[0].question == "q-three");
}

BOOST_AUTO_TEST_CASE(weighted_mean_rounds_to_nearest_with_ties_down) {
    Template t = mini("weighted-mean");
    AuditInput in = answers({{"q-one", "yes"}, {"q-three", "yes"}});
    in.domainGrades = {{"assessment", "Requires improvement"}, {"plan", "Good"}};
    in.domainRationales = {{"assessment", "x"}, {"plan", "x"}};
    auto r = score(t, ofsted(), in);  // (2×2 + 2×3) / 4 = 2.5 → 2 (ties go to the worse grade)
    BOOST_TEST(*r.overall.mean == 2.5);
    BOOST_TEST(*r.overall.computed == "requires-improvement");
    in.domainGrades["plan"] = "Outstanding";  // (4 + 8) / 4 = 3
    r = score(t, ofsted(), in);
    BOOST_TEST(*r.overall.computed == "good");
    in.answers["q-four"] = "partly";  // risk 50% → RI: (4 + 8 + 4) / 6 = 2.667 → 3
    r = score(t, ofsted(), in);
    BOOST_TEST(*r.overall.mean == 16.0 / 6.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(*r.overall.computed == "good");
    BOOST_TEST(roundGradeValue(2.5) == 2.0);
    BOOST_TEST(roundGradeValue(2.5000000000001) == 2.0);
    BOOST_TEST(roundGradeValue(2.51) == 3.0);
    BOOST_TEST(roundGradeValue(2.49) == 2.0);
    BOOST_TEST(roundGradeValue(0.2) == 0.0);
}

BOOST_AUTO_TEST_CASE(limiting_rule_keeps_overall_at_or_below_limiting_domains) {
    Template t = mini("limiting");
    AuditInput in = answers({{"q-one", "yes"}, {"q-three", "yes"}, {"q-four", "partly"}});
    auto r = score(t, ofsted(), in);  // assessment 4, plan 4, risk 2 (50%): mean 10/3 → 3, limited by risk to 2
    BOOST_TEST(*r.domain("risk")->computed == "requires-improvement");
    BOOST_TEST(*r.overall.uncapped == "good");
    BOOST_TEST(*r.overall.computed == "requires-improvement");
    BOOST_TEST(r.overall.limitedBy == std::vector<std::string>{"risk"});
    // The same answers under the weighted mean alone stay Good.
    BOOST_TEST(*score(mini("weighted-mean"), ofsted(), in).overall.computed == "good");
}

BOOST_AUTO_TEST_CASE(basis_final_uses_the_auditors_domain_grades) {
    Template t = mini("lowest-domain");
    AuditInput in = answers({{"q-one", "yes"}, {"q-three", "yes"}});
    in.domainGrades = {{"assessment", "Requires improvement"}};
    in.domainRationales = {{"assessment", "Seen alone but the analysis is thin"}};
    auto r = score(t, ofsted(), in);
    BOOST_TEST(*r.domain("assessment")->computed == "outstanding");
    BOOST_TEST(*r.domain("assessment")->final == "requires-improvement");
    BOOST_TEST(*r.overall.computed == "requires-improvement");
}

BOOST_AUTO_TEST_CASE(rationale_required_when_the_auditor_departs) {
    Template t = mini("lowest-domain");
    AuditInput in = answers({{"q-one", "yes"}, {"q-three", "yes"}, {"q-four", "yes"}});
    in.domainGrades = {{"assessment", "Outstanding"}, {"plan", "Good"}};
    in.overallGrade = "Good";
    auto r = score(t, ofsted(), in);
    BOOST_TEST(!r.domain("assessment")->departs);
    BOOST_TEST(!r.domain("assessment")->rationaleRequired);
    BOOST_TEST(r.domain("plan")->departs);
    BOOST_TEST(r.domain("plan")->rationaleRequired);
    BOOST_TEST(hasProblem(r, Field::DomainRationale, "plan"));
    BOOST_TEST(!hasProblem(r, Field::DomainRationale, "assessment"));
    // Overall: computed = lowest of final (plan Good) = Good: no departure.
    BOOST_TEST(*r.overall.computed == "good");
    BOOST_TEST(!r.overall.rationaleRequired);
    in.domainRationales["plan"] = "The plan lacks a contingency";
    in.overallGrade = "Outstanding";
    r = score(t, ofsted(), in);
    BOOST_TEST(!hasProblem(r, Field::DomainRationale, "plan"));
    BOOST_TEST(r.overall.departs);
    BOOST_TEST(hasProblem(r, Field::OverallRationale, ""));
    in.overallRationale = "Exceptional direct work";
    r = score(t, ofsted(), in);
    BOOST_TEST(r.complete());
}

BOOST_AUTO_TEST_CASE(auditor_judgement_has_no_computed_overall_and_always_needs_a_rationale) {
    Template t = mini("auditor-judgement");
    AuditInput in = answers({{"q-one", "yes"}, {"q-three", "yes"}});
    in.domainGrades = {{"assessment", "Outstanding"}, {"plan", "Outstanding"}};
    in.overallGrade = "Good";
    auto r = score(t, ofsted(), in);
    BOOST_TEST(!r.overall.computed.has_value());
    BOOST_TEST(r.overall.rationaleRequired);
    BOOST_TEST(hasProblem(r, Field::OverallRationale, ""));
    BOOST_TEST(*r.overall.final == "good");
}

BOOST_AUTO_TEST_CASE(missing_and_wrong_values_are_problems) {
    Template t = mini("lowest-domain");
    AuditInput in = answers({{"q-one", "Maybe"}, {"q-nine", "Yes"}});
    in.domainGrades = {{"assessment", "Excellent"}};
    auto r = score(t, ofsted(), in);
    BOOST_TEST(hasProblem(r, Field::Answer, "q-one"));     // not on the scale
    BOOST_TEST(hasProblem(r, Field::Answer, "q-nine"));    // not a question
    BOOST_TEST(hasProblem(r, Field::Answer, "q-three"));   // required, missing
    BOOST_TEST(!hasProblem(r, Field::Answer, "q-two"));    // optional
    BOOST_TEST(hasProblem(r, Field::DomainGrade, "assessment"));
    BOOST_TEST(hasProblem(r, Field::DomainGrade, "plan"));  // judgement required
    BOOST_TEST(!hasProblem(r, Field::DomainGrade, "risk")); // judgement optional
    BOOST_TEST(hasProblem(r, Field::OverallGrade, ""));
    for (const auto& p : r.problems)
        if (p.id == "q-one") BOOST_TEST(p.message == "'Maybe' is not an answer of template mini v4 (expected Yes, Partly, No, Not applicable)");
    BOOST_TEST(!r.domain("assessment")->items.at(0).answered);
}

BOOST_AUTO_TEST_CASE(signs_of_safety_scaling) {
    const Template& t = catalogue().getTemplate("sos-practice");
    const Framework& sos = catalogue().frameworkOf(t);
    AuditInput in;
    for (const auto& s : t.sections)
        for (const auto& q : s.questions) in.answers[q.id] = "Yes";
    auto r = score(t, sos, in);
    for (const auto& d : r.domains) BOOST_TEST(*d.computed == "10");
    BOOST_TEST(*r.overall.computed == "10");
    in.answers["sos-danger-statement"] = "No";  // 4 of 8 → 50% → 5, capped at 4; danger-harm is limiting
    r = score(t, sos, in);
    BOOST_TEST(*r.domain("danger-harm")->band == "5");
    BOOST_TEST(*r.domain("danger-harm")->computed == "4");
    BOOST_TEST(*r.overall.computed == "4");
    BOOST_TEST(!sos.meetsThreshold(*sos.grade(*r.overall.computed)));
    in.overallGrade = "4";
    r = score(t, sos, in);
    BOOST_TEST(r.overall.rationaleRequired);  // this framework always wants the overall rationale
}

BOOST_AUTO_TEST_CASE(random_returns_keep_the_invariants) {
    Random rng(2026);
    const auto& fw = ofsted();
    for (const Template* t : catalogue().latestTemplates()) {
        if (t->frameworkId != fw.id) continue;
        for (int n = 0; n < 200; ++n) {
            AuditInput in;
            for (const auto& s : t->sections)
                for (const auto& q : s.questions) {
                    auto k = rng.below(5);
                    if (k < 4) in.answers[q.id] = fw.answers[k].label;
                }
            auto r = score(*t, fw, in);
            for (const auto& d : r.domains) {
                if (!d.score) continue;
                BOOST_TEST(*d.score >= 0.0);
                BOOST_TEST(*d.score <= 100.0);
                BOOST_TEST(fw.grade(*d.computed)->value <= fw.grade(*d.band)->value);
            }
            if (r.overall.computed) BOOST_TEST(fw.grade(*r.overall.computed)->value <= fw.grade(*r.overall.uncapped)->value);
        }
    }
}

// Issue 13, item 6: under <blank-grade domain="agrees"/> (the shipped frameworks) a blank domain grade is the
// auditor agreeing with the computed grade: stored as the auditor's, marked left blank, no rationale asked for.
// Where nothing could be computed it is still required; under "required" a blank grade is an error.
BOOST_AUTO_TEST_CASE(blank_domain_grade_agrees_with_the_computed_grade) {
    BOOST_TEST(ofsted().blankDomainGradeAgrees);
    Template t = mini("lowest-domain");
    AuditInput in = answers({{"q-one", "Yes"}, {"q-two", "No"}});  // assessment computed; plan has nothing
    in.overallGrade = "Good";
    auto r = score(t, ofsted(), in);
    const DomainResult& a = *r.domain("assessment");
    BOOST_TEST(a.leftBlank);
    BOOST_TEST(a.auditor.has_value());
    BOOST_TEST(*a.auditor == *a.computed);
    BOOST_TEST(!a.departs);
    BOOST_TEST(!a.rationaleRequired);
    BOOST_TEST(!hasProblem(r, Field::DomainGrade, "assessment"));
    BOOST_TEST(hasProblem(r, Field::DomainGrade, "plan"));  // nothing scored: no computed grade to agree with
    for (const auto& p : r.problems)
        if (p.field == Field::DomainGrade && p.id == "plan")
            BOOST_TEST(p.message.find("no scored answers to compute one") != std::string::npos);
    BOOST_TEST(!r.domain("plan")->leftBlank);

    // A grade given is the auditor's own, not left blank.
    in.domainGrades = {{"assessment", "Good"}};
    BOOST_TEST(!score(t, ofsted(), in).domain("assessment")->leftBlank);

    // The same framework with blank-grade required: a blank grade is an error again.
    std::string xml = readFile(ofsted().file);
    const std::string setting = "<blank-grade domain=\"agrees\"/>";
    BOOST_REQUIRE(xml.find(setting) != std::string::npos);
    xml.replace(xml.find(setting), setting.size(), "<blank-grade domain=\"required\"/>");
    const Framework strict = parseFramework(xml, "strict.xml");
    BOOST_TEST(!strict.blankDomainGradeAgrees);
    in.domainGrades.clear();
    auto s = score(t, strict, in);
    BOOST_TEST(hasProblem(s, Field::DomainGrade, "assessment"));
    BOOST_TEST(!s.domain("assessment")->leftBlank);

    // An unknown value is refused by the framework check.
    xml.replace(xml.find("<blank-grade domain=\"required\"/>"), 33, "<blank-grade domain=\"maybe\"/>");
    BOOST_CHECK_THROW(parseFramework(xml, "bad.xml"), Error);
}
