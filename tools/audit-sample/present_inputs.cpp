// What audit-sample shows for the inputs it prepares: a suggested column map (check --suggest-map) and an
// imported audit history (history import).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "audit/cli/table.h"
#include "present.h"

namespace audit::sample {

namespace {
const char* howName(MatchHow h) {
    switch (h) {
        case MatchHow::Exact: return "exact";
        case MatchHow::Alias: return "alias";
        case MatchHow::Nearest: return "nearest";
        case MatchHow::Word: return "weak";
        case MatchHow::None: break;
    }
    return "not found";
}
}  // namespace

void printSuggestion(std::ostream& os, const jobs::SuggestMapResult& r, bool json) {
    if (json) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("out", r.out);
        o->set("id", r.id);
        o->set("source", r.source);
        Poco::JSON::Array::Ptr fields = new Poco::JSON::Array;
        for (const auto& m : r.suggestion.fields) {
            Poco::JSON::Object::Ptr f = new Poco::JSON::Object;
            f->set("field", std::string(fieldName(m.field)));
            f->set("match", std::string(howName(m.how)));
            if (m.how != MatchHow::None) {
                f->set("header", m.header);
                f->set("matched", m.matched);
                if (!m.mapId.empty()) f->set("map", m.mapId);
                if (m.how == MatchHow::Nearest) f->set("edits", static_cast<Poco::UInt64>(m.edits));
            }
            fields->add(f);
        }
        o->set("fields", fields);
        Poco::JSON::Array::Ptr unused = new Poco::JSON::Array;
        for (const auto& h : r.suggestion.unusedHeaders) unused->add(h);
        o->set("unmatched_headers", unused);
        Poco::JSON::Stringifier::stringify(o, os, 2);
        os << '\n';
        return;
    }
    os << "Column map '" << r.id << "' written to " << r.out << " from " << r.source << "\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : r.suggestion.fields) {
        if (m.how == MatchHow::None && !isRequired(m.field)) continue;
        std::string how = howName(m.how);
        if (m.how == MatchHow::Nearest) how += " (" + std::to_string(m.edits) + " edit" + (m.edits == 1 ? "" : "s") + " from '" + m.matched + "')";
        if (m.how == MatchHow::Alias) how += " (map " + m.mapId + ")";
        if (m.how == MatchHow::Word) how += " (shares '" + m.word + "' with '" + m.matched + "')";
        if (m.how == MatchHow::None) how = "NOT FOUND (required: edit the map)";
        rows.push_back({std::string(fieldName(m.field)), m.header, how});
    }
    cli::printTable(os, {"field", "header", "match"}, rows, {false, false, false});
    std::string unused;
    for (const auto& h : r.suggestion.unusedHeaders) unused += (unused.empty() ? "'" : ", '") + h + "'";
    os << "\nheaders not matched: " << (unused.empty() ? "none" : unused) << '\n';
    os << "next: review " << r.out << ", then audit-sample check --cases FILE --map " << r.out << '\n';
}

void printHistoryImport(std::ostream& os, const jobs::HistoryImportResult& r, bool json) {
    if (json) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("file", r.file);
        if (!r.sheet.empty()) o->set("sheet", r.sheet);
        o->set("sha256", r.hash);
        o->set("map", r.mapId);
        o->set("header_row", static_cast<Poco::UInt64>(r.headerRow));
        o->set("id_columns", r.idColumns);
        o->set("date_column", r.dateColumn);
        o->set("template_column", r.templateColumn);
        o->set("rows", static_cast<Poco::UInt64>(r.rows));
        o->set("cases", static_cast<Poco::UInt64>(r.cases));
        o->set("added", static_cast<Poco::UInt64>(r.added));
        o->set("already_stored", static_cast<Poco::UInt64>(r.alreadyStored));
        o->set("first_date", r.firstDate);
        o->set("last_date", r.lastDate);
        if (r.importId) o->set("import_id", *r.importId);
        else o->set("import_id", Poco::Dynamic::Var());
        o->set("store", r.storeName);
        Poco::JSON::Stringifier::stringify(o, os, 2);
        os << '\n';
        return;
    }
    os << r.file << (r.sheet.empty() ? "" : " (sheet '" + r.sheet + "')") << ": " << r.rows << " prior audit"
       << (r.rows == 1 ? "" : "s") << " of " << r.cases << " case" << (r.cases == 1 ? "" : "s") << ", " << r.firstDate
       << " to " << r.lastDate << " (ids: " << r.idColumns << "; date: " << r.dateColumn
       << (r.templateColumn.empty() ? "" : "; template: " + r.templateColumn) << ")\n";
    if (r.importId)
        os << "added " << r.added << ", already held " << r.alreadyStored << " (in the store, or repeated in the file; import " << *r.importId << ", store "
           << r.storeName << ")\n";
    else
        os << "nothing new: all " << r.alreadyStored << " already in the store " << r.storeName
           << " (imported before); nothing written\n";
}

}  // namespace audit::sample
