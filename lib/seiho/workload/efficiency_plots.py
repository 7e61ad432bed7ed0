"""Charts of an efficiency comparison, drawn with ``seiho.workload.charts``."""

import numpy as np
from matplotlib.figure import Figure

from seiho.workload.charts import japanese_figure
from seiho.workload.effect_sizes import wilson_interval
from seiho.workload.efficiency import EfficiencyComparison

BEFORE_COLOR = "#7f8c8d"
AFTER_COLOR = "#2e6da4"


def approval_time_chart(comparison: EfficiencyComparison) -> Figure:
    """Overlaid histograms of days from visit to approved record, up to the 99th percentile."""
    measure = comparison.measures[0]
    figure = japanese_figure(8.0, 3.8)
    axes = figure.add_subplot()
    values = np.concatenate([measure.before.to_numpy(), measure.after.to_numpy()])
    if len(values):
        upper = max(float(np.percentile(values, 99)), 1.0)
        bins = np.linspace(0, upper, 40)
        axes.hist(measure.before.clip(upper=upper), bins=bins, alpha=0.6, color=BEFORE_COLOR, label=comparison.before.label, density=True)
        axes.hist(measure.after.clip(upper=upper), bins=bins, alpha=0.6, color=AFTER_COLOR, label=comparison.after.label, density=True)
        axes.legend()
    axes.set_title("訪問から記録承認までの日数の分布")
    axes.set_xlabel("日数")
    axes.set_ylabel("密度")
    return figure


def few_edits_chart(comparison: EfficiencyComparison) -> Figure:
    """Bars of the share of drafts approved with few edits, with Wilson intervals."""
    measure = comparison.measures[1]
    figure = japanese_figure(6.0, 3.6)
    axes = figure.add_subplot()
    labels, shares, lows, highs = [], [], [], []
    for label, values in ((comparison.before.label, measure.before), (comparison.after.label, measure.after)):
        if len(values) == 0:
            continue
        share = float(values.mean())
        low, high = wilson_interval(int(values.sum()), len(values), comparison.level)
        labels.append(label)
        shares.append(100 * share)
        lows.append(100 * (share - low))
        highs.append(100 * (high - share))
    axes.bar(labels, shares, yerr=[lows, highs], capsize=6, color=[BEFORE_COLOR, AFTER_COLOR][: len(labels)])
    axes.set_ylim(0, 100)
    axes.set_ylabel("割合（%）")
    axes.set_title(f"{measure.name}（{comparison.level:.0%}信頼区間）")
    return figure


def visit_rate_chart(comparison: EfficiencyComparison) -> Figure:
    """Box plots of each caseworker's visits per weekday in both groups."""
    measure = comparison.measures[2]
    figure = japanese_figure(6.0, 3.6)
    axes = figure.add_subplot()
    groups = [(comparison.before.label, measure.before), (comparison.after.label, measure.after)]
    groups = [(label, values) for label, values in groups if len(values)]
    if groups:
        axes.boxplot([values.to_numpy() for _, values in groups], tick_labels=[label for label, _ in groups])
    axes.set_ylabel("件／人日")
    axes.set_title("地区担当員1人1日あたりの訪問件数")
    return figure


def effect_size_chart(comparison: EfficiencyComparison) -> Figure:
    """Forest plot of the standardised effects (Hedges' g, Cohen's h) with their intervals."""
    rows = [
        (f"{measure.name}\n{estimate.name}", estimate)
        for measure in comparison.measures
        for estimate in measure.estimates
        if estimate.name in ("Hedges の g", "Cohen の h")
    ]
    figure = japanese_figure(8.0, 1.2 + 0.8 * max(len(rows), 1))
    axes = figure.add_subplot()
    for position, (_, estimate) in enumerate(rows):
        axes.errorbar(estimate.value, position, xerr=[[estimate.value - estimate.low], [estimate.high - estimate.value]],
                      fmt="o", color=AFTER_COLOR, capsize=5)
    axes.axvline(0, color="#333333", linewidth=1)
    axes.set_yticks(range(len(rows)), [label for label, _ in rows], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(f"標準化効果量（{comparison.after.label} − {comparison.before.label}、{comparison.level:.0%}信頼区間）")
    axes.set_title("効果量")
    return figure
