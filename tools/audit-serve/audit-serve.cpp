// audit-serve: auditors complete their audits in the browser. `run` serves the pages and the JSON API
// (tools/audit-serve/server.cpp over the core module web); `user` manages the accounts.
#include <iostream>
#include <string>

#include "audit/base/error.h"
#include "audit/cli/tool.h"
#include "audit/store/store.h"
#include "audit/web/accounts.h"
#include "audit/web/app.h"
#include "server.h"

namespace {

using namespace audit;

class Serve : public cli::Tool {
public:
    Serve()
        : Tool({"audit-serve", "serve the audit forms to auditors in the browser, with accounts and roles",
                "audit-serve run [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE | --insecure-behind-proxy]\n"
                "                [--template ID] [--store SPEC]\n"
                "audit-serve user add NAME --role ROLE[,ROLE] [--team T] [--display \"Full Name\"] [--auditor NAME]\n"
                "                --password-stdin\n"
                "audit-serve user list | user disable NAME | user enable NAME | user reset NAME --password-stdin\n"
                "audit-serve routes",
                "Subcommands:\n"
                "  run    serve until stopped (SIGINT or SIGTERM). Plain HTTP only on a loopback address; on any\n"
                "         other address give --tls-cert and --tls-key (HTTPS, TLS 1.2 or later), or run behind a\n"
                "         reverse proxy that terminates TLS with --insecure-behind-proxy (the proxy must set\n"
                "         X-Forwarded-For and X-Forwarded-Proto: https, and be the only way in). Sessions, drafts and\n"
                "         the access log are in the store, so several audit-serve processes can share one PostgreSQL\n"
                "         store (--store postgresql:...). The forms use the draw's template, else --template, else\n"
                "         the template made for the case's category.\n"
                "  user   accounts. Roles: admin, qa-lead, auditor, moderator, practitioner, observer. An auditor\n"
                "         account answers to the auditor name used in draws (--auditor; default the display name).\n"
                "         Passwords (12 characters or more) are read from standard input, never from the command\n"
                "         line, and stored only as Argon2id hashes. disable and reset end the account's sessions.\n"
                "  routes the role x route table the server answers by (method, path, roles or 'public', what the\n"
                "         access log calls it), one route a line: what each role may reach, for a review of access.\n"
                "First admin: printf '%s\\n' \"$PASSWORD\" | audit-serve user add admin --role admin --password-stdin",
                "printf '%s\\n' 'correct horse battery' | audit-serve user add a.khan --role auditor --display \"QA Officer A\" --password-stdin\n"
                "audit-serve run --listen 127.0.0.1:8080 --template cin-cp --store audit.db\n"
                "audit-serve run --listen 0.0.0.0:8443 --tls-cert /etc/audit/cert.pem --tls-key /etc/audit/key.pem \\\n"
                "    --store 'postgresql:host=db dbname=audit user=audit'\n"
                "audit-serve run --listen 10.0.0.5:8080 --insecure-behind-proxy --store 'postgresql:host=db dbname=audit'"}) {}

protected:
    void addOptions(Poco::Util::OptionSet& set) override {
        set.addOption(opt("listen", "HOST:PORT", "run: where to listen (default 127.0.0.1:8080; port 0 = any free port)"));
        set.addOption(opt("tls-cert", "FILE", "run: the certificate chain (PEM) for HTTPS"));
        set.addOption(opt("tls-key", "FILE", "run: the private key (PEM) for HTTPS"));
        set.addOption(flag("insecure-behind-proxy", "run: plain HTTP on a non-loopback address, behind a TLS proxy"));
        set.addOption(opt("template", "ID", "run: the template for draws that record none"));
        set.addOption(opt("threads", "N", "run: connections served at once (default 64; at least the people saving at once)"));
        set.addOption(opt("port-file", "FILE", "run: write the port listened on to FILE"));
        set.addOption(opt("idle-minutes", "N", "run: sign out after N minutes without a request (default 30)"));
        set.addOption(opt("session-hours", "N", "run: sign out N hours after signing in (default 10)"));
        set.addOption(opt("role", "ROLE[,ROLE]", "user add: the account's roles"));
        set.addOption(opt("team", "T", "user add: the account's team"));
        set.addOption(opt("display", "NAME", "user add: the full name shown"));
        set.addOption(opt("auditor", "NAME", "user add: the auditor name used in draws"));
        set.addOption(flag("password-stdin", "user add, reset: read the password from the first line of standard input"));
    }

    int work(const std::vector<std::string>& args) override {
        return dispatch(args, {{"run", [this](const std::vector<std::string>& a) { return run(a); }},
                               {"user", [this](const std::vector<std::string>& a) { return user(a); }},
                               {"routes", [this](const std::vector<std::string>& a) { return routes(a); }}});
    }

private:
    int run(const std::vector<std::string>& args) {
        if (!args.empty()) usageError("run takes no arguments (unexpected '" + args.front() + "')");
        serve::ServerOptions o;
        o.store = store();
        const std::string listen = value("listen", "127.0.0.1:8080");
        const std::size_t colon = listen.rfind(':');
        if (colon == std::string::npos || colon == 0) usageError("--listen '" + listen + "' is not HOST:PORT (e.g. 127.0.0.1:8080)");
        o.host = listen.substr(0, colon);
        if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']') o.host = o.host.substr(1, o.host.size() - 2);
        const std::string port = listen.substr(colon + 1);
        if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535)
            usageError("--listen '" + listen + "': the port must be a number from 0 to 65535");
        o.port = static_cast<unsigned short>(std::stoi(port));
        o.tlsCert = value("tls-cert", "");
        o.tlsKey = value("tls-key", "");
        if (o.tlsCert.empty() != o.tlsKey.empty()) usageError("--tls-cert and --tls-key go together");
        o.behindProxy = has("insecure-behind-proxy");
        if (o.behindProxy && !o.tlsCert.empty()) usageError("--insecure-behind-proxy is for plain HTTP behind a proxy: not with --tls-cert");
        if (!serve::isLoopback(o.host) && o.tlsCert.empty() && !o.behindProxy)
            usageError("plain HTTP on " + o.host + " would send passwords and case data unencrypted: give --tls-cert and "
                       "--tls-key, or put a TLS proxy in front and give --insecure-behind-proxy");
        o.defaultTemplate = value("template", "");
        o.threads = static_cast<int>(integer("threads", 64));
        if (o.threads < 1 || o.threads > 512) usageError("--threads must be from 1 to 512");
        o.idleMinutes = integer("idle-minutes", 30);
        o.absoluteHours = integer("session-hours", 10);
        if (o.idleMinutes < 1 || o.absoluteHours < 1) usageError("--idle-minutes and --session-hours must be at least 1");
        o.portFile = value("port-file", "");
        serve::runServer(o, [&](const std::string& url) {
            if (!quiet()) out() << "audit-serve: listening on " << url << " (store " << Store(o.store).name() << ")" << std::endl;
        });
        return 0;
    }

    int routes(const std::vector<std::string>& args) {
        if (!args.empty()) usageError("routes takes no arguments (unexpected '" + args.front() + "')");
        for (const auto& r : web::routes())
            out() << r.method << "\t" << r.pattern << "\t" << (r.isPublic ? std::string("public") : web::joinRoles(r.roles)) << "\t"
                  << r.name << "\n";
        return 0;
    }

    std::string readPassword() {
        if (!has("password-stdin")) usageError("give the password on standard input with --password-stdin");
        std::string line;
        std::getline(std::cin, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }

    int user(const std::vector<std::string>& args) {
        if (args.empty()) usageError("user needs a subcommand: add, list, disable, enable or reset");
        Store db(store());
        web::Accounts accounts(db);
        const std::string& verb = args[0];
        auto name = [&]() -> std::string {
            if (args.size() != 2) usageError("user " + verb + " needs exactly one account name");
            return args[1];
        };
        if (verb == "list") {
            if (args.size() != 1) usageError("user list takes no arguments");
            for (const auto& a : accounts.list())
                out() << a.name << "\t" << a.display << "\t" << web::joinRoles(a.roles) << "\t" << a.team << "\t" << a.auditor
                      << "\t" << (a.disabled ? "disabled" : "active") << "\n";
            return 0;
        }
        if (verb == "add") {
            web::NewAccount n;
            n.name = name();
            n.roles = web::parseRoles(require("role"));
            n.team = value("team", "");
            n.display = value("display", "");
            n.auditor = value("auditor", "");
            n.password = readPassword();
            const auto a = accounts.add(n);
            db.logEvent("audit-serve", "user add", a.name + " " + web::joinRoles(a.roles));
            if (!quiet()) out() << "added " << a.name << " (" << web::joinRoles(a.roles) << (a.auditor.empty() ? "" : ", auditor name '" + a.auditor + "'") << ")\n";
            return 0;
        }
        if (verb == "disable" || verb == "enable") {
            accounts.setDisabled(name(), verb == "disable");
            db.logEvent("audit-serve", "user " + verb, args[1]);
            if (!quiet()) out() << verb << "d " << args[1] << "\n";
            return 0;
        }
        if (verb == "reset") {
            const std::string n = name();
            accounts.resetPassword(n, readPassword());
            db.logEvent("audit-serve", "user reset", n);
            if (!quiet()) out() << "reset the password of " << n << "\n";
            return 0;
        }
        usageError("unknown user subcommand '" + verb + "'; expected add, list, disable, enable or reset");
    }
};

}  // namespace

AUDIT_TOOL_MAIN(Serve)
