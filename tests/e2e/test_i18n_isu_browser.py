"""Issue 18: the ISU's own screens in French and in Spanish, at 1366 px and at 390 px.

The ISU logs in with the language chosen and opens its dashboard, the meetings (list, the form of a
new meeting, a planned meeting with its invitation and an answer, its agenda and pack, a held meeting
with its attendance, minutes with statements, a decision and an action item, an item's editor, the
redline, a statement's form, the public summary's review with its leak check, an import's review, the
action items and one's form), outreach (campaigns and a new one, the calendar, a campaign, a letter,
a State's history, the model letters and one with its merge fields), finance (overview, a year and a
new one, invoices, an invoice, payments and a payment's form, bank statements and one, reminders and
a round, scales, a State's account) and the register. On each page, at each width, no English word
is left (tests/e2e/english.py) and nothing is wider than the screen; every page is walked and all
that is wrong is reported at once.

Everything the test writes is in the page's language, or is a proper name listed in ALLOWED; the
States, people and amounts are invented.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from directory.models import Contact, Mandate
from directory.roles import ISU_STAFF
from finance import services as finance
from finance.models import FinancialYear, Invoice
from meetings import services
from meetings.models import Meeting
from meetings.services import AttendanceRow, summaries
from meetings.services import minutes as minutes_services
from outreach.models import FollowUp
from tests.factories import (
    ActionItemFactory,
    CampaignFactory,
    FollowUpFactory,
    LetterFactory,
    LetterTemplateFactory,
    MeetingFactory,
    PersonFactory,
    ResponseFactory,
    StateFactory,
    TermFactory,
    ThematicAreaFactory,
    UserFactory,
)
from tests.finance.conftest import make_party

from .conftest import log_in
from .english import WIDTHS, set_language, walk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The invented States, people, places and references the pages show on purpose.
ALLOWED = (
    "Norvania", "Lagoria", "Presidia", "Palais Brumaire", "Sala Zembla", "Ilse Marnix", "Aurel Quist",
    "Ondine Tessaro", "Ana Inventada",
    "CCM Portal",  # the product's name
)  # fmt: skip

# The review of an import quotes the uploaded file, in English (the parser reads English minutes),
# and proposes the title the register gives such a meeting (titles are stored in English).
# The confirmation of publishing gives the summary's public address (/public/summaries/1/).
ALSO_ALLOWED = {
    "import review": ("Held on Wednesday 1 March 2017", "PRESENT", "Coordination Committee meeting"),
    "publish": ("public summaries",),
}

TEXT = {
    "fr": {
        "area": "Aide aux victimes",
        "item": "Échange de vues",
        "other": "Questions diverses",
        "said": "Elle financera la dépollution des zones contaminées.",
        "said_too": "Elle compte 232 victimes enregistrées.",
        "decided": "Le Comité a pris note du plan.",
        "todo": "Envoyer les lettres aux missions",
        "minutes": "Le Président a ouvert la séance.",
        "campaign": "Universalisation de la Convention",
        "subject": "Adhésion à la Convention",
        "body": "{{ address.salutation }}\n\nNous écrivons à {{ state.the_official_name }}.\n\n{{ signatory.name }}",
        "answer": "Le ministère étudie l'adhésion.",
        "who": "La mission",
        "workshop": "Atelier régional",
        "heading": "Vendredi, Palais Brumaire",
        "mission": "Mission permanente de",
        "speaker": "Un État donateur",
        "leak": "La Norvania financera la dépollution.",
    },
    "es": {
        "area": "Asistencia a las víctimas",
        "item": "Intercambio de opiniones",
        "other": "Otros asuntos",
        "said": "Financiará la limpieza de las zonas contaminadas.",
        "said_too": "Cuenta con 232 víctimas registradas.",
        "decided": "El Comité tomó nota del plan.",
        "todo": "Enviar las cartas a las misiones",
        "minutes": "El Presidente abrió la sesión.",
        "campaign": "Universalización de la Convención",
        "subject": "Adhesión a la Convención",
        "body": "{{ address.salutation }}\n\nEscribimos a {{ state.the_official_name }}.\n\n{{ signatory.name }}",
        "answer": "El ministerio estudia la adhesión.",
        "who": "La misión",
        "workshop": "Taller regional",
        "heading": "Viernes, Palais Brumaire",
        "mission": "Misión permanente de",
        "speaker": "Un Estado donante",
        "leak": "Norvania financiará la limpieza.",
    },
}

MINUTES_FILE = """**MINUTES OF THE CCM COORDINATION COMMITTEE MEETING**

**Held on Wednesday 1 March 2017**

**1. PRESENT:**

Norvania

Ms. Ilse Marnix

Lagoria

Mr. Aurel Quist

Apologies received

Ms. Ondine Tessaro

## **2. {item}**

{said}
"""


def build(language: str) -> dict:
    """The ISU's world, written in `language` by an ISU working in it (what the portal records as
    it goes, a bank line's proposed match or a summary's history, is in that language): returns the
    paths of the pages to walk."""
    with translation.override(language):
        return _build(language)


def _build(language: str) -> dict:
    text = TEXT[language]
    today = timezone.localdate()
    isu = UserFactory(username="isu", roles=[ISU_STAFF])
    # States writing in the page's language: their invoices and letters are in it too
    presidia = make_party(StateFactory(iso3="QPR", iso2="QP", name="Presidia", language=language))
    norvania = make_party(StateFactory(iso3="QNV", iso2="QN", name="Norvania", language=language))
    lagoria = make_party(StateFactory(iso3="QLG", iso2="QL", name="Lagoria", language=language))
    for state in (presidia, norvania, lagoria):
        Contact.objects.create(
            state=state, kind=Contact.Kind.GENEVA_MISSION, name=f"{text['mission']} {state.name}",
            email=f"{state.iso3.lower()}@{state.iso3.lower()}.invalid", is_primary=True, for_finance=True,
        )  # fmt: skip
    ilse = PersonFactory(title="Ms.", first_name="Ilse", last_name="Marnix", delegation=norvania.delegation)
    aurel = PersonFactory(title="Mr.", first_name="Aurel", last_name="Quist", delegation=lagoria.delegation)
    term = TermFactory(name="7MSP", presidency=presidia, start=today - datetime.timedelta(days=200), end=None)
    area = ThematicAreaFactory(name=text["area"], slug="area-va", order=1)
    Mandate.objects.create(area=area, term=term, state=norvania)

    # A meeting held ten days ago: attendance, minutes, statements, a decision, an action item, a summary.
    held = MeetingFactory(
        kind=Meeting.Kind.COORDINATION_COMMITTEE, title=text["workshop"], term=term,
        date=today - datetime.timedelta(days=10), status=Meeting.Status.HELD,
        confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE, venue="Palais Brumaire",
    )  # fmt: skip
    services.attendance_record(
        meeting=held,
        rows=[
            AttendanceRow(norvania.delegation, "present", person=ilse),
            AttendanceRow(lagoria.delegation, "remote", person=aurel, on_behalf_of_delegation=norvania.delegation),
            AttendanceRow(presidia.delegation, "apologies"),
        ],
    )
    item = services.agenda_item_add(meeting=held, title=text["item"])
    services.agenda_item_add(meeting=held, title=text["other"])
    minutes = services.minutes_start(meeting=held)
    minutes_item = minutes.items.get(agenda_item=item)
    minutes_services.minutes_item_update(
        item=minutes_item, text=text["minutes"], expected_version=minutes_item.lock_version, by=isu
    )
    minutes_item.refresh_from_db()
    minutes_services.minutes_item_update(
        item=minutes_item,
        text=text["minutes"] + " " + text["decided"],
        expected_version=minutes_item.lock_version,
        by=isu,
    )
    services.statement_add(agenda_item=item, delegation=norvania.delegation, text=text["said"])
    services.statement_add(agenda_item=item, delegation=lagoria.delegation, text=text["said_too"], on_behalf_of="")
    minutes_services.decision_add(meeting=held, text=text["decided"], agenda_item=item)
    action = ActionItemFactory(
        meeting=held,
        text=text["todo"],
        owner_delegation=norvania.delegation,
        due_date=today - datetime.timedelta(days=2),
    )
    for participant in summaries.participants_propose(meeting=held):
        summaries.participant_categorise(
            participant=participant, category=participant.category, named_openly=False, by=isu
        )
    summary = summaries.summary_generate(meeting=held, by=isu)
    # the summary is generated in English, the meeting's language; this ISU writes it in its own
    summaries.summary_update(summary=summary, expected_version=summary.lock_version, by=isu, heading=text["heading"])
    first, *others = summary.entries.order_by("letter")
    # a slip the leak check finds: the first entry names the State it speaks for
    summaries.summary_entry_update(entry=first, text=text["leak"], speaker=text["speaker"], by=isu)
    for entry in others:
        summaries.summary_entry_update(entry=entry, text=entry.text, speaker=text["speaker"], by=isu)
    summaries.summary_check(summary=summary, by=isu)

    # A planned meeting: agenda proposed, invitation sent, one answer.
    planned = MeetingFactory(
        kind=Meeting.Kind.COORDINATION_COMMITTEE, title=text["workshop"] + " 2", term=term,
        date=today + datetime.timedelta(days=20), status=Meeting.Status.PLANNED, venue="Sala Zembla",
    )  # fmt: skip
    services.agenda_item_add(meeting=planned, title=text["item"])
    services.invitation_send(meeting=planned, by=isu)
    services.rsvp_answer(
        meeting=planned, delegation=norvania.delegation, answer="attending", names="Ilse Marnix", by=isu
    )

    # Outreach: a campaign, letters sent and answered, a follow-up.
    template = LetterTemplateFactory(
        name=text["campaign"], language=language, subject=text["subject"], body=text["body"]
    )
    campaign = CampaignFactory(
        title=text["campaign"], term=term, template=template, language=language, created_by=isu,
        signatory_name="Ana Inventada", signatory_title=text["who"], selection=text["who"],
    )  # fmt: skip
    letter = LetterFactory(
        campaign=campaign, state=lagoria, sent=True, subject=text["subject"], body=text["answer"],
        addressee=f"{text['mission']} Lagoria", sent_to="qlg@qlg.invalid", reference="QX/ISU/2017/0001",
    )  # fmt: skip
    answered = LetterFactory(
        campaign=campaign, state=norvania, subject=text["subject"], body=text["answer"],
        addressee=f"{text['mission']} Norvania", reference="QX/ISU/2017/0002",
    )  # fmt: skip
    ResponseFactory(letter=answered, summary=text["answer"], logged_by=isu)
    FollowUpFactory(letter=letter, kind=FollowUp.Kind.FOLLOW_UP, place="Palais Brumaire", who=text["who"], owner=isu)

    # Finance: a year assessed and invoiced, a payment, a bank statement, a reminder round.
    period = finance.scale_import(period="2016-2018", text="iso3,rate_percent\nQPR,6\nQNV,3\nQLG,1\n", source="Zembla")
    year = FinancialYear.objects.create(
        year=today.year, isu_budget=Decimal("100000.00"), scale_period=period, floor_percent=Decimal("0.001"),
        ceiling_percent=None, meeting=held, meeting_cost=Decimal("25000.00"),
    )  # fmt: skip
    year.participants.set([norvania, lagoria])
    finance.assessments_compute(financial_year=year)
    finance.invoices_issue(financial_year=year, by=isu, issue_date=today - datetime.timedelta(days=120))
    invoice = Invoice.objects.filter(state=norvania).first()
    finance.payment_record(state=norvania, date=today - datetime.timedelta(days=30), amount=Decimal("1234.50"),
                           reference="Virement Norvania", invoice=invoice, by=isu)  # fmt: skip
    statement = finance.bank_statement_import(
        filename="releve.csv",
        text=f"date,amount,reference\n{today.isoformat()},500.00,{invoice.display_number}\n",
        by=isu,
    )
    reminder_round = finance.reminder_round_start(trigger="manual", by=isu)

    return {
        "dashboard": "/dashboard/",
        "meetings": "/meetings/",
        "plan a meeting": "/meetings/new/",
        "meeting": f"/meetings/{planned.pk}/",
        "agenda": f"/meetings/{planned.pk}/agenda/",
        "pack": f"/meetings/{planned.pk}/pack/",
        "held meeting": f"/meetings/{held.pk}/",
        "attendance": f"/meetings/{held.pk}/attendance/",
        "minutes": f"/meetings/{held.pk}/minutes/",
        "minutes item": f"/meetings/{held.pk}/minutes/items/{minutes_item.pk}/edit/",
        "item history": f"/meetings/{held.pk}/minutes/items/{minutes_item.pk}/history/",
        "redline": f"/meetings/{held.pk}/minutes/compare/",
        "summary": f"/meetings/{held.pk}/summary/",
        "publish": f"/meetings/{held.pk}/summary/publish/",
        "actions": "/meetings/actions/",
        "action item": f"/meetings/actions/{action.pk}/edit/",
        "statement": f"/meetings/{held.pk}/agenda/{item.pk}/statements/new/",
        "campaigns": "/outreach/",
        "new campaign": "/outreach/campaigns/new/",
        "calendar": "/outreach/calendar/",
        "campaign": f"/outreach/campaigns/{campaign.pk}/",
        "letter": f"/outreach/letters/{letter.pk}/",
        "state history": f"/outreach/states/{lagoria.pk}/",
        "model letters": "/outreach/templates/",
        "model letter": f"/outreach/templates/{template.pk}/",
        "finance": "/finance/",
        "year": f"/finance/years/{year.year}/",
        "invoices": "/finance/invoices/",
        "invoice": f"/finance/invoices/{invoice.pk}/",
        "payments": "/finance/payments/",
        "record a payment": "/finance/payments/new/",
        "new year": "/finance/years/new/",
        "bank import": "/finance/bank/",
        "bank statement": f"/finance/bank/{statement.pk}/",
        "reminders": "/finance/reminders/",
        "reminder round": f"/finance/reminders/{reminder_round.pk}/",
        "scales": "/finance/scales/",
        "state account": f"/finance/states/{norvania.iso3}/",
        "register": "/states/",
    }


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_isu_reads_its_pages_in_french_and_spanish_on_a_desk_and_a_phone(page, live_server, tmp_path, language):
    pages = build(language)
    log_in(page, "isu")
    set_language(page.context, live_server.url, language)
    # an import under review: the review is the uploader's, kept in their session
    minutes_file = tmp_path / "acta.md"
    minutes_file.write_text(MINUTES_FILE.format(**TEXT[language]))
    page.goto("/meetings/import/")
    page.locator("input[type=file]").set_input_files(str(minutes_file))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/meetings/import/*/")
    pages["import review"] = page.url.removeprefix(live_server.url)
    problems = []
    for name, path in pages.items():
        for width in WIDTHS:
            try:
                walk(page, path, language, allowed=ALLOWED + ALSO_ALLOWED.get(name, ()), widths=(width,))
            except AssertionError as problem:  # every page at each width: all that is wrong at once
                problems.append(f"{name}: {problem}")
    assert not problems, "\n".join(problems)
