// Accounts: Argon2id PHC strings (never the password), roles, disable and reset end sessions, and the login
// throttle per account and per address (HTTP 429 with Retry-After), shared through the store.
#include "audit/web/security.h"
#include "audit/web/sessions.h"
#include "web_fixture.h"

using namespace webtest;

BOOST_AUTO_TEST_CASE(passwords_are_stored_as_argon2id_phc_strings_only) {
    World w("cin-cp", true);  // the production cost
    const std::string hash = w.store.scalar<std::string>("SELECT password_hash FROM web_account WHERE name = 'alice'").value();
    BOOST_TEST(hash.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);
    BOOST_TEST(!contains(w.store.dump(), kPassword));
    BOOST_TEST(web::verifyPassword(kPassword, hash));
    BOOST_TEST(!web::verifyPassword(kPassword + "x", hash));
    // Another algorithm's hash is not accepted, even if it were right.
    BOOST_TEST(!web::verifyPassword("x", "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA"));
    BOOST_TEST(web::hashPassword(kPassword) != web::hashPassword(kPassword));  // salted
    // A hash of lower cost is upgraded at the next sign-in.
    web::setPasswordCost({1, 8192});
    const std::string cheap = web::hashPassword(kPassword);
    web::setPasswordCost(web::productionPasswordCost());
    BOOST_TEST(web::needsRehash(cheap));
    w.store.exec("UPDATE web_account SET password_hash = ? WHERE name = 'alice'", cheap);
    BOOST_TEST(w.client().login("alice").status == 303);
    BOOST_TEST(w.store.scalar<std::string>("SELECT password_hash FROM web_account WHERE name = 'alice'").value().rfind(
                   "$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);
}

BOOST_AUTO_TEST_CASE(accounts_are_checked_when_added) {
    World w;
    web::Accounts a(w.store);
    test::expectError([&] { a.add({"Bad Name", "", web::parseRoles("auditor"), "", "", kPassword}); }, ErrorKind::Usage, {"not valid"});
    test::expectError([&] { a.add({"carol", "", web::parseRoles("auditor"), "", "", "short"}); }, ErrorKind::Usage, {"too short"});
    test::expectError([&] { a.add({"carol", "", {}, "", "", kPassword}); }, ErrorKind::Usage, {"at least one role"});
    test::expectError([&] { web::parseRoles("auditor,boss"); }, ErrorKind::Usage, {"unknown role 'boss'", "qa-lead"});
    test::expectError([&] { a.add({"alice", "", web::parseRoles("auditor"), "", "", kPassword}); }, ErrorKind::Data, {"exists"});
    const auto c = a.add({"carol", "Carol Jones", web::parseRoles("auditor,moderator"), "QA", "", kPassword});
    BOOST_TEST(c.auditor == "Carol Jones");  // the display name, unless given
    BOOST_TEST(web::joinRoles(c.roles) == "auditor,moderator");
}

BOOST_AUTO_TEST_CASE(disabling_or_resetting_ends_the_sessions_and_a_disabled_account_cannot_sign_in) {
    World w;
    auto c = w.client();
    BOOST_TEST(c.login("alice").status == 303);
    web::Accounts(w.store).setDisabled("alice", true);
    BOOST_TEST(c.get("/audits").status == 303);
    BOOST_TEST(c.login("alice").status == 401);
    web::Accounts(w.store).setDisabled("alice", false);
    BOOST_TEST(c.login("alice").status == 303);
    web::Accounts(w.store).resetPassword("alice", "another long passphrase");
    BOOST_TEST(c.get("/audits").status == 303);
    BOOST_TEST(c.login("alice").status == 401);
    BOOST_TEST(c.login("alice", "another long passphrase").status == 303);
}

BOOST_AUTO_TEST_CASE(repeated_failures_for_an_account_are_throttled_with_429) {
    World w;
    auto c = w.client();
    for (int i = 0; i < 5; ++i) BOOST_TEST(c.login("alice", "wrong password " + std::to_string(i)).status == 401);
    // Now even the right password is refused until the window has passed.
    auto r = c.login("alice");
    BOOST_TEST(r.status == 429);
    BOOST_TEST(std::stol(r.header("Retry-After")) > 0);
    BOOST_TEST(contains(r.body, "Too many failed attempts"));
    // From another address too (the count is the account's).
    BOOST_TEST(w.client("203.0.113.9").login("alice").status == 429);
    // Another account is not affected.
    BOOST_TEST(w.client("203.0.113.9").login("bob").status == 303);
    w.clock += 15 * 60 + 1;
    BOOST_TEST(c.login("alice").status == 303);
}

BOOST_AUTO_TEST_CASE(repeated_failures_from_an_address_are_throttled_with_429) {
    World w;
    auto c = w.client("203.0.113.50");
    for (int i = 0; i < 20; ++i) BOOST_TEST(c.login("nobody" + std::to_string(i), "guess").status == 401);
    BOOST_TEST(c.login("bob").status == 429);
    BOOST_TEST(w.client("203.0.113.51").login("bob").status == 303);
}
