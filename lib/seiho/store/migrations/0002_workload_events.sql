-- 0002: the workbench's own event log for measuring working time.
-- One row per step of the visit → record → approval chain. Times are local
-- (Asia/Tokyo) wall-clock timestamps, like the rest of the schema.

CREATE TABLE workload_events (
    event_id         TEXT PRIMARY KEY,
    occurred_at      TIMESTAMP NOT NULL,
    event_kind       TEXT NOT NULL CHECK (event_kind IN (
                         'visit_planned',   -- 訪問を計画した
                         'visit_done',      -- 訪問・面接をした
                         'recording_made',  -- 録音した
                         'draft_created',   -- 記録の下書きを作成した
                         'draft_approved'   -- 記録が承認された
                     )),
    office_code      TEXT NOT NULL,
    caseworker_id    TEXT,
    case_number      TEXT,
    visit_id         TEXT,
    record_id        TEXT,
    edit_ratio       DOUBLE CHECK (edit_ratio IS NULL OR (edit_ratio >= 0 AND edit_ratio <= 1)),
                                                -- draft_approved: share of the draft's characters changed before approval
    source           TEXT NOT NULL DEFAULT 'workbench' CHECK (source IN ('workbench', 'demo'))
);

CREATE INDEX workload_events_visit ON workload_events (visit_id);
CREATE INDEX workload_events_time ON workload_events (office_code, occurred_at);
