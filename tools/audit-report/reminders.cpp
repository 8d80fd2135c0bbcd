#include "reminders.h"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "audit/base/date.h"
#include "audit/base/error.h"
#include "audit/jobs/reminders.h"
#include "audit/store/store.h"

namespace audit::reportcli {

const char* const remindersHelp =
    "  reminders       per person, the open actions due within --days (default 7) or overdue, as at --as-of\n"
    "                  (default today); each --qa-lead also gets every overdue one. With --smtp HOST:PORT,\n"
    "                  --from and --addresses (CSV: name, email), one e-mail per person with an address through\n"
    "                  that relay, naming case references, audit form ids and action numbers only (never the\n"
    "                  action's text, the child or the worker); people without an address are listed.";

namespace {

struct RemindersOptions {
    std::string store, asOf;
    int days = 7;
    std::vector<std::string> qaLeads;
    std::optional<std::string> smtp, from, addresses;
    bool json = false, quiet = false;
};

int run(const RemindersOptions& o, std::ostream& out) {
    if ((o.smtp || o.from || o.addresses) && !(o.smtp && o.from && o.addresses))
        throw Error(ErrorKind::Usage, "", "", "e-mail needs --smtp HOST:PORT, --from ADDRESS and --addresses FILE together");
    jobs::RemindersRequest q;
    q.store = o.store;
    q.asOf = o.asOf;
    q.days = o.days;
    q.qaLeads = o.qaLeads;
    const jobs::RemindersResult r = jobs::reminders(q);
    std::optional<jobs::MailResult> mailed;
    if (o.smtp) {
        jobs::MailRequest m;
        m.smtp = *o.smtp;
        m.from = *o.from;
        m.addresses = jobs::readAddresses(*o.addresses);
        mailed = jobs::sendReminders(r, o.asOf, o.days, m);
    }
    if (o.json) {
        Poco::JSON::Object::Ptr j = new Poco::JSON::Object;
        j->set("as_of", o.asOf);
        j->set("days", o.days);
        j->set("overdue", static_cast<Poco::UInt64>(r.overdue));
        j->set("due_soon", static_cast<Poco::UInt64>(r.dueSoon));
        Poco::JSON::Array::Ptr people = new Poco::JSON::Array;
        for (const auto& p : r.people) {
            Poco::JSON::Object::Ptr pj = new Poco::JSON::Object;
            pj->set("person", p.person);
            Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
            for (const auto& i : p.items) {
                Poco::JSON::Object::Ptr ij = new Poco::JSON::Object;
                ij->set("kind", i.kind);
                ij->set("reference", i.reference);
                ij->set("due", i.due);
                ij->set("days_overdue", static_cast<Poco::Int64>(i.daysOverdue));
                ij->set("owner", i.owner);
                items->add(ij);
            }
            pj->set("items", items);
            people->add(pj);
        }
        j->set("people", people);
        if (mailed) {
            j->set("sent", static_cast<Poco::UInt64>(mailed->sent));
            Poco::JSON::Array::Ptr none = new Poco::JSON::Array;
            for (const auto& n : mailed->noAddress) none->add(n);
            j->set("no_address", none);
        }
        Poco::JSON::Stringifier::condense(j, out);
        out << '\n';
        return 0;
    }
    if (o.quiet) return 0;
    const auto asOf = parseDate(o.asOf);
    out << "as at " << (asOf ? asOf->uk() : o.asOf) << ": " << r.overdue << " overdue, " << r.dueSoon << " due within "
        << o.days << " days; store " << storeDisplayName(o.store) << "\n";
    for (const auto& p : r.people) {
        out << '\n' << p.person << " (" << p.overdue() << " overdue, " << p.items.size() - p.overdue() << " due soon)\n";
        for (const auto& i : p.items) {
            const auto due = parseDate(i.due);
            out << "  " << i.reference << (i.owner != p.person ? ", owner " + i.owner : std::string()) << ", due "
                << (due ? due->uk() : i.due) << ", "
                << (i.daysOverdue > 0 ? std::to_string(i.daysOverdue) + " days overdue"
                                      : "in " + std::to_string(-i.daysOverdue) + " days")
                << '\n';
        }
    }
    if (mailed) {
        out << "\nsent " << mailed->sent << " e-mails through " << *o.smtp << '\n';
        for (const auto& n : mailed->noAddress) out << "no address for " << n << ": not sent\n";
    }
    return 0;
}

}  // namespace

int remindersCommand(cli::Tool& tool, const std::vector<std::string>& rest) {
    if (!rest.empty()) tool.usageError("reminders takes no arguments besides options; unexpected '" + rest.front() + "'");
    RemindersOptions o;
    o.store = tool.store();
    const auto asOf = tool.optional("as-of");
    const auto d = asOf ? parseDate(*asOf) : std::optional<Date>(today());
    if (!d) tool.usageError("--as-of '" + *asOf + "' is not a date (expected YYYY-MM-DD or dd/mm/yyyy)");
    o.asOf = d->iso();
    const long long days = tool.integer("days", 7);
    if (days < 0 || days > 366) tool.usageError("--days must be 0 to 366");
    o.days = static_cast<int>(days);
    std::stringstream leads(tool.value("qa-lead", ""));
    for (std::string l; std::getline(leads, l, ',');)
        if (!l.empty()) o.qaLeads.push_back(l);
    o.smtp = tool.optional("smtp");
    o.from = tool.optional("from");
    o.addresses = tool.optional("addresses");
    o.json = tool.json();
    o.quiet = tool.quiet();
    return run(o, tool.out());
}

}  // namespace audit::reportcli
