"""The layout file and how a file's entity is recognised from its header."""

import datetime as dt

import pytest

from seiho.errors import ImportFileError
from seiho.ingest.fields import build_converter
from seiho.ingest.layout import load_layout
from seiho.paths import data_dir
from seiho.store import Store

from test_ingest_fixtures import HOUSEHOLD_HEADER, MEMBER_HEADER

LAYOUT = load_layout()


@pytest.mark.parametrize("entity", sorted(LAYOUT.entities))
def test_detect_entity_from_full_header(entity):
    header = [column.name for column in LAYOUT.entities[entity].columns]
    assert LAYOUT.detect(header, "export.csv").entity.name == entity


@pytest.mark.parametrize("entity", sorted(LAYOUT.entities))
def test_detect_entity_from_required_columns(entity):
    header = [column.name for column in LAYOUT.entities[entity].columns if column.required]
    assert LAYOUT.detect(header, "export.csv").entity.name == entity


def test_detect_ignores_header_spacing():
    header = [f" {name}\u3000" for name in MEMBER_HEADER]
    assert LAYOUT.detect(header, "x.csv").entity.name == "members"


def test_detect_accepts_alias():
    header = [name if name != "氏名カナ" else "フリガナ" for name in MEMBER_HEADER]
    match = LAYOUT.detect(header, "x.csv")
    assert match.positions["name_kana"] == header.index("フリガナ")


def test_column_and_alias_together_rejected():
    with pytest.raises(ImportFileError) as raised:
        LAYOUT.detect(MEMBER_HEADER + ["フリガナ"], "x.csv")
    assert "「氏名カナ」" in raised.value.message_ja


def test_unknown_layout_names_file_and_columns():
    with pytest.raises(ImportFileError) as raised:
        LAYOUT.detect(["番号", "氏名", "金額"], "不明.csv")
    message = raised.value.message_ja
    assert "不明.csv" in message
    assert "「番号」" in message
    assert "「金額」" in message


def test_unknown_layout_names_missing_columns():
    with pytest.raises(ImportFileError) as raised:
        LAYOUT.detect(["ケース番号", "世帯員番号", "氏名"], "x.csv")
    assert "「生年月日」" in raised.value.message_ja


def test_extra_column_rejected_by_name():
    with pytest.raises(ImportFileError) as raised:
        LAYOUT.detect(HOUSEHOLD_HEADER + ["備考欄"], "世帯.csv")
    assert "「備考欄」" in raised.value.message_ja


def test_duplicate_header_rejected():
    with pytest.raises(ImportFileError) as raised:
        LAYOUT.detect(MEMBER_HEADER + ["氏名"], "x.csv")
    assert "2か所" in raised.value.message_ja


def test_empty_header_cell_rejected():
    with pytest.raises(ImportFileError) as raised:
        LAYOUT.detect(MEMBER_HEADER + [""], "x.csv")
    assert "11列目" in raised.value.message_ja


def test_dependency_order_starts_with_office_staff():
    order = LAYOUT.dependency_order()
    assert order[:4] == ["offices", "caseworkers", "households", "members"]


def test_dependency_order_respects_every_edge():
    order = LAYOUT.dependency_order()
    for name, entity in LAYOUT.entities.items():
        for dependency in entity.depends_on:
            assert order.index(dependency) < order.index(name), name


def test_every_column_type_has_converter():
    for entity in LAYOUT.entities.values():
        for column in entity.columns:
            assert build_converter(column, LAYOUT, today=dt.date(2026, 1, 1)) is not None


def test_every_target_exists_in_schema(tmp_path):
    store = Store(tmp_path / "schema.duckdb")
    with store.connect() as connection:
        rows = connection.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'").fetchall()
    schema = set(rows)
    for entity in LAYOUT.entities.values():
        for target in [column.target for column in entity.columns] + list(entity.derived):
            assert (entity.table, target) in schema, f"{entity.table}.{target}"


def test_every_key_is_a_target():
    for entity in LAYOUT.entities.values():
        targets = {column.target for column in entity.columns}
        assert set(entity.key) <= targets, entity.name


def test_every_identifier_type_has_rule():
    known_plain = {"text", "multiline_text", "name", "kana", "code", "integer", "yen", "decimal", "date", "year_month", "enum", "boolean", "postal_code", "phone"}
    for entity in LAYOUT.entities.values():
        for column in entity.columns:
            assert column.type in known_plain or column.type in LAYOUT.identifiers, f"{entity.name}.{column.target}"


def test_readme_documents_every_column():
    readme = (data_dir() / "import_layout" / "README.md").read_text(encoding="utf-8")
    for entity in LAYOUT.entities.values():
        section = readme.split(f"### {entity.label}（{entity.table}）")[1].split("### ")[0]
        for column in entity.columns:
            assert f"| {column.name} |" in section, f"{entity.label}: {column.name}"
