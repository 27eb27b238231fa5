-- Schema version 2: this vault's own keys, the keys it trusts, and the package ledger
-- (docs/package-format.md). Shipped migrations are immutable.

-- This vault's secret keys, created at first need: 'ed25519' (package signing key, secret and
-- public as hex of the raw 32 bytes) and 'age' (X25519 identity AGE-SECRET-KEY-1…, recipient age1…).
CREATE TABLE own_keys (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    public TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

-- Public keys of other vaults this vault trusts (enrolled with `trust`): a package is accepted
-- only when signed by one of these signing keys.
CREATE TABLE trusted_keys (
    fingerprint TEXT PRIMARY KEY,       -- SHA-256 of the raw Ed25519 public key, hex
    signing_key TEXT NOT NULL UNIQUE,   -- raw Ed25519 public key, hex
    age_recipient TEXT NOT NULL,
    vault_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    role TEXT NOT NULL,
    owner TEXT NOT NULL,
    added_at TEXT NOT NULL
) WITHOUT ROWID;

-- Every package made here ('out') or imported here ('in'). For 'in' rows, (signer, seq) is the
-- replay and rollback guard; for 'out' rows, seq is this device's monotonic package number and
-- upto the local versions.seq the package covers (incremental packages start after it).
CREATE TABLE packages (
    package_id TEXT PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind TEXT NOT NULL,
    signer TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    recipients TEXT NOT NULL,
    since INTEGER NOT NULL DEFAULT 0,
    upto INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    at TEXT NOT NULL,
    report TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE INDEX packages_signer ON packages (direction, signer, seq);
