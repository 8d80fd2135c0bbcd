#include "server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <condition_variable>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <vector>

#include "audit/base/error.h"
#include "audit/base/text.h"
#include "audit/forms/template.h"
#include "audit/store/store.h"
#include "audit/web/app.h"

namespace audit::serve {

bool isLoopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

namespace {

// One Store per request at a time: SQLite connections and PostgreSQL sessions are not shared between threads.
class StorePool {
public:
    StorePool(const std::string& spec, int size) {
        StoreOptions options;
        options.checkEveryCommit = false;  // drafts and sessions: no whole-file check per write; imports still check
        for (int i = 0; i < size; ++i) free_.push_back(std::make_unique<Store>(spec, options));
    }
    struct Lease {
        StorePool& pool;
        std::unique_ptr<Store> store;
        ~Lease() { pool.give(std::move(store)); }
    };
    Lease take() {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return !free_.empty(); });
        auto s = std::move(free_.back());
        free_.pop_back();
        return Lease{*this, std::move(s)};
    }

private:
    void give(std::unique_ptr<Store> s) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            free_.push_back(std::move(s));
        }
        ready_.notify_one();
    }
    std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<std::unique_ptr<Store>> free_;
};

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    Handler(const web::App& app, StorePool& pool, const ServerOptions& o) : app_(app), pool_(pool), o_(o) {}

    void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
        web::Request r;
        r.method = in.getMethod();
        const Poco::URI uri(in.getURI());
        r.path = uri.getPath();
        r.query = web::parseUrlEncoded(uri.getRawQuery());
        for (const auto& [k, v] : in) r.headers[text::lower(k)] = v;
        r.cookies = web::parseCookies(in.get("Cookie", ""));
        r.remote = in.clientAddress().host().toString();
        r.tls = in.secure();
        if (o_.behindProxy) {  // the proxy says who the client is and whether it spoke HTTPS
            const std::string fwd = in.get("X-Forwarded-For", "");
            if (!fwd.empty()) r.remote = text::trimmed(fwd.substr(fwd.rfind(',') == std::string::npos ? 0 : fwd.rfind(',') + 1));
            r.tls = r.tls || text::lower(in.get("X-Forwarded-Proto", "")) == "https";
        }
        web::Response res;
        // Read at most one byte more than the limit, so that a huge body is refused without reading it all.
        const std::size_t limit = app_.bodyLimit(r.method, r.path) + 1;
        std::istream& body = in.stream();
        std::vector<char> buf(8192);
        while (r.body.size() < limit && body.read(buf.data(), static_cast<std::streamsize>(std::min(buf.size(), limit - r.body.size()))).gcount() > 0)
            r.body.append(buf.data(), static_cast<std::size_t>(body.gcount()));
        try {
            auto lease = pool_.take();
            res = app_.handle(r, *lease.store);
        } catch (const std::exception& e) {
            std::cerr << "audit-serve: error: " << e.what() << std::endl;
            res.status = 500;
            res.contentType = "text/plain; charset=utf-8";
            res.body = "The server could not answer this request.\n";
        }
        if (auto err = res.header("X-Audit-Error"); !err.empty()) {
            std::cerr << "audit-serve: error: " << r.method << " " << r.path << ": " << err << std::endl;
            res.set("X-Audit-Error", "");
        }
        out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(res.status), web::reason(res.status));
        out.setContentType(res.contentType);
        for (const auto& [k, v] : res.headers)
            if (!v.empty() || k == "Set-Cookie") out.add(k, v);
        out.setContentLength(static_cast<std::streamsize>(res.body.size()));
        out.sendBuffer(res.body.data(), res.body.size());
    }

private:
    const web::App& app_;
    StorePool& pool_;
    const ServerOptions& o_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(const web::App& app, StorePool& pool, const ServerOptions& o) : app_(app), pool_(pool), o_(o) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(app_, pool_, o_);
    }

private:
    const web::App& app_;
    StorePool& pool_;
    const ServerOptions& o_;
};

}  // namespace

void runServer(const ServerOptions& o, const std::function<void(const std::string&)>& announce) {
    // Block SIGINT and SIGTERM in every thread; the main thread waits for them below.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);

    const Catalogue catalogue = Catalogue::load();
    if (!o.defaultTemplate.empty()) catalogue.getTemplate(o.defaultTemplate);  // unknown: Error(Data) now, not later
    web::AppOptions ao;
    ao.defaultTemplate = o.defaultTemplate;
    ao.sessions.idleSeconds = o.idleMinutes * 60;
    ao.sessions.absoluteSeconds = o.absoluteHours * 3600;
    const web::App app(catalogue, ao);
    StorePool pool(o.store, o.threads);
    {
        Store s(o.store);
        s.logEvent("audit-serve", "run", o.host + ":" + std::to_string(o.port));
    }

    const Poco::Net::SocketAddress address(o.host, o.port);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    const bool tls = !o.tlsCert.empty();
    if (tls) {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Params params;
        params.privateKeyFile = o.tlsKey;
        params.certificateFile = o.tlsCert;
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
        params.cipherList = "HIGH:!aNULL:!MD5:!RC4:!3DES";
        Poco::Net::Context::Ptr ctx;
        try {
            ctx = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
        } catch (const Poco::Exception& e) {
            throw Error(ErrorKind::NoInput, o.tlsCert, "", "cannot use the TLS certificate and key: " + e.displayText());
        }
        ctx->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                              Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
        socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 64, ctx);
    } else {
        socket = std::make_unique<Poco::Net::ServerSocket>(address, 64);
    }
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(o.threads);
    params->setMaxQueued(256);
    // Poco serves a connection on one thread until it closes: keep idle connections briefly, so that a thread is
    // held only while its user is active (--threads: at least the number of people saving at once).
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(3, 0));
    params->setMaxKeepAliveRequests(1000);
    Poco::Net::HTTPServer server(new Factory(app, pool, o), *socket, params);
    server.start();
    const unsigned short port = socket->address().port();
    if (!o.portFile.empty()) {
        std::ofstream pf(o.portFile + ".tmp");
        pf << port << "\n";
        pf.close();
        std::rename((o.portFile + ".tmp").c_str(), o.portFile.c_str());
    }
    const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    announce(std::string(tls ? "https" : "http") + "://" + host + ":" + std::to_string(port) + "/");
    int sig = 0;
    sigwait(&stop, &sig);
    server.stopAll(true);
}

}  // namespace audit::serve
