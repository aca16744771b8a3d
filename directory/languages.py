"""The language each reader receives the portal's e-mails and letters in.

- A State writes to the UN, and is written to, in one of the three languages the portal speaks:
  State.language ("language of correspondence"), English unless the ISU chose otherwise. The data
  migration directory 0009_state_languages fills it from CORRESPONDENCE below for the States
  whose language is still English (never over a choice the ISU made); a State the world register
  creates later gets it too (directory.world.register_fill).
- A portal user's language is EmailPreference.language: set when they choose a language in the
  switcher while logged in, or on their preferences page; "" is the portal's default.

Who gets which language for an address: directory.selectors.language_for_user and
languages_for_addresses.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

EN, FR, ES = "en", "fr", "es"
LANGUAGE_CHOICES = [(EN, _("English")), (FR, _("French")), (ES, _("Spanish"))]
CODES = tuple(code for code, _label in LANGUAGE_CHOICES)

# The States whose correspondence with the UN is in Spanish, and those whose correspondence is in
# French (the francophone States of Africa, Haiti, France, Belgium, Luxembourg, Monaco). Every
# other State is written to in English. ISO 3166 alpha-3 codes.
SPANISH = ("ARG BOL CHL COL CRI CUB DOM ECU SLV GNQ GTM HND MEX NIC PAN PRY PER ESP URY VEN").split()
FRENCH = ("BEN BFA BDI CMR CAF TCD COM COG COD CIV DJI GAB GIN HTI MDG MLI MRT MCO NER SEN TGO TUN FRA LUX BEL").split()
CORRESPONDENCE = {**{code: ES for code in SPANISH}, **{code: FR for code in FRENCH}}


def default_language() -> str:
    return settings.LANGUAGE_CODE[:2] if settings.LANGUAGE_CODE[:2] in CODES else EN


def known(code: str | None) -> str:
    """The code when the portal speaks it, else ""."""
    code = (code or "").lower()[:2]
    return code if code in CODES else ""


def correspondence_language(iso3: str) -> str:
    """The language a State of this ISO code is written to in by default: 'es', 'fr' or 'en'."""
    return CORRESPONDENCE.get((iso3 or "").upper(), EN)


def fill_state_languages(State) -> int:
    """Set the language of each State still in English from CORRESPONDENCE; returns how many
    changed. Takes the model class (the migration's historical one, or the real one)."""
    changed = 0
    for code, language in CORRESPONDENCE.items():
        changed += State.objects.filter(iso3=code, language=EN).update(language=language)
    return changed
