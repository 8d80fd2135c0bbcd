// The server's requests and responses as plain values, so that everything behind the socket (routing, roles,
// sessions, CSRF, pages, the JSON API) is tested without one. The HTTP layer (tools/audit-serve) turns a
// Poco::Net request into a Request, calls web::App::handle and writes the Response back.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace audit::web {

// A file sent in a multipart/form-data body (<input type="file">).
struct UploadedFile {
    std::string field;        // the input's name
    std::string fileName;     // as the browser gave it, without any folder
    std::string contentType;
    std::string data;
};

struct Request {
    std::string method = "GET";           // upper case
    std::string path = "/";               // decoded path, without the query
    std::map<std::string, std::string> query;    // decoded query parameters (last one wins)
    std::map<std::string, std::string> headers;  // names lower case
    std::map<std::string, std::string> cookies;
    std::string body;
    std::string remote;                   // the client's address ("127.0.0.1"), for the throttle and the log
    bool tls = false;                     // the connection is HTTPS (cookies get Secure)

    std::string header(const std::string& lowerName) const;  // "" if absent
    // The body's fields: application/x-www-form-urlencoded, or the text parts of multipart/form-data (empty for
    // any other content type).
    std::map<std::string, std::string> form() const;
    // The files of a multipart/form-data body (none for any other content type); Error(Data) when the body is not
    // the multipart it says it is.
    std::vector<UploadedFile> files() const;
    bool isJson() const;  // Content-Type application/json
    bool isStateChanging() const { return method != "GET" && method != "HEAD"; }
};

struct Response {
    int status = 200;
    std::string contentType = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie may appear several times

    void set(const std::string& name, const std::string& value);  // replaces a header of that name
    std::string header(const std::string& name) const;  // the first one, "" if absent (case-insensitive)
    std::vector<std::string> all(const std::string& name) const;
};

// Percent-decoding ('+' as space when `plus` is true); invalid escapes are kept as they are.
std::string urlDecode(std::string_view s, bool plus = true);
std::string urlEncode(std::string_view s);
// "a=1&b=two" -> {a: 1, b: two}
std::map<std::string, std::string> parseUrlEncoded(std::string_view s);
// "sid=abc; theme=dark" -> {sid: abc, theme: dark}
std::map<std::string, std::string> parseCookies(std::string_view header);
// The reason phrase for a status code ("Not Found").
const char* reason(int status);

}  // namespace audit::web
