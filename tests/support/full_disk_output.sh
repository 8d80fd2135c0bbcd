#!/bin/bash
# Runs a command whose output goes to a disk that is full almost at once: a 12 KiB tmpfs ($FULL_DISK_SIZE) mounted on ./full in a
# mount namespace of its own (small_disk.sh). Prints "exit N" and names every file or folder the command left on
# that disk ("left on the full disk: ..."), which must be none: no half-written output, no empty folder.
#   full_disk_output.sh audit-report actions --out full/tracker.xlsx --store audit.db
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/small_disk.sh" full "${FULL_DISK_SIZE:-12k}" bash -c '
    status=0
    "$@" || status=$?
    echo "exit $status"
    (cd full && find . -mindepth 1 | sed "s|^\./|left on the full disk: |")
' full_disk_output "$@"
