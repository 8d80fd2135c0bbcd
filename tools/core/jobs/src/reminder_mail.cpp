// The reminders' e-mail, through an SMTP relay (Poco::Net::SMTPClientSession, plain SMTP on the relay's port: the
// relay is expected to be the council's own, on the local network or loopback).
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include "audit/base/error.h"
#include "audit/jobs/reminders.h"

namespace audit::jobs {

namespace {

std::pair<std::string, Poco::UInt16> hostPort(const std::string& spec) {
    const auto colon = spec.rfind(':');
    auto bad = [&] {
        return Error(ErrorKind::Usage, "", "", "--smtp '" + spec + "' is not HOST:PORT (e.g. localhost:25)");
    };
    if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) throw bad();
    const std::string host = spec.substr(0, colon), port = spec.substr(colon + 1);
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) throw bad();
    const long p = std::stol(port);
    if (p < 1 || p > 65535) throw bad();
    return {host, static_cast<Poco::UInt16>(p)};
}

}  // namespace

MailResult sendReminders(const RemindersResult& reminders, const std::string& asOf, int days, const MailRequest& req) {
    const auto [host, port] = hostPort(req.smtp);
    const auto at = req.from.find('@');
    if (at == std::string::npos || at == 0 || req.from.find_first_of(" \t\r\n<>,;") != std::string::npos)
        throw Error(ErrorKind::Usage, "", "", "--from '" + req.from + "' is not an e-mail address");
    MailResult res;
    std::vector<const PersonReminders*> toSend;
    for (const auto& p : reminders.people) {
        if (req.addresses.count(p.person)) toSend.push_back(&p);
        else res.noAddress.push_back(p.person);
    }
    if (toSend.empty()) return res;
    const std::string relay = host + ":" + std::to_string(port);
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress(host, port), Poco::Timespan(10, 0));
        socket.setReceiveTimeout(Poco::Timespan(30, 0));
        Poco::Net::SMTPClientSession session(socket);
        session.login();
        for (const PersonReminders* p : toSend) {
            const ReminderMail m = reminderMail(*p, asOf, days);
            Poco::Net::MailMessage msg;
            msg.setSender(req.from);
            msg.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT,
                                                      req.addresses.at(p->person), p->person));
            msg.setSubject(Poco::Net::MailMessage::encodeWord(m.subject, "UTF-8"));
            msg.setContentType("text/plain; charset=UTF-8");
            msg.setContent(m.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
            session.sendMessage(msg);
            ++res.sent;
        }
        session.close();
    } catch (const Poco::Net::SMTPException& e) {
        throw Error(ErrorKind::IO, "SMTP relay " + relay, "",
                    "refused a message after " + std::to_string(res.sent) + " sent: " + e.displayText());
    } catch (const Poco::Exception& e) {
        throw Error(ErrorKind::IO, "SMTP relay " + relay, "",
                    "cannot send (" + std::to_string(res.sent) + " sent): " + e.displayText());
    }
    return res;
}

}  // namespace audit::jobs
