-- 0005: 制度Q&A — the office's precedents (事例) and the cache of passage embeddings.

-- 事例: how the office handled a question, without personal data.
CREATE TABLE knowledge_precedents (
    precedent_id     TEXT PRIMARY KEY,
    office_code      TEXT NOT NULL,
    title            TEXT NOT NULL,
    business_area    TEXT NOT NULL,             -- 業務区分, one of data/knowledge/precedent_fields.yaml
    characteristics  TEXT[] NOT NULL,           -- 対象者の特性 (高齢, 障害 …) from the same file
    question         TEXT NOT NULL,             -- 相談・論点
    answer           TEXT NOT NULL,             -- 対応・結論
    legal_basis      TEXT NOT NULL DEFAULT '',  -- 根拠 as citations, e.g. 生活保護法第63条
    decided_on       DATE,
    recorded_by      TEXT NOT NULL,
    recorded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Passage embeddings keyed by the hash of the passage text and the model, so a
-- changed passage or model is embedded again and an unchanged one is not.
CREATE TABLE knowledge_vectors (
    text_hash        TEXT NOT NULL,
    model            TEXT NOT NULL,
    vector           FLOAT[] NOT NULL,
    PRIMARY KEY (text_hash, model)
);
