#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/Zip/Decompress.h>

#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "audit/forms/form.h"
#include "audit/base/paths.h"
#include "audit/base/random.h"
#include "audit/base/text.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace audit;
using audit::test::TempDir;

namespace {
using audit::test::catalogue;

// A random return: most questions answered, some left blank; grades and rationales sometimes given.
AuditInput randomInput(const Template& t, const Framework& fw, Random& rng) {
    AuditInput in;
    for (const auto& s : t.sections) {
        for (const auto& q : s.questions) {
            auto k = rng.below(fw.answers.size() + 1);
            if (k < fw.answers.size()) in.answers[q.id] = fw.answers[k].label;
            if (rng.chance(0.3)) in.evidence[q.id] = "Seen on the file, case note of " + std::to_string(rng.between(1, 28)) + "/03/2026";
        }
        if (rng.chance(0.7)) in.domainGrades[s.domain] = fw.grades[rng.below(fw.grades.size())].label;
        if (rng.chance(0.5)) in.domainRationales[s.domain] = "Because the plan has no contingency";
    }
    if (rng.chance(0.8)) in.overallGrade = fw.grades[rng.below(fw.grades.size())].label;
    if (rng.chance(0.5)) in.overallRationale = "Weighing the domains";
    return in;
}

std::map<std::string, std::string> unzip(const std::string& xlsx, const std::string& dir) {
    std::ifstream in(xlsx, std::ios::binary);
    Poco::Zip::Decompress dec(in, Poco::Path(dir + "/"));
    dec.decompressAllFiles();
    std::map<std::string, std::string> parts;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::string text = test::readText(e.path().string());
        pugi::xml_document doc;
        if (doc.load_string(text.c_str())) {  // normalise the XML: same tree, same printing
            std::ostringstream os;
            doc.save(os, "  ", pugi::format_indent);
            text = os.str();
        }
        parts[fs::relative(e.path(), dir).string()] = text;
    }
    return parts;
}

FormCase sampleCase() {
    FormCase c;
    c.caseRef = "C100042";
    c.childRef = "P55501";
    c.team = "Safeguarding East";
    c.worker = "W017";
    c.category = "CP";
    c.auditor = "A. Auditor";
    c.drawId = "D-2026-03";
    return c;
}
}  // namespace

BOOST_AUTO_TEST_CASE(cell_references) {
    BOOST_TEST(CellRef({13, 3}).a1() == "D14");
    BOOST_TEST(CellRef({0, 26}).a1() == "AA1");
    BOOST_TEST(CellRef::parse("$D$14").value().a1() == "D14");
    BOOST_TEST(CellRef::parse("aa1")->col == 26);
    BOOST_TEST(!CellRef::parse("D0"));
    BOOST_TEST(!CellRef::parse("14"));
    BOOST_TEST(!CellRef::parse("D14:E15"));
}

BOOST_AUTO_TEST_CASE(layout_names_every_cell_once) {
    for (const Template* t : catalogue().latestTemplates()) {
        const Framework& fw = catalogue().frameworkOf(*t);
        FormLayout L = formLayout(*t, fw);
        BOOST_TEST(L.questions.size() == t->questionCount());
        BOOST_TEST(L.domains.size() == t->sections.size());
        BOOST_TEST(static_cast<int>(L.actions.size()) == t->actionRows);
        std::set<std::string> cells;
        auto add = [&](const CellRef& c) { BOOST_TEST(cells.insert(c.a1()).second, t->id + " " + c.a1()); };
        for (const auto& q : L.questions) {
            add(q.answer);
            add(q.evidence);
            BOOST_TEST(L.cell(Field::Answer, q.id).value().a1() == q.answer.a1());
        }
        for (const auto& d : L.domains) {
            add(d.computed);
            add(d.grade);
            add(d.rationale);
            BOOST_TEST(L.cell(Field::DomainRationale, d.domain).value().a1() == d.rationale.a1());
        }
        add(L.overallComputed);
        add(L.overallGrade);
        add(L.overallRationale);
        add(L.strengths);
        for (const auto& a : L.actions) {
            add(a.action);
            add(a.owner);
            add(a.due);
        }
        for (const auto& c : L.caseCells) add(c.cell);
        // identity rows: unique keys, cells matching the layout
        std::set<std::string> keys;
        for (const auto& [k, v] : identityRows(*t, fw, sampleCase(), L)) BOOST_TEST(keys.insert(k).second, k);
        BOOST_TEST(L.place(Field::OverallGrade, "") == "sheet 'Audit', cell " + L.overallGrade.a1());
    }
    const Template& t = catalogue().getTemplate("cin-cp");
    FormLayout L = formLayout(t, catalogue().frameworkOf(t));
    BOOST_TEST(L.question("hist-chronology")->answer.a1() == "D9");  // first question right under the first heading
    BOOST_TEST(L.question("hist-chronology")->number == "1.1");
    BOOST_TEST(L.question("assess-timescale")->number == "2.1");
    BOOST_TEST(!L.question("nope"));
}

BOOST_AUTO_TEST_CASE(form_ids_are_stable_and_distinct) {
    const Template& t = catalogue().getTemplate("cin-cp");
    FormCase a = sampleCase(), b = sampleCase();
    b.caseRef = "C100043";
    BOOST_TEST(formId(t, a) == formId(t, a));
    BOOST_TEST(formId(t, a) != formId(t, b));
    BOOST_TEST(formId(t, a).size() == 14u);
    BOOST_TEST(formId(t, FormCase{}) == "F-blank-cin-cp-v3");
}

BOOST_AUTO_TEST_CASE(same_inputs_same_bytes) {
    TempDir dir;
    const Template& t = catalogue().getTemplate("cla");
    const Framework& fw = catalogue().frameworkOf(t);
    writeFormXlsx(t, fw, sampleCase(), nullptr, dir.file("a.xlsx"));
    writeFormXlsx(t, fw, sampleCase(), nullptr, dir.file("b.xlsx"));
    BOOST_TEST(test::readText(dir.file("a.xlsx")) == test::readText(dir.file("b.xlsx")));
    // No temporary file is left behind.
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) n += e.is_regular_file() ? 1 : 0;
    BOOST_TEST(n == 2);
    BOOST_CHECK_THROW(writeFormXlsx(t, fw, sampleCase(), nullptr, dir.file("missing/x.xlsx")), Error);
}

// The golden form, compared part by part after normalising the XML. Regenerate with AUDIT_UPDATE_GOLDEN=1
// after a deliberate change of the layout, and look at the difference before committing it.
BOOST_AUTO_TEST_CASE(golden_form_part_by_part) {
    TempDir dir;
    const Template& t = catalogue().getTemplate("cin-cp", 3);
    const Framework& fw = catalogue().frameworkOf(t);
    Random rng(4);
    AuditInput in = randomInput(t, fw, rng);
    in.strengths = "The worker knows the child well.";
    in.actions = {{"Update the chronology", "Team manager", "2026-04-30"}};
    FormCase c = sampleCase();
    c.auditDate = "2026-03-14";
    const std::string golden = test::sourceDir() + "/tests/golden/form-cin-cp-v3.xlsx";
    writeFormXlsx(t, fw, c, &in, dir.file("form.xlsx"));
    if (const char* u = std::getenv("AUDIT_UPDATE_GOLDEN"); u && std::string(u) == "1") fs::copy_file(dir.file("form.xlsx"), golden, fs::copy_options::overwrite_existing);
    BOOST_REQUIRE(fs::exists(golden));
    fs::create_directories(dir.file("new"));
    fs::create_directories(dir.file("old"));
    auto now = unzip(dir.file("form.xlsx"), dir.file("new"));
    auto then = unzip(golden, dir.file("old"));
    std::vector<std::string> nowNames, thenNames;
    for (const auto& [k, v] : now) nowNames.push_back(k);
    for (const auto& [k, v] : then) thenNames.push_back(k);
    BOOST_TEST(nowNames == thenNames, boost::test_tools::per_element());
    for (const auto& [name, text] : then) BOOST_TEST((now[name] == text), "part " + name + " differs from the golden form");
}

BOOST_AUTO_TEST_CASE(openpyxl_reads_the_form_and_finds_the_dropdowns) {
    TempDir dir;
    const Template& t = catalogue().getTemplate("cin-cp");
    const Framework& fw = catalogue().frameworkOf(t);
    const FormLayout L = formLayout(t, fw);
    writeFormXlsx(t, fw, sampleCase(), nullptr, dir.file("form.xlsx"));
    const char* script = R"(
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Audit']
out = {'sheets': wb.sheetnames, 'states': [wb[n].sheet_state for n in wb.sheetnames], 'freeze': ws.freeze_panes,
       'protected': bool(ws.protection.sheet), 'paper': ws.page_setup.paperSize, 'orientation': ws.page_setup.orientation,
       'fit_width': 1 if ws.page_setup.fitToWidth is None else ws.page_setup.fitToWidth,  # 1 is the OOXML default
       'fit_height': ws.page_setup.fitToHeight, 'fit': ws.sheet_properties.pageSetUpPr.fitToPage,
       'validations': [], 'identity': {}}
for dv in ws.data_validations.dataValidation:
    out['validations'].append({'type': dv.type, 'formula': dv.formula1, 'cells': str(dv.sqref)})
for row in wb['Form'].iter_rows(min_row=2, values_only=True):
    out['identity'][row[0]] = row[1]
cells = json.loads(sys.argv[2])
out['locked'] = {c: ws[c].protection.locked for c in cells}
out['values'] = {c: ws[c].value for c in cells}
print(json.dumps(out))
)";
    Poco::JSON::Array cells;
    for (const char* c : {"D9", "E9", "B9", "C9", "C2"}) cells.add(c);
    cells.add(L.domains[0].grade.a1());
    cells.add(L.domains[0].computed.a1());
    const std::string gradeNote = "C" + L.domains[0].grade.a1().substr(1);  // beside the grade cell (column D)
    cells.add(gradeNote);
    std::ostringstream cellsJson;
    cells.stringify(cellsJson);
    auto r = test::runPython(script, {dir.file("form.xlsx"), cellsJson.str()});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    Poco::JSON::Parser parser;
    auto obj = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    auto sheets = obj->getArray("sheets");
    BOOST_TEST(sheets->getElement<std::string>(0) == "Audit");
    BOOST_TEST(sheets->getElement<std::string>(1) == "Form");
    BOOST_TEST(obj->getArray("states")->getElement<std::string>(0) == "visible");
    BOOST_TEST(obj->getArray("states")->getElement<std::string>(1) == "hidden");
    BOOST_TEST(obj->getArray("states")->getElement<std::string>(2) == "hidden");
    BOOST_TEST(obj->getValue<std::string>("freeze") == "A7");
    BOOST_TEST(obj->getValue<bool>("protected"));
    BOOST_TEST(obj->getValue<int>("paper") == 9);
    BOOST_TEST(obj->getValue<std::string>("orientation") == "landscape");
    BOOST_TEST(obj->getValue<int>("fit_width") == 1);
    BOOST_TEST(obj->getValue<int>("fit_height") == 0);
    BOOST_TEST(obj->getValue<bool>("fit"));
    int answerLists = 0, gradeLists = 0, dates = 0;
    for (const auto& v : *obj->getArray("validations")) {
        auto dv = v.extract<Poco::JSON::Object::Ptr>();
        const std::string type = dv->getValue<std::string>("type");
        if (type == "date") ++dates;
        if (type != "list") continue;
        const std::string f = dv->getValue<std::string>("formula");
        if (f == "\"Yes,Partly,No,Not applicable\"") ++answerLists;
        if (f == "\"Outstanding,Good,Requires improvement,Inadequate\"") ++gradeLists;
    }
    BOOST_TEST(answerLists == static_cast<int>(t.sections.size()));      // one range per section
    BOOST_TEST(gradeLists == static_cast<int>(t.sections.size()) + 1);   // each domain and the overall grade
    BOOST_TEST(dates == t.actionRows + 1);                                // due dates and the date of audit
    auto identity = obj->getObject("identity");
    for (const auto& [k, v] : identityRows(t, fw, sampleCase(), L)) {
        if (v.empty()) continue;
        BOOST_TEST(identity->getValue<std::string>(k) == v, k);
    }
    auto locked = obj->getObject("locked");
    BOOST_TEST(!locked->getValue<bool>("D9"));  // answer
    BOOST_TEST(!locked->getValue<bool>("E9"));  // evidence
    BOOST_TEST(locked->getValue<bool>("B9"));   // question text
    BOOST_TEST(locked->getValue<bool>("C9"));   // guidance
    BOOST_TEST(!locked->getValue<bool>(L.domains[0].grade.a1()));
    BOOST_TEST(locked->getValue<bool>(L.domains[0].computed.a1()));
    auto values = obj->getObject("values");
    BOOST_TEST(values->getValue<std::string>("B9") == t.question("hist-chronology")->text);
    BOOST_TEST(values->getValue<std::string>("C2") == "C100042");
    BOOST_TEST(values->getValue<std::string>(L.domains[0].computed.a1()).rfind("=IF(", 0) == 0u);  // a live formula
    // The shipped framework's <blank-grade domain="agrees">: the form says so beside the grade cell, in words.
    BOOST_TEST(L.domains[0].grade.a1()[0] == 'D');
    BOOST_TEST(values->getValue<std::string>(gradeNote).find(
                   "leave it blank if you agree with the computed grade above") != std::string::npos,
               values->getValue<std::string>(gradeNote));
}

// The heart of the form: LibreOffice, made to recalculate every formula on load, computes exactly the grades
// that audit::score computes, for random returns of every template.
BOOST_AUTO_TEST_CASE(libreoffice_recalculates_what_scoring_computes) {
    TempDir dir, profile;
    fs::create_directories(profile.path() + "/user");
    test::writeText(profile.path() + "/user/registrymodifications.xcu", R"(<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
)");
    fs::create_directories(dir.file("in"));
    fs::create_directories(dir.file("out"));
    Random rng(77);
    struct Expect {
        std::string file;
        std::map<std::string, std::string> cells;  // cell → expected text
    };
    std::vector<Expect> expects;
    std::string files;
    for (const Template* t : catalogue().latestTemplates()) {
        const Framework& fw = catalogue().frameworkOf(*t);
        const FormLayout L = formLayout(*t, fw);
        for (int n = 0; n < 3; ++n) {
            AuditInput in = randomInput(*t, fw, rng);
            ScoreResult r = score(*t, fw, in);
            Expect e;
            e.file = t->id + "-" + std::to_string(n);
            FormWriteOptions opt;
            opt.cachedValues = false;  // make LibreOffice compute everything
            writeFormXlsx(*t, fw, sampleCase(), &in, dir.file("in/" + e.file + ".xlsx"), opt);
            for (std::size_t i = 0; i < L.domains.size(); ++i) {
                const auto& d = r.domains[i];
                e.cells[L.domains[i].computed.a1()] = d.computed ? fw.grade(*d.computed)->label : "";
                e.cells[L.domains[i].note.a1()] = d.rationaleRequired && !d.rationaleGiven ? "Rationale required" : "Choose";
            }
            if (t->method(fw) != OverallMethod::AuditorJudgement)
                e.cells[L.overallComputed.a1()] = r.overall.computed ? fw.grade(*r.overall.computed)->label : "";
            e.cells[L.overallNote.a1()] = r.overall.rationaleRequired && !r.overall.rationaleGiven ? "Rationale required" : "Give";
            files += " " + test::shellQuote(dir.file("in/" + e.file + ".xlsx"));
            expects.push_back(e);
        }
    }
    auto conv = test::runCommand("soffice -env:UserInstallation=file://" + profile.path() +
                                 " --headless --norestore --convert-to xlsx:\"Calc MS Excel 2007 XML\" --outdir " +
                                 test::shellQuote(dir.file("out")) + files);
    BOOST_REQUIRE_MESSAGE(conv.exitCode == 0, conv.err);
    Poco::JSON::Object spec;
    for (const auto& e : expects) {
        Poco::JSON::Array cells;
        for (const auto& [c, v] : e.cells) cells.add(c);
        spec.set(dir.file("out/" + e.file + ".xlsx"), cells);
    }
    std::ostringstream specJson;
    spec.stringify(specJson);
    test::writeText(dir.file("spec.json"), specJson.str());
    auto r = test::runPython(R"(
import json, sys, openpyxl
spec = json.load(open(sys.argv[1]))
out = {}
for path, cells in spec.items():
    ws = openpyxl.load_workbook(path, data_only=True)['Audit']
    out[path] = {c: ('' if ws[c].value is None else str(ws[c].value)) for c in cells}
print(json.dumps(out))
)",
                             {dir.file("spec.json")});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    Poco::JSON::Parser parser;
    auto got = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    int compared = 0, nonEmpty = 0;
    for (const auto& e : expects) {
        auto cells = got->getObject(dir.file("out/" + e.file + ".xlsx"));
        for (const auto& [c, want] : e.cells) {
            const std::string have = cells->getValue<std::string>(c);
            if (want == "Rationale required" || want == "Choose" || want == "Give")
                BOOST_TEST(have.rfind(want, 0) == 0u, e.file << " " << c << ": LibreOffice '" << have << "', scoring '" << want << "'");
            else
                BOOST_TEST(have == want, e.file << " " << c << ": LibreOffice '" << have << "', scoring '" << want << "'");
            ++compared;
            nonEmpty += want.empty() ? 0 : 1;
        }
    }
    BOOST_TEST(compared > 300);
    BOOST_TEST(nonEmpty > 200);  // most cells hold a grade: the comparison is not of blanks
}

BOOST_AUTO_TEST_CASE(cached_values_are_what_scoring_computes) {
    // Excel and openpyxl (data_only) show the cached values until a recalculation: they must be right too.
    TempDir dir;
    const Template& t = catalogue().getTemplate("missing-exploitation");
    const Framework& fw = catalogue().frameworkOf(t);
    const FormLayout L = formLayout(t, fw);
    Random rng(5);
    AuditInput in = randomInput(t, fw, rng);
    ScoreResult r = score(t, fw, in);
    writeFormXlsx(t, fw, sampleCase(), &in, dir.file("f.xlsx"));
    Poco::JSON::Array cells;
    for (const auto& d : L.domains) cells.add(d.computed.a1());
    cells.add(L.overallComputed.a1());
    std::ostringstream cj;
    cells.stringify(cj);
    auto res = test::runPython(R"(
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)['Audit']
print(json.dumps({c: ('' if ws[c].value is None else str(ws[c].value)) for c in json.loads(sys.argv[2])}))
)",
                               {dir.file("f.xlsx"), cj.str()});
    BOOST_REQUIRE_MESSAGE(res.exitCode == 0, res.err);
    Poco::JSON::Parser parser;
    auto got = parser.parse(res.out).extract<Poco::JSON::Object::Ptr>();
    for (std::size_t i = 0; i < L.domains.size(); ++i) {
        const auto& d = r.domains[i];
        BOOST_TEST(got->getValue<std::string>(L.domains[i].computed.a1()) == (d.computed ? fw.grade(*d.computed)->label : ""));
    }
    BOOST_TEST(got->getValue<std::string>(L.overallComputed.a1()) == (r.overall.computed ? fw.grade(*r.overall.computed)->label : ""));
}

BOOST_AUTO_TEST_CASE(libreoffice_opens_every_template_form) {
    TempDir dir;
    std::string files;
    for (const Template* t : catalogue().latestTemplates()) {
        writeFormXlsx(*t, catalogue().frameworkOf(*t), sampleCase(), nullptr, dir.file(t->id + ".xlsx"));
        files += " " + test::shellQuote(dir.file(t->id + ".xlsx"));
    }
    TempDir profile;
    auto r = test::runCommand("soffice -env:UserInstallation=file://" + profile.path() + " --headless --norestore --convert-to pdf --outdir " +
                              test::shellQuote(dir.path()) + files);
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    for (const Template* t : catalogue().latestTemplates()) {
        const std::string pdf = dir.file(t->id + ".pdf");
        BOOST_TEST(fs::exists(pdf), pdf);
        if (fs::exists(pdf)) BOOST_TEST(fs::file_size(pdf) > 10000u, pdf);
    }
}

BOOST_AUTO_TEST_CASE(html_page_holds_every_question) {
    for (const Template* t : catalogue().latestTemplates()) {
        const Framework& fw = catalogue().frameworkOf(*t);
        std::string html = renderHtml(*t, fw);
        BOOST_TEST(html.rfind("<!DOCTYPE html>", 0) == 0u);
        for (const auto& s : t->sections)
            for (const auto& q : s.questions) {
                BOOST_TEST(html.find(text::htmlEscape(q.text)) != std::string::npos, q.id);
            }
    }
}
