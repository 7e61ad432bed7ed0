"""seiho.synth: determinism, referential integrity, caseloads, identifiers and names."""

import csv
import datetime as dt
import math
import os
import re
import subprocess
import sys

import duckdb
import numpy as np
import pytest

from seiho.access import authenticate
from seiho.household import search_households
from seiho.parameters import parameter
from seiho.paths import data_dir
from seiho.store import Store
from seiho.synth.build import DEMO_PASSWORD, build_demo, history_start_for
from seiho.synth.identifiers import check_digit, check_digits, payer_number

AS_OF = dt.date(2026, 12, 1)
HISTORY_START = history_start_for(AS_OF, 5)
HOUSEHOLDS = 3000
SMALL = 300

# Tables the demo fills. audit_log, import_runs and import_quarantine stay
# empty. schema_version records when the migration ran, so it differs.
FILLED_TABLES = (
    "offices", "caseworkers", "users", "settings", "households", "members", "support_plans", "incomes",
    "other_programs", "medical_aid", "care_aid", "visits", "case_records", "receivables", "vouchers",
    "recording_consents",
)
EMPTY_TABLES = ("audit_log", "import_runs", "import_quarantine")

# create_demo_users draws a new salt per build, so these columns differ by design.
RANDOM_COLUMNS = {"users": ("password_salt", "password_hash")}

# Tables whose case_number must name a household.
CHILD_TABLES = (
    "members", "support_plans", "incomes", "other_programs", "medical_aid", "care_aid", "visits",
    "case_records", "receivables", "vouchers", "recording_consents",
)
# Tables whose (case_number, member_no) must name a member.
MEMBER_TABLES = ("incomes", "other_programs", "medical_aid", "care_aid", "vouchers")


def reference_check_digit(body: str) -> str:
    """Modulus 10, weights 2-1 from the right, written out independently of seiho.synth."""
    weights = [2 if i % 2 == 0 else 1 for i in range(len(body))]
    total = 0
    for digit, weight in zip(reversed(body), weights):
        product = int(digit) * weight
        total += sum(int(d) for d in str(product))
    return str((10 - total % 10) % 10)


def table_hashes(path) -> dict[str, str]:
    """Return an md5 of each filled table's rows, sorted, as text."""
    hashes = {}
    with duckdb.connect(str(path), read_only=True) as connection:
        for table in FILLED_TABLES:
            excluded = RANDOM_COLUMNS.get(table)
            columns = f"* EXCLUDE ({', '.join(excluded)})" if excluded else "*"
            hashes[table] = connection.execute(
                f"SELECT md5(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR)))"
                f" FROM (SELECT {columns} FROM {table}) t"
            ).fetchone()[0]
    return hashes


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo database of 3000 households as of 2026-12-01, opened read-only."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path, HOUSEHOLDS, seed=7, as_of=AS_OF, progress=False)
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo_store") / "demo.duckdb"
    build_demo(path, SMALL, seed=3, as_of=AS_OF, progress=False)
    return path


def scalar(connection, sql: str, parameters=None):
    return connection.execute(sql, parameters or []).fetchone()[0]


# --- determinism -------------------------------------------------------------

def test_same_seed_builds_identical_tables(tmp_path):
    build_demo(tmp_path / "a.duckdb", SMALL, seed=11, as_of=AS_OF, progress=False)
    build_demo(tmp_path / "b.duckdb", SMALL, seed=11, as_of=AS_OF, progress=False)
    assert table_hashes(tmp_path / "a.duckdb") == table_hashes(tmp_path / "b.duckdb")


def test_build_independent_of_hash_seed(tmp_path):
    # Iterating a set or dict of strings could depend on PYTHONHASHSEED;
    # a build in another process with another hash seed must match.
    build_demo(tmp_path / "a.duckdb", SMALL, seed=11, as_of=AS_OF, progress=False)
    script = (
        "import datetime, pathlib; from seiho.synth.build import build_demo; "
        f"build_demo(pathlib.Path({str(tmp_path / 'b.duckdb')!r}), {SMALL}, seed=11, as_of=datetime.date(2026, 12, 1), progress=False)"
    )
    subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert table_hashes(tmp_path / "a.duckdb") == table_hashes(tmp_path / "b.duckdb")


def test_other_seed_builds_different_households(tmp_path):
    build_demo(tmp_path / "a.duckdb", SMALL, seed=11, as_of=AS_OF, progress=False)
    build_demo(tmp_path / "b.duckdb", SMALL, seed=12, as_of=AS_OF, progress=False)
    assert table_hashes(tmp_path / "a.duckdb")["households"] != table_hashes(tmp_path / "b.duckdb")["households"]


def test_build_rejects_existing_file(tmp_path):
    path = tmp_path / "demo.duckdb"
    path.write_bytes(b"")
    with pytest.raises(Exception) as raised:
        build_demo(path, SMALL, seed=1, as_of=AS_OF, progress=False)
    assert "既にあります" in str(raised.value)


# --- tables filled and left empty ---------------------------------------------

@pytest.mark.parametrize("table", FILLED_TABLES)
def test_demo_fills_table(demo, table):
    assert scalar(demo, f"SELECT count(*) FROM {table}") > 0


@pytest.mark.parametrize("table", EMPTY_TABLES)
def test_demo_leaves_table_empty(demo, table):
    assert scalar(demo, f"SELECT count(*) FROM {table}") == 0


def test_demo_household_count_as_requested(demo):
    assert scalar(demo, "SELECT count(*) FROM households") == HOUSEHOLDS


# --- referential integrity ----------------------------------------------------

@pytest.mark.parametrize("table", CHILD_TABLES)
def test_child_rows_name_existing_household(demo, table):
    orphans = scalar(demo, f"SELECT count(*) FROM {table} t ANTI JOIN households h USING (case_number)")
    assert orphans == 0


@pytest.mark.parametrize("table", MEMBER_TABLES)
def test_member_rows_name_existing_member(demo, table):
    orphans = scalar(demo, f"SELECT count(*) FROM {table} t ANTI JOIN members m USING (case_number, member_no)")
    assert orphans == 0


def test_household_caseworker_exists(demo):
    missing = scalar(demo, """
        SELECT count(*) FROM households h
        WHERE NOT EXISTS (SELECT 1 FROM caseworkers c WHERE c.caseworker_id = h.caseworker_id AND c.role = 'caseworker')
    """)
    assert missing == 0


def test_visit_caseworker_exists(demo):
    assert scalar(demo, "SELECT count(*) FROM visits v ANTI JOIN caseworkers c USING (caseworker_id)") == 0


def test_record_visit_exists(demo):
    assert scalar(demo, "SELECT count(*) FROM case_records r ANTI JOIN visits v USING (visit_id)") == 0


def test_record_approver_is_supervisor(demo):
    wrong = scalar(demo, """
        SELECT count(*) FROM case_records r
        WHERE r.approved_by IS NOT NULL
          AND r.approved_by NOT IN (SELECT caseworker_id FROM caseworkers WHERE role = 'supervisor')
    """)
    assert wrong == 0


def test_caseworker_supervisor_exists(demo):
    missing = scalar(demo, """
        SELECT count(*) FROM caseworkers c
        WHERE c.role = 'caseworker'
          AND c.supervisor_id NOT IN (SELECT caseworker_id FROM caseworkers WHERE role = 'supervisor')
    """)
    assert missing == 0


def test_staff_user_names_caseworker(demo):
    missing = scalar(demo, """
        SELECT count(*) FROM users u
        WHERE u.role IN ('caseworker', 'supervisor') AND u.caseworker_id NOT IN (SELECT caseworker_id FROM caseworkers)
    """)
    assert missing == 0


def test_consent_visit_exists(demo):
    assert scalar(demo, "SELECT count(*) FROM recording_consents c ANTI JOIN visits v USING (visit_id)") == 0


def test_consent_recorder_is_user(demo):
    assert scalar(demo, "SELECT count(*) FROM recording_consents c ANTI JOIN users u ON u.user_id = c.recorded_by") == 0


# --- caseload around the 標準数 ------------------------------------------------

def active_caseloads(demo) -> np.ndarray:
    rows = demo.execute("""
        SELECT count(h.case_number) FROM caseworkers c
        LEFT JOIN households h ON h.caseworker_id = c.caseworker_id AND h.status <> '廃止'
        WHERE c.role = 'caseworker' GROUP BY c.caseworker_id
    """).fetchall()
    return np.array([row[0] for row in rows])


def city_standard() -> dict:
    return parameter("standard_caseload").at(AS_OF)["city"]


def test_caseworker_count_meets_standard(demo):
    standard = city_standard()
    active = scalar(demo, "SELECT count(*) FROM households WHERE status <> '廃止'")
    expected = standard["base_workers"] + math.ceil((active - standard["base_households"]) / standard["households_per_worker"])
    assert len(active_caseloads(demo)) == expected


def test_caseload_mean_near_standard(demo):
    per_worker = city_standard()["households_per_worker"]
    assert 0.9 * per_worker <= active_caseloads(demo).mean() <= per_worker


def test_caseload_stays_within_fifteen_percent(demo):
    loads = active_caseloads(demo)
    assert np.all(np.abs(loads - loads.mean()) <= 0.15 * loads.mean() + 1)


def test_caseloads_spread(demo):
    assert active_caseloads(demo).std() >= 2.0


def test_supervisor_per_seven_caseworkers(demo):
    supervisors = scalar(demo, "SELECT count(*) FROM caseworkers WHERE role = 'supervisor'")
    assert supervisors == math.ceil(len(active_caseloads(demo)) / 7)


# --- identifiers ----------------------------------------------------------------

def test_check_digit_matches_luhn_example():
    # The well-known Luhn example 7992739871 has check digit 3.
    assert check_digit("7992739871") == "3"


def test_vectorised_check_digits_match_scalar():
    bodies = np.arange(0, 1_000_000, 7919)
    expected = [int(reference_check_digit(f"{body:06d}")) for body in bodies]
    assert check_digits(bodies, 6).tolist() == expected


def test_payer_number_format():
    number = payer_number("40", "999")
    assert number == "1240999" + reference_check_digit("1240999")


def test_case_numbers_have_eight_digits(demo):
    numbers = [row[0] for row in demo.execute("SELECT case_number FROM households").fetchall()]
    assert all(re.fullmatch(r"\d{8}", number) for number in numbers)


def test_case_numbers_keep_leading_zeros(demo):
    assert scalar(demo, "SELECT count(*) FROM households WHERE case_number LIKE '0%'") == HOUSEHOLDS


def test_recipient_numbers_have_seven_digits(demo):
    numbers = [row[0] for row in demo.execute("SELECT recipient_number FROM members WHERE recipient_number IS NOT NULL").fetchall()]
    assert all(re.fullmatch(r"\d{7}", number) for number in numbers)


def test_recipient_number_check_digits_valid(demo):
    numbers = [row[0] for row in demo.execute("SELECT recipient_number FROM members WHERE recipient_number IS NOT NULL").fetchall()]
    wrong = [number for number in numbers if reference_check_digit(number[:6]) != number[6]]
    assert wrong == []


def test_recipient_numbers_unique(demo):
    assert scalar(demo, "SELECT count(*) - count(DISTINCT recipient_number) FROM members WHERE recipient_number IS NOT NULL") == 0


def test_recipient_numbers_keep_leading_zeros(demo):
    assert scalar(demo, "SELECT count(*) FROM members WHERE recipient_number LIKE '0%'") > 0


def test_separated_members_lack_recipient_number(demo):
    assert scalar(demo, "SELECT count(*) FROM members WHERE NOT in_household AND recipient_number IS NOT NULL") == 0


def test_voucher_payer_number_check_digit(demo):
    numbers = {row[0] for row in demo.execute("SELECT DISTINCT payer_number FROM vouchers").fetchall()}
    assert numbers == {"1240999" + reference_check_digit("1240999")}


def test_voucher_recipient_matches_member(demo):
    mismatched = scalar(demo, """
        SELECT count(*) FROM vouchers v JOIN members m USING (case_number, member_no)
        WHERE v.recipient_number IS DISTINCT FROM m.recipient_number
    """)
    assert mismatched == 0


def test_voucher_issue_numbers_unique(demo):
    assert scalar(demo, "SELECT count(*) - count(DISTINCT issue_number) FROM vouchers") == 0


def test_institution_codes_have_ten_digits(demo):
    codes = [row[0] for row in demo.execute(
        "SELECT institution_code FROM medical_aid UNION ALL SELECT institution_code FROM vouchers").fetchall()]
    assert all(re.fullmatch(r"\d{10}", code) for code in codes)


def test_hospital_codes_from_real_list(demo):
    with (data_dir() / "iryokikan" / "40_福岡県_医科保険医療機関_202508.csv").open(encoding="utf-8") as handle:
        real = {("401" + row["医療機関コード7桁"], row["医療機関名称"]) for row in csv.DictReader(handle)}
    used = set(demo.execute("SELECT DISTINCT institution_code, institution_name FROM medical_aid WHERE care_type IN ('入院', '入院外')").fetchall())
    assert used <= real


# --- names and hard characters --------------------------------------------------

@pytest.mark.parametrize("fragment", ["髙橋", "山﨑", "𠮷田", "々"])
def test_hard_characters_stored_in_names(demo, fragment):
    assert scalar(demo, "SELECT count(*) FROM members WHERE contains(name, ?)", [fragment]) > 0


def test_non_bmp_character_survives_round_trip(demo):
    names = [row[0] for row in demo.execute("SELECT name FROM members WHERE name LIKE '𠮷田%'").fetchall()]
    assert names
    assert all(name.startswith("\U00020BB7\u7530") for name in names)


def test_non_bmp_name_key_uses_common_kanji(demo):
    keys = [row[0] for row in demo.execute("SELECT name_key FROM members WHERE name LIKE '𠮷田%'").fetchall()]
    assert all(key.startswith("吉田") for key in keys)


def test_name_key_has_no_full_width_space(demo):
    assert scalar(demo, "SELECT count(*) FROM members WHERE contains(name_key, '\u3000')") == 0


def test_kana_is_katakana(demo):
    kana = [row[0] for row in demo.execute("SELECT name_kana FROM members").fetchall()]
    assert all(re.fullmatch(r"[ァ-ヶー]+\u3000[ァ-ヶー]+", text) for text in kana)


def test_household_head_matches_member_one(demo):
    mismatched = scalar(demo, """
        SELECT count(*) FROM households h JOIN members m ON m.case_number = h.case_number AND m.member_no = 1
        WHERE h.head_name <> m.name OR h.head_name_kana <> m.name_kana
    """)
    assert mismatched == 0


def test_search_finds_variant_surname(demo_path):
    store = Store(demo_path)
    with duckdb.connect(str(demo_path), read_only=True) as connection:
        wanted = {row[0] for row in connection.execute("SELECT case_number FROM households WHERE head_name LIKE '𠮷田%'").fetchall()}
    user = authenticate(store, "sv01", DEMO_PASSWORD)
    found = set(search_households(store, user, "吉田", limit=1000)["ケース番号"])
    assert wanted
    assert wanted <= found


# --- household composition -------------------------------------------------------

def test_elderly_members_are_65_or_over(demo):
    young = scalar(demo, """
        SELECT count(*) FROM members m JOIN households h USING (case_number)
        WHERE h.household_type = '高齢者世帯' AND m.relationship <> '孫'
          AND date_diff('year', m.birth_date, DATE '2026-12-01') < 65
    """)
    assert young == 0


def test_single_person_elderly_share(demo):
    share = scalar(demo, """
        SELECT avg(CASE WHEN size = 1 THEN 1 ELSE 0 END) FROM households h
        JOIN (SELECT case_number, count(*) AS size FROM members GROUP BY 1) USING (case_number)
        WHERE h.household_type = '高齢者世帯'
    """)
    assert share > 0.85


def test_mother_heads_are_women(demo):
    assert scalar(demo, """
        SELECT count(*) FROM members m JOIN households h USING (case_number)
        WHERE h.household_type = '母子世帯' AND m.member_no = 1 AND m.sex <> '女'
    """) == 0


def test_mother_households_have_minor_children(demo):
    wrong = scalar(demo, """
        SELECT count(*) FROM members m JOIN households h USING (case_number)
        WHERE h.household_type = '母子世帯' AND m.member_no > 1
          AND (m.relationship <> '子' OR m.birth_date <= DATE '2026-12-01' - INTERVAL 18 YEAR)
    """)
    assert wrong == 0


def test_disabled_heads_hold_certificate(demo):
    assert scalar(demo, """
        SELECT count(*) FROM members m JOIN households h USING (case_number)
        WHERE h.household_type = '障害者世帯' AND m.member_no = 1 AND m.disability IS NULL
    """) == 0


def test_closed_households_have_reason(demo):
    assert scalar(demo, "SELECT count(*) FROM households WHERE status = '廃止' AND (closure_reason IS NULL OR closed_on IS NULL)") == 0


def test_open_households_lack_closure(demo):
    assert scalar(demo, "SELECT count(*) FROM households WHERE status <> '廃止' AND (closure_reason IS NOT NULL OR closed_on IS NOT NULL)") == 0


# --- history ----------------------------------------------------------------------

def test_visits_inside_history_window(demo):
    first, last = demo.execute("SELECT min(visited_on), max(visited_on) FROM visits").fetchone()
    assert first >= HISTORY_START
    assert last <= AS_OF


def test_visits_after_household_start(demo):
    assert scalar(demo, "SELECT count(*) FROM visits v JOIN households h USING (case_number) WHERE v.visited_on < h.started_on") == 0


def test_visits_before_household_closure(demo):
    assert scalar(demo, "SELECT count(*) FROM visits v JOIN households h USING (case_number) WHERE v.visited_on > h.closed_on") == 0


def test_inpatients_not_visited_at_home(demo):
    assert scalar(demo, """
        SELECT count(*) FROM visits v JOIN households h USING (case_number)
        WHERE h.housing = '入院' AND v.visit_kind NOT IN ('入院先訪問', '電話')
    """) == 0


def test_inpatient_contacts_mostly_hospital_visits(demo):
    share = scalar(demo, """
        SELECT avg(CASE WHEN v.visit_kind = '入院先訪問' THEN 1 ELSE 0 END)
        FROM visits v JOIN households h USING (case_number) WHERE h.housing = '入院'
    """)
    assert share > 0.6


@pytest.mark.parametrize("status", ["下書き", "承認待ち", "承認済み"])
def test_records_include_status(demo, status):
    assert scalar(demo, "SELECT count(*) FROM case_records WHERE status = ?", [status]) > 0


def test_approved_records_carry_approval(demo):
    assert scalar(demo, "SELECT count(*) FROM case_records WHERE status = '承認済み' AND (approved_by IS NULL OR approved_at IS NULL)") == 0


def test_unapproved_records_lack_approval(demo):
    assert scalar(demo, "SELECT count(*) FROM case_records WHERE status <> '承認済み' AND (approved_by IS NOT NULL OR approved_at IS NOT NULL)") == 0


def test_approval_follows_creation(demo):
    assert scalar(demo, "SELECT count(*) FROM case_records WHERE approved_at < created_at") == 0


def test_old_records_all_approved(demo):
    oldest_open = scalar(demo, "SELECT min(recorded_on) FROM case_records WHERE status <> '承認済み'")
    assert (AS_OF - oldest_open).days <= 14


def test_submitted_records_carry_submission_time(demo):
    assert scalar(demo, "SELECT count(*) FROM case_records WHERE status <> '下書き' AND submitted_at IS NULL") == 0


def test_drafts_lack_submission_time(demo):
    assert scalar(demo, "SELECT count(*) FROM case_records WHERE status = '下書き' AND submitted_at IS NOT NULL") == 0


def test_submission_between_creation_and_approval(demo):
    assert scalar(demo, "SELECT count(*) FROM case_records WHERE submitted_at < created_at OR submitted_at > approved_at") == 0


def test_record_kind_is_visit_kind(demo):
    assert scalar(demo, """
        SELECT count(*) FROM case_records r LEFT JOIN visits v USING (visit_id)
        WHERE r.kind IS NULL OR r.kind IS DISTINCT FROM v.visit_kind
    """) == 0


def test_drafts_are_recent(demo):
    oldest = scalar(demo, "SELECT min(recorded_on) FROM case_records WHERE status = '下書き'")
    assert (AS_OF - oldest).days <= 5


def test_record_timestamps_from_reference_date(demo):
    latest = scalar(demo, "SELECT max(greatest(created_at, coalesce(approved_at, created_at))) FROM case_records")
    assert latest < dt.datetime.combine(AS_OF + dt.timedelta(days=1), dt.time())


def test_record_body_has_headings(demo):
    bodies = [row[0] for row in demo.execute("SELECT body FROM case_records USING SAMPLE 200 ROWS").fetchall()]
    assert all(body.startswith("【") for body in bodies)


def test_record_body_fills_interval(demo):
    assert scalar(demo, "SELECT count(*) FROM case_records WHERE contains(body, '{interval}')") == 0


def test_every_household_has_support_plan(demo):
    assert scalar(demo, "SELECT count(*) FROM households h ANTI JOIN support_plans p USING (case_number)") == 0


# --- money and vouchers -------------------------------------------------------------

def test_art78_surcharge_at_most_forty_percent(demo):
    assert scalar(demo, "SELECT count(*) FROM receivables WHERE article = '78条' AND surcharge > 0.4 * amount") == 0


def test_art63_has_no_surcharge(demo):
    assert scalar(demo, "SELECT count(*) FROM receivables WHERE article = '63条' AND surcharge <> 0") == 0


def test_paid_amount_within_debt(demo):
    assert scalar(demo, "SELECT count(*) FROM receivables WHERE paid_amount > amount + surcharge OR paid_amount < 0") == 0


def test_fully_paid_receivables_paid_in_full(demo):
    assert scalar(demo, "SELECT count(*) FROM receivables WHERE status = '完納' AND paid_amount <> amount + surcharge") == 0


def test_vouchers_only_for_receiving_households(demo):
    assert scalar(demo, "SELECT count(*) FROM vouchers v JOIN households h USING (case_number) WHERE h.status <> '保護中'") == 0


def test_vouchers_for_reference_month(demo):
    assert {row[0] for row in demo.execute("SELECT DISTINCT month FROM vouchers").fetchall()} == {AS_OF.replace(day=1)}


def test_vouchers_issued_by_reference_date(demo):
    assert scalar(demo, "SELECT max(issued_on) FROM vouchers") <= AS_OF


@pytest.mark.parametrize("kind", ["医療券", "調剤券", "介護券"])
def test_vouchers_include_kind(demo, kind):
    assert scalar(demo, "SELECT count(*) FROM vouchers WHERE voucher_kind = ?", [kind]) > 0


def test_medical_aid_mixes_insurance(demo):
    assert {row[0] for row in demo.execute("SELECT DISTINCT insurance FROM medical_aid").fetchall()} == {"単独", "併用"}


def test_incomes_for_open_cases_have_due_date(demo):
    assert scalar(demo, """
        SELECT count(*) FROM incomes i JOIN households h USING (case_number)
        WHERE h.status <> '廃止' AND i.next_report_due IS NULL
    """) == 0


@pytest.mark.parametrize("status", ["受給中", "申請中", "調査中"])
def test_other_programs_include_status(demo, status):
    assert scalar(demo, "SELECT count(*) FROM other_programs WHERE status = ?", [status]) > 0
