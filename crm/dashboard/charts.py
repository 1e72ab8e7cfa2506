"""Charts drawn on the server as SVG (templates/_macros/charts.html draws these shapes):
they work offline, print, go into the PDF, and every bar links to the list behind it.

Colours are the Okabe–Ito palette, told apart with any colour vision; each chart also
has a table of its figures beside it for screen readers and for reading exact numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from crm.dashboard.scope import Figure

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
LABEL_WIDTH = 170  # room for the category names left of horizontal bars


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    figure: Figure
    title: str  # read by screen readers and shown on hover


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Chart:
    width: float
    height: float
    title: str
    bars: list[Bar] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)


def horizontal_bars(
    title: str, items: list[tuple[str, Figure]], colour: str = OKABE_ITO[0], width: float = 520
) -> Chart:
    """One bar a category, longest for the largest figure, its value at its end."""
    row, room = 26, width - LABEL_WIDTH - 40
    top = max([figure.value for _label, figure in items] + [1])
    chart = Chart(width, row * len(items) + 4, title)
    for i, (label, figure) in enumerate(items):
        y = i * row + 4
        length = room * figure.value / top
        chart.texts.append(Text(LABEL_WIDTH - 8, y + 14, label, "end"))
        chart.bars.append(
            Bar(LABEL_WIDTH, y, max(length, 1), 18, colour, figure, f"{label}: {figure.value}")
        )
        chart.texts.append(Text(LABEL_WIDTH + length + 6, y + 14, str(figure.value)))
    return chart


def funnel(
    title: str, stages: list[tuple[str, Figure, str | None, Figure | None]], width: float = 520
) -> Chart:
    """The pipeline: one centred bar a stage, as wide as its count, with the finer part
    (follow-ups done, agreements in force) drawn darker inside it."""
    row, room = 34, width - LABEL_WIDTH - 130  # room on the right for the figures
    top = max([figure.value for _l, figure, _fl, _f in stages] + [1])
    centre = LABEL_WIDTH + room / 2
    chart = Chart(width, row * len(stages) + 4, title)
    for i, (label, figure, finer_label, finer) in enumerate(stages):
        y = i * row + 4
        length = max(room * figure.value / top, 2)
        chart.texts.append(Text(LABEL_WIDTH - 8, y + 18, label, "end"))
        chart.bars.append(
            Bar(
                centre - length / 2, y, length, 26, OKABE_ITO[4], figure, f"{label}: {figure.value}"
            )
        )
        text = str(figure.value)
        if finer is not None:
            inner = room * finer.value / top
            if inner:
                chart.bars.append(
                    Bar(
                        centre - inner / 2,
                        y + 5,
                        inner,
                        16,
                        OKABE_ITO[0],
                        finer,
                        f"{finer_label}: {finer.value}",
                    )
                )
            text = f"{figure.value} · {finer_label} {finer.value}"
        chart.texts.append(Text(centre + length / 2 + 6, y + 18, text))
    return chart


def grouped_columns(
    title: str, groups: list[tuple[str, list[tuple[str, Figure]]]], width: float = 520
) -> Chart:
    """Columns side by side in each group (outgoing and incoming per academic year), on a
    scale with round ticks."""
    height, bottom, left = 220, 30, 36
    series = max([len(columns) for _g, columns in groups] + [1])
    top = _round_top(max([f.value for _g, cols in groups for _l, f in cols] + [1]))
    plot_height = height - bottom - 10
    slot = (width - left) / max(len(groups), 1)
    column = min(slot * 0.8 / series, 48)
    chart = Chart(width, height, title)
    for tick in _ticks(top):
        y = 10 + plot_height * (1 - tick / top)
        chart.lines.append((left, y, width, y))
        chart.texts.append(Text(left - 6, y + 4, str(tick), "end"))
    for g, (group, columns) in enumerate(groups):
        x0 = left + g * slot + (slot - column * len(columns)) / 2
        for s, (label, figure) in enumerate(columns):
            h = plot_height * figure.value / top
            x = x0 + s * column
            chart.bars.append(
                Bar(
                    x,
                    10 + plot_height - h,
                    column - 2,
                    h,
                    OKABE_ITO[s],
                    figure,
                    f"{group}, {label}: {figure.value}",
                )
            )
        chart.texts.append(Text(left + g * slot + slot / 2, height - 10, group, "middle"))
    return chart


def _round_top(value: int) -> int:
    """The scale's top: 1, 2 or 5 times a power of ten, at least ``value``."""
    power = 10 ** max(int(math.log10(value)), 0)
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _ticks(top: int) -> list[int]:
    step = top // 5 if top >= 5 else 1
    return list(range(0, top + 1, step))
