"""Assessments of a year on a hand-worked example, and the scale import."""

import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from finance import services
from finance.models import Assessment, ScalePeriod, ScaleRate


def test_the_year_is_assessed_as_worked_out_by_hand(assessed, italy, australia, iraq):
    # 60 % of 1,000 = 600 over Italy 3, Australia 2, Iraq 1 → 300 / 200 / 100.
    # 40 % = 400 over the participants Italy 3, Iraq 1 → 300 / 100.
    # The meeting's 1,000 over Italy and Iraq → 750 / 250; PSC 13 % = 130 → 97.50 / 32.50.
    rows = {a.state: a for a in Assessment.objects.filter(financial_year=assessed)}
    assert (rows[italy].share60, rows[italy].share40, rows[italy].un_cost, rows[italy].un_psc) == (
        D("300.00"), D("300.00"), D("750.00"), D("97.50"),
    )  # fmt: skip
    assert (rows[australia].share60, rows[australia].share40, rows[australia].un_total) == (D("200.00"), 0, 0)
    assert (rows[iraq].share60, rows[iraq].share40, rows[iraq].un_cost, rows[iraq].un_psc) == (
        D("100.00"), D("100.00"), D("250.00"), D("32.50"),
    )  # fmt: skip
    assert rows[iraq].adjusted_rate60 == D("16.6666666667") and rows[iraq].adjusted_rate40 == D(25)
    totals = services.year_totals(assessed)
    assert totals == {"share60": D("600.00"), "share40": D("400.00"), "un_cost": D("1000.00"), "un_psc": D("130.00")}


def test_a_state_missing_from_the_scale_is_named(year, iraq):
    ScaleRate.objects.filter(iso3="IRQ").delete()
    with pytest.raises(ValidationError, match="Iraq"):
        services.assessments_compute(financial_year=year)


def test_an_infeasible_ceiling_is_a_clear_error(year):
    year.ceiling_percent = D(22)  # three States cannot make 100 % under 22 % each
    year.save()
    with pytest.raises(ValidationError, match="ceiling"):
        services.assessments_compute(financial_year=year)


def test_assessments_are_frozen_once_invoices_are_issued(issued):
    with pytest.raises(ValidationError, match="frozen"):
        services.assessments_compute(financial_year=issued)


def test_scale_import_command(tmp_path, db):
    path = tmp_path / "scale.csv"
    path.write_text("iso3,rate_percent\nDEU,6.389\nFRA,4.859\nIRQ,0.129\n")  # rates as published, for the format
    out = io.StringIO()
    call_command("import_scale", str(path), "--period", "2016-2018", stdout=out)
    assert "3 rates" in out.getvalue()
    assert ScalePeriod.objects.get(name="2016-2018").rates.get(iso3="IRQ").rate_percent == D("0.129")


def test_a_bad_scale_file_saves_nothing_and_names_every_bad_row(tmp_path, db):
    path = tmp_path / "scale.csv"
    path.write_text("iso3,rate_percent\nDEU,6.389\nXX,1\nFRA,abc\nDEU,2\nITA,-1\n")
    with pytest.raises(CommandError) as error:
        call_command("import_scale", str(path), "--period", "2016-2018")
    message = str(error.value)
    for expected in ("line 3", "line 4", "line 5", "line 6", "appears twice"):
        assert expected in message
    assert not ScalePeriod.objects.exists() and not ScaleRate.objects.exists()


def test_wrong_columns_or_period_are_refused(db):
    with pytest.raises(ValidationError, match="columns"):
        services.scale_import(period="2016-2018", text="country,rate\nDEU,1\n")
    with pytest.raises(ValidationError, match="2016-2018"):
        services.scale_import(period="2016", text="iso3,rate_percent\nDEU,1\n")
