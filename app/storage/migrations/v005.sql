-- Schema version 5: what a person's statuses and finalised records need (docs/domain.md §3).
-- Shipped migrations are immutable.

-- A finalised interview record is never rewritten; additions are dated supplements (who, when, what).
ALTER TABLE r_interview ADD COLUMN supplements TEXT;

-- A lead marked 已了结 says when and how it was concluded.
ALTER TABLE r_lead ADD COLUMN closed_at TEXT;
ALTER TABLE r_lead ADD COLUMN result TEXT;
