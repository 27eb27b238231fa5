-- Schema version 1 of the vault. Shipped migrations are immutable: change the schema only by
-- adding a new numbered file (see app/storage/migrations.py).

-- Facts about this vault: its id, this device's id, role (team/office), owner, clock.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Every record of every kind: its id, kind, and a small integer used as the search row id.
CREATE TABLE records (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL
);

-- Every field write ever seen (design.md decision 2): the merge state and the field history.
-- seq is the local arrival order (AUTOINCREMENT: never reused, so "everything after seq N" is
-- exact for incremental packages); rec is records.n. state: 0 = head (no known write supersedes
-- it), 1 = superseded, 2 = placeholder (named as a base by a write we have, not itself seen
-- yet). value has no declared type, so no affinity: TEXT, INTEGER and NULL stay as written.
CREATE TABLE versions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    rec INTEGER NOT NULL,
    field TEXT NOT NULL,
    stamp TEXT NOT NULL,
    value,
    bases TEXT,
    author TEXT NOT NULL DEFAULT '',
    state INTEGER NOT NULL
);
CREATE UNIQUE INDEX versions_key ON versions (rec, field, stamp);

-- Fields whose heads disagree: a concurrent losing value waits here for a person.
CREATE TABLE open_conflicts (
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    PRIMARY KEY (record_id, field)
) WITHOUT ROWID;

-- The audit trail: append-only, each row hashed with the previous row's hash.
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    device TEXT NOT NULL,
    action TEXT NOT NULL,
    record_id TEXT,
    kind TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX journal_record ON journal (record_id);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

-- Attachment contents, by SHA-256, in chunks so no file is ever wholly in memory. Chunks are
-- filed under a random key while the hash is not yet known; blobs maps the hash to that key, so
-- each chunk is written once.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    chunk_key TEXT NOT NULL UNIQUE
) WITHOUT ROWID;
CREATE TABLE blob_chunks (
    id INTEGER PRIMARY KEY,
    blob TEXT NOT NULL,
    idx INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE UNIQUE INDEX blob_chunks_order ON blob_chunks (blob, idx);

-- Full-text search: text pre-segmented into CJK unigrams (uni) and bigrams (bi), see
-- search_text.py; contentless, rowid = records.n, snippets come from the record tables.
CREATE VIRTUAL TABLE search USING fts5 (uni, bi, content = '', contentless_delete = 1);

-- One table per record kind holding each field's winning value (a projection of versions).

CREATE TABLE r_round (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    title TEXT,
    session TEXT,
    number INTEGER,
    year INTEGER,
    kind TEXT,
    committee TEXT,
    authorisation TEXT,
    start_date TEXT,
    end_date TEXT,
    feedback_date TEXT,
    notes TEXT
);

CREATE TABLE r_team (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    name TEXT,
    round_id TEXT,
    number INTEGER,
    office TEXT,
    phone TEXT,
    mailbox TEXT,
    email TEXT,
    notes TEXT
);
CREATE INDEX r_team_round_id ON r_team (round_id);

CREATE TABLE r_member (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    name TEXT,
    team_id TEXT,
    role TEXT,
    sub_group TEXT,
    employer TEXT,
    home_jurisdiction TEXT,
    phone TEXT,
    pledge_signed INTEGER,
    recusal_signed INTEGER,
    recusals TEXT,
    notes TEXT
);
CREATE INDEX r_member_team_id ON r_member (team_id);

CREATE TABLE r_unit (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    name TEXT,
    round_id TEXT,
    team_id TEXT,
    unit_type TEXT,
    jurisdiction TEXT,
    supervisor TEXT,
    address TEXT,
    liaison TEXT,
    liaison_phone TEXT,
    headcount INTEGER,
    entry_date TEXT,
    exit_date TEXT,
    notes TEXT
);
CREATE INDEX r_unit_round_id ON r_unit (round_id);
CREATE INDEX r_unit_team_id ON r_unit (team_id);

CREATE TABLE r_person (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    name TEXT,
    unit_id TEXT,
    post TEXT,
    cadre_level TEXT,
    leadership INTEGER,
    mandatory INTEGER,
    gender TEXT,
    birth_year INTEGER,
    phone TEXT,
    notes TEXT
);
CREATE INDEX r_person_unit_id ON r_person (unit_id);

CREATE TABLE r_interview (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    number TEXT,
    unit_id TEXT,
    team_id TEXT,
    person_id TEXT,
    interviewee TEXT,
    post TEXT,
    interviewee_unit TEXT,
    time TEXT,
    place TEXT,
    kind TEXT,
    interviewers TEXT,
    recorders TEXT,
    outline TEXT,
    summary TEXT,
    content TEXT,
    confirmed INTEGER,
    confirmed_at TEXT,
    status TEXT,
    secrecy TEXT,
    notes TEXT
);
CREATE INDEX r_interview_unit_id ON r_interview (unit_id);
CREATE INDEX r_interview_team_id ON r_interview (team_id);
CREATE INDEX r_interview_person_id ON r_interview (person_id);

CREATE TABLE r_petition (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    number TEXT,
    unit_id TEXT,
    team_id TEXT,
    channel TEXT,
    received_at TEXT,
    complainant TEXT,
    complainant_phone TEXT,
    complainant_unit TEXT,
    anonymous INTEGER,
    subject_name TEXT,
    subject_unit TEXT,
    subject_post TEXT,
    is_cadre INTEGER,
    summary TEXT,
    content TEXT,
    handler TEXT,
    handled_at TEXT,
    status TEXT,
    secrecy TEXT,
    notes TEXT
);
CREATE INDEX r_petition_unit_id ON r_petition (unit_id);
CREATE INDEX r_petition_team_id ON r_petition (team_id);

CREATE TABLE r_lead (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    number TEXT,
    unit_id TEXT,
    team_id TEXT,
    subject_name TEXT,
    subject_post TEXT,
    subject_unit TEXT,
    cadre_level TEXT,
    source TEXT,
    received_at TEXT,
    discipline TEXT,
    summary TEXT,
    detail TEXT,
    status TEXT,
    disposal_route TEXT,
    transfer_to TEXT,
    transferred_at TEXT,
    transfer_handler TEXT,
    receiver TEXT,
    received_by_at TEXT,
    receiver_category TEXT,
    feedback_at TEXT,
    feedback TEXT,
    secrecy TEXT,
    notes TEXT
);
CREATE INDEX r_lead_unit_id ON r_lead (unit_id);
CREATE INDEX r_lead_team_id ON r_lead (team_id);

CREATE TABLE r_document (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    title TEXT,
    unit_id TEXT,
    team_id TEXT,
    batch TEXT,
    category TEXT,
    requester TEXT,
    requested_at TEXT,
    leader_signed INTEGER,
    signed_at TEXT,
    copies INTEGER,
    medium TEXT,
    copy_type TEXT,
    due TEXT,
    provider TEXT,
    provided_at TEXT,
    return_status TEXT,
    returned_by TEXT,
    returned_at TEXT,
    notes TEXT
);
CREATE INDEX r_document_unit_id ON r_document (unit_id);
CREATE INDEX r_document_team_id ON r_document (team_id);

CREATE TABLE r_paper (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    number TEXT,
    title TEXT,
    unit_id TEXT,
    team_id TEXT,
    source TEXT,
    heading TEXT,
    tag TEXT,
    facts TEXT,
    characterisation TEXT,
    responsibility TEXT,
    evidence TEXT,
    finder TEXT,
    found_at TEXT,
    writer TEXT,
    written_at TEXT,
    review_opinion TEXT,
    state TEXT,
    signed_by TEXT,
    signed_at TEXT,
    archived_at TEXT,
    secrecy TEXT,
    notes TEXT
);
CREATE INDEX r_paper_unit_id ON r_paper (unit_id);
CREATE INDEX r_paper_team_id ON r_paper (team_id);

CREATE TABLE r_problem (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    title TEXT,
    unit_id TEXT,
    team_id TEXT,
    heading TEXT,
    seq INTEGER,
    tag TEXT,
    description TEXT,
    characterisation TEXT,
    responsibility TEXT,
    leader_in_charge TEXT,
    notes TEXT
);
CREATE INDEX r_problem_unit_id ON r_problem (unit_id);
CREATE INDEX r_problem_team_id ON r_problem (team_id);

CREATE TABLE r_rectification (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    title TEXT,
    problem_id TEXT,
    unit_id TEXT,
    goal TEXT,
    measures TEXT,
    responsible_leader TEXT,
    responsible_dept TEXT,
    responsible_person TEXT,
    deadline TEXT,
    status TEXT,
    immediate INTEGER,
    completed_at TEXT,
    closed_at TEXT,
    evidence TEXT,
    grade TEXT,
    notes TEXT
);
CREATE INDEX r_rectification_problem_id ON r_rectification (problem_id);
CREATE INDEX r_rectification_unit_id ON r_rectification (unit_id);

CREATE TABLE r_handover (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    title TEXT,
    unit_id TEXT,
    team_id TEXT,
    from_unit TEXT,
    from_handler TEXT,
    handed_at TEXT,
    to_unit TEXT,
    to_handler TEXT,
    received_at TEXT,
    feedback_dept TEXT,
    feedback_at TEXT,
    feedback TEXT,
    notes TEXT
);
CREATE INDEX r_handover_unit_id ON r_handover (unit_id);
CREATE INDEX r_handover_team_id ON r_handover (team_id);

CREATE TABLE r_attachment (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    filename TEXT,
    owner_id TEXT,
    mime TEXT,
    size INTEGER,
    sha256 TEXT,
    note TEXT,
    added_at TEXT
);
CREATE INDEX r_attachment_owner_id ON r_attachment (owner_id);

CREATE TABLE r_link (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    src_id TEXT,
    dst_id TEXT,
    relation TEXT,
    note TEXT
);
CREATE INDEX r_link_src_id ON r_link (src_id);
CREATE INDEX r_link_dst_id ON r_link (dst_id);

CREATE TABLE r_vocab (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    vocabulary TEXT,
    value TEXT,
    ord INTEGER,
    active INTEGER
);

CREATE TABLE r_template (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    template_kind TEXT,
    category TEXT,
    role TEXT,
    body TEXT,
    ord INTEGER
);

CREATE TABLE r_setting (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    key TEXT,
    value TEXT
);
