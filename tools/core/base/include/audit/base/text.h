// Small text helpers every reader needs, in one place. ASCII only and independent of the C locale, so that the
// same input gives the same result on every machine.
#pragma once
#include <string>
#include <string_view>

namespace audit::text {

// True for ' ', '\t', '\n', '\v', '\f', '\r' (what std::isspace says in the "C" locale).
constexpr bool isSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// The text without white space (isSpace) at either end.
std::string_view trim(std::string_view s);
// The same as a string.
std::string trimmed(std::string_view s);
// The text without spaces and tabs at either end (line ends kept): how CSV and case-list cells are trimmed.
std::string_view trimBlanks(std::string_view s);
// ASCII letters lowered; every other byte (UTF-8 included) unchanged.
std::string lower(std::string_view s);

// & < > " ' as HTML entities: safe in element content and in quoted attribute values (the printable form of
// audit-template, every page of audit-serve).
std::string htmlEscape(std::string_view s);
}  // namespace audit::text
