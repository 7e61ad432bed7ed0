"""How an answer is shown to staff: the passage, its citation and why it ranked."""

from seiho.knowledge.search import Hit

# Shown under every answer: the workbench returns passages, never its own reading of the law.
NOTICE_TO_STAFF = (
    "表示しているのは法令・通知の条文の抜粋と出典です。ワークベンチが作った文章ではありません。"
    "判断の前に原文を確認し、迷うときは査察指導員に相談してください。"
)


def rank_evidence(hit: Hit) -> str:
    """Return why the passage ranked here, e.g. 「語の一致 1位・意味の近さ 3位」."""
    parts = []
    if hit.named_in_question:
        parts.append("質問で条番号を指定")
    if hit.bm25_rank is not None:
        parts.append(f"語の一致 {hit.bm25_rank}位")
    if hit.semantic_rank is not None:
        parts.append(f"意味の近さ {hit.semantic_rank}位")
    return "・".join(parts) or "順位情報なし"


def title_line(hit: Hit) -> str:
    """Return the citation with the caption, e.g. 「生活保護法第63条（費用返還義務）」."""
    heading = f"（{hit.passage.heading}）" if hit.passage.heading else ""
    return f"{hit.citation}{heading}"


def format_hit(rank: int, hit: Hit) -> str:
    """Return one hit for the terminal: citation, evidence and the text with matched terms in 【】."""
    body = "\n".join(f"   {line}" for line in hit.plain().splitlines())
    return f"{rank}. {title_line(hit)}　[{rank_evidence(hit)}]\n{body}"
