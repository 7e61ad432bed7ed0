"""Fixed-length numbers: check digits, leading zeros and what Excel does to them."""

import csv
import io
import zipfile

import pytest

from seiho.check_digits import modulus10_weight21
from seiho.ingest.identifiers import check_identifier
from seiho.ingest.layout import load_layout
from seiho.ingest.problems import FieldError
from seiho.paths import data_dir

from test_ingest_fixtures import INSTITUTION_CODE, OTHER_RECIPIENT_NUMBER, PAYER_NUMBER, RECIPIENT_NUMBER


def check(text: str, kind: str) -> str:
    layout = load_layout()
    return check_identifier(text, layout.identifiers[kind], layout.prefecture_codes)


def rejection(text: str, kind: str) -> FieldError:
    with pytest.raises(FieldError) as raised:
        check(text, kind)
    return raised.value


@pytest.mark.parametrize("number", ["88134457", "33120015"])
def test_check_digit_matches_published_example(number):
    # 88134457: 東京都's press release of 2024-10-03; 33120015: a 保険者番号 worked example.
    assert modulus10_weight21(number[:-1]) == int(number[-1])


def test_check_digit_rejects_published_wrong_number():
    # 88134458 is the wrong number named in the same press release.
    assert modulus10_weight21("8813445") != 8


def test_payer_number_accepted():
    assert check(PAYER_NUMBER, "payer_number") == PAYER_NUMBER


def test_payer_number_other_law_rejected():
    # 54 is 特定医療費 (指定難病); its check digit is valid, the law number is not 12.
    number = "5413999" + str(modulus10_weight21("5413999"))
    assert rejection(number, "payer_number").category == "法別番号の誤り"


def test_payer_number_bad_prefecture_rejected():
    number = "1248999" + str(modulus10_weight21("1248999"))
    assert rejection(number, "payer_number").category == "都道府県番号の誤り"


def test_payer_number_bad_check_digit_rejected():
    assert rejection("12139995", "payer_number").category == "検証番号の誤り"


@pytest.mark.parametrize("number", [RECIPIENT_NUMBER, OTHER_RECIPIENT_NUMBER])
def test_recipient_number_accepted(number):
    assert check(number, "recipient_number") == number


def test_recipient_number_bad_check_digit_rejected():
    assert rejection("1234567", "recipient_number").category == "検証番号の誤り"


def test_case_number_keeps_leading_zeros():
    assert check("00001234", "case_number") == "00001234"


def test_full_width_digits_normalised():
    assert check("００００１２３４", "case_number") == "00001234"


def test_excel_text_formula_unwrapped():
    assert check('="00001234"', "case_number") == "00001234"


def test_excel_lost_zeros_rejected_not_padded():
    error = rejection("1234", "case_number")
    assert error.category == "先頭の0の欠落（Excel）"
    assert "Excel で開いて保存すると先頭の0が消えます" in error.reason
    assert "出力し直してください" in error.reason


def test_recipient_short_value_rejected():
    # 0012344 as Excel saves it.
    assert rejection("12344", "recipient_number").category == "先頭の0の欠落（Excel）"


def test_excel_exponent_rejected():
    error = rejection("1.31E+06", "recipient_number")
    assert error.category == "指数表記（Excel）"
    assert "1.31E+06" in error.reason


def test_excel_decimal_rejected():
    error = rejection("1234.0", "case_number")
    assert error.category == "小数点付きの番号（Excel）"
    assert "1234.0" in error.reason


def test_too_long_number_rejected():
    assert rejection("000012345", "case_number").category == "桁数の誤り"


def test_letters_in_number_rejected():
    assert rejection("0000A234", "case_number").category == "数字以外の文字"


def test_institution_code_accepted():
    assert check(INSTITUTION_CODE, "institution_code") == INSTITUTION_CODE


def test_institution_code_unknown_score_table_rejected():
    # The same 7-digit code with 点数表番号 2, which no 医療機関 uses.
    assert rejection("1320110049", "institution_code").category == "点数表番号の誤り"


def test_institution_code_nine_digits_rejected():
    assert rejection("130110049", "institution_code").category == "先頭の0の欠落（Excel）"


def test_institution_codes_of_national_list_pass():
    # Every 医科 code in the national list, as 10 digits with 点数表番号 1,
    # except the few dental clinics listed among them (点数表番号 3).
    archive = zipfile.ZipFile(data_dir() / "iryokikan" / "202508_all_med_inst_cd.zip")
    text = archive.read("all_med_inst_cd.csv").decode("utf-8-sig")
    failures = []
    for row in csv.reader(io.StringIO(text)):
        nine = row[0]
        candidates = [nine[:2] + table + nine[2:] for table in ("1", "3")]
        if not any(_passes(code) for code in candidates):
            failures.append(nine)
    assert failures == []


def test_institution_check_digit_detects_typo():
    typo = INSTITUTION_CODE[:-1] + str((int(INSTITUTION_CODE[-1]) + 1) % 10)
    assert rejection(typo, "institution_code").category == "検証番号の誤り"


def _passes(code: str) -> bool:
    try:
        check(code, "institution_code")
    except FieldError:
        return False
    return True
