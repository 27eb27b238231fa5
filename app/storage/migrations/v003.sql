-- Schema version 3: package numbers taken before a package is written, and the temporary files
-- of exports in progress (docs/package-format.md). Shipped migrations are immutable.

-- The last package number this device has given out, per direction ('out'). Taken before the
-- package is written, so a package a crash left complete never shares its number with the next.
CREATE TABLE package_counters (
    direction TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL
) WITHOUT ROWID;

-- Temporary files of exports in progress (ciphertext, beside the target). A program killed
-- mid-export leaves one; the next open removes it.
CREATE TABLE pending_files (
    path TEXT PRIMARY KEY,
    started_at TEXT NOT NULL
) WITHOUT ROWID;
