"""The benchmark world's register, terms, mandates and action plans (mixed into bench.generate.Generator)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from bench.world import BATCH, SYLLABLES, TODAY, D, _bulk, _text  # noqa: F401


class RegisterSteps:
    # --- register ---------------------------------------------------------------------------
    def states(self):
        from directory.models import Convention, Delegation, Obligation, Person, State, TreatyStatus

        existing = list(State.objects.order_by("pk"))
        rng = self.rng
        new = []
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        for n in range(len(existing), max(len(existing), self.size.states)):
            stem = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
            name = (stem + rng.choice(["ia", "land", "stan", "a", "o"])).title()
            name = f"{name} {n + 1:03d}"  # unique, and plainly made up
            new.append(
                State(
                    iso3="Q" + letters[n // 26] + letters[n % 26],
                    iso2="",
                    name=name,
                    official_name=f"Republic of {name}",
                    demonyms=f"{name.split()[0]}ian",
                    capital=f"{name.split()[0]} City",
                    has_geneva_mission=rng.random() < 0.8,
                )
            )
        new = _bulk(State, new)
        _bulk(Delegation, [Delegation(state=s, name=s.name) for s in new])
        ccm = Convention.objects.get(code="ccm")
        _bulk(
            TreatyStatus,
            [
                TreatyStatus(
                    state=s,
                    convention=ccm,
                    status=TreatyStatus.Status.PARTY,
                    signature=D(2008, 12, 3),
                    ratification=D(2009 + i % 12, 1 + i % 12, 1),
                    instrument=TreatyStatus.Instrument.RATIFICATION,
                    entry_into_force=D(2010 + i % 12, 1 + i % 12, 1),
                )
                for i, s in enumerate(new)
            ],
        )
        _bulk(
            Obligation,
            [
                Obligation(state=s, article=4, original_deadline=D(2020 + i % 12, 8, 1))
                for i, s in enumerate(new)
                if i % 5 == 0
            ],
        )
        self.all_states = existing + new
        delegations = {d.state_id: d for d in Delegation.objects.filter(state__isnull=False)}
        persons = []
        for s in self.all_states:
            for k in range(2):
                persons.append(
                    Person(
                        title=rng.choice(["Mr.", "Ms.", "Dr."]),
                        first_name=rng.choice(["Anna", "Marc", "Sara", "Ivan", "Leila", "Tom", "Ines", "Omar"]),
                        last_name=f"{rng.choice(SYLLABLES).title()}{rng.choice(SYLLABLES)}",
                        delegation=delegations[s.pk],
                        function="Delegate" if k else "Ambassador",
                        email=f"delegate{k}.{s.iso3.lower()}@example.org",
                    )
                )
        persons = _bulk(Person, persons)
        self.delegations = [delegations[s.pk] for s in self.all_states]
        self.persons_of = {}
        for p in persons:
            self.persons_of.setdefault(p.delegation_id, []).append(p)

    def terms(self):
        from directory.models import Mandate, Term, ThematicArea

        rng = self.rng
        first = TODAY.year - self.size.terms + 1
        have = {t.start.year: t for t in Term.objects.all()}
        new = [
            Term(name=f"{year - 2009}MSP", presidency=rng.choice(self.all_states), start=D(year, 9, 7))
            for year in range(first, TODAY.year + 1)
            if year not in have
        ]
        _bulk(Term, new)
        terms = sorted(Term.objects.filter(start__year__gte=first), key=lambda t: t.start)
        for this, following in zip(terms, terms[1:], strict=False):
            if this.end is None:
                Term.objects.filter(pk=this.pk).update(end=following.start - datetime.timedelta(days=1))
        self.terms_list = terms
        self.areas = list(ThematicArea.objects.order_by("order", "pk"))
        existing = set(Mandate.objects.values_list("area_id", "term_id"))
        mandates = []
        for term in terms:
            for area in self.areas:
                if (area.pk, term.pk) in existing:
                    continue
                for order, state in enumerate(rng.sample(self.all_states, 2)):
                    mandates.append(Mandate(area=area, term=term, state=state, order=order))
        _bulk(Mandate, mandates)

    # --- coordinators -----------------------------------------------------------------------
    def plans(self):
        from coordinators.models import ActionPlan, Activity, Output, ProgressUpdate, TargetState

        rng = self.rng
        existing = set(ActionPlan.objects.values_list("area_id", "term_id"))
        plans = [
            ActionPlan(
                area=area,
                term=term,
                title=f"{area.name} Action Plan {term.start.year}-{term.start.year + 1}",
                starts=term.start,
                is_public=rng.random() < 0.7,
            )
            for term in self.terms_list
            for area in self.areas
            if (area.pk, term.pk) not in existing
        ]
        plans = _bulk(ActionPlan, plans)
        outputs = []
        for plan in plans:
            for number in range(1, 7):
                target = rng.randint(3, 20)
                outputs.append(
                    Output(
                        plan=plan,
                        number=number,
                        text=_text(rng, 25),
                        indicator="States Parties approached",
                        baseline=Decimal(0),
                        target_value=Decimal(target),
                        unit="States Parties",
                        deadline=plan.starts + datetime.timedelta(days=rng.randint(120, 360)),
                        serves_action=f"Lausanne Action Plan, action {rng.randint(1, 9)}.{rng.randint(1, 9)}",
                    )
                )
        outputs = _bulk(Output, outputs)
        activities, progress = [], []
        for output in outputs:
            for _ in range(2):
                start = output.deadline - datetime.timedelta(days=rng.randint(60, 200))
                activities.append(
                    Activity(
                        output=output,
                        what=_text(rng, 12),
                        who=rng.choice(["The Coordinators", "The ISU", "The Presidency"]),
                        start=start,
                        end=start + datetime.timedelta(days=rng.randint(10, 90)),
                        status=Activity.Status.DONE if output.deadline < TODAY else Activity.Status.PLANNED,
                    )
                )
            for k in range(3):
                date = output.deadline - datetime.timedelta(days=100 - 30 * k)
                if date <= TODAY:
                    progress.append(
                        ProgressUpdate(
                            output=output,
                            date=date,
                            value=Decimal(min(int(output.target_value), rng.randint(0, int(output.target_value)))),
                            narrative=_text(rng, 15),
                        )
                    )
        _bulk(Activity, activities)
        _bulk(ProgressUpdate, progress)
        existing_targets = set(TargetState.objects.values_list("area_id", "term_id", "state_id"))
        targets = []
        for term in self.terms_list:
            for area in self.areas:
                for state in rng.sample(self.all_states, 5):
                    if (area.pk, term.pk, state.pk) not in existing_targets:
                        targets.append(TargetState(area=area, term=term, state=state, reason=TargetState.Reason.OTHER))
        _bulk(TargetState, targets)

    # --- meetings ---------------------------------------------------------------------------
