// One request being handled: what every handler needs (private to the web module).
#pragma once
#include <map>
#include <optional>
#include <string>

#include "audit/store/store.h"
#include "audit/web/access_log.h"
#include "audit/web/accounts.h"
#include "audit/web/app.h"
#include "audit/web/audits.h"
#include "audit/web/html.h"
#include "audit/web/sessions.h"

namespace audit::web {

struct Context {
    const App& app;
    const Request& req;
    Store& store;
    const Route* route = nullptr;
    std::map<std::string, std::string> params;  // {name} segments of the route
    std::optional<Account> account;
    std::optional<Session> session;
    std::string nonce;
    std::int64_t now = 0;

    bool wantsJson() const { return req.path.rfind("/api/", 0) == 0; }
    AuditDesk desk() const;
    // The audits this account may see: all of them for qa-lead, else the auditor's own.
    std::vector<AuditItem> visibleAudits() const;
    bool mayWrite(const AuditItem& item) const;  // an auditor, on their own audit
    void log(const std::string& action, const std::string& object, int status) const;
    Frame frame(const std::string& title, const std::string& current) const;
};

// What is due within `days` days or overdue for the signed-in account (audits and actions), as HTML; "" when
// nothing is (reminders_panel.cpp). Shown at the top of each role's home page.
std::string remindersPanel(Context& c, int days = 7);

// The practitioner's response to a final audit, for the QA lead's view of it ("" for anyone else, or when the
// template asks for no feedback; pages_practitioner.cpp).
std::string practitionerResponseHtml(Context& c, const AuditItem& item);

// Responses every handler uses.
Response htmlPage(const Context& c, const Frame& f, int status = 200);
Response jsonResponse(int status, const std::string& json);
Response jsonError(int status, const std::string& message);
Response redirect(const std::string& location);
Response errorPage(const Context& c, int status, const std::string& title, const std::string& message);

// Handlers (one file each group).
Response getLogin(Context& c);
Response postLogin(Context& c);
Response postLogout(Context& c);
Response getHome(Context& c);
Response getHealth(Context& c);
Response getCss(Context& c);
Response getJs(Context& c);
Response getAudits(Context& c);
Response getAudit(Context& c);
Response postAudit(Context& c);
Response apiAudits(Context& c);
Response apiAudit(Context& c);
Response apiDraft(Context& c);
Response apiSubmit(Context& c);
Response getAccessLog(Context& c);
Response getAccounts(Context& c);
Response getModerations(Context& c);
Response getModeration(Context& c);
Response postTake(Context& c);
Response postGrades(Context& c);
Response postComment(Context& c);
Response postAgree(Context& c);
Response postSendBack(Context& c);
Response apiModeration(Context& c);
Response getObserver(Context& c);
Response getPractitionerAudits(Context& c);
Response getPractitionerAudit(Context& c);
Response postPractitionerResponse(Context& c);
Response getActions(Context& c);
Response postAction(Context& c);
Response getRoundStart(Context& c);
Response postRoundPreview(Context& c);
Response postRoundConfirm(Context& c);
Response getRounds(Context& c);
Response getRound(Context& c);
Response getAccuracy(Context& c);
Response getDownloads(Context& c);
Response getDownload(Context& c);

}  // namespace audit::web
