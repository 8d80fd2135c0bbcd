#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/base/paths.h"
#include "audit/report/report_definition.h"
#include "audit/forms/template.h"

using namespace audit;

namespace {
std::string problemsOf(const std::string& xml) {
    try {
        parseReportDefinition(xml, "bad.xml");
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == 65);
        return e.what();
    }
    return "";
}
const char* kMinimal = R"(<report id="r" title="T">
  <audit-evidence good-or-better="Outstanding, Good"/>
  <theme id="voice" title="Voice of the child"><domain ref="voice"/></theme>
</report>)";
}  // namespace

BOOST_AUTO_TEST_CASE(the_shipped_lscb_definition_loads) {
    ReportDefinition def = loadReportDefinition(reportDefinitionPath("lscb"));
    BOOST_TEST(def.id == "lscb");
    BOOST_TEST(def.themes.size() >= 8u);
    for (const char* id : {"assessment", "planning", "supervision", "voice", "missing_exploitation", "permanence",
                           "care_leavers", "multi_agency"})
        BOOST_TEST(def.theme(id) != nullptr, id);
    BOOST_TEST(def.isGoodOrBetter("Good"));
    BOOST_TEST(def.isGoodOrBetter("OUTSTANDING"));
    BOOST_TEST(!def.isGoodOrBetter("Requires improvement"));
    BOOST_TEST(def.suppressionThreshold == 5);
    BOOST_TEST(def.suppressionMarker == "[c]");
    BOOST_TEST(def.accuracyThreshold == 0.75);
    // Theme overrides inherit the rest of the defaults.
    const Theme* me = def.theme("missing_exploitation");
    BOOST_TEST(me->rag.auditGreen == 0.65);
    BOOST_TEST(me->rag.auditAmber == def.rag.auditAmber);
    BOOST_TEST(me->kpiAmberMargin("rhi_offered_within_72h") == 10.0);
    BOOST_TEST(def.theme("care_leavers")->kpiAmberMargin("care_leavers_in_touch") == def.rag.kpiAmberMargin);
}

BOOST_AUTO_TEST_CASE(ratings_map_grades_and_rag_to_rag) {
    ReportDefinition def = loadReportDefinition(reportDefinitionPath("lscb"));
    BOOST_TEST(def.ratingToRag("Green") == Rag::Green);
    BOOST_TEST(def.ratingToRag(" amber ") == Rag::Amber);
    BOOST_TEST(def.ratingToRag("Requires_improvement") == Rag::Amber);
    BOOST_TEST(def.ratingToRag("Good") == Rag::Green);
    BOOST_TEST(def.ratingToRag("Inadequate") == Rag::Red);
    BOOST_TEST(!def.ratingToRag("purple").has_value());
}

BOOST_AUTO_TEST_CASE(kpis_and_standards_are_placed_by_the_definition_first_then_by_the_data) {
    ReportDefinition def = loadReportDefinition(reportDefinitionPath("lscb"));
    BOOST_TEST(def.themeForKpi("rhi_offered_within_72h", "voice")->id == "missing_exploitation");
    BOOST_TEST(def.themeForKpi("something_new", "voice")->id == "voice");
    BOOST_TEST(def.themeForKpi("something_new", "nowhere") == nullptr);
    BOOST_TEST(def.themeForStandard("S7", "planning")->id == "voice");
    BOOST_TEST(def.themeForStandard("S99", "planning")->id == "planning");
}

BOOST_AUTO_TEST_CASE(minimal_definition_uses_defaults) {
    ReportDefinition def = parseReportDefinition(kMinimal, "m.xml");
    BOOST_TEST(def.goodOrBetter.size() == 2u);
    BOOST_TEST(def.themes[0].rag.auditGreen == 0.70);
    BOOST_TEST(def.themes[0].line == 3);
    BOOST_TEST(def.themes[0].domainLines == std::vector<int>{3});
    BOOST_TEST(def.ratingToRag("red") == Rag::Red);
    BOOST_TEST(def.accuracyThreshold == 0.75);
}

BOOST_AUTO_TEST_CASE(the_accuracy_threshold_is_read_and_checked) {
    std::string xml = kMinimal;
    xml.insert(xml.find("  <theme"), "  <accuracy threshold=\"0.8\"/>\n");
    BOOST_TEST(parseReportDefinition(xml, "a.xml").accuracyThreshold == 0.8);
    for (const auto& [value, expected] : std::vector<std::pair<std::string, std::string>>{
             {"75", "bad.xml: line 3: threshold 75 is out of range (expected 0 to 1)"},
             {"0", "bad.xml: line 3: threshold must be above 0"},
             {"most", "bad.xml: line 3: threshold 'most' is not a number"}}) {
        std::string bad = kMinimal;
        bad.insert(bad.find("  <theme"), "  <accuracy threshold=\"" + value + "\"/>\n");
        const std::string msg = problemsOf(bad);
        BOOST_TEST(msg.find(expected) != std::string::npos, msg);
    }
    std::string bad = kMinimal;
    bad.insert(bad.find("  <theme"), "  <accuracy limit=\"0.5\"/>\n");
    BOOST_TEST(problemsOf(bad).find("unknown attribute 'limit' on <accuracy>") != std::string::npos);
}

// The shipped definition against the shipped frameworks and templates: every domain and question it names exists.
BOOST_AUTO_TEST_CASE(the_shipped_definition_names_only_known_domains_and_questions) {
    const ReportDefinition def = loadReportDefinition(reportDefinitionPath("lscb"));
    const Catalogue catalogue = Catalogue::load();
    std::string unknown;
    for (const Problem& p : checkAgainstCatalogue(def, catalogue)) unknown += p.str() + "\n";
    BOOST_TEST(unknown.empty(), "unknown ids in reports/lscb.xml:\n" << unknown);
    std::size_t named = 0;
    for (const auto& t : def.themes) named += t.domains.size() + t.questions.size();
    BOOST_TEST(named >= 10u);
}

BOOST_AUTO_TEST_CASE(an_unknown_domain_or_question_is_named_with_its_line_and_the_known_ids) {
    const ReportDefinition def = parseReportDefinition(R"(<report id="r" title="T">
  <audit-evidence good-or-better="good"/>
  <theme id="voice" title="Voice">
    <domain ref="voice"/>
    <domain ref="voices"/>
    <question ref="voice-words"/>
    <question ref="voice-wishes"/>
  </theme>
</report>)", "r.xml");
    const auto problems = checkAgainstCatalogue(def, Catalogue::load());
    BOOST_REQUIRE(problems.size() == 2u);
    BOOST_TEST(problems[0].str().find("r.xml: line 5: domain 'voices' of theme 'voice' is not a domain of any "
                                      "framework or template (known domains: ") == 0u, problems[0].str());
    BOOST_TEST(problems[0].str().find("assessment") != std::string::npos);
    BOOST_TEST(problems[0].str().find(", voice") != std::string::npos);
    BOOST_TEST(problems[1].str().find("r.xml: line 7: question 'voice-wishes' of theme 'voice' is not a question of "
                                      "any template (known questions: ") == 0u, problems[1].str());
    BOOST_TEST(problems[1].str().find("voice-words") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_xml_names_file_line_and_column) {
    std::string msg = problemsOf("<report id=\"r\" title=\"T\">\n  <theme id=\"a\"\n</report>");
    BOOST_TEST(msg.find("bad.xml: line 3") != std::string::npos, msg);
    BOOST_TEST(msg.find("not well-formed") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(every_problem_is_listed_with_its_line) {
    std::string msg = problemsOf(R"(<report id="R!" title="T">
  <audit-evidence good-or-better="good" min-audits="zero"/>
  <rag audit-green="0.4" audit-amber="0.6" kpi-amber-margin="-1"/>
  <ratings><rating value="good" rag="purple"/><colour/></ratings>
  <theme id="voice" title="Voice"><domain ref="voice"/><domain ref="voice"/><kpi ref="k" amber-margin="x"/></theme>
  <theme id="voice" title="Again" colour="red"><widget/></theme>
  <theme title="No id"/>
  <sheet/>
</report>)");
    for (const char* expected : {
             "bad.xml: line 1: id 'R!' may hold only",
             "bad.xml: line 2: min-audits 'zero' is not a whole number",
             "bad.xml: line 3: audit-amber 0.6 is above audit-green 0.4",
             "bad.xml: line 3: kpi-amber-margin -1 is out of range",
             "bad.xml: line 4: rag 'purple' is not red, amber or green",
             "bad.xml: line 4: unknown element <colour> in <ratings>",
             "bad.xml: line 5: domain 'voice' is listed twice in theme 'voice'",
             "bad.xml: line 5: amber-margin 'x' is not a number",
             "bad.xml: line 6: theme 'voice' is defined twice",
             "bad.xml: line 6: unknown attribute 'colour' on <theme>",
             "bad.xml: line 6: unknown element <widget> in theme 'voice'",
             "bad.xml: line 6: theme 'voice' names no domain, question, kpi or standard",
             "bad.xml: line 7: <theme> needs a non-empty 'id' attribute",
             "bad.xml: line 8: unknown element <sheet>",
         })
        BOOST_TEST(msg.find(expected) != std::string::npos, expected << "\n--- in ---\n" << msg);
}

BOOST_AUTO_TEST_CASE(missing_pieces_are_reported) {
    std::string msg = problemsOf("<report id=\"r\" title=\"T\"/>");
    BOOST_TEST(msg.find("<audit-evidence good-or-better") != std::string::npos, msg);
    BOOST_TEST(msg.find("defines no <theme>") != std::string::npos, msg);
    msg = problemsOf("<reports/>");
    BOOST_TEST(msg.find("expected <report>") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_no_input) {
    try {
        loadReportDefinition("/nonexistent/lscb.xml");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == 66);
    }
}

BOOST_AUTO_TEST_CASE(rag_helpers) {
    BOOST_TEST(ragSteps(Rag::Red, Rag::Green) == 2);
    BOOST_TEST(ragSteps(Rag::Amber, Rag::Green) == 1);
    BOOST_TEST(ragName(Rag::Amber) == "amber");
    BOOST_TEST(normaliseLabel("  Requires_Improvement ") == "requires improvement");
    BOOST_TEST(!parseRag("greenish").has_value());
}
