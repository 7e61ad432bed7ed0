-- 0004: what 医療券・調剤券・介護券 need beyond medical_aid and vouchers in 0001.
-- The extra fields live in tables of their own, keyed like the 0001 rows,
-- because the import and its CSV round trip write the 0001 tables column by
-- column. A voucher without a voucher_details row is one the standard system
-- issued; the roster fills its details from its medical_aid or care_aid
-- decision. No FOREIGN KEY is declared, because the import upserts the 0001
-- rows and DuckDB rejects updates of rows that a foreign key references.

-- Per voucher: 診療別, validity, 単独/併用 with the insurer, 本人支払額 and 傷病名,
-- the fields of the 医療券・調剤券情報 in the online eligibility record.
CREATE TABLE voucher_details (
    voucher_id       TEXT PRIMARY KEY,          -- vouchers.voucher_id
    care_type        TEXT CHECK (care_type IN ('入院', '入院外', '歯科', '調剤', '訪問看護', '介護')),  -- 診療別
    valid_from       DATE,                      -- 有効開始年月日
    valid_to         DATE,                      -- 有効終了年月日
    insurance        TEXT CHECK (insurance IN ('単独', '併用')),
    insurer_number   TEXT,                      -- 保険者番号 when 併用
    insurer_share_percent INTEGER,              -- 保険給付割合 (percent) when 併用
    copayment        INTEGER CHECK (copayment >= 0),  -- 本人支払額 in yen
    disease_names    TEXT,                      -- 傷病名1〜3, one per line
    prescriber_code  TEXT,                      -- 処方箋発行元医療機関コード (調剤券)
    aid_id           TEXT,                      -- the medical_aid or care_aid decision
    remarks          TEXT,                      -- 備考
    issued_by        TEXT                       -- user_id of the clerk
);

-- Per medical-aid decision: the insurer and the person's share.
CREATE TABLE medical_aid_terms (
    aid_id           TEXT PRIMARY KEY,          -- medical_aid.aid_id
    insurer_number   TEXT,
    insurer_share_percent INTEGER,
    copayment        INTEGER CHECK (copayment >= 0)
);

-- 保険医療機関 from the national list, with the 生活保護法 designation.
CREATE TABLE institutions (
    institution_code TEXT PRIMARY KEY,          -- 10 digits: prefecture 2, 点数表 1, list code 7
    prefecture_code  TEXT NOT NULL,
    score_table      TEXT NOT NULL,             -- 点数表番号: 1 医科, 3 歯科, 4 調剤, 6 訪問看護
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,             -- name folded by NFKC without spaces, for search
    postal_code      TEXT,
    address          TEXT,
    designated       BOOLEAN NOT NULL DEFAULT FALSE,  -- 生活保護法の指定医療機関
    designated_on    DATE,
    source_file      TEXT NOT NULL
);

-- 医療扶助の申請 waiting for a decision; decided one at a time or in a batch.
CREATE TABLE medical_aid_requests (
    request_id       TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    member_no        INTEGER NOT NULL,
    care_type        TEXT NOT NULL CHECK (care_type IN ('入院', '入院外', '歯科', '調剤', '訪問看護')),
    institution_code TEXT NOT NULL,
    disease_name     TEXT,
    insurance        TEXT NOT NULL CHECK (insurance IN ('単独', '併用')),
    insurer_number   TEXT,
    insurer_share_percent INTEGER,
    copayment        INTEGER NOT NULL DEFAULT 0 CHECK (copayment >= 0),
    requested_on     DATE NOT NULL,
    status           TEXT NOT NULL DEFAULT '申請中' CHECK (status IN ('申請中', '決定', '却下')),
    decided_on       DATE,
    decided_by       TEXT,
    aid_id           TEXT                       -- the medical_aid row a decision made
);

-- 医療要否意見書: sent to the institution, returned, checked by the 嘱託医.
CREATE TABLE medical_necessity_opinions (
    opinion_id       TEXT PRIMARY KEY,
    aid_id           TEXT NOT NULL,             -- medical_aid decision it belongs to
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    member_no        INTEGER NOT NULL,
    institution_code TEXT NOT NULL,
    sent_on          DATE NOT NULL,
    reply_due_on     DATE NOT NULL,             -- the date the office asked the reply by
    returned_on      DATE,
    valid_to         DATE,                      -- end of the period the opinion covers
    recorded_by      TEXT NOT NULL
);
