#include <boost/test/unit_test.hpp>

#include "audit/report/kpi_definition.h"
#include "audit/sampling/case_list.h"
#include "test_support.h"

using namespace audit;
using namespace audit::kpi;

namespace {
std::string indicator(const std::string& rules, const std::string& attrs = "id=\"x\" list=\"7\" polarity=\"higher\" target=\"90\"") {
    return "<kpis id=\"t\" title=\"T\"><indicator " + attrs + "><title>X</title><numerator-words>n</numerator-words>"
           "<denominator-words>d</denominator-words><source>s</source><denominator><open start=\"open_date\" end=\"closed_date\"/>"
           "</denominator><numerator>" + rules + "</numerator></indicator></kpis>";
}
}  // namespace

BOOST_AUTO_TEST_CASE(the_shipped_definition_loads_and_fits_the_annex_a_map) {
    const Definition def = loadDefinition("kpis");
    BOOST_TEST(def.indicators.size() >= 12u);
    checkAgainstMap(def, ColumnMap::load("annex-a"));
    for (const auto& i : def.indicators) {
        BOOST_TEST(!i.source.empty(), i.id);
        BOOST_TEST(!i.numeratorWords.empty(), i.id);
        BOOST_TEST(i.target.has_value(), i.id);
        BOOST_TEST(i.list >= 3);
        BOOST_TEST(i.list <= 9);
    }
}

BOOST_AUTO_TEST_CASE(rules_in_words) {
    const Definition d = parseDefinition(indicator("<within column=\"last_visit\" of=\"as-of\" working-days=\"10\"/>"
                                                   "<any><count column=\"previous_plans\" at-least=\"1\"/><not><one-of column=\"seen_alone\">"
                                                   "<value>a) Yes</value><value>Y</value></one-of></not></any>"),
                                         "t.xml");
    BOOST_TEST(describe(d.indicators[0].numerator) ==
               "'last_visit' no more than 10 working days before the as-of date; and any of ('previous_plans' at least 1; "
               "or not ('seen_alone' is 'a) Yes' or 'Y'))");
    BOOST_TEST(describe(d.indicators[0].denominator) ==
               "open at the as-of date ('open_date' on or before it, 'closed_date' blank or after it)");
    const auto cols = d.indicators[0].columns();
    BOOST_TEST(cols.size() == 5u);
}

BOOST_AUTO_TEST_CASE(every_problem_with_its_line) {
    test::expectError([] { parseDefinition(indicator("<soon column=\"x\"/>"), "t.xml"); }, ErrorKind::Data,
                      {"t.xml", "line 1", "unknown rule <soon>"});
    test::expectError([] { parseDefinition(indicator("<within column=\"x\" of=\"as-of\"/>"), "t.xml"); }, ErrorKind::Data,
                      {"needs exactly one of working-days, days or months"});
    test::expectError([] { parseDefinition(indicator("<present column=\"x\"/>", "id=\"x\" list=\"7\" polarity=\"up\""), "t.xml"); },
                      ErrorKind::Data, {"polarity 'up' is not higher or lower"});
    test::expectError([] { parseDefinition("<kpis id=\"t\" title=\"T\"><indicator id=\"x\" list=\"7\" polarity=\"lower\">"
                                           "<denominator/><numerator/></indicator></kpis>", "t.xml"); },
                      ErrorKind::Data, {"has no <title>", "has no <source>"});
    // A column the map's list does not have: named, with what the list has.
    const Definition d = parseDefinition(indicator("<present column=\"shoe_size\"/>"), "t.xml");
    test::expectError([&] { checkAgainstMap(d, ColumnMap::load("annex-a")); }, ErrorKind::Data,
                      {"t.xml", "names column 'shoe_size'", "last_visit"});
}

BOOST_AUTO_TEST_CASE(rag_by_polarity) {
    BOOST_TEST((ragOf(90, 90, Polarity::Higher, 5) == Rag::Green));
    BOOST_TEST((ragOf(85, 90, Polarity::Higher, 5) == Rag::Amber));
    BOOST_TEST((ragOf(84.9, 90, Polarity::Higher, 5) == Rag::Red));
    BOOST_TEST((ragOf(20, 20, Polarity::Lower, 5) == Rag::Green));
    BOOST_TEST((ragOf(25, 20, Polarity::Lower, 5) == Rag::Amber));
    BOOST_TEST((ragOf(25.1, 20, Polarity::Lower, 5) == Rag::Red));
}
