"""Import of the standard 生活保護 system's CSV exports.

``import_files`` reads CP932 or UTF-8 exports and recognises each file's
entity (世帯, 世帯員, 収入, …) from its header row. It converts 和暦 dates,
全角 digits and 半角 kana, checks numbers such as 受給者番号 by their check
digits, and upserts the rows by key. A rejected row goes to
``import_quarantine`` with a Japanese reason. ``write_layout_csvs`` writes a database back out in the same
layout. The layout itself is data: ``data/import_layout/layout.yaml``.
"""

from seiho.ingest.batch import import_files
from seiho.ingest.export import write_layout_csvs
from seiho.ingest.layout import load_layout
from seiho.ingest.problems import Issue
from seiho.ingest.quarantine import quarantined_rows
from seiho.ingest.results import ImportResult, ReasonCount

__all__ = ["import_files", "write_layout_csvs", "load_layout", "ImportResult", "ReasonCount", "Issue", "quarantined_rows"]
