-- Consented recordings (録音) and their transcript segments.
-- The audio itself lives in a folder outside git (see seiho.speech.settings);
-- a row keeps where it is, its hash and what decoding found. Withdrawal of
-- consent deletes both the audio and these rows; the audit log keeps the fact.
CREATE TABLE recordings (
    recording_id     TEXT PRIMARY KEY,
    consent_id       TEXT NOT NULL,             -- recording_consents.consent_id
    case_number      TEXT NOT NULL,
    audio_path       TEXT,                      -- NULL once the audio is deleted
    original_name    TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    duration_s       DOUBLE NOT NULL,           -- as the container declares it
    channels         INTEGER NOT NULL,
    sample_rate      INTEGER NOT NULL,
    codec            TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('保存済み', '文字起こし中', '文字起こし済み', '一部のみ', '失敗', '音声削除済み')),
    decoded_s        DOUBLE,                    -- seconds that decoded, after transcription
    warning          TEXT,                      -- Japanese warning from decoding or the guards
    model            TEXT,                      -- model folder name used
    stored_by        TEXT NOT NULL,
    stored_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    transcribed_at   TIMESTAMP,
    approved_at      TIMESTAMP,                 -- the record drafted from it was approved
    delete_after     DATE,                      -- retention: audio kept until this date
    deleted_at       TIMESTAMP
);

CREATE TABLE transcript_segments (
    recording_id     TEXT NOT NULL,
    segment_id       INTEGER NOT NULL,          -- 0-based order in the transcript
    start_s          DOUBLE NOT NULL,
    end_s            DOUBLE NOT NULL,
    text             TEXT NOT NULL,             -- after the lexicon correction
    original_text    TEXT NOT NULL,             -- as Whisper heard it
    speaker          TEXT,
    flags            TEXT[] NOT NULL,           -- 無音中の定型句, 繰り返し, 言語違い, 要確認 …
    corrections      JSON,                      -- seiho.lexicon corrections applied
    avg_logprob      DOUBLE,
    no_speech_prob   DOUBLE,
    PRIMARY KEY (recording_id, segment_id)
);
