-- 0008: the case-record workflow: 下書き → 承認待ち → 承認済み, with returns.
-- No FOREIGN KEY is declared, because the import upserts households and
-- DuckDB rejects updates of rows that a foreign key references.

-- 記録区分 (one of record_kinds in data/records/export_layout.yaml), who wrote
-- the record and when it last changed. Rows made before 0008 keep NULL here.
ALTER TABLE case_records ADD COLUMN kind TEXT;
ALTER TABLE case_records ADD COLUMN created_by TEXT;       -- user_id of the author
ALTER TABLE case_records ADD COLUMN updated_at TIMESTAMP;
ALTER TABLE case_records ADD COLUMN submitted_at TIMESTAMP;

-- Each 提出, 承認 and 差戻し of a record. Rows are never updated or deleted, so
-- the table is the record's review history. A 差戻し needs its comment,
-- because the caseworker sees it when the record is back in 下書き.
CREATE TABLE case_record_reviews (
    review_id        UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    record_id        TEXT NOT NULL,             -- case_records.record_id
    action           TEXT NOT NULL CHECK (action IN ('提出', '承認', '差戻し')),
    comment          TEXT NOT NULL DEFAULT '',
    acted_by         TEXT NOT NULL,             -- user_id
    acted_role       TEXT NOT NULL CHECK (acted_role IN ('caseworker', 'supervisor')),
    acted_at         TIMESTAMP NOT NULL,
    CHECK (action <> '差戻し' OR length(trim(comment)) > 0)
);

CREATE INDEX case_record_reviews_record ON case_record_reviews (record_id);
CREATE INDEX case_records_status ON case_records (status);
