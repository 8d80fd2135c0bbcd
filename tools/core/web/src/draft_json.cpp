// Drafts as JSON (the API's and the store's form) and from the HTML form's fields.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "audit/base/error.h"
#include "audit/web/audits.h"

namespace audit::web {

namespace {

Poco::JSON::Object::Ptr mapObject(const std::map<std::string, std::string>& m) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [k, v] : m) o->set(k, v);
    return o;
}

std::string str(const Poco::Dynamic::Var& v, const std::string& what) {
    if (v.isEmpty()) return {};
    if (!v.isString()) throw Error(ErrorKind::Data, "draft", what, "expected text");
    return v.convert<std::string>();
}

void readMap(const Poco::JSON::Object::Ptr& o, const char* key, std::map<std::string, std::string>& into) {
    if (!o->has(key)) return;
    auto m = o->getObject(key);
    if (!m) throw Error(ErrorKind::Data, "draft", key, "expected an object of id: text");
    for (const auto& [k, v] : *m) into[k] = str(v, std::string(key) + "." + k);
}

}  // namespace

std::string draftToJson(const Draft& d) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("answers", mapObject(d.input.answers));
    o.set("evidence", mapObject(d.input.evidence));
    o.set("grades", mapObject(d.input.domainGrades));
    o.set("rationales", mapObject(d.input.domainRationales));
    o.set("overall_grade", d.input.overallGrade);
    o.set("overall_rationale", d.input.overallRationale);
    o.set("strengths", d.input.strengths);
    o.set("completed", d.completed);
    Poco::JSON::Array::Ptr actions = new Poco::JSON::Array;
    for (const auto& a : d.input.actions) {
        Poco::JSON::Object::Ptr x = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        x->set("action", a.action);
        x->set("owner", a.owner);
        x->set("due", a.due);
        actions->add(x);
    }
    o.set("actions", actions);
    std::ostringstream os;
    o.stringify(os);
    return os.str();
}

Draft draftFromJson(const std::string& json) {
    Poco::JSON::Object::Ptr o;
    try {
        o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        throw Error(ErrorKind::Data, "draft", "", "the draft is not a JSON object");
    }
    if (!o) throw Error(ErrorKind::Data, "draft", "", "the draft is not a JSON object");
    Draft d;
    readMap(o, "answers", d.input.answers);
    readMap(o, "evidence", d.input.evidence);
    readMap(o, "grades", d.input.domainGrades);
    readMap(o, "rationales", d.input.domainRationales);
    d.input.overallGrade = str(o->get("overall_grade"), "overall_grade");
    d.input.overallRationale = str(o->get("overall_rationale"), "overall_rationale");
    d.input.strengths = str(o->get("strengths"), "strengths");
    d.completed = str(o->get("completed"), "completed");
    if (o->has("actions")) {
        auto arr = o->getArray("actions");
        if (!arr) throw Error(ErrorKind::Data, "draft", "actions", "expected a list of {action, owner, due}");
        for (std::size_t i = 0; i < arr->size(); ++i) {
            auto x = arr->getObject(static_cast<unsigned>(i));
            if (!x) throw Error(ErrorKind::Data, "draft", "actions", "expected a list of {action, owner, due}");
            const std::string where = "actions[" + std::to_string(i) + "]";
            d.input.actions.push_back({str(x->get("action"), where + ".action"), str(x->get("owner"), where + ".owner"),
                                       str(x->get("due"), where + ".due")});
        }
    }
    if (d.input.actions.size() > 50) throw Error(ErrorKind::Data, "draft", "actions", "at most 50 actions");
    return d;
}

Draft draftFromFields(const std::map<std::string, std::string>& f, const Template& tpl) {
    Draft d;
    auto get = [&](const std::string& k) {
        auto it = f.find(k);
        return it == f.end() ? std::string() : it->second;
    };
    for (const auto& s : tpl.sections) {
        for (const auto& q : s.questions) {
            if (auto v = get("answer." + q.id); !v.empty()) d.input.answers[q.id] = v;
            if (auto v = get("evidence." + q.id); !v.empty()) d.input.evidence[q.id] = v;
        }
        if (auto v = get("grade." + s.domain); !v.empty()) d.input.domainGrades[s.domain] = v;
        if (auto v = get("rationale." + s.domain); !v.empty()) d.input.domainRationales[s.domain] = v;
    }
    d.input.overallGrade = get("overall.grade");
    d.input.overallRationale = get("overall.rationale");
    d.input.strengths = get("strengths");
    d.completed = get("completed");
    for (int i = 1; i <= tpl.actionRows; ++i) {
        const std::string n = std::to_string(i);
        d.input.actions.push_back({get("action." + n + ".action"), get("action." + n + ".owner"), get("action." + n + ".due")});
    }
    while (!d.input.actions.empty() && d.input.actions.back().action.empty() && d.input.actions.back().owner.empty() &&
           d.input.actions.back().due.empty())
        d.input.actions.pop_back();
    return d;
}

}  // namespace audit::web
