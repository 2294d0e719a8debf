"""Timeline charts: a figure's values by outlet over publication time, as an inline PNG."""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from datetime import datetime

from models import Finding


def timeline_png(finding: Finding) -> str | None:
    """A data: URI of the chart, or None when the finding has no timeline to draw."""
    points = [p for p in finding.timeline if p.normalized is not None]
    if len(points) < 2:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.dates import DateFormatter, DayLocator, date2num

    by_outlet: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    for point in points:
        by_outlet[point.outlet].append((point.published, float(point.normalized or 0)))
    figure, axes = pyplot.subplots(figsize=(5.5, 2.4), dpi=110)
    try:
        for outlet, series in sorted(by_outlet.items()):
            series.sort(key=lambda item: item[0])
            times = date2num([moment for moment, _ in series])
            axes.plot(times, [value for _, value in series], marker="o", label=outlet)
        axes.set_title(f"{finding.subject} by publication time", fontsize=10)
        axes.xaxis.set_major_locator(DayLocator())
        axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8, loc="upper left")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
    finally:
        pyplot.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
