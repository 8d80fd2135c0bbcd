#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/jobs/report.h"
#include "test_support.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(an_extracts_date_from_its_name) {
    std::string why;
    BOOST_TEST(jobs::asOfFromName("x/annex-a-2026-01.xlsx", why)->iso() == "2026-01-31");
    BOOST_TEST(jobs::asOfFromName("annex_2024_02.xlsx", why)->iso() == "2024-02-29");
    BOOST_TEST(jobs::asOfFromName("Annex A 2026-04-07.xlsx", why)->iso() == "2026-04-07");
    BOOST_TEST(jobs::asOfFromName("annexa20260407.xlsx", why)->iso() == "2026-04-07");
    BOOST_TEST(jobs::asOfFromName("2026-04 and 2026-04-30.xlsx", why)->iso() == "2026-04-30");  // the same date twice
    BOOST_TEST(!jobs::asOfFromName("annex.xlsx", why));
    BOOST_TEST(why == "its name holds no date (YYYY-MM or YYYY-MM-DD)");
    BOOST_TEST(!jobs::asOfFromName("annex-2026-13.xlsx", why));  // no month 13
    BOOST_TEST(!jobs::asOfFromName("annex-2026-03-to-2026-04.xlsx", why));
    BOOST_TEST(why == "its name holds 2 different dates (2026-03, 2026-04)");
    BOOST_TEST(!jobs::asOfFromName("/data/2026-03/annex.xlsx", why));  // only the file's own name counts
}

BOOST_AUTO_TEST_CASE(a_folder_of_list_csvs_is_one_extract) {
    test::TempDir dir;
    const std::string folder = dir.file("annex-2026-04-07");
    std::filesystem::create_directory(folder);
    test::writeText(folder + "/list9.csv", "Child Unique ID,In Touch,Activity,Accommodation Suitability\n"
                                           "Y1,a) Yes,F1 Full time higher education,a) Suitable\n"
                                           "Y2,b) No,G6 NEET pregnancy or parenting,a) Suitable\n");
    test::writeText(folder + "/list7.csv", "Child Unique ID,Child Protection Plan Start Date,Date of the Last Statutory Visit\n"
                                           "C1,01/10/2025,20/03/2026\n");
    jobs::ReportKpisRequest q;
    q.annexA = {folder};
    const auto r = jobs::reportKpis(q);
    BOOST_TEST_REQUIRE(r.extracts.size() == 1u);
    BOOST_TEST(r.extracts[0].asOf.iso() == "2026-04-07");
    for (std::size_t k = 0; k < r.definition.indicators.size(); ++k) {
        const auto& id = r.definition.indicators[k].id;
        const auto& res = r.extracts[0].results[k];
        if (id == "care_leavers_in_eet") BOOST_TEST((res.numerator == 1 && res.denominator == 2));
        if (id == "care_leavers_suitable_accommodation") BOOST_TEST((res.numerator == 2 && res.denominator == 2));
        // list 7 has no end-date column: its indicators cannot say which plans are open
        if (id == "cp_visits_within_timescale") {
            BOOST_TEST(!res.computable);
            BOOST_TEST(res.reason.find("'closed_date'") != std::string::npos, res.reason);
        }
    }
    // --out must be a workbook, and nothing is written for a bad request.
    q.out = dir.file("k.csv");
    test::expectError([&] { jobs::reportKpis(q); }, ErrorKind::Usage, {"--out must name an .xlsx file"});
    // A folder with both list CSVs and workbooks is refused.
    test::writeText(folder + "/other-2026-05.xlsx", "not really");
    q.out.clear();
    test::expectError([&] { jobs::reportKpis(q); }, ErrorKind::Usage, {"both workbooks and Annex A list CSVs"});
}
