#include <boost/test/unit_test.hpp>

#include "audit/jobs/sample.h"
#include "test_support.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(columns_option_parsed_or_refused) {
    const auto c = jobs::parseColumns(" case_ref = Child ID ,team=Allocated Team,");
    BOOST_REQUIRE(c.size() == 2u);
    BOOST_TEST((c[0].first == Field::CaseRef));
    BOOST_TEST(c[0].second == "Child ID");
    BOOST_TEST(c[1].second == "Allocated Team");
    test::expectError([] { jobs::parseColumns("team"); }, ErrorKind::Usage, {"'team' is not FIELD=HEADER"});
    test::expectError([] { jobs::parseColumns("squad=Team"); }, ErrorKind::Usage, {"'squad' is not a case field"});
    test::expectError([] { jobs::parseColumns("team=A,team=B"); }, ErrorKind::Usage, {"given twice"});
    test::expectError([] { jobs::parseColumns(","); }, ErrorKind::Usage, {"--columns is empty"});
}

BOOST_AUTO_TEST_CASE(columns_replace_the_maps_names) {
    test::TempDir dir;
    test::writeText(dir.file("c.csv"), "Ref,Squad,Kind,Person\nC1,North,CIN,Ann\n");
    jobs::CaseSource s;
    s.columns = jobs::parseColumns("case_ref=Ref,team=Squad,category=Kind,worker=Person");
    const CaseList l = jobs::loadCaseList(dir.file("c.csv"), std::nullopt, s, std::nullopt);
    BOOST_TEST(l.team(0) == "North");
    BOOST_TEST(l.mapId() == "generic");
    s.columns = jobs::parseColumns("team=Nope");
    test::expectError([&] { jobs::loadCaseList(dir.file("c.csv"), std::nullopt, s, std::nullopt); }, ErrorKind::Data,
                      {"no column for the required field 'team'", "'Nope'"});
}
