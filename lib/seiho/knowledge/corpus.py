"""The searchable corpus: the laws in data/laws and the notices in data/knowledge/notices."""

import logging
from pathlib import Path

from seiho.errors import SeihoError
from seiho.knowledge.laws import parse_law
from seiho.knowledge.notices import load_notices
from seiho.knowledge.passages import Passage
from seiho.paths import data_dir

log = logging.getLogger(__name__)

# The laws of the corpus, in the order results list them when scores tie.
LAW_FILES = ("生活保護法.txt", "生活保護法施行令.txt", "生活保護法施行規則.txt", "社会福祉法.txt")


def load_corpus(laws_dir: Path | None = None, notices_dir: Path | None = None) -> list[Passage]:
    """Parse every law in LAW_FILES and every notice; raise SeihoError if a law file is missing."""
    laws_dir = laws_dir or data_dir() / "laws"
    passages: list[Passage] = []
    for name in LAW_FILES:
        path = laws_dir / name
        if not path.is_file():
            raise SeihoError(f"法令ファイル {path} がありません。data/laws にリポジトリの法令テキストを置いてください。", f"missing {path}")
        passages.extend(parse_law(path))

    passages.extend(load_notices(notices_dir))
    log.info("corpus: %d passages", len(passages))
    return passages
