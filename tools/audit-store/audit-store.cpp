// audit-store: the store's care: a full check, backups, restores and the retention purge. The work is in the core
// (audit/store/store_care.h, audit/store/store_retention.h); this file reads options and shows results.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/cli/tool.h"
#include "audit/store/store.h"
#include "audit/store/store_care.h"
#include "audit/store/store_retention.h"

namespace {

using namespace audit;

class AuditStore : public cli::Tool {
public:
    AuditStore()
        : Tool({"audit-store", "the store's care: check it, back it up, restore it, purge what retention no longer allows",
                "audit-store check [--quick] [--store DB] [--json]\n"
                "audit-store backup --to FILE [--store DB] [--json]\n"
                "audit-store restore FILE --to SPEC [--replace] [--json]\n"
                "audit-store retention [--set TYPE=YEARS] [--store DB] [--json]\n"
                "audit-store purge --before DATE [--dry-run] [--today DATE] [--store DB] [--json]",
                "Subcommands:\n"
                "  check      every page and index (SQLite integrity_check; --quick: quick_check), foreign keys, every\n"
                "             table readable, every stored return, moderation, KPI and self-assessment file logged in\n"
                "             import_log, every latest-version flag right. Exit 65 listing what is damaged.\n"
                "  backup     a copy of the store taken while others may be writing: SQLite's online backup API (one\n"
                "             consistent snapshot), checked, then renamed into place; PostgreSQL: pg_dump --format=custom\n"
                "             of the store's schema.\n"
                "  restore    puts a backup back as the store SPEC: checked before and after, renamed into place only\n"
                "             when sound. An existing SQLite target is refused unless --replace.\n"
                "  retention  the retention policy held in the store: years after an audit's period that its evidence\n"
                "             (free text) and its case detail (who the child is) are kept; --set changes one.\n"
                "  purge      removes the evidence and case detail of periods past the retention policy and before\n"
                "             --before, keeping grades, moderation grades and weights, so later reports still build\n"
                "             (and say what was purged). One transaction, logged. --dry-run only counts.",
                "audit-store check --store /data/qa/audit.db\n"
                "audit-store backup --to /backup/audit-2026-11-30.db\n"
                "audit-store restore /backup/audit-2026-11-30.db --to /data/qa/audit-restored.db\n"
                "audit-store retention --set evidence=3\n"
                "audit-store purge --before 2020-04-01 --dry-run"}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(flag("quick", "check: quick_check instead of the full integrity_check"));
        set.addOption(opt("to", "FILE|SPEC", "backup: the backup file; restore: the store to restore into"));
        set.addOption(flag("replace", "restore: replace an existing SQLite store (stop every program using it first)"));
        set.addOption(opt("set", "TYPE=YEARS", "retention: keep this record type so many years (evidence, case_detail)"));
        set.addOption(opt("before", "DATE", "purge: only periods ending before this date (YYYY-MM-DD)"));
        set.addOption(flag("dry-run", "purge: say what would be purged, change nothing"));
        set.addOption(opt("today", "DATE", "purge: the date retention is counted to (default today)"));
    }

    int work(const std::vector<std::string>& args) override {
        return dispatch(args, {{"check", [this](const auto& rest) { return check(rest); }},
                               {"backup", [this](const auto& rest) { return backup(rest); }},
                               {"restore", [this](const auto& rest) { return restore(rest); }},
                               {"retention", [this](const auto& rest) { return retention(rest); }},
                               {"purge", [this](const auto& rest) { return purgeCmd(rest); }}});
    }

private:
    void noArguments(const std::string& sub, const std::vector<std::string>& rest) const {
        if (!rest.empty()) usageError(sub + " takes no arguments besides options; unexpected '" + rest.front() + "'");
    }

    void print(const Poco::JSON::Object::Ptr& j) {
        Poco::JSON::Stringifier::condense(j, out());
        out() << '\n';
    }

    int check(const std::vector<std::string>& rest) {
        noArguments("check", rest);
        const auto problems = checkStore(store(), !has("quick"));
        if (json()) {
            Poco::JSON::Object::Ptr j = new Poco::JSON::Object;
            j->set("store", store());
            j->set("ok", problems.empty());
            Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
            for (const auto& p : problems) list->add(p);
            j->set("problems", list);
            print(j);
        }
        if (!problems.empty()) {
            std::vector<Problem> ps;
            for (const auto& p : problems) ps.push_back({store(), "", p});
            throw Error(ErrorKind::Data, ps);
        }
        if (!json() && !quiet()) out() << store() << ": ok (" << (has("quick") ? "quick check" : "full check") << ")\n";
        return 0;
    }

    int backup(const std::vector<std::string>& rest) {
        noArguments("backup", rest);
        const BackupResult r = backupStore(store(), require("to"));
        if (json()) {
            Poco::JSON::Object::Ptr j = new Poco::JSON::Object;
            j->set("to", r.to);
            j->set("bytes", static_cast<Poco::UInt64>(r.bytes));
            j->set("method", r.method);
            print(j);
        } else if (!quiet()) {
            out() << "backed up to " << r.to << " (" << r.bytes << " bytes, " << r.method << ")\n";
        }
        return 0;
    }

    int restore(const std::vector<std::string>& rest) {
        if (rest.size() != 1) usageError("restore takes one file: the backup");
        const RestoreResult r = restoreStore(rest.front(), require("to"), has("replace"));
        if (json()) {
            Poco::JSON::Object::Ptr j = new Poco::JSON::Object;
            j->set("to", r.to);
            j->set("schema_version", r.schemaVersion);
            j->set("method", r.method);
            print(j);
        } else if (!quiet()) {
            out() << "restored " << rest.front() << " to " << r.to << " (schema version " << r.schemaVersion
                  << ", checked)\n";
        }
        return 0;
    }

    int retention(const std::vector<std::string>& rest) {
        noArguments("retention", rest);
        Store db(store(), StoreOpen::ReadWrite);
        if (auto set = optional("set")) {
            const auto eq = set->find('=');
            long years = -1;
            if (eq != std::string::npos) {
                char* end = nullptr;
                years = std::strtol(set->c_str() + eq + 1, &end, 10);
                if (end == set->c_str() + eq + 1 || *end) years = -1;
            }
            if (eq == std::string::npos || years < 0) usageError("--set wants TYPE=YEARS (e.g. evidence=3), not '" + *set + "'");
            setRetention(db, set->substr(0, eq), static_cast<int>(years), "audit-store");
        }
        const auto rules = retentionPolicy(db);
        if (json()) {
            Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
            for (const auto& r : rules) {
                Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
                o->set("record_type", r.recordType);
                o->set("keep_years", r.keepYears);
                o->set("what", r.what);
                list->add(o);
            }
            Poco::JSON::Stringifier::condense(list, out());
            out() << '\n';
        } else if (!quiet()) {
            for (const auto& r : rules) out() << r.recordType << ": " << r.keepYears << " years (" << r.what << ")\n";
        }
        return 0;
    }

    int purgeCmd(const std::vector<std::string>& rest) {
        noArguments("purge", rest);
        const std::string before = require("before");
        const std::string todayIso = value("today", today().iso());
        Store db(store(), StoreOpen::ReadWrite);
        const PurgeResult r = purge(db, before, todayIso, has("dry-run"), "audit-store");
        if (json()) {
            Poco::JSON::Object::Ptr j = new Poco::JSON::Object;
            j->set("before", r.before);
            j->set("dry_run", r.dryRun);
            Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
            for (const auto& t : r.types) {
                Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
                o->set("record_type", t.recordType);
                o->set("cutoff", t.cutoff);
                o->set("rows", static_cast<Poco::UInt64>(t.rows));
                Poco::JSON::Array::Ptr ps = new Poco::JSON::Array;
                for (const auto& p : t.periods) ps->add(p);
                o->set("periods", ps);
                list->add(o);
            }
            j->set("types", list);
            print(j);
        } else if (!quiet()) {
            for (const auto& t : r.types)
                out() << t.recordType << ": periods ending before " << t.cutoff << ": "
                      << (t.periods.empty() ? std::string("nothing to purge")
                                            : std::to_string(t.rows) + (r.dryRun ? " rows would be purged (" : " rows purged (") +
                                                  t.periods.front() + (t.periods.size() > 1 ? " to " + t.periods.back() : "") + ")")
                      << '\n';
        }
        return 0;
    }
};

}  // namespace

AUDIT_TOOL_MAIN(AuditStore)
