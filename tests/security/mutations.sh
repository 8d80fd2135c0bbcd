#!/usr/bin/env bash
# Mutation check of audit-serve's protections (issue 14): for each protection, a small textual mutation that removes
# it is applied to a COPY of the source tree, only the affected test binaries are rebuilt, and their tests must then
# fail. Run on demand (never in ctest):   tests/security/mutations.sh [BUILD_DIR]
#
# How the worktree stays untouched: the tree (with its configured build directory, default build/) is copied to a
# temporary folder, and the builds run in a private mount namespace (unshare -m; -r added when not root) in which the
# copy is bind-mounted over the tree's own path. The compiler sees the same paths, so ccache serves every unchanged
# file; outside the namespace nothing changes. Builds run with -j1 at nice 19.
# Prints one line per mutation: protection | mutation | tests | FAILED as expected / STILL PASSES (a gap).
# Exit status: 0 when every mutation is caught, 1 when one is not, 2 when the unmutated tree fails (nothing proven).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_REL=${1:-build}
if [ -z "${MUTATIONS_INSIDE:-}" ]; then
    [ -f "$SRC/$BUILD_REL/CMakeCache.txt" ] || { echo "mutations.sh: configure and build $SRC/$BUILD_REL first" >&2; exit 66; }
    WORK=$(mktemp -d /tmp/audit-mutations.XXXXXX)
    trap 'rm -rf "$WORK"' EXIT
    cp -a "$SRC" "$WORK/tree"
    mkdir "$WORK/orig"
    flags=-m
    [ "$(id -u)" = 0 ] || flags=-rm
    MUTATIONS_INSIDE=1 MUTATIONS_WORK="$WORK" unshare $flags bash "$0" "$@"
    exit $?
fi

# Inside the namespace: $SRC now shows the copy.
mount --bind "$MUTATIONS_WORK/tree" "$SRC"
cd "$SRC"
B="$SRC/$BUILD_REL"
build() { nice -n 19 cmake --build "$B" -j1 --target "$@" >"$MUTATIONS_WORK/build.log" 2>&1; }
runtests() { (cd "$B" && nice -n 19 ctest -R "$1" >"$MUTATIONS_WORK/ctest.log" 2>&1); }

# protection @ file @ sed expression @ test binaries @ ctest regex
MUTATIONS=(
"deny by default (route table)@tools/core/web/src/app.cpp@s#{\"GET\", \"/admin/accounts\", false,#{\"GET\", \"/admin/accounts\", true,#@app_test@^unit\\.web\\.app_test\$"
"deny by default (signed out)@tools/core/web/src/app.cpp@s#if (!route->isPublic \&\& !c.account) {#if (false) {#@app_test@^unit\\.web\\.app_test\$"
"role check@tools/core/web/src/app.cpp@s#!route->isPublic \&\& !hasAnyRole(\*c.account, route->roles)#false#@app_test@^unit\\.web\\.app_test\$"
"ownership (another auditor's audit is 404)@tools/core/web/src/pages_session.cpp@s#return desk().forAuditor(account->auditor);#return desk().all();#@app_test@^unit\\.web\\.app_test\$"
"CSRF check@tools/core/web/src/app.cpp@s#if (!constantTimeEqual(token, c.session->csrf))#if (false)#@app_test@^unit\\.web\\.app_test\$"
"CSP header@tools/core/web/src/security.cpp@s#r.set(\"Content-Security-Policy\",#r.set(\"X-Dropped-Policy\",#@app_test@^unit\\.web\\.app_test\$"
"CSP nonce (inline script allowed)@tools/core/web/src/security.cpp@s#script-src 'self' 'nonce-\" + nonce +#script-src 'self' 'unsafe-inline' 'nonce-\" + nonce +#@app_test@^unit\\.web\\.app_test\$"
"HTML escaping@tools/core/web/src/html.cpp@s#{ return text::htmlEscape(s); }#{ return std::string(s); }#@app_test@^unit\\.web\\.app_test\$"
"Argon2id (verify by string compare)@tools/core/web/src/security.cpp@s#return crypto_pwhash_str_verify(phc.c_str(), password.data(), password.size()) == 0;#return phc == \"\$argon2id\$\" + std::string(password);#; s#^    return out;#    return \"\$argon2id\$\" + std::string(password);#@accounts_test app_test@^unit\\.web\\.(accounts_test|app_test)\$"
"session expiry (idle)@tools/core/web/src/sessions.cpp@s#nowEpoch - s.seen > policy_.idleSeconds ||#false ||#@sessions_test@^unit\\.web\\.sessions_test\$"
"session expiry (absolute)@tools/core/web/src/sessions.cpp@s#|| nowEpoch - s.created > policy_.absoluteSeconds#|| false#@sessions_test@^unit\\.web\\.sessions_test\$"
"sign-in throttle (per account)@tools/core/web/src/accounts.cpp@s#if (byName >= policy.perAccount ||#if (false ||#@accounts_test@^unit\\.web\\.accounts_test\$"
"sign-in throttle (per address)@tools/core/web/src/accounts.cpp@s#|| byAddr >= policy.perAddress)#|| false)#@accounts_test@^unit\\.web\\.accounts_test\$"
"access logging@tools/core/web/src/access_log.cpp@s#^void logAccess(Store\& store, const AccessEntry\& e) {#&\n    if (!e.method.empty()) return;#@app_test@^unit\\.web\\.app_test\$"
"a round's upload is its uploader's alone@tools/core/web/src/uploads.cpp@s#WHERE id = ? AND account_id = ? AND purpose = ? AND uploaded_epoch >= ?\",#WHERE id = ? AND (account_id = ? OR 1) AND purpose = ? AND uploaded_epoch >= ?\",#@pages_round_start_test@^unit\\.web\\.pages_round_start_test\$"
"a round's upload is used once@tools/core/web/src/pages_round_start.cpp@s#^    deleteUpload(c.store, cases->id);#    (void)0;#@pages_round_start_test@^unit\\.web\\.pages_round_start_test\$"
"CSRF check on an upload form@tools/core/web/src/app.cpp@s#if (!constantTimeEqual(token, c.session->csrf))#if (!constantTimeEqual(token, c.session->csrf) \&\& req.header(\"content-type\").rfind(\"multipart/\", 0) != 0)#@pages_round_start_test@^unit\\.web\\.pages_round_start_test\$"
)

# The unmutated tree first: its tests must pass, or nothing below means anything.
ALL_TARGETS="app_test accounts_test sessions_test pages_round_start_test"
build $ALL_TARGETS || { echo "the unmutated tree does not build (see $MUTATIONS_WORK/build.log)"; cat "$MUTATIONS_WORK/build.log" | tail -20; exit 2; }
runtests '^unit\.web\.(app_test|accounts_test|sessions_test|pages_round_start_test)$' || { echo "the unmutated tests fail"; tail -30 "$MUTATIONS_WORK/ctest.log"; exit 2; }

gaps=0
printf '%-44s | %-s\n' "protection" "mutation -> tests: result"
for m in "${MUTATIONS[@]}"; do
    IFS='@' read -r name file expr targets regex <<<"$m"
    cp "$file" "$MUTATIONS_WORK/orig/file"
    sed -i "$expr" "$file"
    if cmp -s "$file" "$MUTATIONS_WORK/orig/file"; then
        printf '%-44s | %s -> NOT APPLIED (the source changed; update this script)\n' "$name" "$expr"
        gaps=$((gaps + 1))
        continue
    fi
    change=$( (diff "$MUTATIONS_WORK/orig/file" "$file" || true) | grep '^>' | sed 's/^> *//' | tr '\n' ' ' | cut -c1-110)
    if ! build $targets; then
        result="FAILED as expected (does not compile)"
    elif runtests "$regex"; then
        result="STILL PASSES (a gap)"
        gaps=$((gaps + 1))
    else
        failed=$(grep -Eo '[0-9]+ - unit\.web\.[a-z_]+' "$MUTATIONS_WORK/ctest.log" | sed 's/^[0-9]* - //' | sort -u | tr '\n' ' ' || true)
        result="FAILED as expected ($failed)"
    fi
    printf '%-44s | %s: %s -> %s: %s\n' "$name" "$file" "$change" "$targets" "$result"
    cat "$MUTATIONS_WORK/orig/file" >"$file"  # a fresh mtime: the next build recompiles it (from ccache)
done
build $ALL_TARGETS >/dev/null 2>&1 || true
[ "$gaps" = 0 ] && exit 0 || exit 1
