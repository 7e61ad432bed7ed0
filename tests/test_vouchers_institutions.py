"""Tests of the 保険医療機関 import, designation and search."""

import pytest

from seiho.access import authenticate
from seiho.errors import AccessDenied, ImportFileError, ParameterError
from seiho.paths import data_dir
from seiho.vouchers.institutions import (
    confusable_institutions, find_institution, import_institutions, search_institutions, set_designation,
)

from conftest import PASSWORD

HEADER = "医療機関コード9桁(都道府県2+7桁),医療機関コード7桁,医療機関名称,郵便番号,住所\n"
ROWS = [
    "130123455,0123455,架空中央クリニック,1000001,架空区本町１－１",
    "130123463,0123463,架空中央クリニツク,1000002,架空区新町２－２",
    "400123455,0123455,架空中央クリニック,8100001,福岡市架空区１－１",
    "130123455,0123455,架空中央クリニック,1000001,架空区本町１－１",
    "130123463,0123463,架空中央病院,1000003,架空区旧町３－３",
    "130123456,0123456,検証番号違い医院,1000004,架空区４－４",
]


@pytest.fixture
def clerk_and_store(small_office, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    clerk = authenticate(small_office, "med1", PASSWORD)
    result = import_institutions(small_office, clerk, path)
    return clerk, small_office, result


def test_import_counts_rows(clerk_and_store):
    _, _, result = clerk_and_store
    assert result.read == 6
    assert result.stored == 3
    assert result.repeated == 1


def test_import_rejects_bad_rows(clerk_and_store):
    _, _, result = clerk_and_store
    reasons = dict(result.rejected)
    assert "2 行目にもあり" in reasons[5]
    assert "検証番号" in reasons[6]


def test_find_exact_code_only(clerk_and_store):
    clerk, store, _ = clerk_and_store
    assert find_institution(store, clerk, "1310123455").name == "架空中央クリニック"
    assert find_institution(store, clerk, "1310123463").name == "架空中央クリニツク"


def test_find_unknown_code_rejected(clerk_and_store):
    clerk, store, _ = clerk_and_store
    with pytest.raises(ParameterError, match="一覧にありません"):
        find_institution(store, clerk, "1310000018")


def test_find_invalid_code_rejected(clerk_and_store):
    clerk, store, _ = clerk_and_store
    with pytest.raises(ParameterError, match="検証番号"):
        find_institution(store, clerk, "1310123454")


def test_search_across_prefectures(clerk_and_store):
    clerk, store, _ = clerk_and_store
    codes = [institution.institution_code for institution in search_institutions(store, clerk, "架空中央クリニック")]
    assert codes == ["1310123455", "4010123455"]


def test_search_small_kana_distinct(clerk_and_store):
    clerk, store, _ = clerk_and_store
    names = {institution.name for institution in search_institutions(store, clerk, "クリニツク")}
    assert names == {"架空中央クリニツク"}


def test_search_by_address(clerk_and_store):
    clerk, store, _ = clerk_and_store
    codes = [institution.institution_code for institution in search_institutions(store, clerk, "福岡市")]
    assert codes == ["4010123455"]


def test_confusable_names_listed(clerk_and_store):
    clerk, store, _ = clerk_and_store
    codes = [institution.institution_code for institution in confusable_institutions(store, clerk, "1310123455")]
    assert codes == ["1310123463", "4010123455"]


def test_designation_filters_search(clerk_and_store):
    clerk, store, _ = clerk_and_store
    set_designation(store, clerk, "1310123455", True)
    codes = [institution.institution_code for institution in search_institutions(store, clerk, "架空", designated_only=True)]
    assert codes == ["1310123455"]


def test_designation_caseworker_rejected(clerk_and_store):
    _, store, _ = clerk_and_store
    caseworker = authenticate(store, "cw1", PASSWORD)
    with pytest.raises(AccessDenied):
        set_designation(store, caseworker, "1310123455", True)


def test_import_missing_file_rejected(small_office, tmp_path):
    clerk = authenticate(small_office, "med1", PASSWORD)
    with pytest.raises(ImportFileError, match="見つかりません"):
        import_institutions(small_office, clerk, tmp_path / "none.csv")


def test_import_tokyo_list(small_office):
    clerk = authenticate(small_office, "med1", PASSWORD)
    path = next((data_dir() / "iryokikan").glob("13_*.csv"))
    result = import_institutions(small_office, clerk, path)
    assert result.rejected == ()
    assert find_institution(small_office, clerk, "1310110098").name == "社会福祉法人 三井記念病院"
