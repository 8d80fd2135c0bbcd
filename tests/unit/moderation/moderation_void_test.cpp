// Voiding a moderation return's version: the one before counts again; by the audit's form id or the M- id.
#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/moderation/moderation_void.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;

namespace {
void addModeration(Store& s, std::int64_t audit, int version, const std::string& grade, const std::string& hash) {
    s.exec("INSERT INTO moderation (audit_id, form_id, version, domain, moderator, moderator_grade, mode, period, "
           "source_file, source_hash, imported_at) VALUES (?, 'M-F-1', ?, '_overall', 'Q. Lead', ?, 'blind', '2026-11', "
           "'mod.csv', ?, ?)", audit, version, grade, hash, s.now());
}
}  // namespace

BOOST_AUTO_TEST_CASE(the_version_before_counts_again) {
    Store s(":memory:");
    const auto audit = s.insertReturningId(
        "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, period, source_hash, "
        "imported_at) VALUES ('F-1', 1, 'C1', 'cin-cp', '3', 'A', '2026-11', 'h', ?)", s.now());
    addModeration(s, audit, 1, "Good", "m1");
    addModeration(s, audit, 2, "Inadequate", "m2");
    s.logImport("mod2.csv", "m2", "moderation-return", "imported");
    BOOST_TEST(s.wasImported("m2", "moderation-return"));
    const ModerationVoid v = voidModeration(s, "F-1", std::nullopt, "typed into the wrong form", "");
    BOOST_TEST(v.formId == "M-F-1");
    BOOST_TEST(v.version == 2);
    BOOST_TEST(v.nowCounting.value_or(0) == 1);
    BOOST_TEST(s.scalar<std::string>("SELECT moderator_grade FROM moderation_latest").value_or("") == "Good");
    BOOST_TEST(s.latestFlagProblems().empty());  // the is_latest flags follow the voiding (migration 8's triggers)
    BOOST_TEST(!s.wasImported("m2", "moderation-return"));  // may be imported again
    const ModerationVoid v1 = voidModeration(s, "M-F-1", std::nullopt, "and this one", "B. Named");
    BOOST_TEST(v1.version == 1);
    BOOST_TEST(!v1.nowCounting);
    BOOST_TEST(s.query("SELECT * FROM moderation_latest").empty());
    BOOST_TEST(s.scalar<std::int64_t>("SELECT SUM(is_latest) FROM moderation").value_or(-1) == 0);
    BOOST_TEST(s.latestFlagProblems().empty());
    test::expectError([&] { voidModeration(s, "F-1", std::nullopt, "x", ""); }, ErrorKind::Data, {"voided already"});
    test::expectError([&] { voidModeration(s, "F-2", std::nullopt, "x", ""); }, ErrorKind::Data, {"M-F-2"});
    test::expectError([&] { voidModeration(s, "F-1", 1, " ", ""); }, ErrorKind::Usage, {"reason"});
}
