// A small JSON value and writer for the tool's --json output: numbers are written in the shortest form
// that reads back to the same double, and a number that is not finite is written as null (never NaN).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace audit::reconcile {

class Json {
public:
    using Array = std::vector<Json>;
    using Object = std::vector<std::pair<std::string, Json>>;  // keys in insertion order

    Json() : v_(nullptr) {}
    Json(std::nullptr_t) : v_(nullptr) {}
    Json(bool b) : v_(b) {}
    Json(double d) : v_(d) {}
    Json(int i) : v_(static_cast<std::int64_t>(i)) {}
    Json(std::int64_t i) : v_(i) {}
    Json(std::uint64_t u) : v_(static_cast<std::int64_t>(u)) {}
    Json(const char* s) : v_(std::string(s)) {}
    Json(std::string s) : v_(std::move(s)) {}
    Json(Array a) : v_(std::move(a)) {}
    Json(Object o) : v_(std::move(o)) {}
    template <class T>
    Json(const std::optional<T>& o) : Json(o ? Json(*o) : Json()) {}

    static Json object() { return Json(Object{}); }
    static Json array() { return Json(Array{}); }
    Json& set(const std::string& key, Json value);  // on an object: adds or replaces
    Json& push(Json value);                          // on an array

    Object* members() { return std::get_if<Object>(&v_); }  // nullptr unless an object
    std::string dump() const;  // pretty-printed, two spaces; arrays of plain values on one line

private:
    void write(std::string& out, int indent) const;
    bool plain() const;
    std::variant<std::nullptr_t, bool, double, std::int64_t, std::string, Array, Object> v_;
};

}  // namespace audit::reconcile
