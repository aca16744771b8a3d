"""State profiles: obligations and deadlines, Article 7 reporting, the figures a State reported."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import ReportedFigure, State
from .selectors import state_for, states_visible_to

CHART_WIDTH, CHART_HEIGHT = 320, 120


def chart_points(figures: list[ReportedFigure]) -> dict:
    """A small server-drawn line chart (SVG coordinates) of one indicator over time."""
    values = [f.value for f in figures]
    top = max(values) or Decimal(1)
    step = CHART_WIDTH / max(len(figures) - 1, 1)
    points = [
        (round(i * step, 1), round(CHART_HEIGHT - float(f.value / top) * (CHART_HEIGHT - 10), 1), f)
        for i, f in enumerate(figures)
    ]
    return {
        "polyline": " ".join(f"{x},{y}" for x, y, _f in points),
        "points": points,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
    }


@login_required
def state_list(request):
    states = states_visible_to(request.user)
    return render(
        request, "directory/state_list.html", {"states": states.prefetch_related("treaty_statuses__convention")}
    )


@login_required
def state_profile(request, iso3):
    """Committee members read every profile; a focal point reads their own State's."""
    state = state_for(
        request.user,
        iso3,
        queryset=State.objects.prefetch_related(
            "treaty_statuses__convention", "obligations", "article7_reports", "aliases"
        ),
    )
    by_indicator: dict[str, list[ReportedFigure]] = {}
    for figure in state.figures.order_by("as_of"):
        by_indicator.setdefault(figure.indicator, []).append(figure)
    charts = [
        {"label": figures[0].get_indicator_display(), "figures": figures, "chart": chart_points(figures)}
        for figures in by_indicator.values()
    ]
    return render(request, "directory/state_profile.html", {"state": state, "charts": charts})
