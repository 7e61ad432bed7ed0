"""The import layout: which entities exist, their columns, and how a file is recognised.

Everything comes from ``data/import_layout/layout.yaml``, so a column added by
the standard system is a change of data, not of code. ``Layout.detect``
recognises a file's entity by its header row, with the file name as the tie-breaker.
"""

import fnmatch
import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from seiho.errors import ImportFileError
from seiho.ingest.identifiers import IdentifierRule, rule_from_layout
from seiho.paths import data_dir


@dataclass(frozen=True)
class TypeWhen:
    """Use ``type`` instead of the column's own type when ``column`` equals ``equals``."""

    column: str
    equals: str
    type: str


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an entity's file: its Japanese header and where and how it is stored."""

    name: str
    target: str
    type: str
    required: bool
    aliases: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    codes: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # stored value -> the Japanese word staff write
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    true_values: tuple[str, ...] = ()
    false_values: tuple[str, ...] = ()
    not_after_today: bool = False
    type_when: TypeWhen | None = None

    def header_names(self) -> tuple[str, ...]:
        """Return the header and its aliases, normalised as headers are compared."""
        return tuple(normalise_header(name) for name in (self.name, *self.aliases))


@dataclass(frozen=True)
class Reference:
    """Rows that must already exist: ``columns`` of the file point at ``target_columns`` of ``table``."""

    columns: tuple[str, ...]
    table: str
    target_columns: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class DateOrderCheck:
    """The date in ``start`` must not be after the date in ``end`` when both are given."""

    start: str
    end: str


@dataclass(frozen=True)
class EntityLayout:
    """One kind of export file (世帯, 世帯員, …) and the table it fills."""

    name: str
    label: str
    table: str
    file_names: tuple[str, ...]
    key: tuple[str, ...]
    depends_on: tuple[str, ...]
    references: tuple[Reference, ...]
    columns: tuple[ColumnSpec, ...]
    derived: dict[str, dict]
    date_order_checks: tuple[DateOrderCheck, ...]

    def column(self, target: str) -> ColumnSpec:
        """Return the column stored in ``target``."""
        return next(column for column in self.columns if column.target == target)

    def matches_file_name(self, file_name: str) -> bool:
        """Return whether ``file_name`` fits one of this entity's file-name patterns."""
        return any(fnmatch.fnmatch(file_name, pattern) for pattern in self.file_names)


@dataclass(frozen=True)
class HeaderMatch:
    """A recognised header: the entity and, per target column, its position in the row."""

    entity: EntityLayout
    positions: dict[str, int]


@dataclass(frozen=True)
class Layout:
    """All entities, the number formats and the prefecture codes."""

    entities: dict[str, EntityLayout]
    identifiers: dict[str, IdentifierRule]
    prefecture_codes: frozenset[str]

    def detect(self, header: list[str], file_name: str) -> HeaderMatch:
        """Recognise the entity of a file from its header row.

        Raises ``ImportFileError`` naming the file and the columns that no
        entity defines, or the required columns that are missing.
        """
        normalised = [normalise_header(cell) for cell in header]
        _require_clean_header(normalised, header, file_name)

        fits = []
        for entity in self.entities.values():
            known = _known_headers(entity)
            missing = [column.name for column in entity.columns if column.required and not set(column.header_names()) & set(normalised)]
            unknown = [original for original, cell in zip(header, normalised) if cell not in known]
            fits.append((entity, missing, unknown))

        complete = [fit for fit in fits if not fit[1]]
        if complete:
            fewest_unknown = min(len(fit[2]) for fit in complete)
            best = [fit for fit in complete if len(fit[2]) == fewest_unknown]
            if len(best) > 1:
                by_name = [fit for fit in best if fit[0].matches_file_name(file_name)]
                best = by_name or best
            entity, _, unknown = best[0]
            if unknown:
                raise ImportFileError(
                    f"ファイル {file_name} は「{entity.label}」の形ですが、レイアウトにない列があります: {_quote(unknown)}。"
                    f"列名を data/import_layout/README.md の「{entity.label}」の表に合わせて出力し直してください。",
                    f"{file_name}: {len(unknown)} unknown columns for entity {entity.name}",
                )
            return HeaderMatch(entity=entity, positions=_positions(entity, normalised, header, file_name))

        # No entity has all its required columns: name the closest one to help the reader.
        entity, missing, unknown = max(fits, key=lambda fit: (len(header) - len(fit[2]), fit[0].matches_file_name(file_name)))
        unknown_text = f"認識できない列: {_quote(unknown)}。" if unknown else ""
        raise ImportFileError(
            f"ファイル {file_name} の見出し行がどのレイアウトにも合いません。{unknown_text}"
            f"最も近い「{entity.label}」に必要な列のうち、次の列がありません: {_quote(missing)}。"
            "1行目が見出し行になっているか、列名が data/import_layout/README.md と同じかを確かめてください。",
            f"{file_name}: header matches no entity ({len(unknown)} unknown columns; closest {entity.name} misses {len(missing)})",
        )

    def dependency_order(self) -> list[str]:
        """Return entity names so that each comes after the entities it depends on."""
        ordered: list[str] = []

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in ordered:
                return
            if name in path:
                raise ValueError(f"layout dependency cycle through {name}")
            for dependency in self.entities[name].depends_on:
                visit(dependency, path + (name,))
            ordered.append(name)

        for name in self.entities:
            visit(name, ())
        return ordered


def normalise_header(cell: str) -> str:
    """Return a header cell as compared: NFKC, without spaces and the BOM."""
    return "".join(unicodedata.normalize("NFKC", cell.replace("\ufeff", "")).split())


@functools.cache
def load_layout(path: Path | None = None) -> Layout:
    """Load the layout file (``data/import_layout/layout.yaml`` unless ``path`` is given)."""
    path = path or data_dir() / "import_layout" / "layout.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    identifiers = {name: rule_from_layout(name, entry) for name, entry in content["identifiers"].items()}
    entities = {name: _entity(name, entry) for name, entry in content["entities"].items()}
    return Layout(entities=entities, identifiers=identifiers, prefecture_codes=frozenset(content["prefecture_codes"]))


def _entity(name: str, entry: dict) -> EntityLayout:
    return EntityLayout(
        name=name,
        label=entry["label"],
        table=entry["table"],
        file_names=tuple(entry.get("file_names", ())),
        key=tuple(entry["key"]),
        depends_on=tuple(entry.get("depends_on", ())),
        references=tuple(
            Reference(
                columns=tuple(reference["columns"]),
                table=reference["table"],
                target_columns=tuple(reference["target_columns"]),
                label=reference["label"],
            )
            for reference in entry.get("references", ())
        ),
        columns=tuple(_column(column) for column in entry["columns"]),
        derived=dict(entry.get("derived") or {}),
        date_order_checks=tuple(
            DateOrderCheck(start=check["start"], end=check["end"])
            for check in entry.get("checks", ())
            if check["type"] == "date_order"
        ),
    )


def _column(entry: dict) -> ColumnSpec:
    type_when = entry.get("type_when")
    return ColumnSpec(
        name=entry["name"],
        target=entry["target"],
        type=entry["type"],
        required=bool(entry.get("required", False)),
        aliases=tuple(entry.get("aliases", ())),
        values=tuple(entry.get("values", ())),
        codes={str(code): value for code, value in (entry.get("codes") or {}).items()},
        labels={str(value): str(label) for value, label in (entry.get("labels") or {}).items()},
        minimum=entry.get("min"),
        maximum=entry.get("max"),
        default=entry.get("default"),
        true_values=tuple(str(value) for value in entry.get("true_values", ())),
        false_values=tuple(str(value) for value in entry.get("false_values", ())),
        not_after_today=bool(entry.get("not_after_today", False)),
        type_when=TypeWhen(**type_when) if type_when else None,
    )


def _known_headers(entity: EntityLayout) -> set[str]:
    return {name for column in entity.columns for name in column.header_names()}


def _positions(entity: EntityLayout, normalised: list[str], header: list[str], file_name: str) -> dict[str, int]:
    positions = {}
    for column in entity.columns:
        found = [index for index, cell in enumerate(normalised) if cell in column.header_names()]
        if len(found) > 1:
            names = "、".join(f"「{header[index]}」" for index in found)
            raise ImportFileError(
                f"ファイル {file_name} の {names} は、どれも「{column.name}」の列です。1つだけにして出力し直してください。",
                f"{file_name}: {len(found)} header cells name column {column.target}",
            )
        if found:
            positions[column.target] = found[0]
    return positions


def _require_clean_header(normalised: list[str], header: list[str], file_name: str) -> None:
    empty = [str(index + 1) for index, cell in enumerate(normalised) if not cell]
    if empty:
        raise ImportFileError(
            f"ファイル {file_name} の見出し行に名前のない列があります（{', '.join(empty)}列目）。見出し行のすべての列に名前を付けて出力し直してください。",
            f"{file_name}: empty header cells at {empty}",
        )

    seen: dict[str, int] = {}
    for index, cell in enumerate(normalised):
        if cell in seen:
            raise ImportFileError(
                f"ファイル {file_name} の見出し「{header[index]}」が{seen[cell] + 1}列目と{index + 1}列目の2か所にあります。同じ列は1つにして出力し直してください。",
                f"{file_name}: duplicate header at columns {seen[cell] + 1} and {index + 1}",
            )
        seen[cell] = index


def _quote(names: list[str]) -> str:
    return "、".join(f"「{name}」" for name in names) if names else "なし"
