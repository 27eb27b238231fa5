-- Schema version 4: trusted keys bound to their key fingerprint (docs/package-format.md, "Keys").
-- Shipped migrations are immutable.

-- 1 when the person confirmed this key under the key fingerprint that covers the signing key,
-- the age recipient, the vault id, the role and the owner; keys trusted before this version
-- keep 0 and must be confirmed again before anything is exported to them.
ALTER TABLE trusted_keys ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
