-- 0006: what 訪問格付け and the legal visit minimums need beyond 0001.
-- No FOREIGN KEY is declared, because the import upserts households and
-- DuckDB rejects updates of rows that a foreign key references.

-- Household flags that select a visit grade: DV, 要保護児童, 就労指導 and the
-- like. A flag holds from ``since`` until ``until`` (inclusive, open when NULL).
CREATE TABLE household_flags (
    flag_id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    case_number      TEXT NOT NULL,             -- households.case_number
    flag             TEXT NOT NULL,             -- one of the flags in data/visits/visit_grades.yaml
    since            DATE NOT NULL,
    until            DATE,
    set_by           TEXT NOT NULL,             -- user_id
    set_at           TIMESTAMP NOT NULL DEFAULT current_timestamp,
    CHECK (until IS NULL OR until >= since)
);

-- 訪問格付け set by a person instead of the suggested grade. Rows are never
-- updated or deleted, so the table is the history. The latest row whose
-- effective_from is on or before a date decides that date's override; a row
-- with grade NULL ends the override, and the suggested grade applies again.
CREATE TABLE visit_grade_overrides (
    override_id      UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    case_number      TEXT NOT NULL,             -- households.case_number
    grade            TEXT,                      -- a grade code in visit_grades.yaml; NULL ends the override
    suggested_grade  TEXT,                      -- the rules' grade when the override was set
    suggested_rule   TEXT,                      -- the rule id that selected it
    reason           TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    effective_from   DATE NOT NULL,
    decided_by       TEXT NOT NULL,             -- user_id
    decided_role     TEXT NOT NULL CHECK (decided_role IN ('caseworker', 'supervisor')),
    decided_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- 保護の開始・変更の申請: a visit is due within days of receiving one.
CREATE TABLE visit_applications (
    application_id   TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL,             -- households.case_number
    application_kind TEXT NOT NULL CHECK (application_kind IN ('開始', '変更')),
    received_on      DATE NOT NULL              -- 申請書等を受理した日
);

CREATE INDEX household_flags_case ON household_flags (case_number);
CREATE INDEX visit_grade_overrides_case ON visit_grade_overrides (case_number);
CREATE INDEX visit_applications_case ON visit_applications (case_number);
