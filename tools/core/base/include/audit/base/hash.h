// Content hashes: SHA-256 in lower-case hex. The store records the hash of every imported file so that
// nothing is imported twice, and of every case list a draw was made from.
#pragma once
#include <string>
#include <string_view>

namespace audit {

// SHA-256 of the bytes, as 64 lower-case hex digits.
std::string sha256(std::string_view data);

// SHA-256 of a file's content, read in chunks (large files are fine).
// Throws Error(NoInput) naming the file if it is missing or cannot be read.
std::string sha256File(const std::string& path);

// A file's whole content in one read, for a file that is hashed and then parsed (a returned form): read once.
// Throws as sha256File does.
std::string readWholeFile(const std::string& path);

}  // namespace audit
