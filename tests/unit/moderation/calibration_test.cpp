// Calibration exercises on a real store: the draw (seeded, recorded), the blank forms, filled forms imported (and
// again, unchanged; an ordinary form refused), the statistics and each participant's shares against the consensus,
// and the QA lead's workbook read back by openpyxl.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "audit/base/error.h"
#include "audit/forms/form.h"
#include "audit/forms/framework.h"
#include "audit/forms/scoring.h"
#include "audit/forms/template.h"
#include "audit/moderation/calibration.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;
using namespace audit::calibration;
namespace fs = std::filesystem;

namespace {

const Template& cincp() { return test::catalogue().getTemplate("cin-cp"); }
const Framework& fw() { return test::catalogue().frameworkOf(cincp()); }

void seedAudits(Store& store, int n) {
    for (int i = 1; i <= n; ++i)
        store.exec("INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, period, "
                   "source_hash, imported_at) VALUES (?, 1, ?, 'cin-cp', '3', 'A', '2026-11', 'h', 'now')",
                   "F" + std::to_string(i), "CASE-" + std::to_string(100 + i));
}

// A complete return; every domain graded `shift` grades away from the computed one (with a rationale when it
// departs), the overall grade as computed from them.
AuditInput filled(int shift) {
    AuditInput in;
    for (const auto& sec : cincp().sections)
        for (const auto& q : sec.questions) {
            in.answers[q.id] = "Yes";
            in.evidence[q.id] = "Seen on file.";
        }
    in.answers["plan-contingency"] = "Partly";
    ScoreResult s = score(cincp(), fw(), in);
    for (const auto& d : s.domains) {
        const Grade* g = fw().grade(*d.computed);
        std::size_t i = 0;
        while (&fw().grades[i] != g) ++i;
        const long long j = std::clamp<long long>(static_cast<long long>(i) + shift, 0, static_cast<long long>(fw().grades.size()) - 1);
        in.domainGrades[d.domain] = fw().grades[static_cast<std::size_t>(j)].label;
        if (static_cast<std::size_t>(j) != i) in.domainRationales[d.domain] = "Calibration view.";
    }
    s = score(cincp(), fw(), in);
    in.overallGrade = fw().grade(*s.overall.computed)->label;
    return in;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_exercise_from_draw_to_report) {
    test::TempDir dir;
    Store store(dir.file("s.db"));
    seedAudits(store, 6);
    SampleRequest req;
    req.participants = {"Ann Lee", "Bob Roy", "Cat Diaz"};
    req.cases = 4;
    req.period = "2026-11";
    req.seed = 7;
    const Exercise ex = drawExercise(store, test::catalogue(), req);
    BOOST_TEST(ex.id == 1);
    BOOST_TEST(ex.cases.size() == 4u);
    BOOST_TEST(ex.forms.size() == 12u);
    BOOST_TEST(ex.templateId == "cin-cp");
    // The seed alone decides: a second store with the same audits draws the same cases.
    {
        Store other(dir.file("t.db"));
        seedAudits(other, 6);
        BOOST_TEST(drawExercise(other, test::catalogue(), req).cases == ex.cases);
    }
    const Exercise loaded = loadExercise(store, ex.id);
    BOOST_TEST(loaded.cases == ex.cases);
    BOOST_TEST(loaded.participants == ex.participants);
    BOOST_TEST(loaded.forms.size() == 12u);

    const auto paths = writeExerciseForms(ex, test::catalogue(), dir.file("forms"));
    BOOST_TEST(paths.size() == 12u);
    BOOST_TEST(fs::exists(dir.file("forms") + "/Ann-Lee"));

    // Returns: Ann and Cat grade as computed, Bob one grade lower everywhere (severe).
    fs::create_directories(dir.file("returns"));
    for (const auto& f : ex.forms) {
        FormCase fc;
        fc.caseRef = f.caseRef;
        fc.auditor = f.participant;
        fc.drawId = "CAL-" + std::to_string(ex.id);
        fc.auditDate = "2026-11-20";
        BOOST_TEST_REQUIRE(formId(cincp(), fc) == f.formId);
        const AuditInput in = filled(f.participant == "Bob Roy" ? -1 : 0);
        writeFormXlsx(cincp(), fw(), fc, &in, dir.file("returns/" + f.formId + ".xlsx"));
    }
    const calibration::ImportReport first = calibration::importReturns(store, test::catalogue(), {dir.file("returns")});
    for (const auto& f : first.files)
        for (const auto& p : f.problems) BOOST_TEST_MESSAGE(p.str());
    BOOST_TEST(first.imported == 12u);
    BOOST_TEST(first.rejected == 0u);
    const calibration::ImportReport again = calibration::importReturns(store, test::catalogue(), {dir.file("returns")});
    BOOST_TEST(again.unchanged == 12u);
    // An ordinary form of the same case is not a calibration form.
    FormCase ordinary;
    ordinary.caseRef = ex.cases.front();
    ordinary.auditor = "Ann Lee";
    ordinary.auditDate = "2026-11-20";
    const AuditInput in = filled(0);
    writeFormXlsx(cincp(), fw(), ordinary, &in, dir.file("ordinary.xlsx"));
    const calibration::ImportReport refused = calibration::importReturns(store, test::catalogue(), {dir.file("ordinary.xlsx")});
    BOOST_TEST(refused.rejected == 1u);
    BOOST_TEST_REQUIRE(!refused.files.front().problems.empty());
    BOOST_TEST(refused.files.front().problems.front().message.find("not a form of a calibration exercise") != std::string::npos);

    const calibration::Report rep = calibration::report(store, test::catalogue(), ex.id);
    BOOST_TEST(rep.returned == 12u);
    BOOST_TEST(rep.missing.empty());
    BOOST_TEST(rep.domains.size() == cincp().sections.size() + 1);
    BOOST_TEST(rep.domains.back().domain == "_overall");
    for (const auto& d : rep.domains) {
        BOOST_TEST(d.cases == 4u);
        BOOST_TEST(d.grades == 12u);
    }
    BOOST_TEST_REQUIRE(rep.raters.size() == 3u);
    const RaterShares& bob = rep.raters[1];
    BOOST_TEST(bob.participant == "Bob Roy");
    BOOST_TEST(bob.below > 0u);
    BOOST_TEST(bob.above == 0u);
    BOOST_TEST(bob.severe);
    BOOST_TEST(!bob.generous);
    BOOST_TEST(rep.raters[0].equal == rep.raters[0].compared);
    BOOST_TEST(!rep.raters[0].severe);

    // Against a reference rater: Ann's grades; Ann is left out of the shares.
    const calibration::Report byAnn = calibration::report(store, test::catalogue(), ex.id, "Ann Lee");
    BOOST_TEST(byAnn.raters.size() == 2u);
    BOOST_TEST(byAnn.raters[0].participant == "Bob Roy");
    test::expectError([&] { calibration::report(store, test::catalogue(), ex.id, "Zoe"); }, ErrorKind::Usage,
                      {"'Zoe' is not a participant", "Ann Lee"});
    test::expectError([&] { calibration::report(store, test::catalogue(), 9); }, ErrorKind::Data, {"no calibration exercise 9", "latest is 1"});

    writeReportWorkbook(rep, dir.file("calibration.xlsx"));
    const auto py = test::runPython(R"(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Agreement", "Auditors", "Grades"], wb.sheetnames
au = wb["Auditors"]
rows = {r[0].value: r for r in au.iter_rows(min_row=5) if r[0].value}
assert rows["Bob Roy"][7].value == "severe", rows["Bob Roy"][7].value
assert rows["Ann Lee"][7].value is None
ag = wb["Agreement"]
assert ag["A5"].value is not None and ag["A4"].value == "Domain"
print("ok")
)", {dir.file("calibration.xlsx")});
    BOOST_TEST(py.exitCode == 0, py.err);
}

BOOST_AUTO_TEST_CASE(bad_requests_and_rosters) {
    test::TempDir dir;
    Store store(dir.file("s.db"));
    seedAudits(store, 2);
    SampleRequest req;
    req.participants = {"A", "B"};
    req.cases = 3;
    test::expectError([&] { drawExercise(store, test::catalogue(), req); }, ErrorKind::Data,
                      {"asked for 3 cases", "2 audited case(s)"});
    req.participants = {"A"};
    test::expectError([&] { drawExercise(store, test::catalogue(), req); }, ErrorKind::Usage, {"at least two participants"});
    req.participants = {"A", "B"};
    req.cases = 1;
    req.period = "2025-01";
    test::expectError([&] { drawExercise(store, test::catalogue(), req); }, ErrorKind::Data, {"no audited cases", "2025-01"});
    test::writeText(dir.file("r.csv"), "auditor\nAnn\n\nAnn\n");
    test::expectError([&] { readParticipants(dir.file("r.csv")); }, ErrorKind::Data, {"line 4", "'Ann' is named already on line 2"});
    test::writeText(dir.file("q.csv"), "who\nAnn\n");
    test::expectError([&] { readParticipants(dir.file("q.csv")); }, ErrorKind::Data, {"no column 'auditor'"});
    test::writeText(dir.file("ok.csv"), "auditor,team\nAnn,T1\nBob,T2\n");
    BOOST_TEST(readParticipants(dir.file("ok.csv")) == (std::vector<std::string>{"Ann", "Bob"}));
}
