"""Read a household description (YAML or JSON with Japanese keys) into a ``Household``.

The format is documented for staff in README.ja.md (保護費計算) and an
example is in tests/data/benefit/.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from seiho.benefit.errors import HouseholdFileError
from seiho.benefit.household import INCOME_KINDS, SCHOOLS, Household, Income, Member

GRADE_AREAS = ("1級地-1", "1級地-2", "2級地-1", "2級地-2", "3級地-1", "3級地-2")


def read_household(path: str | Path) -> Household:
    """Read a ``.yaml``, ``.yml`` or ``.json`` household file."""
    path = Path(path)
    if not path.exists():
        raise HouseholdFileError(f"世帯の入力ファイル {path} が見つかりません。パスを確かめてください。", f"{path} not found")

    text = path.read_text(encoding="utf-8")
    try:
        content = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise HouseholdFileError(
            f"{path} を読めません（YAML または JSON の書式の誤り）: {error}。書式を確かめてください。", f"cannot parse {path}: {error}"
        ) from error
    return household_from_dict(content, source=str(path))


def household_from_dict(content: Any, source: str = "入力") -> Household:
    """Build a ``Household`` from the parsed description, checking every field."""
    if not isinstance(content, dict):
        raise HouseholdFileError(f"{source}: 世帯の入力は「級地」「都道府県」「世帯員」などの項目の集まりにしてください。", "top level is not a mapping")

    grade_area = _text(content, "級地", source, required=True)
    if grade_area not in GRADE_AREAS:
        raise HouseholdFileError(
            f"{source}: 級地「{grade_area}」は使えません。{'、'.join(GRADE_AREAS)} のいずれかを書いてください。", f"unknown grade area {grade_area!r}"
        )

    raw_members = content.get("世帯員")
    if not isinstance(raw_members, list) or not raw_members:
        raise HouseholdFileError(f"{source}: 「世帯員」に1人以上を並べてください。", "no members")
    members = tuple(_member(raw, f"{source} 世帯員{index}人目") for index, raw in enumerate(raw_members, start=1))

    return Household(
        grade_area=grade_area,
        prefecture=_text(content, "都道府県", source, required=True),
        members=members,
        housing_authority=_text(content, "実施機関", source),
        rent=_yen(content, "家賃", source),
        started_on=_date(content, "保護開始日", source),
        single_parent=_flag(content, "ひとり親世帯", source),
        case_number=_text(content, "ケース番号", source),
    )


def _member(raw: Any, where: str) -> Member:
    if not isinstance(raw, dict):
        raise HouseholdFileError(f"{where}: 世帯員は「氏名」「生年月日」などの項目の集まりにしてください。", f"{where} is not a mapping")

    birth_date = _date(raw, "生年月日", where)
    age = raw.get("年齢")
    if birth_date is None and age is None:
        raise HouseholdFileError(f"{where}: 「生年月日」（または「年齢」と「年齢基準日」）を書いてください。", f"{where} has no birth date or age")
    if age is not None and (not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 130):
        raise HouseholdFileError(f"{where}: 年齢「{age}」は 0〜130 の整数で書いてください。", f"{where} invalid age {age!r}")
    age_as_of = _date(raw, "年齢基準日", where)
    if age is not None and age_as_of is None:
        raise HouseholdFileError(f"{where}: 年齢を書くときは、その年齢がいつ現在か「年齢基準日」も書いてください。", f"{where} age without date")

    school = _text(raw, "学校", where)
    if school is not None and school not in SCHOOLS:
        raise HouseholdFileError(f"{where}: 学校「{school}」は {'・'.join(SCHOOLS)} のいずれかで書いてください（高校等は生業扶助で、この計算の外です）。", f"{where} school {school!r}")

    pregnancy = raw.get("妊娠月数")
    if pregnancy is not None and (not isinstance(pregnancy, int) or isinstance(pregnancy, bool) or not 1 <= pregnancy <= 10):
        raise HouseholdFileError(f"{where}: 妊娠月数「{pregnancy}」は 1〜10 の整数で書いてください。", f"{where} pregnancy {pregnancy!r}")

    return Member(
        name=_text(raw, "氏名", where, required=True),
        relationship=_text(raw, "続柄", where) or "",
        birth_date=birth_date,
        age=age,
        age_as_of=age_as_of,
        disability=_text(raw, "障害", where),
        pregnancy_months=pregnancy,
        childbirth_date=_date(raw, "出産日", where),
        formula_fed=_flag(raw, "人工栄養", where),
        school=school,
        care_insurance_premium=_yen(raw, "介護保険料", where),
        new_job_since=_date(raw, "新規就労開始日", where),
        minor_deduction=_flag(raw, "未成年者控除", where, default=True),
        incomes=tuple(_income(item, f"{where} 収入{number}件目") for number, item in enumerate(raw.get("収入") or [], start=1)),
    )


def _income(raw: Any, where: str) -> Income:
    if not isinstance(raw, dict):
        raise HouseholdFileError(f"{where}: 収入は「種類」「月額」の項目で書いてください。", f"{where} is not a mapping")
    kind = _text(raw, "種類", where, required=True)
    if kind not in INCOME_KINDS:
        raise HouseholdFileError(f"{where}: 収入の種類「{kind}」は使えません。{'・'.join(INCOME_KINDS)} のいずれかを書いてください。", f"{where} kind {kind!r}")
    return Income(kind=kind, amount=_yen(raw, "月額", where, required=True), expenses=_yen(raw, "必要経費", where))


def _text(raw: dict, key: str, where: str, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None or value == "":
        if required:
            raise HouseholdFileError(f"{where}: 「{key}」がありません。書き加えてください。", f"{where} missing {key}")
        return None
    return str(value).strip()


def _yen(raw: dict, key: str, where: str, required: bool = False) -> int:
    value = raw.get(key)
    if value is None:
        if required:
            raise HouseholdFileError(f"{where}: 「{key}」がありません。円単位の整数で書き加えてください。", f"{where} missing {key}")
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise HouseholdFileError(f"{where}: {key}「{value}」は 0 以上の整数（円、カンマなし）で書いてください。", f"{where} invalid {key} {value!r}")
    return value


def _date(raw: dict, key: str, where: str) -> dt.date | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise HouseholdFileError(f"{where}: {key}「{value}」は 2026-10-01 の形の日付で書いてください。", f"{where} invalid {key} {value!r}") from error


def _flag(raw: dict, key: str, where: str, default: bool = False) -> bool:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise HouseholdFileError(f"{where}: {key}「{value}」は true か false で書いてください。", f"{where} invalid {key} {value!r}")
    return value
