#!/usr/bin/python3
"""Prints what a command must leave unchanged in an SQLite store: the SHA-256 of the file's bytes, whether a
WAL file with content is beside it, and a digest of every table's rows (sorted). Two equal outputs: the store is
byte for byte and row for row as it was."""
import hashlib, os, sqlite3, sys

path = sys.argv[1]
print("bytes", hashlib.sha256(open(path, "rb").read()).hexdigest())
wal = path + "-wal"
print("wal", os.path.getsize(wal) if os.path.exists(wal) else 0)
db = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
h = hashlib.sha256()
for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
    rows = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{table}"'))
    h.update((table + "\n" + "\n".join(rows) + "\n").encode())
print("rows", h.hexdigest())
print("check", db.execute("PRAGMA integrity_check").fetchone()[0])
