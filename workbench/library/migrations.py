"""Versioned schema. Append a migration; never edit one that has shipped.

``PRAGMA user_version`` records how far a file has come. Each step runs in its own
transaction, so a failed upgrade leaves the file at the last good version.
"""

from __future__ import annotations

_JOB_STATES = (
    "'planned','submitting','submitted','running','downloading','done','failed',"
    "'canceled','unknown'"
)

V1_CORE = f"""
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL
);
CREATE TABLE prompts (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    created_at REAL NOT NULL
);
CREATE TABLE prompt_versions (
    id INTEGER PRIMARY KEY,
    prompt_id INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    negative TEXT,
    text_sha TEXT NOT NULL,
    created_at REAL NOT NULL,
    UNIQUE (prompt_id, version)
);
CREATE INDEX ix_prompt_versions_sha ON prompt_versions(text_sha);
CREATE TRIGGER prompt_versions_immutable BEFORE UPDATE ON prompt_versions
BEGIN
    SELECT RAISE(ABORT, 'prompt versions are immutable; write a new version');
END;
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    prompt_version_id INTEGER NOT NULL REFERENCES prompt_versions(id),
    spec_json TEXT NOT NULL,
    seed_policy TEXT NOT NULL,
    budget_usd REAL,
    estimate_usd REAL NOT NULL,
    parent_take_id INTEGER,
    created_at REAL NOT NULL
);
CREATE INDEX ix_runs_version ON runs(prompt_version_id);
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    params_json TEXT NOT NULL,
    draw_no INTEGER NOT NULL,
    seed INTEGER,
    seed_supported INTEGER NOT NULL,
    client_ref TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ({_JOB_STATES})),
    remote_id TEXT,
    remote_json TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    progress REAL,
    provider_status TEXT,
    est_cost_usd REAL,
    cost_usd REAL,
    cost_reported TEXT,
    failure_kind TEXT,
    failure_code TEXT,
    failure_message TEXT,
    failure_text TEXT,
    failure_retryable INTEGER,
    render_s REAL,
    created_at REAL NOT NULL,
    submitted_at REAL,
    finished_at REAL,
    updated_at REAL NOT NULL
);
CREATE INDEX ix_jobs_run ON jobs(run_id);
CREATE INDEX ix_jobs_provider_model ON jobs(provider, model);
CREATE INDEX ix_jobs_active ON jobs(state)
    WHERE state IN ('planned','submitting','submitted','running','downloading');
CREATE TABLE takes (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    poster TEXT,
    bytes INTEGER NOT NULL,
    duration REAL,
    width INTEGER,
    height INTEGER,
    fps REAL,
    codec TEXT,
    audio INTEGER,
    container TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX ix_takes_sha ON takes(sha256);
"""

V2_JUDGEMENT = """
ALTER TABLE takes ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE takes ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_takes_favourite ON takes(favourite) WHERE favourite = 1;
CREATE INDEX ix_takes_rating ON takes(rating) WHERE rating IS NOT NULL;
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    take_id INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX ix_notes_take ON notes(take_id);
CREATE TABLE take_tags (
    take_id INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (take_id, tag)
) WITHOUT ROWID;
CREATE INDEX ix_take_tags_tag ON take_tags(tag, take_id);
CREATE TABLE take_reasons (
    take_id INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('hands','face','physics','camera','text',
                                           'off-prompt','style','artefacts','other')),
    PRIMARY KEY (take_id, reason)
) WITHOUT ROWID;
CREATE INDEX ix_take_reasons_reason ON take_reasons(reason, take_id);
"""

V3_LEDGER = """
ALTER TABLE jobs ADD COLUMN charged INTEGER CHECK (charged IN (0, 1));
ALTER TABLE jobs ADD COLUMN retry_of INTEGER REFERENCES jobs(id);
UPDATE jobs SET charged = 1 WHERE state = 'done';
CREATE INDEX ix_jobs_recheck ON jobs(state) WHERE state = 'failed' AND failure_kind = 'timeout';
CREATE INDEX ix_jobs_created ON jobs(created_at);
ALTER TABLE takes ADD COLUMN rated_blind INTEGER NOT NULL DEFAULT 0;
ALTER TABLE takes ADD COLUMN deleted_at REAL;
"""

V4_LEDGER_INDEXES = """
CREATE INDEX ix_jobs_render ON jobs(provider, model, render_s)
    WHERE state = 'done' AND render_s IS NOT NULL;
CREATE INDEX ix_jobs_failed ON jobs(provider, model, failure_kind) WHERE state = 'failed';
"""

# The whole library's ledger from indexes alone: ix_jobs_ledger covers the draws' counts and
# spend (and serves every provider/model lookup the index it replaces served); blind-rated
# takes are few, so the blind and sighted figures start from them.
V5_LEDGER_COVERING = """
CREATE INDEX ix_jobs_ledger ON jobs(provider, model, state, charged, cost_usd, est_cost_usd);
DROP INDEX ix_jobs_provider_model;
CREATE INDEX ix_takes_blind ON takes(job_id) WHERE rated_blind = 1;
"""

#: (version, script). The file's ``user_version`` is the last one applied.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, V1_CORE),
    (2, V2_JUDGEMENT),
    (3, V3_LEDGER),
    (4, V4_LEDGER_INDEXES),
    (5, V5_LEDGER_COVERING),
)
LATEST = MIGRATIONS[-1][0]
