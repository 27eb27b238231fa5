-- Schema version 7: the office plans and dispatches a round (issue 13; docs/vault.md, "Schema versions").
-- Shipped migrations are immutable. No new record kind: new columns of existing ones.
-- Moving old round kinds 交叉/提级/回头看 to the units' mode and the round's revisit flag is done after
-- this step by the opening program, as ordinary field writes, so merges carry it (app/storage/upgrade.py).

-- A round: its level, the higher-level plan it belongs to (上下联动), 回头看 and the 专项 topic.
ALTER TABLE r_round ADD COLUMN level TEXT;
ALTER TABLE r_round ADD COLUMN parent_id TEXT;
ALTER TABLE r_round ADD COLUMN revisit INTEGER;
ALTER TABLE r_round ADD COLUMN topic TEXT;
CREATE INDEX r_round_parent_id ON r_round (parent_id);

-- A team: level, where its force comes from, composition, the 组长's authorisation, capacity, its key.
ALTER TABLE r_team ADD COLUMN level TEXT;
ALTER TABLE r_team ADD COLUMN home_jurisdiction TEXT;
ALTER TABLE r_team ADD COLUMN composition TEXT;
ALTER TABLE r_team ADD COLUMN leader_authorisation TEXT;
ALTER TABLE r_team ADD COLUMN capacity INTEGER;
ALTER TABLE r_team ADD COLUMN key_fingerprint TEXT;

-- A member: past posts (任职回避) and the 巡察人才库 number that follows one person across rounds.
ALTER TABLE r_member ADD COLUMN past_posts TEXT;
ALTER TABLE r_member ADD COLUMN staff_key TEXT;

-- A unit: identity across rounds, mode (本级/交叉/提级), sector, level, parent unit, feedback and
-- rectification milestones, and the conflicts a person accepted when assigning it.
ALTER TABLE r_unit ADD COLUMN org_key TEXT;
ALTER TABLE r_unit ADD COLUMN mode TEXT;
ALTER TABLE r_unit ADD COLUMN sector TEXT;
ALTER TABLE r_unit ADD COLUMN unit_level TEXT;
ALTER TABLE r_unit ADD COLUMN parent_unit_id TEXT;
ALTER TABLE r_unit ADD COLUMN feedback_date TEXT;
ALTER TABLE r_unit ADD COLUMN cross_authorisation TEXT;
ALTER TABLE r_unit ADD COLUMN plan_received_at TEXT;
ALTER TABLE r_unit ADD COLUMN meeting_at TEXT;
ALTER TABLE r_unit ADD COLUMN report_received_at TEXT;
ALTER TABLE r_unit ADD COLUMN leader_report_received_at TEXT;
ALTER TABLE r_unit ADD COLUMN publicised_at TEXT;
ALTER TABLE r_unit ADD COLUMN assignment_notes TEXT;
CREATE INDEX r_unit_org_key ON r_unit (org_key);
CREATE INDEX r_unit_parent_unit_id ON r_unit (parent_unit_id);

-- A rectification item: what the 回头看 found, and when.
ALTER TABLE r_rectification ADD COLUMN revisit_result TEXT;
ALTER TABLE r_rectification ADD COLUMN revisit_at TEXT;
