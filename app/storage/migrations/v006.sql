-- Schema version 6: recusal that holds (docs/domain.md §3.3). Shipped migrations are immutable.

-- An assignment that touches a declared relation stands only with the 组长's exception: who, why, approved by, when.
ALTER TABLE r_interview ADD COLUMN recusal_exceptions TEXT;
