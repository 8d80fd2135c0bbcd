// Request parsing without a socket: percent-decoding, forms, cookies.
#include <boost/test/unit_test.hpp>

#include "audit/web/http.h"

using namespace audit::web;

BOOST_AUTO_TEST_CASE(forms_and_cookies_parse) {
    BOOST_TEST(urlDecode("a+b%20c%3D%zz") == "a b c=%zz");
    BOOST_TEST(urlEncode("a b/é") == "a%20b%2F%C3%A9");
    auto f = parseUrlEncoded("username=a.khan&password=p%26ss+word&empty=&flag");
    BOOST_TEST(f["username"] == "a.khan");
    BOOST_TEST(f["password"] == "p&ss word");
    BOOST_TEST(f.count("empty") == 1u);
    BOOST_TEST(f.count("flag") == 1u);
    auto c = parseCookies("audit_session=abc; theme=dark;broken; =x");
    BOOST_TEST(c["audit_session"] == "abc");
    BOOST_TEST(c["theme"] == "dark");
    BOOST_TEST(c.size() == 2u);
    Request r;
    r.headers["content-type"] = "application/x-www-form-urlencoded; charset=UTF-8";
    r.body = "a=1";
    BOOST_TEST(r.form()["a"] == "1");
    r.headers["content-type"] = "text/plain";
    BOOST_TEST(r.form().empty());
}
