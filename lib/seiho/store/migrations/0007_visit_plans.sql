-- 0007: saved monthly visit plans (訪問計画). Saving a plan for a caseworker
-- and month deletes that caseworker's earlier plan for the month, so there is
-- at most one plan per caseworker and month.

CREATE TABLE visit_plans (
    plan_id          TEXT PRIMARY KEY,
    office_code      TEXT NOT NULL,             -- offices.office_code
    caseworker_id    TEXT NOT NULL,             -- caseworkers.caseworker_id
    month            DATE NOT NULL,             -- the first day of the planned month
    created_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by       TEXT NOT NULL,             -- user_id
    daily_capacity   INTEGER NOT NULL,
    status           TEXT NOT NULL,             -- 保存済み
    road_factor      DOUBLE                     -- great-circle distance × this factor estimates road distance
);

-- One row per household in a plan. visit_date NULL means 計画外 (carried over).
CREATE TABLE visit_plan_items (
    plan_id          TEXT NOT NULL,             -- visit_plans.plan_id
    visit_date       DATE,
    route_order      INTEGER,                   -- 1 = first stop after leaving the office
    case_number      TEXT NOT NULL,             -- households.case_number
    reason           TEXT NOT NULL,             -- why the visit is due, in Japanese
    due_date         DATE,
    overdue          BOOLEAN NOT NULL,          -- due before the month began
    leg_distance_m   DOUBLE,                    -- from the previous stop; NULL without coordinates
    breach           BOOLEAN NOT NULL DEFAULT FALSE,  -- a legal minimum is at stake
    grade            TEXT,                      -- 訪問格付け code in force for the month
    note             TEXT                       -- 計画外 or 要確認 explanation
);

CREATE INDEX visit_plans_caseworker_month ON visit_plans (caseworker_id, month);
CREATE INDEX visit_plan_items_plan ON visit_plan_items (plan_id);
