"""Demo data of the Coordinators' work in the 7MSP term: the Victim Assistance action plan with
its six expected outputs and some progress, and target lists of several areas that overlap.

Output 2, its target (5 States Parties) and deadline (30 June 2017) are from the minutes of
7 December 2016; the seed says the plan has six outputs but does not list the others, so
outputs 1 and 3-6 and all progress figures are illustrations written for the demo.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from coordinators.models import ActionPlan, Activity, ConceptNote, Output, ProgressUpdate, TargetState
from directory.models import State, Term, ThematicArea

D = datetime.date

# number, text, indicator, baseline, target, unit, deadline, serves, progress [(date, value, narrative)]
VA_OUTPUTS = (
    (1, "At least six (6) States Parties with victim assistance obligations have been approached on their "
     "national victim assistance plans by 31 December 2016", "States Parties approached", 0, 6, "States Parties",
     D(2016, 12, 31), "Dubrovnik Action Plan, action 3.1", [(D(2016, 12, 20), 6, "Letters sent to six States.")]),
    (2, "At least five (5) States Parties with the capacity to do so have responded constructively to requests for "
     "assistance by 30 June 2017", "States Parties responding constructively to requests for assistance", 0, 5,
     "States Parties", D(2017, 6, 30), "Dubrovnik Action Plan, action 3.6",
     [(D(2017, 3, 1), 2, "Two donors answered the Coordinators' letters (demo figure)."),
      (D(2017, 5, 15), 4, "Four by mid-May; one more expected before the deadline (demo figure).")]),
    (3, "At least six (6) further States Parties with victim assistance obligations approached in 2017",
     "States Parties approached", 0, 6, "States Parties", D(2017, 8, 31), "Dubrovnik Action Plan, action 3.1",
     [(D(2017, 6, 1), 3, "Three bilateral meetings held in Geneva (demo figure).")]),
    (4, "A model letter with points to raise shared with the other Coordinators", "Model letter shared", 0, 1,
     "letter", D(2017, 1, 31), "", [(D(2017, 1, 20), 1, "Shared with the Coordination Committee.")]),
    (5, "A joint CCM and APMBC victim assistance event held with the APMBC Presidency", "Events held", 0, 1, "event",
     D(2017, 6, 9), "Dubrovnik Action Plan, action 3.4", []),
    (6, "Victim assistance focal points designated by at least ten (10) affected States Parties",
     "Focal points designated", 4, 10, "States Parties", D(2017, 9, 4), "Dubrovnik Action Plan, action 3.2",
     [(D(2017, 4, 1), 6, "Two more focal points notified to the ISU (demo figure).")]),
)  # fmt: skip

# area slug → [(ISO3, reason, note)]; Afghanistan is targeted by two areas, as in the seed.
TARGETS = {
    "victim-assistance": [("AFG", "assistance", ""), ("LAO", "assistance", ""), ("LBN", "assistance", ""),
                          ("IRQ", "assistance", "")],
    "national-implementation": [("AFG", "legislation", "Letter signed before the 7 Dec 2016 meeting"),
                                ("BEN", "legislation", "")],
    "transparency": [("BEN", "overdue-report", "Initial report (demo)")],
    "clearance": [("LBN", "deadline", "Article 4 deadline 2021"), ("LAO", "deadline", "")],
}  # fmt: skip


def build() -> ActionPlan | None:
    term = Term.objects.filter(name="7MSP").first()
    area = ThematicArea.objects.filter(slug="victim-assistance").first()
    if term is None or area is None or ActionPlan.objects.filter(area=area, term=term).exists():
        return None
    isu = get_user_model().objects.filter(username="isu").first()
    ConceptNote.objects.get_or_create(
        area=area,
        term=term,
        defaults={"text": "Victim assistance up to the 7MSP, based on the Dubrovnik Action Plan (demo summary).",
                  "is_public": True},
    )  # fmt: skip
    plan = ActionPlan.objects.create(
        area=area, term=term, title="Victim Assistance Action Plan 2016-2017", starts=D(2016, 11, 1), is_public=True
    )
    for number, text, indicator, baseline, target, unit, deadline, serves, progress in VA_OUTPUTS:
        output = Output.objects.create(
            plan=plan,
            number=number,
            text=text,
            indicator=indicator,
            baseline=Decimal(baseline),
            target_value=Decimal(target),
            unit=unit,
            deadline=deadline,
            serves_action=serves,
        )
        for date, value, narrative in progress:
            ProgressUpdate.objects.create(
                output=output, date=date, value=Decimal(value), narrative=narrative, recorded_by=isu
            )
    Activity.objects.create(
        output=plan.outputs.get(number=4),
        what="Draft a model letter with points to raise and share it with the other Coordinators",
        who="Italy",
        start=D(2016, 12, 7),
        end=D(2017, 1, 31),
        status=Activity.Status.DONE,
    )
    Activity.objects.create(
        output=plan.outputs.get(number=2),
        what="Consult the ISU on the target list of States, then share it with the other Coordinators",
        who="Italy, ISU",
        start=D(2016, 12, 7),
        end=D(2017, 2, 28),
        status=Activity.Status.DONE,
    )
    states = {s.iso3: s for s in State.objects.all()}
    areas = {a.slug: a for a in ThematicArea.objects.all()}
    for slug, rows in TARGETS.items():
        for iso3, reason, note in rows:
            if iso3 in states and slug in areas:
                TargetState.objects.get_or_create(
                    area=areas[slug], term=term, state=states[iso3], defaults={"reason": reason, "note": note}
                )
    return plan
