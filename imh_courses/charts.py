"""Server-side SVG charts: the same markup in a web page and in a WeasyPrint PDF, each drawn
beside a table holding the same figures."""

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
CHART_WIDTH = 560


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: int
    width: int
    text_x: int
    text_y: int


def bar_chart(rows):
    """Horizontal bars for [(label, value)], scaled to the largest value."""
    largest = max((value for _, value in rows), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 40
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        width = round(room * value / largest)
        bars.append(Bar(label, value, y, width, LABEL_WIDTH + width + 6, y + BAR_HEIGHT // 2 + 5))
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(len(rows) * (BAR_HEIGHT + GAP) - GAP, 0),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }
