"""Check fixed-length numbers: ケース番号, 受給者番号, 公費負担者番号, 医療機関コード.

Each number stays text with its leading zeros. A value that Excel has changed
(12344 for 0012344, 1.31E+06, 1234.0) is rejected with a reason that states
what happened and how to export it again. No zero is added and no digit is
guessed. The length, fixed prefix and check-digit span of each number come
from the ``identifiers`` section of ``data/import_layout/layout.yaml``.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from seiho.check_digits import modulus10_weight21
from seiho.ingest.problems import FieldError

CATEGORY_LEADING_ZERO = "先頭の0の欠落（Excel）"
CATEGORY_EXPONENT = "指数表記（Excel）"
CATEGORY_DECIMAL = "小数点付きの番号（Excel）"
CATEGORY_LENGTH = "桁数の誤り"
CATEGORY_NOT_DIGITS = "数字以外の文字"
CATEGORY_CHECK_DIGIT = "検証番号の誤り"
CATEGORY_PREFIX = "法別番号の誤り"
CATEGORY_PREFECTURE = "都道府県番号の誤り"
CATEGORY_SCORE_TABLE = "点数表番号の誤り"

_EXPONENT = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_DECIMAL = re.compile(r"^\d+\.\d+$")
# ="00001234" is a common way to make Excel keep leading zeros; the digits inside are the value.
_EXCEL_TEXT_FORMULA = re.compile(r'^="(.*)"$')


@dataclass(frozen=True)
class IdentifierRule:
    """The format of one kind of number, as read from the layout file."""

    name: str
    label: str
    digits: int
    check_digit: str | None = None
    check_span: tuple[int, int] | None = None
    fixed_prefix: str | None = None
    fixed_prefix_label: str | None = None
    prefecture_span: tuple[int, int] | None = None
    score_table_position: int | None = None
    score_table_codes: dict[str, str] = field(default_factory=dict)
    seven_digit_check_prefectures: frozenset[str] = frozenset()
    seven_digit_check_span: tuple[int, int] | None = None


def rule_from_layout(name: str, entry: dict) -> IdentifierRule:
    """Build an ``IdentifierRule`` from one entry of the layout's ``identifiers`` section."""
    return IdentifierRule(
        name=name,
        label=entry["label"],
        digits=int(entry["digits"]),
        check_digit=entry.get("check_digit"),
        check_span=_span(entry.get("check_span")),
        fixed_prefix=entry.get("fixed_prefix"),
        fixed_prefix_label=entry.get("fixed_prefix_label"),
        prefecture_span=_span(entry.get("prefecture_span")),
        score_table_position=entry.get("score_table_position"),
        score_table_codes={str(key): value for key, value in (entry.get("score_table_codes") or {}).items()},
        seven_digit_check_prefectures=frozenset(entry.get("seven_digit_check_prefectures") or ()),
        seven_digit_check_span=_span(entry.get("seven_digit_check_span")),
    )


def check_identifier(text: str, rule: IdentifierRule, prefecture_codes: frozenset[str]) -> str:
    """Return the number as text if it matches ``rule``; raise ``FieldError`` otherwise."""
    # Most values are already plain ASCII digits of the right length.
    if len(text) == rule.digits and text.isascii() and text.isdigit():
        value = text
    else:
        value = unicodedata.normalize("NFKC", text).strip()
        formula = _EXCEL_TEXT_FORMULA.fullmatch(value)
        if formula:
            value = formula.group(1).strip()
        _require_digits(value, rule)

    if rule.fixed_prefix and not value.startswith(rule.fixed_prefix):
        raise FieldError(
            CATEGORY_PREFIX,
            f"{rule.label}の先頭2桁は{rule.fixed_prefix_label or rule.fixed_prefix}ですが、この値は {value[:len(rule.fixed_prefix)]} で始まります。"
            "別の制度の番号が入っていないか確認してください。",
        )

    prefecture = None
    if rule.prefecture_span:
        start, end = rule.prefecture_span
        prefecture = value[start:end]
        if prefecture not in prefecture_codes:
            raise FieldError(
                CATEGORY_PREFECTURE,
                f"{rule.label}の都道府県番号 {prefecture}（{start + 1}〜{end}桁目）は 01〜47 のどれでもありません。番号を原本で確かめてください。",
            )

    if rule.score_table_position is not None:
        score_table = value[rule.score_table_position]
        if score_table not in rule.score_table_codes:
            known = "、".join(f"{code} {label}" for code, label in rule.score_table_codes.items())
            raise FieldError(
                CATEGORY_SCORE_TABLE,
                f"{rule.label}の{rule.score_table_position + 1}桁目（点数表番号）{score_table} は使われない番号です（{known}）。"
                "7桁の医療機関コードに都道府県番号と点数表番号を付けた10桁で出力してください。",
            )

    if rule.check_digit:
        _require_check_digit(value, rule, prefecture)
    return value


def _require_digits(value: str, rule: IdentifierRule) -> None:
    if _EXPONENT.fullmatch(value):
        raise FieldError(
            CATEGORY_EXPONENT,
            f"{rule.label}が指数表記（{value}）になっています。Excel で開いて保存すると長い数字がこの形に変わり、元の番号には戻せません。"
            "標準システムから出力し直し、Excel で開かずに取り込んでください。",
        )
    if _DECIMAL.fullmatch(value):
        raise FieldError(
            CATEGORY_DECIMAL,
            f"{rule.label}に小数点が付いています（{value}）。Excel などで数値として保存されたためです。"
            f"半角数字{rule.digits}桁の文字列として出力し直してください。",
        )
    if not value.isascii() or not value.isdigit():
        raise FieldError(
            CATEGORY_NOT_DIGITS,
            f"{rule.label}に数字以外の文字があります。半角数字{rule.digits}桁で出力してください。",
        )
    if len(value) < rule.digits:
        raise FieldError(
            CATEGORY_LEADING_ZERO,
            f"{rule.label}は{rule.digits}桁ですが、この値は{len(value)}桁です。Excel で開いて保存すると先頭の0が消えます。"
            "0を補わずに、標準システムから文字列のまま出力し直してください。",
        )
    if len(value) > rule.digits:
        raise FieldError(
            CATEGORY_LENGTH,
            f"{rule.label}は{rule.digits}桁ですが、この値は{len(value)}桁です。別の番号が入っていないか確認してください。",
        )


# TODO: confirm the 受給者番号 span (its first six digits) against the text
# of the setting notice. Only public claim software was seen to check it this way.
def _require_check_digit(value: str, rule: IdentifierRule, prefecture: str | None) -> None:
    span = rule.check_span or (0, rule.digits - 1)
    if prefecture in rule.seven_digit_check_prefectures and rule.seven_digit_check_span:
        span = rule.seven_digit_check_span

    start, end = span
    expected = modulus10_weight21(value[start:end])
    if int(value[-1]) != expected:
        raise FieldError(
            CATEGORY_CHECK_DIGIT,
            f"{rule.label}の検証番号（末尾の1桁）が番号の他の桁と合いません。写し間違いがないか原本で確かめてください。",
        )


def _span(pair) -> tuple[int, int] | None:
    return (int(pair[0]), int(pair[1])) if pair else None
