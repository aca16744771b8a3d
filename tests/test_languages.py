"""Issue 18: what people receive is in the reader's language. A portal user's choice (made in the
language switcher or on the preferences page, and given back at login on any browser) sets the
language of their e-mails; a State's language of correspondence sets the language of what it is
sent: its contacts' e-mails, its invoices, joint letters and reminders (the PDFs too). The States,
people and figures are invented for the tests."""

from __future__ import annotations

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from ccm_portal.digest import send_weekly_digest
from directory import preferences
from directory.models import Contact, EmailPreference, Mandate
from directory.selectors import language_for_user, languages_for_addresses
from finance import services as finance
from finance.models import FinancialYear, Reminder, ReminderRound
from meetings import services
from meetings.models import Meeting
from outbox.models import Notification
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    MeetingFactory,
    StateFactory,
    TermFactory,
    ThematicAreaFactory,
)
from tests.finance.conftest import make_party

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2031, 3, 4)  # a Tuesday


def _to(address):
    return [message for message in mail.outbox if address in message.to]


def _pdf_text(data: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _in(language: str, msgid: str, **values) -> str:
    """The catalogue's wording of a message in a language (the English while it has none)."""
    with translation.override(language):
        return gettext(msgid) % values if values else gettext(msgid)


@pytest.fixture
def aravena(db):
    """An invented Spanish-speaking State."""
    return StateFactory(iso3="QVA", name="Aravena", name_es="Aravena", official_name="Republic of Aravena",
                        language="es")  # fmt: skip


@pytest.fixture
def committee(italy, aravena, coordinator_va):
    """Italy and Aravena hold mandates in the meeting's term; Italy's mission and Aravena's write in
    their States' languages (English, Spanish); Italy's Coordinator has chosen French."""
    term = TermFactory()
    Mandate.objects.create(area=ThematicAreaFactory(name="Victim Assistance", slug="va"), term=term, state=italy)
    Mandate.objects.create(area=ThematicAreaFactory(name="Clearance", slug="clearance"), term=term, state=aravena)
    Contact.objects.create(
        state=italy, kind="geneva_mission", name="Mission of Italy", email="mission@italy.example.org"
    )
    Contact.objects.create(state=aravena, kind="geneva_mission", name="Misión", email="mision@aravena.example.org")
    preferences.email_preference_set(user=coordinator_va, language="fr")
    meeting = MeetingFactory(
        title="Fourth Aardvark meeting", term=term, date=MEETING_DAY,
        start_time=datetime.time(10, 0), end_time=datetime.time(12, 30), venue="Palais des Nations, Room XII",
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, title="Adoption of the agenda", position=1)
    services.agenda_renumber(meeting=meeting)
    return meeting


def test_the_data_migration_gives_each_state_its_language_and_keeps_the_isus_choice():
    import importlib

    from django.apps import apps

    from directory.models import State

    migration = importlib.import_module("directory.migrations.0009_state_languages")
    for iso3 in ("ESP", "MEX", "FRA", "SEN", "DEU", "JPN"):  # the codes are real, the names invented
        StateFactory(iso3=iso3, name=f"Land {iso3}")
    State.objects.filter(iso3="SEN").update(language="es")  # the ISU's choice, before the migration runs
    migration.fill_languages(apps, None)
    languages = dict(State.objects.filter(name__startswith="Land ").values_list("iso3", "language"))
    assert languages == {"ESP": "es", "MEX": "es", "FRA": "fr", "SEN": "es", "DEU": "en", "JPN": "en"}
    assert StateFactory(iso3="QVN", name="Newland").language == "en"  # a State created later: English


def test_each_address_has_its_language(committee, coordinator_va, isu_staff):
    spoken = languages_for_addresses(
        ["Coordinator-VA@example.org", "mission@italy.example.org", "mision@aravena.example.org", "x@example.org"]
    )
    assert spoken == {
        "coordinator-va@example.org": "fr",  # the user's choice
        "mission@italy.example.org": "en",  # Italy's language
        "mision@aravena.example.org": "es",  # Aravena's language
        "x@example.org": "en",  # nobody known: the portal's default
    }
    assert (language_for_user(coordinator_va), language_for_user(isu_staff)) == ("fr", "en")


def test_the_invitation_goes_in_each_readers_language(
    committee, italy, coordinator_va, isu_staff, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(meeting=committee, by=isu_staff)
    [french] = _to("coordinator-va@example.org")
    assert french.subject == "Invitation : Fourth Aardvark meeting (4 mars 2031)"
    assert "Vous êtes invité(e) à la réunion suivante : Fourth Aardvark meeting." in french.body
    assert "mardi 4 mars 2031" in french.body and "Heure (Genève): 10:00–12:30" in french.body
    assert "Ordre du jour" in french.body and "You are invited" not in french.body
    [spanish] = _to("mision@aravena.example.org")
    assert spanish.subject == "Invitación: Fourth Aardvark meeting (4 de marzo de 2031)"
    assert "martes 4 de marzo de 2031" in spanish.body and "Orden del día" in spanish.body
    [english] = _to("mission@italy.example.org")
    assert english.subject == "Invitation: Fourth Aardvark meeting (4 March 2031)"
    assert "You are invited to Fourth Aardvark meeting." in english.body and "Tuesday 4 March 2031" in english.body
    for message in (french, spanish, english):  # one calendar entry for all, whatever the language
        (ics,) = [content for name, content, _type in message.attachments if name == "invitation.ics"]
        calendar = Calendar.from_ical(ics)
        [event] = calendar.walk("VEVENT")
        assert str(calendar["METHOD"]) == "REQUEST" and str(event["UID"]) == f"meeting-{committee.pk}@ccm-portal"
        assert event.decoded("DTSTART").date() == MEETING_DAY

    # A delegation whose addresses read two languages is reminded in each: one e-mail per language,
    # the English one under the key it always had.
    settings.INVITATION_REMINDER_DAYS = 7
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_reminders_send(today=MEETING_DAY - datetime.timedelta(days=5))
    key = f"meeting-invitation-reminder:{committee.pk}:{italy.delegation.pk}"
    assert Notification.objects.get(key=key).to == ["mission@italy.example.org"]
    assert Notification.objects.get(key=f"{key}:fr").to == ["coordinator-va@example.org"]
    [french] = _to("coordinator-va@example.org")
    assert "mardi 4 mars 2031" in french.body
    with django_capture_on_commit_callbacks(execute=True):  # again: nothing more, in any language
        assert services.invitation_reminders_send(today=MEETING_DAY - datetime.timedelta(days=4)) == 0


def test_the_circulation_notice_goes_in_the_members_language(
    isu_staff, coordinator_va, django_capture_on_commit_callbacks
):
    preferences.email_preference_set(user=coordinator_va, language="fr")
    meeting = MeetingFactory(title="Second Quokka meeting", status=Meeting.Status.HELD, date=datetime.date(2026, 6, 9))
    item = services.agenda_item_add(meeting=meeting, title="Opening remarks")
    minutes = services.minutes_start(meeting=meeting)
    services.minutes_item_update(item=minutes.items.get(agenda_item=item), text="Opened.", expected_version=0,
                                 by=isu_staff)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(minutes=minutes, comment_deadline=datetime.date(2031, 7, 1), by=isu_staff)
    [french] = _to(coordinator_va.email)
    assert french.subject == "Projet de procès-verbal pour commentaires : Second Quokka meeting (9 juin 2026)"
    assert "1er juillet 2031" in french.body and "draft minutes" not in french.body
    [english] = _to(isu_staff.email)
    assert english.subject == "Draft minutes for comments: Second Quokka meeting (9 June 2026)"
    assert "by 1 July 2031" in english.body


def test_the_weekly_digest_goes_in_the_users_language(coordinator_va, italy, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    preferences.email_preference_set(user=coordinator_va, language="fr")
    ActionItemFactory(meeting=MeetingFactory(title="Third Platypus meeting"), text="Send the Numbat letters",
                      due_date=today - datetime.timedelta(days=3), owner_person=coordinator_va.person)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_digest(today=today)
    [digest] = _to(coordinator_va.email)
    with translation.override("fr"):
        from directory.names import letter_date

        day = letter_date(today)
    assert digest.subject == f"Portail CCM : échéances de la semaine du {day}"
    assert digest.body.startswith("Bonjour ") and "Voici ce qui arrive à échéance dans le portail CCM." in digest.body
    assert "Send the Numbat letters" in digest.body and "Dear" not in digest.body


# ---------------------------------------------------------------- a State's letters


@pytest.fixture
def arrears(aravena, isu_staff, django_capture_on_commit_callbacks):
    """Aravena (Spanish) and Freedonia (English) owe their 2017 invoices on 1 July 2017."""
    freedonia = StateFactory(iso3="QVF", name="Freedonia", official_name="Republic of Freedonia")
    for state, address in ((aravena, "tesoro@aravena.example.org"), (freedonia, "treasury@freedonia.example.org")):
        make_party(state)
        Contact.objects.create(state=state, kind="geneva_mission", name="Treasury", email=address,
                               for_mission=False, for_finance=True)  # fmt: skip
    period = finance.scale_import(period="2016-2018", text="iso3,rate_percent\nQVA,2\nQVF,1\n", source="made up")
    msp = MeetingFactory(kind=Meeting.Kind.MSP, title="Seventh Meeting of States Parties",
                         date=datetime.date(2017, 9, 4))  # fmt: skip
    year = FinancialYear.objects.create(
        year=2017, isu_budget=Decimal("1000.00"), scale_period=period, floor_percent=Decimal("0.001"),
        ceiling_percent=None, meeting=msp, meeting_cost=Decimal("1000.00"),
    )  # fmt: skip
    year.participants.set([aravena, freedonia])
    finance.assessments_compute(financial_year=year)
    with django_capture_on_commit_callbacks(execute=True):
        finance.invoices_issue(financial_year=year, by=isu_staff, issue_date=datetime.date(2017, 1, 5))
        finance.reminder_round_start(
            trigger=ReminderRound.Trigger.MANUAL, by=isu_staff, today=datetime.date(2017, 7, 1)
        )
    return freedonia


def test_a_spanish_states_reminder_and_its_letter_are_in_spanish(arrears, aravena):
    [message] = _to("tesoro@aravena.example.org")
    assert message.subject == "CCM: contribuciones pendientes, Aravena"
    reminder = Reminder.objects.get(state=aravena)
    assert _in("es", "The letter and the invoices are also in the portal: %(url)s", url="") in message.body
    assert "Dear" not in message.body and " CHF." in message.body.replace("\xa0", " ")  # '1.234,56 CHF'

    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and reminder.document.language == "es"
    text = _pdf_text(content)
    # the letterhead, the table's headings, the dates and the amounts, in Spanish
    for spanish in (
        "Convención sobre Municiones en Racimo",
        _in("es", "Implementation Support Unit"),
        "Factura",
        "Número",
        "Emitida",
        "Vencimiento",
        "Importe",
        "5 de enero de 2017",  # issued
        "6 de junio de 2017",  # due: 90 days before the meeting
        "1 de julio de 2017",  # the round's date
        _in("es", "Reminder: contributions outstanding"),
        _in("es", "Please accept, Excellency, the assurances of our highest consideration."),
        _in("es", "Geneva, %(date)s", date="1 de julio de 2017"),
    ):
        assert spanish in text, spanish
    total = reminder.outstanding
    assert f"{total:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") in text  # 1.234,56
    for english in ("Invoice", "Amount due", "Dear", "Issued", "June", "July"):
        assert english not in text, english


def test_an_english_state_still_gets_english(arrears):
    [message] = _to("treasury@freedonia.example.org")
    assert message.subject == "CCM: contributions outstanding, Freedonia"
    assert "Please find attached a reminder of the contributions of Freedonia" in message.body
    [(_name, content, _type)] = message.attachments
    text = _pdf_text(content)
    assert "Geneva, 1 July 2017" in text and "Reminder: contributions outstanding" in text
    assert "Invoice Number Issued Due Amount" in text and "Factura" not in text


# ---------------------------------------------------------------- choosing a language


def test_the_language_chosen_while_logged_in_comes_back_at_the_next_login(client, coordinator_va):
    client.force_login(coordinator_va)
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("email-preferences")})
    assert response.status_code == 302
    assert EmailPreference.objects.get(user=coordinator_va).language == "es"

    fresh = Client()  # another browser: no language cookie
    assert 'lang="en"' in fresh.get(reverse("login")).content.decode()
    response = fresh.post(reverse("login"), {"username": "coordinator-va", "password": "demo"}, follow=True)
    page = response.content.decode()
    assert 'lang="es"' in page and "Preferencias de correo electrónico" in page

    # an unknown language is refused by Django's view and stores nothing
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert EmailPreference.objects.get(user=coordinator_va).language == "es"


def test_choosing_a_language_logged_out_stores_nothing(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302 and not EmailPreference.objects.exists()


def test_the_preferences_page_changes_the_language(client, coordinator_va):
    client.force_login(coordinator_va)
    form = client.get(reverse("email-preferences")).content.decode()
    assert 'name="language"' in form
    response = client.post(reverse("email-preferences"), {"weekly_digest": "on", "language": "fr"}, follow=True)
    assert EmailPreference.objects.get(user=coordinator_va).language == "fr"
    page = response.content.decode()
    assert 'lang="fr"' in page and "Préférences de courriel" in page
    assert language_for_user(coordinator_va) == "fr"
    client.post(reverse("email-preferences"), {"weekly_digest": "on", "language": ""})
    assert language_for_user(coordinator_va) == "en"
