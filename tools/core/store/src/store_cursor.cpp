#include "audit/store/store_cursor.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Statement.h>
#include <sqlite3.h>

#include <memory>
#include <optional>

#include "audit/base/error.h"
#include "audit/store/store.h"

namespace audit {

namespace {

std::string shortText(std::string_view text) {
    std::string s(text.substr(0, 120));
    if (text.size() > 120) s += "...";
    return s;
}

class SqliteRow : public StoreCursorRow {
public:
    explicit SqliteRow(sqlite3_stmt* st) : st_(st), n_(static_cast<std::size_t>(sqlite3_column_count(st))) {}
    std::size_t size() const override { return n_; }
    bool isNull(std::size_t i) const override { return sqlite3_column_type(st_, col(i)) == SQLITE_NULL; }
    std::int64_t integer(std::size_t i) const override { return sqlite3_column_int64(st_, col(i)); }
    double real(std::size_t i) const override { return sqlite3_column_double(st_, col(i)); }
    std::string_view text(std::size_t i) const override {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col(i)));
        if (!p) return {};
        return std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, col(i))));
    }

private:
    int col(std::size_t i) const {
        if (i >= n_) throw Error(ErrorKind::Internal, "forEachRow: no column " + std::to_string(i));
        return static_cast<int>(i);
    }
    sqlite3_stmt* st_;
    std::size_t n_;
};

void sqliteRows(Store& store, std::string_view text, const std::vector<std::string>& params,
                const std::function<void(const StoreCursorRow&)>& each) {
    sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(store.session());
    auto fail = [&](const std::string& what) {
        throw Error(ErrorKind::IO, store.name(), "",
                    "database error: " + what + " (statement: " + shortText(text) + ")");
    };
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, text.data(), static_cast<int>(text.size()), &raw, nullptr) != SQLITE_OK)
        fail(sqlite3_errmsg(db));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, sqlite3_finalize);
    if (static_cast<std::size_t>(sqlite3_bind_parameter_count(raw)) != params.size())
        throw Error(ErrorKind::Internal, "forEachRow: " + std::to_string(params.size()) +
                                             " parameters for a statement with " +
                                             std::to_string(sqlite3_bind_parameter_count(raw)));
    for (std::size_t i = 0; i < params.size(); ++i)
        if (sqlite3_bind_text(raw, static_cast<int>(i + 1), params[i].data(), static_cast<int>(params[i].size()),
                              SQLITE_TRANSIENT) != SQLITE_OK)
            fail(sqlite3_errmsg(db));
    SqliteRow row(raw);
    for (;;) {
        const int rc = sqlite3_step(raw);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) fail(sqlite3_errmsg(db));
        each(row);
    }
}

class PocoRow : public StoreCursorRow {
public:
    explicit PocoRow(const Poco::Data::RecordSet& rs) : rs_(rs), text_(rs.columnCount()) {}
    void at(std::size_t r) {
        r_ = r;
        for (std::size_t c = 0; c < text_.size(); ++c) text_[c].reset();
    }
    std::size_t size() const override { return text_.size(); }
    bool isNull(std::size_t i) const override { return rs_.isNull(i, r_); }
    std::int64_t integer(std::size_t i) const override {
        return isNull(i) ? 0 : rs_.value(i, r_).convert<Poco::Int64>();
    }
    double real(std::size_t i) const override { return isNull(i) ? 0.0 : rs_.value(i, r_).convert<double>(); }
    std::string_view text(std::size_t i) const override {
        if (isNull(i)) return {};
        if (!text_.at(i)) text_[i] = rs_.value(i, r_).convert<std::string>();
        return *text_[i];
    }

private:
    const Poco::Data::RecordSet& rs_;
    std::size_t r_ = 0;
    mutable std::vector<std::optional<std::string>> text_;
};

void pocoRows(Store& store, std::string_view text, const std::vector<std::string>& params,
              const std::function<void(const StoreCursorRow&)>& each) {
    std::unique_ptr<Poco::Data::RecordSet> rs;
    try {
        Poco::Data::Statement st = store.statement(text);
        for (const auto& p : params) st, Poco::Data::Keywords::bind(p);
        st.execute();
        rs = std::make_unique<Poco::Data::RecordSet>(st);
    } catch (const Error&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw Error(ErrorKind::IO, store.name(), "",
                    "database error: " + e.displayText() + " (statement: " + shortText(text) + ")");
    } catch (const std::exception& e) {
        throw Error(ErrorKind::IO, store.name(), "",
                    std::string("database error: ") + e.what() + " (statement: " + shortText(text) + ")");
    }
    PocoRow row(*rs);
    const std::size_t n = rs->rowCount();
    for (std::size_t r = 0; r < n; ++r) {
        row.at(r);
        each(row);
    }
}

}  // namespace

void forEachRow(Store& store, std::string_view text, const std::vector<std::string>& params,
                const std::function<void(const StoreCursorRow&)>& each) {
    if (store.backend() == StoreBackend::SQLite) sqliteRows(store, text, params, each);
    else pocoRows(store, text, params, each);
}

}  // namespace audit
