"""Turn one field's text into the text stored for it, or reject it with a reason.

A converter takes the raw field and returns a text the database casts to the
column's type (ISO dates, plain integers, ``true``/``false``), or None for an
empty field. Names and free text are stored exactly as given; kana, numbers,
codes and dates are normalised (全角 digits and spaces, 半角 kana).
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

import jaconv

from seiho.ingest.identifiers import CATEGORY_DECIMAL, CATEGORY_EXPONENT, CATEGORY_LEADING_ZERO, check_identifier
from seiho.ingest.layout import ColumnSpec, Layout
from seiho.ingest.problems import CATEGORY_DATE, CATEGORY_REQUIRED, FieldError
from seiho.ingest.wareki import DateError, parse_date, parse_year_month

Converter = Callable[[str], str | None]

CATEGORY_KANA = "カナ以外の文字"
CATEGORY_CODE = "識別子の誤り"
CATEGORY_NUMBER = "数値の誤り"
CATEGORY_RANGE = "範囲外の値"
CATEGORY_CHOICE = "選択肢にない値"
CATEGORY_POSTAL = "郵便番号の誤り"
CATEGORY_PHONE = "電話番号の誤り"
CATEGORY_FUTURE = "未来の日付"

_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]{0,63}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_EXPONENT = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_POSTAL = re.compile(r"^(\d{3})-?(\d{4})$")
_PHONE = re.compile(r"^[0-9()\-]+$")
_KATAKANA_OR_SPACE = re.compile(r"^[\u30a0-\u30ff ]*$")


def build_converter(column: ColumnSpec, layout: Layout, today: dt.date, type_name: str | None = None) -> Converter:
    """Return the converter for ``column`` (or for ``type_name`` when a row overrides the type).

    Every converter treats an empty or blank field as missing: it returns the
    column's default (None unless the layout gives one), or raises
    ``FieldError`` when the column is required.
    """
    type_name = type_name or column.type
    convert_present = _present_value_converter(column, layout, today, type_name)
    default = None if column.default is None else _default_text(column.default)

    def convert(text: str) -> str | None:
        if not text or text.isspace():
            if column.required:
                raise FieldError(
                    CATEGORY_REQUIRED,
                    f"{column.name}は必須ですが空欄です。標準システムで{column.name}を入力してから出力し直してください。",
                )
            return default
        return convert_present(text)

    return convert


def _present_value_converter(column: ColumnSpec, layout: Layout, today: dt.date, type_name: str) -> Converter:
    if type_name in layout.identifiers:
        rule = layout.identifiers[type_name]
        prefectures = layout.prefecture_codes
        return lambda text: check_identifier(text, rule, prefectures)

    builders = {
        "text": lambda: _as_text,
        "multiline_text": lambda: _as_text,
        "name": lambda: _as_text,
        "kana": lambda: lambda text: _as_kana(text, column),
        "code": lambda: lambda text: _as_code(text, column),
        "integer": lambda: lambda text: _as_integer(text, column, yen=False),
        "yen": lambda: lambda text: _as_integer(text, column, yen=True),
        "decimal": lambda: lambda text: _as_decimal(text, column),
        "date": lambda: lambda text: _as_date(text, column, today),
        "year_month": lambda: lambda text: _as_year_month(text, column),
        "enum": lambda: _enum_converter(column),
        "boolean": lambda: _boolean_converter(column),
        "postal_code": lambda: lambda text: _as_postal_code(text, column),
        "phone": lambda: lambda text: _as_phone(text, column),
    }
    if type_name not in builders:
        raise ValueError(f"layout column {column.name} has unknown type {type_name}")
    return builders[type_name]()


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _as_text(text: str) -> str:
    # Stored as given; only line breaks are unified so CRLF and LF exports compare equal.
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _as_kana(text: str, column: ColumnSpec) -> str:
    # NFKC makes ｶﾀｶﾅ full-width and the ideographic space a plain one; then
    # hiragana become katakana and runs of spaces one space.
    kana = " ".join(jaconv.hira2kata(unicodedata.normalize("NFKC", text)).split())
    if not _KATAKANA_OR_SPACE.fullmatch(kana):
        raise FieldError(
            CATEGORY_KANA,
            f"{column.name}にカナ以外の文字があります（{kana}）。カタカナで出力してください。",
        )
    return kana


def _as_code(text: str, column: ColumnSpec) -> str:
    if _CODE.fullmatch(text):
        return text
    value = _normalised(text)
    if _EXPONENT.fullmatch(value):
        raise FieldError(
            CATEGORY_EXPONENT,
            f"{column.name}が指数表記（{value}）になっています。Excel で開いて保存すると長い数字がこの形に変わり、元には戻せません。"
            "標準システムから出力し直し、Excel で開かずに取り込んでください。",
        )
    if not _CODE.fullmatch(value):
        raise FieldError(
            CATEGORY_CODE,
            f"{column.name}「{value}」は使えない形です。半角英数字とハイフン・下線・ピリオドだけの64文字以内で出力してください。",
        )
    return value


def _as_integer(text: str, column: ColumnSpec, yen: bool) -> str:
    if text.isascii() and text.isdigit():
        number = int(text)
        _require_in_range(number, column)
        return str(number)

    value = _normalised(text).replace(",", "")
    if yen:
        value = value.removeprefix("¥").removesuffix("円").strip()

    if not _INTEGER.fullmatch(value):
        if _DECIMAL.fullmatch(value) or _EXPONENT.fullmatch(value):
            unit = "円単位の整数" if yen else "整数"
            raise FieldError(
                CATEGORY_NUMBER,
                f"{column.name}「{text.strip()}」は{unit}ではありません。{unit}で出力し直してください。",
            )
        raise FieldError(CATEGORY_NUMBER, f"{column.name}「{text.strip()}」は数値として読めません。半角数字で出力してください。")

    number = int(value)
    _require_in_range(number, column)
    return str(number)


def _as_decimal(text: str, column: ColumnSpec) -> str:
    value = _normalised(text)
    if not _DECIMAL.fullmatch(value):
        raise FieldError(CATEGORY_NUMBER, f"{column.name}「{text.strip()}」は数値として読めません。半角数字と小数点で出力してください。")
    number = float(value)
    _require_in_range(number, column)
    return repr(number)


def _require_in_range(number: float, column: ColumnSpec) -> None:
    if column.minimum is not None and number < column.minimum:
        raise FieldError(CATEGORY_RANGE, f"{column.name} {number} は {column.minimum} 以上でなければなりません。")
    if column.maximum is not None and number > column.maximum:
        raise FieldError(CATEGORY_RANGE, f"{column.name} {number} は {column.maximum} 以下でなければなりません。")


def _as_date(text: str, column: ColumnSpec, today: dt.date) -> str:
    try:
        day = parse_date(text)
    except DateError as error:
        raise FieldError(CATEGORY_DATE, f"{column.name}「{text.strip()}」: {error.reason}") from None
    if column.not_after_today and day > today:
        raise FieldError(
            CATEGORY_FUTURE,
            f"{column.name} {day.isoformat()} は取込日（{today.isoformat()}）より後です。元号や年を原本で確かめてください。",
        )
    return day.isoformat()


def _as_year_month(text: str, column: ColumnSpec) -> str:
    try:
        return parse_year_month(text).isoformat()
    except DateError as error:
        raise FieldError(CATEGORY_DATE, f"{column.name}「{text.strip()}」: {error.reason}") from None


def _enum_converter(column: ColumnSpec) -> Converter:
    # A value with a Japanese label is written by its label; the stored value is accepted too.
    lookup = {"".join(_normalised(value).split()): value for value in column.values}
    lookup.update({"".join(_normalised(label).split()): value for value, label in column.labels.items()})
    lookup.update({"".join(_normalised(code).split()): value for code, value in column.codes.items()})
    allowed = "、".join(column.labels.get(value, value) for value in column.values)
    codes = "、".join(f"{code}={column.labels.get(value, value)}" for code, value in column.codes.items())
    hint = f"（コード {codes} も使えます）" if codes else ""

    def convert(text: str) -> str:
        found = lookup.get(text)
        if found is not None:
            return found
        key = "".join(_normalised(text).split())
        if key in lookup:
            return lookup[key]
        raise FieldError(
            CATEGORY_CHOICE,
            f"{column.name}「{text.strip()}」は選べる値にありません。{allowed} のどれかで出力してください{hint}。",
        )

    return convert


def _boolean_converter(column: ColumnSpec) -> Converter:
    truth = {_normalised(value).lower(): "true" for value in column.true_values}
    truth.update({_normalised(value).lower(): "false" for value in column.false_values})
    allowed = "、".join((*column.true_values, *column.false_values))

    def convert(text: str) -> str:
        key = _normalised(text).lower()
        if key in truth:
            return truth[key]
        raise FieldError(CATEGORY_CHOICE, f"{column.name}「{text.strip()}」は選べる値にありません。{allowed} のどれかで出力してください。")

    return convert


def _as_postal_code(text: str, column: ColumnSpec) -> str:
    value = _normalised(text).removeprefix("〒").strip()
    match = _POSTAL.fullmatch(value)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    if value.isdigit() and len(value) < 7:
        raise FieldError(
            CATEGORY_LEADING_ZERO,
            f"{column.name}「{value}」は{len(value)}桁です（郵便番号は7桁）。Excel で開いて保存すると先頭の0が消えます。"
            "標準システムから文字列のまま出力し直してください。",
        )
    raise FieldError(CATEGORY_POSTAL, f"{column.name}「{value}」は郵便番号の形ではありません。123-4567 か 1234567 の形で出力してください。")


def _as_phone(text: str, column: ColumnSpec) -> str:
    value = "".join(_normalised(text).split())
    if not _PHONE.fullmatch(value):
        raise FieldError(CATEGORY_PHONE, f"{column.name}に数字・ハイフン・括弧以外の文字があります。半角数字とハイフンで出力してください。")
    digits = "".join(character for character in value if character.isdigit())
    if not digits.startswith("0"):
        raise FieldError(
            CATEGORY_LEADING_ZERO,
            f"{column.name}「{value}」が0で始まっていません。Excel で開いて保存すると先頭の0が消えます。標準システムから文字列のまま出力し直してください。",
        )
    if not 10 <= len(digits) <= 11:
        raise FieldError(CATEGORY_PHONE, f"{column.name}「{value}」の数字が{len(digits)}桁です（電話番号は10桁か11桁）。番号を確かめてください。")
    return value


def _default_text(default) -> str:
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)
