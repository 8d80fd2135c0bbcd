// A real PostgreSQL server for tests: initdb into a temporary folder (owned by the `postgres` user when we run as
// root, since initdb refuses root), listening on 127.0.0.1 at a free port and on a socket in that folder only;
// stopped and removed afterwards. Each test gets its own schema (freshSpec()). Missing server binaries are a
// failure, not a skip: `tools/quickstart test` installs the `postgresql` package.
//
//   BOOST_AUTO_TEST_SUITE(postgresql, *boost::unit_test::fixture<audit::test::StopPostgresServerAfterSuite>())
//   BOOST_AUTO_TEST_CASE(x) { audit::Store store(audit::test::postgresServer().freshSpec()); ... }
#pragma once
#include <boost/test/unit_test.hpp>

#include <Poco/Data/Session.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "audit/store/store.h"
#include "test_support.h"

namespace audit::test {


inline std::string findPostgresBin() {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec))
        if (std::filesystem::exists(entry.path() / "bin" / "initdb") && std::filesystem::exists(entry.path() / "bin" / "pg_ctl"))
            found.push_back((entry.path() / "bin").string());
    std::sort(found.begin(), found.end());  // the newest major version last (single-digit majors are long gone)
    return found.empty() ? std::string() : found.back();
}

inline int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    if (fd >= 0) ::close(fd);
    return port;
}

class PostgresServer {
public:
    PostgresServer() {
        const auto started = std::chrono::steady_clock::now();
        bin_ = findPostgresBin();
        if (bin_.empty())
            throw std::runtime_error(
                "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb and pg_ctl): install the "
                "Debian package 'postgresql' (tools/quickstart test installs it)");
        char tmpl[] = "/tmp/audit-pg-XXXXXX";
        if (!::mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary folder for PostgreSQL");
        dir_ = tmpl;
        if (::geteuid() == 0) {
            const passwd* pw = ::getpwnam("postgres");
            if (!pw)
                throw std::runtime_error("running as root, but there is no 'postgres' user to run the test server "
                                         "as (install the Debian package 'postgresql')");
            if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0)
                throw std::runtime_error("cannot give " + dir_ + " to the postgres user");
            asUser_ = "runuser -u postgres -- ";
        }
        run(asUser_ + test::shellQuote(bin_ + "/initdb") + " -D " + test::shellQuote(dir_ + "/data") +
                " --auth=trust -U postgres --no-sync --no-instructions -E UTF8 --locale=C",
            "initdb");
        for (int attempt = 0; attempt < 3 && port_ == 0; ++attempt) {
            const int port = freePort();
            const auto r = test::runCommand(
                asUser_ + test::shellQuote(bin_ + "/pg_ctl") + " -D " + test::shellQuote(dir_ + "/data") + " -l " +
                test::shellQuote(dir_ + "/log") + " -w -t 30 -o " +
                test::shellQuote("-k " + dir_ + " -h 127.0.0.1 -p " + std::to_string(port) +
                                 " -F -c full_page_writes=off -c synchronous_commit=off") +
                " start");
            if (r.exitCode == 0) port_ = port;
        }
        if (port_ == 0) throw std::runtime_error("pg_ctl could not start the test server: " + test::readText(dir_ + "/log"));
        admin_ = std::make_unique<Poco::Data::Session>("PostgreSQL", conninfo());
        startup_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
    ~PostgresServer() {
        admin_.reset();
        if (port_ != 0)
            test::runCommand(asUser_ + test::shellQuote(bin_ + "/pg_ctl") + " -D " + test::shellQuote(dir_ + "/data") +
                             " -m immediate -w stop");
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }

    // A spec for a fresh, empty schema of its own.
    std::string freshSpec() {
        const std::string schema = "t" + std::to_string(++schemas_);
        *admin_ << "CREATE SCHEMA " + schema, Poco::Data::Keywords::now;
        return "postgresql:" + conninfo() + " options=-csearch_path=" + schema;
    }
    // A spec for a new, empty database of this server whose search_path is `schema` (where a restore goes).
    std::string freshDatabase(const std::string& schema) {
        const std::string db = "d" + std::to_string(++schemas_);
        *admin_ << "CREATE DATABASE " + db, Poco::Data::Keywords::now;
        return "postgresql:host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + db +
               " user=postgres options=-csearch_path=" + schema;
    }
    const std::string& dir() const { return dir_; }
    double startupSeconds() const { return startup_; }

private:
    std::string conninfo() const {
        return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=postgres user=postgres";
    }
    void run(const std::string& command, const std::string& what) {
        const auto r = test::runCommand(command);
        if (r.exitCode != 0) throw std::runtime_error(what + " failed (" + command + "): " + r.err + r.out);
    }

    std::string bin_, dir_, asUser_;
    int port_ = 0;
    int schemas_ = 0;
    double startup_ = 0;
    std::unique_ptr<Poco::Data::Session> admin_;
};

// Started by the first PostgreSQL test, stopped when the suite ends.
inline std::unique_ptr<PostgresServer> gServer;
inline std::string gServerError;

inline PostgresServer& postgresServer() {
    if (!gServer && gServerError.empty()) {
        try {
            audit::Store warmUp(":memory:");  // registers the connectors
            gServer = std::make_unique<PostgresServer>();
            BOOST_TEST_MESSAGE("PostgreSQL test server started in " << gServer->startupSeconds() << " s");
        } catch (const std::exception& e) {
            gServerError = e.what();
        }
    }
    if (!gServer) BOOST_FAIL("cannot run the PostgreSQL tests: " << gServerError);
    return *gServer;
}

struct StopPostgresServerAfterSuite {
    ~StopPostgresServerAfterSuite() { gServer.reset(); }
};


}  // namespace audit::test
