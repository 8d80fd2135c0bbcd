// Internal to the core: strict reading of our XML formats with pugixml, reporting every problem with the
// file and the LINE it is on (pugixml gives byte offsets; we turn them into line and column numbers).
#pragma once
#include <pugixml.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/base/error.h"

namespace audit::detail {

class XmlDoc {
public:
    // Parses text; a parse failure is recorded as a problem (ok() is then false).
    XmlDoc(std::string text, std::string file);

    bool ok() const { return ok_; }
    pugi::xml_node root() const { return doc_.document_element(); }
    const std::string& file() const { return file_; }

    int lineOf(std::ptrdiff_t offset) const;
    int lineOf(pugi::xml_node node) const { return lineOf(node.offset_debug()); }
    std::string place(pugi::xml_node node) const { return "line " + std::to_string(lineOf(node)); }

    void problem(pugi::xml_node node, std::string message);
    void problemAtLine(int line, std::string message);
    std::vector<Problem>& problems() { return problems_; }

    // Every attribute of node must be one of allowed; every child element one of children
    // (text and comments are always allowed). Reports each stranger.
    void allowAttributes(pugi::xml_node node, std::initializer_list<std::string_view> allowed);
    void allowChildren(pugi::xml_node node, std::initializer_list<std::string_view> allowed);

    // Attribute readers: report a problem (naming the element and what is expected) when wrong.
    std::optional<std::string> text(pugi::xml_node node, const char* attr, bool required);
    std::optional<double> number(pugi::xml_node node, const char* attr, bool required,
                                 std::optional<double> min = std::nullopt, std::optional<double> max = std::nullopt);
    std::optional<long long> integer(pugi::xml_node node, const char* attr, bool required, long long min);
    std::optional<bool> boolean(pugi::xml_node node, const char* attr, bool required);
    // An element's text content, whitespace collapsed; a problem if required and empty.
    std::string content(pugi::xml_node node, bool required, const std::string& what);

private:
    std::string text_;
    std::string file_;
    pugi::xml_document doc_;
    bool ok_ = false;
    std::vector<std::size_t> lineStarts_;
    std::vector<Problem> problems_;
};

// Where a document parsed with pugi::parse_doctype declares a DOCTYPE (its byte offset), or -1. Every XML input
// is refused when it has one: a DTD can declare entities that read other files or expand without end, and none of
// our formats (templates, frameworks, column maps, report definitions, workbook parts) has any use for one.
std::ptrdiff_t doctypeOffset(const pugi::xml_document& doc);
inline constexpr const char* kDoctypeRefused =
    "a DOCTYPE declaration is not allowed (DTDs and entities can read other files or expand without end; our "
    "XML formats have none): remove it";

// Collapses runs of whitespace (XML indentation in long texts) to one space and trims.
std::string collapseSpace(std::string_view s);
bool isIdentifier(std::string_view s);  // [a-z][a-z0-9-]* , no trailing or double '-'

}  // namespace audit::detail
