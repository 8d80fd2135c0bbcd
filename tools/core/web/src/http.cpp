#include "audit/web/http.h"

#include <sstream>

#include <Poco/Exception.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>

#include "audit/base/error.h"
#include "audit/base/text.h"

namespace audit::web {

std::string Request::header(const std::string& lowerName) const {
    auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

bool Request::isJson() const {
    return text::lower(header("content-type")).rfind("application/json", 0) == 0;
}

namespace {

bool isMultipart(const Request& r) { return text::lower(r.header("content-type")).rfind("multipart/form-data", 0) == 0; }

// The parts of a multipart/form-data body, through Poco's MIME reader.
void readParts(const Request& r, std::map<std::string, std::string>* fields, std::vector<UploadedFile>* files) {
    std::string mediaType;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(r.header("content-type"), mediaType, params);
    const std::string boundary = params.get("boundary", "");
    if (boundary.empty()) throw Error(ErrorKind::Data, "request", "", "a multipart/form-data body without a boundary");
    std::istringstream in(r.body);
    try {
        Poco::Net::MultipartReader reader(in, boundary);
        while (reader.hasNextPart()) {
            Poco::Net::MessageHeader h;
            reader.nextPart(h);
            std::string disposition;
            Poco::Net::NameValueCollection dp;
            Poco::Net::MessageHeader::splitParameters(h.get("Content-Disposition", ""), disposition, dp);
            std::ostringstream read;
            read << reader.stream().rdbuf();
            std::string data = read.str();
            const std::string name = dp.get("name", "");
            if (!dp.has("filename")) {
                if (fields) (*fields)[name] = std::move(data);
                continue;
            }
            std::string file = dp.get("filename", "");
            if (const auto slash = file.find_last_of("/\\"); slash != std::string::npos) file = file.substr(slash + 1);
            if (files && !(file.empty() && data.empty()))  // an input left empty sends a nameless empty part
                files->push_back({name, file, h.get("Content-Type", ""), std::move(data)});
        }
    } catch (const Poco::Exception& e) {
        throw Error(ErrorKind::Data, "request", "", "the uploaded form could not be read (" + e.displayText() + ")");
    }
}

}  // namespace

std::map<std::string, std::string> Request::form() const {
    if (isMultipart(*this)) {
        std::map<std::string, std::string> fields;
        readParts(*this, &fields, nullptr);
        return fields;
    }
    if (text::lower(header("content-type")).rfind("application/x-www-form-urlencoded", 0) != 0) return {};
    return parseUrlEncoded(body);
}

std::vector<UploadedFile> Request::files() const {
    std::vector<UploadedFile> out;
    if (isMultipart(*this)) readParts(*this, nullptr, &out);
    return out;
}

void Response::set(const std::string& name, const std::string& value) {
    for (auto& [k, v] : headers)
        if (text::lower(k) == text::lower(name)) {
            v = value;
            return;
        }
    headers.emplace_back(name, value);
}

std::string Response::header(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (text::lower(k) == text::lower(name)) return v;
    return {};
}

std::vector<std::string> Response::all(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : headers)
        if (text::lower(k) == text::lower(name)) out.push_back(v);
    return out;
}

namespace {
int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string urlDecode(std::string_view s, bool plus) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+' && plus) {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 &&
                   hexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string urlEncode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::map<std::string, std::string> parseUrlEncoded(std::string_view s) {
    std::map<std::string, std::string> out;
    while (!s.empty()) {
        const std::size_t amp = s.find('&');
        std::string_view pair = s.substr(0, amp);
        s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) out[urlDecode(pair)] = "";
        else out[urlDecode(pair.substr(0, eq))] = urlDecode(pair.substr(eq + 1));
    }
    return out;
}

std::map<std::string, std::string> parseCookies(std::string_view header) {
    std::map<std::string, std::string> out;
    while (!header.empty()) {
        const std::size_t semi = header.find(';');
        std::string_view part = text::trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;
        out.emplace(std::string(text::trim(part.substr(0, eq))), std::string(text::trim(part.substr(eq + 1))));
    }
    return out;
}

const char* reason(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Content";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
    }
    return "Unknown";
}

}  // namespace audit::web
