// An audit's history from the store's records: drawn, allocated, submitted, moderation, send-back, resubmission,
// agreement and the practitioner's response, in order, with who.
#include <boost/test/unit_test.hpp>

#include "audit/base/error.h"
#include "audit/base/random.h"
#include "audit/jobs/history.h"
#include "audit/moderation/moderation.h"
#include "audit/moderation/moderation_round.h"
#include "audit/moderation/practitioner.h"
#include "audit/store/store.h"
#include "audit/store/voiding.h"
#include "test_support.h"

using namespace audit;

namespace {

void submit(Store& store, int version, std::int64_t drawId) {
    const auto id = store.insertReturningId(
        "INSERT INTO audit (form_id, version, draw_id, case_ref, template_id, template_version, framework_id, auditor, "
        "worker, period, source_file, source_kind, source_hash, imported_at) VALUES ('F1', ?, ?, 'C1', 'cin-cp', '3', "
        "'ofsted-four-point', 'A1', 'W1', '2026-11', ?, 'xlsx', ?, ?)",
        version, drawId, "F1-v" + std::to_string(version) + ".xlsx", "h" + std::to_string(version), store.now());
    store.exec("INSERT INTO judgement (audit_id, domain, auditor_grade) VALUES (?, '_overall', 'Good')", id);
    store.exec("INSERT INTO judgement (audit_id, domain, auditor_grade) VALUES (?, 'assessment', 'Good')", id);
}

std::vector<std::string> whats(const std::vector<jobs::HistoryEvent>& h) {
    std::vector<std::string> out;
    for (const auto& e : h) out.push_back(e.what + (e.who.empty() ? "" : " by " + e.who));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_whole_round_in_order) {
    Store store(":memory:");
    const auto drawId = store.insertReturningId(
        "INSERT INTO draw (kind, period, created_at, seed, algorithm, sample_size) VALUES ('audit', '2026-11', ?, "
        "'42', 'stratified', 1)",
        store.now());
    store.exec("INSERT INTO draw_stratum (draw_id, stratum, population, sample) VALUES (?, 'all', 10, 1)", drawId);
    store.exec("INSERT INTO draw_member (draw_id, case_ref, stratum, inclusion_probability, design_weight) VALUES "
               "(?, 'C1', 'all', 0.1, 10)",
               drawId);
    store.exec("INSERT INTO allocation (draw_id, case_ref, role, auditor, allocated_at) VALUES (?, 'C1', 'auditor', "
               "'A1', ?)",
               drawId, store.now());
    submit(store, 1, drawId);
    {
        const auto scale = agreement::GradeScale::ofsted4();
        const auto c = moderation::loadCandidates(store, "2026-11", scale);
        moderation::SamplePolicy p;
        p.fraction = 1;
        Random r(5);
        const auto s = moderation::drawSample(c, p, r);
        moderation::recordDraw(store, "2026-11", 5, p, scale, c, s, moderation::allocateModerators(c, s, {{"M1", 3}}));
    }
    moderation::takeLock(store, "F1", "M1");
    BOOST_TEST(jobs::auditHistory(store, "F1").back().what == "taken for moderation");
    moderation::addComment(store, test::catalogue(), "F1", "M1", "assessment", "Say how the history was used.");
    moderation::sendBack(store, "F1", "M1", "See the comment on assessment.");
    submit(store, 2, drawId);
    moderation::takeLock(store, "F1", "M1");
    moderation::agree(store, test::catalogue(), "F1", "M1",
                      {{"_overall", "Good", "Good", "agreed", ""}, {"assessment", "Good", "Good", "agreed", ""}},
                      "2026-12-01");
    moderation::recordResponse(store, test::catalogue(), "F1", "W1", "Agreed.");
    const auto h = jobs::auditHistory(store, "F1");
    BOOST_TEST(whats(h) == (std::vector<std::string>{"drawn", "allocated by A1", "submitted by A1",
                                                     "drawn for moderation", "allocated to moderate by M1",
                                                     "commented by M1", "sent back by M1", "submitted by A1",
                                                     "moderated by M1", "agreed by M1", "responded by W1"}),
               [&] {
                   std::string s;
                   for (const auto& w : whats(h)) s += w + "; ";
                   return s;
               }());
    BOOST_TEST(h[0].detail == "draw 1 of 2026-11, seed 42");
    BOOST_TEST(h[2].detail == "version 1, from F1-v1.xlsx (xlsx)");
    BOOST_TEST(h[6].detail == "version 1: See the comment on assessment.");
    BOOST_TEST(h[8].detail.find("agreed overall Good") != std::string::npos, h[8].detail);
    BOOST_CHECK_THROW(jobs::auditHistory(store, "F9"), Error);
    // A version voided comes last, with who and why.
    recordVoid(store, {"audit", "F1", 2, std::nullopt, "F1-v2.xlsx", "h2", "returned for the wrong case", "QA Lead"}, "audit-score");
    const auto after = jobs::auditHistory(store, "F1");
    BOOST_TEST(after.back().what == "voided");
    BOOST_TEST(after.back().who == "QA Lead");
    BOOST_TEST(after.back().detail == "version 2: returned for the wrong case");
}
