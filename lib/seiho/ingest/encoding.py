"""Read an export file's bytes and decode them as UTF-8 or CP932.

Standard systems write Shift_JIS in its Windows form (CP932), which includes the
NEC and IBM extension characters (髙, 﨑, ①, ㈱), and newer ones write UTF-8 with
or without a byte-order mark. UTF-8 is tried first and strictly: a CP932 file
of Japanese text is practically never valid UTF-8, while the reverse is common.
"""

import codecs
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from seiho.errors import ImportFileError

log = logging.getLogger(__name__)

# Labels for the summary; the keys are Python codec names, stored in import_runs.
ENCODING_LABELS = {
    "utf-8-sig": "UTF-8（BOM 付き）",
    "utf-8": "UTF-8",
    "cp932": "CP932（Shift_JIS）",
}

# A NUL byte does not occur in UTF-8 or CP932 text; the first block is enough to spot a binary.
_BINARY_PROBE_BYTES = 8192


@dataclass(frozen=True)
class DecodedFile:
    """A file's text, how it was decoded, and the SHA-256 of its bytes."""

    path: Path
    text: str
    encoding: str
    sha256: str

    @property
    def encoding_label(self) -> str:
        """Return the encoding as staff read it (CP932（Shift_JIS）)."""
        return ENCODING_LABELS.get(self.encoding, self.encoding)


def read_export_file(path: Path) -> DecodedFile:
    """Read and decode ``path``; raise ``ImportFileError`` naming the file if it cannot be used."""
    data = _read_bytes(path)
    text, encoding = decode_bytes(data, path.name)
    if not text.strip():
        raise ImportFileError(
            f"ファイル {path.name} には見出し行もデータもありません。標準システムから出力し直してください。",
            f"{path.name}: only whitespace after decoding",
        )
    log.info("read %s: %d bytes, encoding %s", path.name, len(data), encoding)
    return DecodedFile(path=path, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def decode_bytes(data: bytes, file_name: str) -> tuple[str, str]:
    """Decode ``data`` as UTF-8 (with or without BOM) or else CP932; return (text, codec name)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(
            f"ファイル {file_name} は UTF-16 で保存されています。UTF-8 か Shift_JIS（CP932）で出力し直してください。",
            f"{file_name}: UTF-16 byte-order mark",
        )
    if b"\x00" in data[:_BINARY_PROBE_BYTES]:
        raise ImportFileError(
            f"ファイル {file_name} は CSV ではありません（文字でないデータを含みます）。Excel ブック（.xlsx）などではなく、CSV 形式で出力したファイルを指定してください。",
            f"{file_name}: NUL byte in the first {_BINARY_PROBE_BYTES} bytes",
        )

    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise _undecodable(file_name, data, error, "UTF-8") from None

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as error:
        raise _undecodable(file_name, data, error, "UTF-8 としても CP932 としても") from None


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise ImportFileError(
            f"ファイル {path} が見つかりません。ファイル名と保存場所を確かめてください。",
            f"{path}: not found",
        )
    if path.is_dir():
        raise ImportFileError(
            f"{path} はフォルダです。取り込む CSV ファイルを1つずつ指定してください（例: {path}/*.csv）。",
            f"{path}: is a directory",
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(
            f"ファイル {path} を読めません（{error.strerror}）。ファイルの権限と、他のプログラムが開いていないかを確かめてください。",
            f"{path}: {error}",
        ) from error
    if not data:
        raise ImportFileError(
            f"ファイル {path.name} は空です（0バイト）。標準システムから出力し直してください。",
            f"{path.name}: empty file",
        )
    return data


def _undecodable(file_name: str, data: bytes, error: UnicodeDecodeError, tried: str) -> ImportFileError:
    line = data[: error.start].count(b"\n") + 1
    return ImportFileError(
        f"ファイル {file_name} の{line}行目付近に、{tried}読めない文字があります。"
        "文字コードを UTF-8 か Shift_JIS（CP932）にして出力し直してください。",
        f"{file_name}: undecodable byte at offset {error.start} (line {line})",
    )
