// The moderation jobs on a real store holding a month of audits: the sample with its files and forms, the forms
// again, the import of the moderators' returns, and accuracy.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/demo/demo_moderation.h"
#include "audit/io/csv.h"
#include "audit/jobs/reconcile.h"
#include "audit/store/store.h"
#include "jobs_cycle.h"

using namespace audit;

namespace {

jobs::ModerationSampleRequest sampleRequest(const test::Cycle& c) {
    test::writeText(c.dir.file("moderators.csv"), "moderator,capacity\nQA Lead,20\nHead of Service,20\n");
    jobs::ModerationSampleRequest q;
    q.period = "2026-09";
    q.store = c.store;
    q.fraction = 0.25;
    q.minPerAuditor = 0;
    q.noAlways = true;
    q.seed = 11;
    q.moderators = c.dir.file("moderators.csv");
    q.outDir = c.dir.file("moderation");
    return q;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sample_draws_writes_and_records) {
    test::Cycle c(40);
    const jobs::ModerationSampleResult r = jobs::moderationSample(sampleRequest(c));
    BOOST_TEST(r.audits == 40u);
    BOOST_TEST(r.target == 10u);  // a quarter of 40
    BOOST_TEST(r.selected == 10u);
    BOOST_TEST(r.seed == 11u);
    BOOST_TEST(r.framework == "ofsted-four-point");
    BOOST_TEST(r.reasons.at("fraction") == 10u);
    std::size_t allocated = 0;
    for (const auto& [m, n] : r.loads) allocated += n;
    BOOST_TEST(allocated == 10u);
    BOOST_REQUIRE(r.files.size() == 2u);
    BOOST_TEST(r.files[0] == c.dir.file("moderation") + "/moderation-sample.csv");
    BOOST_TEST(csv::readFile(r.files[0]).rows.size() == 10u);
    BOOST_TEST(r.forms.size() == 10u);
    for (const auto& f : r.forms) BOOST_TEST(std::filesystem::exists(f));
    Store store(c.store);
    BOOST_TEST(store.scalar<std::string>("SELECT kind FROM draw WHERE id = ?", r.drawId).value_or("") == "moderation");
    BOOST_TEST(store.scalar<std::int64_t>("SELECT sample_size FROM draw WHERE id = ?", r.drawId).value_or(0) == 10);
}

BOOST_AUTO_TEST_CASE(sample_refuses_a_period_without_audits_and_a_bad_policy) {
    test::Cycle c(10);
    jobs::ModerationSampleRequest q = sampleRequest(c);
    q.period = "2026-12";
    test::expectError([&] { jobs::moderationSample(q); }, ErrorKind::Data, {"no audits of period 2026-12"});
    q = sampleRequest(c);
    q.oversample = {"Brilliant=2"};
    test::expectError([&] { jobs::moderationSample(q); }, ErrorKind::Usage, {"--oversample wants GRADE=FACTOR"});
    BOOST_TEST(!std::filesystem::exists(q.outDir));
}

BOOST_AUTO_TEST_CASE(forms_again_returns_import_and_accuracy) {
    test::Cycle c(40);
    const jobs::ModerationSampleResult s = jobs::moderationSample(sampleRequest(c));

    jobs::ModerationFormsRequest f;
    f.store = c.store;
    f.period = "2026-09";
    f.blind = false;
    f.outDir = c.dir.file("open");
    const jobs::ModerationFormsResult forms = jobs::moderationForms(f);
    BOOST_TEST(forms.drawId == s.drawId);
    BOOST_TEST(!forms.blind);
    BOOST_TEST(forms.forms.size() == 10u);
    BOOST_TEST(forms.folders == s.loads.size());

    moderation::DemoModeration demo;
    {
        Store store(c.store);
        demo = moderation::demoModeration(store, "2026-09", 5, agreement::GradeScale::ofsted4());
    }
    csv::writeFile(c.dir.file("returns.csv"), demo.header, demo.rows);
    const jobs::ModerationImportResult imp = jobs::moderationImport({{c.dir.file("returns.csv")}, c.store, {}});
    BOOST_TEST(imp.rejected == 0u);
    BOOST_TEST(imp.total.imported == 10u);
    BOOST_TEST(imp.total.rows == demo.rows.size());
    const jobs::ModerationImportResult again = jobs::moderationImport({{c.dir.file("returns.csv")}, c.store, {}});
    BOOST_TEST(again.total.unchanged == 10u);
    BOOST_TEST(again.total.imported == 0u);

    jobs::ModerationAccuracyRequest a;
    a.store = c.store;
    a.options.by = "period";
    a.out = c.dir.file("accuracy.csv");
    const jobs::ModerationAccuracyResult acc = jobs::moderationAccuracy(a);
    BOOST_TEST(acc.framework == "ofsted-four-point");
    BOOST_TEST(acc.pairs == 10u);  // the overall grade of each moderated audit
    BOOST_REQUIRE(!acc.accuracy.rows.empty());
    BOOST_TEST(acc.accuracy.rows.front().table.n() == 10u);
    const csv::Table t = csv::readFile(a.out);
    BOOST_TEST(t.rows.size() == acc.accuracy.rows.size());
}

BOOST_AUTO_TEST_CASE(import_and_accuracy_refuse_bad_requests) {
    test::Cycle c(5, false);
    test::expectError([&] { jobs::moderationImport({{c.dir.file("none.csv")}, c.store, {}}); }, ErrorKind::NoInput,
                      {"none.csv"});
    jobs::ModerationAccuracyRequest a;
    a.store = c.store;
    a.out = c.dir.file("accuracy.pdf");
    test::expectError([&] { jobs::moderationAccuracy(a); }, ErrorKind::Usage, {"--out must name a .csv or .xlsx file"});
    a.out.clear();
    a.options.framework = "no-such";
    test::expectError([&] { jobs::moderationAccuracy(a); }, ErrorKind::Usage, {"unknown framework 'no-such'"});
    jobs::ModerationFormsRequest f;
    f.store = c.store;
    f.period = "2026-09";
    f.outDir = c.dir.file("forms");
    test::expectError([&] { jobs::moderationForms(f); }, ErrorKind::Data, {"no moderation draw of period 2026-09"});
}

BOOST_AUTO_TEST_CASE(stats_of_a_pairs_file_on_a_named_scale) {
    test::TempDir dir;
    test::writeText(dir.file("pairs.csv"), "auditor,auditor_grade,moderator_grade\nA,Good,Good\nA,Outstanding,Good\n"
                                           "B,1,1\nB,,Good\n");
    const jobs::PairStatsResult r = jobs::pairStats({dir.file("pairs.csv"), "ofsted-four-point", "auditor"});
    BOOST_TEST(r.scale.size() == 4u);
    BOOST_TEST(r.pairs.all.rows == 4u);
    BOOST_TEST(r.pairs.all.table.n() == 3u);
    BOOST_TEST(r.pairs.all.auditorMissing == 1u);
    BOOST_TEST(r.pairs.groups.size() == 2u);
    BOOST_TEST(r.pairs.groups.at("A").table.n() == 2u);
    test::expectError([&] { jobs::pairStats({dir.file("pairs.csv"), "colours", std::nullopt}); }, ErrorKind::Usage,
                      {"unknown grade scale 'colours'", "ofsted-four-point"});
    test::expectError([&] { jobs::pairStats({dir.file("pairs.csv"), "ofsted4", "colour"}); }, ErrorKind::Usage,
                      {"--by must be one of"});
}

BOOST_AUTO_TEST_CASE(rating_stats_reads_a_ratings_file_on_a_scale_or_as_numbers) {
    test::TempDir dir;
    test::writeText(dir.file("r.csv"), "unit,rater,grade\nC1,A,Good\nC1,B,RI\nC2,A,4\nC2,B,Outstanding\nC3,A,\nC3,B,1\n");
    const jobs::RatingStatsResult r = jobs::ratingStats({dir.file("r.csv"), "ofsted-four-point"});
    BOOST_TEST(r.file.scale == "ofsted-four-point");
    BOOST_TEST(r.file.categories.size() == 4u);
    BOOST_TEST(r.summary.units == 3u);
    BOOST_TEST(r.summary.pairableUnits == 2u);
    BOOST_TEST(r.summary.ratings == 5u);
    BOOST_TEST(r.summary.alphaOrdinal.value.has_value());
    test::writeText(dir.file("n.csv"), "unit,rater,grade\n1,A,2.5\n1,B,3\n2,A,7\n2,B,7\n");
    const jobs::RatingStatsResult n = jobs::ratingStats({dir.file("n.csv"), "numbers"});
    BOOST_TEST(n.file.scale == "numbers");
    BOOST_TEST(n.file.categories == (std::vector<double>{2.5, 3, 7}));
    test::expectError([&] { jobs::ratingStats({dir.file("n.csv"), "colours"}); }, ErrorKind::Usage,
                      {"unknown grade scale 'colours'"});
    test::expectError([&] { jobs::ratingStats({dir.file("n.csv"), "ofsted-four-point"}); }, ErrorKind::Data,
                      {"n.csv", "line 2, column grade", "'2.5' is not a grade"});
}
