#include "audit/web/html.h"

#include "audit/base/text.h"

namespace audit::web {

std::string escape(std::string_view s) { return text::htmlEscape(s); }

std::string renderFrame(const Frame& f) {
    std::string h;
    h.reserve(f.body.size() + 2048);
    h += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    h += escape(f.title) + " - Case audits</title>\n";
    h += "<link rel=\"stylesheet\" href=\"/static/app.css\">\n";
    h += "<script src=\"/static/app.js\" defer nonce=\"" + escape(f.nonce) + "\"></script>\n</head>\n<body>\n";
    h += "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n";
    h += "<header class=\"masthead\"><div class=\"wrap\"><a class=\"service\" href=\"/\">Case audits</a>";
    if (!f.user.empty()) {
        h += "<div class=\"who\"><span>" + escape(f.user) + " <span class=\"roles\">(" + escape(f.roles) +
             ")</span></span><form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" "
             "name=\"csrf\" value=\"" + escape(f.csrf) + "\"><button class=\"link\" type=\"submit\">Sign out</button></form></div>";
    }
    h += "</div></header>\n";
    if (!f.nav.empty()) {
        h += "<nav class=\"nav\" aria-label=\"Sections\"><div class=\"wrap\"><ul>";
        for (const auto& [href, label] : f.nav) {
            h += "<li><a href=\"" + escape(href) + "\"";
            if (href == f.current) h += " aria-current=\"page\"";
            h += ">" + escape(label) + "</a></li>";
        }
        h += "</ul></div></nav>\n";
    }
    h += "<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n";
    if (!f.notice.empty()) h += "<div class=\"notice\" role=\"status\">" + escape(f.notice) + "</div>\n";
    h += "<h1>" + escape(f.title) + "</h1>\n" + f.body + "\n</main>\n";
    h += "<footer class=\"footer\"><div class=\"wrap\">Case audit toolkit. Case data about children: "
         "view and record only what your role needs. Every view and change is logged.</div></footer>\n";
    h += "</body>\n</html>\n";
    return h;
}

}  // namespace audit::web
