"""The scale of assessments, the financial years and their assessments: each State's shares of
the ISU budget (60 % the States Parties, 40 % the meeting's participants) and of the UN's
conference services."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from directory.models import State

from .. import allocation
from ..models import ZERO, Assessment, FinancialYear, ScalePeriod, ScaleRate

ISO3 = re.compile(r"^[A-Z]{3}$")
PERIOD = re.compile(r"^\d{4}-\d{4}$")


# --- The scale of assessments -------------------------------------------------------------


def parse_scale_csv(text: str) -> list[tuple[str, Decimal]]:
    """Read `iso3, rate_percent` rows; every bad row is reported, with its line number."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    if not {"iso3", "rate_percent"} <= columns:
        found = ", ".join(sorted(columns)) or gettext("none")
        raise ValidationError(
            gettext("The file needs the columns iso3 and rate_percent (found: %(found)s).") % {"found": found}
        )
    rows, errors, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        record = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        iso3, rate = record.get("iso3", "").upper(), record.get("rate_percent", "")
        if not ISO3.match(iso3):
            errors.append(
                gettext("line %(line)s: %(value)s is not an ISO 3166 alpha-3 code")
                % {"line": line, "value": iso3[:40] or gettext("(empty)")}
            )
            continue
        try:
            value = Decimal(rate)
        except InvalidOperation:
            errors.append(
                gettext("line %(line)s: the rate %(rate)s of %(iso3)s is not a number")
                % {"line": line, "rate": rate[:40] or gettext("(empty)"), "iso3": iso3}
            )
            continue
        if not value.is_finite() or value < 0 or value > 100:
            errors.append(
                gettext("line %(line)s: the rate %(rate)s of %(iso3)s is not between 0 and 100")
                % {"line": line, "rate": rate[:40], "iso3": iso3}
            )
            continue
        if value.as_tuple().exponent < -6:
            errors.append(
                gettext("line %(line)s: the rate %(rate)s of %(iso3)s has more than 6 decimals")
                % {"line": line, "rate": rate[:40], "iso3": iso3}
            )
            continue
        if iso3 in seen:
            errors.append(gettext("line %(line)s: %(iso3)s appears twice") % {"line": line, "iso3": iso3})
            continue
        seen.add(iso3)
        rows.append((iso3, value))
    if not rows and not errors:
        errors.append(gettext("the file has no rates"))
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def scale_import(*, period: str, text: str, source: str = "") -> ScalePeriod:
    """Import (or replace) the rates of a period; a file with any bad row saves nothing."""
    if not PERIOD.match(period):
        raise ValidationError(gettext("The period “%(period)s” should look like 2016-2018.") % {"period": period[:40]})
    rows = parse_scale_csv(text)
    scale_period, _ = ScalePeriod.objects.update_or_create(name=period, defaults={"source": source})
    scale_period.rates.all().delete()
    ScaleRate.objects.bulk_create(ScaleRate(period=scale_period, iso3=iso3, rate_percent=rate) for iso3, rate in rows)
    return scale_period


# --- Financial years ----------------------------------------------------------------------

YEAR_FIELDS = {
    "year", "isu_budget", "scale_period", "floor_percent", "ceiling_percent", "meeting", "meeting_cost", "psc_percent",
}  # fmt: skip


@transaction.atomic
def financial_year_create(*, participants, **fields) -> FinancialYear:
    """A year's budget, its scale and the meeting (with the States taking part) that bases the 40 %."""
    unknown = set(fields) - YEAR_FIELDS
    if unknown:
        raise ValueError(f"not a financial year's field: {sorted(unknown)}")
    financial_year = FinancialYear.objects.create(**fields)
    financial_year.participants.set(participants)
    return financial_year


@transaction.atomic
def financial_year_update(*, financial_year: FinancialYear, participants, **fields) -> FinancialYear:
    """Change a year's budget; refused once its invoices are issued (its budget is frozen)."""
    unknown = set(fields) - YEAR_FIELDS
    if unknown:
        raise ValueError(f"not a financial year's field: {sorted(unknown)}")
    if FinancialYear.objects.select_for_update().get(pk=financial_year.pk).is_frozen:
        raise ValidationError(
            gettext("The invoices of %(year)s are issued: its budget is frozen.") % {"year": financial_year.year}
        )
    for name, value in fields.items():
        setattr(financial_year, name, value)
    financial_year.save()
    financial_year.participants.set(participants)
    return financial_year


# --- Assessments --------------------------------------------------------------------------


def states_parties(financial_year: FinancialYear):
    """States Parties on 1 January of the year: they bear the 60 %."""
    return State.objects.parties_to("ccm", on=financial_year.states_parties_on).distinct()


@transaction.atomic
def assessments_compute(*, financial_year: FinancialYear) -> list[Assessment]:
    """Compute (again) every State's shares of the year; refused once invoices are issued."""
    financial_year = FinancialYear.objects.select_for_update().get(pk=financial_year.pk)
    if financial_year.is_frozen:
        raise ValidationError(gettext("The invoices of this year are issued: its assessments are frozen."))
    parties = {s.iso3: s for s in states_parties(financial_year)}
    participants = {s.iso3: s for s in financial_year.participants.all()}
    if not parties:
        raise ValidationError(
            gettext("No State was party to the Convention on 1 January %(year)s.") % {"year": financial_year.year}
        )
    rates = dict(
        financial_year.scale_period.rates.filter(iso3__in=set(parties) | set(participants)).values_list(
            "iso3", "rate_percent"
        )
    )
    missing = sorted(s.name for iso3, s in {**parties, **participants}.items() if iso3 not in rates)
    if missing:
        raise ValidationError(
            gettext("The scale %(scale)s has no rate for: %(states)s. Import the full scale.")
            % {"scale": financial_year.scale_period, "states": ", ".join(missing)}
        )
    if financial_year.meeting_cost and not participants:
        raise ValidationError(gettext("Name the States taking part in the meeting: they share its costs and the 40 %."))
    bounds = {"floor": financial_year.floor_percent, "ceiling": financial_year.ceiling_percent}
    try:
        isu = allocation.isu_shares(
            financial_year.isu_budget,
            {iso3: rates[iso3] for iso3 in parties},
            list(participants),
            participant_scale=rates,
            **bounds,
        )
        participant_rates = {iso3: rates[iso3] for iso3 in participants}
        un = allocation.un_services(
            financial_year.meeting_cost, participant_rates, psc_percent=financial_year.psc_percent, **bounds
        )
    except ValueError as error:
        raise ValidationError(str(error)) from error
    financial_year.assessments.all().delete()
    rows = []
    for iso3, state in sorted({**parties, **participants}.items(), key=lambda kv: kv[1].name):
        s60, s40 = isu.shares60.get(iso3), isu.shares40.get(iso3)
        cost, psc = un.cost_shares.get(iso3), un.psc_shares.get(iso3)
        rows.append(
            Assessment(
                financial_year=financial_year,
                state=state,
                un_rate=rates[iso3],
                is_party=iso3 in parties,
                is_participant=iso3 in participants,
                adjusted_rate60=s60.adjusted_rate if s60 else None,
                share60=s60.share if s60 else ZERO,
                adjusted_rate40=s40.adjusted_rate if s40 else None,
                share40=s40.share if s40 else ZERO,
                un_cost=cost.share if cost else ZERO,
                un_psc=psc.share if psc else ZERO,
            )
        )
    Assessment.objects.bulk_create(rows)
    financial_year.assessed_at = timezone.now()
    financial_year.save(update_fields=["assessed_at"])
    return rows


def year_totals(financial_year: FinancialYear) -> dict[str, Decimal]:
    totals = financial_year.assessments.aggregate(
        share60=Sum("share60"), share40=Sum("share40"), un_cost=Sum("un_cost"), un_psc=Sum("un_psc")
    )
    return {key: value or ZERO for key, value in totals.items()}
