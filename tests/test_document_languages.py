"""Issue 18: the meetings' and the Coordinators' PDFs are in the language of whoever reads them.

A download asked from a page is rendered in the page's language, each language its own file (the
English one unchanged, still served to an English reader); a page whose file exists in another
language only asks for it in the reader's; the meeting pack attached to the invitation is in each
recipient's language; approved minutes and published summaries are frozen in each language.

The French and Spanish wordings below are the catalogue's (locale/*/django.po) for labels the
templates print; the English words listed must not appear in a French or Spanish file."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coordinators.pdfs import plan_report_request
from directory import preferences
from directory.models import Contact, Mandate
from directory.roles import COORDINATORS
from documents.models import GeneratedDocument
from meetings import services
from meetings.models import Meeting, PublicSummary
from meetings.pdfs import minutes_pdf_request
from meetings.services import summaries
from tests.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    AgendaItemFactory,
    MeetingFactory,
    OutputFactory,
    StateFactory,
    TermFactory,
    ThematicAreaFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2031, 3, 4)


def _text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _download(client: Client, document: GeneratedDocument) -> bytes:
    response = client.get(reverse("documents:document-download", args=[document.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _english_words(text: str, words) -> list[str]:
    return [word for word in words if re.search(rf"\b{re.escape(word)}\b", text)]


def _reader(user, language: str = "") -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return client


# --- the Coordinators' progress report --------------------------------------------------------------

REPORT_ENGLISH = [
    "Annual progress report",
    "Progress report",
    "Output",
    "Target",
    "Reached",
    "Status",
    "Indicator",
    "Coordinators",
    "No progress reported",
    "Off track",
    "June",
    "as of",
]


@pytest.fixture
def plan(italy):
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    area = ThematicAreaFactory(name="Wombat Assistance", slug="wombat", order=1)
    Mandate.objects.create(area=area, term=term, state=italy)
    plan = ActionPlanFactory(area=area, term=term, title="Wombat plan 2016-2017", starts=datetime.date(2016, 12, 1))
    OutputFactory(
        plan=plan,
        number=2,
        text="Five Quokka surveys completed",
        indicator="Quokka surveys",
        target_value=Decimal(5),
        unit="surveys",
        deadline=datetime.date(2017, 6, 30),
    )
    return plan


def test_a_french_coordinator_gets_the_progress_report_in_french_and_the_english_one_stays(
    plan, coordinator_va, isu_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        english = plan_report_request(plan)  # asked for in English first
    english_bytes = _download(_reader(isu_staff), english)
    assert "Annual progress report: Wombat Assistance" in _text(english_bytes)

    french_reader = _reader(coordinator_va, "fr")
    with django_capture_on_commit_callbacks(execute=True):
        assert french_reader.post(reverse("coordinators:plan-report", args=[plan.pk])).status_code == 302
    french = GeneratedDocument.objects.get(kind="plan-report", object_id=plan.pk, language="fr")
    page = french_reader.get(reverse("coordinators:plan-detail", args=[plan.pk])).content.decode()
    assert reverse("documents:document-download", args=[french.pk]) in page
    assert reverse("documents:document-download", args=[english.pk]) not in page
    text = _text(_download(french_reader, french))
    for expected in [
        "Rapport annuel d'avancement : Wombat Assistance",
        "Coordonnateurs :",
        "Résultat",
        "Cible",
        "Atteint",
        "Statut",
        "Indicateur : Quokka surveys",
        "d'ici le 30 juin",  # the deadline, in the French short date ("30 juin 2017")
        "Aucun progrès signalé.",
        "Five Quokka surveys completed",  # what people typed stays as typed
    ]:
        assert expected in text, expected
    assert _english_words(text, REPORT_ENGLISH) == []

    # The English file is the one it was, still served to an English reader.
    english.refresh_from_db()
    assert _download(_reader(isu_staff), english) == english_bytes
    page = _reader(isu_staff).get(reverse("coordinators:plan-detail", args=[plan.pk])).content.decode()
    assert reverse("documents:document-download", args=[english.pk]) in page
    assert reverse("documents:document-download", args=[french.pk]) not in page


def test_a_spanish_reader_of_a_report_asked_for_in_english_gets_it_rendered_in_spanish(
    plan, coordinator_va, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan_report_request(plan)
    reader = _reader(coordinator_va, "es")
    with django_capture_on_commit_callbacks(execute=True):
        reader.get(reverse("coordinators:plan-detail", args=[plan.pk]))
    spanish = GeneratedDocument.objects.get(kind="plan-report", object_id=plan.pk, language="es")
    page = reader.get(reverse("coordinators:plan-detail", args=[plan.pk])).content.decode()
    assert reverse("documents:document-download", args=[spanish.pk]) in page
    text = _text(_download(reader, spanish))
    assert "Informe anual de avance: Wombat Assistance" in text and "para el 30 de junio" in text
    assert _english_words(text, REPORT_ENGLISH) == []


# --- the meeting pack attached to the invitation --------------------------------------------------------

PACK_ENGLISH = [
    "Meeting pack",
    "Agenda",
    "Open action items",
    "Minutes to be approved",
    "Action",
    "Owner",
    "Due",
    "Overdue",
    "Restricted",
    "March",
    "Geneva",
]


@pytest.fixture
def invited(italy, coordinator_va):
    """A meeting whose Committee reads three languages: Italy's mission English, the invented
    Aravena's mission Spanish (its State's language), Italy's Coordinator French (their choice)."""
    aravena = StateFactory(iso3="QVA", name="Aravena", name_es="Aravena", language="es")
    term = TermFactory()
    Mandate.objects.create(area=ThematicAreaFactory(name="Wombat Assistance", slug="wombat"), term=term, state=italy)
    Mandate.objects.create(area=ThematicAreaFactory(name="Quokka Clearance", slug="quokka"), term=term, state=aravena)
    Contact.objects.create(state=italy, kind="geneva_mission", name="Mission", email="mission@italy.example.org")
    Contact.objects.create(state=aravena, kind="geneva_mission", name="Misión", email="mision@aravena.example.org")
    preferences.email_preference_set(user=coordinator_va, language="fr")
    meeting = MeetingFactory(
        title="Ninth Numbat meeting", term=term, date=MEETING_DAY,
        start_time=datetime.time(10, 0), end_time=datetime.time(12, 30), venue="Palais des Nations",
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, title="Wombat census", position=1)
    services.agenda_renumber(meeting=meeting)
    ActionItemFactory(meeting=meeting, text="Count the wombats", due_date=MEETING_DAY + datetime.timedelta(days=30))
    return meeting


def _pack_of(address: str) -> tuple[str, str]:
    [message] = [m for m in mail.outbox if address in m.to]
    [(name, content)] = [(n, c) for n, c, mimetype in message.attachments if mimetype == "application/pdf"]
    return name, _text(content)


def test_each_invitation_carries_the_pack_in_its_recipients_language(
    invited, isu_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(meeting=invited, by=isu_staff)
    name, spanish = _pack_of("mision@aravena.example.org")
    assert name == "meeting-pack-2031-03-04.pdf"
    for expected in [
        "Dossier de la reunión",
        "Orden del día",
        "Medidas de seguimiento pendientes",
        "Restringido – Comité de Coordinación",
        "4 de marzo de 2031",
        "Ninth Numbat meeting",
        "Wombat census",
        "Count the wombats",
    ]:
        assert expected in spanish, expected
    assert _english_words(spanish, PACK_ENGLISH) == []

    _name, french = _pack_of("coordinator-va@example.org")
    assert "Dossier de réunion" in french and "Ordre du jour" in french and "4 mars 2031" in french
    assert _english_words(french, [word for word in PACK_ENGLISH if word != "Action"]) == []  # French too

    _name, english = _pack_of("mission@italy.example.org")
    assert "Meeting pack" in english and "Agenda" in english and "4 March 2031" in english
    # One edition (the same record), a file per language.
    packs = GeneratedDocument.objects.filter(kind="meeting-pack", object_id=invited.pk)
    assert sorted(packs.values_list("language", flat=True)) == ["en", "es", "fr"]
    assert len(set(packs.values_list("edition", flat=True))) == 1


# --- approved minutes, frozen per language ------------------------------------------------------------

MINUTES_ENGLISH = ["Minutes of the", "Present", "Action items", "Owner", "Due", "Restricted", "January", "Geneva"]


def test_approved_minutes_read_in_french_are_french_and_frozen(isu_staff, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(title="Third Bilby meeting", date=datetime.date(2017, 1, 25), status=Meeting.Status.HELD)
    AgendaItemFactory(meeting=meeting, title="Bilby census")
    ActionItemFactory(meeting=meeting, text="Count the bilbies", due_date=datetime.date(2017, 2, 28))
    minutes = services.minutes_start(meeting=meeting)
    item = minutes.items.get()
    services.minutes_item_update(item=item, text="The bilbies were counted.", expected_version=0, by=isu_staff)
    later = MeetingFactory(date=datetime.date(2017, 3, 1), status=Meeting.Status.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(minutes=minutes, comment_deadline=timezone.localdate(), by=isu_staff)
        services.minutes_approve(minutes=minutes, at_meeting=later, by=isu_staff)
    english = GeneratedDocument.objects.get(kind="minutes", object_id=minutes.pk, edition="approved")
    assert english.language == "en" and english.frozen and english.is_ready

    member = _reader(user_with_role("coord-bilby", COORDINATORS), "fr")
    url = reverse("meetings:minutes-detail", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        member.get(url)  # asked for in French the first time a French reader wants it
    french = GeneratedDocument.objects.get(kind="minutes", object_id=minutes.pk, edition="approved", language="fr")
    assert french.frozen and french.is_ready
    assert reverse("documents:document-download", args=[french.pk]) in member.get(url).content.decode()
    data = _download(member, french)
    text = _text(data)
    for expected in [
        "Procès-verbal de la réunion Third Bilby meeting",
        "Mesures de suivi",
        "Responsable",
        "Échéance",
        "25 janvier 2017",
        "The bilbies were counted.",
    ]:
        assert expected in text, expected
    assert _english_words(text, MINUTES_ENGLISH) == []

    # Frozen in French as in English: asking again, in either language or all, renders nothing.
    english_sha = english.sha256
    minutes.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert minutes_pdf_request(minutes, language="fr").pk == french.pk
        minutes_pdf_request(minutes)
        member.get(url)
    french.refresh_from_db()
    english.refresh_from_db()
    assert _download(member, french) == data and french.sha256 == GeneratedDocument.objects.get(pk=french.pk).sha256
    assert english.sha256 == english_sha
    assert GeneratedDocument.objects.filter(kind="minutes", object_id=minutes.pk, edition="approved").count() == 2


# --- the public summary ---------------------------------------------------------------------------------


def test_a_spanish_visitor_downloads_the_published_summary_in_spanish_and_loses_it_on_withdrawal(
    isu_staff, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title="Open Dingo meeting", date=datetime.date(2017, 6, 9), status=Meeting.Status.HELD)
    summary = PublicSummary.objects.create(
        meeting=meeting, title="Dingo summary", key_points="- Dingoes need water.", status=PublicSummary.Status.DRAFT
    )
    with django_capture_on_commit_callbacks(execute=True):
        summaries.summary_publish(summary=summary, by=isu_staff)
    visitor = Client()
    visitor.cookies["django_language"] = "es"
    with django_capture_on_commit_callbacks(execute=True):
        assert visitor.get(reverse("public:summary-detail", args=[summary.pk])).status_code == 200
    spanish = GeneratedDocument.objects.get(kind="summary", object_id=summary.pk, language="es")
    assert spanish.frozen and spanish.edition == "published-1"
    response = visitor.get(reverse("public:summary-pdf", args=[summary.pk]))
    assert response.url == reverse("documents:document-download", args=[spanish.pk])
    text = _text(_download(visitor, spanish))
    assert "Resumen de la reunión" in text and "Principales cuestiones planteadas" in text
    assert "Dingoes need water." in text
    assert _english_words(text, ["Meeting summary", "Key points raised"]) == []
    english = GeneratedDocument.objects.get(kind="summary", object_id=summary.pk, language="en")
    assert _download(Client(), english) != _download(visitor, spanish)

    summaries.summary_withdraw(summary=summary, reason="Objection", by=isu_staff)
    for document in (english, spanish):  # withdrawn: neither language's file is public any more
        assert visitor.get(reverse("documents:document-download", args=[document.pk])).status_code == 404


def test_the_pack_asked_for_in_english_is_read_in_french_from_its_page(
    invited, isu_staff, coordinator_va, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _reader(isu_staff).post(reverse("meetings:meeting-pack-pdf", args=[invited.pk]))
    english = GeneratedDocument.objects.get(kind="meeting-pack", object_id=invited.pk)
    assert english.language == "en" and english.is_ready
    reader, url = _reader(coordinator_va, "fr"), reverse("meetings:meeting-pack", args=[invited.pk])
    with django_capture_on_commit_callbacks(execute=True):
        reader.get(url)  # the same edition, asked for in French
    french = GeneratedDocument.objects.get(kind="meeting-pack", object_id=invited.pk, language="fr")
    assert french.edition == english.edition
    response = reader.get(url)
    assert response.url == reverse("documents:document-download", args=[french.pk])
    text = _text(_download(reader, french))
    assert "Ordre du jour" in text and "Wombat census" in text
    assert _english_words(text, [word for word in PACK_ENGLISH if word != "Action"]) == []
    english_reader = _reader(isu_staff)
    assert english_reader.get(url).url == reverse("documents:document-download", args=[english.pk])
