#include "audit/store/store_care.h"

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <regex>

#include "audit/base/error.h"
#include "audit/store/store.h"

namespace fs = std::filesystem;

namespace audit {

namespace {

bool isPostgres(const std::string& spec) { return spec.rfind("postgresql:", 0) == 0; }

std::string sqlitePath(const std::string& spec) { return spec.rfind("sqlite:", 0) == 0 ? spec.substr(7) : spec; }

std::string tempNextTo(const std::string& path) { return path + ".tmp-" + std::to_string(::getpid()); }

void removeQuietly(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// An SQLite connection of our own (the C API: the backup API has no Poco wrapper).
class Sqlite {
public:
    Sqlite(const std::string& path, int flags) {
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw Error(ErrorKind::CantCreate, path, "", "cannot open: " + why);
        }
        sqlite3_busy_timeout(db_, 10000);
    }
    ~Sqlite() { sqlite3_close(db_); }
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;
    sqlite3* get() const { return db_; }
    std::vector<std::string> column(const std::string& sql) const {
        std::vector<std::string> out;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            out.push_back(std::string("error: ") + sqlite3_errmsg(db_));
            return out;
        }
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const auto* t = sqlite3_column_text(st, 0);
            out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
        }
        if (rc != SQLITE_DONE) out.push_back(std::string("error: ") + sqlite3_errmsg(db_));
        sqlite3_finalize(st);
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

// Copies every page of `from` into `to` in one step (one read transaction: a consistent snapshot).
void copyPages(sqlite3* from, sqlite3* to, const std::string& what) {
    sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) throw Error(ErrorKind::IO, what, "", std::string("cannot start the backup: ") + sqlite3_errmsg(to));
    int rc;
    do {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_OK);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        throw Error(rc == SQLITE_FULL || rc == SQLITE_IOERR ? ErrorKind::IO : ErrorKind::IO, what, "",
                    std::string("the backup failed: ") + sqlite3_errstr(rc));
}

std::vector<std::string> damage(const Sqlite& db) {
    std::vector<std::string> problems;
    for (const auto& line : db.column("PRAGMA integrity_check(100)"))
        if (line != "ok") problems.push_back("damaged: " + line);
    return problems;
}

[[noreturn]] void throwProblems(ErrorKind kind, const std::string& file, const std::string& what,
                                const std::vector<std::string>& problems) {
    std::vector<Problem> ps;
    for (const auto& p : problems) ps.push_back({file, "", what + ": " + p});
    throw Error(kind, ps);
}

// Runs a program with arguments; its output and errors are returned, never printed (the core is silent).
int runProgram(const std::string& program, const std::vector<std::string>& args, std::string& output) {
    Poco::Pipe outPipe;
    Poco::ProcessHandle ph = Poco::Process::launch(program, args, nullptr, &outPipe, &outPipe);
    Poco::PipeInputStream in(outPipe);
    Poco::StreamCopier::copyToString(in, output);
    return ph.wait();
}

std::string hidePassword(std::string s) {
    s = std::regex_replace(s, std::regex(R"((password\s*=\s*)('([^'\\]|\\.)*'|\S+))"), "$1***");
    return std::regex_replace(s, std::regex(R"((//[^:/@\s]+):[^@/\s]*@)"), "$1:***@");
}

// pg_dump/pg_restore of the server's major version if Debian's folder has it, else the one on PATH.
std::string pgProgram(Store& store, const std::string& name) {
    const auto num = store.scalar<std::string>("SHOW server_version_num").value_or("0");
    const std::string major = std::to_string(std::stoi(num) / 10000);
    const std::string versioned = "/usr/lib/postgresql/" + major + "/bin/" + name;
    if (fs::exists(versioned)) return versioned;
    for (const char* dir : {"/usr/bin", "/usr/local/bin"})
        if (fs::exists(std::string(dir) + "/" + name)) return std::string(dir) + "/" + name;
    throw Error(ErrorKind::IO, store.name(), "",
                name + " is not installed: install the Debian package postgresql-client (of the server's version " +
                    major + ")");
}

// The newest pg_restore/pg_dump Debian has (/usr/lib/postgresql/<major>/bin), else the one on PATH.
std::string newestPgProgram(const std::string& name) {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
        if (fs::exists(entry.path() / "bin" / name)) found.push_back((entry.path() / "bin" / name).string());
    std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    if (!found.empty()) return found.back();
    if (fs::exists("/usr/bin/" + name)) return "/usr/bin/" + name;
    throw Error(ErrorKind::IO, name, "", "is not installed: install the Debian package postgresql-client");
}

std::string conninfoOf(const std::string& spec) {
    std::string c = spec.substr(std::string("postgresql:").size());
    return c.rfind("//", 0) == 0 ? spec : c;
}

}  // namespace

std::vector<std::string> checkStore(const std::string& spec, bool full) {
    if (!isPostgres(spec)) {
        const std::string path = sqlitePath(spec);
        if (!fs::exists(path)) throw Error(ErrorKind::NoInput, path, "", "no such store");
        // Check the pages before the Store opens it: opening reads the schema, which a damaged file may not give.
        Sqlite raw(path, SQLITE_OPEN_READONLY);
        auto problems = damage(raw);
        if (!problems.empty()) return problems;
    }
    try {
        Store store(spec, StoreOpen::ReadWrite);
        return store.integrityProblems(full);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Data) throw;
        return {e.what()};
    }
}

BackupResult backupStore(const std::string& spec, const std::string& to) {
    if (to.empty()) throw Error(ErrorKind::Usage, "", "", "no backup file given (--to FILE)");
    BackupResult result;
    result.to = to;
    const fs::path parent = fs::path(to).parent_path().empty() ? fs::path(".") : fs::path(to).parent_path();
    if (!fs::is_directory(parent))
        throw Error(ErrorKind::CantCreate, to, "", "cannot write the backup: folder '" + parent.string() + "' does not exist");
    Store store(spec, StoreOpen::ReadWrite);
    const std::string temp = tempNextTo(to);
    try {
        if (store.backend() == StoreBackend::SQLite) {
            if (store.name() == ":memory:") throw Error(ErrorKind::Usage, "", "", "an in-memory store has nothing to back up");
            result.method = "sqlite online backup";
            {
                Sqlite copy(temp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
                copyPages(Poco::Data::SQLite::Utility::dbHandle(store.session()), copy.get(), to);
                const auto problems = damage(copy);
                if (!problems.empty()) throwProblems(ErrorKind::IO, to, "the copy is damaged", problems);
                // One file, nothing beside it: the copy keeps the store's WAL mode, so checkpoint it.
                copy.column("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        } else {
            const std::string schema = store.scalar<std::string>("SELECT current_schema()").value_or("public");
            const std::string program = pgProgram(store, "pg_dump");
            std::vector<std::string> args = {"--format=custom", "--no-owner", "--schema=" + schema, "--file=" + temp,
                                             "--dbname=" + conninfoOf(spec)};
            result.method = program + " --format=custom --no-owner --schema=" + schema + " --file=" + to +
                            " --dbname=" + hidePassword(conninfoOf(spec));
            std::string output;
            if (runProgram(program, args, output) != 0)
                throw Error(ErrorKind::IO, store.name(), "", "pg_dump failed: " + hidePassword(output));
        }
        std::error_code ec;
        fs::rename(temp, to, ec);
        if (ec) throw Error(ErrorKind::IO, to, "", "cannot put the backup in place: " + ec.message());
    } catch (...) {
        removeQuietly(temp);
        throw;
    }
    result.bytes = fs::file_size(to);
    return result;
}

RestoreResult restoreStore(const std::string& from, const std::string& toSpec, bool replace) {
    if (!fs::exists(from)) throw Error(ErrorKind::NoInput, from, "", "no such backup");
    std::array<char, 16> header{};
    {
        std::ifstream in(from, std::ios::binary);
        in.read(header.data(), header.size());
    }
    const bool sqliteFile = std::string(header.data(), 15) == "SQLite format 3";
    const bool pgArchive = std::string(header.data(), 5) == "PGDMP";
    RestoreResult result;
    if (!isPostgres(toSpec)) {
        if (!sqliteFile)
            throw Error(ErrorKind::Data, from, "",
                        pgArchive ? "is a PostgreSQL backup (pg_dump): restore it to a postgresql: store"
                                  : "is not a backup of an audit store (not an SQLite database)");
        const std::string target = sqlitePath(toSpec);
        result.to = target;
        result.method = "sqlite online backup";
        if (fs::exists(target) && !replace)
            throw Error(ErrorKind::CantCreate, target, "",
                        "already exists: restore to a new file, or add --replace once every program using it has stopped");
        {
            Sqlite source(from, SQLITE_OPEN_READONLY);
            const auto problems = damage(source);
            if (!problems.empty()) throwProblems(ErrorKind::Data, from, "the backup is damaged", problems);
            const auto tables = source.column("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
            if (tables.empty())
                throw Error(ErrorKind::Data, from, "", "is an SQLite database but not a backup of an audit store");
        }
        const std::string temp = tempNextTo(target);
        try {
            {
                Sqlite source(from, SQLITE_OPEN_READONLY);
                Sqlite copy(temp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
                copyPages(source.get(), copy.get(), target);
            }
            {
                Store restored(temp);  // migrates an older backup
                const auto problems = restored.integrityProblems(true);
                if (!problems.empty()) throwProblems(ErrorKind::Data, from, "the restored store is inconsistent", problems);
                result.schemaVersion = restored.schemaVersion();
                restored.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            removeQuietly(target);
            std::error_code ec;
            fs::rename(temp, target, ec);
            if (ec) throw Error(ErrorKind::IO, target, "", "cannot put the restored store in place: " + ec.message());
        } catch (...) {
            removeQuietly(temp);
            throw;
        }
        return result;
    }
    if (!pgArchive)
        throw Error(ErrorKind::Data, from, "",
                    sqliteFile ? "is an SQLite backup: restore it to an SQLite store file"
                               : "is not a backup of an audit store (not a pg_dump custom archive)");
    // pg_restore brings the store back in the schema it was backed up from; it refuses (and, as one transaction,
    // changes nothing) when the target database already has that schema.
    const std::string program = newestPgProgram("pg_restore");
    result.to = hidePassword(toSpec);
    result.method = program + " --single-transaction --exit-on-error --no-owner --dbname=" +
                    hidePassword(conninfoOf(toSpec)) + " " + from;
    std::string output;
    if (runProgram(program, {"--single-transaction", "--exit-on-error", "--no-owner", "--dbname=" + conninfoOf(toSpec), from},
                   output) != 0)
        throw Error(ErrorKind::IO, result.to, "", "pg_restore failed: " + hidePassword(output));
    Store restored(toSpec);
    const auto problems = restored.integrityProblems(true);
    if (!problems.empty()) throwProblems(ErrorKind::Data, from, "the restored store is inconsistent", problems);
    result.schemaVersion = restored.schemaVersion();
    return result;
}

}  // namespace audit
