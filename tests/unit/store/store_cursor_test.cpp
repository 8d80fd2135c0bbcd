// forEachRow on SQLite (the PostgreSQL side is in store_test.cpp, which runs a server).
#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/store/store.h"
#include "audit/store/store_cursor.h"
#include "test_support.h"

using namespace audit;

BOOST_AUTO_TEST_CASE(rows_come_in_order_with_types_nulls_and_parameters) {
    test::TempDir dir;
    Store store(dir.file("a.db"));
    store.exec("CREATE TABLE t (i BIGINT, r DOUBLE PRECISION, s TEXT)");
    store.exec("INSERT INTO t VALUES (1, 0.5, 'one'), (2, NULL, NULL), (3, 2.25, 'three, with ''quotes''')");
    std::vector<std::string> seen;
    forEachRow(store, "SELECT i, r, s FROM t WHERE s IS NULL OR s <> ? ORDER BY i DESC", {"one"},
               [&](const StoreCursorRow& row) {
                   BOOST_TEST(row.size() == 3u);
                   seen.push_back(std::to_string(row.integer(0)) + "|" + std::to_string(row.real(1)) + "|" +
                                  std::string(row.text(2)) + "|" + (row.isNull(2) ? "null" : "text"));
               });
    BOOST_TEST((seen == std::vector<std::string>{"3|2.250000|three, with 'quotes'|text", "2|0.000000||null"}));
}

BOOST_AUTO_TEST_CASE(an_empty_result_calls_nothing_and_a_bad_statement_names_the_store) {
    test::TempDir dir;
    Store store(dir.file("a.db"));
    int calls = 0;
    forEachRow(store, "SELECT id FROM audit", {}, [&](const StoreCursorRow&) { ++calls; });
    BOOST_TEST(calls == 0);
    try {
        forEachRow(store, "SELECT nothing FROM nowhere", {}, [&](const StoreCursorRow&) {});
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST((e.kind() == ErrorKind::IO));
        BOOST_TEST(std::string(e.what()).find("a.db") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("nowhere") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(an_exception_from_the_callback_stops_the_query) {
    test::TempDir dir;
    Store store(dir.file("a.db"));
    store.exec("CREATE TABLE t (i BIGINT)");
    store.exec("INSERT INTO t VALUES (1), (2), (3)");
    int calls = 0;
    BOOST_CHECK_THROW(forEachRow(store, "SELECT i FROM t ORDER BY i", {},
                                 [&](const StoreCursorRow& row) {
                                     ++calls;
                                     if (row.integer(0) == 2) throw Error(ErrorKind::Data, "stop");
                                 }),
                      Error);
    BOOST_TEST(calls == 2);
    // The connection is usable afterwards (the statement was finalised).
    store.exec("INSERT INTO t VALUES (4)");
    BOOST_TEST(*store.scalar<std::int64_t>("SELECT COUNT(*) FROM t") == 4);
}
