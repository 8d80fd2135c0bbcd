// The audit store: every draw, allocation, audit, answer, judgement, action, moderation, KPI and
// self-assessment the toolkit has seen, one row per fact (docs/STORE.md describes every table).
//
// SQLite by default (a file: WAL, foreign keys on, a busy timeout); PostgreSQL when the spec is
// "postgresql:" followed by a libpq keyword string ("postgresql:host=localhost dbname=audit user=qa") or
// a libpq URI ("postgresql://qa@localhost/audit"). The schema is migrated on open.
//
// Writing SQL that works on both: write `?` placeholders and let the Store rewrite them ($1, $2... for
// PostgreSQL); use the portable types of docs/STORE.md (TEXT, INTEGER, BIGINT, DOUBLE PRECISION; ISO text
// dates; 0/1 integers for flags); get new ids with insertReturningId().
//
//   audit::Store store(audit::resolveStore(option));
//   store.transaction([&] {
//       auto id = store.insertReturningId(
//           "INSERT INTO audit(form_id, version, case_ref, template_id, template_version, auditor, period,"
//           " source_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
//           formId, 1, caseRef, "cin-cp", "3", auditor, "2026-11", hash, store.now());
//       store.exec("INSERT INTO answer(audit_id, question_id, answer) VALUES (?, ?, ?)", id, "A1", "Yes");
//   });                                   // commits, or rolls back and rethrows on any exception
//   for (const auto& row : store.query("SELECT case_ref, completed_date FROM audit_latest WHERE period = ?", p))
//       use(row.text("case_ref"), row.optText("completed_date"));
//
// Errors are audit::Error: Data (65) for a file that is not an SQLite database, a store newer than this
// toolkit, or a violated constraint; IO (74) for other database failures; CantCreate (73) when the
// file cannot be created. Every message names the store.
#pragma once
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Dynamic/Var.h>
#include <Poco/Nullable.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace audit {

enum class StoreBackend { SQLite, PostgreSQL };

// Rewrites the `?` placeholders of a statement to $1, $2... (PostgreSQL's form), leaving quoted literals,
// quoted identifiers and comments alone. Store::sql() applies it on PostgreSQL.
std::string numberPlaceholders(std::string_view sql);

// One row of a query result. Values convert on access, so the same code reads both back ends.
class StoreRow {
public:
    StoreRow(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Poco::Dynamic::Var> values);

    std::size_t size() const { return values_.size(); }
    const std::vector<std::string>& columns() const { return *columns_; }
    std::size_t index(std::string_view column) const;  // throws Error(Internal) for an unknown column

    bool isNull(std::string_view column) const { return isNull(index(column)); }
    bool isNull(std::size_t i) const;
    const Poco::Dynamic::Var& value(std::size_t i) const { return values_.at(i); }

    // NULL reads as "" here; use optText to tell them apart.
    std::string text(std::string_view column) const { return text(index(column)); }
    std::string text(std::size_t i) const;
    std::optional<std::string> optText(std::string_view column) const { return optText(index(column)); }
    std::optional<std::string> optText(std::size_t i) const;
    // integer/real throw Error(Internal) on NULL; the opt* forms return nullopt.
    std::int64_t integer(std::string_view column) const { return integer(index(column)); }
    std::int64_t integer(std::size_t i) const;
    std::optional<std::int64_t> optInteger(std::string_view column) const { return optInteger(index(column)); }
    std::optional<std::int64_t> optInteger(std::size_t i) const;
    double real(std::string_view column) const { return real(index(column)); }
    double real(std::size_t i) const;
    std::optional<double> optReal(std::string_view column) const { return optReal(index(column)); }
    std::optional<double> optReal(std::size_t i) const;

private:
    std::shared_ptr<const std::vector<std::string>> columns_;
    std::vector<Poco::Dynamic::Var> values_;
};

using StoreRows = std::vector<StoreRow>;

namespace store_detail {
// Values bound to `?` are normalised so that both back ends accept them: strings for text, Int64 for every
// integer type, int 0/1 for bool, Poco::Nullable for std::optional and std::nullopt (NULL).
inline std::string normalise(std::string_view v) { return std::string(v); }
inline std::string normalise(const char* v) { return std::string(v); }
inline std::string normalise(const std::string& v) { return v; }
inline Poco::Nullable<std::string> normalise(std::nullopt_t) { return {}; }
inline int normalise(bool v) { return v ? 1 : 0; }
inline double normalise(double v) { return v; }
inline double normalise(float v) { return v; }
[[noreturn]] void throwTooLarge(unsigned long long v);
template <class T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
Poco::Int64 normalise(T v) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(Poco::Int64))
        if (v > static_cast<T>(std::numeric_limits<Poco::Int64>::max())) throwTooLarge(v);  // e.g. a seed: use text
    return static_cast<Poco::Int64>(v);
}
template <class T>
auto normalise(const std::optional<T>& v) -> Poco::Nullable<decltype(normalise(std::declval<const T&>()))> {
    if (!v) return {};
    return normalise(*v);
}
template <class T>
Poco::Nullable<T> normalise(const Poco::Nullable<T>& v) { return v; }
// Vectors bind as a whole: the statement runs once per element (bulk insert); all vectors bound to
// one statement must have the same length.
template <class T>
auto normalise(const std::vector<T>& v) -> std::vector<decltype(normalise(std::declval<const T&>()))> {
    std::vector<decltype(normalise(std::declval<const T&>()))> out;
    out.reserve(v.size());
    for (const auto& x : v) out.push_back(normalise(x));
    return out;
}
inline std::vector<int> normalise(const std::vector<bool>& v) {
    std::vector<int> out;
    out.reserve(v.size());
    for (bool b : v) out.push_back(b ? 1 : 0);
    return out;
}

// Binding normalised values to a prepared SQLite statement (Store's cache of statements, see Store::exec).
void bindSqlite(sqlite3_stmt* st, int pos, const std::string& v);
void bindSqlite(sqlite3_stmt* st, int pos, Poco::Int64 v);
void bindSqlite(sqlite3_stmt* st, int pos, int v);
void bindSqlite(sqlite3_stmt* st, int pos, double v);
void bindSqliteNull(sqlite3_stmt* st, int pos);
[[noreturn]] void throwBulkLengths();
template <class T>
void bindSqliteAt(sqlite3_stmt* st, int pos, const T& v, std::size_t) { bindSqlite(st, pos, v); }
template <class T>
void bindSqliteAt(sqlite3_stmt* st, int pos, const Poco::Nullable<T>& v, std::size_t) {
    if (v.isNull()) bindSqliteNull(st, pos);
    else bindSqlite(st, pos, v.value());
}
template <class T>
void bindSqliteAt(sqlite3_stmt* st, int pos, const std::vector<T>& v, std::size_t i) { bindSqliteAt(st, pos, v[i], i); }
template <class T>
inline constexpr bool isVector = false;
template <class T>
inline constexpr bool isVector<std::vector<T>> = true;
// A bulk statement runs once per element of its vectors, which must be as long as each other.
template <class T>
void bulkLength(const T&, std::size_t&, bool&) {}
template <class T>
void bulkLength(const std::vector<T>& v, std::size_t& n, bool& bulk) {
    if (bulk && v.size() != n) throwBulkLengths();
    n = v.size();
    bulk = true;
}
}  // namespace store_detail

// How a command opens the store. A command that only reads never creates one: running it in the wrong folder
// must not leave an empty audit.db behind and report zero audits.
enum class StoreOpen {
    Create,     // created (an SQLite file) or initialised (an empty PostgreSQL schema) when there is none
    ReadWrite,  // must exist: Error(NoInput) naming the store when there is none; writes allowed
    ReadOnly,   // must exist as for ReadWrite; after migrating, writes are refused by the database (SQLite
                // PRAGMA query_only, PostgreSQL default_transaction_read_only)
};

struct StoreOptions {
    // SQLite: how long a write waits for another program's write to finish before failing.
    int busyTimeoutMs = 10000;
    StoreOpen open = StoreOpen::Create;
    // Tests of a migration only: stop at this schema version (0: the latest) to make a store as an older toolkit
    // left it; opening it again without this migrates the rest.
    int migrateTo = 0;
    // SQLite: run PRAGMA quick_check before the outermost commit of EVERY transaction that changed something (see
    // kQuickCheckBelowBytes). The command-line tools keep this; audit-serve turns it off, because its drafts,
    // sessions and access log are many small writes each of which would check the whole file under the write lock
    // (p99 of 4.4 s under 100 sessions); its imports still check, through checkBeforeCommit().
    bool checkEveryCommit = true;
};

// A store spec as it may be shown (a password in a PostgreSQL spec hidden): for summary lines and messages.
std::string storeDisplayName(const std::string& spec);

class Store {
public:
    // Opens (creating a new SQLite file if needed, unless options.open says the store must exist) and migrates
    // the schema to latestSchemaVersion().
    explicit Store(const std::string& spec, StoreOptions options = {});
    Store(const std::string& spec, StoreOpen open) : Store(spec, StoreOptions{10000, open}) {}
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    StoreBackend backend() const { return backend_; }
    // The SQLite path, or "postgresql:..." with any password hidden: for messages.
    const std::string& name() const { return name_; }
    // The schema version of the open store (equal to latestSchemaVersion() once open).
    int schemaVersion();
    // The newest schema version this build knows.
    static int latestSchemaVersion();

    // --- writing SQL that runs on both back ends
    // Rewrites `?` placeholders (outside quotes and comments) to $1, $2... for PostgreSQL; unchanged for SQLite.
    std::string sql(std::string_view text) const;
    // A Poco statement on sql(text), for callers who bind with use()/into() themselves (large reads).
    Poco::Data::Statement statement(std::string_view text);
    Poco::Data::Session& session() { return *session_; }

    // Runs a statement with the values bound to its `?` in order; returns the rows affected.
    // Vector arguments run the statement once per element (bulk insert, prepared once); the count returned
    // for a bulk statement differs between back ends (PostgreSQL reports the last element's): COUNT instead.
    // On SQLite a statement is prepared once and kept (an import runs the same dozen statements for every form).
    template <class... Args>
    std::size_t exec(std::string_view text, const Args&... args) {
        if (const Prepared* cached = cachedStatement(text, sizeof...(Args)))
            return execCached(cached->st, text, store_detail::normalise(args)...);
        Poco::Data::Statement st = statement(text);
        (bindValue(st, args), ...);
        return run(st, text);
    }
    // Runs an INSERT into a table whose key is `id` and returns the new row's id
    // (RETURNING id on PostgreSQL, last_insert_rowid() on SQLite).
    template <class... Args>
    std::int64_t insertReturningId(std::string_view text, const Args&... args) {
        if (backend_ == StoreBackend::PostgreSQL) {
            std::string withReturning(trimmedStatement(text));
            withReturning += " RETURNING id";
            Poco::Data::Statement st = statement(withReturning);
            (bindValue(st, args), ...);
            return returnedId(st, text);
        }
        exec(text, args...);
        return lastInsertRowId();
    }
    // Runs a query and returns every row (fine for thousands of rows; for millions use statement()).
    template <class... Args>
    StoreRows query(std::string_view text, const Args&... args) {
        if constexpr (!(store_detail::isVector<Args> || ...))
            if (const Prepared* cached = cachedStatement(text, sizeof...(Args)); cached && cached->readable)
                return queryCached(*cached, text, store_detail::normalise(args)...);
        Poco::Data::Statement st = statement(text);
        (bindValue(st, args), ...);
        return fetch(st, text);
    }
    // The first column of the first row, or nullopt when there is no row or the value is NULL.
    // T: std::string, std::int64_t (or any integer), double.
    template <class T, class... Args>
    std::optional<T> scalar(std::string_view text, const Args&... args) {
        StoreRows rows = query(text, args...);
        if (rows.empty() || rows.front().size() == 0 || rows.front().isNull(std::size_t{0})) return std::nullopt;
        return convertScalar<T>(rows.front().value(0), text);
    }

    // --- transactions
    // Runs work() in a transaction: commits when it returns, rolls back and rethrows when it throws.
    // Nested calls use savepoints: an inner failure caught by the caller undoes only the inner work.
    // On SQLite the outermost transaction takes the write lock at once (BEGIN IMMEDIATE).
    template <class F>
    auto transaction(F&& work) -> decltype(work()) {
        begin();
        try {
            if constexpr (std::is_void_v<decltype(work())>) {
                work();
                commit();
            } else {
                auto result = work();
                commit();
                return result;
            }
        } catch (...) {
            rollback();
            throw;
        }
    }
    bool inTransaction() const { return depth_ > 0; }

    // --- bookkeeping
    // Records who ran what: tool ("audit-sample"), command (the command line or verb), details (free text/JSON).
    void logEvent(const std::string& tool, const std::string& command, const std::string& details = "");
    // Records an import attempt of a source file. outcome: imported | unchanged | new-version | rejected.
    void logImport(const std::string& sourcePath, const std::string& sourceHash, const std::string& kind,
                   const std::string& outcome, const std::string& details = "");
    // True when a file with this content hash was imported successfully as this kind (import_log) and nothing
    // imported from it has been voided since (a voided import may be imported again).
    bool wasImported(const std::string& sourceHash, const std::string& kind);
    // The latest completed_date of each case's audits (latest versions only), and of the prior audits imported
    // by case reference (audit_history): case_ref -> ISO date. For "not audited in the last 12 months".
    std::vector<std::pair<std::string, std::string>> lastAuditDates();
    // The latest prior audit imported by the child's id (audit_history): child_ref -> ISO date.
    std::vector<std::pair<std::string, std::string>> lastChildAuditDates();
    // The key for keyed pseudonyms in published reports (64 hex digits), created on first use.
    std::string pseudonymKey(const std::string& purpose = "case_ref");
    // This store's identity (32 hex digits), created on first use and kept in store_info: forms carry it in
    // their identity sheet so that a form made by another store is refused on import.
    std::string storeId();
    // The store's identity if it has one yet (never writes).
    std::optional<std::string> existingStoreId();

    // The time written into *_at columns: ISO 8601 UTC ("2026-11-23T01:05:58Z"): the system clock, or the time
    // in $AUDIT_NOW when it is set (demos, reproducible runs; an invalid value is a usage error when the store
    // opens). Tests may fix it with setClock.
    std::string now() const;
    void setClock(std::function<std::string()> clock) { clock_ = std::move(clock); }

    // --- damage
    // SQLite: before the outermost commit of a transaction that changed something, PRAGMA quick_check runs
    // when the file is smaller than this; a damaged store makes the commit fail (Error IO, the transaction
    // rolled back) instead of adding to it. Bigger stores are checked on demand (audit-store check).
    static constexpr std::uint64_t kQuickCheckBelowBytes = 256ull << 20;
    // What is damaged, one line each; empty when the store is sound. SQLite: PRAGMA integrity_check (full) or
    // quick_check, and foreign_key_check. Both back ends: every table readable, the schema version known, and
    // every stored audit, moderation, KPI and self-assessment file having its import_log row.
    std::vector<std::string> integrityProblems(bool full = true);
    // Inside a transaction: check (as above) before its outermost commit even when checkEveryCommit is off. Imports
    // call it, so a damaged store refuses an import on every path.
    void checkBeforeCommit() { checkRequested_ = true; }
    // The audit and moderation rows whose is_latest flag (kept by triggers: docs/STORE.md) disagrees with their
    // form's versions and voidings, one line per table; empty when every flag is right. Part of the full check.
    std::vector<std::string> latestFlagProblems();
    // The SQLite file's size in bytes (0 for PostgreSQL and :memory:).
    std::uint64_t fileSize() const;

    // --- inspection (tests, diagnostics)
    std::vector<std::string> tables();  // base tables, sorted (views excluded)
    // Every table's rows in a fixed order as text: equal dumps mean equal contents.
    std::string dump();
    std::string journalMode();      // "wal" for SQLite stores; "" for PostgreSQL
    bool foreignKeysEnforced();     // PRAGMA foreign_keys on SQLite; always true on PostgreSQL

private:
    void openSqlite(const std::string& path);
    void openPostgres(const std::string& spec);
    void migrate();
    // The schema version, or nullopt for an empty database; refuses (reading only) other programs' databases
    // and stores newer than this toolkit.
    std::optional<int> existingSchemaVersion();
    void execScript(const std::string& script);  // PostgreSQL: several statements in one round trip
    void begin();
    void commit();
    void rollback() noexcept;
    std::size_t run(Poco::Data::Statement& st, std::string_view text);
    // A kept statement, and what query() needs to read its rows as Poco's RecordSet gives them.
    struct Prepared {
        sqlite3_stmt* st = nullptr;
        std::shared_ptr<const std::vector<std::string>> columns;
        std::vector<int> types;  // Poco's MetaColumn::ColumnDataType of each column, from its declared type
        bool readable = false;   // every column of a type fetchCached reads (text, integers, reals)
    };
    // SQLite: the statement prepared from text, from the cache (prepared on first use), or nullptr when Poco is to run
    // it: another back end, several statements in one text, a count of `?` other than the values given (Poco's
    // messages for those), a text that does not prepare now, or one without values (the schema's, run once).
    const Prepared* cachedStatement(std::string_view text, std::size_t values);
    // Steps a kept statement (values bound) and reads every row, typed as Poco's RecordSet types them.
    StoreRows fetchCached(const Prepared& p, std::string_view text);
    template <class... V>
    std::size_t execCached(sqlite3_stmt* st, std::string_view text, const V&... values) {
        std::size_t n = 1;
        bool bulk = false;
        (store_detail::bulkLength(values, n, bulk), ...);
        std::size_t changed = 0;
        for (std::size_t i = 0; i < n; ++i) {
            int pos = 0;
            (store_detail::bindSqliteAt(st, ++pos, values, i), ...);
            changed += stepCached(st, text);
        }
        return changed;
    }
    // The values live until the rows are read: SQLite uses the bound text where it is (SQLITE_STATIC).
    template <class... V>
    StoreRows queryCached(const Prepared& p, std::string_view text, const V&... values) {
        int pos = 0;
        (store_detail::bindSqliteAt(p.st, ++pos, values, 0), ...);
        return fetchCached(p, text);
    }
    // Runs a cached statement to its end and resets it; the rows it changed. Errors as fail() gives them.
    std::size_t stepCached(sqlite3_stmt* st, std::string_view text);
    [[noreturn]] void failCached(int rc, std::string_view text) const;
    StoreRows fetch(Poco::Data::Statement& st, std::string_view text);
    std::int64_t returnedId(Poco::Data::Statement& st, std::string_view text);
    std::int64_t lastInsertRowId();
    static std::string_view trimmedStatement(std::string_view text);
    [[noreturn]] void fail(const std::exception& e, std::string_view text) const;
    template <class T>
    std::optional<T> convertScalar(const Poco::Dynamic::Var& v, std::string_view text) const {
        try {
            if constexpr (std::is_same_v<T, std::string>) return v.convert<std::string>();
            else if constexpr (std::is_integral_v<T>) return static_cast<T>(v.convert<Poco::Int64>());
            else return v.convert<T>();
        } catch (const std::exception& e) {
            fail(e, text);
        }
    }
    template <class T>
    void bindValue(Poco::Data::Statement& st, const T& value) {
        st, Poco::Data::Keywords::bind(store_detail::normalise(value));
    }

    // Declared before session_ so that it is released after the connection has closed: while it lives, this
    // process has an SQLite connection to the file, and nothing else in the process may open and close the file
    // itself (closing any descriptor drops every POSIX lock the process holds on it; see openSqlite).
    std::shared_ptr<void> openMark_;
    StoreBackend backend_ = StoreBackend::SQLite;
    std::string name_;
    std::unique_ptr<Poco::Data::Session> session_;
    sqlite3* db_ = nullptr;  // session_'s SQLite connection
    // Prepared statements by their text (SQLite). Declared after session_: finalized before the connection closes.
    struct StatementCache {
        std::unordered_map<std::string, Prepared> byText;  // st nullptr: Poco runs this text
        ~StatementCache();
        void clear();
    };
    StatementCache cache_;
    int depth_ = 0;
    bool checkRequested_ = false;  // checkBeforeCommit() was called in the current outermost transaction
    std::int64_t changesAtBegin_ = 0;  // SQLite total_changes() when the outermost transaction began
    std::function<std::string()> clock_;
    StoreOptions options_;
};

}  // namespace audit
