// HTML for audit-serve's pages: escaping (every value that did not come from our own code goes through
// escape()), and the frame every page shares (header with the service name and the signed-in user, a skip link,
// navigation by role, the main content, our own stylesheet and script; nothing from a CDN). Pages work without
// JavaScript; /static/app.js adds autosave and live grades. No inline style or script without the nonce, so the
// Content-Security-Policy can forbid them.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace audit::web {

// & < > " ' escaped: safe in element content and in quoted attribute values.
std::string escape(std::string_view s);

struct Frame {
    std::string title;        // the page's <h1> and <title> (escaped here)
    std::string nonce;        // the response's CSP nonce
    std::string user;         // display name of the signed-in user ("" when signed out)
    std::string roles;        // "auditor" ...
    std::string csrf;         // for the sign-out form
    std::vector<std::pair<std::string, std::string>> nav;  // href, label (escaped here)
    std::string current;      // href of the current section (aria-current)
    std::string body;         // HTML (already escaped by whoever built it)
    std::string notice;       // a success banner (escaped here)
};

std::string renderFrame(const Frame& f);

// The stylesheet and the script served at /static/app.css and /static/app.js.
const std::string& appCss();
const std::string& appJs();

}  // namespace audit::web
