"""Small server-rendered SVG charts: no JavaScript, every label escaped, titled for screen readers.

Each chart is `role="img"` with a <title> and <desc>; pages also show the numbers as a table.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

INK = "#1d232b"
SOFT = "#4a5563"
BAR = "#0b5cad"
TRACK = "#e3e7ec"
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Segment:
    """One part of a stacked column: a series name, its colour, and a value per column."""

    name: str
    colour: str
    values: Sequence[int]


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> str:
    cid = escape(chart_id)
    return (
        f'<svg class="chart" id="{cid}" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{cid}-title">{escape(title)}</title><desc id="{cid}-desc">{escape(description)}</desc>'
    )


def bar_chart(
    *, chart_id: str, title: str, description: str, bars: Sequence[tuple[str, int]],
    colours: dict[str, str] | None = None, width: int = 480, bar_height: int = 26, label_width: int = 110,
) -> Markup:
    """Horizontal bars, one per (label, value), the value written at the end of each bar."""
    gap, top = 8, 4
    height = top + len(bars) * (bar_height + gap) + 4
    room = width - label_width - 48
    largest = max((value for _, value in bars), default=0) or 1
    parts = [_open(chart_id, title, description, width, max(height, 24))]
    for i, (label, value) in enumerate(bars):
        y = top + i * (bar_height + gap)
        length = round(room * value / largest)
        colour = (colours or {}).get(label, BAR)
        middle = y + bar_height / 2 + 5
        parts.append(
            f'<text x="{label_width - 8}" y="{middle}" text-anchor="end" font-size="15" fill="{INK}" {FONT}>'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" rx="3" fill="{escape(colour)}"/>'
            f'<text x="{label_width + length + 6}" y="{middle}" font-size="15" fill="{INK}" {FONT}>{value}</text>'
        )
    if not bars:
        parts.append(f'<text x="0" y="18" font-size="15" fill="{SOFT}" {FONT}>No data yet.</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_columns(
    *, chart_id: str, title: str, description: str, labels: Sequence[str], segments: Sequence[Segment],
    width: int = 480, height: int = 220,
) -> Markup:
    """Columns, one per label (e.g. a crawl run), each stacked from the segments, with a legend.

    A label may hold a second line after a newline (see `date_labels`).
    """
    lines = 2 if any("\n" in label for label in labels) else 1
    left, bottom, top, legend = 36, 34 + 15 * (lines - 1), 8, 26
    plot_h = height - bottom - top - legend
    totals = [sum(seg.values[i] for seg in segments) for i in range(len(labels))]
    largest = max(totals, default=0) or 1
    step = (width - left) / max(len(labels), 1)
    column = max(4.0, min(36.0, step * 0.7))
    parts = [_open(chart_id, title, description, width, height)]
    base_y = top + legend + plot_h
    parts.append(f'<line x1="{left}" y1="{base_y}" x2="{width}" y2="{base_y}" stroke="{SOFT}"/>')
    parts.append(f'<text x="{left - 6}" y="{top + legend + 10}" text-anchor="end" font-size="13" fill="{SOFT}" '
                 f"{FONT}>{largest}</text>")
    parts.append(f'<text x="{left - 6}" y="{base_y}" text-anchor="end" font-size="13" fill="{SOFT}" {FONT}>0</text>')
    x_legend = left
    for seg in segments:
        parts.append(f'<rect x="{x_legend}" y="{top}" width="14" height="14" fill="{escape(seg.colour)}"/>'
                     f'<text x="{x_legend + 20}" y="{top + 12}" font-size="14" fill="{INK}" {FONT}>'
                     f"{escape(seg.name)}</text>")
        x_legend += 30 + 9 * len(seg.name)
    # As many axis labels as fit side by side (about 7px a character at this size), so they never overlap.
    widest = max((len(row) for label in labels for row in label.split("\n")), default=1)
    fits = max(1, int((width - left) // (widest * 7 + 10)))
    every = max(1, math.ceil(len(labels) / fits))
    for i, label in enumerate(labels):
        x = left + i * step + (step - column) / 2
        y = base_y
        for seg in segments:
            h = plot_h * seg.values[i] / largest
            if h > 0:
                y -= h
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{column:.1f}" height="{h:.1f}" '
                             f'fill="{escape(seg.colour)}"/>')
        if (len(labels) - 1 - i) % every == 0:  # counted from the newest, which is always labelled
            centre = f"{x + column / 2:.1f}"
            rows = "".join(f'<tspan x="{centre}" dy="{0 if n == 0 else 15}">{escape(row)}</tspan>'
                           for n, row in enumerate(label.split("\n")))
            parts.append(f'<text x="{centre}" y="{base_y + 18}" text-anchor="middle" font-size="13" '
                         f'fill="{SOFT}" {FONT}>{rows}</text>')
    if not labels:
        parts.append(f'<text x="{left}" y="{base_y - 10}" font-size="15" fill="{SOFT}" {FONT}>No crawls yet.</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def date_labels(moments: Sequence[datetime]) -> list[str]:
    """Short axis labels for dated columns ("Mar 4"), with a second line where the day alone is
    ambiguous: the year when the dates span years, the time (24-hour) when a day has several."""
    several_years = len({m.year for m in moments}) > 1
    per_day = Counter(m.date() for m in moments)
    labels = []
    for moment in moments:
        second = [str(moment.year)] if several_years else []
        if per_day[moment.date()] > 1:
            second.append(f"{moment:%H:%M}")
        labels.append(f"{moment:%b} {moment.day}" + ("\n" + " ".join(second) if second else ""))
    return labels


@dataclass(frozen=True)
class ScoreRow:
    """One criterion in a score chart: its name, its 0-100 score (None when not stated), and the text shown."""

    label: str
    score: int | None
    shown: str


def score_bars(*, chart_id: str, title: str, description: str, rows: Sequence[ScoreRow], width: int = 400) -> Markup:
    """One bar per criterion on a fixed 0-100 scale: the name above its bar, the score at the right."""
    row_height, bar_height = 44, 12
    parts = [_open(chart_id, title, description, width, max(len(rows) * row_height, 24))]
    for i, row in enumerate(rows):
        y = i * row_height
        parts.append(
            f'<text x="0" y="{y + 16}" font-size="15" fill="{INK}" {FONT}>{escape(row.label)}</text>'
            f'<text x="{width}" y="{y + 16}" text-anchor="end" font-size="15" font-weight="600" '
            f'fill="{INK if row.score is not None else SOFT}" {FONT}>{escape(row.shown)}</text>'
            f'<rect x="0" y="{y + 23}" width="{width}" height="{bar_height}" rx="3" fill="{TRACK}"/>'
        )
        if row.score:
            length = round(width * max(0, min(100, row.score)) / 100)
            parts.append(f'<rect x="0" y="{y + 23}" width="{length}" height="{bar_height}" rx="3" fill="{BAR}"/>')
    if not rows:
        parts.append(f'<text x="0" y="18" font-size="15" fill="{SOFT}" {FONT}>Not graded yet.</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
