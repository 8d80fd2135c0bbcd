// The server's security primitives, all from libsodium (Debian libsodium-dev) rather than written by hand:
// Argon2id password hashes as PHC strings ("$argon2id$v=19$m=65536,t=2,p=1$..."), random tokens from the
// operating system's generator, constant-time comparison; and the response headers and cookie every page gets.
#pragma once
#include <string>
#include <string_view>

#include "audit/web/http.h"

namespace audit::web {

// Argon2id with libsodium's "interactive" cost (64 MiB, 2 passes) unless `moderate` (256 MiB, 3 passes).
// Throws Error(Internal) if libsodium cannot be initialised or memory runs out. The password is never kept.
std::string hashPassword(std::string_view password);
// The Argon2id cost hashPassword uses. Production: libsodium's "interactive" (64 MiB, 2 passes). Tests may set the
// minimum to stay fast (only from C++; nothing in the tools or the environment changes it).
struct PasswordCost {
    unsigned long long ops;
    std::size_t memBytes;
};
PasswordCost productionPasswordCost();
void setPasswordCost(PasswordCost cost);
// True when `password` matches the PHC string. False for anything that is not an Argon2id PHC string.
bool verifyPassword(std::string_view password, const std::string& phc);
// True when the hash was made with weaker parameters than hashPassword uses now (rehash at next login).
bool needsRehash(const std::string& phc);

// `bytes` random bytes from the operating system's generator, as lower-case hex (2 × bytes characters).
std::string randomToken(std::size_t bytes = 32);
// Equal strings, compared in time that depends only on the length.
bool constantTimeEqual(std::string_view a, std::string_view b);

// The headers every response carries: a strict Content-Security-Policy (scripts only from our own origin or
// with this response's nonce, no inline styles, no framing, no plugins, forms post only to us), nosniff,
// no referrer, no caching of pages that hold case data, and HSTS under TLS.
void addSecurityHeaders(Response& r, const std::string& nonce, bool tls);

// The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure under TLS. maxAge < 0 leaves it a browser-session
// cookie; 0 deletes it.
std::string sessionCookie(const std::string& name, const std::string& value, bool tls, long maxAge = -1);

}  // namespace audit::web
