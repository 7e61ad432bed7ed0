"""Identifiers with the formats and check digits of the real systems.

Case numbers, 受給者番号 and 公費負担者番号 are text so leading zeros survive.
The check digit of a 受給者番号 and of a 公費負担者番号 follows the rule in
``seiho.check_digits``.
"""

import numpy as np

from seiho.check_digits import modulus10_weight21, modulus10_weight21_array
from seiho.errors import SeihoError

# 法別番号 of 生活保護法 at the start of every 公費負担者番号.
LAW_NUMBER_PUBLIC_ASSISTANCE = "12"

RECIPIENT_BODY_DIGITS = 6
CASE_NUMBER_DIGITS = 8


def check_digit(body: str) -> str:
    """Return the check digit of a string of digits, as text."""
    return str(modulus10_weight21(body))


def check_digits(bodies: np.ndarray, width: int) -> np.ndarray:
    """Return the check digit of each integer body in ``bodies``, read as ``width`` digits."""
    return modulus10_weight21_array(bodies, width)


def recipient_numbers(rng: np.random.Generator, count: int) -> np.ndarray:
    """Draw ``count`` distinct 受給者番号: six random digits and a check digit, as text."""
    capacity = 10**RECIPIENT_BODY_DIGITS
    if count > capacity:
        raise SeihoError(
            f"受給者番号（6桁）は {capacity:,} 人分までしか作れません。世帯数を減らしてください。",
            f"{count} recipient numbers requested, capacity {capacity}",
        )
    bodies = rng.choice(capacity, size=count, replace=False)
    numbers = bodies * 10 + check_digits(bodies, RECIPIENT_BODY_DIGITS)
    return np.char.zfill(numbers.astype(str), RECIPIENT_BODY_DIGITS + 1)


def payer_number(prefecture_code: str, office_number: str) -> str:
    """Return the 8-digit 公費負担者番号: 12, prefecture, office number and check digit."""
    body = LAW_NUMBER_PUBLIC_ASSISTANCE + prefecture_code + office_number
    if len(body) != 7 or not body.isdigit():
        raise SeihoError(
            f"公費負担者番号を作れません。都道府県番号（2桁）「{prefecture_code}」と実施機関番号（3桁）「{office_number}」を確認してください。",
            f"bad prefecture {prefecture_code!r} or office number {office_number!r}",
        )
    return body + check_digit(body)


def case_numbers(rng: np.random.Generator, started_on: np.ndarray, first: int = 1000) -> np.ndarray:
    """Return 8-digit ケース番号 that rise with the start date, with small random gaps.

    Numbers are issued in the order households started, as a standard system
    does, and the gaps stand for cases that moved away or were never opened.
    """
    order = np.lexsort((rng.random(len(started_on)), started_on))
    gaps = rng.integers(1, 5, size=len(started_on))
    numbers = np.empty(len(started_on), dtype=np.int64)
    numbers[order] = first + np.cumsum(gaps)
    if numbers.size and numbers.max() >= 10**CASE_NUMBER_DIGITS:
        raise SeihoError(
            "ケース番号が8桁に収まりません。世帯数を減らしてください。",
            f"case number {numbers.max()} exceeds {CASE_NUMBER_DIGITS} digits",
        )
    return np.char.zfill(numbers.astype(str), CASE_NUMBER_DIGITS)
