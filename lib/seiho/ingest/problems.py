"""What can be wrong with one imported row, as data the quarantine keeps."""

from dataclasses import dataclass


class FieldError(ValueError):
    """One field's value was rejected.

    Attributes:
        category: a short Japanese label that groups like problems in the summary
            (「先頭の0の欠落（Excel）」).
        reason: the full Japanese reason for staff: what is wrong and how to fix it.
    """

    def __init__(self, category: str, reason: str):
        super().__init__(reason)
        self.category = category
        self.reason = reason


@dataclass(frozen=True)
class Issue:
    """One rejected field (or a whole row when ``column_name`` is None) on one physical line."""

    row_index: int
    line_number: int
    column_name: str | None
    value: str | None
    category: str
    reason: str


# Categories shared by several modules, so the summary groups them together.
CATEGORY_REQUIRED = "必須項目の空欄"
CATEGORY_FIELD_COUNT = "列数の誤り"
CATEGORY_DUPLICATE_KEY = "同じキーの行の重複"
CATEGORY_REFERENCE = "参照先が見つからない"
CATEGORY_DATE = "日付の誤り"
CATEGORY_DATE_ORDER = "日付の前後の誤り"
