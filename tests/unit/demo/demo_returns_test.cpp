// Synthetic completed returns (audit/demo_returns.h): deterministic, valid, in the form layout, with generous
// auditors grading above the computed grade more often than the others.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/demo/demo_returns.h"
#include "audit/forms/score_import.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;
using audit::test::TempDir;

namespace {

using audit::test::catalogue;

std::string writeSample(const TempDir& dir, int n) {
    std::string s = "case_ref,stratum,team,category,worker,inclusion_probability,design_weight,auditor\n";
    const char* teams[] = {"CP East", "CIN West", "Looked After 1", "Leaving Care"};
    const char* cats[] = {"CP", "CIN", "CLA", "Care leaver"};
    for (int k = 0; k < n; ++k)
        s += "C" + std::to_string(5000 + k) + "," + teams[k % 4] + "," + teams[k % 4] + "," + cats[k % 4] + ",Worker " +
             std::to_string(k % 9) + ",0.2,5,Auditor " + std::to_string(k % 10) + "\n";
    audit::test::writeText(dir.file("sample.csv"), s);
    return dir.file("sample.csv");
}

}  // namespace

// The demo's returns come without an audit draw in the test's store: imported as unsampled (thematic) audits.
ImportOptions unsampled() {
    ImportOptions o;
    o.unsampled = true;
    return o;
}

BOOST_AUTO_TEST_CASE(same_seed_same_bytes_and_every_return_is_valid) {
    TempDir dir;
    DemoReturnsOptions o;
    o.samplePath = writeSample(dir, 40);
    o.seed = 11;
    o.auditDate = Date(2026, 11, 20);
    std::filesystem::create_directories(dir.file("a"));
    std::filesystem::create_directories(dir.file("b"));
    o.outDir = dir.file("a");
    auto ra = writeDemoReturns(catalogue(), o);
    o.outDir = dir.file("b");
    auto rb = writeDemoReturns(catalogue(), o);
    BOOST_REQUIRE_EQUAL(ra.files.size(), 40u);
    for (std::size_t i = 0; i < ra.files.size(); ++i)
        BOOST_TEST(audit::test::readText(ra.files[i]) == audit::test::readText(rb.files[i]), ra.files[i]);

    Store store(":memory:");
    auto rep = importReturns(store, catalogue(), {dir.file("a")}, unsampled());
    std::string problems;
    for (const auto& f : rep.files)
        for (const auto& p : f.problems) problems += p.str() + "\n";
    BOOST_TEST(rep.imported == 40u, problems);
    BOOST_TEST(rep.rejected == 0u);
    // Templates chosen by category: CLA and care leavers get their own.
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(DISTINCT template_id) FROM audit").value() >= 3);
    // Every action has an owner and a due date after the audit.
    for (const auto& r : store.query("SELECT a.completed_date, x.owner, x.due_date FROM action x JOIN audit a ON a.id = x.audit_id")) {
        BOOST_TEST(!r.text("owner").empty());
        BOOST_TEST(r.text("due_date") > r.text("completed_date"));
    }
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM action").value() > 0);

    o.seed = 12;
    o.outDir = dir.file("b");
    writeDemoReturns(catalogue(), o);
    bool differs = false;
    for (std::size_t i = 0; i < ra.files.size(); ++i)
        differs = differs || audit::test::readText(ra.files[i]) != audit::test::readText(rb.files[i]);
    BOOST_TEST(differs);
}

BOOST_AUTO_TEST_CASE(generous_auditors_grade_above_the_computed_grade) {
    TempDir dir;
    DemoReturnsOptions o;
    o.samplePath = writeSample(dir, 200);
    o.seed = 3;
    o.auditDate = Date(2026, 11, 20);
    o.templateId = "cin-cp";
    o.generousShare = 0.3;
    o.outDir = dir.path();
    auto r = writeDemoReturns(catalogue(), o);
    BOOST_TEST(r.generousAuditors > 0u);
    BOOST_TEST(r.generousAuditors < r.auditors);
    Store store(":memory:");
    auto rep = importReturns(store, catalogue(), {dir.path()}, unsampled());
    BOOST_REQUIRE_EQUAL(rep.imported, 200u);
    // Per auditor: the share of domain grades above the computed one. Some auditors stand well apart.
    auto rows = store.query("SELECT a.auditor, SUM(CASE WHEN j.auditor_rank > j.computed_rank THEN 1 ELSE 0 END) AS up, "
                            "COUNT(*) AS n FROM judgement j JOIN audit a ON a.id = j.audit_id "
                            "WHERE j.domain <> '_overall' AND j.computed_rank IS NOT NULL GROUP BY a.auditor");
    std::vector<double> shares;
    for (const auto& row : rows) shares.push_back(static_cast<double>(row.integer("up")) / static_cast<double>(row.integer("n")));
    std::sort(shares.begin(), shares.end());
    BOOST_TEST(shares.back() > 0.35);   // generous: about half their grades up
    BOOST_TEST(shares.front() < 0.1);   // the others: rarely
}
