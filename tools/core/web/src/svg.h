// What the server's inline SVG charts share (private to the web module): numbers as SVG writes them, the opening of
// a chart with its text alternative (role img, aria-label, <title> and <desc>) and white ground, and a labelled
// horizontal line. Presentation attributes only, never a style attribute or a script, so the strict CSP holds.
#pragma once
#include <string>

namespace audit::web::svg {

// One decimal ("12.5"), as coordinates and axis labels are written.
std::string num(double v);
// "<svg class=... role=img viewBox=... aria-label=...><title>..</title><desc>..</desc><rect .../>" (escaped).
std::string open(const std::string& cls, double width, double height, const std::string& title, const std::string& desc = "");
// A horizontal line from x1 to x2 at y, its label at (labelX, y + 4).
std::string hline(double x1, double x2, double y, const char* colour, bool dashed, double labelX, const std::string& label,
                  const char* anchor = "start");
// Text at (x, y), escaped.
std::string label(double x, double y, const std::string& text, const char* anchor = "start", int size = 11,
                  const char* colour = "#505a5f");

}  // namespace audit::web::svg
