#include "actions_cmd.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <cstdlib>

#include "audit/base/date.h"
#include "audit/jobs/report.h"
#include "audit/store/store.h"

namespace audit::reportcli {

using namespace audit::report;

namespace {
std::string dateOption(const cli::Tool& tool, const std::string& name) {
    auto v = tool.optional(name);
    if (!v) return today().iso();
    auto d = parseDate(*v);
    if (!d) tool.usageError("--" + name + " '" + *v + "' is not a date (expected YYYY-MM-DD or dd/mm/yyyy)");
    return d->iso();
}
}  // namespace

int actionsCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("actions takes no arguments besides options; unexpected '" + rest.front() + "'");
    jobs::ReportActionsRequest q;
    q.out = tool.require("out");
    q.asOf = dateOption(tool, "as-of");
    q.store = tool.store();
    const bool folder = q.out.size() < 5 || q.out.substr(q.out.size() - 5) != ".xlsx";
    if (folder) {
        q.by = tool.value("by", "owner");
        if (q.by != "owner" && q.by != "team") tool.usageError("actions: --by must be owner or team, not '" + q.by + "'");
        if (tool.has("return-by")) q.returnBy = dateOption(tool, "return-by");
        q.returnTo = tool.value("return-to", q.returnTo);
    } else {
        for (const char* o : {"by", "return-by", "return-to"})
            if (tool.has(o)) tool.usageError(std::string("actions: --") + o + " is for trackers per owner or team: give --out a folder, not a .xlsx file");
    }
    const TrackerResult r = jobs::reportActions(q);
    const std::string storeName = storeDisplayName(q.store);
    if (tool.json()) {
        Poco::JSON::Object::Ptr j = new Poco::JSON::Object;
        j->set("out", q.out);
        j->set("as_of", q.asOf);
        j->set("store", storeName);
        j->set("actions", static_cast<Poco::UInt64>(r.actions));
        j->set("overdue", static_cast<Poco::UInt64>(r.overdue));
        if (folder) {
            j->set("by", q.by);
            Poco::JSON::Array::Ptr files = new Poco::JSON::Array;
            for (const auto& f : r.files) {
                Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
                o->set(q.by, f.name);
                o->set("file", f.file);
                o->set("actions", static_cast<Poco::UInt64>(f.actions));
                o->set("overdue", static_cast<Poco::UInt64>(f.overdue));
                files->add(o);
            }
            j->set("trackers", files);
        }
        Poco::JSON::Stringifier::condense(j, tool.out());
        tool.out() << '\n';
    } else if (!tool.quiet()) {
        for (const auto& f : r.files)
            tool.out() << "wrote " << f.file << ": " << f.actions << (f.actions == 1 ? " action" : " actions") << " ("
                   << f.overdue << " overdue) for " << (f.name.empty() ? "(none)" : f.name) << '\n';
        tool.out() << r.actions << " open actions (" << r.overdue << " overdue at " << q.asOf << ")";
        if (folder) tool.out() << " in " << r.files.size() << " trackers, one per " << q.by;
        tool.out() << "; store " << storeName << '\n';
        if (!folder) tool.out() << "wrote " << q.out << '\n';
    }
    return 0;
}

int actionsImportCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (rest.size() != 1) tool.usageError("actions-import takes one file: the returned tracker");
    const std::string file = rest.front();
    const std::string todayIso = dateOption(tool, "today");
    std::string by = tool.value("by", "");
    if (by.empty()) {
        const char* user = std::getenv("USER");
        by = user ? user : "";
    }
    const TrackerImport r = jobs::reportActionsImport({file, todayIso, by, tool.store()});
    if (tool.json()) {
        Poco::JSON::Object::Ptr j = new Poco::JSON::Object;
        j->set("file", file);
        j->set("store", storeDisplayName(tool.store()));
        j->set("rows", static_cast<Poco::UInt64>(r.rows));
        j->set("updated", static_cast<Poco::UInt64>(r.updated));
        j->set("unchanged", r.unchanged);
        Poco::JSON::Stringifier::condense(j, tool.out());
        tool.out() << '\n';
    } else if (!tool.quiet()) {
        if (r.unchanged) tool.out() << file << " was imported before: nothing changed (store " << storeDisplayName(tool.store()) << ")\n";
        else tool.out() << file << ": " << r.rows << " actions read, " << r.updated << " updated; store " << storeDisplayName(tool.store()) << "\n";
    }
    return 0;
}

}  // namespace audit::reportcli
