"""Steps of a calculation, each with its inputs, rule, parameter and source."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """One figure of the calculation and the evidence behind it.

    ``category`` groups steps (生活扶助, 加算, 住宅扶助, 教育扶助, 収入認定).
    ``rule`` describes how the figure was computed and rounded.
    ``parameter`` names the file under data/parameters, and ``source`` the
    legal text that file copies.
    """

    category: str
    label: str
    amount: int
    rule: str
    inputs: dict = field(default_factory=dict)
    parameter: str | None = None
    source: str | None = None
    counted: bool = True  # False for a part shown for evidence whose total is another step


def format_yen(amount: int) -> str:
    """Format yen with thousands separators, e.g. 76,880円."""
    return f"{amount:,}円"


def render_text(steps: list[Step]) -> str:
    """Render steps as plain Japanese text, one block per step, grouped by category."""
    lines: list[str] = []
    category = None
    for step in steps:
        if step.category != category:
            category = step.category
            lines.append(f"■ {category}")
        prefix = "  " if step.counted else "  （内訳）"
        lines.append(f"{prefix}{step.label}: {format_yen(step.amount)}")
        lines.append(f"    計算: {step.rule}")
        if step.inputs:
            lines.append("    入力: " + "、".join(f"{key}={value}" for key, value in step.inputs.items()))
        if step.parameter:
            lines.append(f"    基準値: data/parameters/{step.parameter}.yaml")
        if step.source:
            lines.append(f"    根拠: {step.source}")
    return "\n".join(lines)
