"""The merge fields: the fixed, documented list of values a letter template may use (shown beside
the editor), and their values for one State (state_context), a campaign's letter
(campaign_context) or a trial render (sample_context), built from the register. A value the
register does not hold is left out, so that a template using it fails for that State by name."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from directory import names as register_names
from directory.models import Contact, Mandate
from directory.selectors import postal_contact

# name → what it holds (shown next to the template editor)
FIELDS: dict[str, Promise] = {
    "state.name": gettext_lazy(
        "Short name of the State in the letter's language, without article (Netherlands, Pays-Bas)"
    ),
    "state.the_name": gettext_lazy("Short name with its article (the Netherlands, les Pays-Bas, los Países Bajos)"),
    "state.of_name": gettext_lazy("'of' and the short name, contracted (of the Netherlands, des Pays-Bas, del Líbano)"),
    "state.official_name": gettext_lazy(
        "Official name (Republic of Iraq); the short name when none is recorded "
        "(in French and Spanish: the short name in that language)"
    ),
    "state.the_official_name": gettext_lazy("Official name with its article (the Republic of Iraq, l'Iraq, el Iraq)"),
    "state.of_official_name": gettext_lazy(
        "'of' and the official name, as after 'Permanent Mission' (of the Republic of Iraq, de l'Iraq, del Iraq)"
    ),
    "state.capital": gettext_lazy("Capital"),
    "address.salutation": gettext_lazy("Opening: 'Excellency,' / 'Excellence,' / 'Excelencia:'"),
    "address.form": gettext_lazy("Form of address: 'Your Excellency' / 'Votre Excellence' / 'Su Excelencia'"),
    "address.addressee": gettext_lazy("Addressee from the State's primary contact (H.E. the Ambassador)"),
    "address.channel": gettext_lazy("The contact's name (Permanent Mission of ... in Geneva, embassy, ministry)"),
    "signatory.name": gettext_lazy("Who signs the letter"),
    "signatory.title": gettext_lazy("The signatory's title"),
    "area.name": gettext_lazy("The thematic area writing (or whose paragraph this is)"),
    "area.coordinators": gettext_lazy(
        "The States coordinating that area in the current term, with their articles "
        "(Italy and the Netherlands; l'Italie et les Pays-Bas)"
    ),
    "term.name": gettext_lazy("The term (7MSP)"),
    "term.presidency": gettext_lazy("The State holding the Presidency"),
    "deadline.article3": gettext_lazy("Article 3 stockpile destruction deadline (extended one if granted)"),
    "deadline.article4": gettext_lazy("Article 4 clearance deadline (extended one if granted)"),
    "article7.overdue_years": gettext_lazy("Years of overdue Article 7 reports (2016, 2017)"),
    "article7.overdue_count": gettext_lazy("Number of overdue Article 7 reports"),
    "figures.contaminated": gettext_lazy("Latest contaminated area remaining (km²)"),
    "figures.cleared": gettext_lazy("Latest area cleared in a year (km²)"),
    "figures.victims": gettext_lazy("Latest registered cluster munition victims"),
    "figures.operators": gettext_lazy("Latest number of accredited clearance operators"),
    "figures.stockpile": gettext_lazy("Latest cluster munitions in stockpile"),
    "today": gettext_lazy("Today's date, in the letter's language"),
    "reply_by": gettext_lazy("The date by which an answer is asked for"),
    "reference": gettext_lazy("The letter's reference number (CCM/ISU/2017/0042)"),
    "area_paragraphs": gettext_lazy("In a consolidated letter: the paragraphs of every area targeting the State"),
}

SALUTATION = {"en": "Excellency,", "fr": "Excellence,", "es": "Excelencia:"}
FORM_OF_ADDRESS = {"en": "Your Excellency", "fr": "Votre Excellence", "es": "Su Excelencia"}
CONJUNCTION = {"en": "and", "fr": "et", "es": "y"}


def format_date(value: datetime.date, language: str) -> str:
    """'30 November 2026', '30 novembre 2026', '30 de noviembre de 2026' (directory/names.py)."""
    return register_names.letter_date(value, language)


def join_names(names: list, language: str) -> str:
    """'Italy and Chile', 'A, B et C', 'A, B y C' ('e' before an /i/ sound); States are named
    with their article in the language (directory/names.py)."""
    return register_names.join_and(names, language)


def _state_names(state, language: str) -> dict:
    names = register_names  # directory/names.py
    return {
        "name": names.state_name(state, language, article=False),
        "the_name": names.state_name(state, language),
        "of_name": names.of_state(state, language),
        "official_name": names.official_state_name(state, language, article=False),
        "the_official_name": names.official_state_name(state, language),
        "of_official_name": names.of_state(state, language, official=True),
    }


def _number(value) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def state_context(state, *, language: str, term=None, area=None, today=None) -> dict:
    """The merge values of one State (and area), from the register. A value the register does
    not hold is left out, so that a template using it fails for that State by name."""
    today = today or timezone.localdate()  # the date in Geneva
    contact = postal_contact(state, Contact.Role.MISSION)
    address = {"salutation": SALUTATION[language], "form": FORM_OF_ADDRESS[language]}
    if contact is not None:
        address["channel"] = contact.name
        if contact.addressee:
            address["addressee"] = contact.addressee
    context: dict = {
        "state": _state_names(state, language),
        "address": address,
        "today": format_date(today, language),
    }
    if state.capital:
        context["state"]["capital"] = state.capital
    if term is not None:
        context["term"] = {"name": term.name, "presidency": term.presidency.name}
    if area is not None:
        coordinators = [m.state for m in Mandate.objects.filter(area=area, term=term).select_related("state")]
        context["area"] = {"name": area.name}
        if coordinators:
            context["area"]["coordinators"] = join_names(coordinators, language)
    deadlines = {}
    for obligation in state.obligations.all():
        if obligation.completed is None:
            deadlines[f"article{obligation.article}"] = format_date(obligation.deadline, language)
    if deadlines:
        context["deadline"] = deadlines
    overdue = sorted(r.year for r in state.article7_reports.all() if r.submitted is None and r.due and r.due < today)
    if overdue:
        context["article7"] = {"overdue_years": ", ".join(str(y) for y in overdue), "overdue_count": len(overdue)}
    figures = {}
    for figure in state.figures.order_by("as_of"):
        figures[figure.indicator] = _number(figure.value)
    if figures:
        context["figures"] = figures
    return context


def campaign_context(campaign, state, *, reference: str = "", today=None) -> dict:
    context = state_context(state, language=campaign.language, term=campaign.term, area=campaign.area, today=today)
    context["signatory"] = {"name": campaign.signatory_name}
    if campaign.signatory_title:
        context["signatory"]["title"] = campaign.signatory_title
    if campaign.reply_by:
        context["reply_by"] = format_date(campaign.reply_by, campaign.language)
    if reference:
        context["reference"] = reference
    return context


def sample_context() -> dict:
    """A value for every merge field: the trial render of a template being saved uses it."""
    context: dict = {}
    for name in FIELDS:
        *groups, last = name.split(".")
        target = context
        for group in groups:
            target = target.setdefault(group, {})
        target[last] = 2 if name == "article7.overdue_count" else f"[{name}]"
    return context
