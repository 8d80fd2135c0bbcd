#include <boost/test/unit_test.hpp>

#include <set>

#include "audit/base/paths.h"
#include "audit/forms/template.h"
#include "test_support.h"

using namespace audit;

namespace {
const std::vector<Framework>& frameworks() {
    static std::vector<Framework> fws = {loadFramework(frameworksDir() + "/ofsted-four-point.xml"),
                                         loadFramework(frameworksDir() + "/signs-of-safety.xml")};
    return fws;
}

const char* kTemplate = R"(<?xml version="1.0"?>
<template id="mini" version="1" framework="ofsted-four-point" title="Mini audit">
  <applies-to><category>CIN</category></applies-to>
  <section domain="assessment">
    <question id="q-one" weight="2">
      <text>Seen alone?</text>
      <guidance>Look.</guidance>
      <limit when="no" cap="requires-improvement"/>
    </question>
    <question id="q-two" required="false">
      <text>Analysis?</text>
      <guidance>Read.</guidance>
    </question>
  </section>
  <section domain="plan" weight="3">
    <question id="q-three">
      <text>SMART?</text>
      <guidance>Check.</guidance>
      <limit when="no partly" cap="inadequate" scope="overall"/>
    </question>
  </section>
  <overall method="lowest-domain"><guidance>Weigh it.</guidance></overall>
  <actions rows="3"/>
</template>
)";

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

std::string failure(const std::string& xml) {
    try {
        parseTemplate(xml, "t.xml", frameworks());
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 65);
        return e.what();
    }
    BOOST_FAIL("no error for an invalid template");
    return "";
}
}  // namespace

BOOST_AUTO_TEST_CASE(minimal_template_loads) {
    Template t = parseTemplate(kTemplate, "t.xml", frameworks());
    BOOST_TEST(t.id == "mini");
    BOOST_TEST(t.version == 1);
    BOOST_TEST(t.categories == std::vector<std::string>{"CIN"});
    BOOST_REQUIRE(t.sections.size() == 2u);
    BOOST_TEST(t.sections[0].title == "Assessment");   // the domain's title by default
    BOOST_TEST(t.sections[0].weight == 2.0);            // the domain's weight by default
    BOOST_TEST(t.sections[1].weight == 3.0);
    BOOST_TEST(t.question("q-one")->weight == 2.0);
    BOOST_TEST(!t.question("q-two")->required);
    BOOST_TEST(t.question("q-one")->limits.at(0).cap == "requires-improvement");
    BOOST_TEST((t.question("q-one")->limits.at(0).scope == Limit::Scope::Domain));
    BOOST_TEST((t.question("q-three")->limits.at(0).when == std::vector<std::string>{"no", "partly"}));
    BOOST_TEST(t.question("q-one")->line == 5);
    BOOST_TEST(t.sectionOf("q-three")->domain == "plan");
    BOOST_TEST(t.question("nope") == nullptr);
    BOOST_TEST(t.questionCount() == 3u);
    BOOST_TEST(t.actionRows == 3);
    BOOST_TEST(!t.question("q-one")->evidencePrompt.empty());
    BOOST_TEST((t.method(frameworks()[0]) == OverallMethod::LowestDomain));
}

BOOST_AUTO_TEST_CASE(unknown_framework_names_the_line) {
    BOOST_TEST(failure(replaced(kTemplate, "framework=\"ofsted-four-point\"", "framework=\"ofsted\"")) ==
               "t.xml: line 2: unknown framework 'ofsted' (known: ofsted-four-point, signs-of-safety)");
}

BOOST_AUTO_TEST_CASE(unknown_domain_names_the_line) {
    std::string msg = failure(replaced(kTemplate, "domain=\"plan\"", "domain=\"planning\""));
    BOOST_TEST(msg.find("t.xml: line 15: unknown domain 'planning' in framework 'ofsted-four-point' (known: history,") == 0u, msg);
}

BOOST_AUTO_TEST_CASE(duplicate_question_ids_name_both_lines) {
    BOOST_TEST(failure(replaced(kTemplate, "id=\"q-three\"", "id=\"q-one\"")) ==
               "t.xml: line 16: duplicate question id 'q-one' (first used on line 5)");
}

BOOST_AUTO_TEST_CASE(missing_version_names_the_line) {
    BOOST_TEST(failure(replaced(kTemplate, " version=\"1\"", "")) ==
               "t.xml: line 2: <template> lacks the required attribute 'version'");
    BOOST_TEST(failure(replaced(kTemplate, "version=\"1\"", "version=\"v1\"")) ==
               "t.xml: line 2: attribute 'version' of <template> is 'v1', expected a whole number of at least 1");
}

BOOST_AUTO_TEST_CASE(broken_xml_names_line_and_column) {
    BOOST_TEST(failure(replaced(kTemplate, "<text>Analysis?</text>", "<text>Analysis?</txt>")) ==
               "t.xml: line 11, column 24: the XML is not well formed: Start-end tags mismatch");
}

BOOST_AUTO_TEST_CASE(question_problems) {
    std::string bad = replaced(kTemplate, "<guidance>Read.</guidance>", "");
    bad = replaced(bad, "cap=\"inadequate\"", "cap=\"terrible\"");
    bad = replaced(bad, "when=\"no partly\"", "when=\"no maybe\"");
    bad = replaced(bad, "id=\"q-one\"", "id=\"Q 1\"");
    std::string msg = failure(bad);
    BOOST_TEST(msg.find("t.xml: line 5: question id 'Q 1' is not valid") != std::string::npos, msg);
    BOOST_TEST(msg.find("t.xml: line 10: question 'q-two' has no <guidance>") != std::string::npos, msg);
    BOOST_TEST(msg.find("t.xml: line 19: limit when 'maybe' is not an answer key") != std::string::npos, msg);
    BOOST_TEST(msg.find("t.xml: line 19: limit cap 'terrible' is not a grade") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(limiting_rule_needs_a_limiting_domain) {
    std::string msg = failure(replaced(kTemplate, "method=\"lowest-domain\"", "method=\"limiting\""));
    BOOST_TEST(msg.find("the limiting rule needs a section whose domain is limiting") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(practitioner_involvement) {
    BOOST_TEST((parseTemplate(kTemplate, "t.xml", frameworks()).practitioner == Involvement::None));  // by default
    Template fb = parseTemplate(replaced(kTemplate, "<actions rows=\"3\"/>",
                                         "<actions rows=\"3\"/><practitioner involvement=\"feedback\"/>"),
                                "t.xml", frameworks());
    BOOST_TEST((fb.practitioner == Involvement::Feedback));
    BOOST_TEST(!fb.practitionerPrompt.empty());  // a default question for the worker
    Template vf = parseTemplate(replaced(kTemplate, "<actions rows=\"3\"/>",
                                         "<practitioner involvement=\"view-findings\">  Read   it. </practitioner>"),
                                "t.xml", frameworks());
    BOOST_TEST((vf.practitioner == Involvement::ViewFindings));
    BOOST_TEST(vf.practitionerPrompt == "Read it.");
    BOOST_TEST(failure(replaced(kTemplate, "<actions rows=\"3\"/>", "<practitioner involvement=\"comment\"/>")) ==
               "t.xml: line 23: practitioner involvement 'comment' is not known (expected feedback, view-findings or none)");
    BOOST_TEST(failure(replaced(kTemplate, "<actions rows=\"3\"/>", "<practitioner/>")) ==
               "t.xml: line 23: <practitioner> lacks the required attribute 'involvement'");
    std::string twice = failure(replaced(kTemplate, "<actions rows=\"3\"/>",
        "<practitioner involvement=\"none\"/>\n<practitioner involvement=\"none\"/>"));
    BOOST_TEST(twice.find("line 24: <practitioner> appears twice") != std::string::npos, twice);
    BOOST_TEST((involvementFrom("view-findings") == Involvement::ViewFindings));
    BOOST_TEST(!involvementFrom("Feedback"));
}

BOOST_AUTO_TEST_CASE(every_shipped_template_validates) {
    Catalogue c = Catalogue::load();
    BOOST_TEST(c.frameworks().size() >= 2u);
    auto latest = c.latestTemplates();
    BOOST_TEST(latest.size() >= 8u);
    std::set<std::string> ids;
    for (const Template* t : latest) {
        ids.insert(t->id);
        const Framework& fw = c.frameworkOf(*t);
        BOOST_TEST_CONTEXT(t->id) {
            BOOST_TEST(t->questionCount() >= 10u);
            for (const auto& s : t->sections)
                for (const auto& q : s.questions) BOOST_TEST(!q.guidance.empty(), q.id);
            BOOST_TEST(fw.domain(t->sections.front().domain) != nullptr);
            // Every shipped template says what its practitioner may do, and tells them so.
            BOOST_TEST((t->practitioner != Involvement::None));
            BOOST_TEST(!t->practitionerPrompt.empty());
        }
    }
    for (const char* id : {"cin-cp", "cla", "care-leavers", "front-door", "supervision", "missing-exploitation",
                           "disabled-children", "multi-agency", "sos-practice"})
        BOOST_TEST(ids.count(id) == 1u, id);
    // Assessment, planning and supervision / management oversight are domains wherever they apply.
    for (const char* id : {"cin-cp", "cla", "disabled-children", "multi-agency"})
        BOOST_TEST(c.getTemplate(id).section("assessment") != nullptr, id);
    for (const char* id : {"cin-cp", "supervision", "missing-exploitation", "disabled-children", "sos-practice"})
        BOOST_TEST(c.getTemplate(id).section("plan") != nullptr, id);
    for (const Template* t : latest)
        if (t->id != "multi-agency") BOOST_TEST(t->section("oversight") != nullptr, t->id);
    BOOST_CHECK_THROW(c.getTemplate("nope"), Error);
    BOOST_TEST(c.findTemplate("cin-cp", 99) == nullptr);
}

BOOST_AUTO_TEST_CASE(validate_files_reports_every_file) {
    test::TempDir dir;
    test::writeText(dir.file("good.xml"), kTemplate);
    test::writeText(dir.file("bad.xml"), replaced(kTemplate, "domain=\"plan\"", "domain=\"planning\""));
    test::writeText(dir.file("other.xml"), "<report/>\n");
    auto problems = validateFiles({dir.file("good.xml"), dir.file("bad.xml"), dir.file("other.xml"), dir.file("none.xml")},
                                  frameworks());
    BOOST_REQUIRE(problems.size() == 3u);
    std::string all;
    for (const auto& p : problems) all += p.str() + "\n";
    BOOST_TEST(all.find(dir.file("bad.xml") + ": line 15: unknown domain 'planning'") != std::string::npos, all);
    BOOST_TEST(all.find(dir.file("other.xml") + ": line 1: the root element is <report>") != std::string::npos, all);
    BOOST_TEST(all.find(dir.file("none.xml") + ": no such file") != std::string::npos, all);
}

BOOST_AUTO_TEST_CASE(the_template_for_a_category_by_applies_to_and_default) {
    const Catalogue& c = test::catalogue();
    std::string why;
    // One applies: it. Several apply: the one marked default for the category.
    BOOST_TEST(c.templateForCategory("Assessment", &why)->id == "assessment");
    BOOST_TEST(c.templateForCategory("CIN")->id == "cin-cp");
    BOOST_TEST(c.templateForCategory("cp")->id == "cin-cp");
    BOOST_TEST(c.templateForCategory("CLA")->id == "cla");
    BOOST_TEST(c.templateForCategory("Care leaver")->id == "care-leavers");
    BOOST_TEST(c.templateForCategory("Early help")->id == "front-door");
    BOOST_TEST(c.templateForCategory("Adoption", &why) == nullptr);
    BOOST_TEST(why == "no template applies to the category 'Adoption'");
    BOOST_TEST(c.findTemplate("cin-cp")->appliesTo("C.I.N."));
    BOOST_TEST(!c.findTemplate("cin-cp")->appliesTo("Assessment"));
    // Every shipped default is for a category the template applies to, and no category has two.
    std::set<std::string> seen;
    for (const auto* t : c.latestTemplates())
        for (const auto& d : t->defaultFor) {
            BOOST_TEST(t->appliesTo(d));
            BOOST_TEST(seen.insert(d).second);
        }
    // The assessment template is real: every domain it uses has questions with guidance.
    const Template* a = c.findTemplate("assessment");
    BOOST_TEST(a->questionCount() >= 15u);
    for (const auto& s : a->sections)
        for (const auto& q : s.questions) BOOST_TEST(!q.guidance.empty());
}
