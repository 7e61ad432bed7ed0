"""What one file's import did: counts, the quarantined problems and their grouping."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from seiho.ingest.problems import Issue

STATUS_IMPORTED = "imported"
STATUS_SKIPPED = "skipped"


@dataclass(frozen=True)
class ReasonCount:
    """One kind of problem in one column, how many rows had it, and the first lines."""

    column_name: str | None
    category: str
    count: int
    line_numbers: tuple[int, ...]
    example_reason: str


@dataclass(frozen=True)
class PreviousRun:
    """An earlier import of a file with the same SHA-256."""

    import_run_id: str
    file_name: str
    started_at: dt.datetime
    rows_imported: int
    rows_quarantined: int


@dataclass
class ImportResult:
    """The outcome of importing one file.

    ``rows_read`` counts the data rows (blank rows apart); each is either
    imported (inserted, updated or unchanged) or quarantined. ``issues`` has
    one entry per rejected field, so a row can have several.
    ``elapsed_seconds`` covers reading, decoding, converting and loading the file.
    """

    path: Path
    entity: str
    entity_label: str
    encoding: str
    encoding_label: str
    sha256: str
    status: str
    import_run_id: str | None = None
    rows_read: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_quarantined: int = 0
    blank_rows: int = 0
    absent_columns: tuple[str, ...] = ()
    issues: list[Issue] = field(default_factory=list)
    previous_run: PreviousRun | None = None
    elapsed_seconds: float = 0.0

    @property
    def file_name(self) -> str:
        """Return the file's name without its folder."""
        return self.path.name

    @property
    def rows_imported(self) -> int:
        """Return how many rows were accepted (inserted, updated or already equal)."""
        return self.rows_inserted + self.rows_updated + self.rows_unchanged

    @property
    def has_quarantine(self) -> bool:
        """Return whether rows of this file are in the quarantine, from this run or the earlier one it repeats."""
        if self.status == STATUS_SKIPPED and self.previous_run is not None:
            return self.previous_run.rows_quarantined > 0
        return self.rows_quarantined > 0

    def reason_counts(self, examples: int = 3) -> list[ReasonCount]:
        """Group the problems by column and kind, most frequent first, with the first ``examples`` lines."""
        rows_by_group: dict[tuple[str | None, str], list[int]] = defaultdict(list)
        reasons: dict[tuple[str | None, str], str] = {}
        for issue in self.issues:
            group = (issue.column_name, issue.category)
            rows_by_group[group].append(issue.line_number)
            reasons.setdefault(group, issue.reason)

        counts = [
            ReasonCount(
                column_name=column_name,
                category=category,
                count=len(lines),
                line_numbers=tuple(sorted(lines)[:examples]),
                example_reason=reasons[(column_name, category)],
            )
            for (column_name, category), lines in rows_by_group.items()
        ]
        return sorted(counts, key=lambda count: (-count.count, count.line_numbers))
