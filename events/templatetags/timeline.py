"""The timeline picture: meetings per year, stacked by kind, drawn as inline SVG.

Drawn here rather than by a charting library: a few rectangles and labels, computed
in Python, need nothing from outside the site and render without JavaScript.
"""

from dataclasses import dataclass

from django import template
from django.db.models import Count
from django.db.models.functions import ExtractYear

register = template.Library()

# Okabe–Ito colours: told apart by readers with colour-blindness, dark enough on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#999999", "#000000", "#F0E442"]

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 12, 32


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


def counts_by_year_and_kind(meetings):
    """{(year, kind): count} for the dated meetings of `meetings`, and how many have no known year."""
    rows = (
        meetings.order_by()
        .filter(date_lo__isnull=False)
        .annotate(year=ExtractYear("date_lo"))
        .values("year", "kind")
        .annotate(n=Count("pk", distinct=True))
    )
    counts = {(row["year"], row["kind"]): row["n"] for row in rows}
    return counts


def build_timeline(counts, undated=0, kind_labels=None):
    """Geometry and text alternative of the timeline for {(year, kind): count}."""
    kind_labels = kind_labels or {}
    if not counts:
        return {"empty": True, "undated": undated}
    years = list(range(min(y for y, _ in counts), max(y for y, _ in counts) + 1))
    kinds = sorted({k for _, k in counts}, key=lambda k: list(kind_labels).index(k) if k in kind_labels else 99)
    colours = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}
    totals = {year: sum(n for (y, _), n in counts.items() if y == year) for year in years}
    peak = max(totals.values())
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(years)
    bar_w = min(step * 0.7, 48)
    unit = plot_h / peak
    bars, labels = [], []
    label_every = max(1, len(years) // 12)
    for i, year in enumerate(years):
        x = LEFT + i * step + (step - bar_w) / 2
        y = TOP + plot_h
        for kind in kinds:
            n = counts.get((year, kind), 0)
            if n:
                y -= n * unit
                name = kind_labels.get(kind, kind)
                bars.append(Bar(x, y, bar_w, n * unit, colours[kind], f"{year}: {n} {name}"))
        if i % label_every == 0 or i == len(years) - 1:
            labels.append({"x": LEFT + i * step + step / 2, "text": str(year)})
    ticks = sorted({0, peak, *(round(peak * f) for f in (0.5,))})
    return {
        "empty": False,
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "labels": labels,
        "label_y": HEIGHT - 10,
        "axis_y": TOP + plot_h,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "ticks": [{"y": TOP + plot_h - t * unit, "text": t} for t in ticks],
        "legend": [{"kind": k, "label": kind_labels.get(k, k), "colour": colours[k]} for k in kinds],
        "rows": [
            {
                "year": year,
                "total": totals[year],
                "kinds": [(kind_labels.get(k, k), counts[(year, k)]) for k in kinds if counts.get((year, k))],
            }
            for year in years
            if totals[year]
        ],
        "total": sum(totals.values()),
        "first": years[0],
        "last": years[-1],
        "undated": undated,
    }


@register.inclusion_tag("partials/timeline.html")
def timeline(data, title="Meetings by year and kind", filter_base=""):
    """The SVG timeline with its title, description, legend and a table as text alternative."""
    return {"t": data, "title": title, "filter_base": filter_base}
