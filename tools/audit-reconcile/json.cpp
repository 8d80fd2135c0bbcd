#include "json.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace audit::reconcile {

namespace {
void writeString(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    static const char* hex = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}
}  // namespace

Json& Json::set(const std::string& key, Json value) {
    auto* o = std::get_if<Object>(&v_);
    if (!o) throw std::logic_error("Json::set on a value that is not an object");
    for (auto& [k, v] : *o)
        if (k == key) {
            v = std::move(value);
            return *this;
        }
    o->emplace_back(key, std::move(value));
    return *this;
}

Json& Json::push(Json value) {
    auto* a = std::get_if<Array>(&v_);
    if (!a) throw std::logic_error("Json::push on a value that is not an array");
    a->push_back(std::move(value));
    return *this;
}

bool Json::plain() const { return !std::holds_alternative<Array>(v_) && !std::holds_alternative<Object>(v_); }

void Json::write(std::string& out, int indent) const {
    const std::string pad(static_cast<std::size_t>(indent + 2), ' '), close(static_cast<std::size_t>(indent), ' ');
    if (std::holds_alternative<std::nullptr_t>(v_)) {
        out += "null";
    } else if (auto b = std::get_if<bool>(&v_)) {
        out += *b ? "true" : "false";
    } else if (auto d = std::get_if<double>(&v_)) {
        if (!std::isfinite(*d)) {
            out += "null";
        } else {
            char buf[64];
            auto r = std::to_chars(buf, buf + sizeof buf, *d == 0 ? 0.0 : *d);  // no "-0"
            out.append(buf, r.ptr);
        }
    } else if (auto i = std::get_if<std::int64_t>(&v_)) {
        out += std::to_string(*i);
    } else if (auto s = std::get_if<std::string>(&v_)) {
        writeString(out, *s);
    } else if (auto a = std::get_if<Array>(&v_)) {
        bool flat = true;
        for (const auto& e : *a) flat = flat && e.plain();
        out += '[';
        for (std::size_t k = 0; k < a->size(); ++k) {
            if (k) out += flat ? ", " : ",";
            if (!flat) out += '\n' + pad;
            (*a)[k].write(out, indent + 2);
        }
        if (!flat && !a->empty()) out += '\n' + close;
        out += ']';
    } else if (auto o = std::get_if<Object>(&v_)) {
        out += '{';
        for (std::size_t k = 0; k < o->size(); ++k) {
            out += k ? ",\n" : "\n";
            out += pad;
            writeString(out, (*o)[k].first);
            out += ": ";
            (*o)[k].second.write(out, indent + 2);
        }
        if (!o->empty()) out += '\n' + close;
        out += '}';
    }
}

std::string Json::dump() const {
    std::string out;
    write(out, 0);
    return out;
}

}  // namespace audit::reconcile
