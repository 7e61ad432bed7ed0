"""Show a transcript as escaped HTML: times, speaker, flags, and each correction beside its original."""

import html
from typing import Iterable


def clock(seconds: float | None) -> str:
    """Return seconds as m:ss (or h:mm:ss from an hour on)."""
    if seconds is None:
        return "—"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def _part(correction, name: str):
    # A correction is a seiho.lexicon.Correction, or a plain dict where seiho.lexicon is not installed.
    if isinstance(correction, dict):
        return correction[name]
    return getattr(correction, name)


def corrected_text_html(segment) -> str:
    """Return the segment text with each lexicon correction marked and its original text beside it."""
    text = segment.text
    corrections = sorted(getattr(segment, "corrections", ()) or (), key=lambda correction: _part(correction, "start"))
    parts = []
    position = 0
    skipped = []
    for correction in corrections:
        start, end, original = _part(correction, "start"), _part(correction, "end"), _part(correction, "original")
        if start < position or end > len(text):
            # Overlapping or out-of-range positions cannot be marked in place; list them after the text.
            skipped.append(original)
            continue
        parts.append(html.escape(text[position:start]))
        parts.append(
            f'<mark class="seiho-corrected" title="元の認識: {html.escape(original)}">'
            f"{html.escape(text[start:end])}</mark>"
            f'<span class="seiho-original">（元: {html.escape(original)}）</span>'
        )
        position = end
    parts.append(html.escape(text[position:]))
    if skipped:
        parts.append(f'<span class="seiho-original">（ほかに修正した元の認識: {html.escape("、".join(skipped))}）</span>')
    return "".join(parts)


def place_label(start: float | None, end: float | None, from_notes: bool = False) -> str:
    """Return where a piece of evidence is: 2行目 for typed notes (whose segments hold the line number), else 0:02–0:05."""
    if from_notes:
        return f"{int(start)}行目" if start is not None else "—"
    return f"{clock(start)}–{clock(end)}"


def segment_html(segment, highlighted: bool = False, from_notes: bool = False) -> str:
    """Return one transcript line: time range (line number for notes), speaker, flags and the corrected text."""
    flags = "".join(f'<span class="seiho-flag">{html.escape(flag)}</span>' for flag in getattr(segment, "flags", ()) or ())
    speaker = f'<span class="seiho-speaker">{html.escape(segment.speaker)}</span>' if getattr(segment, "speaker", None) else ""
    css = "seiho-segment seiho-evidence" if highlighted else "seiho-segment"
    return (
        f'<div class="{css}"><span class="seiho-time">{place_label(segment.start, segment.end, from_notes)}</span>'
        f"{speaker}{flags} {corrected_text_html(segment)}</div>"
    )


def transcript_html(segments: Iterable, highlighted: Iterable[int] = ()) -> str:
    """Return the whole transcript, with the segments in ``highlighted`` (segment ids) marked as evidence."""
    marked = set(highlighted)
    lines = [segment_html(segment, segment.segment_id in marked) for segment in segments]
    if not lines:
        return '<p class="seiho-note">文字起こしの結果はまだありません。</p>'
    return "".join(lines)


TRANSCRIPT_CSS = """
<style>
  .seiho-segment { padding: 2px 4px; border-bottom: 1px solid #e3e7ed; }
  .seiho-evidence { background: #fff4c2; border-left: 4px solid #e0a800; }
  .seiho-time { color: #555; font-size: 0.85em; margin-right: 6px; }
  .seiho-speaker { background: #e3ecf7; border-radius: 3px; padding: 0 4px; margin-right: 4px; font-size: 0.85em; }
  .seiho-flag { background: #fde2e1; color: #8a1c14; border-radius: 3px; padding: 0 4px; margin-right: 4px; font-size: 0.85em; }
  mark.seiho-corrected { background: #d9f2d9; }
  .seiho-original { color: #777; font-size: 0.85em; }
  .seiho-sentence-state { color: #555; font-size: 0.85em; }
  .seiho-needs-check { color: #b00020; font-weight: bold; }
</style>
"""
