// The store's care: a full check, backups taken while others write, restores that are checked before they are
// put in place. audit-store is the front end (tools/audit-store/README.md).
//
// SQLite: backup uses SQLite's online backup API in one step, so the copy is one consistent snapshot even while
// other programs import (WAL: they are not blocked); the copy is checked (integrity_check) before it is renamed
// into place. PostgreSQL: backup runs `pg_dump --format=custom --schema=<the store's schema>` (the version of
// pg_dump that matches the server's major version when /usr/lib/postgresql/<major>/bin has it), restore runs
// `pg_restore --single-transaction --exit-on-error --no-owner` into the target database; the restored store is
// then opened and checked like any other.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace audit {

class Store;

// Everything damaged or inconsistent in the store (see Store::integrityProblems); empty when sound. A store that
// cannot even be opened because it is damaged gives that as its one problem rather than throwing; other errors
// (missing file, usage) throw as Store does.
std::vector<std::string> checkStore(const std::string& spec, bool full = true);

struct BackupResult {
    std::string to;           // the backup file
    std::uint64_t bytes = 0;  // its size
    std::string method;       // "sqlite online backup" or the pg_dump command run (password hidden)
};
// Copies the store to `to` (replaced atomically if it exists; nothing left there on failure).
BackupResult backupStore(const std::string& spec, const std::string& to);

struct RestoreResult {
    std::string to;      // the store restored (password hidden)
    int schemaVersion = 0;
    std::string method;
};
// Restores a backup made by backupStore into the store `toSpec`. SQLite: the backup is checked first (a damaged
// or foreign file is refused, exit 65), copied next to the target, opened (migrated if older) and checked, and
// only then renamed into place; an existing target is refused (CantCreate) unless `replace` (then every program
// using it must have stopped). PostgreSQL: the store comes back in the schema it was backed up from, so the
// target database must not have that schema yet, and toSpec should name it (options=-csearch_path=SCHEMA) unless
// it is public.
RestoreResult restoreStore(const std::string& from, const std::string& toSpec, bool replace = false);

}  // namespace audit
