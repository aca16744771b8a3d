"""The derived status of an expected output: achieved, on track, at risk or off track.

Progress is read against time: by the deadline the value should reach the target, and in
between it should have covered at least the share of the way that the share of time elapsed
calls for. A quarter behind that line is "at risk"; further behind, or the deadline passed
without the target reached, is "off track".
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import pgettext

AT_RISK_MARGIN = Decimal("0.25")


class OutputStatus(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"

    @property
    def label(self) -> str:
        """The status as people read it, in the active language."""
        labels = {
            "achieved": pgettext("output status", "Achieved"),
            "on-track": pgettext("output status", "On track"),
            "at-risk": pgettext("output status", "At risk"),
            "off-track": pgettext("output status", "Off track"),
        }
        return labels[self]


def output_status(
    *,
    baseline: Decimal,
    target: Decimal,
    value: Decimal,
    start: datetime.date,
    deadline: datetime.date,
    today: datetime.date,
) -> OutputStatus:
    if value >= target:
        return OutputStatus.ACHIEVED
    if today > deadline:
        return OutputStatus.OFF_TRACK
    span = (deadline - start).days
    elapsed = min(max((today - start).days, 0), span) if span > 0 else span
    time_share = Decimal(elapsed) / Decimal(span) if span > 0 else Decimal(1)
    progress_share = (value - baseline) / (target - baseline)
    if progress_share >= time_share:
        return OutputStatus.ON_TRACK
    if progress_share >= time_share - AT_RISK_MARGIN:
        return OutputStatus.AT_RISK
    return OutputStatus.OFF_TRACK
