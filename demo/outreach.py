# ruff: noqa: E501  (letter prose is kept as one line per paragraph)
"""Outreach demo data: contacts, letter templates (English and French) and area paragraphs, the
7MSP universalization campaign to the four categories of States not party, and a consolidated
letter to the States on the Coordinators' target lists (Afghanistan is targeted by Victim
Assistance and National Implementation Measures, so its letter joins both paragraphs).

States not party are added to the register for the categories, with their treaty dates as
publicly recorded. The UNGA votes below are ILLUSTRATIONS written for the demo, not the recorded
vote; the e-mail addresses end in .invalid. Letters' texts are generated, their PDFs are not:
the ISU clicks "Generate letters" to render them in the background.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from coordinators.models import TargetState
from directory.importers import ensure_conventions
from directory.languages import correspondence_language
from directory.models import Article7Report, Contact, Person, State, Term, ThematicArea, TreatyStatus
from directory.names import of_state
from outreach import services
from outreach.models import Campaign, FollowUp, Letter, LetterTemplate, Response, UNGAVote

D = datetime.date
SOURCE = "Public record (UN depositary), entered by the outreach demo loader"
ILLUSTRATION = "Demo illustration, not the recorded vote"

# iso3, iso2, name, official name, capital, has Geneva mission, CCM signature, APMBC (ratification, EIF)
NON_PARTIES = (
    ("IDN", "ID", "Indonesia", "Republic of Indonesia", "Jakarta", True, D(2008, 12, 3), (D(2007, 2, 16), D(2007, 8, 1))),
    ("KEN", "KE", "Kenya", "Republic of Kenya", "Nairobi", True, D(2008, 12, 3), (D(2001, 1, 23), D(2001, 7, 1))),
    ("THA", "TH", "Thailand", "Kingdom of Thailand", "Bangkok", True, None, (D(1998, 11, 27), D(1999, 5, 1))),
    ("FIN", "FI", "Finland", "Republic of Finland", "Helsinki", True, None, (D(2012, 1, 9), D(2012, 7, 1))),
    ("SRB", "RS", "Serbia", "Republic of Serbia", "Belgrade", True, None, (D(2003, 9, 18), D(2004, 3, 1))),
    ("TUV", "TV", "Tuvalu", "Tuvalu", "Funafuti", False, None, (D(2011, 9, 13), D(2012, 3, 1))),
    ("IND", "IN", "India", "Republic of India", "New Delhi", True, None, None),
)  # fmt: skip
UNGA_YES = ("IDN", "KEN", "THA")  # illustrative

UNIVERSALIZATION_EN = """{{ address.salutation }}

I have the honour to write to you as {{ signatory.title }} of the Convention on Cluster Munitions, on behalf of the Coordinators on Universalization, {{ area.coordinators }}.

The Convention now counts more than one hundred States Parties. {{ state.official_name }} shares its humanitarian aims, and we would warmly welcome its accession to, or ratification of, the Convention at the earliest opportunity.

The Implementation Support Unit stands ready to provide any information or assistance {{ state.name }} may need, including on national implementation measures and on the obligations under the Convention.

We would be grateful to hear from you by {{ reply_by }}.

Please accept, {{ address.form }}, the assurances of my highest consideration."""

UNIVERSALIZATION_FR = """{{ address.salutation }}

J'ai l'honneur de vous écrire en ma qualité de {{ signatory.title }} de la Convention sur les armes à sous-munitions, au nom des Coordonnateurs sur l'universalisation, {{ area.coordinators }}.

La Convention compte désormais plus de cent États parties. {{ state.official_name }} en partage les objectifs humanitaires, et nous accueillerions très favorablement son adhésion à la Convention ou sa ratification dans les meilleurs délais.

Nous vous serions reconnaissants de bien vouloir nous répondre d'ici le {{ reply_by }}.

Je vous prie d'agréer, {{ address.form }}, les assurances de ma très haute considération."""

UNIVERSALIZATION_ES = """{{ address.salutation }}

Tengo el honor de dirigirme a {{ address.form }} en mi calidad de {{ signatory.title }} de la Convención sobre Municiones en Racimo, en nombre de los Coordinadores de universalización, {{ area.coordinators }}.

La Convención cuenta ya con más de cien Estados partes. {{ state.official_name }} comparte sus objetivos humanitarios, y acogeríamos con gran satisfacción su adhesión a la Convención o su ratificación a la mayor brevedad.

Le agradeceríamos que nos hiciera llegar su respuesta antes del {{ reply_by }}.

Aprovecho la oportunidad para reiterar a {{ address.form }} las seguridades de mi más alta consideración."""

CONSOLIDATED_EN = """{{ address.salutation }}

On behalf of the Coordination Committee of the Convention on Cluster Munitions, I have the honour to write to {{ address.form }} about the implementation of the Convention by {{ state.the_official_name }}. The Coordinators of several thematic areas have asked that their points be brought to your attention in a single letter.

{{ area_paragraphs }}

We would be grateful for your reply by {{ reply_by }}, and the Implementation Support Unit remains at your disposal.

Please accept, {{ address.form }}, the assurances of my highest consideration."""

CONSOLIDATED_FR = """{{ address.salutation }}

Au nom du Comité de coordination de la Convention sur les armes à sous-munitions, j'ai l'honneur de vous écrire au sujet de la mise en œuvre de la Convention par {{ state.the_official_name }}.

{{ area_paragraphs }}

Nous vous serions reconnaissants de bien vouloir nous répondre d'ici le {{ reply_by }}.

Je vous prie d'agréer, {{ address.form }}, les assurances de ma très haute considération."""

CONSOLIDATED_ES = """{{ address.salutation }}

En nombre del Comité de Coordinación de la Convención sobre Municiones en Racimo, tengo el honor de dirigirme a {{ address.form }} en relación con la aplicación de la Convención por {{ state.the_official_name }}.

{{ area_paragraphs }}

Le agradeceríamos que nos hiciera llegar su respuesta antes del {{ reply_by }}.

Aprovecho la oportunidad para reiterar a {{ address.form }} las seguridades de mi más alta consideración."""

VA_LETTER = """{{ address.salutation }}

As Coordinators on Victim Assistance of the Convention on Cluster Munitions ({{ area.coordinators }}), we have the honour to ask {{ state.the_official_name }} about its national victim assistance plan, its focal point, and any assistance it would need to implement Article 5.

We would be grateful for your reply by {{ reply_by }}.

Please accept, {{ address.form }}, the assurances of our highest consideration."""

PARAGRAPHS = {
    ("victim-assistance", "en"): "Victim Assistance. The Coordinators on Victim Assistance, {{ area.coordinators }}, "
    "would welcome information on the national victim assistance plan of {{ state.name }} and on any assistance "
    "it may need to implement Article 5.",
    ("victim-assistance", "fr"): "Assistance aux victimes. Les Coordonnateurs sur l'assistance aux victimes, "
    "{{ area.coordinators }}, souhaiteraient recevoir des informations sur le plan national d'assistance aux "
    "victimes de {{ state.name }}.",
    ("national-implementation", "en"): "National Implementation Measures. The Coordinator, {{ area.coordinators }}, "
    "stands ready to share model legislation and to support {{ state.name }} in adopting national implementation "
    "measures under Article 9.",
    ("transparency", "en"): "Transparency Measures. The Coordinator, {{ area.coordinators }}, recalls that "
    "transparency reports under Article 7 are outstanding for {{ article7.overdue_years }}, and offers the help "
    "of the Implementation Support Unit in preparing them.",
    ("clearance", "en"): "Clearance and Risk Reduction Education. The Coordinators, {{ area.coordinators }}, "
    "note that the Article 4 deadline of {{ state.name }} falls on {{ deadline.article4 }} and would welcome an "
    "update on the progress towards meeting it without an extension.",
}


def _non_parties() -> list[State]:
    conventions = ensure_conventions()
    states = []
    for iso3, iso2, name, official, capital, mission, signature, apmbc in NON_PARTIES:
        state = State.objects.filter(iso3=iso3).first()
        if state is None:
            state = State.objects.create(
                iso3=iso3, iso2=iso2, name=name, official_name=official, capital=capital, has_geneva_mission=mission,
                language=correspondence_language(iso3),
            )  # fmt: skip
        if signature and not TreatyStatus.objects.filter(state=state, convention=conventions["ccm"]).exists():
            TreatyStatus.objects.create(
                state=state, convention=conventions["ccm"], status="signatory", signature=signature, source=SOURCE
            )
        if apmbc and not TreatyStatus.objects.filter(state=state, convention=conventions["apmbc"]).exists():
            TreatyStatus.objects.create(
                state=state, convention=conventions["apmbc"], status="party", ratification=apmbc[0],
                instrument="ratification" if iso3 in ("IDN", "KEN", "THA") else "accession",
                entry_into_force=apmbc[1], source=SOURCE,
            )  # fmt: skip
        states.append(state)
    for iso3 in UNGA_YES:
        UNGAVote.objects.get_or_create(
            resolution="A/RES/71/45",
            state=State.objects.get(iso3=iso3),
            defaults={"year": 2016, "vote": "yes", "source": ILLUSTRATION},
        )
    return states


# Finance contacts (MADE UP: names, addresses and e-mails): the joint letters and reminders of these States
# go there; every other State's go to its mission. Zambia has no contact at all (NO_CONTACT): its
# reminders wait in the portal, and the reminder page lists it among the States without an address.
FINANCE_CONTACTS = {
    "IRQ": ("Finance Section, Permanent Mission of Iraq", "The Counsellor for Financial Affairs",
            "Rue des Exemples 12, 1202 Geneva", "finance@mission-iraq.example"),
    "ITA": ("Administrative and Financial Office, Permanent Mission of Italy", "The First Secretary (Budget)",
            "Chemin du Modèle 3, 1292 Chambésy, Geneva", "finance@mission-italy.example"),
    "DEU": ("Budget Unit, Federal Foreign Office", "Head of the Budget Unit",
            "Musterstraße 1, 10117 Berlin", "contributions@foreign-office-germany.example"),
    "LBN": ("Finance Department, Ministry of Foreign Affairs and Emigrants", "The Director of Finance",
            "Rue de l'Exemple 5, Achrafieh, Beirut", "finance@mfa-lebanon.example"),
}  # fmt: skip
NO_CONTACT = {"ZMB"}


def _contacts() -> None:
    for state in State.objects.exclude(iso3__in=NO_CONTACT):
        if state.iso3 in FINANCE_CONTACTS and not state.contacts.filter(for_finance=True).exists():
            name, addressee, address, email = FINANCE_CONTACTS[state.iso3]
            Contact.objects.create(
                state=state, kind=Contact.Kind.GENEVA_MISSION if "Mission" in name else Contact.Kind.CAPITAL_MINISTRY,
                name=name, addressee=addressee, address=address, email=email,
                for_mission=False, for_finance=True, is_primary=True,
            )  # fmt: skip
        if state.contacts.filter(for_mission=True).exists():
            continue
        slug = state.iso3.lower()
        if state.has_geneva_mission:
            Contact.objects.create(
                state=state, kind=Contact.Kind.GENEVA_MISSION, is_primary=True,
                name=f"Permanent Mission {of_state(state, 'en', official=True)} to the United Nations Office at Geneva",
                addressee="H.E. the Ambassador, Permanent Representative", address="Geneva, Switzerland",
                email=f"mission.geneva@{slug}.demo.invalid",
            )  # fmt: skip
        else:
            Contact.objects.create(
                state=state, kind=Contact.Kind.CAPITAL_MINISTRY, is_primary=True,
                name="Ministry of Foreign Affairs", addressee="The Minister of Foreign Affairs",
                address=state.capital, note="No mission in Geneva: letters go to the capital by post.",
            )  # fmt: skip
    afghanistan = State.objects.filter(iso3="AFG").first()
    if afghanistan and not afghanistan.contacts.filter(kind=Contact.Kind.CAPITAL_MINISTRY).exists():
        Contact.objects.create(
            state=afghanistan, kind=Contact.Kind.CAPITAL_MINISTRY, name="Ministry of Foreign Affairs, Kabul",
            email="mfa@afg.demo.invalid",
        )  # fmt: skip


def _templates(isu) -> dict:
    def template(name, body, *, kind="letter", language="en", area=None, subject=""):
        found = LetterTemplate.objects.filter(name=name, language=language, kind=kind, area=area).first()
        return found or LetterTemplate.objects.create(
            name=name, body=body, kind=kind, language=language, area=area, subject=subject, updated_by=isu
        )

    areas = {a.slug: a for a in ThematicArea.objects.all()}
    found = {
        "universalization": template(
            "Universalization letter", UNIVERSALIZATION_EN, subject="The Convention on Cluster Munitions",
            area=areas.get("universalization"),
        ),
        "universalization-fr": template(
            "Universalization letter", UNIVERSALIZATION_FR, language="fr",
            subject="La Convention sur les armes à sous-munitions", area=areas.get("universalization"),
        ),
        "universalization-es": template(
            "Universalization letter", UNIVERSALIZATION_ES, language="es",
            subject="La Convención sobre Municiones en Racimo", area=areas.get("universalization"),
        ),
        "consolidated": template(
            "Consolidated letter to target States", CONSOLIDATED_EN,
            subject="Implementation of the Convention on Cluster Munitions by {{ state.name }}",
        ),
        "consolidated-fr": template(
            "Consolidated letter to target States", CONSOLIDATED_FR, language="fr",
            subject="Mise en œuvre de la Convention sur les armes à sous-munitions par {{ state.name }}",
        ),
        "consolidated-es": template(
            "Consolidated letter to target States", CONSOLIDATED_ES, language="es",
            subject="Aplicación de la Convención sobre Municiones en Racimo por {{ state.name }}",
        ),
    }  # fmt: skip
    if "victim-assistance" in areas:  # a Coordinator's own letter, for a campaign of the area
        found["victim-assistance"] = template(
            "Victim Assistance letter", VA_LETTER, area=areas["victim-assistance"],
            subject="Victim assistance in {{ state.name }}",
        )  # fmt: skip
    for (slug, language), body in PARAGRAPHS.items():
        if slug in areas:
            template(f"{areas[slug].name} paragraph", body, kind="paragraph", language=language, area=areas[slug])
    return found


def _send(letter: Letter, on: datetime.date, channel=Letter.Channel.EMAIL) -> None:
    """Mark a demo letter approved and sent on a past date (no e-mail goes out)."""
    when = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    Letter.objects.filter(pk=letter.pk).update(
        status=Letter.Status.SENT, approved_at=when, sent_at=when, sent_channel=channel,
        sent_to=", ".join(services.contact_emails(letter.state)),
    )  # fmt: skip


def _answer(letter: Letter, on: datetime.date, channel: str, summary: str, by) -> None:
    Response.objects.create(letter=letter, date=on, channel=channel, summary=summary, logged_by=by)
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.ANSWERED)


def build() -> str | None:
    term = Term.objects.filter(name="7MSP").first()
    isu = get_user_model().objects.filter(username="isu").first()
    if term is None or isu is None or Campaign.objects.filter(title__startswith="7MSP universalization").exists():
        return None
    _non_parties()
    benin = State.objects.filter(iso3="BEN").first()
    if benin:  # the Transparency Coordinator's target (coordinators demo): the initial report is outstanding
        Article7Report.objects.get_or_create(
            state=benin, year=2018, defaults={"is_initial": True, "due": D(2018, 6, 30)}
        )
    _contacts()
    templates = _templates(isu)
    president = Person.objects.filter(last_name="Biontino").first()
    signatory = president.full_name if president else "H.E. Michael Biontino"
    universalization = ThematicArea.objects.filter(slug="universalization").first()

    from outreach.recipients import UNIVERSALIZATION, select_recipients

    campaign = services.campaign_create(
        by=isu,
        recipients=select_recipients(categories=UNIVERSALIZATION, term=term),
        title="7MSP universalization letter to States not party",
        term=term,
        area=universalization,
        consolidated=False,
        template=templates["universalization"],
        signatory_name=signatory,
        signatory_title="President of the Seventh Meeting of States Parties",
        reply_by=D(2017, 3, 31),
        period_start=D(2016, 9, 7),
        selection="Signatories; States not party that voted for the UNGA resolution; parties to the Mine Ban "
        "Convention not party to this one; every other State not party",
    )
    services.campaign_generate(campaign=campaign, by=isu, today=D(2017, 1, 16), pdfs=False)
    letters = {letter.state.iso3: letter for letter in campaign.letters.select_related("state")}
    for iso3 in ("IDN", "KEN", "THA", "FIN", "TUV"):
        if iso3 in letters:
            _send(letters[iso3], D(2017, 1, 16), Letter.Channel.POST if iso3 == "TUV" else Letter.Channel.EMAIL)
    if "IDN" in letters:
        _answer(letters["IDN"], D(2017, 2, 20), Response.Channel.NOTE_VERBALE,
                "The Ministry is reviewing accession; an inter-ministerial meeting is planned.", isu)  # fmt: skip
    if "FIN" in letters:
        _answer(letters["FIN"], D(2017, 3, 2), Response.Channel.LETTER,
                "Acknowledges the letter; no change of position at this time.", isu)  # fmt: skip

    targeted = State.objects.filter(pk__in=TargetState.objects.filter(term=term).values("state_id"))
    consolidated = services.campaign_create(
        by=isu,
        recipients=list(targeted),
        title="Consolidated letter to the target States (7MSP)",
        term=term,
        area=None,
        consolidated=True,
        template=templates["consolidated"],
        signatory_name=signatory,
        signatory_title="President of the Seventh Meeting of States Parties",
        reply_by=D(2017, 4, 28),
        period_start=D(2016, 9, 7),
        selection="Target lists of every area (7MSP)",
    )
    result = services.campaign_generate(campaign=consolidated, by=isu, today=D(2017, 2, 1), pdfs=False)
    letters = {letter.state.iso3: letter for letter in consolidated.letters.select_related("state")}
    for iso3 in ("AFG", "LBN", "IRQ"):
        if iso3 in letters and not letters[iso3].error:
            _send(letters[iso3], D(2017, 2, 6))
    if "AFG" in letters and not letters["AFG"].error:
        _answer(letters["AFG"], D(2017, 3, 15), Response.Channel.LETTER,
                "Thanks the Coordinators; victim assistance plan under review; draft legislation before "
                "the Cabinet.", isu)  # fmt: skip
        FollowUp.objects.create(
            state=letters["AFG"].state, letter=letters["AFG"], kind=FollowUp.Kind.BILATERAL,
            planned_on=D(2017, 4, 5), done_on=D(2017, 4, 5), place="Geneva", who="Italy and New Zealand, with the ISU",
            notes="Met the Permanent Mission on the victim assistance plan and the draft law.", owner=isu,
        )  # fmt: skip
    today = timezone.localdate()
    for iso3, kind, days, place, who in (
        ("LAO", FollowUp.Kind.DEMARCHE, 9, "Vientiane", "Embassy of the Presidency"),
        ("TUV", FollowUp.Kind.FOLLOW_UP, 16, "Regional meeting (Pacific)", "Universalization Coordinators"),
        ("KEN", FollowUp.Kind.BILATERAL, 23, "Geneva", "ISU"),
    ):
        state = State.objects.filter(iso3=iso3).first()
        if state:
            FollowUp.objects.create(state=state, kind=kind, planned_on=today + datetime.timedelta(days=days),
                                    place=place, who=who, owner=isu)  # fmt: skip
    return (
        f"Outreach: {campaign.letters.count()} universalization letters, {consolidated.letters.count()} consolidated "
        f"letters ({len(result.errors)} to complete), {Response.objects.count()} answers."
    )
