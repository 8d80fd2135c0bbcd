// Sessions: 256-bit ids, a new id at every sign-in (no fixation), idle and absolute timeouts, cookies HttpOnly and
// SameSite=Strict (Secure under TLS), the id's hash (never the id) in the store, shared by two Store connections.
#include "audit/base/hash.h"
#include "audit/web/sessions.h"
#include "web_fixture.h"

using namespace webtest;

BOOST_AUTO_TEST_CASE(the_session_id_has_256_random_bits_and_the_store_keeps_only_its_hash) {
    World w;
    web::Sessions s(w.store);
    const auto a = s.create(1, "127.0.0.1", 100), b = s.create(1, "127.0.0.1", 100);
    BOOST_TEST(a.id.size() == 64u);  // 32 bytes as hex
    BOOST_TEST(a.id != b.id);
    BOOST_TEST(a.csrf != b.csrf);
    BOOST_TEST(w.store.scalar<std::int64_t>("SELECT COUNT(*) FROM web_session WHERE id_hash = ?", a.id).value() == 0);
    BOOST_TEST(w.store.scalar<std::int64_t>("SELECT COUNT(*) FROM web_session WHERE id_hash = ?", sha256(a.id)).value() == 1);
    // Another connection to the same store (another audit-serve process) finds it.
    Store other(w.dir.file("audit.db"));
    BOOST_TEST(web::Sessions(other).find(a.id, 200).has_value());
}

BOOST_AUTO_TEST_CASE(the_session_id_changes_at_sign_in_and_a_planted_one_is_never_promoted) {
    World w;
    auto c = w.client();
    const std::string planted(64, 'a');
    c.cookies[web::kSessionCookie] = planted;
    BOOST_TEST(c.login("alice").status == 303);
    const std::string first = c.cookies[web::kSessionCookie];
    BOOST_TEST(first != planted);
    BOOST_TEST(first.size() == 64u);
    BOOST_TEST(c.login("alice").status == 303);
    const std::string second = c.cookies[web::kSessionCookie];
    BOOST_TEST(second != first);
    // The first session ended with the second sign-in.
    auto old = w.client();
    old.cookies[web::kSessionCookie] = first;
    BOOST_TEST(old.get("/audits").status == 303);
    BOOST_TEST(c.get("/audits").status == 200);
}

BOOST_AUTO_TEST_CASE(cookies_are_httponly_samesite_strict_and_secure_under_tls) {
    World w;
    auto c = w.client();
    c.get("/login");
    auto r = c.postForm("/login", "username=alice&password=" + web::urlEncode(kPassword));
    bool found = false;
    for (const auto& cookie : r.all("Set-Cookie"))
        if (cookie.rfind(std::string(web::kSessionCookie) + "=", 0) == 0 && !contains(cookie, "Max-Age=0")) {
            found = true;
            BOOST_TEST(contains(cookie, "; HttpOnly"));
            BOOST_TEST(contains(cookie, "; SameSite=Strict"));
            BOOST_TEST(!contains(cookie, "Secure"));
        }
    BOOST_TEST(found);
    auto t = w.client();
    t.tls = true;
    t.get("/login");
    auto s = t.postForm("/login", "username=alice&password=" + web::urlEncode(kPassword));
    BOOST_TEST(s.status == 303);
    for (const auto& cookie : s.all("Set-Cookie")) BOOST_TEST(contains(cookie, "; Secure"));
    BOOST_TEST(contains(s.header("Strict-Transport-Security"), "max-age="));
}

BOOST_AUTO_TEST_CASE(a_session_ends_when_idle_too_long_or_too_old) {
    World w;
    auto c = w.client();
    c.login("alice");
    w.clock += 29 * 60;
    BOOST_TEST(c.get("/audits").status == 200);
    w.clock += 31 * 60;  // idle 31 minutes
    BOOST_TEST(c.get("/audits").status == 303);

    auto d = w.client();
    d.login("alice");
    for (int i = 0; i < 40; ++i) {  // busy all day, every 20 minutes
        w.clock += 20 * 60;
        if (d.get("/audits").status != 200) {
            BOOST_TEST(i * 20 + 20 > 10 * 60);  // only after ten hours
            return;
        }
    }
    BOOST_FAIL("the session outlived its absolute timeout");
}
