// The HTTP layer of audit-serve: Poco::Net::HTTPServer (HTTPS through Poco NetSSL) in front of web::App.
// Everything else (routing, roles, sessions, CSRF, pages, API) is in the core module web and tested there.
#pragma once
#include <functional>
#include <string>

namespace audit::serve {

struct ServerOptions {
    std::string store;            // store spec
    std::string host = "127.0.0.1";
    unsigned short port = 8080;   // 0: any free port (see portFile)
    std::string tlsCert, tlsKey;  // both or neither
    bool behindProxy = false;     // --insecure-behind-proxy: plain HTTP on a non-loopback address, TLS at the proxy
    std::string defaultTemplate;
    int threads = 16;
    std::string portFile;         // write the port listened on here (tests, scripts)
    long idleMinutes = 30, absoluteHours = 10;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool isLoopback(const std::string& host);

// Serves until SIGINT or SIGTERM. `announce` gets the address once listening. Throws audit::Error.
void runServer(const ServerOptions& options, const std::function<void(const std::string&)>& announce);

}  // namespace audit::serve
