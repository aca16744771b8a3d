"""A small outreach world: the 7MSP term, Victim Assistance (Italy) and National Implementation
Measures (New Zealand) both targeting Afghanistan, letter and paragraph templates, contacts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coordinators.models import TargetState
from directory.models import Contact, Mandate, Obligation
from outreach import services
from outreach.models import LetterTemplate
from tests.factories import StateFactory, TermFactory, ThematicAreaFactory

LETTER_BODY = (
    "{{ address.salutation }}\n\n"
    "I have the honour to write to you, as {{ signatory.title }}, about {{ state.official_name }}.\n\n"
    "{{ area_paragraphs }}\n\n"
    "We would be grateful for an answer by {{ reply_by }}."
)


@pytest.fixture
def world(db, italy, australia):
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    nzl = StateFactory(iso3="NZL", name="New Zealand")
    afg = StateFactory(iso3="AFG", name="Afghanistan", official_name="Islamic Republic of Afghanistan")
    lbn = StateFactory(iso3="LBN", name="Lebanon", official_name="Lebanese Republic")
    ben = StateFactory(iso3="BEN", name="Benin", official_name="Republic of Benin")
    va = ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance", order=1)
    nim = ThematicAreaFactory(name="National Implementation Measures", slug="national-implementation", order=7)
    ica = ThematicAreaFactory(name="International Cooperation and Assistance", slug="ica", order=5)
    Mandate.objects.create(area=va, term=term, state=italy)
    Mandate.objects.create(area=nim, term=term, state=nzl)
    Mandate.objects.create(area=ica, term=term, state=australia)
    for area, state, reason in ((va, afg, "assistance"), (va, lbn, "assistance"), (nim, afg, "legislation"),
                                (nim, ben, "legislation")):  # fmt: skip
        TargetState.objects.create(area=area, term=term, state=state, reason=reason)
    Obligation.objects.create(state=lbn, article=4, original_deadline=datetime.date(2021, 5, 1))
    letter = LetterTemplate.objects.create(
        name="Consolidated letter",
        kind="letter",
        language="en",
        subject="Outreach to {{ state.name }}",
        body=LETTER_BODY,
    )
    paragraphs = {
        va: LetterTemplate.objects.create(
            name="VA paragraph", kind="paragraph", area=va, language="en",
            body="The Coordinators on {{ area.name }} ({{ area.coordinators }}) would welcome news of the "
                 "victim assistance plan of {{ state.name }}.",
        ),
        nim: LetterTemplate.objects.create(
            name="NIM paragraph", kind="paragraph", area=nim, language="en",
            body="{{ area.coordinators }} stands ready to help {{ state.name }} with its implementing legislation.",
        ),
    }  # fmt: skip
    for state in (afg, lbn, ben):
        Contact.objects.create(
            state=state, kind="geneva_mission", name=f"Permanent Mission of {state.name} in Geneva",
            addressee="H.E. the Ambassador", email=f"mission@{state.iso3.lower()}.invalid", is_primary=True,
        )  # fmt: skip
    return {
        "term": term, "va": va, "nim": nim, "ica": ica, "afg": afg, "lbn": lbn, "ben": ben, "nzl": nzl,
        "letter_template": letter, "paragraphs": paragraphs,
    }  # fmt: skip


@pytest.fixture
def consolidated(world, isu_staff):
    w = world
    return services.campaign_create(
        by=isu_staff,
        recipients=[w["afg"], w["lbn"], w["ben"]],
        title="Consolidated letter to target States",
        term=w["term"],
        area=None,
        consolidated=True,
        template=w["letter_template"],
        signatory_name="H.E. Michael Biontino",
        signatory_title="President of the 7MSP",
        reply_by=datetime.date(2017, 3, 31),
        period_start=datetime.date(2016, 12, 1),
    )


@pytest.fixture
def va_campaign(world, coordinator_va):
    w = world
    template = LetterTemplate.objects.create(
        name="VA letter", kind="letter", language="en", area=w["va"],
        body="{{ address.salutation }}\n\nOn victim assistance in {{ state.name }}.",
    )  # fmt: skip
    return services.campaign_create(
        by=coordinator_va,
        recipients=[w["afg"], w["lbn"]],
        title="Victim assistance letter",
        term=w["term"],
        area=w["va"],
        consolidated=False,
        template=template,
        signatory_name="Ms. Coordinator",
        signatory_title="Coordinator on Victim Assistance",
        period_start=datetime.date(2016, 12, 1),
    )


@pytest.fixture
def objects(  # letters in every state, an answer, a démarche: what the pages show
    world, va_campaign, consolidated, isu_staff, coordinator_va, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_generate(campaign=va_campaign)
        services.campaign_generate(campaign=consolidated)
    letter = va_campaign.letters.get(state=world["afg"])
    services.letter_approve(letter=letter, by=coordinator_va)
    services.letter_mark_sent(letter=letter, channel="hand", by=coordinator_va)
    response = services.response_log(
        letter=letter, date=datetime.date.today(), channel="letter", summary="Thanks.",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), by=coordinator_va,
    )  # fmt: skip
    followup = services.followup_add(
        state=world["afg"], kind="demarche", planned_on=datetime.date.today(), by=coordinator_va
    )
    consolidated_letter = consolidated.letters.get(state=world["afg"])
    return {
        "va_campaign": va_campaign, "consolidated": consolidated, "letter": letter, "response": response,
        "followup": followup, "consolidated_letter": consolidated_letter, "paragraph": world["paragraphs"][world["va"]],
        "state": world["afg"],
    }  # fmt: skip
