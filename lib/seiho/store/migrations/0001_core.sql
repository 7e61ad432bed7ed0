-- 0001: the office, its staff and users, households and what the standard
-- system knows about them. Identifiers issued by other systems (ケース番号,
-- 受給者番号, 公費負担者番号, 医療機関コード) are TEXT so leading zeros survive.

CREATE TABLE offices (
    office_code      TEXT PRIMARY KEY,          -- 実施機関コード
    name             TEXT NOT NULL,             -- 福祉事務所名
    office_kind      TEXT NOT NULL CHECK (office_kind IN ('市', '郡部')),
    prefecture       TEXT NOT NULL,
    municipality     TEXT NOT NULL,
    grade_area       TEXT NOT NULL,             -- 級地, e.g. '1級地-1'
    latitude         DOUBLE,
    longitude        DOUBLE
);

CREATE TABLE caseworkers (
    caseworker_id    TEXT PRIMARY KEY,
    office_code      TEXT NOT NULL REFERENCES offices (office_code),
    name             TEXT NOT NULL,
    name_kana        TEXT,
    team             TEXT,                      -- 係・班
    supervisor_id    TEXT,                      -- 査察指導員 (a caseworker_id of role supervisor)
    role             TEXT NOT NULL CHECK (role IN ('caseworker', 'supervisor')),
    started_on       DATE
);

CREATE TABLE users (
    user_id          TEXT PRIMARY KEY,
    display_name     TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('caseworker', 'supervisor', 'medical_clerk', 'analyst', 'admin')),
    office_code      TEXT NOT NULL REFERENCES offices (office_code),
    caseworker_id    TEXT,                      -- set for caseworkers and supervisors
    password_salt    TEXT NOT NULL,
    password_hash    TEXT NOT NULL,             -- 'pbkdf2_sha256$<iterations>$<hex>'
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    created_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Office settings as key/value text: pseudonymisation key, audio retention, …
CREATE TABLE settings (
    key              TEXT PRIMARY KEY,
    value            TEXT NOT NULL
);

CREATE TABLE households (
    case_number      TEXT PRIMARY KEY,          -- ケース番号, kept as text
    office_code      TEXT NOT NULL REFERENCES offices (office_code),
    caseworker_id    TEXT REFERENCES caseworkers (caseworker_id),
    head_name        TEXT NOT NULL,             -- 世帯主氏名, exactly as given
    head_name_kana   TEXT,
    name_key         TEXT,                      -- normalised head name and kana, for matching only
    household_type   TEXT NOT NULL CHECK (household_type IN ('高齢者世帯', '母子世帯', '障害者世帯', '傷病者世帯', 'その他の世帯')),
    postal_code      TEXT,
    address          TEXT,
    latitude         DOUBLE,
    longitude        DOUBLE,
    phone            TEXT,
    status           TEXT NOT NULL CHECK (status IN ('保護中', '停止中', '廃止')),
    started_on       DATE NOT NULL,             -- 保護開始日
    start_reason     TEXT,
    closed_on        DATE,                      -- 保護廃止日
    closure_reason   TEXT,
    housing          TEXT,                      -- 居宅 / 入院 / 施設
    updated_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE members (
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    member_no        INTEGER NOT NULL,          -- 世帯員番号, 1 is the head
    name             TEXT NOT NULL,
    name_kana        TEXT,
    name_key         TEXT,
    sex              TEXT CHECK (sex IN ('男', '女', 'その他')),
    birth_date       DATE NOT NULL,
    relationship     TEXT NOT NULL,             -- 続柄
    recipient_number TEXT,                      -- 受給者番号 (7 digits with check digit)
    disability       TEXT,                      -- 障害者手帳等の区分
    in_household     BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (case_number, member_no)
);

CREATE TABLE support_plans (                    -- 援助方針
    plan_id          TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    decided_on       DATE NOT NULL,
    plan_text        TEXT NOT NULL,
    next_review_on   DATE
);

CREATE TABLE incomes (                          -- 収入申告・収入認定
    income_id        TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    member_no        INTEGER NOT NULL,
    income_type      TEXT NOT NULL,             -- 就労収入, 年金, 手当, 仕送り, …
    monthly_amount   INTEGER NOT NULL,          -- yen
    since            DATE NOT NULL,
    until            DATE,
    next_report_due  DATE                       -- 次回収入申告期限
);

CREATE TABLE other_programs (                   -- 他法他施策
    program_id       TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    member_no        INTEGER NOT NULL,
    program          TEXT NOT NULL,             -- 老齢基礎年金, 児童扶養手当, 障害者手帳, 介護保険, …
    status           TEXT NOT NULL CHECK (status IN ('受給中', '申請中', '調査中', '該当なし')),
    detail           TEXT,
    since            DATE
);

CREATE TABLE medical_aid (                      -- 医療扶助
    aid_id           TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    member_no        INTEGER NOT NULL,
    care_type        TEXT NOT NULL CHECK (care_type IN ('入院', '入院外', '歯科', '調剤', '訪問看護')),
    institution_code TEXT NOT NULL,             -- 医療機関コード (10 digits incl. prefecture)
    institution_name TEXT,
    disease_name     TEXT,
    insurance        TEXT NOT NULL CHECK (insurance IN ('単独', '併用')),
    valid_from       DATE NOT NULL,
    valid_to         DATE,
    opinion_due_on   DATE                       -- 医療要否意見書の次回期限
);

CREATE TABLE care_aid (                         -- 介護扶助
    aid_id           TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    member_no        INTEGER NOT NULL,
    care_level       TEXT NOT NULL,             -- 要支援1 … 要介護5
    provider_code    TEXT,
    provider_name    TEXT,
    valid_from       DATE NOT NULL,
    valid_to         DATE
);

CREATE TABLE visits (                           -- 家庭訪問・面接
    visit_id         TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    caseworker_id    TEXT NOT NULL,
    visited_on       DATE NOT NULL,
    visit_kind       TEXT NOT NULL CHECK (visit_kind IN ('家庭訪問', '来所面接', '電話', '入院先訪問', '施設訪問')),
    result           TEXT NOT NULL DEFAULT '面会'  -- 面会 / 不在
);

CREATE TABLE case_records (                     -- ケース記録
    record_id        TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    visit_id         TEXT,
    caseworker_id    TEXT NOT NULL,
    recorded_on      DATE NOT NULL,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('下書き', '承認待ち', '承認済み')),
    approved_by      TEXT,
    approved_at      TIMESTAMP,
    created_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE receivables (                      -- 法63条返還金・法78条徴収金
    receivable_id    TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    article          TEXT NOT NULL CHECK (article IN ('63条', '78条')),
    decided_on       DATE NOT NULL,
    basis_category   TEXT NOT NULL,             -- 就労収入未申告, 年金遡及受給, …
    amount           INTEGER NOT NULL,          -- yen, the decided amount
    surcharge        INTEGER NOT NULL DEFAULT 0,-- 78条 加算金, yen
    paid_amount      INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL CHECK (status IN ('納付中', '完納', '滞納', '不納欠損'))
);

CREATE TABLE vouchers (                         -- 医療券・調剤券・介護券
    voucher_id       TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    member_no        INTEGER NOT NULL,
    voucher_kind     TEXT NOT NULL CHECK (voucher_kind IN ('医療券', '調剤券', '介護券')),
    month            DATE NOT NULL,             -- first day of the month it is valid for
    institution_code TEXT NOT NULL,
    issue_number     TEXT NOT NULL,             -- 交付番号
    payer_number     TEXT NOT NULL,             -- 公費負担者番号 (8 digits)
    recipient_number TEXT NOT NULL,             -- 受給者番号 (7 digits)
    issued_on        DATE NOT NULL
);

CREATE TABLE recording_consents (               -- 録音同意
    consent_id       TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    member_no        INTEGER,
    visit_id         TEXT,
    consented_at     TIMESTAMP NOT NULL,
    method           TEXT NOT NULL,             -- 口頭 / 書面
    present          TEXT,                      -- 同席者
    recorded_by      TEXT NOT NULL,
    withdrawn_at     TIMESTAMP
);

-- Every view of a household and every change is written here.
CREATE TABLE audit_log (
    event_id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    occurred_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    user_id          TEXT NOT NULL,
    action           TEXT NOT NULL,             -- view_household, search_households, import, …
    case_number      TEXT,
    detail           TEXT
);

CREATE TABLE import_runs (
    import_run_id    TEXT PRIMARY KEY,
    file_name        TEXT NOT NULL,
    file_sha256      TEXT NOT NULL,
    entity           TEXT NOT NULL,
    encoding         TEXT NOT NULL,
    rows_total       INTEGER NOT NULL,
    rows_imported    INTEGER NOT NULL,
    rows_quarantined INTEGER NOT NULL,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP NOT NULL,
    imported_by      TEXT
);

-- Rejected import rows, kept whole with the reason, never dropped.
CREATE TABLE import_quarantine (
    quarantine_id    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    import_run_id    TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    line_number      INTEGER NOT NULL,          -- physical line in the file where the row starts
    column_name      TEXT,
    value            TEXT,
    reason           TEXT NOT NULL,             -- Japanese, for staff
    raw_row          TEXT NOT NULL,             -- the row as JSON of column -> text
    quarantined_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE INDEX households_caseworker ON households (caseworker_id);
CREATE INDEX visits_case ON visits (case_number);
CREATE INDEX records_case ON case_records (case_number);
