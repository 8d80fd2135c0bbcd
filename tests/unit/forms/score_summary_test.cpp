// The scoring summary (audit/score_summary.h): counts per domain, team and template over the latest versions,
// the unweighted share good or better, and the design-weighted stratified estimate from a draw in the store.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Parser.h>

#include <cmath>

#include "audit/forms/score_import.h"
#include "audit/forms/score_summary.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "test_support.h"

using namespace audit;
using audit::test::TempDir;
namespace tt = boost::test_tools;

namespace {

using audit::test::catalogue;

// A valid cin-cp return, all answers Yes; the overall grade is `overall` (with a rationale when it departs).
ReturnedAudit makeReturn(const std::string& caseRef, const std::string& team, std::optional<std::int64_t> draw,
                         const std::string& overall = "") {
    const Template& tpl = catalogue().getTemplate("cin-cp", 3);
    const Framework& fw = catalogue().frameworkOf(tpl);
    ReturnedAudit r;
    r.file = caseRef + ".xlsx";
    r.kind = "xlsx";
    r.fileHash = std::string(64, 'b');
    r.formId = "F-" + caseRef;
    r.templateId = tpl.id;
    r.templateVersion = tpl.version;
    r.caseRef = caseRef;
    r.auditor = "A. Auditor";
    r.team = team;
    r.drawId = draw;
    r.completedDate = "2026-11-20";
    for (const auto& sec : tpl.sections)
        for (const auto& q : sec.questions) r.input.answers[q.id] = "Yes";
    ScoreResult s = score(tpl, fw, r.input);
    for (const auto& d : s.domains) r.input.domainGrades[d.domain] = fw.grade(*d.computed)->label;
    s = score(tpl, fw, r.input);
    r.input.overallGrade = overall.empty() ? fw.grade(*s.overall.computed)->label : overall;
    if (!overall.empty()) r.input.overallRationale = "Drift in the plan outweighs the recording.";
    return r;
}

void put(Store& store, const ReturnedAudit& r) {
    const Template& tpl = catalogue().getTemplate(r.templateId, r.templateVersion);
    const Framework& fw = catalogue().frameworkOf(tpl);
    ScoreResult s;
    auto ps = validateReturn(r, tpl, fw, s);
    BOOST_REQUIRE(ps.empty());
    store.transaction([&] { storeReturn(store, r, tpl, fw, s); });
}

std::int64_t makeDraw(Store& store) {
    const std::int64_t id = store.insertReturningId(
        "INSERT INTO draw (kind, period, created_at, seed, algorithm, sample_size) VALUES ('audit', '2026-11', ?, '1', "
        "'test', 7)",
        store.now());
    store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, 'A', 10, 4)", id);
    store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, 'B', 30, 3)", id);
    for (const char* c : {"A1", "A2", "A3", "A4"})
        store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
                   "VALUES (?, ?, 'A', 0.4, 2.5)", id, std::string(c));
    for (const char* c : {"B1", "B2", "B3"})
        store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) "
                   "VALUES (?, ?, 'B', 0.1, 10.0)", id, std::string(c));
    return id;
}

}  // namespace

BOOST_AUTO_TEST_CASE(weighted_estimate_matches_the_stratified_formula) {
    Store store(":memory:");
    const auto draw = makeDraw(store);
    // Stratum A: 3 of 4 returned, 2 good or better. Stratum B: 3 of 3, 1 good or better.
    put(store, makeReturn("A1", "East", draw));
    put(store, makeReturn("A2", "East", draw));
    put(store, makeReturn("A3", "East", draw, "Requires improvement"));
    put(store, makeReturn("B1", "West", draw));
    put(store, makeReturn("B2", "West", draw, "Inadequate"));
    put(store, makeReturn("B3", "West", draw, "Requires improvement"));
    // Outside the draw: counts unweighted only.
    put(store, makeReturn("X9", "West", std::nullopt, "Requires improvement"));

    const ScoreSummary s = summarise(store, catalogue(), "2026-11");
    BOOST_TEST(s.audits == 7u);
    BOOST_TEST(s.graded == 7u);
    BOOST_TEST(s.goodOrBetter == 3u);
    BOOST_TEST(s.outsideDraws == 1u);
    BOOST_REQUIRE(s.weighted.has_value());
    const double pA = 2.0 / 3, pB = 1.0 / 3, WA = 0.25, WB = 0.75;
    BOOST_TEST(s.weighted->estimate.estimate == WA * pA + WB * pB, tt::tolerance(1e-12));
    const double s2 = 3 * (2.0 / 3) * (1.0 / 3) / 2;
    const double var = WA * WA * (1 - 3.0 / 10) * s2 / 3 + WB * WB * (1 - 3.0 / 30) * s2 / 3;
    BOOST_REQUIRE(s.weighted->estimate.se.has_value());
    BOOST_TEST(*s.weighted->estimate.se == std::sqrt(var), tt::tolerance(1e-12));
    BOOST_TEST(s.weighted->ci->lower == std::max(0.0, WA * pA + WB * pB - 1.959963984540054 * std::sqrt(var)),
               tt::tolerance(1e-9));
    BOOST_TEST(s.weighted->audits == 6u);
    BOOST_TEST(s.weighted->estimate.N == 40.0, tt::tolerance(1e-12));

    BOOST_TEST(s.overall.at("Outstanding") == 3u);
    BOOST_TEST(s.overall.at("Requires improvement") == 3u);
    BOOST_TEST(s.overall.at("Inadequate") == 1u);
    BOOST_TEST(s.teams.at("East").at("Outstanding") == 2u);
    BOOST_TEST(s.teams.at("West").at("Requires improvement") == 2u);
    BOOST_TEST(s.templates.at("cin-cp v3").at("Outstanding") == 3u);
    BOOST_TEST(s.domains.at("assessment").at("Outstanding") == 7u);
    BOOST_TEST(s.disagreements.at("overall") == 4u);

    auto json = Poco::JSON::Parser().parse(summaryJson(s)).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(json->getValue<int>("audits") == 7);
    BOOST_TEST(json->getObject("domains")->getObject("assessment")->getValue<int>("Outstanding") == 7);
    auto gb = json->getObject("good_or_better");
    BOOST_TEST(gb->getValue<int>("count") == 3);
    BOOST_TEST(gb->getObject("weighted")->getValue<double>("estimate") == WA * pA + WB * pB, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(latest_version_counts_and_period_filters) {
    Store store(":memory:");
    auto r = makeReturn("C1", "East", std::nullopt);
    put(store, r);
    r.input.overallGrade = "Inadequate";
    r.input.overallRationale = "Corrected after review: the child was not seen.";
    put(store, r);
    auto s = summarise(store, catalogue(), "");
    BOOST_TEST(s.audits == 1u);
    BOOST_TEST(s.overall.at("Inadequate") == 1u);
    BOOST_TEST(!s.overall.count("Outstanding"));
    BOOST_TEST(!s.weighted.has_value());
    BOOST_TEST(summarise(store, catalogue(), "2026-Q4").audits == 1u);
    BOOST_TEST(summarise(store, catalogue(), "2026-10").audits == 0u);
    BOOST_CHECK_THROW(summarise(store, catalogue(), "last month"), Error);
}

BOOST_AUTO_TEST_CASE(summary_workbook_reads_back_in_openpyxl) {
    TempDir dir;
    Store store(":memory:");
    const auto draw = makeDraw(store);
    put(store, makeReturn("A1", "East", draw));
    put(store, makeReturn("B1", "West", draw, "Requires improvement"));
    put(store, makeReturn("B2", "West", draw));
    const auto s = summarise(store, catalogue(), "2026-11");
    writeSummaryXlsx(s, dir.file("scores.xlsx"));
    auto res = audit::test::runPython(R"(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(",".join(wb.sheetnames))
d = wb["Domains"]
head = [c.value for c in d[4]]  # issue 13: a title and the grade counted above the table, headers in words
rows = {r[0]: r for r in d.iter_rows(min_row=5, values_only=True)}
print(rows["Overall grade"][head.index("Outstanding")], rows["Overall grade"][head.index("Total")])
assert all("_" not in str(k) for k in rows), list(rows)   # domain titles, never ids
assert "auditor's grade before moderation" in d["A2"].value, d["A2"].value
t = wb["Teams"]
print(sorted(r[0] for r in t.iter_rows(min_row=5, values_only=True)))
assert "auditor's grade before moderation" in wb["Summary"]["A2"].value
for ws in wb.worksheets:
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9, ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0, ws.title
    assert ws.print_title_rows and ws.print_area, ws.title
)",
                                      {dir.file("scores.xlsx")});
    BOOST_TEST(res.exitCode == 0, res.err);
    BOOST_TEST(res.out == "Summary,Domains,Teams,Templates\n2 3\n['East', 'West']\n");
}

// Issue 13: with few audits (no stratum with two returns) the summary is shown, never fatal: counts and the point
// estimate, the interval n/a with the reason, in the value, the JSON and the workbook.
BOOST_AUTO_TEST_CASE(few_audits_give_counts_and_an_estimate_with_the_interval_na_and_why) {
    TempDir dir;
    Store store(":memory:");
    const auto draw = makeDraw(store);
    put(store, makeReturn("A1", "East", draw));
    put(store, makeReturn("B1", "West", draw, "Requires improvement"));
    const ScoreSummary s = summarise(store, catalogue(), "2026-11");
    BOOST_TEST(s.graded == 2u);
    BOOST_TEST(s.goodOrBetter == 1u);
    BOOST_REQUIRE(s.weighted.has_value());
    BOOST_TEST(!s.weighted->ci.has_value());
    BOOST_TEST(s.weighted->ciNote.find("n/a") == 0u);
    BOOST_TEST(s.weighted->estimate.estimate == 0.25 * 1 + 0.75 * 0, tt::tolerance(1e-12));
    const std::string json = summaryJson(s);
    BOOST_TEST(json.find("\"ci95\":null,\"ci95_note\":\"n/a: no stratum has two returned audits") != std::string::npos, json);
    BOOST_TEST(json.find("\"grade_counted\":\"the auditor's grade before moderation") != std::string::npos, json);
    writeSummaryXlsx(s, dir.file("few.xlsx"));
    auto res = audit::test::runPython(R"PY(
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Summary"]
rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
w = rows["Good or better (share, auditor's grade, design-weighted)"]
assert w[1] == 0.25 and w[2] == "n/a" and w[3] == "n/a" and "no stratum has two returned audits" in w[4], w
assert rows["Audits with an overall grade"][1] == 2
print("ok")
)PY",
                                      {dir.file("few.xlsx")});
    BOOST_TEST(res.exitCode == 0, res.err);
    BOOST_TEST(res.out == "ok\n");
}
