#include "audit/forms/template.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "audit/base/output_file.h"
#include "audit/base/paths.h"
#include "audit/io/xml_check.h"
#include "audit/sampling/case_list.h"

namespace fs = std::filesystem;

namespace audit {

using detail::collapseSpace;
using detail::XmlDoc;

const Question* Template::question(std::string_view qid) const {
    for (const auto& s : sections)
        for (const auto& q : s.questions)
            if (q.id == qid) return &q;
    return nullptr;
}

const Section* Template::section(std::string_view domain) const {
    for (const auto& s : sections)
        if (s.domain == domain) return &s;
    return nullptr;
}

const Section* Template::sectionOf(std::string_view qid) const {
    for (const auto& s : sections)
        for (const auto& q : s.questions)
            if (q.id == qid) return &s;
    return nullptr;
}

std::size_t Template::questionCount() const {
    std::size_t n = 0;
    for (const auto& s : sections) n += s.questions.size();
    return n;
}

std::vector<std::string> Template::domainIds() const {
    std::vector<std::string> out;
    for (const auto& s : sections) out.push_back(s.domain);
    return out;
}

const char* toString(Involvement i) {
    switch (i) {
        case Involvement::Feedback: return "feedback";
        case Involvement::ViewFindings: return "view-findings";
        case Involvement::None: return "none";
    }
    return "none";
}

std::optional<Involvement> involvementFrom(std::string_view s) {
    for (Involvement i : {Involvement::Feedback, Involvement::ViewFindings, Involvement::None})
        if (s == toString(i)) return i;
    return std::nullopt;
}

namespace {

std::string knownList(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s.empty() ? "none" : s;
}

const Framework* latestFramework(const std::vector<Framework>& fws, std::string_view id) {
    const Framework* best = nullptr;
    for (const auto& f : fws)
        if (f.id == id && (!best || f.version > best->version)) best = &f;
    return best;
}

Template parseTemplateDoc(XmlDoc& doc, const std::vector<Framework>& frameworks) {
    Template t;
    t.file = doc.file();
    pugi::xml_node root = doc.root();
    t.line = doc.lineOf(root);
    if (std::string_view(root.name()) != "template") {
        doc.problem(root, std::string("the root element is <") + root.name() + ">, expected <template>");
        return t;
    }
    doc.allowAttributes(root, {"id", "version", "title", "framework"});
    doc.allowChildren(root, {"description", "applies-to", "section", "overall", "strengths", "actions", "practitioner"});
    if (auto id = doc.text(root, "id", true)) {
        if (!detail::isIdentifier(*id))
            doc.problem(root, "template id '" + *id + "' is not valid (expected lower-case letters, digits and '-', starting with a letter)");
        t.id = *id;
    }
    if (auto v = doc.integer(root, "version", true, 1)) t.version = static_cast<int>(*v);
    if (auto title = doc.text(root, "title", true)) t.title = *title;
    const Framework* fw = nullptr;
    if (auto f = doc.text(root, "framework", true)) {
        t.frameworkId = *f;
        fw = latestFramework(frameworks, *f);
        if (!fw) {
            std::vector<std::string> known;
            for (const auto& k : frameworks)
                if (std::find(known.begin(), known.end(), k.id) == known.end()) known.push_back(k.id);
            doc.problem(root, "unknown framework '" + *f + "' (known: " + knownList(known) + ")");
        }
    }
    t.description = collapseSpace(root.child("description").child_value());

    if (pugi::xml_node ap = root.child("applies-to")) {
        doc.allowAttributes(ap, {});
        doc.allowChildren(ap, {"category"});
        for (pugi::xml_node c : ap.children("category")) {
            doc.allowAttributes(c, {"default"});
            std::string cat = doc.content(c, true, "<category>");
            if (!cat.empty()) t.categories.push_back(cat);
            if (const auto d = c.attribute("default")) {
                const std::string v = d.as_string();
                if (v == "yes" || v == "true") {
                    if (!cat.empty()) t.defaultFor.push_back(cat);
                } else if (v != "no" && v != "false") {
                    doc.problem(c, "default=\"" + v + "\" is not yes or no");
                }
            }
        }
        if (t.categories.empty()) doc.problem(ap, "<applies-to> names no <category>");
    } else {
        doc.problem(root, "<template> lacks <applies-to> (the case categories it is for)");
    }

    std::map<std::string, int> questionLines, domainLines;
    for (pugi::xml_node s : root.children("section")) {
        doc.allowAttributes(s, {"domain", "title", "weight", "judgement"});
        doc.allowChildren(s, {"guidance", "question"});
        Section sec;
        sec.line = doc.lineOf(s);
        const Domain* dom = nullptr;
        if (auto d = doc.text(s, "domain", true)) {
            sec.domain = *d;
            if (fw) {
                dom = fw->domain(*d);
                if (!dom) {
                    std::vector<std::string> known;
                    for (const auto& k : fw->domains) known.push_back(k.id);
                    doc.problem(s, "unknown domain '" + *d + "' in framework '" + fw->id + "' (known: " + knownList(known) + ")");
                }
            }
            if (domainLines.count(*d))
                doc.problem(s, "domain '" + *d + "' already has a section on line " + std::to_string(domainLines[*d]));
            domainLines.emplace(*d, sec.line);
        }
        sec.title = doc.text(s, "title", false).value_or(dom ? dom->title : sec.domain);
        sec.weight = doc.number(s, "weight", false, 0.0).value_or(dom ? dom->weight : 1.0);
        if (sec.weight <= 0) doc.problem(s, "section weight must be more than 0");
        if (auto j = doc.text(s, "judgement", false)) {
            if (*j == "required") sec.judgementRequired = true;
            else if (*j == "optional") sec.judgementRequired = false;
            else doc.problem(s, "judgement '" + *j + "' is not known (expected required or optional)");
        }
        sec.guidance = collapseSpace(s.child("guidance").child_value());
        for (pugi::xml_node q : s.children("question")) {
            doc.allowAttributes(q, {"id", "required", "weight"});
            doc.allowChildren(q, {"text", "guidance", "evidence", "limit"});
            Question qu;
            qu.line = doc.lineOf(q);
            if (auto id = doc.text(q, "id", true)) {
                qu.id = *id;
                if (!detail::isIdentifier(*id))
                    doc.problem(q, "question id '" + *id + "' is not valid (expected lower-case letters, digits and '-', starting with a letter)");
                if (questionLines.count(*id))
                    doc.problem(q, "duplicate question id '" + *id + "' (first used on line " + std::to_string(questionLines[*id]) + ")");
                questionLines.emplace(*id, qu.line);
            }
            qu.required = doc.boolean(q, "required", false).value_or(true);
            qu.weight = doc.number(q, "weight", false, 0.0).value_or(1.0);
            if (qu.weight <= 0) doc.problem(q, "question weight must be more than 0");
            const std::string who = "question '" + qu.id + "'";
            if (!q.child("text")) doc.problem(q, who + " has no <text>");
            else qu.text = doc.content(q.child("text"), true, "the <text> of " + who);
            if (!q.child("guidance")) doc.problem(q, who + " has no <guidance> (every question needs guidance for the auditor)");
            else qu.guidance = doc.content(q.child("guidance"), true, "the <guidance> of " + who);
            qu.evidencePrompt = collapseSpace(q.child("evidence").child_value());
            if (qu.evidencePrompt.empty()) qu.evidencePrompt = "where on the file, with dates";
            for (const char* one : {"text", "guidance", "evidence"})
                if (q.child(one) && q.child(one).next_sibling(one))
                    doc.problem(q.child(one).next_sibling(one), std::string("<") + one + "> appears twice in " + who);
            for (pugi::xml_node l : q.children("limit")) {
                doc.allowAttributes(l, {"when", "cap", "scope"});
                Limit lim;
                if (auto w = doc.text(l, "when", true)) {
                    std::istringstream words(*w);
                    std::string word;
                    while (words >> word) {
                        const AnswerOption* a = fw ? fw->answer(word) : nullptr;
                        if (fw && !a) doc.problem(l, "limit when '" + word + "' is not an answer key of framework '" + fw->id + "'");
                        if (a) lim.when.push_back(a->key);
                    }
                }
                if (auto c = doc.text(l, "cap", true)) {
                    const Grade* g = fw ? fw->grade(*c) : nullptr;
                    if (fw && !g) doc.problem(l, "limit cap '" + *c + "' is not a grade of framework '" + fw->id + "'");
                    if (g) lim.cap = g->key;
                }
                if (auto sc = doc.text(l, "scope", false)) {
                    if (*sc == "domain") lim.scope = Limit::Scope::Domain;
                    else if (*sc == "overall") lim.scope = Limit::Scope::Overall;
                    else doc.problem(l, "limit scope '" + *sc + "' is not known (expected domain or overall)");
                }
                if (!lim.when.empty() && !lim.cap.empty()) qu.limits.push_back(lim);
            }
            sec.questions.push_back(std::move(qu));
        }
        if (sec.questions.empty()) doc.problem(s, "the section for '" + sec.domain + "' holds no <question>");
        t.sections.push_back(std::move(sec));
    }
    if (t.sections.empty()) doc.problem(root, "<template> holds no <section>");

    if (pugi::xml_node ov = root.child("overall")) {
        doc.allowAttributes(ov, {"method"});
        doc.allowChildren(ov, {"guidance"});
        if (auto m = doc.text(ov, "method", false)) {
            t.overallMethod = overallMethodFrom(*m);
            if (!t.overallMethod)
                doc.problem(ov, "overall method '" + *m + "' is not known (expected auditor-judgement, lowest-domain, weighted-mean or limiting)");
        }
        t.overallGuidance = collapseSpace(ov.child("guidance").child_value());
        if (fw && t.overallMethod == OverallMethod::Limiting) {
            bool any = false;
            for (const auto& s : t.sections)
                if (const Domain* d = fw->domain(s.domain); d && d->limiting) any = true;
            if (!any) doc.problem(ov, "the limiting rule needs a section whose domain is limiting in framework '" + fw->id + "'");
        }
        if (fw && t.overallMethod && (*t.overallMethod == OverallMethod::WeightedMean || *t.overallMethod == OverallMethod::Limiting)) {
            for (std::size_t i = 1; i < fw->grades.size(); ++i)
                if (fw->grades[i].value != fw->grades[i - 1].value + 1 || fw->grades[0].value != static_cast<long long>(fw->grades[0].value)) {
                    doc.problem(ov, "the " + std::string(toString(*t.overallMethod)) +
                                        " rule needs grade values that are consecutive whole numbers");
                    break;
                }
        }
    } else {
        doc.problem(root, "<template> lacks <overall> (the overall judgement and its guidance)");
    }
    if (pugi::xml_node st = root.child("strengths")) {
        doc.allowAttributes(st, {});
        t.strengthsPrompt = collapseSpace(st.child_value());
    }
    if (t.strengthsPrompt.empty()) t.strengthsPrompt = "What is working well for this child: strengths of the practice seen";
    if (pugi::xml_node ac = root.child("actions")) {
        doc.allowAttributes(ac, {"rows"});
        if (ac.attribute("rows")) {
            if (auto r = doc.integer(ac, "rows", false, 1)) {
                if (*r > 30) doc.problem(ac, "actions rows is " + std::to_string(*r) + ", expected 1 to 30");
                else t.actionRows = static_cast<int>(*r);
            }
        }
        t.actionsPrompt = collapseSpace(ac.child_value());
    }
    if (t.actionsPrompt.empty()) t.actionsPrompt = "Actions needed for this child: each with an owner and a due date";
    if (pugi::xml_node pr = root.child("practitioner")) {
        doc.allowAttributes(pr, {"involvement"});
        if (auto inv = doc.text(pr, "involvement", true)) {
            if (auto i = involvementFrom(*inv)) t.practitioner = *i;
            else doc.problem(pr, "practitioner involvement '" + *inv + "' is not known (expected feedback, view-findings or none)");
        }
        t.practitionerPrompt = collapseSpace(pr.child_value());
    }
    if (t.practitioner == Involvement::Feedback && t.practitionerPrompt.empty())
        t.practitionerPrompt = "Your response to this audit: what you agree with, what you would add, what you will do next";
    for (const char* one : {"description", "applies-to", "overall", "strengths", "actions", "practitioner"})
        if (root.child(one) && root.child(one).next_sibling(one))
            doc.problem(root.child(one).next_sibling(one), std::string("<") + one + "> appears twice");
    return t;
}

std::vector<std::string> xmlFilesIn(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error(ErrorKind::NoInput, dir, "", "the folder does not exist");
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".xml") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

Template parseTemplate(const std::string& xml, const std::string& file, const std::vector<Framework>& frameworks) {
    XmlDoc doc(xml, file);
    if (!doc.ok()) throw Error(ErrorKind::Data, doc.problems());
    Template t = parseTemplateDoc(doc, frameworks);
    if (!doc.problems().empty()) throw Error(ErrorKind::Data, doc.problems());
    return t;
}

Template loadTemplate(const std::string& path, const std::vector<Framework>& frameworks) {
    return parseTemplate(readFile(path), path, frameworks);
}

Catalogue Catalogue::load() { return load(dataDir()); }

Catalogue Catalogue::load(const std::string& dir) {
    Catalogue c;
    std::vector<Problem> problems;
    auto absorb = [&](const Error& e) {
        if (e.kind() != ErrorKind::Data) throw e;
        problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    };
    for (const auto& path : xmlFilesIn(dir + "/audit-frameworks")) {
        try {
            Framework f = loadFramework(path);
            for (const auto& other : c.frameworks_)
                if (other.id == f.id && other.version == f.version)
                    problems.push_back({path, "line " + std::to_string(f.line),
                                        "framework '" + f.id + "' version " + std::to_string(f.version) + " is also defined in " + other.file});
            c.frameworks_.push_back(std::move(f));
        } catch (const Error& e) {
            absorb(e);
        }
    }
    for (const auto& path : xmlFilesIn(dir + "/templates")) {
        try {
            Template t = loadTemplate(path, c.frameworks_);
            for (const auto& other : c.templates_)
                if (other.id == t.id && other.version == t.version)
                    problems.push_back({path, "line " + std::to_string(t.line),
                                        "template '" + t.id + "' version " + std::to_string(t.version) + " is also defined in " + other.file});
            c.templates_.push_back(std::move(t));
        } catch (const Error& e) {
            absorb(e);
        }
    }
    if (!problems.empty()) throw Error(ErrorKind::Data, problems);
    std::sort(c.templates_.begin(), c.templates_.end(),
              [](const Template& a, const Template& b) { return a.id != b.id ? a.id < b.id : a.version < b.version; });
    std::sort(c.frameworks_.begin(), c.frameworks_.end(),
              [](const Framework& a, const Framework& b) { return a.id != b.id ? a.id < b.id : a.version < b.version; });
    return c;
}

const Framework* Catalogue::framework(std::string_view id, int version) const {
    if (version == 0) return latestFramework(frameworks_, id);
    for (const auto& f : frameworks_)
        if (f.id == id && f.version == version) return &f;
    return nullptr;
}

const Template* Catalogue::findTemplate(std::string_view id, int version) const {
    const Template* best = nullptr;
    for (const auto& t : templates_) {
        if (t.id != id) continue;
        if (version != 0 && t.version == version) return &t;
        if (version == 0 && (!best || t.version > best->version)) best = &t;
    }
    return best;
}

const Template& Catalogue::getTemplate(std::string_view id, int version) const {
    if (const Template* t = findTemplate(id, version)) return *t;
    std::vector<std::string> known;
    for (const auto* t : latestTemplates()) known.push_back(t->id);
    if (version != 0 && findTemplate(id))
        throw Error(ErrorKind::Data, "template '" + std::string(id) + "' has no version " + std::to_string(version));
    throw Error(ErrorKind::Data, "unknown template '" + std::string(id) + "' (known: " + knownList(known) + ")");
}

const Framework& Catalogue::frameworkOf(const Template& t) const {
    if (const Framework* f = framework(t.frameworkId)) return *f;
    throw Error(ErrorKind::Data, t.file, "", "unknown framework '" + t.frameworkId + "'");
}

std::vector<const Template*> Catalogue::latestTemplates() const {
    std::vector<const Template*> out;
    for (const auto& t : templates_)
        if (findTemplate(t.id) == &t) out.push_back(&t);
    return out;
}

bool Template::appliesTo(std::string_view category) const {
    const std::string k = matchKey(category);
    for (const auto& c : categories)
        if (matchKey(c) == k) return true;
    return false;
}

const Template* Catalogue::templateForCategory(std::string_view category, std::string* why) const {
    std::vector<const Template*> applying, defaults;
    const std::string k = matchKey(category);
    for (const auto* t : latestTemplates()) {
        if (!t->appliesTo(category)) continue;
        applying.push_back(t);
        for (const auto& d : t->defaultFor)
            if (matchKey(d) == k) defaults.push_back(t);
    }
    auto ids = [](const std::vector<const Template*>& ts) {
        std::string s;
        for (const auto* t : ts) s += (s.empty() ? "" : ", ") + t->id;
        return s;
    };
    if (applying.size() == 1) return applying.front();
    if (defaults.size() == 1) return defaults.front();
    if (why) {
        if (applying.empty()) *why = "no template applies to the category '" + std::string(category) + "'";
        else if (defaults.empty())
            *why = "several templates apply to the category '" + std::string(category) + "' (" + ids(applying) +
                   ") and none is its default (<category default=\"yes\">)";
        else
            *why = "several templates are the default for the category '" + std::string(category) + "' (" + ids(defaults) + ")";
    }
    return nullptr;
}

std::vector<Problem> validateFiles(const std::vector<std::string>& paths, const std::vector<Framework>& known) {
    std::vector<Problem> problems;
    std::vector<Framework> frameworks = known;
    std::vector<std::pair<std::string, std::string>> templates;  // path, text
    for (const auto& path : paths) {
        std::string text;
        try {
            text = readFile(path);
        } catch (const Error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
            continue;
        }
        XmlDoc doc(text, path);
        if (!doc.ok()) {
            problems.insert(problems.end(), doc.problems().begin(), doc.problems().end());
            continue;
        }
        const std::string rootName = doc.root().name();
        if (rootName == "framework") {
            try {
                Framework f = parseFramework(text, path);
                // A framework given on the command line replaces a known one of the same id and version.
                frameworks.erase(std::remove_if(frameworks.begin(), frameworks.end(),
                                                [&](const Framework& k) { return k.id == f.id && k.version == f.version; }),
                                 frameworks.end());
                frameworks.push_back(std::move(f));
            } catch (const Error& e) {
                problems.insert(problems.end(), e.problems().begin(), e.problems().end());
            }
        } else if (rootName == "template") {
            templates.emplace_back(path, std::move(text));
        } else {
            problems.push_back({path, doc.place(doc.root()),
                                "the root element is <" + rootName + ">, expected <template> or <framework>"});
        }
    }
    for (const auto& [path, text] : templates) {
        try {
            parseTemplate(text, path, frameworks);
        } catch (const Error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }
    return problems;
}

}  // namespace audit
