"""Check report parameters against the notebook's parameters cell.

Values arrive as text (``-p office_code=013101``). A parameter whose default
in the notebook is a string stays text exactly as typed, so identifiers keep
their leading zeros. Numbers and booleans are converted and checked.
"""

from pathlib import Path

import papermill

from seiho.errors import ParameterError

_TRUE = {"true", "1", "yes", "はい"}
_FALSE = {"false", "0", "no", "いいえ"}


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """Return the notebook's parameters: name -> {'type': 'str'|'int'|…, 'default': text}."""
    inspected = papermill.inspect_notebook(str(notebook))
    return {
        name: {"type": info["inferred_type_name"], "default": info["default"], "help": info.get("help", "")}
        for name, info in inspected.items()
    }


def coerce_parameters(notebook_name: str, declared: dict[str, dict], given: dict[str, str]) -> dict:
    """Convert text values to the types the notebook declares; raise on unknown names or bad values."""
    converted = {}
    for name, text in given.items():
        if name not in declared:
            known = "、".join(sorted(declared)) or "（なし）"
            raise ParameterError(
                f"帳票 {notebook_name} にパラメータ「{name}」はありません。使えるパラメータ: {known}",
                f"unknown parameter {name!r} for {notebook_name}",
            )
        converted[name] = _convert(notebook_name, name, declared[name]["type"], text)
    return converted


def _convert(notebook_name: str, name: str, type_name: str, text: str):
    if type_name == "int":
        try:
            return int(text)
        except ValueError:
            raise _bad_value(notebook_name, name, text, "整数") from None
    if type_name == "float":
        try:
            return float(text)
        except ValueError:
            raise _bad_value(notebook_name, name, text, "数値") from None
    if type_name == "bool":
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise _bad_value(notebook_name, name, text, "true か false")
    # str, None and anything papermill could not infer stay text as typed.
    return text


def _bad_value(notebook_name: str, name: str, text: str, expected: str) -> ParameterError:
    return ParameterError(
        f"帳票 {notebook_name} のパラメータ「{name}」の値「{text}」は{expected}ではありません。{expected}で指定してください。",
        f"parameter {name}={text!r} is not {expected}",
    )
