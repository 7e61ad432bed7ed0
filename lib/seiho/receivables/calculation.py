"""The 法63条 repayment amount and the 法78条 collection, shown step by step.

法第63条: the recipient repays, within the assistance actually received, the
amount the office decides. The office starts from the resources the
recipient had (資力), subtracts the items it allows (自立更生費 and the like,
each with its basis) and caps the result at the assistance paid in the
period. 法第78条: the office collects the cost of assistance obtained by
fraud and may add up to the dated surcharge rate (``art78_surcharge_rate``).
"""

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field

from seiho.errors import ParameterError
from seiho.parameters import parameter
from seiho.receivables.config import load_data_file


@dataclass(frozen=True)
class AllowedItem:
    """One deduction the office allows, with the reason it was allowed."""

    item: str
    amount: int
    basis: str


@dataclass(frozen=True)
class CalculationStep:
    """One line of the calculation: what was done, the amount after it, and why."""

    label: str
    amount: int
    explanation: str


@dataclass
class Calculation:
    """A decided amount with every step that led to it."""

    article: str
    amount: int
    surcharge: int
    steps: list[CalculationStep] = field(default_factory=list)

    def to_json(self) -> str:
        """Return the calculation as JSON text for the ledger."""
        return json.dumps(asdict(self), ensure_ascii=False)

    def as_text(self) -> str:
        """Return the steps as lines for a decision paper."""
        return "\n".join(f"{number}. {step.label}: {step.amount:,}円（{step.explanation}）" for number, step in enumerate(self.steps, 1))


def allowed_item_names() -> list[str]:
    """Return the deduction items listed in data/receivables/self_reliance_items.yaml."""
    return list(load_data_file("self_reliance_items")["items"])


def calculate_art63(resources: int, assistance_paid: int, items: list[AllowedItem]) -> Calculation:
    """Compute the 法63条 amount from the resources, the allowed items and the assistance paid.

    Args:
        resources: yen the recipient obtained (e.g. a retroactive pension payment).
        assistance_paid: yen of assistance paid over the same period; the amount
            cannot exceed it (「受けた保護金品に相当する金額の範囲内」).
        items: deductions the office allows, each with its basis.
    """
    _check_yen("資力の額", resources)
    _check_yen("保護費の支給額", assistance_paid)
    known = allowed_item_names()
    for item in items:
        _check_yen(f"控除項目「{item.item}」の額", item.amount)
        if item.item not in known:
            raise ParameterError(
                f"控除項目「{item.item}」は一覧にありません。次から選んでください: {'、'.join(known)}",
                f"unknown deduction item {item.item!r}",
            )
        if not item.basis.strip():
            raise ParameterError(
                f"控除項目「{item.item}」に認めた根拠がありません。根拠（見積書・領収書・会議の結論など）を記入してください。",
                f"deduction item {item.item!r} has no basis",
            )

    steps = [CalculationStep("資力の額", resources, "保護を受けていた期間に得た資力")]
    remaining = resources
    for item in items:
        remaining -= item.amount
        steps.append(CalculationStep(f"控除: {item.item}", remaining, f"{item.amount:,}円を控除。根拠: {item.basis}"))
    if remaining < 0:
        remaining = 0
        steps.append(CalculationStep("控除後の下限", 0, "控除が資力を上回るため0円とする"))
    if remaining > assistance_paid:
        remaining = assistance_paid
        steps.append(CalculationStep("支給済み保護費による上限", remaining, "返還額は受けた保護金品に相当する額の範囲内（法第63条）"))
    steps.append(CalculationStep("返還額（法第63条）", remaining, "実施機関が定める額"))
    return Calculation("63条", remaining, 0, steps)


def calculate_art78(unduly_received: int, surcharge_rate: float, decided_on: dt.date) -> Calculation:
    """Compute the 法78条 collection and its surcharge, checking the rate against the legal cap on ``decided_on``."""
    _check_yen("不正に受けた保護費の額", unduly_received)
    cap = float(parameter("art78_surcharge_rate").at(decided_on))
    if not 0 <= surcharge_rate <= cap:
        raise ParameterError(
            f"加算率 {surcharge_rate} は0以上{cap}以下にしてください（法第78条第1項、{decided_on.isoformat()}時点の上限）。",
            f"surcharge rate {surcharge_rate} outside [0, {cap}] on {decided_on}",
        )

    # A fraction of a yen is not collected, so the surcharge rounds down.
    surcharge = math.floor(unduly_received * surcharge_rate)
    steps = [
        CalculationStep("徴収額", unduly_received, "不実の申請その他不正な手段により受けた保護費の額（法第78条第1項）"),
        CalculationStep("加算金", surcharge, f"徴収額×{surcharge_rate}（上限{cap}）、円未満切捨て"),
        CalculationStep("合計", unduly_received + surcharge, "徴収額と加算金の合計"),
    ]
    return Calculation("78条", unduly_received, surcharge, steps)


def _check_yen(label: str, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ParameterError(f"{label}「{value}」は0以上の整数（円）で入力してください。", f"invalid yen amount {value!r} for {label}")
