#include "audit/io/xml_check.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace audit::detail {

XmlDoc::XmlDoc(std::string text, std::string file) : text_(std::move(text)), file_(std::move(file)) {
    lineStarts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') lineStarts_.push_back(i + 1);
    pugi::xml_parse_result r = doc_.load_buffer(text_.data(), text_.size(),
                                                pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_doctype,
                                                pugi::encoding_utf8);
    if (!r) {
        const int line = lineOf(r.offset);
        const std::size_t col = static_cast<std::size_t>(r.offset) - lineStarts_[static_cast<std::size_t>(line - 1)] + 1;
        problems_.push_back({file_, "line " + std::to_string(line) + ", column " + std::to_string(col),
                             std::string("the XML is not well formed: ") + r.description()});
        return;
    }
    if (const auto at = doctypeOffset(doc_); at >= 0) {
        const int line = lineOf(at);
        const std::size_t col = static_cast<std::size_t>(at) - lineStarts_[static_cast<std::size_t>(line - 1)] + 1;
        problems_.push_back({file_, "line " + std::to_string(line) + ", column " + std::to_string(col), kDoctypeRefused});
        return;
    }
    if (!doc_.document_element()) {
        problems_.push_back({file_, "line 1", "the file holds no XML element"});
        return;
    }
    ok_ = true;
}

std::ptrdiff_t doctypeOffset(const pugi::xml_document& doc) {
    for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling())
        // pugixml points after "<!DOCTYPE " (at the name): step back to the declaration's "<!".
        if (n.type() == pugi::node_doctype) return n.offset_debug() >= 10 ? n.offset_debug() - 10 : 0;
    return -1;
}

int XmlDoc::lineOf(std::ptrdiff_t offset) const {
    if (offset < 0) return 1;
    auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), static_cast<std::size_t>(offset));
    return static_cast<int>(it - lineStarts_.begin());
}

void XmlDoc::problem(pugi::xml_node node, std::string message) {
    problems_.push_back({file_, place(node), std::move(message)});
}

void XmlDoc::problemAtLine(int line, std::string message) {
    problems_.push_back({file_, "line " + std::to_string(line), std::move(message)});
}

namespace {
std::string joinNames(std::initializer_list<std::string_view> names) {
    std::string s;
    for (auto n : names) {
        if (!s.empty()) s += ", ";
        s += n;
    }
    return s.empty() ? "none" : s;
}
}  // namespace

void XmlDoc::allowAttributes(pugi::xml_node node, std::initializer_list<std::string_view> allowed) {
    for (auto a : node.attributes()) {
        if (std::find(allowed.begin(), allowed.end(), std::string_view(a.name())) == allowed.end())
            problem(node, std::string("unknown attribute '") + a.name() + "' on <" + node.name() +
                              "> (expected: " + joinNames(allowed) + ")");
    }
}

void XmlDoc::allowChildren(pugi::xml_node node, std::initializer_list<std::string_view> allowed) {
    for (auto c : node.children()) {
        if (c.type() != pugi::node_element) continue;
        if (std::find(allowed.begin(), allowed.end(), std::string_view(c.name())) == allowed.end())
            problem(c, std::string("unknown element <") + c.name() + "> inside <" + node.name() +
                           "> (expected: " + joinNames(allowed) + ")");
    }
}

std::optional<std::string> XmlDoc::text(pugi::xml_node node, const char* attr, bool required) {
    pugi::xml_attribute a = node.attribute(attr);
    if (!a) {
        if (required) problem(node, std::string("<") + node.name() + "> lacks the required attribute '" + attr + "'");
        return std::nullopt;
    }
    std::string v = collapseSpace(a.value());
    if (v.empty()) {
        problem(node, std::string("attribute '") + attr + "' of <" + node.name() + "> is empty");
        return std::nullopt;
    }
    return v;
}

std::optional<double> XmlDoc::number(pugi::xml_node node, const char* attr, bool required, std::optional<double> min,
                                     std::optional<double> max) {
    auto v = text(node, attr, required);
    if (!v) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(v->c_str(), &end);
    if (end != v->c_str() + v->size() || !std::isfinite(d)) {
        problem(node, std::string("attribute '") + attr + "' of <" + node.name() + "> is '" + *v + "', expected a number");
        return std::nullopt;
    }
    if ((min && d < *min) || (max && d > *max)) {
        std::string range = min && max ? "between " + std::to_string(*min) + " and " + std::to_string(*max)
                            : min    ? "at least " + std::to_string(*min)
                                     : "at most " + std::to_string(*max);
        // std::to_string prints 6 decimals; trim them for readability.
        auto trim = [](std::string s) {
            std::string out;
            std::size_t i = 0;
            while (i < s.size()) {
                std::size_t j = s.find('.', i);
                if (j == std::string::npos) { out += s.substr(i); break; }
                out += s.substr(i, j - i);
                std::size_t k = j + 1;
                while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
                std::string frac = s.substr(j + 1, k - j - 1);
                while (!frac.empty() && frac.back() == '0') frac.pop_back();
                if (!frac.empty()) out += "." + frac;
                i = k;
            }
            return out;
        };
        problem(node, std::string("attribute '") + attr + "' of <" + node.name() + "> is " + *v + ", expected a number " +
                          trim(range));
        return std::nullopt;
    }
    return d;
}

std::optional<long long> XmlDoc::integer(pugi::xml_node node, const char* attr, bool required, long long min) {
    auto v = text(node, attr, required);
    if (!v) return std::nullopt;
    char* end = nullptr;
    long long n = std::strtoll(v->c_str(), &end, 10);
    if (end != v->c_str() + v->size() || n < min) {
        problem(node, std::string("attribute '") + attr + "' of <" + node.name() + "> is '" + *v +
                          "', expected a whole number of at least " + std::to_string(min));
        return std::nullopt;
    }
    return n;
}

std::optional<bool> XmlDoc::boolean(pugi::xml_node node, const char* attr, bool required) {
    auto v = text(node, attr, required);
    if (!v) return std::nullopt;
    if (*v == "true" || *v == "yes") return true;
    if (*v == "false" || *v == "no") return false;
    problem(node, std::string("attribute '") + attr + "' of <" + node.name() + "> is '" + *v + "', expected true or false");
    return std::nullopt;
}

std::string XmlDoc::content(pugi::xml_node node, bool required, const std::string& what) {
    std::string s = collapseSpace(node.child_value());
    if (s.empty() && required) problem(node, what + " is empty");
    return s;
}

std::string collapseSpace(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

bool isIdentifier(std::string_view s) {
    if (s.empty() || s.size() > 60 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    char prev = 0;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && prev == '-')) return false;
        prev = c;
    }
    return s.back() != '-';
}

}  // namespace audit::detail
