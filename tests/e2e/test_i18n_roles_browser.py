"""Issue 18: what a Coordinator, a focal point, the public and a person logging in read, in French
and in Spanish, at 1366 px and at 390 px.

A Coordinator opens their landing (the area's action plan), the areas, My action items, an output's
form and history, the target list, the Country Coalitions and one of them, the concept note, the
e-mail preferences and the password form. A focal point opens their portal (with the letters sent
to their State), their State's page, their account and their preferences. A visitor opens the
public home page, a published summary (the speakers named by their category), the public action
plans, the search, the login page, a draft summary's review page, the digest's unsubscribe page and
the 403 and 404 pages; ISU staff get the two-factor enrolment page. On each page no English word is
left (tests/e2e/english.py) and nothing is wider than the screen. Month names are not in the
catalogues, so english.py cannot see them: the pages are also checked for English month names.

Everything the test writes is in the page's language, or is a proper name listed in ALLOWED; the
States, people and amounts are invented.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from coordinators.models import (
    ActionPlan,
    Activity,
    CoalitionMember,
    ConceptNote,
    CountryCoalition,
    Output,
    ProgressUpdate,
    TargetState,
)
from directory.models import Contact, Mandate
from directory.preferences import unsubscribe_token
from directory.roles import COORDINATORS, FOCAL_POINTS, ISU_STAFF
from finance import services as finance
from finance.models import FinancialYear
from meetings import services
from meetings.models import Meeting, PublicSummary
from meetings.selectors.summary_review import review_token
from meetings.services import AttendanceRow, summaries
from tests.factories import (
    ActionItemFactory,
    CampaignFactory,
    LetterFactory,
    LetterTemplateFactory,
    MeetingFactory,
    PersonFactory,
    StateFactory,
    TermFactory,
    ThematicAreaFactory,
    UserFactory,
    user_with_role,
)
from tests.finance.conftest import make_party

from .conftest import log_in, open_menu
from .english import WIDTHS, english_left, overflow, set_language, visible_text, walk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The invented States, people, places and references the pages show on purpose.
ALLOWED = (
    "Norvania", "Lagoria", "Presidia", "Brumaire", "Zembla", "Ilse", "Marnix", "Aurel", "Quist", "Kessel",
    "Orsini", "Palu", "Coordination", "Committee", "CCM", "ISU", "Ana Inventada", "Sala", "Palais", "coord",
    "focal", "isu", "Portal", "example.org",
)  # fmt: skip
# Words of the content the test writes that English writes the same way ("assistance", "informal").
SAME_IN_ENGLISH = {"fr": ("Assistance",), "es": ("informal",)}

TEXT = {
    "fr": {
        "area": "Assistance aux victimes",
        "plan": "Plan d'action pour l'assistance aux victimes",
        "output": "Au moins cinq États parties répondent de manière constructive",
        "indicator": "États parties ayant répondu",
        "unit": "États parties",
        "activity": "Atelier régional à Zembla",
        "who": "La mission",
        "narrative": "Deux États parties ont répondu aux lettres.",
        "target note": "Législation nationale en préparation",
        "concept": "Ce que le plan entend accomplir pendant ce mandat.",
        "purpose": "Dépollution, stocks et victimes.",
        "operator": "Opérateur de déminage",
        "meeting": "Réunion informelle sur la coopération",
        "item": "Échange de vues",
        "key points": "Points principaux",
        "said": "Elle financera la dépollution des zones contaminées.",
        "todo": "Envoyer les lettres aux missions",
        "heading": "Vendredi, salle Zembla, Palais Brumaire",
        "intro": "Les participants ont parlé de coopération.",
        "campaign": "Universalisation de la Convention",
        "subject": "Adhésion à la Convention",
        "body": "Nous écrivons à la mission.",
        "search": "coopération",
    },
    "es": {
        "area": "Asistencia a las víctimas",
        "plan": "Plan de acción para la asistencia a las víctimas",
        "output": "Al menos cinco Estados partes responden de manera constructiva",
        "indicator": "Estados partes que respondieron",
        "unit": "Estados partes",
        "activity": "Taller regional en Zembla",
        "who": "La misión",
        "narrative": "Dos Estados partes respondieron a las cartas.",
        "target note": "Legislación nacional en preparación",
        "concept": "Lo que el plan pretende lograr durante este mandato.",
        "purpose": "Limpieza, existencias y víctimas.",
        "operator": "Operador de desminado",
        "meeting": "Reunión informal sobre la cooperación",
        "item": "Intercambio de opiniones",
        "key points": "Puntos principales",
        "said": "Financiará la limpieza de las zonas contaminadas.",
        "todo": "Enviar las cartas a las misiones",
        "heading": "Viernes, Palais Brumaire",
        "intro": "Los participantes hablaron de cooperación.",
        "campaign": "Universalización de la Convención",
        "subject": "Adhesión a la Convención",
        "body": "Escribimos a la misión.",
        "search": "cooperación",
    },
}


def _summary(meeting, statement_by, isu, text):
    """A Chatham House summary of `meeting`, its speakers named by category, its words in the language."""
    for participant in summaries.participants_propose(meeting=meeting):
        summaries.participant_categorise(
            participant=participant, category=participant.category, named_openly=False, by=isu
        )
    summary = summaries.summary_generate(meeting=meeting, by=isu)
    summary = summaries.summary_update(
        summary=summary, expected_version=summary.lock_version, by=isu, title=text["meeting"],
        heading=text["heading"], introduction=text["intro"], key_points="",
    )  # fmt: skip
    summaries.summary_check(summary=summary, by=isu)
    return summary


def build(language: str) -> dict:
    """The world of a Coordinator, a focal point and the public, written in `language`: returns the
    paths of the pages to walk, by who opens them."""
    text = TEXT[language]
    today = timezone.localdate()
    isu = UserFactory(username="isu", roles=[ISU_STAFF])
    presidia = make_party(StateFactory(iso3="QPR", iso2="QP", name="Presidia"))
    norvania = make_party(StateFactory(iso3="QNV", iso2="QN", name="Norvania"))
    lagoria = make_party(StateFactory(iso3="QLG", iso2="QL", name="Lagoria"))
    for state in (presidia, norvania, lagoria):
        Contact.objects.create(
            state=state, kind=Contact.Kind.GENEVA_MISSION, name=f"Mission {state.name}",
            email=f"mission@{state.iso3.lower()}.example.org", is_primary=True, for_finance=True,
        )  # fmt: skip
    coordinator = UserFactory(username="coord", roles=[COORDINATORS], first_name="Ilse", last_name="Marnix")
    PersonFactory(user=coordinator, title="Ms.", first_name="Ilse", last_name="Marnix", delegation=norvania.delegation)
    user_with_role("focal", FOCAL_POINTS, state=lagoria)
    aurel = PersonFactory(title="Mr.", first_name="Aurel", last_name="Quist", delegation=lagoria.delegation)

    # The Coordinator's area, plan, outputs, target list, concept note and a Country Coalition.
    term = TermFactory(name="7MSP", presidency=presidia, start=today - datetime.timedelta(days=200), end=None)
    area = ThematicAreaFactory(name=text["area"], slug="area-va", order=1)
    Mandate.objects.create(area=area, term=term, state=norvania)
    starts = today - datetime.timedelta(days=200)
    plan = ActionPlan.objects.create(area=area, term=term, title=text["plan"], starts=starts)
    output = Output.objects.create(
        plan=plan, number=1, text=text["output"], indicator=text["indicator"], target_value=Decimal(5),
        unit=text["unit"], deadline=today + datetime.timedelta(days=100),
    )  # fmt: skip
    Output.objects.create(
        plan=plan, number=2, text=text["output"] + " (2)", indicator=text["indicator"], target_value=Decimal(5),
        unit=text["unit"], deadline=today - datetime.timedelta(days=5),
    )  # fmt: skip
    ProgressUpdate.objects.create(
        output=output, date=today - datetime.timedelta(days=20), value=Decimal(2), narrative=text["narrative"],
        evidence="Zembla", recorded_by=coordinator,
    )  # fmt: skip
    Activity.objects.create(
        output=output, what=text["activity"], who=text["who"], start=today, end=today + datetime.timedelta(days=2)
    )
    TargetState.objects.create(
        area=area, term=term, state=lagoria, reason=TargetState.Reason.LEGISLATION, note=text["target note"]
    )
    ConceptNote.objects.create(area=area, term=term, text=text["concept"], is_public=True)
    plan.is_public = True
    plan.save()
    coalition = CountryCoalition.objects.create(
        state=lagoria, established=today - datetime.timedelta(days=400), purpose=text["purpose"]
    )
    CoalitionMember.objects.create(coalition=coalition, delegation=lagoria.delegation, role="authority")
    CoalitionMember.objects.create(coalition=coalition, delegation=norvania.delegation, role="donor")
    CoalitionMember.objects.create(coalition=coalition, name=text["operator"], role="operator")

    # A meeting held under the Chatham House rule: attendance, a statement, an action item for the
    # Coordinator's delegation, a published summary; another whose draft summary is circulated.
    held = MeetingFactory(
        kind=Meeting.Kind.INFORMAL, title=text["meeting"], term=term, date=today - datetime.timedelta(days=10),
        status=Meeting.Status.HELD, confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE, venue="Palais Brumaire",
    )  # fmt: skip
    coalition.meetings.add(held)
    services.attendance_record(
        meeting=held,
        rows=[
            AttendanceRow(norvania.delegation, "present"),
            AttendanceRow(lagoria.delegation, "remote", person=aurel),
        ],
    )
    item = services.agenda_item_add(meeting=held, title=text["item"])
    services.minutes_start(meeting=held)
    services.statement_add(agenda_item=item, delegation=norvania.delegation, text=text["said"])
    ActionItemFactory(
        meeting=held, text=text["todo"], owner_delegation=norvania.delegation,
        due_date=today - datetime.timedelta(days=2),
    )  # fmt: skip
    ActionItemFactory(
        meeting=held, text=text["todo"] + " (2)", owner_delegation=norvania.delegation,
        due_date=datetime.date(today.year + 1, 6, 9),
    )  # fmt: skip
    published = _summary(held, norvania, isu, text)
    summaries.summary_publish(summary=published, by=isu)

    other = MeetingFactory(
        kind=Meeting.Kind.INFORMAL, title=text["meeting"] + " 2", term=term, date=today - datetime.timedelta(days=3),
        status=Meeting.Status.HELD, confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE, venue="Sala Zembla",
    )  # fmt: skip
    services.attendance_record(meeting=other, rows=[AttendanceRow(lagoria.delegation, "present")])
    other_item = services.agenda_item_add(meeting=other, title=text["item"])
    services.minutes_start(meeting=other)
    services.statement_add(agenda_item=other_item, delegation=lagoria.delegation, text=text["said"])
    draft = _summary(other, lagoria, isu, text)
    # circulated as summary_circulate leaves it (without the e-mails, which are not these pages)
    PublicSummary.objects.filter(pk=draft.pk).update(
        status=PublicSummary.Status.CIRCULATED, input_deadline=today + datetime.timedelta(days=7), circulation=1
    )
    draft.refresh_from_db()

    # The focal point's State: a letter sent to it and an invoice.
    template = LetterTemplateFactory(
        name=text["campaign"], language=language, subject=text["subject"], body=text["body"]
    )
    campaign = CampaignFactory(
        title=text["campaign"], term=term, template=template, language=language, created_by=isu,
        signatory_title=text["who"], selection=text["who"],
    )  # fmt: skip
    LetterFactory(
        campaign=campaign, state=lagoria, sent=True, subject=text["subject"], body=text["body"],
        addressee="Mission Lagoria", reference="QLG/ISU/00001",
    )  # fmt: skip
    period = finance.scale_import(period="2016-2018", text="iso3,rate_percent\nQPR,6\nQNV,3\nQLG,1\n", source="Zembla")
    year = FinancialYear.objects.create(
        year=today.year, isu_budget=Decimal("100000.00"), scale_period=period, floor_percent=Decimal("0.001"),
        ceiling_percent=None, meeting=held, meeting_cost=Decimal("25000.00"),
    )  # fmt: skip
    year.participants.set([norvania, lagoria])
    finance.assessments_compute(financial_year=year)
    finance.invoices_issue(financial_year=year, by=isu, issue_date=today - datetime.timedelta(days=120))

    return {
        "coord": {
            "landing": f"/coordinators/plans/{plan.pk}/",
            "areas": "/coordinators/",
            "my actions": "/meetings/my-actions/",
            "output form": f"/coordinators/outputs/{output.pk}/edit/",
            "output history": f"/coordinators/outputs/{output.pk}/history/",
            "targets": "/coordinators/targets/",
            "coalitions": "/coordinators/coalitions/",
            "coalition": f"/coordinators/coalitions/{coalition.pk}/",
            "concept note": f"/coordinators/plans/{plan.pk}/concept-note/",
            "preferences": "/accounts/email/",
            "password": "/accounts/password_change/",
        },
        "focal": {
            "portal": "/dashboard/",
            "state page": f"/states/{lagoria.iso3}/",
            "my account": "/finance/my/",
            "preferences": "/accounts/email/",
        },
        None: {
            "home": "/",
            "summary": f"/public/summaries/{published.pk}/",
            "public plans": "/coordinators/public/",
            "search": f"/public/search/?q={text['search']}",
            "login": "/accounts/login/",
            "summary review": f"/public/summaries/review/{review_token(draft, lagoria.delegation)}/",
            "unsubscribe": f"/accounts/email/unsubscribe/{unsubscribe_token(coordinator)}/",
        },
    }


ENGLISH_MONTH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def _problems_of(page, who, pages, language) -> list[str]:
    problems = []
    for name, path in pages.items():
        for width in WIDTHS:
            try:
                walk(page, path, language, allowed=ALLOWED + SAME_IN_ENGLISH[language], widths=(width,))
            except AssertionError as problem:  # every page at each width: all that is wrong at once
                problems.append(f"{who or 'visitor'}, {name}: {problem}")
        months = sorted(set(ENGLISH_MONTH.findall(visible_text(page))))
        if months:
            problems.append(f"{who or 'visitor'}, {name}: {path} in {language} shows English months: {months}")
    return problems


def _refused_pages(page, language) -> list[str]:
    """The 404 and 403 pages (walk() wants a page that answers 200): no English, no overflow."""
    problems = []
    for path, status in (("/no-such-page/", 404), ("/meetings/new/", 403)):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            if response is None or response.status != status:
                problems.append(f"{path}: HTTP {response and response.status}, expected {status}")
                continue
            left = english_left(visible_text(page), language, ALLOWED + SAME_IN_ENGLISH[language])
            if left:
                problems.append(f"{path} ({status}) in {language} at {width} px shows English: {left}")
            if overflow(page) > 0:
                problems.append(f"{path} ({status}) in {language} at {width} px is wider than the screen")
    return problems


@pytest.mark.parametrize("language", ["fr", "es"])
def test_coordinators_focal_points_and_visitors_read_their_pages_in_french_and_spanish(
    browser, live_server, language, settings
):
    pages = build(language)
    problems = []
    for who, paths in pages.items():
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if who:
            log_in(page, who)  # the login form in English, then the language chosen
        set_language(context, live_server.url, language)
        problems += _problems_of(page, who, paths, language)
        if who == "coord":
            problems += _refused_pages(page, language)
        context.close()

    # ISU staff who must enrol a second factor: the enrolment page.
    settings.REQUIRE_STAFF_2FA = True
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    log_in(page, "isu")
    set_language(context, live_server.url, language)
    problems += _problems_of(page, "isu", {"two-factor enrolment": "/accounts/otp/setup/"}, language)
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_switcher_keeps_the_page_and_dates_read_in_the_language(page, live_server, language):
    """The switcher in the navigation bar changes the language and stays on the page, on a phone too."""
    build(language)
    log_in(page, "coord")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/coordinators/targets/")
    open_menu(page)
    name = {"fr": "Français", "es": "Español"}[language]
    # The switcher posts a form and is redirected back to the same address: wait for that
    # navigation itself, since the page already loaded would satisfy a load-state wait.
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()
    assert page.url.endswith("/coordinators/targets/")
    assert page.locator("html").get_attribute("lang") == language
    page.goto("/meetings/my-actions/")  # the second action item is due on 9 June next year
    year = timezone.localdate().year + 1
    assert {"fr": f"9 juin {year}", "es": f"9 de junio de {year}"}[language] in visible_text(page)
    assert overflow(page) <= 0
