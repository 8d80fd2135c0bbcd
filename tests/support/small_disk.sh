#!/bin/bash
# Runs a command with a small, nearly full disk: a tmpfs of SIZE (e.g. 64k) mounted on DIR in a mount namespace of
# its own (unshare: nothing outside sees it, and it is gone when the command ends). For the "full disk" fault tests.
#   small_disk.sh DIR SIZE COMMAND [ARG...]
# The command runs inside the namespace, so whatever it writes under DIR must be checked by the command itself.
# Needs unshare(1) and either root or unprivileged user namespaces (Debian's default).
set -euo pipefail
dir=$1 size=$2
shift 2
mkdir -p "$dir"
exec unshare -rm bash -c 'mount -t tmpfs -o "size=$1" tmpfs "$2" && shift 2 && exec "$@"' small_disk "$size" "$dir" "$@"
