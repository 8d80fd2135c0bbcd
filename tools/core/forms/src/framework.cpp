#include "audit/forms/framework.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "audit/base/output_file.h"
#include "audit/base/text.h"
#include "audit/io/xml_check.h"

namespace audit {

using detail::collapseSpace;
using detail::XmlDoc;

std::string_view toString(OverallMethod m) {
    switch (m) {
        case OverallMethod::AuditorJudgement: return "auditor-judgement";
        case OverallMethod::LowestDomain: return "lowest-domain";
        case OverallMethod::WeightedMean: return "weighted-mean";
        case OverallMethod::Limiting: return "limiting";
    }
    return "?";
}

std::optional<OverallMethod> overallMethodFrom(std::string_view s) {
    if (s == "auditor-judgement") return OverallMethod::AuditorJudgement;
    if (s == "lowest-domain") return OverallMethod::LowestDomain;
    if (s == "weighted-mean") return OverallMethod::WeightedMean;
    if (s == "limiting") return OverallMethod::Limiting;
    return std::nullopt;
}

namespace {
bool sameText(std::string_view a, std::string_view b) { return text::lower(collapseSpace(a)) == text::lower(collapseSpace(b)); }

bool isKey(std::string_view s) {
    if (s.empty() || s.size() > 60) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

bool isColour(std::string_view s) {
    if (s.size() != 7 || s[0] != '#') return false;
    for (std::size_t i = 1; i < 7; ++i)
        if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

std::optional<RationaleRule> rationaleFrom(std::string_view s) {
    if (s == "when-departs") return RationaleRule::WhenDeparts;
    if (s == "always") return RationaleRule::Always;
    if (s == "never") return RationaleRule::Never;
    return std::nullopt;
}
}  // namespace

const Grade* Framework::grade(std::string_view keyOrLabel) const {
    for (const auto& g : grades)
        if (sameText(g.key, keyOrLabel) || sameText(g.label, keyOrLabel)) return &g;
    return nullptr;
}

const Grade* Framework::gradeByValue(double value) const {
    for (const auto& g : grades)
        if (g.value == value) return &g;
    return nullptr;
}

const AnswerOption* Framework::answer(std::string_view keyOrLabel) const {
    for (const auto& a : answers)
        if (sameText(a.key, keyOrLabel) || sameText(a.label, keyOrLabel)) return &a;
    return nullptr;
}

const Domain* Framework::domain(std::string_view id) const {
    for (const auto& d : domains)
        if (d.id == id) return &d;
    return nullptr;
}

double Framework::maxAnswerScore() const {
    double m = 0;
    bool any = false;
    for (const auto& a : answers) {
        if (a.excluded) continue;
        m = any ? std::max(m, a.score) : a.score;
        any = true;
    }
    return m;
}

std::vector<std::string> Framework::gradeLabels(bool bestFirst) const {
    std::vector<std::string> out;
    for (const auto& g : grades) out.push_back(g.label);
    if (bestFirst) std::reverse(out.begin(), out.end());
    return out;
}

std::vector<std::string> Framework::answerLabels() const {
    std::vector<std::string> out;
    for (const auto& a : answers) out.push_back(a.label);
    return out;
}

const Grade& Framework::gradeForScore(double score) const {
    for (const auto& b : bands)
        if (score >= b.min - kScoreEpsilon) return *grade(b.grade);
    return worst();
}

Framework parseFramework(const std::string& xml, const std::string& file) {
    XmlDoc doc(xml, file);
    Framework fw;
    fw.file = file;
    if (!doc.ok()) throw Error(ErrorKind::Data, doc.problems());
    pugi::xml_node root = doc.root();
    fw.line = doc.lineOf(root);
    if (std::string_view(root.name()) != "framework") {
        doc.problem(root, std::string("the root element is <") + root.name() +
                              ">, expected <framework> (is this a template? templates go in templates/)");
        throw Error(ErrorKind::Data, doc.problems());
    }
    doc.allowAttributes(root, {"id", "version", "title"});
    doc.allowChildren(root, {"description", "grades", "threshold", "answers", "domains", "scoring", "moderation"});
    if (auto id = doc.text(root, "id", true)) {
        if (!detail::isIdentifier(*id))
            doc.problem(root, "framework id '" + *id + "' is not valid (expected lower-case letters, digits and '-', starting with a letter)");
        fw.id = *id;
    }
    if (auto v = doc.integer(root, "version", true, 1)) fw.version = static_cast<int>(*v);
    if (auto t = doc.text(root, "title", true)) fw.title = *t;
    fw.description = collapseSpace(root.child("description").child_value());

    auto single = [&](const char* name, bool required) -> pugi::xml_node {
        pugi::xml_node first = root.child(name);
        if (!first && required) doc.problem(root, std::string("<framework> lacks <") + name + ">");
        if (first && first.next_sibling(name)) doc.problem(first.next_sibling(name), std::string("<") + name + "> appears twice");
        return first;
    };

    // --- grades
    if (pugi::xml_node gs = single("grades", true)) {
        doc.allowAttributes(gs, {});
        doc.allowChildren(gs, {"grade"});
        std::map<std::string, int> keys, labels;
        std::map<double, int> values;
        for (pugi::xml_node g : gs.children("grade")) {
            doc.allowAttributes(g, {"key", "label", "value", "colour"});
            Grade grade;
            auto key = doc.text(g, "key", true);
            auto label = doc.text(g, "label", true);
            auto value = doc.number(g, "value", true);
            if (key && !isKey(*key)) doc.problem(g, "grade key '" + *key + "' is not valid (expected lower-case letters, digits and '-')");
            if (key && keys.count(*key)) doc.problem(g, "grade key '" + *key + "' is already used on line " + std::to_string(keys[*key]));
            if (label && labels.count(text::lower(*label)))
                doc.problem(g, "grade label '" + *label + "' is already used on line " + std::to_string(labels[text::lower(*label)]));
            if (value && values.count(*value))
                doc.problem(g, "grade value " + std::string(g.attribute("value").value()) + " is already used on line " +
                                   std::to_string(values[*value]));
            grade.colour = g.attribute("colour") ? g.attribute("colour").value() : "#FFFFFF";
            if (!isColour(grade.colour)) doc.problem(g, "colour '" + grade.colour + "' is not of the form #RRGGBB");
            if (key) keys[*key] = doc.lineOf(g);
            if (label) labels[text::lower(*label)] = doc.lineOf(g);
            if (value) values[*value] = doc.lineOf(g);
            if (!key || !label || !value) continue;
            grade.key = *key;
            grade.label = *label;
            grade.value = *value;
            grade.description = collapseSpace(g.child_value());
            fw.grades.push_back(grade);
        }
        if (fw.grades.size() < 2 && !gs.children("grade").empty()) doc.problem(gs, "a grade scale needs at least two grades");
        if (gs.children("grade").empty()) doc.problem(gs, "<grades> holds no <grade>");
        std::sort(fw.grades.begin(), fw.grades.end(), [](const Grade& a, const Grade& b) { return a.value < b.value; });
        for (std::size_t i = 0; i < fw.grades.size(); ++i) fw.grades[i].rank = static_cast<int>(i + 1);
    }

    // --- threshold ("good or better", "6 or more")
    if (pugi::xml_node th = single("threshold", true)) {
        doc.allowAttributes(th, {"min-value", "label"});
        if (auto v = doc.number(th, "min-value", true)) {
            fw.thresholdValue = *v;
            if (!fw.grades.empty() && !fw.gradeByValue(*v))
                doc.problem(th, "threshold min-value " + std::string(th.attribute("min-value").value()) +
                                    " is not the value of any grade");
        }
        if (auto l = doc.text(th, "label", true)) fw.thresholdLabel = *l;
    }

    // --- answers
    if (pugi::xml_node as = single("answers", true)) {
        doc.allowAttributes(as, {});
        doc.allowChildren(as, {"answer"});
        std::map<std::string, int> keys, labels;
        for (pugi::xml_node a : as.children("answer")) {
            doc.allowAttributes(a, {"key", "label", "score", "excluded"});
            AnswerOption opt;
            auto key = doc.text(a, "key", true);
            auto label = doc.text(a, "label", true);
            opt.excluded = doc.boolean(a, "excluded", false).value_or(false);
            auto score = doc.number(a, "score", !opt.excluded, 0.0);
            if (opt.excluded && a.attribute("score"))
                doc.problem(a, "an excluded answer (Not applicable) has no score: remove 'score'");
            if (key && !isKey(*key)) doc.problem(a, "answer key '" + *key + "' is not valid (expected lower-case letters, digits and '-')");
            if (key && keys.count(*key)) doc.problem(a, "answer key '" + *key + "' is already used on line " + std::to_string(keys[*key]));
            if (label && labels.count(text::lower(*label)))
                doc.problem(a, "answer label '" + *label + "' is already used on line " + std::to_string(labels[text::lower(*label)]));
            if (key) keys[*key] = doc.lineOf(a);
            if (label) labels[text::lower(*label)] = doc.lineOf(a);
            if (!key || !label || (!opt.excluded && !score)) continue;
            opt.key = *key;
            opt.label = *label;
            opt.score = score.value_or(0);
            fw.answers.push_back(opt);
        }
        const bool anyScored = std::any_of(fw.answers.begin(), fw.answers.end(), [](const auto& a) { return !a.excluded; });
        if (as.children("answer").empty())
            doc.problem(as, "<answers> holds no <answer>");
        else if (!anyScored || fw.maxAnswerScore() <= 0)
            doc.problem(as, "at least one answer must score more than 0");
    }

    // --- domains
    if (pugi::xml_node ds = single("domains", true)) {
        doc.allowAttributes(ds, {});
        doc.allowChildren(ds, {"domain"});
        std::map<std::string, int> ids;
        for (pugi::xml_node d : ds.children("domain")) {
            doc.allowAttributes(d, {"id", "title", "weight", "limiting"});
            Domain dom;
            auto id = doc.text(d, "id", true);
            auto title = doc.text(d, "title", true);
            dom.weight = doc.number(d, "weight", false, 0.0).value_or(1.0);
            if (dom.weight <= 0) doc.problem(d, "domain weight must be more than 0");
            dom.limiting = doc.boolean(d, "limiting", false).value_or(false);
            if (id && !detail::isIdentifier(*id))
                doc.problem(d, "domain id '" + *id + "' is not valid (expected lower-case letters, digits and '-', starting with a letter)");
            if (id && ids.count(*id)) doc.problem(d, "domain id '" + *id + "' is already used on line " + std::to_string(ids[*id]));
            if (id) ids[*id] = doc.lineOf(d);
            if (!id || !title) continue;
            dom.id = *id;
            dom.title = *title;
            dom.description = collapseSpace(d.child_value());
            fw.domains.push_back(dom);
        }
        if (ds.children("domain").empty()) doc.problem(ds, "<domains> holds no <domain>");
    }

    // --- scoring
    if (pugi::xml_node sc = single("scoring", true)) {
        doc.allowAttributes(sc, {});
        doc.allowChildren(sc, {"bands", "overall", "rationale", "blank-grade"});
        pugi::xml_node bands = sc.child("bands");
        if (!bands) doc.problem(sc, "<scoring> lacks <bands>");
        std::map<double, int> mins;
        for (pugi::xml_node b : bands.children("band")) {
            doc.allowAttributes(b, {"grade", "min"});
            auto g = doc.text(b, "grade", true);
            auto min = doc.number(b, "min", true, 0.0, 100.0);
            if (g && !fw.grades.empty() && !fw.grade(*g))
                doc.problem(b, "band grade '" + *g + "' is not a grade of this framework");
            if (min && mins.count(*min))
                doc.problem(b, "band min " + std::string(b.attribute("min").value()) + " is already used on line " +
                                   std::to_string(mins[*min]));
            if (min) mins[*min] = doc.lineOf(b);
            if (g && min && fw.grade(*g)) fw.bands.push_back({fw.grade(*g)->key, *min});
        }
        if (bands) {
            doc.allowAttributes(bands, {});
            doc.allowChildren(bands, {"band"});
            if (bands.children("band").empty()) doc.problem(bands, "<bands> holds no <band>");
            else if (!mins.count(0.0)) doc.problem(bands, "no band starts at min=\"0\": a score of 0 would have no grade");
        }
        std::sort(fw.bands.begin(), fw.bands.end(), [](const ScoreBand& a, const ScoreBand& b) { return a.min > b.min; });
        for (std::size_t i = 1; i < fw.bands.size(); ++i) {
            if (fw.grade(fw.bands[i].grade)->value > fw.grade(fw.bands[i - 1].grade)->value)
                doc.problem(bands, "bands are not in grade order: a higher score must never give a worse grade (band '" +
                                       fw.bands[i].grade + "' from " + std::to_string(static_cast<int>(fw.bands[i].min)) + ")");
        }
        if (pugi::xml_node ov = sc.child("overall")) {
            doc.allowAttributes(ov, {"method", "basis"});
            if (auto m = doc.text(ov, "method", true)) {
                if (auto method = overallMethodFrom(*m))
                    fw.overallMethod = *method;
                else
                    doc.problem(ov, "overall method '" + *m +
                                        "' is not known (expected auditor-judgement, lowest-domain, weighted-mean or limiting)");
            }
            if (auto b = doc.text(ov, "basis", false)) {
                if (*b == "final") fw.overallBasis = GradeBasis::Final;
                else if (*b == "computed") fw.overallBasis = GradeBasis::Computed;
                else doc.problem(ov, "overall basis '" + *b + "' is not known (expected final or computed)");
            }
        } else {
            doc.problem(sc, "<scoring> lacks <overall method=\"...\">");
        }
        if (pugi::xml_node r = sc.child("rationale")) {
            doc.allowAttributes(r, {"domain", "overall"});
            for (const char* which : {"domain", "overall"}) {
                if (auto v = doc.text(r, which, false)) {
                    auto rule = rationaleFrom(*v);
                    if (!rule)
                        doc.problem(r, std::string("rationale ") + which + " '" + *v + "' is not known (expected when-departs, always or never)");
                    else if (std::string_view(which) == "domain")
                        fw.domainRationale = *rule;
                    else
                        fw.overallRationale = *rule;
                }
            }
        }
        if (pugi::xml_node bg = sc.child("blank-grade")) {
            doc.allowAttributes(bg, {"domain"});
            if (auto v = doc.text(bg, "domain", true)) {
                if (*v == "agrees") fw.blankDomainGradeAgrees = true;
                else if (*v == "required") fw.blankDomainGradeAgrees = false;
                else doc.problem(bg, "blank-grade domain '" + *v + "' is not known (expected agrees or required)");
            }
        }
        // The weighted mean rounds to the nearest grade: grade values must be consecutive whole numbers.
        if (fw.overallMethod == OverallMethod::WeightedMean || fw.overallMethod == OverallMethod::Limiting) {
            for (std::size_t i = 0; i < fw.grades.size(); ++i) {
                if (fw.grades[i].value != std::floor(fw.grades[i].value) ||
                    (i > 0 && fw.grades[i].value != fw.grades[i - 1].value + 1)) {
                    doc.problem(sc.child("overall"), "the " + std::string(toString(fw.overallMethod)) +
                                                         " rule needs grade values that are consecutive whole numbers");
                    break;
                }
            }
        }
        if (fw.overallMethod == OverallMethod::Limiting &&
            std::none_of(fw.domains.begin(), fw.domains.end(), [](const Domain& d) { return d.limiting; }))
            doc.problem(sc.child("overall"), "the limiting rule needs at least one domain with limiting=\"true\"");
    }

    // --- moderation policy
    if (pugi::xml_node mo = single("moderation", true)) {
        doc.allowAttributes(mo, {"fraction", "min-per-auditor", "period", "blind", "always-moderate"});
        doc.allowChildren(mo, {"oversample"});
        auto& m = fw.moderation;
        if (auto f = doc.number(mo, "fraction", true, 0.0, 1.0)) {
            if (*f <= 0) doc.problem(mo, "moderation fraction must be more than 0");
            m.fraction = *f;
        }
        m.minPerAuditor = static_cast<int>(doc.integer(mo, "min-per-auditor", false, 0).value_or(1));
        if (auto p = doc.text(mo, "period", false)) {
            if (*p != "month" && *p != "quarter") doc.problem(mo, "moderation period '" + *p + "' is not known (expected month or quarter)");
            m.period = *p;
        }
        m.blind = doc.boolean(mo, "blind", false).value_or(true);
        if (auto am = doc.text(mo, "always-moderate", false)) {
            std::istringstream words(*am);
            std::string w;
            while (words >> w) {
                if (!fw.grades.empty() && !fw.grade(w)) doc.problem(mo, "always-moderate grade '" + w + "' is not a grade of this framework");
                else if (fw.grade(w)) m.alwaysModerate.push_back(fw.grade(w)->key);
            }
        }
        for (pugi::xml_node o : mo.children("oversample")) {
            doc.allowAttributes(o, {"grade", "factor"});
            auto g = doc.text(o, "grade", true);
            auto f = doc.number(o, "factor", true, 1.0);
            if (g && !fw.grades.empty() && !fw.grade(*g)) doc.problem(o, "oversample grade '" + *g + "' is not a grade of this framework");
            if (g && f && fw.grade(*g)) m.oversample.push_back({fw.grade(*g)->key, *f});
        }
    }

    if (!doc.problems().empty()) throw Error(ErrorKind::Data, doc.problems());
    return fw;
}

Framework loadFramework(const std::string& path) { return parseFramework(readFile(path), path); }

}  // namespace audit
