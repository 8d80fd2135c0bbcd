// Reminders: what is due or overdue per person, and the daily e-mail sent through a local SMTP sink on loopback
// (tests/support/smtp_sink.py over Debian's python3-aiosmtpd), stopped by its PID.
#include <boost/test/unit_test.hpp>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "audit/base/error.h"
#include "audit/jobs/reminders.h"
#include "audit/store/store.h"
#include "test_support.h"

using namespace audit;
using namespace audit::jobs;

namespace {

// Two audits; actions: 1 TM East due 2026-03-20 (12 days overdue on 2026-04-01), 2 TM East due 2026-04-05 (in 4
// days), 3 TM West due 2026-03-31 (1 day overdue), 4 TM West due 2026-05-30 (not soon), 5 TM East done.
std::string fillStore(const test::TempDir& dir) {
    const std::string db = dir.file("audit.db");
    Store store(db);
    store.transaction([&] {
        const auto a1 = store.insertReturningId(
            "INSERT INTO audit (form_id, version, case_ref, child_ref, template_id, template_version, auditor, worker, "
            "period, completed_date, source_hash, imported_at) VALUES ('F-aaa', 1, 'C100', 'CHILD-9', 'cin-cp', '3', "
            "'A1', 'Worker Jones', '2026-03', '2026-03-02', 'h', 't')");
        const auto a2 = store.insertReturningId(
            "INSERT INTO audit (form_id, version, case_ref, template_id, template_version, auditor, period, "
            "source_hash, imported_at) VALUES ('F-bbb', 1, 'C200', 'cin-cp', '3', 'A1', '2026-03', 'h2', 't')");
        auto action = [&](std::int64_t audit, int no, const char* owner, const char* due, const char* status) {
            store.exec("INSERT INTO action (audit_id, action_no, description, owner, due_date, status, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, 't', 't')",
                       audit, no, "Secret detail about the child's health " + std::to_string(no), owner, due, status);
        };
        action(a1, 1, "TM East", "2026-03-20", "open");
        action(a1, 2, "TM East", "2026-04-05", "in progress");
        action(a2, 1, "TM West", "2026-03-31", "open");
        action(a2, 2, "TM West", "2026-05-30", "open");
        action(a2, 3, "TM East", "2026-03-01", "done");
    });
    return db;
}

// The SMTP sink, started on a free loopback port and stopped by its PID.
struct Sink {
    test::TempDir dir;
    std::unique_ptr<Poco::ProcessHandle> handle;
    int port = 0;
    Sink() {
        Poco::Pipe out;
        handle = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
            "/usr/bin/python3", {test::sourceDir() + "/tests/support/smtp_sink.py", dir.path(), "120"}, nullptr, &out,
            nullptr));
        Poco::PipeInputStream in(out);
        in >> port;
        BOOST_REQUIRE_MESSAGE(port > 0, "the SMTP sink did not start (is python3-aiosmtpd installed?)");
    }
    ~Sink() {
        Poco::Process::kill(*handle);
        handle->wait();
    }
    std::vector<std::string> messages(std::size_t expected) const {
        std::vector<std::string> out;
        for (int i = 0; i < 100 && out.size() < expected; ++i) {
            out.clear();
            for (const auto& e : std::filesystem::directory_iterator(dir.path()))
                if (e.path().extension() == ".eml") out.push_back(e.path().string());
            if (out.size() < expected) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        std::sort(out.begin(), out.end());
        for (auto& f : out) {
            std::ifstream is(f, std::ios::binary);
            std::stringstream ss;
            ss << is.rdbuf();
            f = ss.str();
        }
        return out;
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(due_and_overdue_per_person) {
    test::TempDir dir;
    RemindersRequest req;
    req.store = fillStore(dir);
    req.asOf = "2026-04-01";
    req.days = 7;
    RemindersResult r = reminders(req);
    BOOST_TEST(r.overdue == 2u);
    BOOST_TEST(r.dueSoon == 1u);
    BOOST_REQUIRE(r.people.size() == 2u);
    BOOST_TEST(r.people[0].person == "TM East");
    BOOST_REQUIRE(r.people[0].items.size() == 2u);
    BOOST_TEST(r.people[0].items[0].daysOverdue == 12);
    BOOST_TEST(r.people[0].items[1].daysOverdue == -4);
    BOOST_TEST(r.people[0].items[0].reference == "action 1 (case C100, audit F-aaa, action no. 1)");
    BOOST_TEST(r.people[1].items.size() == 1u);  // TM West: action 4 is not due within 7 days
    req.days = 3;
    BOOST_TEST(reminders(req).dueSoon == 0u);
    // A QA lead gets every overdue item too.
    req.qaLeads = {"QA Lead"};
    r = reminders(req);
    BOOST_REQUIRE(r.people.size() == 3u);
    BOOST_TEST(r.people[0].person == "QA Lead");
    BOOST_TEST(r.people[0].items.size() == 2u);
    BOOST_TEST(r.overdue == 2u);  // counted once
    req.asOf = "1/4/26";
    BOOST_CHECK_THROW(reminders(req), Error);
    req.asOf = "2026-04-01";
    req.days = -1;
    BOOST_CHECK_THROW(reminders(req), Error);
}

BOOST_AUTO_TEST_CASE(the_mail_names_no_child_and_no_detail) {
    test::TempDir dir;
    RemindersRequest req;
    req.store = fillStore(dir);
    req.asOf = "2026-04-01";
    const RemindersResult r = reminders(req);
    const ReminderMail m = reminderMail(r.people[0], req.asOf, 7);
    BOOST_TEST(m.subject == "Case audit reminders: 1 overdue, 1 due within 7 days");
    BOOST_TEST(m.body.find("action 1 (case C100, audit F-aaa, action no. 1), due 20/03/2026, 12 days overdue") !=
                   std::string::npos,
               m.body);
    BOOST_TEST(m.body.find("due 05/04/2026, in 4 days") != std::string::npos, m.body);
    for (const char* secret : {"Secret", "health", "CHILD-9", "Worker Jones"})
        BOOST_TEST(m.body.find(secret) == std::string::npos, secret);
}

BOOST_AUTO_TEST_CASE(addresses_are_checked_by_line) {
    test::TempDir dir;
    test::writeText(dir.file("ok.csv"), "name,email\nTM East,east@council.example\nTM West , west@council.example\n");
    const auto a = readAddresses(dir.file("ok.csv"));
    BOOST_TEST(a.at("TM West") == "west@council.example");
    test::writeText(dir.file("bad.csv"), "name,email\nTM East,east.council.example\nTM West,\"w@x\r\nBcc: all@x\"\n"
                                         "TM East,e2@council.example\n,a@b\n");
    try {
        readAddresses(dir.file("bad.csv"));
        BOOST_FAIL("not refused");
    } catch (const Error& e) {
        const std::string m = e.what();
        BOOST_TEST(m.find("line 2: 'east.council.example' is not an e-mail address") != std::string::npos, m);
        BOOST_TEST(m.find("line 3: '") != std::string::npos, m);  // the header injection attempt
        BOOST_TEST(m.find("line 6: the name is blank") != std::string::npos, m);
    }
    test::writeText(dir.file("cols.csv"), "who,mail\nx,y@z\n");
    BOOST_CHECK_THROW(readAddresses(dir.file("cols.csv")), Error);
}

BOOST_AUTO_TEST_CASE(reminders_go_through_an_smtp_relay) {
    test::TempDir dir;
    RemindersRequest req;
    req.store = fillStore(dir);
    req.asOf = "2026-04-01";
    req.qaLeads = {"QA Lead"};
    const RemindersResult r = reminders(req);
    Sink sink;
    MailRequest mail;
    mail.smtp = "127.0.0.1:" + std::to_string(sink.port);
    mail.from = "audit@council.example";
    mail.addresses = {{"TM East", "east@council.example"}, {"QA Lead", "qa@council.example"}};
    const MailResult sent = sendReminders(r, req.asOf, 7, mail);
    BOOST_TEST(sent.sent == 2u);
    BOOST_TEST(sent.noAddress == std::vector<std::string>{"TM West"});
    const auto msgs = sink.messages(2);
    BOOST_REQUIRE(msgs.size() == 2u);
    // Sorted by person: QA Lead first.
    BOOST_TEST(msgs[0].find("X-Envelope-To: qa@council.example") != std::string::npos, msgs[0]);
    BOOST_TEST(msgs[1].find("X-Envelope-To: east@council.example") != std::string::npos, msgs[1]);
    BOOST_TEST(msgs[1].find("X-Envelope-From: audit@council.example") != std::string::npos);
    BOOST_TEST(msgs[1].find("Case audit reminders: 1 overdue, 1 due within 7 days") != std::string::npos, msgs[1]);
    BOOST_TEST(msgs[1].find("action 1 (case C100, audit F-aaa, action no. 1)") != std::string::npos, msgs[1]);
    BOOST_TEST(msgs[0].find("owner TM West") != std::string::npos, msgs[0]);
    for (const auto& m : msgs) BOOST_TEST(m.find("Secret") == std::string::npos);
    // A malformed relay or sender is a usage error; a relay nobody listens on is an I/O error naming it.
    mail.smtp = "127.0.0.1";
    BOOST_CHECK_EXCEPTION(sendReminders(r, req.asOf, 7, mail), Error, [](const Error& e) { return e.exitCode() == 64; });
    mail.smtp = "127.0.0.1:" + std::to_string(sink.port);
    mail.from = "nobody";
    BOOST_CHECK_EXCEPTION(sendReminders(r, req.asOf, 7, mail), Error, [](const Error& e) { return e.exitCode() == 64; });
}

BOOST_AUTO_TEST_CASE(an_unreachable_relay_is_an_io_error) {
    test::TempDir dir;
    RemindersRequest req;
    req.store = fillStore(dir);
    req.asOf = "2026-04-01";
    MailRequest mail;
    int freePort = 0;
    {
        Sink s;  // a port that was just free: the sink is stopped before sending
        freePort = s.port;
    }
    mail.smtp = "127.0.0.1:" + std::to_string(freePort);
    mail.from = "audit@council.example";
    mail.addresses = {{"TM East", "east@council.example"}};
    try {
        sendReminders(reminders(req), req.asOf, 7, mail);
        BOOST_FAIL("not refused");
    } catch (const Error& e) {
        BOOST_TEST(e.exitCode() == 74);
        BOOST_TEST(std::string(e.what()).find("SMTP relay 127.0.0.1:" + std::to_string(freePort)) != std::string::npos,
                   e.what());
    }
}
