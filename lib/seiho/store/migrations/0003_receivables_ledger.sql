-- 0003: the receivables ledger beside the summary table `receivables`.
-- `receivables` keeps its columns (amount, surcharge, paid_amount, status),
-- because the demo generator and the monthly office summary read them; the
-- ledger functions keep paid_amount and status in step with the payments here.

-- Terms of one receivable that the summary table lacks.
CREATE TABLE receivable_terms (
    receivable_id    TEXT PRIMARY KEY REFERENCES receivables (receivable_id),
    due_on           DATE NOT NULL,             -- 納期限 of the decision notice
    debtor_name      TEXT,                      -- 債務者 (the head unless recorded otherwise)
    calculation      TEXT,                      -- JSON trace of the 63条 amount, when calculated here
    transferred_on   DATE,                      -- handed over to the receivables staff (債権管理担当)
    transferred_to   TEXT,
    recorded_by      TEXT NOT NULL,
    recorded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- 分納計画: one row per agreed installment.
CREATE TABLE receivable_installments (
    receivable_id    TEXT NOT NULL REFERENCES receivables (receivable_id),
    installment_no   INTEGER NOT NULL CHECK (installment_no >= 1),
    due_on           DATE NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount > 0),
    agreed_on        DATE NOT NULL,             -- date of the 分納誓約
    PRIMARY KEY (receivable_id, installment_no)
);

-- 納付 and 保護費からの徴収 (法78条の2), in yen.
CREATE TABLE receivable_payments (
    payment_id       TEXT PRIMARY KEY,
    receivable_id    TEXT NOT NULL REFERENCES receivables (receivable_id),
    paid_on          DATE NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount > 0),
    method           TEXT NOT NULL CHECK (method IN ('窓口納付', '口座振込', '保護費からの徴収')),
    recorded_by      TEXT NOT NULL,
    recorded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- 保護費からの徴収の申出 (法78条の2第1項, 施行規則第22条の4).
CREATE TABLE receivable_deduction_requests (
    request_id       TEXT PRIMARY KEY,
    receivable_id    TEXT NOT NULL REFERENCES receivables (receivable_id),
    requested_on     DATE NOT NULL,             -- 申出書の提出日
    approved_on      DATE,                      -- 生活の維持に支障がないと認めた日
    monthly_amount   INTEGER NOT NULL CHECK (monthly_amount > 0),
    starts_on        DATE NOT NULL,
    ends_on          DATE,
    living_check     TEXT NOT NULL,             -- why the deduction leaves the minimum living standard intact
    recorded_by      TEXT NOT NULL
);

-- 納入通知, 督促, 催告, 債務承認, 差押え, 相続人調査, 居所調査 … with their date.
-- data/receivables/events.yaml gives each kind its effect on the limitation.
CREATE TABLE receivable_events (
    event_id         TEXT PRIMARY KEY,
    receivable_id    TEXT NOT NULL REFERENCES receivables (receivable_id),
    event_kind       TEXT NOT NULL,
    occurred_on      DATE NOT NULL,
    note             TEXT,
    recorded_by      TEXT NOT NULL,
    recorded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- 不納欠損: the amount removed from the books and why.
CREATE TABLE receivable_write_offs (
    receivable_id    TEXT PRIMARY KEY REFERENCES receivables (receivable_id),
    written_off_on   DATE NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount >= 0),
    reason           TEXT NOT NULL,
    approved_by      TEXT NOT NULL
);

-- 63条・78条の判断チェックリスト: the answers and the suggestion shown.
CREATE TABLE receivable_decision_checklists (
    checklist_id     TEXT PRIMARY KEY,
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    basis_category   TEXT NOT NULL,
    answers          TEXT NOT NULL,             -- JSON question key -> true/false/null
    suggestion       TEXT NOT NULL CHECK (suggestion IN ('63条', '78条', '判断保留')),
    reasons          TEXT NOT NULL,             -- JSON list of Japanese sentences
    recorded_by      TEXT NOT NULL,
    recorded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- 廃止ケース引継ぎ: one row per checklist item settled for a closed case.
CREATE TABLE receivable_handover_items (
    case_number      TEXT NOT NULL REFERENCES households (case_number),
    item_key         TEXT NOT NULL,
    checked_on       DATE NOT NULL,
    note             TEXT,
    checked_by       TEXT NOT NULL,
    PRIMARY KEY (case_number, item_key)
);

CREATE INDEX receivable_payments_receivable ON receivable_payments (receivable_id);
CREATE INDEX receivable_events_receivable ON receivable_events (receivable_id);
