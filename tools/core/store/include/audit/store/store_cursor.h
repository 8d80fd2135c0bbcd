// Reading a large query result row by row, without materialising it: the partnership report reads every
// judgement of a store (a million rows for 100,000 audits). Store::query() turns each value into a
// Poco::Dynamic::Var, which costs more than the query itself at that size.
//
//   forEachRow(store, "SELECT audit_id, domain FROM judgement WHERE domain <> ?", {"_overall"},
//              [&](const StoreCursorRow& row) { use(row.integer(0), row.text(1)); });
//
// SQLite: the C API on the store's own connection (values read in place). PostgreSQL: the result as Poco
// returns it (libpq holds a whole result in memory anyway), converted value by value. Same `?` placeholders
// as Store::exec (rewritten for PostgreSQL); parameters are bound as text.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace audit {

class Store;

class StoreCursorRow {
public:
    virtual ~StoreCursorRow() = default;
    virtual std::size_t size() const = 0;
    virtual bool isNull(std::size_t i) const = 0;
    virtual std::int64_t integer(std::size_t i) const = 0;  // NULL reads as 0
    virtual double real(std::size_t i) const = 0;           // NULL reads as 0
    virtual std::string_view text(std::size_t i) const = 0; // NULL reads as ""; valid until the next row
};

// Runs the query and calls each(row) for every row, in the query's order. Errors are Error(IO) naming the
// store and the statement; an exception thrown by each() stops the query and propagates.
void forEachRow(Store& store, std::string_view text, const std::vector<std::string>& params,
                const std::function<void(const StoreCursorRow&)>& each);

}  // namespace audit
