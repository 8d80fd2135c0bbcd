// Numbers and columns for the tools' terminal tables.
#pragma once
#include <cstddef>
#include <string>

namespace audit::cli {

// x with `decimals` places ("0.750"); never "-0.0" (a value that rounds to zero prints without a sign).
std::string fixed(double x, int decimals);
// s padded with spaces to `width` characters (UTF-8 code points, so "Ré" is two), on the right, or on the left
// when `right` (right-aligned); a longer s is returned whole.
std::string pad(const std::string& s, std::size_t width, bool right = false);

}  // namespace audit::cli
