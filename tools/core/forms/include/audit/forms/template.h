// Practice-audit templates (templates/*.xml): id, version, title, the framework they grade by, the case
// categories they apply to, sections (one per domain of the framework) of questions with guidance, evidence
// prompts, weights and limiting rules, and the overall judgement, strengths and actions. The format is
// documented in templates/README.md. Loading validates everything against the framework and throws one
// audit::Error(Data) listing every problem with its file and line.
//
// A Catalogue holds every framework and template of the data folder (audit::dataDir()); several versions of
// one template may sit side by side (a returned form names the version it was rendered from).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/forms/framework.h"

namespace audit {

// "When the answer is one of `when`, the domain (or overall) grade cannot be above `cap`."
// Example: child seen alone = No caps Assessment at Requires improvement.
struct Limit {
    enum class Scope { Domain, Overall };
    std::vector<std::string> when;  // answer keys
    std::string cap;                // grade key
    Scope scope = Scope::Domain;
};

struct Question {
    std::string id;        // stable id, unique in the template: [a-z][a-z0-9-]*
    std::string text;
    std::string guidance;  // what good looks like; shown beside the question
    std::string evidencePrompt;
    bool required = true;  // an answer (possibly Not applicable) must be given
    double weight = 1;
    std::vector<Limit> limits;
    int line = 0;
};

// What the allocated worker (the practitioner) may do once an audit of their case is agreed: respond to it
// (`feedback`), only read its findings and strengths (`view-findings`), or nothing (`none`, the default).
enum class Involvement { Feedback, ViewFindings, None };
const char* toString(Involvement i);
std::optional<Involvement> involvementFrom(std::string_view s);

struct Section {
    std::string domain;  // a domain id of the framework
    std::string title;   // the domain's title unless the section gives its own
    std::string guidance;
    double weight = 1;   // weight in the weighted-mean overall rule (default: the domain's)
    bool judgementRequired = true;  // the auditor must grade this domain
    std::vector<Question> questions;
    int line = 0;
};

class Template {
public:
    std::string id;
    int version = 0;
    std::string title;
    std::string description;
    std::string frameworkId;
    std::vector<std::string> categories;  // case categories it applies to ("CIN", "CP", "CLA", ...)
    // The categories it is the default template for (<category default="yes">): the one a sample's case of that
    // category gets when several templates apply to it and none is named.
    std::vector<std::string> defaultFor;
    // True when it applies to the case category (compared ignoring case, spaces and punctuation).
    bool appliesTo(std::string_view category) const;
    std::vector<Section> sections;
    std::optional<OverallMethod> overallMethod;  // overrides the framework's rule when given
    std::string overallGuidance;
    std::string strengthsPrompt;
    std::string actionsPrompt;
    int actionRows = 6;
    Involvement practitioner = Involvement::None;  // <practitioner involvement="...">
    std::string practitionerPrompt;                // what the worker is asked (feedback), or shown
    std::string file;
    int line = 0;

    const Question* question(std::string_view id) const;  // nullptr if none
    const Section* section(std::string_view domain) const;
    const Section* sectionOf(std::string_view questionId) const;
    std::size_t questionCount() const;
    OverallMethod method(const Framework& fw) const { return overallMethod.value_or(fw.overallMethod); }
    std::vector<std::string> domainIds() const;
};

// Parses template XML against the framework it names, looked up in `frameworks`; throws Error(Data)
// listing every problem (including an unknown framework) with file and line.
Template parseTemplate(const std::string& xml, const std::string& file, const std::vector<Framework>& frameworks);
Template loadTemplate(const std::string& path, const std::vector<Framework>& frameworks);

// Every framework and template of a data folder.
class Catalogue {
public:
    // Loads dataDir/audit-frameworks/*.xml and dataDir/templates/*.xml (not their sub-folders). Throws
    // Error(Data) listing every problem of every file; Error(NoInput) if a folder is missing.
    static Catalogue load(const std::string& dataDir);
    static Catalogue load();  // audit::dataDir()

    const std::vector<Framework>& frameworks() const { return frameworks_; }
    const std::vector<Template>& templates() const { return templates_; }  // by id, then version

    // version 0 = the latest version. nullptr if none.
    const Framework* framework(std::string_view id, int version = 0) const;
    const Template* findTemplate(std::string_view id, int version = 0) const;
    // Like findTemplate but throws Error(Data) "unknown template 'x' (known: ...)".
    const Template& getTemplate(std::string_view id, int version = 0) const;
    const Framework& frameworkOf(const Template& t) const;  // the framework the template was validated against
    std::vector<const Template*> latestTemplates() const;   // one per id, latest version
    // The template (latest version) for a case of this category: the only one that applies to it, else the one
    // marked default for it. nullptr when none applies, or several do and none (or more than one) is the default;
    // `why` then says which.
    const Template* templateForCategory(std::string_view category, std::string* why = nullptr) const;

private:
    std::vector<Framework> frameworks_;
    std::vector<Template> templates_;
};

// Validates files of either kind (the root element says which); templates are checked against the
// catalogue's frameworks plus any framework among `paths`. Returns every problem (empty = all valid).
std::vector<Problem> validateFiles(const std::vector<std::string>& paths, const std::vector<Framework>& known);

}  // namespace audit
