#include "audit/store/store.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <libpq-fe.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/RandomStream.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <cstdlib>
#include <regex>

#include "audit/base/error.h"
#include "audit/base/paths.h"
#include "audit/store/voiding.h"
#include "store_migrations.h"

namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;

namespace audit {

// ---------------------------------------------------------------------------------------------- StoreRow

StoreRow::StoreRow(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Poco::Dynamic::Var> values)
    : columns_(std::move(columns)), values_(std::move(values)) {}

std::size_t StoreRow::index(std::string_view column) const {
    for (std::size_t i = 0; i < columns_->size(); ++i)
        if ((*columns_)[i] == column) return i;
    throw Error(ErrorKind::Internal, "no column '" + std::string(column) + "' in the query's result");
}

bool StoreRow::isNull(std::size_t i) const { return values_.at(i).isEmpty(); }

std::string StoreRow::text(std::size_t i) const { return isNull(i) ? std::string() : values_[i].convert<std::string>(); }

std::optional<std::string> StoreRow::optText(std::size_t i) const {
    if (isNull(i)) return std::nullopt;
    return values_[i].convert<std::string>();
}

std::int64_t StoreRow::integer(std::size_t i) const {
    auto v = optInteger(i);
    if (!v) throw Error(ErrorKind::Internal, "column '" + columns_->at(i) + "' is NULL where a number was expected");
    return *v;
}

std::optional<std::int64_t> StoreRow::optInteger(std::size_t i) const {
    if (isNull(i)) return std::nullopt;
    try {
        return values_[i].convert<Poco::Int64>();
    } catch (const Poco::Exception& e) {
        throw Error(ErrorKind::Internal, "column '" + columns_->at(i) + "' is not a whole number: " + e.displayText());
    }
}

double StoreRow::real(std::size_t i) const {
    auto v = optReal(i);
    if (!v) throw Error(ErrorKind::Internal, "column '" + columns_->at(i) + "' is NULL where a number was expected");
    return *v;
}

std::optional<double> StoreRow::optReal(std::size_t i) const {
    if (isNull(i)) return std::nullopt;
    try {
        return values_[i].convert<double>();
    } catch (const Poco::Exception& e) {
        throw Error(ErrorKind::Internal, "column '" + columns_->at(i) + "' is not a number: " + e.displayText());
    }
}

void store_detail::throwTooLarge(unsigned long long v) {
    throw Error(ErrorKind::Internal, std::to_string(v) +
                                         " is too large for the store's 64-bit integers: store it as text (as draw.seed is)");
}

// ---------------------------------------------------------------------------------------------- helpers

namespace {

constexpr const char* kPostgresPrefix = "postgresql:";
constexpr const char* kSqlitePrefix = "sqlite:";
constexpr Poco::Int64 kMigrationLockKey = 0x6175646974;  // "audit": PostgreSQL advisory lock during migrations

void registerConnectors() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
    });
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string utcNow() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ"); }

// The store's clock: the system's, or the fixed time in $AUDIT_NOW (demos and reproducible runs).
std::function<std::string()> defaultClock() {
    const char* fixed = std::getenv("AUDIT_NOW");
    if (!fixed || !*fixed) return utcNow;
    static const std::regex utc(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ)");
    const std::string value = fixed;
    if (!std::regex_match(value, utc))
        throw Error(ErrorKind::Usage, "AUDIT_NOW '" + value + "' is not a UTC time (expected YYYY-MM-DDThh:mm:ssZ, "
                                      "e.g. 2026-07-01T09:00:00Z)");
    return [value] { return value; };
}

// "postgresql:host=db password=secret" -> "postgresql:host=db password=***"; URIs lose "user:secret@".
std::string redactSpec(const std::string& spec) {
    std::string s = std::regex_replace(spec, std::regex(R"((password\s*=\s*)('([^'\\]|\\.)*'|\S+))"), "$1***");
    return std::regex_replace(s, std::regex(R"((//[^:/@\s]+):[^@/\s]*@)"), "$1:***@");
}

std::string expandTokens(std::string statement, StoreBackend backend) {
    const bool pg = backend == StoreBackend::PostgreSQL;
    const std::pair<std::string, std::string> tokens[] = {
        {"{id}", pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY"},
        {"{blob}", pg ? "BYTEA" : "BLOB"},
    };
    for (const auto& [token, value] : tokens)
        for (auto pos = statement.find(token); pos != std::string::npos; pos = statement.find(token, pos + value.size()))
            statement.replace(pos, token.size(), value);
    return statement;
}

std::string shortSql(std::string_view text) {
    std::string s;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !s.empty();
            continue;
        }
        if (space) s += ' ';
        space = false;
        s += c;
    }
    if (s.size() > 160) s = s.substr(0, 157) + "...";
    return s;
}

// `n` bytes from the system's random source, as 2n lower-case hex digits (keys and identities, not draws).
std::string randomHex(std::size_t n) {
    Poco::RandomInputStream random;
    std::vector<unsigned char> bytes(n);
    random.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(n));
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned char b : bytes) {
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    return hex;
}

std::string currentUser() { return currentUserName(); }

}  // namespace

// ---------------------------------------------------------------------------------------------- open

int Store::latestSchemaVersion() { return store_migrations::all().back().version; }

std::string storeDisplayName(const std::string& spec) {
    if (startsWith(spec, kPostgresPrefix)) return redactSpec(spec);
    return startsWith(spec, kSqlitePrefix) ? spec.substr(std::string_view(kSqlitePrefix).size()) : spec;
}

Store::Store(const std::string& spec, StoreOptions options) : clock_(defaultClock()), options_(options) {
    registerConnectors();
    if (spec.empty()) throwUsage("no store given: use --store PATH or set AUDIT_STORE");
    if (startsWith(spec, kPostgresPrefix)) {
        openPostgres(spec);
    } else {
        openSqlite(startsWith(spec, kSqlitePrefix) ? spec.substr(std::string_view(kSqlitePrefix).size()) : spec);
    }
    if (options_.open != StoreOpen::Create) {
        const auto existing = tables();
        if (std::find(existing.begin(), existing.end(), "schema_version") == existing.end() && existing.empty())
            throw Error(ErrorKind::NoInput, name_, "",
                        "holds no audit store yet, and this command does not create one (give --store the "
                        "store your samples and returns went to, or set AUDIT_STORE)");
    }
    migrate();
    if (options_.open == StoreOpen::ReadOnly) {
        if (backend_ == StoreBackend::SQLite)
            exec("PRAGMA query_only = ON");
        else
            exec("SET default_transaction_read_only = on");
    }
}

Store::~Store() {
    if (depth_ > 0) {
        depth_ = 1;
        rollback();
    }
    cache_.clear();  // SQLite does not close a connection that still has statements
    try {
        if (session_) session_->close();
    } catch (...) {
    }
}

namespace {

// The store files this process has SQLite connections to, by canonical path, with how many. SQLite's locks are POSIX
// advisory locks, and a process loses all its locks on a file when it closes ANY descriptor of that file: reading
// the header through a descriptor of our own while another connection of this process has the file open would drop
// the shared lock that WAL mode holds, and another process closing the store would then delete the -wal file under
// the open connections (issue 15's month test found it: the server's writes went to an unlinked file).
std::mutex gOpenMutex;
std::map<std::string, int> gOpenFiles;

std::string fileKey(const std::string& path) {
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(fs::path(path), ec);
    return ec ? path : c.string();
}

bool openInThisProcess(const std::string& key) {
    std::lock_guard<std::mutex> lock(gOpenMutex);
    const auto it = gOpenFiles.find(key);
    return it != gOpenFiles.end() && it->second > 0;
}

std::shared_ptr<void> markOpen(const std::string& key) {
    {
        std::lock_guard<std::mutex> lock(gOpenMutex);
        ++gOpenFiles[key];
    }
    return std::shared_ptr<void>(nullptr, [key](void*) {
        std::lock_guard<std::mutex> lock(gOpenMutex);
        if (--gOpenFiles[key] <= 0) gOpenFiles.erase(key);
    });
}

}  // namespace

void Store::openSqlite(const std::string& path) {
    backend_ = StoreBackend::SQLite;
    name_ = path;
    if (path.empty()) throwUsage("no store file given after 'sqlite:'");
    const bool memory = path == ":memory:";
    if (!memory) {
        std::error_code ec;
        const fs::path p(path);
        if (fs::is_directory(p, ec)) throw Error(ErrorKind::CantCreate, path, "", "is a folder, not a store file");
        if (options_.open != StoreOpen::Create && !fs::exists(p, ec))
            throw Error(ErrorKind::NoInput, path, "",
                        "no audit store here, and this command only uses an existing one: it does not create it "
                        "(give --store the store your samples and returns went to, or set AUDIT_STORE; "
                        "audit-sample draw creates a store)");
        // Already open through SQLite in this process: SQLite has read its header, and opening it ourselves would
        // drop the process's locks on it (above).
        if (fs::exists(p, ec) && !openInThisProcess(fileKey(path))) {
            std::ifstream in(path, std::ios::binary);
            if (!in) throw Error(ErrorKind::NoInput, path, "", "the store cannot be read (permissions?)");
            std::array<char, 16> header{};
            in.read(header.data(), header.size());
            const auto got = in.gcount();
            static const char magic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
            if (got > 0 && (got < 16 || !std::equal(header.begin(), header.end(), magic)))
                throw Error(ErrorKind::Data, path, "",
                            "is not an SQLite database, so not an audit store (give --store a new file name or "
                            "an existing store)");
        } else {
            const fs::path parent = p.parent_path().empty() ? fs::path(".") : p.parent_path();
            if (!fs::is_directory(parent, ec))
                throw Error(ErrorKind::CantCreate, path, "",
                            "cannot create the store: folder '" + parent.string() + "' does not exist");
        }
    }
    try {
        session_ = std::make_unique<Poco::Data::Session>("SQLite", path);
    } catch (const Poco::Exception& e) {
        throw Error(ErrorKind::CantCreate, path, "", "cannot open the store: " + e.displayText());
    }
    db_ = Poco::Data::SQLite::Utility::dbHandle(*session_);
    if (!memory) openMark_ = markOpen(fileKey(path));
    query("PRAGMA busy_timeout = " + std::to_string(options_.busyTimeoutMs));
    exec("PRAGMA foreign_keys = ON");
    // Whose database is it, and is it too new? Both checks read only: a refused file is left byte for byte as it
    // was, so they come before the journal mode (WAL rewrites bytes 18 and 19 of the header).
    existingSchemaVersion();
    if (!memory) {
        const auto mode = scalar<std::string>("PRAGMA journal_mode = WAL");
        if (mode.value_or("") != "wal")
            throw Error(ErrorKind::IO, path, "",
                        "cannot use WAL journal mode (got '" + mode.value_or("") +
                            "'): is the store on a network share? Keep it on a local disk");
        exec("PRAGMA synchronous = NORMAL");
        // Savepoints' journals in memory, not in a file under /var/tmp: an import (one transaction, a savepoint per
        // form) wrote every page it changed there, 142,000 pwrite calls for 1,000 forms; now 7,400 (issue 18).
        exec("PRAGMA temp_store = MEMORY");
    }
    if (!foreignKeysEnforced())
        throw Error(ErrorKind::Internal, path, "", "this SQLite library cannot enforce foreign keys");
}

void Store::openPostgres(const std::string& spec) {
    backend_ = StoreBackend::PostgreSQL;
    name_ = redactSpec(spec);
    std::string conninfo = spec.substr(std::string_view(kPostgresPrefix).size());
    if (startsWith(conninfo, "//")) conninfo = spec;  // a libpq URI: postgresql://user@host/db
    if (conninfo.find_first_not_of(" \t") == std::string::npos)
        throwUsage("no connection string after 'postgresql:' (e.g. postgresql:host=localhost dbname=audit)");
    try {
        session_ = std::make_unique<Poco::Data::Session>("PostgreSQL", conninfo);
    } catch (const Poco::Exception& e) {
        std::string message = e.displayText();
        if (auto pw = spec.find("password"); pw != std::string::npos) message = redactSpec(message);
        throw Error(ErrorKind::IO, name_, "", "cannot connect to PostgreSQL: " + message);
    }
    exec("SET client_min_messages TO WARNING");  // libpq would print NOTICEs on stderr; the core is silent
}

// ---------------------------------------------------------------------------------------------- schema

void Store::migrate() {
    const auto& migrations = store_migrations::all();
    const int latest = options_.migrateTo > 0 ? options_.migrateTo : migrations.back().version;
    const auto currentVersion = [&] { return existingSchemaVersion(); };
    // Up to date (the usual case): nothing to write, so no write lock: opening does not wait for another
    // program's long import.
    if (currentVersion().value_or(0) >= latest) return;
    transaction([&] {
        if (backend_ == StoreBackend::PostgreSQL) query("SELECT pg_advisory_xact_lock(?)", kMigrationLockKey);
        const auto version = currentVersion();  // again, under the lock: another program may have migrated
        if (!version)
            exec("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                 "applied_at TEXT NOT NULL)");
        const int current = version.value_or(0);
        for (const auto& m : migrations) {
            if (m.version <= current || m.version > latest) continue;
            const bool pg = backend_ == StoreBackend::PostgreSQL;
            std::vector<std::string> statements;
            for (const auto& statement : m.statements) statements.push_back(expandTokens(statement, backend_));
            for (const auto& trigger : m.triggers)
                for (auto& statement : store_migrations::triggerStatements(trigger, pg))
                    statements.push_back(std::move(statement));
            if (pg) {
                // One round trip for the whole migration (libpq's simple protocol takes several statements):
                // a prepared statement each costs ~60 round trips per migration.
                std::string script;
                for (const auto& statement : statements) script += statement + ";\n";
                execScript(script);
            } else {
                for (const auto& statement : statements) exec(statement);
            }
            exec("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)", m.version,
                 m.description, now());
        }
    });
}

std::optional<int> Store::existingSchemaVersion() {
    const int latest = store_migrations::all().back().version;
    const auto existing = tables();
    if (std::find(existing.begin(), existing.end(), "schema_version") == existing.end()) {
        if (!existing.empty())
            throw Error(ErrorKind::Data, name_, "",
                        "is a database but not an audit store (it has tables but no schema_version table); "
                        "give --store a new file or an existing audit store");
        return std::nullopt;
    }
    const int current = static_cast<int>(scalar<std::int64_t>("SELECT MAX(version) FROM schema_version").value_or(0));
    if (current > latest)
        throw Error(ErrorKind::Data, name_, "",
                    "the store's schema is version " + std::to_string(current) +
                        ", newer than this toolkit understands (up to version " + std::to_string(latest) +
                        "): use a newer version of the toolkit (this is " + toolkitVersion() + ")");
    return current;
}

void Store::execScript(const std::string& script) {
    auto* impl = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(session_->impl());
    if (!impl) throw Error(ErrorKind::Internal, name_, "", "not a PostgreSQL session");
    PGconn* conn = impl->handle();
    PGresult* result = PQexec(conn, script.c_str());
    const auto status = PQresultStatus(result);
    std::string message = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? "" : PQerrorMessage(conn);
    PQclear(result);
    if (!message.empty()) {
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        throw Error(ErrorKind::IO, name_, "", "database error: " + message + " (statement: " + shortSql(script) + ")");
    }
}

int Store::schemaVersion() {
    return static_cast<int>(scalar<std::int64_t>("SELECT MAX(version) FROM schema_version").value_or(0));
}

// ---------------------------------------------------------------------------------------------- SQL

std::string Store::sql(std::string_view text) const {
    return backend_ == StoreBackend::PostgreSQL ? numberPlaceholders(text) : std::string(text);
}

std::string numberPlaceholders(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    int n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\'' || c == '"') {  // a quoted literal or identifier; doubled quotes stay inside
            const std::size_t end = text.find(c, i + 1);
            const std::size_t stop = end == std::string_view::npos ? text.size() : end + 1;
            out.append(text.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            const std::size_t end = text.find('\n', i);
            const std::size_t stop = end == std::string_view::npos ? text.size() : end;
            out.append(text.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
            const std::size_t end = text.find("*/", i + 2);
            const std::size_t stop = end == std::string_view::npos ? text.size() : end + 2;
            out.append(text.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '?') {
            out += '$';
            out += std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

Poco::Data::Statement Store::statement(std::string_view text) {
    Poco::Data::Statement st(*session_);
    st << sql(text);
    return st;
}

std::string_view Store::trimmedStatement(std::string_view text) {
    while (!text.empty() && (text.back() == ';' || text.back() == ' ' || text.back() == '\n' ||
                             text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

void Store::fail(const std::exception& e, std::string_view text) const {
    if (const auto* already = dynamic_cast<const Error*>(&e)) throw *already;
    const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
    const std::string what = poco ? poco->displayText() : std::string(e.what());
    const std::string where = " (statement: " + shortSql(text) + ")";
    if (dynamic_cast<const Poco::Data::SQLite::ConstraintViolationException*>(&e) ||
        (backend_ == StoreBackend::PostgreSQL && what.find("violates") != std::string::npos))
        throw Error(ErrorKind::Data, name_, "", "constraint violated: " + what + where);
    if (dynamic_cast<const Poco::Data::SQLite::DBLockedException*>(&e) ||
        dynamic_cast<const Poco::Data::SQLite::TableLockedException*>(&e))
        throw Error(ErrorKind::IO, name_, "",
                    "the store is busy: another program is writing to it (waited " +
                        std::to_string(options_.busyTimeoutMs) + " ms); try again when it has finished (" + what + ")");
    if (dynamic_cast<const Poco::Data::SQLite::CorruptImageException*>(&e))
        throw Error(ErrorKind::Data, name_, "", "is not an SQLite database or is damaged: " + what);
    throw Error(ErrorKind::IO, name_, "", "database error: " + what + where);
}

std::size_t Store::run(Poco::Data::Statement& st, std::string_view text) {
    try {
        return st.execute();
    } catch (const std::exception& e) {
        fail(e, text);
    }
}

namespace {

// Copies one column of a RecordSet into the cells, column by column: RecordSet::value(col, row) finds the
// column again for every cell, which costs about ten times more on large results.
template <class T>
void copyColumn(const Poco::Data::RecordSet& rs, std::size_t c, std::vector<std::vector<Poco::Dynamic::Var>>& cells) {
    const auto& column = rs.column<std::deque<T>>(c);
    for (std::size_t r = 0; r < cells.size(); ++r)
        if (!rs.isNull(c, r)) cells[r][c] = column.value(r);
}

void copyAnyColumn(const Poco::Data::RecordSet& rs, std::size_t c, std::vector<std::vector<Poco::Dynamic::Var>>& cells) {
    using MC = Poco::Data::MetaColumn;
    switch (rs.columnType(c)) {
        case MC::FDT_STRING: return copyColumn<std::string>(rs, c, cells);
        case MC::FDT_INT64: return copyColumn<Poco::Int64>(rs, c, cells);
        case MC::FDT_INT32: return copyColumn<Poco::Int32>(rs, c, cells);
        case MC::FDT_DOUBLE: return copyColumn<double>(rs, c, cells);
        default:
            for (std::size_t r = 0; r < cells.size(); ++r)
                if (!rs.isNull(c, r)) cells[r][c] = rs.value(c, r);
    }
}

}  // namespace

StoreRows Store::fetch(Poco::Data::Statement& st, std::string_view text) {
    run(st, text);
    try {
        Poco::Data::RecordSet rs(st);
        auto columns = std::make_shared<std::vector<std::string>>();
        const std::size_t ncol = rs.columnCount();
        for (std::size_t c = 0; c < ncol; ++c) columns->push_back(rs.columnName(c));
        std::vector<std::vector<Poco::Dynamic::Var>> cells(rs.rowCount(), std::vector<Poco::Dynamic::Var>(ncol));
        if (st.storage() == Poco::Data::Statement::STORAGE_DEQUE ||
            st.storage() == Poco::Data::Statement::STORAGE_UNKNOWN) {
            for (std::size_t c = 0; c < ncol; ++c) copyAnyColumn(rs, c, cells);
        } else {
            for (std::size_t r = 0; r < cells.size(); ++r)
                for (std::size_t c = 0; c < ncol; ++c)
                    if (!rs.isNull(c, r)) cells[r][c] = rs.value(c, r);
        }
        StoreRows rows;
        rows.reserve(cells.size());
        for (auto& values : cells) rows.emplace_back(columns, std::move(values));
        return rows;
    } catch (const std::exception& e) {
        fail(e, text);
    }
}

std::int64_t Store::returnedId(Poco::Data::Statement& st, std::string_view text) {
    Poco::Int64 id = 0;
    st, into(id);
    run(st, text);
    return id;
}

std::int64_t Store::lastInsertRowId() { return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_)); }

// ---------------------------------------------------------------------------------------------- cached statements

// Poco prepares a statement every time it runs one: an import of 1,000 forms spent a seventh of its time in
// sqlite3_prepare_v2 for the same dozen texts, and more in Poco's binding of each row of a bulk insert (issue 18).
// exec() on SQLite therefore keeps each text's prepared statement and binds values with SQLite's own calls; errors go
// through Poco's exception classes (Utility::throwException), so that fail() gives the same messages either way.

void store_detail::bindSqlite(sqlite3_stmt* st, int pos, const std::string& v) {
    sqlite3_bind_text(st, pos, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);  // lives until the step
}
void store_detail::bindSqlite(sqlite3_stmt* st, int pos, Poco::Int64 v) { sqlite3_bind_int64(st, pos, v); }
void store_detail::bindSqlite(sqlite3_stmt* st, int pos, int v) { sqlite3_bind_int(st, pos, v); }
void store_detail::bindSqlite(sqlite3_stmt* st, int pos, double v) { sqlite3_bind_double(st, pos, v); }
void store_detail::bindSqliteNull(sqlite3_stmt* st, int pos) { sqlite3_bind_null(st, pos); }
void store_detail::throwBulkLengths() {
    throw Error(ErrorKind::Internal, "the vectors bound to one bulk statement differ in length");
}

Store::StatementCache::~StatementCache() { clear(); }

void Store::StatementCache::clear() {
    for (auto& [text, p] : byText)
        if (p.st) sqlite3_finalize(p.st);
    byText.clear();
}

const Store::Prepared* Store::cachedStatement(std::string_view text, std::size_t values) {
    if (backend_ != StoreBackend::SQLite || !db_) return nullptr;
    // Kept: what runs again and again, a statement with values and a transaction's (a savepoint per form); not the
    // schema's statements, which run once.
    static constexpr std::string_view kTransaction[] = {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"};
    if (values == 0 && std::none_of(std::begin(kTransaction), std::end(kTransaction),
                                    [&](std::string_view word) { return text.substr(0, word.size()) == word; }))
        return nullptr;
    std::string key(text);
    if (auto it = cache_.byText.find(key); it != cache_.byText.end()) return it->second.st ? &it->second : nullptr;
    constexpr std::size_t kMaxCached = 256;  // statements built with values in their text are not worth keeping
    if (cache_.byText.size() >= kMaxCached) return nullptr;
    sqlite3_stmt* st = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db_, text.data(), static_cast<int>(text.size()), &st, &tail) != SQLITE_OK) {
        sqlite3_finalize(st);
        return nullptr;  // Poco runs it and reports the error; not remembered (a busy schema may prepare later)
    }
    const std::string_view rest = tail ? text.substr(static_cast<std::size_t>(tail - text.data())) : std::string_view();
    const bool oneStatement = rest.find_first_not_of(" \t\r\n;") == std::string_view::npos;
    if (!st || !oneStatement || static_cast<std::size_t>(sqlite3_bind_parameter_count(st)) != values) {
        sqlite3_finalize(st);
        st = nullptr;
    }
    Prepared p;
    p.st = st;
    if (st) {
        // The columns as Poco types them (by their declared type: Utility::getColumnType), so that query() gives the
        // same values either way; a type fetchCached does not read leaves the rows to Poco.
        using MC = Poco::Data::MetaColumn;
        auto columns = std::make_shared<std::vector<std::string>>();
        p.readable = true;
        for (int c = 0; c < sqlite3_column_count(st); ++c) {
            columns->push_back(sqlite3_column_name(st, c));
            int type = -1;
            try {
                type = Poco::Data::SQLite::Utility::getColumnType(st, static_cast<std::size_t>(c));
            } catch (const std::exception&) {
            }
            p.types.push_back(type);
            if (type != MC::FDT_STRING && type != MC::FDT_INT64 && type != MC::FDT_INT32 && type != MC::FDT_DOUBLE)
                p.readable = false;
        }
        p.columns = std::move(columns);
    }
    auto [it, added] = cache_.byText.emplace(std::move(key), std::move(p));
    return it->second.st ? &it->second : nullptr;
}


namespace {

// Resets a kept statement however its run ends: a statement left mid-way would hold its read transaction open.
struct ResetAfter {
    sqlite3_stmt* st;
    ~ResetAfter() { sqlite3_reset(st); }
};

}  // namespace

void Store::failCached(int rc, std::string_view text) const {
    try {
        Poco::Data::SQLite::Utility::throwException(db_, rc);  // reads sqlite3_errmsg: before the statement's reset
    } catch (const std::exception& e) {
        fail(e, text);
    }
    throw Error(ErrorKind::IO, name_, "", "database error " + std::to_string(rc) + " (statement: " + std::string(text) + ")");
}

std::size_t Store::stepCached(sqlite3_stmt* st, std::string_view text) {
    ResetAfter reset{st};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) failCached(rc, text);
    return sqlite3_stmt_readonly(st) ? 0 : static_cast<std::size_t>(sqlite3_changes(db_));
}

StoreRows Store::fetchCached(const Prepared& p, std::string_view text) {
    using MC = Poco::Data::MetaColumn;
    sqlite3_stmt* st = p.st;
    ResetAfter reset{st};
    StoreRows rows;
    const std::size_t ncol = p.types.size();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        std::vector<Poco::Dynamic::Var> values(ncol);
        for (std::size_t c = 0; c < ncol; ++c) {
            const int i = static_cast<int>(c);
            if (sqlite3_column_type(st, i) == SQLITE_NULL) continue;
            switch (p.types[c]) {
                case MC::FDT_STRING: {  // as Poco's Extractor: the text up to a NUL
                    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
                    values[c] = t ? std::string(t) : std::string();
                    break;
                }
                case MC::FDT_INT64: values[c] = static_cast<Poco::Int64>(sqlite3_column_int64(st, i)); break;
                case MC::FDT_INT32: values[c] = static_cast<Poco::Int32>(sqlite3_column_int(st, i)); break;
                default: values[c] = sqlite3_column_double(st, i); break;
            }
        }
        rows.emplace_back(p.columns, std::move(values));
    }
    if (rc != SQLITE_DONE) failCached(rc, text);
    return rows;
}

// ---------------------------------------------------------------------------------------------- transactions

void Store::begin() {
    if (depth_ == 0) {
        if (backend_ == StoreBackend::SQLite) {
            exec("BEGIN IMMEDIATE");
            checkRequested_ = false;
            changesAtBegin_ = scalar<std::int64_t>("SELECT total_changes()").value_or(0);
        } else {
            try {
                session_->begin();
            } catch (const std::exception& e) {
                fail(e, "BEGIN");
            }
        }
    } else {
        exec("SAVEPOINT audit_sp" + std::to_string(depth_));
    }
    ++depth_;
}

void Store::commit() {
    if (depth_ == 1) {
        if (backend_ == StoreBackend::SQLite) {
            if ((options_.checkEveryCommit || checkRequested_) && name_ != ":memory:" && fileSize() < kQuickCheckBelowBytes &&
                scalar<std::int64_t>("SELECT total_changes()").value_or(0) != changesAtBegin_) {
                const auto problems = integrityProblems(false);
                if (!problems.empty()) {
                    std::string list;
                    for (std::size_t i = 0; i < problems.size() && i < 5; ++i) list += "\n  " + problems[i];
                    throw Error(ErrorKind::IO, name_, "",
                                "the store is damaged, so nothing was stored (restore it from a backup: "
                                "audit-store restore; audit-store check lists the damage):" + list);
                }
            }
            exec("COMMIT");
        } else {
            try {
                session_->commit();
            } catch (const std::exception& e) {
                fail(e, "COMMIT");
            }
        }
    } else {
        exec("RELEASE SAVEPOINT audit_sp" + std::to_string(depth_ - 1));
    }
    --depth_;
}

void Store::rollback() noexcept {
    if (depth_ == 0) return;
    try {
        if (depth_ == 1) {
            if (backend_ == StoreBackend::SQLite)
                exec("ROLLBACK");
            else
                session_->rollback();
        } else {
            const std::string sp = "audit_sp" + std::to_string(depth_ - 1);
            exec("ROLLBACK TO SAVEPOINT " + sp);
            exec("RELEASE SAVEPOINT " + sp);
        }
    } catch (...) {
        // The original exception is what the caller needs to see; a failed rollback leaves the
        // transaction to be discarded when the connection closes.
    }
    --depth_;
}

// ---------------------------------------------------------------------------------------------- bookkeeping

std::string Store::now() const { return clock_ ? clock_() : utcNow(); }

void Store::logEvent(const std::string& tool, const std::string& command, const std::string& details) {
    exec("INSERT INTO event_log (at, tool, command, user_name, details) VALUES (?, ?, ?, ?, ?)", now(), tool, command,
         currentUser(), details);
}

void Store::logImport(const std::string& sourcePath, const std::string& sourceHash, const std::string& kind,
                      const std::string& outcome, const std::string& details) {
    exec("INSERT INTO import_log (source_file, source_hash, kind, outcome, details, at) VALUES (?, ?, ?, ?, ?, ?)",
         sourcePath, sourceHash, kind, outcome, details, now());
}

bool Store::wasImported(const std::string& sourceHash, const std::string& kind) {
    return scalar<std::int64_t>("SELECT COUNT(*) FROM import_log WHERE source_hash = ? AND kind = ? "
                                "AND outcome IN ('imported', 'new-version') "
                                "AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.source_hash = ?)",
                                sourceHash, kind, sourceHash)
               .value_or(0) > 0;
}

std::optional<std::string> Store::existingStoreId() {
    return scalar<std::string>("SELECT value FROM store_info WHERE key = 'store_id'");
}

std::string Store::storeId() {
    if (auto id = existingStoreId()) return *id;
    return transaction([&] {
        if (auto id = existingStoreId()) return *id;
        const std::string hex = randomHex(16);
        exec("INSERT INTO store_info (key, value, set_at) VALUES ('store_id', ?, ?)", hex, now());
        return hex;
    });
}

std::vector<std::pair<std::string, std::string>> Store::lastAuditDates() {
    std::vector<std::pair<std::string, std::string>> out;
    // The store's own audits and the prior audits imported by case reference (audit_history).
    for (const auto& row : query("SELECT case_ref, MAX(last) FROM ("
                                 "SELECT case_ref, completed_date AS last FROM audit_latest WHERE completed_date IS NOT NULL "
                                 "UNION ALL SELECT case_ref, audit_date AS last FROM audit_history WHERE case_ref <> ''"
                                 ") dates GROUP BY case_ref"))
        out.emplace_back(row.text(0), row.text(1));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::pair<std::string, std::string>> Store::lastChildAuditDates() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : query("SELECT child_ref, MAX(audit_date) FROM audit_history WHERE child_ref <> '' GROUP BY child_ref"))
        out.emplace_back(row.text(0), row.text(1));
    std::sort(out.begin(), out.end());
    return out;
}

std::string Store::pseudonymKey(const std::string& purpose) {
    return transaction([&] {
        if (auto key = scalar<std::string>("SELECT key_hex FROM pseudonym_key WHERE purpose = ?", purpose)) return *key;
        const std::string hex = randomHex(32);
        exec("INSERT INTO pseudonym_key (purpose, key_hex, created_at) VALUES (?, ?, ?)", purpose, hex, now());
        return hex;
    });
}

// ---------------------------------------------------------------------------------------------- inspection

std::vector<std::string> Store::tables() {
    std::vector<std::string> names;
    const auto rows = backend_ == StoreBackend::SQLite
                          ? query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                                  "ESCAPE '\\'")
                          : query("SELECT table_name FROM information_schema.tables "
                                  "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    for (const auto& row : rows) names.push_back(row.text(0));
    std::sort(names.begin(), names.end());
    return names;
}

std::string Store::dump() {
    std::string out;
    for (const auto& table : tables()) {
        std::vector<std::string> lines;
        const auto rows = query("SELECT * FROM " + table);
        std::string header = "== " + table;
        if (!rows.empty())
            for (const auto& c : rows.front().columns()) header += " " + c;
        for (const auto& row : rows) {
            std::string line;
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (i) line += " | ";
                line += row.isNull(i) ? std::string("NULL") : "'" + row.text(i) + "'";
            }
            lines.push_back(std::move(line));
        }
        std::sort(lines.begin(), lines.end());
        out += header + " (" + std::to_string(lines.size()) + " rows)\n";
        for (const auto& l : lines) out += l + "\n";
    }
    return out;
}

std::uint64_t Store::fileSize() const {
    if (backend_ != StoreBackend::SQLite || name_ == ":memory:") return 0;
    std::error_code ec;
    const auto size = fs::file_size(name_, ec);
    return ec ? 0 : static_cast<std::uint64_t>(size);
}

std::vector<std::string> Store::integrityProblems(bool full) {
    std::vector<std::string> problems;
    const auto add = [&](const std::string& p) { problems.push_back(p); };
    if (backend_ == StoreBackend::SQLite) {
        try {
            for (const auto& row : query(full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)"))
                if (row.text(0) != "ok") add("damaged: " + row.text(0));
        } catch (const Error& e) {
            add(std::string("cannot be checked: ") + e.what());
        }
        if (!problems.empty() || !full) return problems;  // the rest would read damaged pages
        for (const auto& row : query("PRAGMA foreign_key_check"))
            add("table " + row.text(0) + " row " + row.text(1) + " refers to a missing row of " + row.text(2));
    }
    for (const auto& table : tables()) {
        try {
            query("SELECT COUNT(*) FROM " + table);
        } catch (const Error& e) {
            add("table " + table + " cannot be read: " + e.what());
        }
    }
    if (!problems.empty()) return problems;
    if (schemaVersion() != latestSchemaVersion())
        add("schema version " + std::to_string(schemaVersion()) + ", expected " + std::to_string(latestSchemaVersion()));
    // Every stored fact came from a file whose import is logged in the same transaction.
    static const std::pair<const char*, const char*> sources[] = {
        {"audit", "kind IN ('audit-return', 'audit-csv')"},
        {"moderation", "kind IN ('moderation-return', 'moderation-form')"},
        {"kpi", "kind = 'kpi'"},
        {"self_assessment", "kind = 'self-assessment'"},
    };
    for (const auto& [table, kinds] : sources) {
        const auto n = scalar<std::int64_t>(std::string("SELECT COUNT(DISTINCT t.source_hash) FROM ") + table +
                                            " t WHERE t.source_hash IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                                            "import_log l WHERE l.source_hash = t.source_hash AND l." +
                                            kinds + " AND l.outcome IN ('imported', 'new-version'))");
        if (n.value_or(0) > 0)
            add(std::to_string(*n) + " source file(s) of table " + table + " have no import_log row");
    }
    for (auto& p : latestFlagProblems()) add(p);
    return problems;
}

std::vector<std::string> Store::latestFlagProblems() {
    std::vector<std::string> problems;
    const std::pair<const char*, std::string> flags[] = {{"audit", store_migrations::auditLatestFlag()},
                                                          {"moderation", store_migrations::moderationLatestFlag()}};
    for (const auto& [table, flag] : flags) {
        const auto n = scalar<std::int64_t>(std::string("SELECT COUNT(*) FROM ") + table + " WHERE is_latest <> " + flag);
        if (n.value_or(0) > 0)
            problems.push_back(std::to_string(*n) + " row(s) of table " + table +
                               " flagged is_latest wrongly (the version that counts is the highest not voided one)");
    }
    return problems;
}

std::string Store::journalMode() {
    if (backend_ != StoreBackend::SQLite) return "";
    return scalar<std::string>("PRAGMA journal_mode").value_or("");
}

bool Store::foreignKeysEnforced() {
    if (backend_ != StoreBackend::SQLite) return true;
    return scalar<std::int64_t>("PRAGMA foreign_keys").value_or(0) == 1;
}

}  // namespace audit
