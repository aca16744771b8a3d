"""The action plans' part of the meeting pack (meetings/pack.py, registered in apps.py): for each
thematic area with a plan in the meeting's term (the term in office without one), its outputs at
risk or off track on the day of the pack."""

from __future__ import annotations

import datetime

from directory.models import Term

from .models import ActionPlan
from .status import OutputStatus

TROUBLED = (OutputStatus.AT_RISK, OutputStatus.OFF_TRACK)


def outputs_at_risk(meeting, today: datetime.date) -> dict | None:
    term = meeting.term or Term.objects.current(today)
    if term is None:
        return None
    plans = (
        ActionPlan.objects.filter(term=term)
        .select_related("area")
        .prefetch_related("outputs__progress_updates")
        .order_by("area__order", "area__name")
    )
    areas = []
    for plan in plans:
        outputs = []
        for output in sorted(plan.outputs.all(), key=lambda o: o.number):
            status = output.status(today)
            if status in TROUBLED:
                outputs.append(
                    {
                        "number": output.number,
                        "text": output.text,
                        "indicator": output.indicator,
                        "value": output.current_value,
                        "target": output.target_value,
                        "unit": output.unit,
                        "deadline": output.deadline,
                        "status": status.label,
                        "off_track": status == OutputStatus.OFF_TRACK,
                    }
                )
        areas.append({"area": plan.area.name, "outputs": outputs})
    return {"term": term.name, "areas": areas}
