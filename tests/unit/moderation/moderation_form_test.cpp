// XLSX moderation forms (audit/moderation_form.h): rendered from real audits (audit forms written, imported by
// audit-score's importer), blind forms free of the auditor's judgements, filled by openpyxl, re-saved by
// LibreOffice, and every way a returned form is rejected. Also the framework's scale (Signs of Safety 0-10).
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/demo/demo_moderation.h"
#include "audit/base/error.h"
#include "audit/forms/form.h"
#include "audit/moderation/moderation.h"
#include "audit/moderation/moderation_form.h"
#include "audit/forms/score_import.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "audit/io/xlsx_reader.h"
#include "test_support.h"

using namespace audit;
using namespace audit::moderation;
using audit::test::TempDir;
namespace fs = std::filesystem;

namespace {

using audit::test::catalogue;

std::string bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// An audit of `templateId` for case `ref` by `auditor`, period 2026-11: every answer Yes with evidence, the
// domain grades as computed, written as a form and imported as audit-score does.
void addAudit(Store& store, const TempDir& dir, const std::string& templateId, const std::string& ref,
              const std::string& auditor) {
    const Template& tpl = catalogue().getTemplate(templateId);
    const Framework& fw = catalogue().frameworkOf(tpl);
    AuditInput in;
    for (const auto& sec : tpl.sections)
        for (const auto& q : sec.questions) {
            in.answers[q.id] = "Yes";
            in.evidence[q.id] = "Evidence " + q.id + " on file.";
        }
    const ScoreResult s = score(tpl, fw, in);
    for (const auto& d : s.domains) in.domainGrades[d.domain] = fw.grade(*d.computed)->label;
    in.overallGrade = fw.grade(*score(tpl, fw, in).overall.computed)->label;
    in.domainRationales[tpl.sections.front().domain] = "RATIONALE-MARKER for " + ref;
    in.overallRationale = "OVERALL-RATIONALE-MARKER";
    in.strengths = "STRENGTHS-MARKER";
    FormCase c;
    c.caseRef = ref;
    c.team = "CP East";
    c.worker = "S. Worker";
    c.category = "CP";
    c.auditor = auditor;
    c.auditDate = "2026-11-20";
    const std::string path = dir.file(ref + "-audit.xlsx");
    writeFormXlsx(tpl, fw, c, &in, path);
    ImportOptions unsampled;
    unsampled.unsampled = true;  // the test's store has no audit draw
    const ImportReport rep = importReturns(store, catalogue(), {path}, unsampled);
    const std::string why = rep.files.front().problems.empty() ? "" : rep.files.front().problems.front().str();
    BOOST_REQUIRE_MESSAGE(rep.imported == 1u, why);
}

// A moderation draw of every audit of 2026-11, moderated by M1.
std::int64_t draw(Store& store, const std::string& framework, bool blind = true) {
    const auto scale = frameworkScale(catalogue(), framework);
    const auto candidates = loadCandidates(store, "2026-11", scale);
    SamplePolicy p;
    p.fraction = 1;
    p.blind = blind;
    p.framework = framework;
    Random r(5);
    const Sample s = drawSample(candidates, p, r);
    const auto mods = allocateModerators(candidates, s, {{"M1", 100}});
    return recordDraw(store, "2026-11", 5, p, scale, candidates, s, mods);
}

// Fills a form with openpyxl through its identity sheet: values maps identity keys (moderator_grade._overall,
// cell.moderator ...) to values; "date:YYYY-MM-DD" writes a date, "num:7" a number.
const char* kFill = R"PY(
import sys, json, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ident = {r[0].value: r[1].value for r in wb["Form"].iter_rows(min_row=2) if r[0].value}
ws = wb[ident["sheet"]]
for key, value in json.loads(sys.argv[3]).items():
    cell = ident[key]
    if value.startswith("date:"):
        ws[cell] = datetime.date.fromisoformat(value[5:])
    elif value.startswith("num:"):
        ws[cell] = int(value[4:])
    else:
        ws[cell] = value
wb.save(sys.argv[2])
)PY";

std::string json(const std::map<std::string, std::string>& m) {
    std::string s = "{";
    for (const auto& [k, v] : m) s += (s.size() > 1 ? "," : "") + std::string("\"") + k + "\":\"" + v + "\"";
    return s + "}";
}

void fill(const std::string& in, const std::string& out, const std::map<std::string, std::string>& values) {
    auto r = audit::test::runPython(kFill, {in, out, json(values)});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
}

// Agrees with the auditor on every domain of a form (grades read from the store), except `changes`.
std::map<std::string, std::string> agreeing(Store& store, const ModerationForm& f,
                                            const std::map<std::string, std::string>& changes = {}) {
    std::map<std::string, std::string> v = {{"cell.moderated_date", "date:2026-12-02"}};
    for (const auto& d : f.domains) {
        const auto g = store.scalar<std::string>(
            "SELECT j.auditor_grade FROM judgement j JOIN audit_latest a ON a.id = j.audit_id WHERE a.form_id = ? AND "
            "j.domain = ?",
            f.auditFormId, d.domain);
        v["moderator_grade." + d.domain] = g.value_or("");
        v["agreed_grade." + d.domain] = g.value_or("");
        v["reason_code." + d.domain] = "agreed";
    }
    for (const auto& [k, x] : changes) v[k] = x;
    return v;
}

std::string problemsOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        BOOST_TEST((e.kind() == ErrorKind::Data));
        return e.what();
    }
    return "(no error)";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

void csvFileOf(const TempDir& dir, const DemoModeration& demo) {
    std::string text;
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            std::string c = cells[i];
            if (c.find_first_of(",\"\n") != std::string::npos) {
                std::string q = "\"";
                for (char ch : c) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
                c = q + "\"";
            }
            text += (i ? "," : "") + c;
        }
        text += "\n";
    };
    line(demo.header);
    for (const auto& r : demo.rows) line(r);
    test::writeText(dir.file("demo.csv"), text);
}

}  // namespace

BOOST_AUTO_TEST_CASE(forms_show_the_audit_by_domain_and_name_every_input_cell) {
    TempDir dir;
    Store store(dir.file("a.db"));
    addAudit(store, dir, "cin-cp", "C1", "A1");
    const auto d = draw(store, "ofsted-four-point");
    const auto forms = loadDrawForms(store, catalogue(), d);
    BOOST_REQUIRE(forms.size() == 1u);
    const ModerationForm& f = forms[0];
    BOOST_TEST(f.formId == "M-" + f.auditFormId);
    BOOST_TEST(f.moderator == "M1");
    BOOST_TEST(f.blind);
    const Template& tpl = catalogue().getTemplate("cin-cp");
    BOOST_REQUIRE(f.domains.size() == tpl.sections.size() + 1);
    BOOST_TEST(f.domains.back().domain == "_overall");
    BOOST_TEST(f.domains[0].domain == tpl.sections[0].domain);
    BOOST_TEST(f.domains[0].questions.size() == tpl.sections[0].questions.size());
    BOOST_TEST(f.domains[0].questions[0].number == "1.1");
    BOOST_TEST(contains(f.domains[0].questions[0].evidence, "on file"));
    for (const auto& x : f.domains) {  // blind: nothing of the auditor's judgement is loaded
        BOOST_TEST(x.auditorGrade.empty());
        BOOST_TEST(x.computedGrade.empty());
        BOOST_TEST(x.rationale.empty());
        for (const auto& q : x.questions) BOOST_TEST(q.answer.empty());
    }
    const auto identity = moderationIdentity(f);
    std::map<std::string, std::string> id(identity.begin(), identity.end());
    BOOST_TEST(id["kind"] == "moderation");
    BOOST_TEST(id["mode"] == "blind");
    BOOST_TEST(id["draw_id"] == std::to_string(d));
    BOOST_TEST(id["audit_form_id"] == f.auditFormId);
    BOOST_TEST(id["framework_id"] == "ofsted-four-point");
    for (const auto& x : f.domains)
        for (const char* k : {"moderator_grade.", "reason_code.", "reason.", "agreed_grade."})
            BOOST_TEST(CellRef::parse(id[k + x.domain]).has_value(), k << x.domain);
    // the written workbook: the hidden identity sheet and the cells it names
    const std::string path = dir.file("m.xlsx");
    writeModerationForm(f, *catalogue().framework("ofsted-four-point"), path);
    xlsx::Reader r(path);
    BOOST_REQUIRE(r.findSheet("Form"));
    BOOST_TEST((r.findSheet("Form")->state == xlsx::SheetState::Hidden));
    const auto sheet = r.sheet("Moderation");
    BOOST_TEST(sheet.cell(id["cell.moderator"]).str() == "M1");
    BOOST_TEST(sheet.cell("A" + std::to_string(CellRef::parse(id["moderator_grade._overall"])->row + 1)).str() == "");
    // same inputs, same bytes
    writeModerationForm(f, *catalogue().framework("ofsted-four-point"), dir.file("m2.xlsx"));
    BOOST_TEST((bytes(path) == bytes(dir.file("m2.xlsx"))));
}

BOOST_AUTO_TEST_CASE(blind_forms_hold_nothing_of_the_auditors_judgement) {
    TempDir dir;
    Store store(dir.file("a.db"));
    addAudit(store, dir, "cin-cp", "C1", "A1");
    const auto d = draw(store, "ofsted-four-point");
    const Framework& fw = *catalogue().framework("ofsted-four-point");
    const std::string blind1 = dir.file("blind1.xlsx"), blind2 = dir.file("blind2.xlsx"), open = dir.file("open.xlsx");
    writeModerationForm(loadDrawForms(store, catalogue(), d)[0], fw, blind1);
    writeModerationForm(loadDrawForms(store, catalogue(), d, false)[0], fw, open);
    // Change every judgement of the audit: grades, answers, rationales, strengths. The blind form is the same.
    store.exec("UPDATE judgement SET auditor_grade = 'Inadequate', computed_grade = 'Inadequate', rationale = 'other'");
    store.exec("UPDATE answer SET answer = 'no'");
    store.exec("UPDATE audit SET strengths = 'other'");
    writeModerationForm(loadDrawForms(store, catalogue(), d)[0], fw, blind2);
    BOOST_TEST((bytes(blind1) == bytes(blind2)));
    BOOST_TEST((bytes(blind1) != bytes(open)));
    // Every part of the zip: no rationale, no strengths, and no cell (in any sheet) holding a grade.
    auto scan = audit::test::runPython(R"PY(
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
print("markers" if "MARKER" in text else "clean")
grades = {"Inadequate", "Requires improvement", "Good", "Outstanding"}
cells = []
for n in z.namelist():
    if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml":
        for c in re.findall(r"<c [^>]*>(.*?)</c>", z.read(n).decode(), re.S) + re.findall(r"<si>(.*?)</si>", z.read(n).decode(), re.S):
            t = "".join(re.findall(r"<[tv][^>]*>([^<]*)</[tv]>", c))
            if t in grades: cells.append(t)
print(len(cells))
)PY",
                                         {blind1});
    BOOST_REQUIRE_MESSAGE(scan.exitCode == 0, scan.err);
    BOOST_TEST(scan.out == "clean\n0\n");
    auto openScan = audit::test::runPython(R"PY(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
vals = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
print(sum(1 for v in vals if "RATIONALE-MARKER" in v), sum(1 for v in vals if v == "Outstanding" or v == "Good"))
)PY",
                                           {open});
    BOOST_REQUIRE_MESSAGE(openScan.exitCode == 0, openScan.err);
    BOOST_TEST(openScan.out != "0 0\n");
    BOOST_TEST(contains(openScan.out, "2 "));  // the domain's and the overall rationale
}

BOOST_AUTO_TEST_CASE(filled_by_openpyxl_imported_and_resaved_by_libreoffice_unchanged) {
    TempDir dir;
    Store store(dir.file("a.db"));
    addAudit(store, dir, "cin-cp", "C1", "A1");
    const auto d = draw(store, "ofsted-four-point");
    const auto paths = writeDrawForms(store, catalogue(), d, std::nullopt, dir.file("forms"));
    BOOST_REQUIRE(paths.size() == 1u);
    BOOST_TEST(fs::path(paths[0]).parent_path().filename() == "M1");
    const ModerationForm f = loadDrawForms(store, catalogue(), d)[0];
    const std::string filled = dir.file("filled.xlsx");
    fill(paths[0], filled,
         agreeing(store, f,
                  {{"moderator_grade._overall", "Requires improvement"},
                   {"agreed_grade._overall", "Good"},
                   {"reason_code._overall", "Over-generous"},
                   {"reason._overall", "Drift in planning not weighed"}}));
    const ModerationReturn m = readModerationForm(filled);
    BOOST_TEST(m.formId == f.formId);
    BOOST_TEST(m.moderator == "M1");
    BOOST_REQUIRE(m.grades.size() == f.domains.size());
    BOOST_TEST(m.grades.back().moderatorGrade == "Requires improvement");
    BOOST_TEST(m.grades.back().date == "2026-12-02");
    BOOST_TEST(contains(m.grades.back().at("reason"), "sheet 'Moderation', cell F"));

    // The form carries its store's id; another store holding the same audit refuses it and stores nothing.
    BOOST_TEST(m.storeId == store.storeId());
    {
        Store other(dir.file("b.db"));
        addAudit(other, dir, "cin-cp", "C1", "A1");
        const std::string e = problemsOf([&] { importForm(other, catalogue(), filled); });
        BOOST_TEST(contains(e, "filled.xlsx: sheet 'Form', cell B"), e);
        BOOST_TEST(contains(e, "made by another store (its store id " + m.storeId), e);
        BOOST_TEST(other.scalar<std::int64_t>("SELECT COUNT(*) FROM moderation").value() == 0);
    }
    const auto first = importForm(store, catalogue(), filled);
    BOOST_TEST(first.imported == 1u);
    BOOST_TEST(first.rows == f.domains.size());
    BOOST_TEST(store.scalar<std::string>("SELECT agreed_grade FROM moderation_latest WHERE domain = '_overall'").value() ==
               "Good");
    BOOST_TEST(store.scalar<std::string>("SELECT reason_code FROM moderation_latest WHERE domain = '_overall'").value() ==
               "over-generous");
    BOOST_TEST(store.scalar<std::string>("SELECT mode FROM moderation_latest WHERE domain = '_overall'").value() == "blind");
    BOOST_TEST(store.scalar<std::int64_t>("SELECT draw_id FROM moderation_latest WHERE domain = '_overall'").value() == d);
    BOOST_TEST(importForm(store, catalogue(), filled).unchanged == 1u);  // the same file

    fs::create_directories(dir.file("lo"));
    auto conv = audit::test::libreofficeConvert(filled, "xlsx:Calc MS Excel 2007 XML", dir.file("lo"));
    BOOST_REQUIRE_MESSAGE(conv.exitCode == 0, conv.err);
    const std::string lo = dir.file("lo/filled.xlsx");
    BOOST_REQUIRE(fs::exists(lo));
    BOOST_TEST((bytes(lo) != bytes(filled)));
    const auto again = importForm(store, catalogue(), lo);  // other bytes, same content
    BOOST_TEST(again.unchanged == 1u);
    BOOST_TEST(again.rows == 0u);

    const std::string changed = dir.file("changed.xlsx");
    fill(filled, changed, {{"agreed_grade._overall", "Requires improvement"}});
    const auto v2 = importForm(store, catalogue(), changed);
    BOOST_TEST(v2.newVersions == 1u);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT MAX(version) FROM moderation_latest").value() == 2);

    // Open, once the blind grades are in: the moderator's entries beside the auditor's grades.
    const ModerationForm open = loadDrawForms(store, catalogue(), d, false)[0];
    BOOST_TEST(!open.blind);
    BOOST_TEST(open.moderatedDate == "2026-12-02");
    BOOST_TEST(open.domains.back().moderatorGrade == "Requires improvement");
    BOOST_TEST(open.domains.back().agreedGrade == "Requires improvement");
    BOOST_TEST(!open.domains.back().auditorGrade.empty());
    const auto openPaths = writeDrawForms(store, catalogue(), d, false, dir.file("open"));
    // agreed on Good after all, and the first domain's grade changed with the auditor's grade in view
    const std::string first0 = f.domains.front().domain;
    fill(openPaths[0], dir.file("agreed.xlsx"),
         {{"agreed_grade._overall", "Good"},
          {"moderator_grade." + first0, "Inadequate"},
          {"agreed_grade." + first0, "Inadequate"},
          {"reason_code." + first0, "evidence-missed"},
          {"reason." + first0, "Chronology missing"}});
    BOOST_TEST(importForm(store, catalogue(), dir.file("agreed.xlsx")).newVersions == 1u);
    BOOST_TEST(store.scalar<std::string>("SELECT mode FROM moderation_latest WHERE domain = '_overall'").value() ==
               "blind");  // the moderator's grade was given blind
    BOOST_TEST(store.scalar<std::string>("SELECT mode FROM moderation_latest WHERE domain = ?", first0).value() ==
               "open");
    BOOST_TEST(store.scalar<std::string>("SELECT agreed_grade FROM moderation_latest WHERE domain = '_overall'").value() ==
               "Good");
}

BOOST_AUTO_TEST_CASE(bad_forms_are_rejected_with_file_sheet_and_cell_and_store_nothing) {
    TempDir dir;
    Store store(dir.file("a.db"));
    addAudit(store, dir, "cin-cp", "C1", "A1");
    const auto d = draw(store, "ofsted-four-point");
    const auto paths = writeDrawForms(store, catalogue(), d, std::nullopt, dir.file("forms"));
    const ModerationForm f = loadDrawForms(store, catalogue(), d)[0];
    const auto identity = moderationIdentity(f);
    std::map<std::string, std::string> id(identity.begin(), identity.end());
    const std::string domain = f.domains.front().domain;

    // an unknown grade, a change without a reason, an unknown reason code
    const std::string bad = dir.file("bad.xlsx");
    fill(paths[0], bad,
         agreeing(store, f,
                  {{"moderator_grade._overall", "Brilliant"},
                   {"moderator_grade." + domain, "Inadequate"},
                   {"agreed_grade." + domain, "Inadequate"},
                   {"reason_code." + domain, "over-generous"},
                   {"agreed_grade." + f.domains[1].domain, "Inadequate"},
                   {"reason." + f.domains[1].domain, "x"}}));
    std::string e = problemsOf([&] { importForm(store, catalogue(), bad); });
    BOOST_TEST(contains(e, bad + ": sheet 'Moderation', cell " + id["moderator_grade._overall"] +
                               ": the moderator's grade 'Brilliant' is not a grade of ofsted-four-point"));
    BOOST_TEST(contains(e, bad + ": sheet 'Moderation', cell " + id["reason." + domain] +
                               ": the moderator's grade differs from the auditor's"));
    // the moderator blanked and an agreed change coded 'agreed'
    const std::string bad2 = dir.file("bad2.xlsx");
    BOOST_TEST(contains(e, "cell " + id["reason_code." + f.domains[1].domain] + ": the moderator's grade ("));
    BOOST_TEST(contains(e, ", agreed Inadequate) differs from the auditor's"));
    // the moderator's name blanked
    fill(paths[0], bad2, agreeing(store, f, {{"cell.moderator", ""}}));
    e = problemsOf([&] { importForm(store, catalogue(), bad2); });
    BOOST_TEST(contains(e, "cell " + id["cell.moderator"] + ": the moderator's name is blank"));

    // an audit form given as a moderation form
    const std::string auditForm = dir.file("C1-audit.xlsx");
    e = problemsOf([&] { importForm(store, catalogue(), auditForm); });
    BOOST_TEST(contains(e, "this is an audit form"));
    BOOST_TEST(contains(e, "import it with audit-score import"));
    // and the other way round
    const ImportReport rep = importReturns(store, catalogue(), {paths[0]});
    BOOST_REQUIRE(rep.files.size() == 1u);
    BOOST_TEST(contains(rep.files[0].problems.at(0).message, "import it with audit-reconcile import"));
    // a foreign workbook, a truncated form, a text file, another layout version, a form of another store's draw
    auto r = audit::test::runPython(R"PY(
import sys, openpyxl
wb = openpyxl.Workbook(); wb.active["A1"] = "case_ref"; wb.save(sys.argv[2] + "/foreign.xlsx")
data = open(sys.argv[1], "rb").read(); open(sys.argv[2] + "/truncated.xlsx", "wb").write(data[: len(data) // 2])
open(sys.argv[2] + "/text.xlsx", "w").write("form_id,domain\n")
wb = openpyxl.load_workbook(sys.argv[1])
for row in wb["Form"].iter_rows(min_row=2):
    if row[0].value == "layout_version": row[1].value = "9"
wb.save(sys.argv[2] + "/layout9.xlsx")
wb = openpyxl.load_workbook(sys.argv[1])
for row in wb["Form"].iter_rows(min_row=2):
    if row[0].value == "draw_id": row[1].value = "999"
wb.save(sys.argv[2] + "/otherdraw.xlsx")
)PY",
                                      {paths[0], dir.path()});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    BOOST_TEST(contains(problemsOf([&] { importForm(store, catalogue(), dir.file("foreign.xlsx")); }),
                        "not a moderation form of this toolkit"));
    BOOST_TEST(contains(problemsOf([&] { importForm(store, catalogue(), dir.file("truncated.xlsx")); }),
                        "truncated.xlsx"));
    BOOST_TEST(contains(problemsOf([&] { importForm(store, catalogue(), dir.file("text.xlsx")); }), "text.xlsx"));
    BOOST_TEST(contains(problemsOf([&] { importForm(store, catalogue(), dir.file("layout9.xlsx")); }),
                        "sheet 'Form', cell B3: moderation form layout version '9' is not one this toolkit reads"));
    BOOST_TEST(contains(problemsOf([&] { importForm(store, catalogue(), dir.file("otherdraw.xlsx")); }),
                        "moderation draw 999 in the store did not draw audit"));

    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM moderation").value() == 0);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM import_log WHERE kind = 'moderation-form' AND "
                                          "outcome = 'rejected'")
                   .value() == 8);

    // A folder: the good form among the bad ones is imported, each bad one reported with its problems.
    fs::create_directories(dir.file("mixed"));
    fs::copy_file(bad, dir.file("mixed/bad.xlsx"));
    fs::copy_file(dir.file("foreign.xlsx"), dir.file("mixed/foreign.xlsx"));
    fill(paths[0], dir.file("mixed/good.xlsx"), agreeing(store, f));
    test::writeText(dir.file("mixed/moderation-returns.csv"), "not,a,return\n");  // CSV in a folder: left alone
    const auto results = importModerationFiles(store, catalogue(), {dir.file("mixed")});
    BOOST_REQUIRE(results.size() == 3u);
    BOOST_TEST(results[0].rejected);
    BOOST_TEST(results[1].rejected);
    BOOST_TEST(!results[2].rejected);
    BOOST_TEST(results[2].result.imported == 1u);
    BOOST_CHECK_THROW(expandModerationPaths({dir.file("nowhere")}), Error);
}

BOOST_AUTO_TEST_CASE(signs_of_safety_audits_are_moderated_on_their_own_scale) {
    TempDir dir;
    Store store(dir.file("a.db"));
    addAudit(store, dir, "sos-practice", "S1", "A1");
    addAudit(store, dir, "sos-practice", "S2", "A2");
    const auto d = draw(store, "signs-of-safety");
    const auto forms = loadDrawForms(store, catalogue(), d);
    BOOST_REQUIRE(forms.size() == 2u);
    BOOST_TEST(forms[0].frameworkId == "signs-of-safety");
    const auto paths = writeDrawForms(store, catalogue(), d, std::nullopt, dir.file("forms"));
    // the dropdown offers the framework's grades 10 .. 0
    auto dv = audit::test::runPython(R"PY(
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Moderation"]
print(sorted({v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"}))
)PY",
                                     {paths[0]});
    BOOST_REQUIRE_MESSAGE(dv.exitCode == 0, dv.err);
    BOOST_TEST(contains(dv.out, "10,9,8,7,6,5,4,3,2,1,0"));
    for (std::size_t i = 0; i < 2; ++i) {
        auto v = agreeing(store, forms[i]);
        const std::string was = v["moderator_grade._overall"];
        const int lower = std::stoi(was) - 2;  // two points lower: a number typed as a number
        v["moderator_grade._overall"] = "num:" + std::to_string(lower);
        v["agreed_grade._overall"] = std::to_string(lower);
        v["reason_code._overall"] = "threshold-misapplied";
        v["reason._overall"] = "Safety not demonstrated over time";
        fill(paths[i], dir.file("f" + std::to_string(i) + ".xlsx"), v);
        BOOST_TEST(importForm(store, catalogue(), dir.file("f" + std::to_string(i) + ".xlsx")).imported == 1u);
    }
    // an Ofsted grade is not a Signs of Safety grade
    auto v = agreeing(store, forms[0], {{"moderator_grade._overall", "Good"}});
    fill(paths[0], dir.file("bad.xlsx"), v);
    BOOST_TEST(contains(problemsOf([&] { importForm(store, catalogue(), dir.file("bad.xlsx")); }),
                        "'Good' is not a grade of signs-of-safety (expected"));
    // accuracy on the framework's 11 categories
    AccuracyOptions o;
    const PairSet set = loadPairs(store, o, catalogue());
    BOOST_TEST(set.framework == "signs-of-safety");
    BOOST_TEST(set.scale.size() == 11u);
    BOOST_REQUIRE(set.pairs.size() == 2u);
    BOOST_TEST(set.pairs[0].moderatorGrade + 2 == set.pairs[0].auditorGrade);
    const Accuracy acc = accuracy(set.pairs, o, set.scale.size());
    BOOST_TEST(acc.rows.front().table.q() == 11u);
    BOOST_TEST(*acc.rows.front().exact.value == 0.0);
    BOOST_TEST(*acc.rows.front().withinOne.value == 0.0);  // two points apart
    BOOST_TEST(acc.rows.front().down == 1u);

    // with Ofsted audits in the store too, accuracy wants a framework
    addAudit(store, dir, "cin-cp", "C9", "A3");
    const auto d2 = draw(store, "ofsted-four-point");
    const auto cforms = loadDrawForms(store, catalogue(), d2);
    for (const auto& f : cforms) {
        if (f.frameworkId != "ofsted-four-point") continue;
        const auto p = writeDrawForms(store, catalogue(), d2, std::nullopt, dir.file("forms2"));
        for (const auto& path : p)
            if (contains(path, f.formId)) {
                fill(path, dir.file("c9.xlsx"), agreeing(store, f));
                BOOST_TEST(importForm(store, catalogue(), dir.file("c9.xlsx")).imported == 1u);
            }
    }
    BOOST_CHECK_THROW(loadPairs(store, o, catalogue()), Error);
    o.framework = "ofsted-four-point";
    const PairSet ofsted = loadPairs(store, o, catalogue());
    BOOST_TEST(ofsted.scale.size() == 4u);
    BOOST_TEST(ofsted.pairs.size() == 1u);
}

BOOST_AUTO_TEST_CASE(demo_forms_store_what_the_demo_csv_stores) {
    TempDir dir;
    {
        Store store(dir.file("a.db"));
        for (int k = 0; k < 6; ++k) addAudit(store, dir, "cin-cp", "C" + std::to_string(k), "A" + std::to_string(k % 3));
        draw(store, "ofsted-four-point");
    }
    fs::copy_file(dir.file("a.db"), dir.file("b.db"));
    auto rows = [](Store& store) {
        std::string s;
        for (const auto& r : store.query("SELECT form_id, version, domain, moderator, moderator_grade, agreed_grade, "
                                         "reason_code, reason, mode, moderated_date, draw_id FROM moderation "
                                         "ORDER BY form_id, domain"))
            for (std::size_t c = 0; c < 11; ++c) s += r.text(c) + (c == 10 ? "\n" : "|");
        return s;
    };
    Store a(dir.file("a.db")), b(dir.file("b.db"));
    const auto demo = demoModeration(a, "2026-11", 9, agreement::GradeScale::ofsted4());
    const auto again = demoModeration(b, "2026-11", 9, agreement::GradeScale::ofsted4());
    BOOST_TEST((demo.rows == again.rows));
    csvFileOf(dir, demo);
    BOOST_TEST(importCsv(a, catalogue(), dir.file("demo.csv")).imported == 6u);
    const auto files = writeDemoModerationForms(b, catalogue(), again, dir.file("forms"));
    BOOST_TEST(files.size() == 6u);
    std::size_t imported = 0;
    for (const auto& r : importModerationFiles(b, catalogue(), {dir.file("forms")})) {
        BOOST_TEST(!r.rejected, r.file << ": " << (r.problems.empty() ? "" : r.problems.front().str()));
        imported += r.result.imported;
    }
    BOOST_TEST(imported == 6u);
    BOOST_TEST(rows(a) == rows(b));
    BOOST_TEST(!rows(a).empty());
    // the same seed, the same bytes
    const auto files2 = writeDemoModerationForms(b, catalogue(), again, dir.file("forms2"));
    for (std::size_t i = 0; i < files.size(); ++i) BOOST_TEST((bytes(files[i]) == bytes(files2[i])));
}
