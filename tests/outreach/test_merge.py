"""Merge fields: values from the register, unknown fields refused, missing values named per State."""

import datetime
from decimal import Decimal

import pytest

from directory.models import Article7Report, Obligation, ReportedFigure
from outreach import merge
from tests.factories import StateFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_fields_come_from_the_register():
    state = StateFactory(iso3="LBN", name="Lebanon", official_name="Lebanese Republic", capital="Beirut")
    Obligation.objects.create(
        state=state, article=4, original_deadline=datetime.date(2021, 5, 1), extended_deadline=datetime.date(2026, 5, 1)
    )
    Article7Report.objects.create(state=state, year=2016, due=datetime.date(2017, 4, 30))
    ReportedFigure.objects.create(state=state, indicator="contaminated", value=Decimal("7.30"),
                                  as_of=datetime.date(2016, 12, 31), source="Art. 7")  # fmt: skip
    context = merge.state_context(state, language="fr", term=TermFactory(), today=datetime.date(2017, 6, 1))
    text = merge.render(
        "{{ address.salutation }} {{ state.official_name }}: {{ deadline.article4 }}; "
        "{{ article7.overdue_years }}; {{ figures.contaminated }} km²; {{ today }}",
        context,
    )
    # in French, the register's French name (filled from directory/data/state_names.csv when the
    # State was created); the official names are held in English only. The 1st: "1er".
    assert text == "Excellence, Liban: 1er mai 2026; 2016; 7.3 km²; 1er juin 2017"


def test_spanish_form_of_address_and_coordinators_joined(world):
    context = merge.state_context(world["afg"], language="es", term=world["term"], area=world["va"])
    assert merge.render("{{ address.form }}: {{ area.coordinators }}", context) == "Su Excelencia: Italia"


def test_unknown_fields_and_syntax_errors_are_listed():
    check = merge.check_template("{{ state.nmae }} {{ foo }} {{ state.name }}")
    assert check.errors == ["Unknown merge field {{ foo }}.", "Unknown merge field {{ state.nmae }}."]
    assert merge.check_template("{{ state.name ")
    assert "Line 1" in merge.check_template("{% if %}").errors[0]


def test_a_group_name_alone_is_refused():
    assert "is a group" in merge.check_template("{{ deadline }}").errors[0]


def test_missing_value_names_the_field_and_the_state():
    state = StateFactory(name="Benin")
    context = merge.state_context(state, language="en")
    with pytest.raises(merge.MergeError, match=r"Benin: no value for \{\{ deadline.article4 \}\}"):
        merge.render("Deadline: {{ deadline.article4 }}", context, label="Benin")


def test_the_sandbox_refuses_python_internals():
    with pytest.raises(merge.MergeError):
        merge.render("{{ state.name.__class__.__mro__ }}", {"state": {"name": "x"}})
