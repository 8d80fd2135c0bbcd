// audit-template: list, show, validate and render practice-audit templates.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "audit/cli/options.h"
#include "audit/cli/tool.h"
#include "audit/base/error.h"
#include "audit/forms/form.h"
#include "audit/base/paths.h"
#include "audit/forms/template.h"
#include "audit/jobs/render.h"
#include "audit/store/store.h"
#include "audit/jobs/validate.h"

namespace fs = std::filesystem;
using namespace audit;

namespace {

std::string wrap(const std::string& text, std::size_t indent, std::size_t width = 100) {
    std::istringstream words(text);
    std::string word, line, out;
    const std::string pad(indent, ' ');
    while (words >> word) {
        if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
            out += pad + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) out += pad + line + "\n";
    return out;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

std::string fmtNumber(double d) {
    std::ostringstream o;
    o << d;
    return o.str();
}

class AuditTemplate : public cli::Tool {
public:
    AuditTemplate()
        : Tool({"audit-template", "list, show, validate and render practice-audit templates",
                "audit-template list [--json]\n"
                "audit-template show ID [--template-version N]\n"
                "audit-template validate [FILE...]\n"
                "audit-template render ID (--blank | --html) --out DIR [--template-version N]\n"
                "audit-template render [ID] --sample SAMPLE.csv --out DIR",
                "Templates live in templates/ and grading frameworks in audit-frameworks/ under $AUDIT_HOME (see their\n"
                "READMEs). 'validate' checks template and framework files (every problem with its file and line) and, with\n"
                "no FILE, every shipped one. 'render --blank' writes one blank XLSX form; 'render --sample' one pre-filled\n"
                "form per sampled case (case_ref, and team, worker, category, child_ref, draw_id, auditor when present), in a\n"
                "folder per auditor; 'render --html' a printable page.",
                "audit-template list\n"
                "audit-template show cin-cp\n"
                "audit-template validate templates/my-audit.xml\n"
                "audit-template render cin-cp --blank --out forms/\n"
                "audit-template render --sample sample.csv --out forms/   # forms/<auditor>/<case_ref>.xlsx, by category\n"
                "audit-template render cla --html --out print/"}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(flag("blank", "render: one blank XLSX form"));
        set.addOption(opt("sample", "FILE", "render: one pre-filled XLSX form per case of this sample CSV"));
        set.addOption(flag("html", "render: a printable HTML page"));
        set.addOption(cli::options::out("DIR", "render: the folder to write to (made if missing)"));
        set.addOption(opt("template-version", "N", "show/render: this version of the template (default: the latest)"));
    }

    int work(const std::vector<std::string>& args) override {
        return dispatch(args, {{"list", [this](const std::vector<std::string>& rest) { return list(rest); }},
                               {"show", [this](const std::vector<std::string>& rest) { return show(rest); }},
                               {"validate", [this](const std::vector<std::string>& rest) { return validate(rest); }},
                               {"render", [this](const std::vector<std::string>& rest) { return render(rest); }}});
    }

private:
    int version() const {
        long long v = integer("template-version", 0);
        if (v < 0) usageError("--template-version must be a positive whole number");
        return static_cast<int>(v);
    }

    int list(const std::vector<std::string>& rest) {
        if (!rest.empty()) usageError("list takes no arguments");
        Catalogue c = Catalogue::load();
        auto latest = c.latestTemplates();
        if (json()) {
            Poco::JSON::Array arr;
            for (const Template* t : latest) {
                Poco::JSON::Object obj(Poco::JSON_PRESERVE_KEY_ORDER);
                obj.set("id", t->id);
                obj.set("version", t->version);
                obj.set("title", t->title);
                obj.set("framework", t->frameworkId);
                Poco::JSON::Array cats, doms;
                for (const auto& cat : t->categories) cats.add(cat);
                for (const auto& s : t->sections) doms.add(s.domain);
                obj.set("categories", cats);
                obj.set("domains", doms);
                obj.set("questions", static_cast<int>(t->questionCount()));
                obj.set("overall_method", std::string(toString(t->method(c.frameworkOf(*t)))));
                obj.set("file", fs::path(t->file).filename().string());
                arr.add(obj);
            }
            arr.stringify(out());
            out() << '\n';
            return 0;
        }
        out() << std::left << std::setw(22) << "ID" << std::setw(9) << "VERSION" << std::setw(20) << "FRAMEWORK" << std::setw(11)
              << "QUESTIONS" << std::setw(9) << "DOMAINS" << "TITLE\n";
        for (const Template* t : latest)
            out() << std::left << std::setw(22) << t->id << std::setw(9) << t->version << std::setw(20) << t->frameworkId
                  << std::setw(11) << t->questionCount() << std::setw(9) << t->sections.size() << t->title << '\n';
        return 0;
    }

    int show(const std::vector<std::string>& rest) {
        if (rest.size() != 1) usageError("show needs one template id");
        Catalogue c = Catalogue::load();
        const Template& t = c.getTemplate(rest[0], version());
        const Framework& fw = c.frameworkOf(t);
        auto& o = out();
        o << t.id << " v" << t.version << "  " << t.title << "\n\n";
        o << "  framework  " << fw.id << " v" << fw.version << " (" << fw.title << ")\n";
        o << "  grades     " << join(fw.gradeLabels(), ", ") << "  (" << fw.thresholdLabel << ": " << fw.grade(fw.gradeByValue(fw.thresholdValue)->key)->label
          << " and above)\n";
        o << "  answers    " << join(fw.answerLabels(), ", ") << '\n';
        o << "  for        " << join(t.categories, ", ") << '\n';
        o << "  overall    " << toString(t.method(fw)) << '\n';
        o << "  file       " << t.file << "\n\n";
        if (!t.description.empty()) o << wrap(t.description, 0) << '\n';
        int sn = 0;
        for (const auto& s : t.sections) {
            ++sn;
            o << sn << ". " << s.title << "  [domain " << s.domain << ", weight " << fmtNumber(s.weight)
              << (s.judgementRequired ? "" : ", grade optional") << "]\n";
            if (!s.guidance.empty()) o << wrap(s.guidance, 3);
            int qn = 0;
            for (const auto& q : s.questions) {
                ++qn;
                std::string head = std::to_string(sn) + "." + std::to_string(qn) + " " + q.id;
                std::string attrs;
                if (q.weight != 1) attrs += "weight " + fmtNumber(q.weight);
                if (!q.required) attrs += std::string(attrs.empty() ? "" : ", ") + "optional";
                o << "   " << head << (attrs.empty() ? "" : "  (" + attrs + ")") << '\n';
                o << wrap(q.text, 7);
                o << wrap("Guidance: " + q.guidance, 7);
                o << wrap("Evidence: " + q.evidencePrompt, 7);
                for (const auto& l : q.limits) {
                    std::vector<std::string> when;
                    for (const auto& w : l.when) when.push_back(fw.answer(w)->label);
                    o << wrap("Limit: " + join(when, " or ") + " caps the " + (l.scope == Limit::Scope::Domain ? "domain" : "overall grade") +
                                  " at " + fw.grade(l.cap)->label,
                              7);
                }
            }
            o << '\n';
        }
        o << "Overall judgement: " << toString(t.method(fw)) << '\n';
        if (!t.overallGuidance.empty()) o << wrap(t.overallGuidance, 3);
        o << "Strengths: " << t.strengthsPrompt << '\n';
        o << "Actions (" << t.actionRows << " rows): " << t.actionsPrompt << '\n';
        return 0;
    }

    int validate(const std::vector<std::string>& rest) {
        const jobs::ValidateResult r = jobs::validateTemplates({rest});
        const auto& files = r.files;
        const auto& problems = r.problems;
        if (json()) {
            Poco::JSON::Object obj(Poco::JSON_PRESERVE_KEY_ORDER);
            obj.set("files", static_cast<int>(files.size()));
            std::set<std::string> bad;
            Poco::JSON::Array arr;
            for (const auto& p : problems) {
                bad.insert(p.file);
                Poco::JSON::Object po(Poco::JSON_PRESERVE_KEY_ORDER);
                po.set("file", p.file);
                po.set("place", p.place);
                po.set("message", p.message);
                arr.add(po);
            }
            obj.set("valid", static_cast<int>(files.size() - bad.size()));
            obj.set("problems", arr);
            obj.stringify(out());
            out() << '\n';
        }
        if (!problems.empty()) throw Error(ErrorKind::Data, problems);
        if (!json() && !quiet()) out() << files.size() << (files.size() == 1 ? " file" : " files") << " valid\n";
        return 0;
    }

    int render(const std::vector<std::string>& rest) {
        const int modes = (has("blank") ? 1 : 0) + (has("sample") ? 1 : 0) + (has("html") ? 1 : 0);
        if (modes != 1) usageError("render needs exactly one of --blank, --sample FILE or --html");
        if (rest.size() > 1 || (rest.empty() && !has("sample")))
            usageError("render needs one template id (with --sample it may be left out: each case gets the template for its category)");
        jobs::RenderRequest request;
        request.templateId = rest.empty() ? "" : rest[0];
        request.outDir = require("out");
        request.version = version();
        request.mode = has("html") ? jobs::RenderMode::Html : has("blank") ? jobs::RenderMode::Blank : jobs::RenderMode::Sample;
        if (request.mode == jobs::RenderMode::Sample) {
            request.samplePath = require("sample");
            request.store = Tool::store();
        }
        // Two threads each build and free a workbook's buffers per form: without this glibc trims their heaps
        // after nearly every form (thousands of madvise and brk calls) and faults the pages back in.
        keepFreedMemory();
        auto bar = progress("rendering forms", 0);
        request.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
        const jobs::RenderResult summary = jobs::renderForms(request);
        bar.finish();
        const std::string& outDir = request.outDir;
        if (json()) {
            Poco::JSON::Object obj(Poco::JSON_PRESERVE_KEY_ORDER);
            obj.set("template", summary.templateId);
            obj.set("version", summary.version);
            Poco::JSON::Object used(Poco::JSON_PRESERVE_KEY_ORDER);
            for (const auto& [t, n] : summary.templatesUsed) used.set(t, static_cast<int>(n));
            obj.set("templates", used);
            obj.set("forms", static_cast<int>(summary.files.size()));
            Poco::JSON::Array files, auditors;
            for (const auto& f : summary.files) files.add(f);
            for (const auto& a : summary.auditors) auditors.add(a);
            obj.set("auditors", auditors);
            obj.set("files", files);
            if (summary.drawId) obj.set("draw_id", *summary.drawId);
            obj.stringify(out());
            out() << '\n';
        } else if (!quiet()) {
            if (summary.files.size() == 1)
                out() << "wrote " << summary.files[0] << '\n';
            else {
                std::string used;
                for (const auto& [t, n] : summary.templatesUsed) used += (used.empty() ? "" : ", ") + std::to_string(n) + " " + t;
                out() << "wrote " << summary.files.size() << " forms (" << used << ") to " << outDir << " ("
                      << summary.auditors.size() << (summary.auditors.size() == 1 ? " auditor" : " auditors") << "; "
                      << (summary.storeId.empty() ? "no store at " + storeDisplayName(Tool::store()) +
                                                        ", so the forms carry no store id"
                                                  : "for store " + storeDisplayName(Tool::store())) << ")\n";
                if (!summary.drawNote.empty()) out() << summary.drawNote << '\n';
            }
        }
        return 0;
    }
};

}  // namespace

AUDIT_TOOL_MAIN(AuditTemplate)
