// Importing and scoring returns (audit/score_import.h) through the store: validation of every kind of
// problem, scoring with limiting items and N/A, idempotent re-import, versions, bulk CSV, mixed folders.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "audit/base/hash.h"
#include "audit/io/csv.h"
#include "audit/forms/score_import.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "test_support.h"

using namespace audit;
using audit::test::TempDir;

namespace {

// These stores hold no draw: the returns are imported as thematic audits (outside any sample).
ImportOptions thematic() {
    ImportOptions o;
    o.unsampled = true;
    return o;
}

using audit::test::catalogue;

const Template& cincp() { return catalogue().getTemplate("cin-cp", 3); }
const Framework& fwOf(const Template& t) { return catalogue().frameworkOf(t); }

// A complete, valid return: every question answered (Yes unless overridden), every domain graded as computed,
// the overall grade as computed, one action.
ReturnedAudit makeReturn(const std::string& caseRef, const std::map<std::string, std::string>& overrides = {},
                         const Template& tpl = cincp()) {
    const Framework& fw = fwOf(tpl);
    ReturnedAudit r;
    r.file = "returns/" + caseRef + ".xlsx";
    r.kind = "xlsx";
    r.fileHash = std::string(64, 'a');
    r.formId = "F-" + caseRef;
    r.templateId = tpl.id;
    r.templateVersion = tpl.version;
    r.caseRef = caseRef;
    r.auditor = "A. Auditor";
    r.team = "CP East";
    r.completedDate = "20/11/2026";
    for (const auto& sec : tpl.sections)
        for (const auto& q : sec.questions) {
            r.input.answers[q.id] = "Yes";
            r.input.evidence[q.id] = "Seen on file.";
            r.places["answer:" + q.id] = "sheet 'Audit', cell D" + q.id;
        }
    for (const auto& [k, v] : overrides) r.input.answers[k] = v;
    ScoreResult s = score(tpl, fw, r.input);
    for (const auto& d : s.domains) {
        r.input.domainGrades[d.domain] = fw.grade(*d.computed)->label;
        r.places["grade:" + d.domain] = "sheet 'Audit', cell Dg-" + d.domain;
        r.places["rationale:" + d.domain] = "sheet 'Audit', cell Er-" + d.domain;
    }
    s = score(tpl, fw, r.input);
    r.input.overallGrade = fw.grade(*s.overall.computed)->label;
    r.places["overall-grade"] = "sheet 'Audit', cell D90";
    r.places["overall-rationale"] = "sheet 'Audit', cell E90";
    r.places["completed"] = "sheet 'Audit', cell E5";
    ReturnedAction a;
    a.number = 1;
    a.description = "Update the chronology";
    a.owner = "J. Smith";
    a.due = "2026-12-18";
    a.descriptionPlace = "sheet 'Audit', cell B100";
    a.ownerPlace = "sheet 'Audit', cell C100";
    a.duePlace = "sheet 'Audit', cell D100";
    r.actions.push_back(a);
    return r;
}

std::vector<Problem> validate(const ReturnedAudit& r) {
    ScoreResult s;
    const Template& tpl = *catalogue().findTemplate(r.templateId, r.templateVersion);
    return validateReturn(r, tpl, fwOf(tpl), s);
}

bool hasProblem(const std::vector<Problem>& ps, const std::string& place, const std::string& part) {
    for (const auto& p : ps)
        if (p.place == place && p.message.find(part) != std::string::npos) return true;
    return false;
}

std::string dumpProblems(const std::vector<Problem>& ps) {
    std::string s;
    for (const auto& p : ps) s += p.str() + "\n";
    return s;
}

StoredReturn storeOne(Store& store, const ReturnedAudit& r) {
    ScoreResult s;
    const Template& tpl = *catalogue().findTemplate(r.templateId, r.templateVersion);
    auto ps = validateReturn(r, tpl, fwOf(tpl), s);
    BOOST_REQUIRE_MESSAGE(ps.empty(), dumpProblems(ps));
    return store.transaction([&] { return storeReturn(store, r, tpl, fwOf(tpl), s); });
}

// The bulk CSV form of a return.
void writeCsv(const std::string& path, const std::vector<ReturnedAudit>& returns) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : returns) {
        auto base = [&](bool first) {
            return std::vector<std::string>{r.caseRef, r.templateId, std::to_string(r.templateVersion),
                                            first ? r.auditor : "", first ? r.completedDate : "", first ? r.team : ""};
        };
        bool first = true;
        for (const auto& [q, a] : r.input.answers) {
            auto row = base(first);
            first = false;
            auto ev = r.input.evidence.find(q);
            row.insert(row.end(), {q, a, ev == r.input.evidence.end() ? "" : ev->second, "", "", "", "", "", ""});
            rows.push_back(row);
        }
        for (const auto& [d, g] : r.input.domainGrades) {
            auto row = base(false);
            auto ra = r.input.domainRationales.find(d);
            row.insert(row.end(), {"", "", "", d, g, ra == r.input.domainRationales.end() ? "" : ra->second, "", "", ""});
            rows.push_back(row);
        }
        auto row = base(false);
        row.insert(row.end(), {"", "", "", "overall", r.input.overallGrade, r.input.overallRationale, "", "", ""});
        rows.push_back(row);
        for (const auto& a : r.actions) {
            auto ar = base(false);
            ar.insert(ar.end(), {"", "", "", "", "", "", a.description, a.owner, a.due});
            rows.push_back(ar);
        }
    }
    csv::writeFile(path,
                   {"case_ref", "template", "template_version", "auditor", "completed_date", "team", "question_id",
                    "answer", "evidence", "domain", "grade", "rationale", "action", "owner", "due_date"},
                   rows);
}

std::int64_t count(Store& store, const std::string& sql) { return store.scalar<std::int64_t>(sql).value_or(-1); }

}  // namespace

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(a_complete_return_is_valid) {
    auto ps = validate(makeReturn("C1"));
    BOOST_TEST(ps.empty(), dumpProblems(ps));
}

BOOST_AUTO_TEST_CASE(unknown_answer_names_sheet_cell_template_and_scale) {
    auto r = makeReturn("C1042");
    r.input.answers["hist-chronology"] = "Maybe";
    auto ps = validate(r);
    BOOST_REQUIRE_EQUAL(ps.size(), 1u);
    BOOST_TEST(ps[0].str() == "returns/C1042.xlsx: sheet 'Audit', cell Dhist-chronology: 'Maybe' is not an answer of "
                              "template cin-cp v3 (expected Yes, Partly, No, Not applicable)");
}

BOOST_AUTO_TEST_CASE(missing_required_answer_and_grade) {
    auto r = makeReturn("C2");
    r.input.answers.erase("assess-analysis");
    r.input.domainGrades.erase("plan");
    auto ps = validate(r);
    BOOST_TEST(hasProblem(ps, "sheet 'Audit', cell Dassess-analysis", "required"), dumpProblems(ps));
    // A blank domain grade agrees with the computed grade (the shipped framework's <blank-grade domain="agrees">).
    BOOST_TEST(!hasProblem(ps, "sheet 'Audit', cell Dg-plan", "required"), dumpProblems(ps));
}

BOOST_AUTO_TEST_CASE(a_blank_domain_grade_is_stored_as_the_computed_grade_and_recorded_as_left_blank) {
    Store store(":memory:");
    auto r = makeReturn("C11");
    r.input.domainGrades.erase("plan");
    r.input.domainGrades.erase("assessment");
    auto stored = storeOne(store, r);
    BOOST_TEST(stored.gradesLeftBlank == 2u);
    BOOST_TEST(stored.disagreements == 0u);
    auto rows = store.query("SELECT computed_grade, auditor_grade, auditor_rank, disagrees FROM judgement "
                            "WHERE audit_id = ? AND domain = 'plan'", stored.auditId);
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0].text("auditor_grade") == rows[0].text("computed_grade"));
    BOOST_TEST(rows[0].integer("auditor_rank") == 4);
    BOOST_TEST(rows[0].integer("disagrees") == 0);
    const std::string extra = store.scalar<std::string>("SELECT extra FROM audit").value_or("");
    BOOST_TEST(extra.find("\"grades_left_blank\":[\"assessment\",\"plan\"]") != std::string::npos, extra);
    // A grade chosen is not recorded as left blank; choosing it is a new version of the form.
    auto chosen = makeReturn("C11");
    auto again = storeOne(store, chosen);
    BOOST_TEST((again.outcome == ImportOutcome::NewVersion));
    BOOST_TEST(again.gradesLeftBlank == 0u);
    const std::string extra2 =
        store.scalar<std::string>("SELECT extra FROM audit_latest WHERE form_id = 'F-C11'").value_or("");
    BOOST_TEST(extra2.find("grades_left_blank") == std::string::npos, extra2);
}

BOOST_AUTO_TEST_CASE(optional_question_may_be_blank) {
    auto r = makeReturn("C3");
    r.input.answers.erase("voice-advocacy");  // required="false" in cin-cp v3
    auto ps = validate(r);
    BOOST_TEST(ps.empty(), dumpProblems(ps));
}

BOOST_AUTO_TEST_CASE(grade_departing_without_rationale) {
    auto r = makeReturn("C4");
    r.input.domainGrades["assessment"] = "Requires improvement";  // computed Outstanding
    auto ps = validate(r);
    BOOST_TEST(hasProblem(ps, "sheet 'Audit', cell Er-assessment", "rationale is required"), dumpProblems(ps));
    r.input.domainRationales["assessment"] = "Analysis is thin despite the items.";
    ps = validate(r);
    BOOST_TEST(!hasProblem(ps, "sheet 'Audit', cell Er-assessment", "rationale"), dumpProblems(ps));
}

BOOST_AUTO_TEST_CASE(unknown_grade) {
    auto r = makeReturn("C5");
    r.input.overallGrade = "Excellent";
    auto ps = validate(r);
    BOOST_TEST(hasProblem(ps, "sheet 'Audit', cell D90", "'Excellent' is not a grade"), dumpProblems(ps));
}

BOOST_AUTO_TEST_CASE(bad_completed_date) {
    auto r = makeReturn("C6");
    r.completedDate = "31/02/2026";
    auto ps = validate(r);
    BOOST_TEST(hasProblem(ps, "sheet 'Audit', cell E5", "'31/02/2026' is not a valid completed date"), dumpProblems(ps));
    r.completedDate = "";
    ps = validate(r);
    BOOST_TEST(hasProblem(ps, "sheet 'Audit', cell E5", "missing"), dumpProblems(ps));
}

BOOST_AUTO_TEST_CASE(action_without_owner_or_due_date) {
    auto r = makeReturn("C7");
    r.actions[0].owner = "";
    r.actions[0].due = "";
    auto ps = validate(r);
    BOOST_TEST(hasProblem(ps, "sheet 'Audit', cell C100", "no owner"), dumpProblems(ps));
    BOOST_TEST(hasProblem(ps, "sheet 'Audit', cell D100", "no due date"), dumpProblems(ps));
    r.actions[0].owner = "J. Smith";
    r.actions[0].due = "soon";
    ps = validate(r);
    BOOST_REQUIRE_EQUAL(ps.size(), 1u);
    BOOST_TEST(hasProblem(ps, "sheet 'Audit', cell D100", "'soon' is not a valid due date"), dumpProblems(ps));
}

BOOST_AUTO_TEST_CASE(every_problem_is_listed) {
    auto r = makeReturn("C8");
    r.input.answers["hist-chronology"] = "Maybe";
    r.input.answers.erase("plan-smart");
    r.completedDate = "yesterday";
    r.actions[0].owner = "";
    BOOST_TEST(validate(r).size() == 4u, dumpProblems(validate(r)));
}

BOOST_AUTO_TEST_CASE(wrong_template_version_is_a_clear_error) {
    const std::string why = templateProblem(catalogue(), "cin-cp", 2);
    BOOST_TEST(why.find("template cin-cp v2, a version this toolkit does not have (it has v3)") != std::string::npos, why);
    BOOST_TEST(templateProblem(catalogue(), "cin-cp", 3).empty());
    BOOST_TEST(templateProblem(catalogue(), "nope", 1).find("unknown template 'nope'") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scoring_through_the_store)

BOOST_AUTO_TEST_CASE(computed_and_auditor_grades_stored_disagreements_flagged) {
    Store store(":memory:");
    auto r = makeReturn("C10");
    r.input.domainGrades["plan"] = "Good";  // computed Outstanding
    r.input.domainRationales["plan"] = "Plan is sound but review dates slipped.";
    auto stored = storeOne(store, r);
    BOOST_TEST((stored.outcome == ImportOutcome::Imported));
    BOOST_TEST(stored.version == 1);
    BOOST_TEST(stored.disagreements == 1u);
    auto rows = store.query("SELECT computed_grade, computed_rank, auditor_grade, auditor_rank, rationale, disagrees "
                            "FROM judgement WHERE audit_id = ? AND domain = 'plan'", stored.auditId);
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0].text("computed_grade") == "Outstanding");
    BOOST_TEST(rows[0].integer("computed_rank") == 4);
    BOOST_TEST(rows[0].text("auditor_grade") == "Good");
    BOOST_TEST(rows[0].integer("auditor_rank") == 3);
    BOOST_TEST(rows[0].integer("disagrees") == 1);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM judgement WHERE disagrees = 0") ==
               static_cast<std::int64_t>(cincp().sections.size()));  // the other domains and the overall
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM judgement WHERE domain = '_overall'") == 1);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM answer") == static_cast<std::int64_t>(cincp().questionCount()));
    auto act = store.query("SELECT action_no, description, owner, due_date, status FROM action");
    BOOST_REQUIRE_EQUAL(act.size(), 1u);
    BOOST_TEST(act[0].text("owner") == "J. Smith");
    BOOST_TEST(act[0].text("due_date") == "2026-12-18");
    BOOST_TEST(act[0].text("status") == "open");
    auto a = store.query("SELECT completed_date, period, template_version, framework_id FROM audit");
    BOOST_TEST(a[0].text("completed_date") == "2026-11-20");
    BOOST_TEST(a[0].text("period") == "2026-11");
    BOOST_TEST(a[0].text("template_version") == "3");
    BOOST_TEST(a[0].text("framework_id") == "ofsted-four-point");
}

BOOST_AUTO_TEST_CASE(limiting_item_caps_the_domain) {
    Store store(":memory:");
    auto stored = storeOne(store, makeReturn("C11", {{"assess-seen-alone", "No"}}));
    auto rows = store.query("SELECT computed_grade, limited_by, computed_score FROM judgement WHERE audit_id = ? AND "
                            "domain = 'assessment'", stored.auditId);
    BOOST_TEST(rows[0].text("computed_grade") == "Requires improvement");
    BOOST_TEST(rows[0].text("limited_by").find("assess-seen-alone") != std::string::npos);
    BOOST_TEST(rows[0].real("computed_score") > 80.0);  // the band alone would give Outstanding/Good
}

BOOST_AUTO_TEST_CASE(overall_cap_from_an_item) {
    Store store(":memory:");
    auto stored = storeOne(store, makeReturn("C12", {{"impact-safe-today", "No"}}));
    auto rows = store.query("SELECT computed_grade, limited_by FROM judgement WHERE audit_id = ? AND domain = '_overall'",
                            stored.auditId);
    BOOST_TEST(rows[0].text("computed_grade") == "Inadequate");
    BOOST_TEST(rows[0].text("limited_by").find("impact-safe-today") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(not_applicable_is_left_out_of_the_score) {
    Store store(":memory:");
    auto stored = storeOne(store, makeReturn("C13", {{"assess-siblings", "Not applicable"}, {"assess-signoff", "Partly"}}));
    auto ans = store.query("SELECT answer, score FROM answer WHERE audit_id = ? AND question_id = 'assess-siblings'",
                           stored.auditId);
    BOOST_TEST(ans[0].text("answer") == "Not applicable");
    BOOST_TEST(ans[0].isNull("score"));
    // assessment: weights 1,1,1,1,2,1,(N/A),1 → possible 2*8 = 16, earned 16 - 1 = 15 → 93.75
    auto j = store.query("SELECT computed_score FROM judgement WHERE audit_id = ? AND domain = 'assessment'",
                         stored.auditId);
    BOOST_TEST(j[0].real("computed_score") == 93.75, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(same_content_is_unchanged_changed_content_is_a_new_version) {
    Store store(":memory:");
    auto r = makeReturn("C14");
    BOOST_TEST(storeOne(store, r).version == 1);
    const std::string before = store.dump();
    auto again = storeOne(store, r);
    BOOST_TEST((again.outcome == ImportOutcome::Unchanged));
    BOOST_TEST(store.dump() == before);
    r.input.answers["hist-genogram"] = "Partly";
    auto v2 = storeOne(store, r);
    BOOST_TEST((v2.outcome == ImportOutcome::NewVersion));
    BOOST_TEST(v2.version == 2);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM audit") == 2);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM audit_latest") == 1);
    BOOST_TEST(count(store, "SELECT version FROM audit_latest") == 2);
    BOOST_TEST(count(store, "SELECT version FROM audit WHERE is_latest = 0") == 1);  // migration 8's flag
    BOOST_TEST(store.latestFlagProblems().empty());
    auto g = store.query("SELECT a.answer FROM answer a JOIN audit_latest l ON l.id = a.audit_id "
                         "WHERE a.question_id = 'hist-genogram'");
    BOOST_TEST(g[0].text("answer") == "Partly");
}

// The browser sends no blanks and carries the period; a bulk CSV may give blank evidence and rationales and leave
// the period to the completed date: the same audit either way is unchanged, not a new version (issue 15's month).
BOOST_AUTO_TEST_CASE(the_same_audit_with_blanks_or_without_is_unchanged) {
    Store store(":memory:");
    auto browser = makeReturn("C15");
    auto csv = makeReturn("C15");
    browser.period = "2026-11";
    csv.input.evidence.begin()->second = "";
    browser.input.evidence.erase(browser.input.evidence.begin()->first);
    csv.input.domainRationales["assessment"] = " ";
    BOOST_TEST(storeOne(store, browser).version == 1);
    const std::string once = store.dump();
    BOOST_TEST((storeOne(store, csv).outcome == ImportOutcome::Unchanged));
    BOOST_TEST(store.dump() == once);
}

// Audits stored before the hash covered the content as stored keep their hash: the same file again is unchanged.
BOOST_AUTO_TEST_CASE(a_hash_stored_the_earlier_way_still_counts_as_unchanged) {
    Store store(":memory:");
    auto r = makeReturn("C16");
    r.input.evidence.begin()->second = "";
    BOOST_TEST(storeOne(store, r).version == 1);
    store.exec("UPDATE audit SET extra = json_set(extra, '$.content_hash', ?)", sha256(canonicalReturn(r)));
    const std::string before = store.dump();
    BOOST_TEST((storeOne(store, r).outcome == ImportOutcome::Unchanged));
    BOOST_TEST(store.dump() == before);
    r.input.answers["hist-genogram"] = "Partly";
    BOOST_TEST((storeOne(store, r).outcome == ImportOutcome::NewVersion));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bulk_csv)

BOOST_AUTO_TEST_CASE(import_reimport_and_new_version) {
    TempDir dir;
    Store store(dir.file("audit.db"));
    const std::string path = dir.file("answers.csv");
    auto a = makeReturn("C20");
    auto b = makeReturn("C21", {{"assess-seen-alone", "No"}});
    writeCsv(path, {a, b});
    auto rep = importReturns(store, catalogue(), {path}, thematic());
    BOOST_REQUIRE_EQUAL(rep.files.size(), 1u);
    BOOST_TEST(rep.rejected == 0u, dumpProblems(rep.files[0].problems));
    BOOST_TEST(rep.imported == 2u);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM audit WHERE source_kind = 'csv'") == 2);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM audit WHERE form_id = 'cin-cp:C21'") == 1);
    const std::string before = store.dump();

    auto again = importReturns(store, catalogue(), {path}, thematic());
    BOOST_TEST(again.unchanged == 1u);
    BOOST_TEST(again.imported == 0u);
    // Only the import_log grew.
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM audit") == 2);

    b.input.evidence["hist-genogram"] = "Genogram added on 21/11/2026.";
    writeCsv(path, {a, b});
    auto changed = importReturns(store, catalogue(), {path}, thematic());
    BOOST_TEST(changed.imported == 1u);
    BOOST_TEST(changed.newVersions == 1u);
    BOOST_TEST(changed.unchanged == 1u);
    BOOST_TEST(count(store, "SELECT version FROM audit_latest WHERE case_ref = 'C21'") == 2);
    BOOST_TEST(count(store, "SELECT version FROM audit_latest WHERE case_ref = 'C20'") == 1);
}

BOOST_AUTO_TEST_CASE(invalid_csv_stores_nothing_and_names_lines) {
    TempDir dir;
    Store store(dir.file("audit.db"));
    const std::string path = dir.file("answers.csv");
    auto a = makeReturn("C30");
    auto b = makeReturn("C31");
    b.input.answers["hist-chronology"] = "Maybe";
    b.actions[0].owner = "";
    writeCsv(path, {a, b});
    const std::string before = store.dump();
    auto rep = importReturns(store, catalogue(), {path}, thematic());
    BOOST_TEST(rep.rejected == 1u);
    BOOST_TEST(rep.imported == 0u);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM audit") == 0);
    const auto& ps = rep.files[0].problems;
    BOOST_TEST(ps.size() == 2u, dumpProblems(ps));
    for (const auto& p : ps) {
        BOOST_TEST(p.file == path);
        BOOST_TEST(p.place.rfind("line ", 0) == 0u, p.str());
    }
    BOOST_TEST(hasProblem(ps, ps[0].place, "'Maybe' is not an answer of template cin-cp v3"), dumpProblems(ps));
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM import_log WHERE outcome = 'rejected'") == 1);
}

BOOST_AUTO_TEST_CASE(structural_problems) {
    TempDir dir;
    const std::string path = dir.file("bad.csv");
    audit::test::writeText(path,
                           "case_ref,template,template_version,auditor,completed_date,question_id,answer,colour\n"
                           "C1,cin-cp,3,A,20/11/2026,hist-chronology,Yes,red\n");
    std::vector<Problem> ps;
    readBulkCsv(path, catalogue(), ps);
    BOOST_TEST(hasProblem(ps, "line 1", "unknown column 'colour'"), dumpProblems(ps));

    audit::test::writeText(path,
                           "case_ref,template,template_version,auditor,completed_date,question_id,answer\n"
                           "C1,cin-cp,2,A,20/11/2026,hist-chronology,Yes\n"
                           "C2,cin-cp,3,A,20/11/2026,hist-chronology,Yes\n"
                           "C2,cin-cp,3,B,20/11/2026,hist-genogram,Yes\n");
    ps.clear();
    auto returns = readBulkCsv(path, catalogue(), ps);
    BOOST_TEST(hasProblem(ps, "line 2", "a version this toolkit does not have"), dumpProblems(ps));
    BOOST_TEST(hasProblem(ps, "line 4", "auditor 'B' differs from 'A'"), dumpProblems(ps));
    BOOST_TEST(returns.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(files_and_folders)

BOOST_AUTO_TEST_CASE(bad_files_among_good_ones) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("returns/sub"));
    writeCsv(dir.file("returns/a.csv"), {makeReturn("C40")});
    writeCsv(dir.file("returns/sub/b.csv"), {makeReturn("C41")});
    audit::test::writeText(dir.file("returns/notazip.xlsx"), "this is not a workbook\n");
    audit::test::writeText(dir.file("returns/~$lock.xlsx"), "lock file, skipped\n");
    audit::test::writeText(dir.file("returns/readme.txt"), "skipped\n");
    // A truncated zip: the start of a real one.
    {
        std::ofstream z(dir.file("returns/truncated.xlsx"), std::ios::binary);
        z << std::string("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10) << std::string(200, 'x');
    }
    Store store(dir.file("audit.db"));
    auto rep = importReturns(store, catalogue(), {dir.file("returns")}, thematic());
    BOOST_TEST(rep.files.size() == 4u);
    BOOST_TEST(rep.imported == 2u);
    BOOST_TEST(rep.rejected == 2u);
    for (const auto& f : rep.files)
        if (f.kind == "xlsx") {
            BOOST_TEST((f.outcome == ImportOutcome::Rejected));
            BOOST_TEST(!f.problems.empty());
        }
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM audit") == 2);
}

BOOST_AUTO_TEST_CASE(missing_path_is_no_input) {
    BOOST_CHECK_EXCEPTION(expandReturnPaths({"/nonexistent/returns"}), Error,
                          [](const Error& e) { return e.kind() == ErrorKind::NoInput; });
}

BOOST_AUTO_TEST_SUITE_END()
