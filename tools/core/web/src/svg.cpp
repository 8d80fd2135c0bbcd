#include "svg.h"

#include <cstdio>

#include "audit/web/html.h"

namespace audit::web::svg {

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v == 0 ? 0.0 : v);
    return b;
}

std::string open(const std::string& cls, double W, double H, const std::string& title, const std::string& desc) {
    std::string s = "<svg class=\"" + escape(cls) + "\" role=\"img\" viewBox=\"0 0 " + num(W) + " " + num(H) + "\" width=\"" + num(W) +
                    "\" height=\"" + num(H) + "\" xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"" + escape(title) + "\"><title>" +
                    escape(title) + "</title>";
    if (!desc.empty()) s += "<desc>" + escape(desc) + "</desc>";
    return s + "<rect x=\"0\" y=\"0\" width=\"" + num(W) + "\" height=\"" + num(H) + "\" fill=\"#ffffff\"/>";
}

std::string hline(double x1, double x2, double y, const char* colour, bool dashed, double labelX, const std::string& text,
                  const char* anchor) {
    return "<line x1=\"" + num(x1) + "\" x2=\"" + num(x2) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) + "\" stroke=\"" + colour +
           "\" stroke-width=\"1.5\"" + (dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>" + label(labelX, y + 4, text, anchor);
}

std::string label(double x, double y, const std::string& text, const char* anchor, int size, const char* colour) {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + std::to_string(size) + "\" text-anchor=\"" + anchor +
           "\" fill=\"" + colour + "\">" + escape(text) + "</text>";
}

}  // namespace audit::web::svg
