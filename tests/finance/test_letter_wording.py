"""The finance letters read like the ISU's own: the State named with its article ('the Lao People's
Democratic Republic'), amounts written 'CHF 1,000.00', and the date of Geneva, not of UTC: a letter
issued at 23:30 UTC on 29 November is dated 30 November. The State and its figures are made up
for the test (the rates are not the UN's)."""

import datetime
import subprocess
from decimal import Decimal

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import formats, translation

from directory import names
from directory.models import State
from finance import services
from finance.models import FinancialYear, JointLetter, ReminderRound
from finance.pdfs import build_reminder, joint_letter_request
from meetings.models import Meeting
from tests.factories import MeetingFactory, StateFactory

from .conftest import make_party

LAO_NAME = "Lao People's Democratic Republic"
# 23:30 UTC on 29 November is 00:30 on 30 November in Geneva (CET, UTC+1)
LATE_EVENING_UTC = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC)


def pdf_text(document) -> str:
    document.refresh_from_db()
    assert document.is_ready, document.error if hasattr(document, "error") else document
    with document.file.open("rb") as file:
        data = file.read()
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return " ".join(text.replace("\u00a0", " ").split())  # one line, the spaces as pdftotext gives them


@pytest.fixture
def lao(db):
    state = StateFactory(iso3="LAO", name=LAO_NAME, official_name=LAO_NAME)
    names.fill_blank_names(state)
    state.save()
    return make_party(state)


@pytest.fixture
def lao_year(lao, isu_staff):
    period = services.scale_import(period="2025-2027", text="iso3,rate_percent\nLAO,1\n", source="made up")
    meeting = MeetingFactory(kind=Meeting.Kind.MSP, title="Fourteenth Meeting of States Parties",
                             date=datetime.date(2027, 9, 6))  # fmt: skip
    year = FinancialYear.objects.create(
        year=2027,
        isu_budget=Decimal("1000.00"),
        scale_period=period,
        floor_percent=Decimal("0.001"),
        ceiling_percent=None,
        meeting=meeting,
        meeting_cost=Decimal("1000.00"),
    )
    year.participants.set([lao])
    services.assessments_compute(financial_year=year)
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        services.invoices_issue(financial_year=year, by=isu_staff)  # dated today, in Geneva
    return year


def test_the_joint_letter_names_the_state_with_its_article_and_has_the_geneva_date(
    lao, lao_year, django_capture_on_commit_callbacks
):
    letter = JointLetter.objects.get(state=lao)
    assert letter.isu_invoice.issue_date == datetime.date(2026, 11, 30)
    with django_capture_on_commit_callbacks(execute=True):
        document = joint_letter_request(letter)
    text = pdf_text(document)
    assert "Geneva, 30 November 2026" in text
    assert "29 November 2026" not in text
    assert f"To the Permanent Mission of the {LAO_NAME}" in text  # no contact on record: by name
    assert f"the two invoices of the {LAO_NAME} for 2027" in text
    assert "(CHF 1,000.00 for 2027)" in text  # the ISU budget, written as the ISU writes amounts
    assert f"of {LAO_NAME}" not in text.replace(f"of the {LAO_NAME}", "")  # never without its article


def test_the_finance_letters_follow_the_states_language_not_the_active_one(
    lao, lao_year, django_capture_on_commit_callbacks
):
    letter = JointLetter.objects.get(state=lao)
    assert lao.language == "en"  # a State writes in English unless the register says otherwise
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        english = joint_letter_request(letter)  # asked from a French page: still the State's English
    text = pdf_text(english)
    assert f"the two invoices of the {LAO_NAME}" in text
    assert "30 November 2026" in text and "novembre" not in text
    assert "République démocratique populaire lao" not in text
    # the State now writes in French: its letter is another file, in French; the English one stays
    State.objects.filter(pk=lao.pk).update(language="fr")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        french = joint_letter_request(JointLetter.objects.select_related("state").get(pk=letter.pk))
    assert french.pk != english.pk and (french.language, english.language) == ("fr", "en")
    text = pdf_text(french)
    assert "30 novembre 2026" in text and "November" not in text
    assert "République démocratique populaire lao" in text
    assert "Convention sur les armes à sous-munitions" in text and "Facture" in text
    assert "1 000,00" in text.replace("\u202f", " ")  # the ISU budget, as French writes amounts
    assert pdf_text(english).count("30 November 2026") >= 1  # the English file is unchanged


def test_the_reminder_names_the_state_with_its_article_and_has_the_geneva_date(
    lao, lao_year, isu_staff, django_capture_on_commit_callbacks
):
    overdue_day = lao_year.due_date + datetime.timedelta(days=20)
    # 22:30 UTC in summer is 00:30 the next day in Geneva (CEST, UTC+2)
    late = datetime.datetime.combine(overdue_day, datetime.time(22, 30), tzinfo=datetime.UTC)
    geneva_day = overdue_day + datetime.timedelta(days=1)
    with time_machine.travel(late, tick=False), django_capture_on_commit_callbacks(execute=True):
        reminder_round = services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, by=isu_staff)
    assert reminder_round.run_on == geneva_day
    reminder = reminder_round.reminders.get(state=lao)
    text = pdf_text(reminder.document)
    with translation.override("en"):
        printed = formats.date_format(geneva_day, "j F Y")
    assert f"Geneva, {printed}" in text and f"as of {printed}" in text
    assert f"the following invoices addressed to the {LAO_NAME} were due" in text
    assert f"We would be grateful if the {LAO_NAME} could settle this amount" in text
    template, context = build_reminder(reminder.pk)
    assert f"settle this amount ({names.chf(context['total'], 'en')})" in render_to_string(template, context)
