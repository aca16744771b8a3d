"""Action plans: derived output status, who may edit, conflicts, audit, target lists and overlaps."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coordinators import selectors, services
from coordinators.models import TargetState
from coordinators.status import OutputStatus, output_status
from directory.models import Mandate, Obligation
from tests.factories import ActionPlanFactory, OutputFactory, StateFactory, TermFactory, ThematicAreaFactory

START = datetime.date(2016, 12, 1)
DEADLINE = datetime.date(2017, 6, 30)
HALFWAY = START + (DEADLINE - START) / 2


def status(value, today, baseline=0, target=5):
    return output_status(
        baseline=Decimal(baseline),
        target=Decimal(target),
        value=Decimal(value),
        start=START,
        deadline=DEADLINE,
        today=today,
    )


@pytest.mark.parametrize(
    "value, today, expected",
    [
        (5, HALFWAY, OutputStatus.ACHIEVED),  # target reached before the deadline
        (6, DEADLINE + datetime.timedelta(days=30), OutputStatus.ACHIEVED),  # reached, even if late to report
        (4, DEADLINE + datetime.timedelta(days=1), OutputStatus.OFF_TRACK),  # deadline passed, not reached
        (3, HALFWAY, OutputStatus.ON_TRACK),  # 60 % of the way at 50 % of the time
        (2.5, HALFWAY, OutputStatus.ON_TRACK),  # exactly on the line
        (1.5, HALFWAY, OutputStatus.AT_RISK),  # 30 %: behind, within a quarter
        (1, HALFWAY, OutputStatus.OFF_TRACK),  # 20 %: more than a quarter behind
        (0, START, OutputStatus.ON_TRACK),  # nothing expected yet
        (0, START - datetime.timedelta(days=10), OutputStatus.ON_TRACK),  # before the plan starts
        (4.9, DEADLINE, OutputStatus.AT_RISK),  # the last day, nearly there
    ],
)
def test_output_status(value, today, expected):
    assert status(value, today) == expected


def test_status_counts_from_the_baseline():
    # 10 → 20 km²: 15 at half time is on track, 12 is off track
    assert status(15, HALFWAY, baseline=10, target=20) == OutputStatus.ON_TRACK
    assert status(12, HALFWAY, baseline=10, target=20) == OutputStatus.OFF_TRACK


@pytest.fixture
def term(db):
    return TermFactory(start=datetime.date(2016, 9, 7), end=None)


@pytest.fixture
def areas(db):
    return {
        "va": ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance", order=1),
        "ica": ThematicAreaFactory(name="International Cooperation and Assistance", slug="ica", order=5),
        "nim": ThematicAreaFactory(name="National Implementation Measures", slug="nim", order=7),
    }


@pytest.fixture
def plan(term, areas, italy, australia):
    Mandate.objects.create(area=areas["va"], term=term, state=italy)
    Mandate.objects.create(area=areas["ica"], term=term, state=australia)
    return ActionPlanFactory(area=areas["va"], term=term, starts=START)


@pytest.fixture
def output_2(plan):
    return OutputFactory(plan=plan, number=2, target_value=Decimal(5), deadline=DEADLINE)


def test_the_areas_coordinator_records_progress(output_2, coordinator_va):
    update = services.progress_record(
        output=output_2, date=datetime.date(2017, 3, 1), value=Decimal(3), narrative="Three replied.", by=coordinator_va
    )
    assert output_2.current_value == Decimal(3)
    assert update.history.first().history_user == coordinator_va


def test_another_areas_coordinator_is_refused(output_2, coordinator_ica):
    with pytest.raises(PermissionDenied):
        services.progress_record(output=output_2, date=datetime.date(2017, 3, 1), value=Decimal(3), by=coordinator_ica)
    assert not output_2.progress_updates.exists()


def test_the_isu_edits_every_plan(output_2, isu_staff):
    services.progress_record(output=output_2, date=datetime.date(2017, 3, 1), value=Decimal(1), by=isu_staff)
    assert output_2.progress_updates.count() == 1


def test_a_coordinator_of_a_past_term_is_refused(output_2, coordinator_va, italy, areas):
    later = TermFactory(name="8MSP", presidency=italy, start=datetime.date(2017, 9, 7), end=None)
    assert later.pk != output_2.plan.term_id
    with pytest.raises(PermissionDenied):
        services.progress_record(output=output_2, date=datetime.date(2017, 3, 1), value=Decimal(3), by=coordinator_va)


def test_progress_in_the_future_is_refused(output_2, coordinator_va):
    with pytest.raises(ValidationError):
        services.progress_record(
            output=output_2,
            date=datetime.date.today() + datetime.timedelta(days=1),
            value=Decimal(3),
            by=coordinator_va,
        )


def test_concurrent_output_edits_conflict_and_nothing_is_overwritten(output_2, coordinator_va, isu_staff):
    version = output_2.lock_version
    services.output_update(
        output=output_2, expected_version=version, by=coordinator_va, deadline=datetime.date(2017, 9, 1)
    )
    with pytest.raises(ValidationError, match="Somebody else"):
        services.output_update(output=output_2, expected_version=version, by=isu_staff, target_value=Decimal(6))
    output_2.refresh_from_db()
    assert (output_2.deadline, output_2.target_value) == (datetime.date(2017, 9, 1), Decimal(5))


def test_output_changes_are_audited_with_a_readable_diff(output_2, coordinator_va):
    services.output_update(
        output=output_2, expected_version=output_2.lock_version, by=coordinator_va, target_value=Decimal(6)
    )
    new, old = output_2.history.all()[:2]
    diff = new.diff_against(old)
    changes = {c.field: (c.old, c.new) for c in diff.changes if c.field != "lock_version"}
    assert changes == {"target_value": (Decimal(5), Decimal(6))}
    assert new.history_user == coordinator_va


def test_a_target_below_the_baseline_is_refused(output_2, isu_staff):
    with pytest.raises(ValidationError):
        services.output_update(
            output=output_2, expected_version=output_2.lock_version, by=isu_staff, baseline=Decimal(9)
        )


def test_overlap_matrix_shows_states_targeted_by_several_areas(term, areas, plan, isu_staff):
    afghanistan = StateFactory(iso3="AFG", name="Afghanistan")
    lebanon = StateFactory(iso3="LBN", name="Lebanon")
    for area in ("va", "nim"):
        services.target_add(area=areas[area], term=term, state=afghanistan, reason="legislation", by=isu_staff)
    services.target_add(area=areas["va"], term=term, state=lebanon, reason="assistance", by=isu_staff)
    columns, rows = selectors.overlap_matrix(term)
    assert [state.name for state, *_ in rows] == ["Afghanistan"]
    state, marks, targets = rows[0]
    assert [a.name for a, marked in zip(columns, marks, strict=True) if marked] == [
        "Victim Assistance",
        "National Implementation Measures",
    ]


def test_a_state_is_targeted_once_per_area(term, areas, plan, isu_staff):
    afghanistan = StateFactory(iso3="AFG", name="Afghanistan")
    services.target_add(area=areas["va"], term=term, state=afghanistan, reason="legislation", by=isu_staff)
    with pytest.raises(ValidationError):
        services.target_add(area=areas["va"], term=term, state=afghanistan, reason="other", by=isu_staff)


def test_a_coordinator_edits_only_their_own_target_list(term, areas, plan, coordinator_ica, coordinator_va):
    afghanistan = StateFactory(iso3="AFG", name="Afghanistan")
    with pytest.raises(PermissionDenied):
        services.target_add(area=areas["va"], term=term, state=afghanistan, reason="legislation", by=coordinator_ica)
    services.target_add(area=areas["va"], term=term, state=afghanistan, reason="legislation", by=coordinator_va)
    assert TargetState.objects.count() == 1


def test_candidates_come_from_deadlines_and_signatures(db):
    lebanon = StateFactory(iso3="LBN", name="Lebanon")
    Obligation.objects.create(state=lebanon, article=4, original_deadline=datetime.date(2021, 5, 1))
    far = StateFactory(iso3="XXF", name="Farland")
    Obligation.objects.create(state=far, article=4, original_deadline=datetime.date(2030, 1, 1))
    names = [state.name for state, *_ in selectors.target_candidates(years=3, on=datetime.date(2019, 1, 1))]
    assert names == ["Lebanon"]


def test_states_with_an_overdue_article_7_report_are_candidates(db):
    from directory.models import Article7Report

    benin = StateFactory(iso3="BEN", name="Benin")
    Article7Report.objects.create(state=benin, year=2018, is_initial=True, due=datetime.date(2018, 6, 30))
    candidates = selectors.target_candidates(on=datetime.date(2019, 1, 1))
    assert [(s.name, reason) for s, reason, _why in candidates] == [("Benin", TargetState.Reason.OVERDUE_REPORT)]
