"""Filters for letters: a State's name with its article, 'of' + the name, a list joined with
'and', an amount in CHF, each in the language given or the active one (directory/names.py).

    {% load register_names %}
    {{ state|state_name }}            the Netherlands / les Pays-Bas / los Países Bajos
    {{ state|state_name:"fr" }}       les Pays-Bas
    {{ state|of_state }}              of the Netherlands / des Pays-Bas / de los Países Bajos
    {{ state|of_official_state }}     of the Kingdom of the Netherlands (French, Spanish: the short name)
    {{ states|join_and }}             Italy, Chile and the Netherlands (States named with their article)
    {{ amount|chf }}                  CHF 1,234.56 / 1 234,56 CHF / 1.234,56 CHF
    {{ amount|chf_number }}           1,234.56 / 1 234,56 / 1.234,56 (under a 'CHF' column)
    {{ day|letter_date }}             30 November 2026 / 30 novembre 2026 / 30 de noviembre de 2026
"""

from django import template

from .. import names

register = template.Library()


def _state_or_empty(value, render):
    if value is None or value == "":
        return ""
    return render(value)


@register.filter
def state_name(state, lang=None):
    return _state_or_empty(state, lambda s: names.state_name(s, lang))


@register.filter
def state_name_bare(state, lang=None):
    """The short name in the language, without its article (a heading, a table cell)."""
    return _state_or_empty(state, lambda s: names.state_name(s, lang, article=False))


@register.filter
def official_state_name(state, lang=None):
    return _state_or_empty(state, lambda s: names.official_state_name(s, lang))


@register.filter
def official_state_name_bare(state, lang=None):
    """The official name without its article (a table cell); in French and Spanish the short name."""
    return _state_or_empty(state, lambda s: names.official_state_name(s, lang, article=False))


@register.filter
def of_state(state, lang=None):
    return _state_or_empty(state, lambda s: names.of_state(s, lang))


@register.filter
def of_official_state(state, lang=None):
    return _state_or_empty(state, lambda s: names.of_state(s, lang, official=True))


@register.filter
def join_and(items, lang=None):
    return names.join_and(items or [], lang)


@register.filter
def chf(value, lang=None):
    return names.chf(value, lang)


@register.filter
def chf_number(value, lang=None):
    return names.chf_number(value, lang)


@register.filter
def letter_date(value, lang=None):
    return names.letter_date(value, lang)
