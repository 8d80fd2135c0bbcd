#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/sampling/case_list.h"
#include "audit/sampling/map_suggest.h"
#include "test_support.h"

using namespace audit;

namespace {
std::vector<ColumnMap> shipped() {
    std::vector<ColumnMap> maps;
    for (const auto& n : ColumnMap::available()) maps.push_back(ColumnMap::load(n));
    return maps;
}
const FieldMatch& of(const MapSuggestion& s, Field f) { return s.fields[static_cast<std::size_t>(f)]; }
}  // namespace

BOOST_AUTO_TEST_CASE(edit_distance) {
    BOOST_TEST(editDistance("", "") == 0u);
    BOOST_TEST(editDistance("kitten", "sitting") == 3u);
    BOOST_TEST(editDistance("allocatedteam", "alocatedteam") == 1u);
    BOOST_TEST(editDistance("abc", "") == 3u);
}

BOOST_AUTO_TEST_CASE(each_level_of_match_and_the_unused_headers) {
    const auto maps = shipped();
    const std::vector<std::string> header{"Case Ref", "Child Unique ID", "Alocated Team", "Category of Need",
                                          "Allocated SW", "Notes", "LoookedAfterStartDate"};
    const auto s = suggestColumns(header, maps);
    BOOST_TEST(static_cast<int>(of(s, Field::CaseRef).how) == static_cast<int>(MatchHow::Exact));
    BOOST_TEST(of(s, Field::CaseRef).header == "Case Ref");
    // "Child Unique ID" is case_ref in an Annex A list, but case_ref took the exact match; the history map
    // names it child_ref, so child_ref it is.
    BOOST_TEST(of(s, Field::ChildRef).header == "Child Unique ID");
    BOOST_TEST(of(s, Field::ChildRef).mapId == "history");
    BOOST_TEST(static_cast<int>(of(s, Field::Team).how) == static_cast<int>(MatchHow::Nearest));
    BOOST_TEST(of(s, Field::Team).edits == 1u);
    BOOST_TEST(of(s, Field::Team).matched == "Allocated Team");
    BOOST_TEST(static_cast<int>(of(s, Field::Category).how) == static_cast<int>(MatchHow::Alias));
    BOOST_TEST(of(s, Field::Category).mapId == "mosaic");
    BOOST_TEST(static_cast<int>(of(s, Field::Worker).how) == static_cast<int>(MatchHow::Word));
    BOOST_TEST(of(s, Field::Worker).word == "allocated");
    BOOST_TEST(of(s, Field::OpenDate).header == "LoookedAfterStartDate");  // the SSD's own misspelling, by alias
    BOOST_TEST(of(s, Field::ClosedDate).column == -1);
    BOOST_TEST((std::find(s.unusedHeaders.begin(), s.unusedHeaders.end(), "Notes") != s.unusedHeaders.end()));
    // A header is given to one field at most.
    std::vector<int> cols;
    for (const auto& m : s.fields)
        if (m.column >= 0) cols.push_back(m.column);
    std::sort(cols.begin(), cols.end());
    BOOST_TEST((std::adjacent_find(cols.begin(), cols.end()) == cols.end()));
}

BOOST_AUTO_TEST_CASE(required_fields_first_and_annex_names_after_flat_ones) {
    const auto maps = shipped();
    // Both: case_ref takes "Case ID" (the generic map's), child_ref "Child ID".
    auto s = suggestColumns({"Child ID", "Case ID", "Team", "Category", "Worker"}, maps);
    BOOST_TEST(of(s, Field::CaseRef).header == "Case ID");
    BOOST_TEST(of(s, Field::ChildRef).header == "Child ID");
    // Only "Child ID": the required case_ref takes it.
    s = suggestColumns({"Child ID", "Team", "Category", "Worker"}, maps);
    BOOST_TEST(of(s, Field::CaseRef).header == "Child ID");
    BOOST_TEST(of(s, Field::ChildRef).column == -1);
    BOOST_TEST(looksLikeHeader({"Child ID", "Team"}, maps));
    BOOST_TEST(!looksLikeHeader({"Open cases report", ""}, maps));
}

BOOST_AUTO_TEST_CASE(the_xml_is_a_map_our_reader_reads_with_a_comment_per_field) {
    const auto maps = shipped();
    const std::vector<std::string> header{"Case Ref", "Alocated Team", "Category of Need", "Notes -- free text", "A&B <x>"};
    const auto s = suggestColumns(header, maps);
    const std::string xml = suggestedMapXml(s, "my-council", "Suggested for x.csv", "x.csv, header in line 1");
    const ColumnMap m = ColumnMap::parse(xml, "my-council.xml");
    BOOST_TEST(m.id() == "my-council");
    BOOST_TEST(m.columns(Field::Team) == (std::vector<std::string>{"Alocated Team"}));
    BOOST_TEST(m.columns(Field::Worker) == (std::vector<std::string>{"worker"}));  // not found: its own name
    BOOST_TEST(m.columns(Field::ClosedDate).empty());
    BOOST_TEST(xml.find("team: 'Alocated Team' (column 2), nearest by edit distance: 1 edit from 'Allocated Team'") != std::string::npos);
    BOOST_TEST(xml.find("case_ref: 'Case Ref' (column 1), exact") != std::string::npos);
    BOOST_TEST(xml.find("category: 'Category of Need' (column 3), alias: a name map 'mosaic' gives category") != std::string::npos);
    BOOST_TEST(xml.find("worker: NOT FOUND") != std::string::npos);
    BOOST_TEST(xml.find("'Notes - - free text', 'A&B <x>'") != std::string::npos);  // unmatched, listed
    // The map fits its header, so a case list with it loads.
    test::TempDir dir;
    test::writeText(dir.file("x.csv"), "Case Ref,Alocated Team,Category of Need,Notes -- free text,A&B <x>,worker\nC1,North,CIN,,,Ann\n");
    const auto list = CaseList::load(dir.file("x.csv"), m);
    BOOST_TEST(list.team(0) == "North");
    // Deterministic.
    BOOST_TEST(xml == suggestedMapXml(suggestColumns(header, maps), "my-council", "Suggested for x.csv", "x.csv, header in line 1"));
}
