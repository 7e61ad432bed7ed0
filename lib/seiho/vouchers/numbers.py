"""Validate the numbers printed on a voucher: 公費負担者番号, 受給者番号, 医療機関コード.

The rules (length, 法別番号 12, prefecture, check digit) are the ones the
import applies, read from the ``identifiers`` section of
``data/import_layout/layout.yaml`` through ``seiho.ingest``; this module only
turns a rejected value into a ``ParameterError`` that names the voucher field.
"""

from seiho.errors import ParameterError
from seiho.ingest.identifiers import check_identifier
from seiho.ingest.layout import load_layout
from seiho.ingest.problems import FieldError


def _checked(kind: str, value: str, where: str) -> str:
    layout = load_layout()
    rule = layout.identifiers[kind]
    try:
        return check_identifier(str(value), rule, layout.prefecture_codes)
    except FieldError as error:
        raise ParameterError(f"{where}: {error}", f"invalid {kind} {value!r} at {where}: {error.category}") from error


def check_payer_number(value: str, where: str = "公費負担者番号") -> str:
    """Return the 8-digit 公費負担者番号 if it is valid; raise ``ParameterError`` naming ``where`` otherwise."""
    return _checked("payer_number", value, where)


def check_recipient_number(value: str, where: str = "受給者番号") -> str:
    """Return the 7-digit 受給者番号 if its check digit matches; raise ``ParameterError`` otherwise."""
    return _checked("recipient_number", value, where)


def check_institution_code(value: str, where: str = "医療機関コード") -> str:
    """Return the 10-digit 医療機関コード if it is valid; raise ``ParameterError`` otherwise."""
    return _checked("institution_code", value, where)
