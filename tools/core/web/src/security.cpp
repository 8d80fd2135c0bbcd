#include "audit/web/security.h"

#include <sodium.h>

#include <semaphore>
#include <vector>

#include "audit/base/error.h"

namespace audit::web {

namespace {

void initSodium() {
    static const int ok = sodium_init();
    if (ok < 0) throw Error(ErrorKind::Internal, "libsodium could not be initialised (no random source?)");
}

PasswordCost& cost() {
    static PasswordCost c = productionPasswordCost();
    return c;
}

// Each Argon2id computation takes 64 MiB: at most four at once, so a burst of sign-ins cannot exhaust memory.
std::counting_semaphore<4>& argonSlots() {
    static std::counting_semaphore<4> slots(4);
    return slots;
}
struct Slot {
    Slot() { argonSlots().acquire(); }
    ~Slot() { argonSlots().release(); }
};

}  // namespace

PasswordCost productionPasswordCost() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

void setPasswordCost(PasswordCost c) { cost() = c; }

std::string hashPassword(std::string_view password) {
    initSodium();
    char out[crypto_pwhash_STRBYTES];
    Slot slot;
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost().ops, cost().memBytes, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw Error(ErrorKind::Internal, "not enough memory to hash the password (Argon2id needs 64 MiB)");
    return out;
}

bool verifyPassword(std::string_view password, const std::string& phc) {
    initSodium();
    if (phc.rfind("$argon2id$", 0) != 0) return false;  // only Argon2id hashes are accepted
    Slot slot;
    return crypto_pwhash_str_verify(phc.c_str(), password.data(), password.size()) == 0;
}

bool needsRehash(const std::string& phc) {
    initSodium();
    return crypto_pwhash_str_needs_rehash(phc.c_str(), cost().ops, cost().memBytes) != 0;
}

std::string randomToken(std::size_t bytes) {
    initSodium();
    std::vector<unsigned char> buf(bytes);
    randombytes_buf(buf.data(), buf.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
    hex.pop_back();
    return hex;
}

bool constantTimeEqual(std::string_view a, std::string_view b) {
    initSodium();
    if (a.size() != b.size() || a.empty()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void addSecurityHeaders(Response& r, const std::string& nonce, bool tls) {
    r.set("Content-Security-Policy",
          "default-src 'none'; script-src 'self' 'nonce-" + nonce +
              "'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; "
              "frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
    r.set("X-Content-Type-Options", "nosniff");
    r.set("X-Frame-Options", "DENY");
    r.set("Referrer-Policy", "no-referrer");
    r.set("Cross-Origin-Opener-Policy", "same-origin");
    r.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (r.header("Cache-Control").empty()) r.set("Cache-Control", "no-store");
    if (tls) r.set("Strict-Transport-Security", "max-age=31536000");
}

std::string sessionCookie(const std::string& name, const std::string& value, bool tls, long maxAge) {
    std::string c = name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
    if (tls) c += "; Secure";
    if (maxAge >= 0) c += "; Max-Age=" + std::to_string(maxAge);
    return c;
}

}  // namespace audit::web
