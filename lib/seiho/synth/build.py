"""Build the demo database: draw every table of the fictional office and write it.

The same household count, seed and reference date give identical table
contents: every random draw comes from a numpy Generator seeded from the
seed, each step has its own stream, and every timestamp derives from the
reference date. Password salts are the exception, because
``seiho.access.create_demo_users`` draws a fresh salt on each build.
"""

import contextlib
import datetime as dt
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from seiho.access import User, create_demo_users
from seiho.access.pseudonym import PSEUDONYM_KEY_SETTING
from seiho.errors import SeihoError
from seiho.store import Store
from seiho.synth import records as record_text
from seiho.synth.addresses import draw_addresses
from seiho.synth.care import draw_care_aid
from seiho.synth.config import SynthConfig, load_config
from seiho.synth.dates import as_day, timestamps
from seiho.synth.history import draw_record_status, draw_recording_consents, draw_visits
from seiho.synth.households import draw_households
from seiho.synth.identifiers import case_numbers, payer_number
from seiho.synth.incomes import draw_incomes
from seiho.synth.medical import draw_medical_aid
from seiho.synth.members import draw_members
from seiho.synth.names import NameSampler
from seiho.synth.national import load_national_shares
from seiho.synth.office import assign_districts, demo_users, draw_staff, office_code, office_frame
from seiho.synth.plans import draw_support_plans
from seiho.synth.programs import draw_other_programs
from seiho.synth.receivables import draw_receivables
from seiho.synth.vouchers import draw_vouchers
from seiho.synth.writer import insert_frame, insert_with_sql

log = logging.getLogger(__name__)

# The password of every demo login, printed by `seiho demo`.
DEMO_PASSWORD = "demo"

# Visit and record ids are a letter and this many digits.
ID_DIGITS = 8

# One random stream per step, so a change in one step leaves the others' draws alone.
STREAMS = (
    "households", "addresses", "members", "staff", "users", "incomes", "care", "programs", "medical",
    "vouchers", "plans", "receivables", "visits", "records", "phrases", "consents", "settings",
)

# Steps shown on the progress bar, in the order they run.
PROGRESS_STEPS = (
    "世帯", "世帯員", "職員", "収入・他法", "医療・介護", "援助方針・債権", "訪問", "記録の状態", "記録の文面",
    "録音同意", "整形", "書き込み",
)

# Time of day of the reference date at which the export and the logins were made.
EXPORT_SECONDS = 7 * 3600
USERS_CREATED_SECONDS = 8 * 3600 + 30 * 60


@dataclass
class DemoSummary:
    """Result of a build: the office, the row count of each table and the demo logins."""

    path: Path
    office_name: str
    as_of: dt.date
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    users: list[User] = field(default_factory=list)


def history_start_for(as_of: dt.date, years: int) -> dt.date:
    """Return the same day ``years`` years before ``as_of`` (28 February for 29 February)."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28)


def build_demo(path: Path, households: int, seed: int, as_of: dt.date, progress: bool = True) -> DemoSummary:
    """Draw a fictional office with ``households`` households and write it to a new database at ``path``.

    Args:
        path: the database file to create; it must not exist yet.
        households: the number of households, closed ones included.
        seed: the seed of every random draw.
        as_of: the demo's "today"; the history covers the years before it.
        progress: show a progress bar on stderr.
    """
    if households < 1:
        raise SeihoError(f"世帯数は1以上を指定してください（指定値: {households}）。", f"households={households}")
    if Path(path).exists():
        raise SeihoError(f"{path} は既にあります。別のファイル名を指定してください。", f"{path} exists")

    config = load_config()
    history_start = history_start_for(as_of, config.assumptions["history_years"])
    streams = dict(zip(STREAMS, (np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(len(STREAMS)))))
    log.info("building demo office: %d households, seed %d, as of %s", households, seed, as_of)

    steps = _Progress(enabled=progress)
    # Log lines go through tqdm while the bar is shown, so they do not break it.
    redirect = logging_redirect_tqdm() if progress else contextlib.nullcontext()
    with redirect:
        try:
            frames = _draw_office(config, streams, households, as_of, history_start, steps)
            summary = DemoSummary(path=Path(path), office_name=config.office["office_name"], as_of=as_of, seed=seed)
            summary.users = frames.pop("users")
            with Store(path).connect() as connection:
                summary.counts = _write(connection, frames, summary.users, streams["settings"], households, seed, as_of)
            steps.advance()
        finally:
            steps.close()

    log.info("demo office written: %s", ", ".join(f"{table}={count}" for table, count in summary.counts.items()))
    return summary


class _Progress:
    """A progress bar on stderr over PROGRESS_STEPS that names the step in progress."""

    def __init__(self, enabled: bool):
        # disable=None turns the bar off when stderr is not a terminal.
        self.bar = tqdm(total=len(PROGRESS_STEPS), desc="デモデータ作成", unit="段階", disable=None if enabled else True)
        self.bar.set_postfix_str(PROGRESS_STEPS[0])

    def advance(self) -> None:
        """Mark the current step done and show the next one."""
        self.bar.update()
        if self.bar.n < len(PROGRESS_STEPS):
            self.bar.set_postfix_str(PROGRESS_STEPS[self.bar.n])

    def close(self) -> None:
        self.bar.close()


def _draw_office(config: SynthConfig, streams: dict[str, np.random.Generator], count: int, as_of: dt.date,
                 history_start: dt.date, steps: _Progress) -> dict:
    """Draw every table of the office as DataFrames, advancing the progress bar per step."""
    assumptions = config.assumptions
    office = config.office
    towns = [town["name"] for town in office["towns"]]
    names = NameSampler(config.surnames, config.given_names)
    national = load_national_shares(assumptions["statistics_year"])

    households = draw_households(streams["households"], count, national, assumptions, as_of, history_start)
    addresses = draw_addresses(streams["addresses"], count, office, assumptions["building_share"], assumptions["phone_share"])
    households = pd.concat([households, addresses], axis=1)
    households["case_number"] = case_numbers(streams["households"], households["started_on"].to_numpy(dtype="datetime64[D]"))
    steps.advance()

    members = draw_members(streams["members"], households, assumptions, names, as_of)
    heads = members[members["member_no"] == 1].set_index("household")
    households["head_name"] = heads["name"].reindex(households.index).to_numpy()
    households["head_name_kana"] = heads["name_kana"].reindex(households.index).to_numpy()
    households["name_key"] = heads["name_key"].reindex(households.index).to_numpy()
    steps.advance()

    active = households["status"].to_numpy() != "廃止"
    staff = draw_staff(streams["staff"], office, assumptions["caseload"], int(active.sum()), as_of, history_start, names)
    households["caseworker_id"] = assign_districts(staff, households["town_index"].to_numpy(), households["latitude"].to_numpy(), active)
    medical_clerks = max(1, math.ceil(int(active.sum()) / assumptions["caseload"]["households_per_medical_clerk"]))
    users = demo_users(staff, office, medical_clerks, names, streams["users"], as_of)
    steps.advance()

    incomes = draw_incomes(streams["incomes"], members, households, assumptions["incomes"], as_of)
    care_aid = draw_care_aid(streams["care"], members, households, assumptions["care"], towns, config.prefecture_code, as_of)
    programs = draw_other_programs(streams["programs"], members, households, assumptions["other_programs"], as_of)
    steps.advance()

    medical_aid = draw_medical_aid(streams["medical"], members, households, assumptions["medical"], config.institutions,
                                   towns, config.prefecture_code, as_of)
    vouchers = draw_vouchers(streams["vouchers"], medical_aid, care_aid, members, households,
                             payer_number(config.prefecture_code, str(office["office_number"])), assumptions["vouchers"], as_of)
    steps.advance()

    plans = draw_support_plans(streams["plans"], households, config.phrases["support_plans"], assumptions["support_plans"], as_of, history_start)
    receivables = draw_receivables(streams["receivables"], households, assumptions["receivables"], as_of, history_start)
    steps.advance()

    visits = draw_visits(streams["visits"], households, assumptions["visits"], as_of, history_start)
    if len(visits) >= 10**ID_DIGITS:
        raise SeihoError(
            f"訪問の件数が多すぎて訪問番号が{ID_DIGITS}桁に収まりません。世帯数を減らしてください。",
            f"{len(visits)} visits exceed {ID_DIGITS}-digit ids",
        )
    steps.advance()

    visit_household = visits["household"].to_numpy()
    caseworker_of_household = households["caseworker_id"].to_numpy()
    supervisor = np.array([staff.supervisor_of[worker] for worker in caseworker_of_household], dtype=object)[visit_household]
    record_status = draw_record_status(streams["records"], visits, supervisor, assumptions["records"], as_of)
    steps.advance()

    book = record_text.build_phrase_book(config.phrases)
    phrase_ids = record_text.choose_phrases(
        streams["phrases"],
        visits["visit_kind"].to_numpy(),
        visits["result"].to_numpy(),
        households["household_type"].to_numpy()[visit_household],
        households["housing"].to_numpy()[visit_household],
        book,
    )
    steps.advance()

    login_of_caseworker = {user.caseworker_id: user.user_id for user in users if user.caseworker_id}
    recorded_by = np.array([login_of_caseworker[worker] for worker in caseworker_of_household], dtype=object)[visit_household]
    consents = draw_recording_consents(streams["consents"], visits, households["case_number"].to_numpy()[visit_household],
                                       recorded_by, assumptions["recording_consents"], as_of)
    steps.advance()

    # Child tables get their case number. Visits and records use categoricals
    # because they are the largest tables.
    case_number = households["case_number"].to_numpy()
    for frame in (members, incomes, programs, care_aid, medical_aid, vouchers, plans, receivables):
        frame["case_number"] = case_number[frame["household"].to_numpy()]
    caseworker_ids = np.array(sorted(set(caseworker_of_household)), dtype=object)
    caseworker_codes = np.searchsorted(caseworker_ids, caseworker_of_household)
    visits["case_number"] = pd.Categorical.from_codes(visit_household, categories=case_number)
    visits["caseworker_id"] = pd.Categorical.from_codes(caseworker_codes[visit_household], categories=caseworker_ids)
    records = pd.concat([visits[["visit_no", "case_number", "caseworker_id", "interval_months", "visit_kind"]], record_status, phrase_ids], axis=1)
    households["updated_at"] = timestamps(np.array([as_day(as_of)]), [EXPORT_SECONDS])[0]
    households["office_code"] = office_code(office)
    steps.advance()

    return {
        "offices": office_frame(office),
        "caseworkers": staff.caseworkers,
        "users": users,
        "households": households,
        "members": members,
        "support_plans": plans,
        "incomes": incomes,
        "other_programs": programs,
        "care_aid": care_aid,
        "medical_aid": medical_aid,
        "receivables": receivables,
        "vouchers": vouchers,
        "visits": visits,
        "records": records,
        "phrases": book.table,
        "recording_consents": consents,
    }


def _write(connection, frames: dict, users: list[User], rng: np.random.Generator, households: int, seed: int,
           as_of: dt.date) -> dict[str, int]:
    """Write every table in one transaction, parents before children, and return the row counts."""
    counts = {}
    for table in ("offices", "caseworkers"):
        counts[table] = insert_frame(connection, table, frames[table])

    # TODO: create_demo_users draws a random salt, so password_salt and
    # password_hash differ between otherwise identical builds.
    create_demo_users(connection, users, DEMO_PASSWORD)
    created_at = timestamps(np.array([as_day(as_of)]), [USERS_CREATED_SECONDS])[0]
    connection.execute("UPDATE users SET created_at = ?", [pd.Timestamp(created_at).to_pydatetime()])
    counts["users"] = len(users)

    settings = pd.DataFrame({
        "key": [PSEUDONYM_KEY_SETTING, "demo_households", "demo_seed", "demo_as_of"],
        # The demo's pseudonym key derives from the seed so that builds compare
        # equal. It protects nothing, because every demo person is fictional.
        "value": [rng.bytes(32).hex(), str(households), str(seed), as_of.isoformat()],
    })
    counts["settings"] = insert_frame(connection, "settings", settings)

    for table in ("households", "members", "support_plans", "incomes", "other_programs", "care_aid", "medical_aid",
                  "receivables", "vouchers"):
        counts[table] = insert_frame(connection, table, frames[table])

    visits = frames["visits"]
    insert_with_sql(
        connection,
        f"INSERT INTO visits (visit_id, case_number, caseworker_id, visited_on, visit_kind, result)"
        f" SELECT 'V' || lpad(visit_no::VARCHAR, {ID_DIGITS}, '0'), case_number, caseworker_id, visited_on, visit_kind, result"
        f" FROM synth_visits",
        {"synth_visits": visits},
    )
    counts["visits"] = len(visits)
    insert_with_sql(
        connection,
        record_text.insert_records_sql("synth_records", "synth_phrases", ID_DIGITS),
        {"synth_records": frames["records"], "synth_phrases": frames["phrases"]},
    )
    counts["case_records"] = len(frames["records"])
    counts["recording_consents"] = insert_frame(connection, "recording_consents", frames["recording_consents"])
    return counts
