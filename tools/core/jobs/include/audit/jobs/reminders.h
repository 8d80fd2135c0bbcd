// Reminders (issue 15, item 5): what each person has due within N days or overdue (their open actions, as owners;
// the QA leads named also get every overdue item), as a list for a home page or a terminal and as a daily e-mail
// through an SMTP relay (Poco::Net::SMTPClientSession). A reminder names no child and no case detail beyond the
// reference: the case reference, the action's number and the audit's form id, never the action's text, the child's
// reference or a worker's name.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace audit {
class Store;
}

namespace audit::jobs {

struct Reminder {
    std::string kind;       // "action"
    std::string reference;  // "action 12 (case C1234, audit F-…)": what the person can look up
    std::string due;        // ISO date
    long daysOverdue = 0;   // > 0 overdue; <= 0: due in -daysOverdue days
    std::string owner;      // whose it is
};

struct PersonReminders {
    std::string person;
    std::vector<Reminder> items;  // overdue first (most overdue first), then by due date
    std::size_t overdue() const;
};

struct RemindersRequest {
    std::string store;
    std::string asOf;                   // ISO date
    int days = 7;                       // due within this many days (0..366), or overdue
    std::vector<std::string> qaLeads;   // each gets every overdue item too
};

struct RemindersResult {
    std::vector<PersonReminders> people;  // by name; nobody with nothing due
    std::size_t overdue = 0, dueSoon = 0;   // items (each counted once)
};

// Error(Usage) for a bad date or day count; the store is only read.
RemindersResult reminders(const RemindersRequest& request);
// The same on an open store (audit-serve's home pages); request.store is not used.
RemindersResult reminders(Store& store, const RemindersRequest& request);

// The e-mail for one person: subject and plain-text body.
struct ReminderMail {
    std::string subject, body;
};
ReminderMail reminderMail(const PersonReminders& person, const std::string& asOf, int days);

// The people's addresses: a CSV with columns name and email. Error(Data) by line for a malformed address (one
// without '@', with spaces, or with a line break), a duplicate name, or a missing column; Error(NoInput) if missing.
std::map<std::string, std::string> readAddresses(const std::string& path);

struct MailRequest {
    std::string smtp;  // HOST:PORT of the relay
    std::string from;  // the sender's address
    std::map<std::string, std::string> addresses;  // person -> address
};
struct MailResult {
    std::size_t sent = 0;
    std::vector<std::string> noAddress;  // people with reminders but no address (nothing sent to them)
};
// One message per person with an address, through one SMTP session. Error(Usage) for a malformed --smtp or --from;
// Error(IO) naming the relay when it cannot be reached or refuses a message (messages already accepted stay sent).
MailResult sendReminders(const RemindersResult& reminders, const std::string& asOf, int days,
                         const MailRequest& request);

}  // namespace audit::jobs
