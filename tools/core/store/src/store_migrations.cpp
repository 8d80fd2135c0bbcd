// The store's schema, as numbered migrations applied in order when a store is opened.
//
// RULES (docs/STORE.md, "Changing the schema"):
//  - Never edit or reorder a migration that has landed on main: stores in the field already ran it.
//  - To change the schema, APPEND a new Migration with the next version number at the end of the list,
//    and document the new tables/columns in docs/STORE.md.
//  - Write portable SQL: TEXT, INTEGER, BIGINT, DOUBLE PRECISION, {id} for a table's key, {blob} for
//    binary; ISO 8601 text for dates ("2026-11-23") and times ("2026-11-23T01:05:58Z"); 0/1 INTEGER
//    with a CHECK for flags; JSON as TEXT. No AUTOINCREMENT, no SERIAL, no BOOLEAN, no ALTER ... DROP.
//  - One statement per string (no trailing semicolon needed).
#include "store_migrations.h"

namespace audit::store_migrations {

namespace {

Migration migration1() {
    return {1, "initial schema: draws, cases, allocations, audits, answers, judgements, actions, moderations, "
               "KPIs, self-assessments, pseudonym key, import and event logs",
            {
                // ---- draws (audit samples and moderation samples) ----
                R"(CREATE TABLE draw (
                    id {id},
                    kind TEXT NOT NULL CHECK (kind IN ('audit', 'moderation')),
                    period TEXT,
                    created_at TEXT NOT NULL,
                    seed TEXT NOT NULL,
                    algorithm TEXT NOT NULL,
                    parameters TEXT NOT NULL DEFAULT '{}',
                    frame_source TEXT,
                    frame_hash TEXT,
                    frame_rows BIGINT,
                    frame_size BIGINT,
                    sample_size BIGINT NOT NULL,
                    template_id TEXT,
                    tool_version TEXT
                ))",
                R"(CREATE TABLE draw_stratum (
                    draw_id BIGINT NOT NULL REFERENCES draw(id),
                    stratum TEXT NOT NULL,
                    population BIGINT NOT NULL,
                    sample BIGINT NOT NULL,
                    excluded TEXT NOT NULL DEFAULT '{}',
                    PRIMARY KEY (draw_id, stratum)
                ))",
                R"(CREATE TABLE case_snapshot (
                    draw_id BIGINT NOT NULL REFERENCES draw(id),
                    case_ref TEXT NOT NULL,
                    child_ref TEXT,
                    team TEXT,
                    service_area TEXT,
                    category TEXT,
                    worker TEXT,
                    team_manager TEXT,
                    open_date TEXT,
                    last_audit_date TEXT,
                    legal_status TEXT,
                    flags TEXT NOT NULL DEFAULT '[]',
                    extra TEXT NOT NULL DEFAULT '{}',
                    source_row BIGINT,
                    PRIMARY KEY (draw_id, case_ref)
                ))",
                "CREATE INDEX case_snapshot_case ON case_snapshot (case_ref)",
                // ---- audits (one row per version of a returned form) ----
                R"(CREATE TABLE audit (
                    id {id},
                    form_id TEXT NOT NULL,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    draw_id BIGINT REFERENCES draw(id),
                    case_ref TEXT NOT NULL,
                    child_ref TEXT,
                    template_id TEXT NOT NULL,
                    template_version TEXT NOT NULL,
                    framework_id TEXT,
                    framework_version TEXT,
                    auditor TEXT NOT NULL,
                    team TEXT,
                    service_area TEXT,
                    category TEXT,
                    worker TEXT,
                    period TEXT NOT NULL,
                    completed_date TEXT,
                    strengths TEXT,
                    escalation TEXT,
                    extra TEXT NOT NULL DEFAULT '{}',
                    source_file TEXT,
                    source_hash TEXT NOT NULL,
                    source_kind TEXT,
                    imported_at TEXT NOT NULL,
                    UNIQUE (form_id, version)
                ))",
                "CREATE INDEX audit_case_completed ON audit (case_ref, completed_date)",
                "CREATE INDEX audit_period ON audit (period)",
                "CREATE INDEX audit_auditor ON audit (auditor, period)",
                "CREATE INDEX audit_draw ON audit (draw_id)",
                "CREATE INDEX audit_source_hash ON audit (source_hash)",
                R"(CREATE VIEW audit_latest AS
                    SELECT a.* FROM audit a
                    WHERE a.version = (SELECT MAX(b.version) FROM audit b WHERE b.form_id = a.form_id))",
                R"(CREATE TABLE draw_member (
                    draw_id BIGINT NOT NULL REFERENCES draw(id),
                    case_ref TEXT NOT NULL,
                    stratum TEXT NOT NULL,
                    inclusion_probability DOUBLE PRECISION NOT NULL
                        CHECK (inclusion_probability > 0 AND inclusion_probability <= 1),
                    design_weight DOUBLE PRECISION NOT NULL CHECK (design_weight > 0),
                    draw_order BIGINT,
                    audit_id BIGINT REFERENCES audit(id),
                    PRIMARY KEY (draw_id, case_ref),
                    FOREIGN KEY (draw_id, stratum) REFERENCES draw_stratum (draw_id, stratum)
                ))",
                R"(CREATE TABLE allocation (
                    draw_id BIGINT NOT NULL,
                    case_ref TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('auditor', 'moderator')),
                    auditor TEXT NOT NULL,
                    allocated_at TEXT NOT NULL,
                    PRIMARY KEY (draw_id, case_ref, role),
                    FOREIGN KEY (draw_id, case_ref) REFERENCES draw_member (draw_id, case_ref)
                ))",
                "CREATE INDEX allocation_auditor ON allocation (auditor)",

                R"(CREATE TABLE answer (
                    audit_id BIGINT NOT NULL REFERENCES audit(id),
                    question_id TEXT NOT NULL,
                    domain TEXT,
                    answer TEXT,
                    evidence TEXT,
                    score DOUBLE PRECISION,
                    PRIMARY KEY (audit_id, question_id)
                ))",
                "CREATE INDEX answer_question ON answer (question_id)",
                R"(CREATE TABLE judgement (
                    audit_id BIGINT NOT NULL REFERENCES audit(id),
                    domain TEXT NOT NULL,
                    computed_grade TEXT,
                    computed_rank INTEGER,
                    computed_score DOUBLE PRECISION,
                    limited_by TEXT,
                    auditor_grade TEXT,
                    auditor_rank INTEGER,
                    rationale TEXT,
                    disagrees INTEGER NOT NULL DEFAULT 0 CHECK (disagrees IN (0, 1)),
                    PRIMARY KEY (audit_id, domain)
                ))",
                "CREATE INDEX judgement_domain ON judgement (domain)",

                // ---- actions and their follow-up ----
                R"(CREATE TABLE action (
                    id {id},
                    audit_id BIGINT NOT NULL REFERENCES audit(id),
                    action_no INTEGER NOT NULL,
                    description TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    due_date TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'open',
                    closed_date TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (audit_id, action_no)
                ))",
                "CREATE INDEX action_status_due ON action (status, due_date)",
                "CREATE INDEX action_owner ON action (owner)",
                R"(CREATE TABLE action_update (
                    id {id},
                    action_id BIGINT NOT NULL REFERENCES action(id),
                    status TEXT NOT NULL,
                    closed_date TEXT,
                    note TEXT,
                    updated_by TEXT,
                    source_file TEXT,
                    source_hash TEXT,
                    updated_at TEXT NOT NULL
                ))",
                "CREATE INDEX action_update_action ON action_update (action_id)",

                // ---- moderation (one row per domain of a moderation return, per version) ----
                R"(CREATE TABLE moderation (
                    id {id},
                    audit_id BIGINT NOT NULL REFERENCES audit(id),
                    draw_id BIGINT REFERENCES draw(id),
                    form_id TEXT NOT NULL,
                    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
                    domain TEXT NOT NULL,
                    moderator TEXT NOT NULL,
                    moderator_grade TEXT,
                    moderator_rank INTEGER,
                    agreed_grade TEXT,
                    agreed_rank INTEGER,
                    reason_code TEXT,
                    reason TEXT,
                    mode TEXT NOT NULL DEFAULT 'blind' CHECK (mode IN ('blind', 'open')),
                    period TEXT NOT NULL,
                    moderated_date TEXT,
                    source_file TEXT,
                    source_hash TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    UNIQUE (form_id, version, domain)
                ))",
                "CREATE INDEX moderation_audit ON moderation (audit_id)",
                "CREATE INDEX moderation_period ON moderation (period)",
                "CREATE INDEX moderation_moderator ON moderation (moderator)",
                R"(CREATE VIEW moderation_latest AS
                    SELECT m.* FROM moderation m
                    WHERE m.version = (SELECT MAX(b.version) FROM moderation b WHERE b.form_id = m.form_id))",

                // ---- the partnership's other evidence ----
                R"(CREATE TABLE kpi (
                    id {id},
                    indicator TEXT NOT NULL,
                    period TEXT NOT NULL,
                    value DOUBLE PRECISION,
                    target DOUBLE PRECISION,
                    polarity TEXT NOT NULL CHECK (polarity IN ('higher', 'lower')),
                    theme TEXT,
                    source_file TEXT,
                    source_hash TEXT NOT NULL,
                    imported_at TEXT NOT NULL
                ))",
                "CREATE INDEX kpi_indicator_period ON kpi (indicator, period)",
                "CREATE INDEX kpi_period_theme ON kpi (period, theme)",
                R"(CREATE VIEW kpi_latest AS
                    SELECT k.* FROM kpi k
                    WHERE k.id = (SELECT MAX(b.id) FROM kpi b WHERE b.indicator = k.indicator AND b.period = k.period))",
                R"(CREATE TABLE self_assessment (
                    id {id},
                    agency TEXT NOT NULL,
                    period TEXT NOT NULL,
                    theme TEXT,
                    standard TEXT NOT NULL,
                    rating TEXT NOT NULL,
                    evidence TEXT,
                    source_file TEXT,
                    source_hash TEXT NOT NULL,
                    imported_at TEXT NOT NULL
                ))",
                "CREATE INDEX self_assessment_period_theme ON self_assessment (period, theme)",
                R"(CREATE VIEW self_assessment_latest AS
                    SELECT s.* FROM self_assessment s
                    WHERE s.id = (SELECT MAX(b.id) FROM self_assessment b
                                  WHERE b.agency = s.agency AND b.period = s.period AND b.standard = s.standard))",

                // ---- keys and logs ----
                R"(CREATE TABLE pseudonym_key (
                    purpose TEXT PRIMARY KEY,
                    key_hex TEXT NOT NULL,
                    created_at TEXT NOT NULL
                ))",
                R"(CREATE TABLE import_log (
                    id {id},
                    source_file TEXT,
                    source_hash TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    outcome TEXT NOT NULL CHECK (outcome IN ('imported', 'unchanged', 'new-version', 'rejected')),
                    details TEXT,
                    at TEXT NOT NULL
                ))",
                "CREATE INDEX import_log_hash ON import_log (source_hash, kind)",
                R"(CREATE TABLE event_log (
                    id {id},
                    at TEXT NOT NULL,
                    tool TEXT NOT NULL,
                    command TEXT NOT NULL,
                    user_name TEXT,
                    details TEXT
                ))",
                "CREATE INDEX event_log_at ON event_log (at)",
            }};
}


// audit-serve (tools/core/web): accounts, sessions, login attempts, drafts and the access log.
Migration migration2() {
    return {2, "audit-serve: accounts, sessions, login attempts, drafts, access log",
            {
                R"(CREATE TABLE web_account (
                    id {id},
                    name TEXT NOT NULL UNIQUE,
                    display_name TEXT NOT NULL,
                    roles TEXT NOT NULL,
                    team TEXT,
                    auditor TEXT,
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                    created_at TEXT NOT NULL,
                    password_set_at TEXT NOT NULL
                ))",
                R"(CREATE TABLE web_session (
                    id_hash TEXT PRIMARY KEY,
                    account_id BIGINT NOT NULL REFERENCES web_account(id),
                    csrf_token TEXT NOT NULL,
                    created_epoch BIGINT NOT NULL,
                    seen_epoch BIGINT NOT NULL,
                    remote TEXT
                ))",
                "CREATE INDEX web_session_account ON web_session (account_id)",
                R"(CREATE TABLE web_login_attempt (
                    id {id},
                    at_epoch BIGINT NOT NULL,
                    account_name TEXT NOT NULL,
                    remote TEXT NOT NULL,
                    ok INTEGER NOT NULL CHECK (ok IN (0, 1))
                ))",
                "CREATE INDEX web_login_attempt_name ON web_login_attempt (account_name, at_epoch)",
                "CREATE INDEX web_login_attempt_remote ON web_login_attempt (remote, at_epoch)",
                R"(CREATE TABLE web_draft (
                    form_id TEXT PRIMARY KEY,
                    account_id BIGINT NOT NULL REFERENCES web_account(id),
                    content TEXT NOT NULL,
                    revision BIGINT NOT NULL,
                    updated_at TEXT NOT NULL
                ))",
                R"(CREATE TABLE access_log (
                    id {id},
                    at TEXT NOT NULL,
                    account_name TEXT,
                    remote TEXT,
                    method TEXT NOT NULL,
                    action TEXT NOT NULL,
                    object TEXT,
                    status INTEGER NOT NULL
                ))",
                "CREATE INDEX access_log_at ON access_log (at)",
                "CREATE INDEX access_log_object ON access_log (object)",
            }};
}

// Retention (tools/core/store/include/audit/store/store_retention.h): the policy per record type and the purges.
Migration migration3() {
    return {3, "retention policy per record type and the log of purges",
            {
                R"(CREATE TABLE retention_policy (
                    record_type TEXT PRIMARY KEY,
                    keep_years INTEGER NOT NULL CHECK (keep_years >= 0),
                    what TEXT NOT NULL,
                    set_at TEXT NOT NULL
                ))",
                "INSERT INTO retention_policy (record_type, keep_years, what, set_at) VALUES ('evidence', 6, "
                "'free text about a case: answers'' evidence, strengths, escalation, rationales, moderators'' reasons, "
                "actions'' descriptions and notes, details of rejected imports', '2026-01-01T00:00:00Z')",
                "INSERT INTO retention_policy (record_type, keep_years, what, set_at) VALUES ('case_detail', 6, "
                "'who the child is: child references, workers, team managers, the case snapshot; case references "
                "pseudonymised', '2026-01-01T00:00:00Z')",
                R"(CREATE TABLE purge_log (
                    id {id},
                    at TEXT NOT NULL,
                    before_date TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    keep_years INTEGER NOT NULL,
                    periods TEXT NOT NULL,
                    first_day TEXT NOT NULL,
                    last_day TEXT NOT NULL,
                    row_count BIGINT NOT NULL
                ))",
            }};
}

Migration migrationCalibration() {
    return {4, "calibration exercises: the exercise, one form per participant and case, the grades returned",
            {
                R"(CREATE TABLE calibration_exercise (
                    id {id},
                    created_at TEXT NOT NULL,
                    period TEXT,
                    template_id TEXT NOT NULL,
                    template_version INTEGER NOT NULL,
                    framework_id TEXT NOT NULL,
                    seed TEXT NOT NULL,
                    cases BIGINT NOT NULL,
                    participants BIGINT NOT NULL,
                    tool_version TEXT
                ))",
                R"(CREATE TABLE calibration_form (
                    form_id TEXT PRIMARY KEY,
                    exercise_id BIGINT NOT NULL REFERENCES calibration_exercise(id),
                    participant TEXT NOT NULL,
                    case_ref TEXT NOT NULL,
                    case_order INTEGER NOT NULL,
                    participant_order INTEGER NOT NULL,
                    UNIQUE (exercise_id, participant, case_ref)
                ))",
                R"(CREATE TABLE calibration_grade (
                    form_id TEXT NOT NULL REFERENCES calibration_form(form_id),
                    domain TEXT NOT NULL,
                    grade TEXT,
                    grade_rank INTEGER,
                    grade_value DOUBLE PRECISION,
                    source_file TEXT,
                    source_hash TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    PRIMARY KEY (form_id, domain)
                ))",
            }};
}

// Issue 13 (the QA lead's month): the draw's due date, voided versions (undo with a record), the store's identity.
Migration migrationMonth() {
    return {5, "due dates on draws, voided versions of audits, moderations and tracker imports, the store's identity",
            {
                "ALTER TABLE draw ADD COLUMN due_date TEXT",
                R"(CREATE TABLE voiding (
                    id {id},
                    kind TEXT NOT NULL CHECK (kind IN ('audit', 'moderation', 'tracker')),
                    form_id TEXT,
                    version INTEGER,
                    record_id BIGINT,
                    source_file TEXT,
                    source_hash TEXT,
                    reason TEXT NOT NULL,
                    voided_by TEXT NOT NULL,
                    voided_at TEXT NOT NULL
                ))",
                "CREATE INDEX voiding_form ON voiding (kind, form_id, version)",
                "CREATE INDEX voiding_hash ON voiding (source_hash)",
                R"(CREATE TABLE store_info (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    set_at TEXT NOT NULL
                ))",
                "DROP VIEW audit_latest",
                R"(CREATE VIEW audit_latest AS
                    SELECT a.* FROM audit a
                    WHERE a.version = (SELECT MAX(b.version) FROM audit b WHERE b.form_id = a.form_id
                                       AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.kind = 'audit'
                                                       AND v.record_id = b.id)))",
                "DROP VIEW moderation_latest",
                R"(CREATE VIEW moderation_latest AS
                    SELECT m.* FROM moderation m
                    WHERE m.version = (SELECT MAX(b.version) FROM moderation b WHERE b.form_id = m.form_id
                                       AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.kind = 'moderation'
                                                       AND v.form_id = b.form_id AND v.version = b.version))
                    AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.kind = 'audit' AND v.record_id = m.audit_id))",
            }};
}

// audit-serve part 2 (issue 15): moderation in the browser (who holds an audit being moderated, comments on single
// questions or domains, agree or send back), and the practitioner's response to an agreed audit.
Migration moderationRoundAndResponses() {
    return {6, "moderation locks, comments and decisions; practitioners' responses to audits",
            {
                R"(CREATE TABLE moderation_lock (
                    form_id TEXT PRIMARY KEY,
                    holder TEXT NOT NULL,
                    taken_at TEXT NOT NULL
                ))",
                R"(CREATE TABLE moderation_comment (
                    id {id},
                    form_id TEXT NOT NULL,
                    audit_version INTEGER NOT NULL CHECK (audit_version >= 1),
                    target_kind TEXT NOT NULL CHECK (target_kind IN ('question', 'domain', 'overall')),
                    target TEXT NOT NULL,
                    author TEXT NOT NULL,
                    comment TEXT NOT NULL,
                    at TEXT NOT NULL
                ))",
                "CREATE INDEX moderation_comment_form ON moderation_comment (form_id, audit_version)",
                R"(CREATE TABLE moderation_decision (
                    id {id},
                    form_id TEXT NOT NULL,
                    audit_version INTEGER NOT NULL CHECK (audit_version >= 1),
                    decision TEXT NOT NULL CHECK (decision IN ('agreed', 'sent-back')),
                    decided_by TEXT NOT NULL,
                    note TEXT,
                    at TEXT NOT NULL
                ))",
                "CREATE INDEX moderation_decision_form ON moderation_decision (form_id)",
                R"(CREATE TABLE practitioner_response (
                    id {id},
                    form_id TEXT NOT NULL,
                    audit_id BIGINT NOT NULL REFERENCES audit(id),
                    practitioner TEXT NOT NULL,
                    response TEXT NOT NULL,
                    responded_at TEXT NOT NULL
                ))",
                "CREATE INDEX practitioner_response_form ON practitioner_response (form_id)",
            }};
}

Migration migrationAuditHistory() {
    return {7, "audit history: prior audits imported from a council's records, and the log of those imports",
            {
                R"(CREATE TABLE history_import (
                    id {id},
                    imported_at TEXT NOT NULL,
                    source_file TEXT NOT NULL,
                    source_sheet TEXT,
                    source_hash TEXT NOT NULL,
                    rows_read BIGINT NOT NULL,
                    added BIGINT NOT NULL,
                    already_stored BIGINT NOT NULL,
                    cases BIGINT NOT NULL,
                    tool_version TEXT
                ))",
                R"(CREATE TABLE audit_history (
                    id {id},
                    case_ref TEXT NOT NULL DEFAULT '',
                    child_ref TEXT NOT NULL DEFAULT '',
                    audit_date TEXT NOT NULL,
                    template TEXT NOT NULL DEFAULT '',
                    import_id BIGINT NOT NULL REFERENCES history_import(id),
                    source_row BIGINT NOT NULL,
                    CHECK (case_ref <> '' OR child_ref <> ''),
                    UNIQUE (case_ref, child_ref, audit_date, template)
                ))",
                "CREATE INDEX audit_history_case ON audit_history (case_ref)",
                "CREATE INDEX audit_history_child ON audit_history (child_ref)",
            }};
}

// Issue 18: the version of a form that counts is a stored flag (is_latest) kept right by triggers on every write to
// audit, moderation and voiding, whoever writes (an import, a browser submission, a void, a script), instead of a
// correlated MAX(version) subquery run for every row each time a view is read. The flag means exactly what the
// views of migration 5 computed: an audit row is the latest when its version is the highest not voided version of
// its form; a moderation row when its version is the highest not voided version of its form and its audit is not
// voided. Existing stores get the flags from those views before they are replaced.
// Sets the flag of the rows `where` selects, writing only those whose flag changes.
std::string refreshAudits(const std::string& where) {
    return "UPDATE audit SET is_latest = " + auditLatestFlag() + " WHERE (" + where + ") AND is_latest <> " +
           auditLatestFlag();
}
std::string refreshModerations(const std::string& where) {
    return "UPDATE moderation SET is_latest = " + moderationLatestFlag() + " WHERE (" + where + ") AND is_latest <> " +
           moderationLatestFlag();
}
// What a voiding row (NEW or OLD) changes: its audit form and the moderations of that audit, or its moderation form.
std::vector<std::string> refreshVoided(const std::string& row) {
    return {refreshAudits(row + ".kind = 'audit' AND form_id IN (SELECT x.form_id FROM audit x WHERE x.id = " + row +
                          ".record_id)"),
            refreshModerations(row + ".kind = 'audit' AND audit_id = " + row + ".record_id"),
            refreshModerations(row + ".kind = 'moderation' AND form_id = " + row + ".form_id")};
}

Migration migrationLatestFlags() {
    auto both = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    return {8,
            "the latest version of each audit and moderation form as a flag kept by triggers (issue 18)",
            {
                "ALTER TABLE audit ADD COLUMN is_latest INTEGER NOT NULL DEFAULT 0 CHECK (is_latest IN (0, 1))",
                "ALTER TABLE moderation ADD COLUMN is_latest INTEGER NOT NULL DEFAULT 0 CHECK (is_latest IN (0, 1))",
                "UPDATE audit SET is_latest = 1 WHERE id IN (SELECT id FROM audit_latest)",
                "UPDATE moderation SET is_latest = 1 WHERE id IN (SELECT id FROM moderation_latest)",
                "DROP VIEW audit_latest",
                "CREATE VIEW audit_latest AS SELECT a.* FROM audit a WHERE a.is_latest = 1",
                "DROP VIEW moderation_latest",
                "CREATE VIEW moderation_latest AS SELECT m.* FROM moderation m WHERE m.is_latest = 1",
                "CREATE INDEX voiding_record ON voiding (kind, record_id)",
            },
            {
                {"audit_latest_insert", "AFTER INSERT ON audit", {refreshAudits("form_id = NEW.form_id")}},
                {"audit_latest_update", "AFTER UPDATE OF form_id, version ON audit",
                 {refreshAudits("form_id = NEW.form_id OR form_id = OLD.form_id")}},
                {"audit_latest_delete", "AFTER DELETE ON audit", {refreshAudits("form_id = OLD.form_id")}},
                {"moderation_latest_insert", "AFTER INSERT ON moderation",
                 {refreshModerations("form_id = NEW.form_id")}},
                {"moderation_latest_update", "AFTER UPDATE OF form_id, version, audit_id ON moderation",
                 {refreshModerations("form_id = NEW.form_id OR form_id = OLD.form_id")}},
                {"moderation_latest_delete", "AFTER DELETE ON moderation",
                 {refreshModerations("form_id = OLD.form_id")}},
                {"voiding_latest_insert", "AFTER INSERT ON voiding", refreshVoided("NEW")},
                {"voiding_latest_update", "AFTER UPDATE OF kind, form_id, version, record_id ON voiding",
                 both(refreshVoided("OLD"), refreshVoided("NEW"))},
                {"voiding_latest_delete", "AFTER DELETE ON voiding", refreshVoided("OLD")},
            }};
}

// Issue 15 item 2: a QA lead starts a round in the browser by uploading a case list (and a roster of auditors); the
// upload is kept between the preview and the confirmation, so that several audit-serve processes on one store can
// answer either step. Deleted when the round is confirmed, and any older than a day at the next upload.
Migration migrationRoundUploads() {
    return {9, "audit-serve: files uploaded to start a round (case list, roster), kept from preview to confirmation",
            {
                R"(CREATE TABLE web_upload (
                    id {id},
                    account_id BIGINT NOT NULL REFERENCES web_account(id),
                    purpose TEXT NOT NULL CHECK (purpose IN ('cases', 'roster')),
                    file_name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    bytes BIGINT NOT NULL,
                    content TEXT NOT NULL,
                    uploaded_epoch BIGINT NOT NULL
                ))",
                "CREATE INDEX web_upload_account ON web_upload (account_id)",
            }};
}

}  // namespace

std::string auditLatestFlag() {
    return "CASE WHEN audit.version = (SELECT MAX(b.version) FROM audit b WHERE b.form_id = audit.form_id "
           "AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.kind = 'audit' AND v.record_id = b.id)) THEN 1 ELSE 0 END";
}

std::string moderationLatestFlag() {
    return "CASE WHEN moderation.version = (SELECT MAX(b.version) FROM moderation b "
           "WHERE b.form_id = moderation.form_id AND NOT EXISTS (SELECT 1 FROM voiding v "
           "WHERE v.kind = 'moderation' AND v.form_id = b.form_id AND v.version = b.version)) "
           "AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.kind = 'audit' AND v.record_id = moderation.audit_id) "
           "THEN 1 ELSE 0 END";
}

std::vector<std::string> triggerStatements(const Trigger& t, bool postgresql) {
    std::string body;
    for (const auto& statement : t.body) body += statement + "; ";
    if (!postgresql) return {"CREATE TRIGGER " + t.name + " " + t.event + " FOR EACH ROW BEGIN " + body + "END"};
    return {"CREATE FUNCTION " + t.name + "_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " + body +
                "RETURN NULL; END $$",
            "CREATE TRIGGER " + t.name + " " + t.event + " FOR EACH ROW EXECUTE FUNCTION " + t.name + "_fn()"};
}

const std::vector<Migration>& all() {
    // APPEND new migrations at the end of this list (never edit one above).
    static const std::vector<Migration> list{
        migration1(),
        migration2(),
        migration3(),
        migrationCalibration(),
        migrationMonth(),
        moderationRoundAndResponses(),
        migrationAuditHistory(),
        migrationLatestFlags(),
        migrationRoundUploads(),
    };
    return list;
}

}  // namespace audit::store_migrations
