#!/bin/bash
# Runs a command against a copy of an SQLite store on a disk that is nearly full: a tmpfs a little larger than
# the store (room for its -shm file and a few pages of WAL), mounted on ./full in a mount namespace of its own
# (small_disk.sh). Prints "exit N" (the command's exit code) and "store unchanged" when the store's bytes and rows
# are as before, else the difference, and names any other file left there. The command should name the store as
# full/STORE-NAME.
#   full_disk_store.sh audit.db audit-score import returns --store full/audit.db
set -euo pipefail
store=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
pages=$(( $(stat -c %s "$store") / 4096 + 14 ))  # room for the -shm file (32 KiB) and a little WAL
exec "$here/small_disk.sh" full "$((pages * 4))k" bash -c '
    set -u
    here=$1 store=$2
    shift 2
    cp "$store" full/ && "$here/store_digest.py" "full/$(basename "$store")" > full-before.txt
    status=0
    "$@" || status=$?
    echo "exit $status"
    "$here/store_digest.py" "full/$(basename "$store")" > full-after.txt
    diff full-before.txt full-after.txt && echo "store unchanged"
    ls full | grep -v "^$(basename "$store")\(-wal\|-shm\)\?$" | sed "s/^/left on the full disk: /" || true
' full_disk_store "$here" "$store" "$@"
