// The access log (table access_log): every view and change of an audit, every login and logout, every refused
// request: who (account), what (method, action, object such as a form id), when, from where, and the status.
// Viewable in the browser by admin and qa-lead (/admin/access-log).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace audit {
class Store;
}

namespace audit::web {

struct AccessEntry {
    std::string at;       // ISO UTC time (Store::now)
    std::string account;  // "" before login
    std::string remote;
    std::string method;   // GET, POST, PUT...
    std::string action;   // "view audit", "save draft", "submit", "login", "login failed", "denied"...
    std::string object;   // form id, account name...; "" when none
    int status = 200;
};

void logAccess(Store& store, const AccessEntry& e);

struct AccessQuery {
    std::string account;  // "" = any
    std::string object;   // "" = any
    std::size_t limit = 200;
};
// Newest first.
std::vector<AccessEntry> readAccess(Store& store, const AccessQuery& q = {});

}  // namespace audit::web
