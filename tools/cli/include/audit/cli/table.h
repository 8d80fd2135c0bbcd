// Numbers and columns for the tools' terminal tables.
#pragma once
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace audit::cli {

// x with `decimals` places ("0.750"); never "-0.0" (a value that rounds to zero prints without a sign).
std::string fixed(double x, int decimals);
// s padded with spaces to `width` characters (UTF-8 code points, so "Ré" is two), on the right, or on the left
// when `right` (right-aligned); a longer s is returned whole.
std::string pad(const std::string& s, std::size_t width, bool right = false);
// A plain text table: the header, a rule of dashes, the rows; each line starts with a space, columns two spaces
// apart, padded to the widest cell (UTF-8 code points); a column with right[c] is right-aligned (numbers).
void printTable(std::ostream& os, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right);

}  // namespace audit::cli
