-- 0010: case records drafted from a recording or typed notes, and the
-- evidence of each draft sentence. No FOREIGN KEY is declared, because the
-- import upserts households and DuckDB rejects updates of rows that a foreign
-- key references.

-- One row per case record that was made from a draft: where it came from.
CREATE TABLE record_drafts (
    record_id        TEXT PRIMARY KEY,          -- case_records.record_id
    case_number      TEXT NOT NULL,             -- households.case_number
    record_type      TEXT NOT NULL CHECK (record_type IN ('面接記録票', 'ケース記録')),
    kind             TEXT NOT NULL CHECK (kind IN ('intake', 'visit', 'phone')),
    source           TEXT NOT NULL CHECK (source IN ('録音', 'メモ')),
    recording_id     TEXT,                      -- the transcribed recording; NULL for typed notes
    notes            TEXT,                      -- the typed notes a draft was made from; NULL for a recording
    heading          TEXT NOT NULL,             -- the drafter's first-line heading, e.g. 家庭訪問
    field_order      TEXT[] NOT NULL,           -- the record's field order, as the drafter set it
    recorded_on      DATE NOT NULL,
    created_by       TEXT NOT NULL,             -- user_id
    created_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- One row per sentence of the record body, in order. ``segment_ids`` and the
-- times point into the transcript of ``recording_id``; a sentence the
-- caseworker added has no evidence. ``draft_text`` keeps the sentence as the
-- drafter wrote it, so a reviewer can compare it with the edited text.
CREATE TABLE record_evidence (
    record_id        TEXT NOT NULL,             -- record_drafts.record_id
    sentence_no      INTEGER NOT NULL,          -- 0-based order in the record
    field            TEXT NOT NULL,             -- 主訴, 収入, 今後の方針, …
    text             TEXT NOT NULL,
    draft_text       TEXT,                      -- NULL for an added sentence
    needs_check      BOOLEAN NOT NULL,          -- 要確認
    note             TEXT NOT NULL DEFAULT '',
    recording_id     TEXT,
    segment_ids      INTEGER[] NOT NULL,        -- segment ids in the transcript; empty when none
    start_seconds    DOUBLE,                    -- start of the first evidence segment
    end_seconds      DOUBLE,                    -- end of the last evidence segment
    edit_state       TEXT NOT NULL CHECK (edit_state IN ('下書きのまま', '編集済み', '追加（根拠なし）')),
    edited_by        TEXT,                      -- user_id of the last edit
    edited_at        TIMESTAMP,
    PRIMARY KEY (record_id, sentence_no),
    CHECK (start_seconds IS NULL OR end_seconds IS NULL OR end_seconds >= start_seconds)
);
