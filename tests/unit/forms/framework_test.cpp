#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/forms/framework.h"
#include "audit/base/paths.h"
#include "test_support.h"

using namespace audit;

namespace {
const char* kMinimal = R"(<?xml version="1.0"?>
<framework id="mini" version="2" title="Mini">
  <grades>
    <grade key="bad" label="Bad" value="1" colour="#FF0000"/>
    <grade key="ok" label="OK" value="2"/>
    <grade key="great" label="Great" value="3"/>
  </grades>
  <threshold min-value="2" label="OK or better"/>
  <answers>
    <answer key="yes" label="Yes" score="2"/>
    <answer key="no" label="No" score="0"/>
    <answer key="na" label="Not applicable" excluded="true"/>
  </answers>
  <domains>
    <domain id="plan" title="Plan" limiting="true"/>
    <domain id="voice" title="Voice" weight="0.5"/>
  </domains>
  <scoring>
    <bands>
      <band grade="great" min="80"/>
      <band grade="ok" min="50"/>
      <band grade="bad" min="0"/>
    </bands>
    <overall method="lowest-domain"/>
  </scoring>
  <moderation fraction="0.2" always-moderate="bad"><oversample grade="great" factor="2"/></moderation>
</framework>
)";

std::string messages(const Error& e) { return e.what(); }

// Parses text expected to fail; returns the error text.
std::string failure(const std::string& xml) {
    try {
        parseFramework(xml, "f.xml");
    } catch (const Error& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == 65);
        return messages(e);
    }
    BOOST_FAIL("no error for invalid framework");
    return "";
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}
}  // namespace

BOOST_AUTO_TEST_CASE(minimal_framework_loads) {
    Framework f = parseFramework(kMinimal, "f.xml");
    BOOST_TEST(f.id == "mini");
    BOOST_TEST(f.version == 2);
    BOOST_REQUIRE(f.grades.size() == 3u);
    BOOST_TEST(f.worst().key == "bad");
    BOOST_TEST(f.best().key == "great");
    BOOST_TEST(f.grade("ok")->rank == 2);
    BOOST_TEST(f.grade("  great ")->label == "Great");
    BOOST_TEST(f.grade("GREAT") != nullptr);
    BOOST_TEST(f.grade("fine") == nullptr);
    BOOST_TEST(f.answer("not applicable")->excluded);
    BOOST_TEST(f.maxAnswerScore() == 2.0);
    BOOST_TEST(f.gradeForScore(80) .key == "great");
    BOOST_TEST(f.gradeForScore(79.99).key == "ok");
    BOOST_TEST(f.gradeForScore(0).key == "bad");
    BOOST_TEST(f.domain("voice")->weight == 0.5);
    BOOST_TEST(f.domain("plan")->limiting);
    BOOST_TEST((f.overallMethod == OverallMethod::LowestDomain));
    BOOST_TEST(f.moderation.fraction == 0.2);
    BOOST_TEST(f.moderation.blind);
    BOOST_TEST(f.moderation.alwaysModerate.size() == 1u);
    BOOST_TEST(f.moderation.oversample.at(0).grade == "great");
    BOOST_TEST(f.meetsThreshold(*f.grade("ok")));
    BOOST_TEST(!f.meetsThreshold(*f.grade("bad")));
}

BOOST_AUTO_TEST_CASE(shipped_frameworks_load) {
    for (const auto& e : std::filesystem::directory_iterator(frameworksDir())) {
        if (e.path().extension() != ".xml") continue;
        BOOST_TEST_CONTEXT(e.path()) {
            Framework f = loadFramework(e.path().string());
            BOOST_TEST(f.grades.size() >= 4u);
            BOOST_TEST(f.domains.size() >= 5u);
        }
    }
    Framework ofsted = loadFramework(frameworksDir() + "/ofsted-four-point.xml");
    BOOST_TEST(ofsted.gradeLabels() == (std::vector<std::string>{"Outstanding", "Good", "Requires improvement", "Inadequate"}));
    BOOST_TEST(ofsted.grade("Inadequate")->value == 1.0);
    BOOST_TEST(ofsted.thresholdLabel == "Good or better");
    Framework sos = loadFramework(frameworksDir() + "/signs-of-safety.xml");
    BOOST_TEST(sos.grades.size() == 11u);
    BOOST_TEST(sos.thresholdValue == 6.0);
    BOOST_TEST(sos.meetsThreshold(*sos.grade("6")));
    BOOST_TEST(!sos.meetsThreshold(*sos.grade("5")));
}

BOOST_AUTO_TEST_CASE(broken_xml_names_the_line) {
    std::string bad = replaced(kMinimal, "<grade key=\"ok\" label=\"OK\" value=\"2\"/>", "<grade key=\"ok\" label=\"OK\" value=\"2\">");
    std::string msg = failure(bad);
    BOOST_TEST(msg.find("f.xml: line ") == 0u, msg);
    BOOST_TEST(msg.find("not well formed") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(missing_version_names_the_line) {
    std::string msg = failure(replaced(kMinimal, " version=\"2\"", ""));
    BOOST_TEST(msg == "f.xml: line 2: <framework> lacks the required attribute 'version'", msg);
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_with_its_line) {
    std::string bad = replaced(kMinimal, "<grade key=\"ok\" label=\"OK\" value=\"2\"/>", "<grade key=\"bad\" label=\"OK\" value=\"x\"/>");
    bad = replaced(bad, "<band grade=\"ok\" min=\"50\"/>", "<band grade=\"fine\" min=\"50\"/>");
    bad = replaced(bad, "<domain id=\"voice\" title=\"Voice\" weight=\"0.5\"/>", "<domain id=\"plan\" title=\"Voice\" wieght=\"0.5\"/>");
    std::string msg = failure(bad);
    BOOST_TEST(msg.find("f.xml: line 5: grade key 'bad' is already used on line 4") != std::string::npos, msg);
    BOOST_TEST(msg.find("f.xml: line 5: attribute 'value' of <grade> is 'x', expected a number") != std::string::npos, msg);
    BOOST_TEST(msg.find("f.xml: line 16: unknown attribute 'wieght' on <domain>") != std::string::npos, msg);
    BOOST_TEST(msg.find("f.xml: line 16: domain id 'plan' is already used on line 15") != std::string::npos, msg);
    BOOST_TEST(msg.find("f.xml: line 21: band grade 'fine' is not a grade of this framework") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(rules_are_checked) {
    BOOST_TEST(failure(replaced(kMinimal, "<band grade=\"bad\" min=\"0\"/>", "<band grade=\"bad\" min=\"10\"/>"))
                   .find("no band starts at min=\"0\"") != std::string::npos);
    BOOST_TEST(failure(replaced(kMinimal, "lowest-domain", "median")).find("overall method 'median' is not known") != std::string::npos);
    BOOST_TEST(failure(replaced(kMinimal, "<band grade=\"great\" min=\"80\"/>", "<band grade=\"bad\" min=\"80\"/>"))
                   .find("bands are not in grade order") != std::string::npos);
    // weighted mean needs consecutive whole grade values
    std::string gap = replaced(replaced(kMinimal, "value=\"3\"", "value=\"5\""), "lowest-domain", "weighted-mean");
    BOOST_TEST(failure(gap).find("consecutive whole numbers") != std::string::npos);
    BOOST_TEST(failure(replaced(kMinimal, "fraction=\"0.2\"", "fraction=\"2\"")).find("fraction") != std::string::npos);
    BOOST_TEST(failure(replaced(kMinimal, "excluded=\"true\"", "excluded=\"true\" score=\"1\"")).find("has no score") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_root_element) {
    std::string xml = "<?xml version=\"1.0\"?>\n<template id=\"x\"/>\n";
    std::string msg = failure(xml);
    BOOST_TEST(msg.find("f.xml: line 2: the root element is <template>, expected <framework>") == 0u, msg);
}

BOOST_AUTO_TEST_CASE(missing_file_is_no_input) {
    try {
        loadFramework("/nonexistent/x.xml");
        BOOST_FAIL("no error");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 66);
    }
}
