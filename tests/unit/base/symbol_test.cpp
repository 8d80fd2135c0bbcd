#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "audit/base/symbol.h"

using audit::Symbol;

BOOST_AUTO_TEST_CASE(equal_text_gives_the_same_symbol) {
    const std::string a = "Requires improvement";
    std::string b = "Requires ";
    b += "improvement";
    BOOST_TEST((Symbol(a) == Symbol(b)));
    BOOST_TEST(Symbol(a).key() == Symbol(b).key());
    BOOST_TEST((Symbol(a) != Symbol("Good")));
    BOOST_TEST(Symbol(a).str() == a);
    BOOST_TEST((Symbol(a) == a));
    BOOST_TEST((Symbol("voice") == "voice"));
    BOOST_TEST((Symbol("voice") != "plan"));
}

BOOST_AUTO_TEST_CASE(the_default_symbol_is_the_empty_text) {
    Symbol none;
    BOOST_TEST(none.empty());
    BOOST_TEST((none == Symbol("")));
    BOOST_TEST((none == std::string()));
    BOOST_TEST(none.str().empty());
}

BOOST_AUTO_TEST_CASE(symbols_order_by_text_and_convert_to_text) {
    std::set<Symbol> s{Symbol("plan"), Symbol("assessment"), Symbol("voice"), Symbol("plan")};
    std::vector<std::string> order(s.begin(), s.end());
    BOOST_TEST((order == std::vector<std::string>{"assessment", "plan", "voice"}));
    const std::string& text = Symbol("risk");
    BOOST_TEST(text == "risk");
    BOOST_TEST(std::string_view(Symbol("risk")) == "risk");
    BOOST_TEST(("domain " + Symbol("risk")) == "domain risk");
    std::unordered_set<Symbol> h{Symbol("a"), Symbol(std::string("a")), Symbol("b")};
    BOOST_TEST(h.size() == 2u);
}

BOOST_AUTO_TEST_CASE(threads_interning_the_same_text_agree) {
    std::vector<const void*> keys(8);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < keys.size(); ++t)
        threads.emplace_back([&keys, t] {
            for (int i = 0; i < 1000; ++i) Symbol("label " + std::to_string(i));
            keys[t] = Symbol("shared label").key();
        });
    for (auto& th : threads) th.join();
    for (const void* k : keys) BOOST_TEST(k == Symbol("shared label").key());
}
