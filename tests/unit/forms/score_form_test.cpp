// Returned XLSX forms (audit/score_import.h readFormReturn + importReturns) as written by three programs: our
// renderer (libxlsxwriter), openpyxl (load a blank form, fill it, save) and LibreOffice (re-save a filled form):
// all three give identical scores. Every rejection path of a form, and bad files among good ones.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "audit/forms/form.h"
#include "audit/forms/score_import.h"
#include "audit/store/store.h"
#include "audit/forms/template.h"
#include "test_support.h"

using namespace audit;
using audit::test::TempDir;
namespace fs = std::filesystem;

namespace {

// These stores hold no draw: the returns are imported as thematic audits (outside any sample).
ImportOptions thematic() {
    ImportOptions o;
    o.unsampled = true;
    return o;
}

using audit::test::catalogue;
const Template& cincp() { return catalogue().getTemplate("cin-cp", 3); }
const Framework& fw() { return catalogue().frameworkOf(cincp()); }

FormCase kase(const std::string& ref) {
    FormCase c;
    c.caseRef = ref;
    c.team = "CP East";
    c.worker = "S. Worker";
    c.category = "CP";
    c.auditor = "A. Auditor";
    c.auditDate = "2026-11-20";
    return c;
}

// A filled return: mostly Yes, a limiting No (seen alone), an N/A, a Partly, one generous domain grade with its
// rationale, an action.
AuditInput filled() {
    AuditInput in;
    for (const auto& sec : cincp().sections)
        for (const auto& q : sec.questions) {
            in.answers[q.id] = "Yes";
            in.evidence[q.id] = "Seen on file, " + q.id + ".";
        }
    in.answers["assess-seen-alone"] = "No";
    in.answers["assess-siblings"] = "Not applicable";
    in.answers["plan-contingency"] = "Partly";
    ScoreResult s = score(cincp(), fw(), in);
    for (const auto& d : s.domains) in.domainGrades[d.domain] = fw().grade(*d.computed)->label;
    in.domainGrades["assessment"] = "Good";  // computed: Requires improvement (seen alone = No)
    in.domainRationales["assessment"] = "Strong analysis; seen alone is planned for next week.";
    s = score(cincp(), fw(), in);
    in.overallGrade = fw().grade(*s.overall.computed)->label;
    in.strengths = "The worker knows the child well.";
    in.actions.push_back({"See the child alone and record their views", "S. Worker", "2026-12-04"});
    return in;
}

// openpyxl: open `in`, set cells named by identity keys (answer.<q>, grade.<d>, cell.audit_date, action.1.owner,
// ...; "identity:<key>" sets the identity sheet's value), save as `out`. Values "date:YYYY-MM-DD" become dates.
const char* kFill = R"(
import sys, json, datetime, openpyxl
src, dst, values = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
wb = openpyxl.load_workbook(src)
ident = wb["Form"]
cells = {}
rows = {}
for row in ident.iter_rows(min_row=1):
    if row[0].value is not None:
        cells[str(row[0].value)] = row[1].value
        rows[str(row[0].value)] = row[1]
ws = wb[cells.get("sheet") or "Audit"]
for key, value in values.items():
    if isinstance(value, str) and value.startswith("date:"):
        value = datetime.datetime.strptime(value[5:], "%Y-%m-%d")
    if key.startswith("identity:"):
        rows[key[9:]].value = value
    else:
        ws[cells[key]].value = value
wb.save(dst)
)";

std::string json(const std::map<std::string, std::string>& m) {
    std::string s = "{";
    for (const auto& [k, v] : m) {
        if (s.size() > 1) s += ",";
        s += "\"" + k + "\":\"" + v + "\"";
    }
    return s + "}";
}

// The whole filled return as identity-key → value, for openpyxl.
std::map<std::string, std::string> asCells(const AuditInput& in) {
    std::map<std::string, std::string> m;
    for (const auto& [q, a] : in.answers) m["answer." + q] = a;
    for (const auto& [q, e] : in.evidence) m["evidence." + q] = e;
    for (const auto& [d, g] : in.domainGrades) m["grade." + d] = g;
    for (const auto& [d, r] : in.domainRationales) m["rationale." + d] = r;
    m["overall.grade"] = in.overallGrade;
    if (!in.overallRationale.empty()) m["overall.rationale"] = in.overallRationale;
    m["strengths"] = in.strengths;
    for (std::size_t i = 0; i < in.actions.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        m["action." + n + ".action"] = in.actions[i].action;
        m["action." + n + ".owner"] = in.actions[i].owner;
        m["action." + n + ".due"] = "date:" + in.actions[i].due;
    }
    m["cell.audit_date"] = "date:2026-11-20";
    return m;
}

void fillWithOpenpyxl(const std::string& in, const std::string& out, const std::map<std::string, std::string>& values) {
    auto r = audit::test::runPython(kFill, {in, out, json(values)});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
}

std::string blankForm(const TempDir& dir, const std::string& ref) {
    const std::string p = dir.file(ref + "-blank.xlsx");
    writeFormXlsx(cincp(), fw(), kase(ref), nullptr, p);
    return p;
}

// judgement and answer rows of the latest audit, as text, without ids.
std::string scores(Store& store) {
    std::string s;
    for (const auto& r : store.query("SELECT j.domain, j.computed_grade, j.computed_score, j.limited_by, j.auditor_grade, "
                                     "j.rationale, j.disagrees FROM judgement j JOIN audit_latest a ON a.id = j.audit_id "
                                     "ORDER BY j.domain"))
        s += r.text("domain") + "|" + r.text("computed_grade") + "|" + r.text("computed_score") + "|" +
             r.text("limited_by") + "|" + r.text("auditor_grade") + "|" + r.text("rationale") + "|" +
             r.text("disagrees") + "\n";
    for (const auto& r : store.query("SELECT n.question_id, n.answer, n.score, n.evidence FROM answer n JOIN audit_latest a "
                                     "ON a.id = n.audit_id ORDER BY n.question_id"))
        s += r.text("question_id") + "|" + r.text("answer") + "|" + r.text("score") + "|" + r.text("evidence") + "\n";
    for (const auto& r : store.query("SELECT action_no, description, owner, due_date, status FROM action ORDER BY action_no"))
        s += r.text("description") + "|" + r.text("owner") + "|" + r.text("due_date") + "|" + r.text("status") + "\n";
    for (const auto& r : store.query("SELECT form_id, case_ref, auditor, team, completed_date, strengths FROM audit_latest"))
        s += r.text("form_id") + "|" + r.text("case_ref") + "|" + r.text("auditor") + "|" + r.text("team") + "|" +
             r.text("completed_date") + "|" + r.text("strengths") + "\n";
    return s;
}

ImportReport importOne(Store& store, const std::string& path) { return importReturns(store, catalogue(), {path}, thematic()); }

std::string problems(const ImportReport& rep) {
    std::string s;
    for (const auto& f : rep.files)
        for (const auto& p : f.problems) s += p.str() + "\n";
    return s;
}

bool mentions(const ImportReport& rep, const std::string& part) { return problems(rep).find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(three_writers_give_identical_scores) {
    TempDir dir;
    const AuditInput in = filled();
    // 1. our renderer, filled
    const std::string ours = dir.file("ours.xlsx");
    writeFormXlsx(cincp(), fw(), kase("C1042"), &in, ours);
    // 2. openpyxl: a blank form filled and saved
    const std::string py = dir.file("openpyxl.xlsx");
    fillWithOpenpyxl(blankForm(dir, "C1042"), py, asCells(in));
    // 3. LibreOffice: the openpyxl-filled form re-saved
    fs::create_directories(dir.file("lo"));
    auto conv = audit::test::libreofficeConvert(py, "xlsx:Calc MS Excel 2007 XML", dir.file("lo"));
    BOOST_REQUIRE_MESSAGE(conv.exitCode == 0, conv.err);
    const std::string lo = dir.file("lo/openpyxl.xlsx");
    BOOST_REQUIRE(fs::exists(lo));

    std::string first;
    for (const auto& path : {ours, py, lo}) {
        Store store(":memory:");
        auto rep = importOne(store, path);
        BOOST_TEST_REQUIRE(rep.imported == 1u, path << ":\n" << problems(rep));
        const std::string s = scores(store);
        if (first.empty()) {
            first = s;
            // The limiting item capped assessment; N/A left out; the auditor departs there with a rationale.
            BOOST_TEST(s.find("assessment|Requires improvement|") != std::string::npos, s);
            BOOST_TEST(s.find("assess-seen-alone=no|Good|Strong analysis") != std::string::npos, s);
            BOOST_TEST(s.find("assess-siblings|Not applicable||") != std::string::npos, s);
            BOOST_TEST(s.find("See the child alone and record their views|S. Worker|2026-12-04|open") != std::string::npos, s);
            BOOST_TEST(s.find("|C1042|A. Auditor|CP East|2026-11-20|The worker knows the child well.") != std::string::npos, s);
        } else {
            BOOST_TEST(s == first, path);
        }
    }
}

BOOST_AUTO_TEST_CASE(identical_file_again_and_a_corrected_form) {
    TempDir dir;
    Store store(dir.file("audit.db"));
    const AuditInput in = filled();
    const std::string path = dir.file("C7.xlsx");
    writeFormXlsx(cincp(), fw(), kase("C7"), &in, path);
    BOOST_TEST(importOne(store, path).imported == 1u);
    const std::string before = scores(store);
    auto again = importOne(store, path);
    BOOST_TEST(again.unchanged == 1u);
    BOOST_TEST(again.imported == 0u);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit").value() == 1);
    // The same return re-saved by openpyxl: different bytes, same content: unchanged.
    fillWithOpenpyxl(path, dir.file("C7-resaved.xlsx"), {});
    BOOST_TEST(importOne(store, dir.file("C7-resaved.xlsx")).unchanged == 1u);
    // A corrected form: a new version, which counts.
    fillWithOpenpyxl(path, dir.file("C7-v2.xlsx"), {{"evidence.hist-chronology", "Chronology updated 21/11/2026."}});
    auto v2 = importOne(store, dir.file("C7-v2.xlsx"));
    BOOST_TEST(v2.imported == 1u, problems(v2));
    BOOST_TEST(v2.newVersions == 1u);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT version FROM audit_latest").value() == 2);
    BOOST_TEST(scores(store).find("Chronology updated 21/11/2026.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_rejection_path_of_a_form) {
    TempDir dir;
    const AuditInput in = filled();
    const std::string good = dir.file("good.xlsx");
    writeFormXlsx(cincp(), fw(), kase("C9"), &in, good);
    const FormLayout L = formLayout(cincp(), fw());
    auto at = [&](Field f, const std::string& id) { return L.place(f, id); };

    struct Case {
        std::string name;
        std::map<std::string, std::string> change;
        std::string expect;
    };
    const std::vector<Case> cases = {
        {"unknown-answer", {{"answer.hist-chronology", "Maybe"}},
         at(Field::Answer, "hist-chronology") +
             ": 'Maybe' is not an answer of template cin-cp v3 (expected Yes, Partly, No, Not applicable)"},
        {"missing-answer", {{"answer.risk-named", ""}}, at(Field::Answer, "risk-named") + ": question risk-named is required"},
        {"missing-rationale", {{"rationale.assessment", ""}},
         at(Field::DomainRationale, "assessment") + ": a rationale is required for"},
        {"bad-date", {{"cell.audit_date", "31/02/2026"}}, "'31/02/2026' is not a valid completed date"},
        {"action-no-owner", {{"action.1.owner", ""}}, "action 1 has no owner"},
        {"action-no-due", {{"action.1.due", ""}}, "action 1 has no due date"},
        {"action-bad-due", {{"action.1.due", "next week"}}, "action 1: 'next week' is not a valid due date"},
        {"wrong-version", {{"identity:template_version", "2"}}, "template cin-cp v2, a version this toolkit does not have"},
    };
    for (const auto& c : cases) {
        const std::string path = dir.file(c.name + ".xlsx");
        fillWithOpenpyxl(good, path, c.change);
        Store store(":memory:");
        const std::string before = store.dump();
        auto rep = importOne(store, path);
        BOOST_TEST(rep.rejected == 1u, c.name);
        BOOST_TEST(mentions(rep, c.expect), c.name << ": expected '" << c.expect << "' in\n" << problems(rep));
        BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit").value() == 0, c.name);
    }

    // Several problems at once: all listed.
    fillWithOpenpyxl(good, dir.file("many.xlsx"),
                     {{"answer.hist-chronology", "Maybe"}, {"answer.risk-named", ""}, {"action.1.owner", ""}});
    Store store(":memory:");
    auto rep = importOne(store, dir.file("many.xlsx"));
    BOOST_TEST(rep.files[0].problems.size() == 3u, problems(rep));
}

BOOST_AUTO_TEST_CASE(foreign_truncated_and_not_a_zip_among_good_ones) {
    TempDir dir;
    fs::create_directories(dir.file("returns"));
    const AuditInput in = filled();
    writeFormXlsx(cincp(), fw(), kase("C1"), &in, dir.file("returns/C1.xlsx"));
    writeFormXlsx(cincp(), fw(), kase("C2"), &in, dir.file("returns/C2.xlsx"));
    // A workbook that is not one of our forms.
    auto r = audit::test::runPython("import sys, openpyxl\nwb = openpyxl.Workbook()\nwb.active['A1'] = 'case list'\n"
                                    "wb.save(sys.argv[1])\n",
                                    {dir.file("returns/foreign.xlsx")});
    BOOST_REQUIRE(r.exitCode == 0);
    // A form cut short.
    {
        const std::string whole = audit::test::readText(dir.file("returns/C1.xlsx"));
        std::ofstream t(dir.file("returns/truncated.xlsx"), std::ios::binary);
        t << whole.substr(0, whole.size() / 2);
    }
    audit::test::writeText(dir.file("returns/notazip.xlsx"), "case_ref,answer\nC1,Yes\n");

    Store store(dir.file("audit.db"));
    auto rep = importReturns(store, catalogue(), {dir.file("returns")}, thematic());
    BOOST_TEST(rep.files.size() == 5u);
    BOOST_TEST(rep.imported == 2u, problems(rep));
    BOOST_TEST(rep.rejected == 3u);
    for (const auto& f : rep.files) {
        const std::string name = fs::path(f.file).filename().string();
        if (name == "foreign.xlsx") BOOST_TEST(mentions(rep, "foreign.xlsx: not an audit form of this toolkit"), problems(rep));
        if (name == "truncated.xlsx" || name == "notazip.xlsx")
            BOOST_TEST((f.outcome == ImportOutcome::Rejected), name);
    }
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM audit").value() == 2);
    BOOST_TEST(store.scalar<std::int64_t>("SELECT COUNT(*) FROM import_log WHERE outcome = 'rejected'").value() == 3);
}
