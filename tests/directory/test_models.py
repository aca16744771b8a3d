"""The register's own rules: name folding for matching, and one delegation per State or organisation."""

import pytest
from django.db import IntegrityError

from directory.models import Delegation, StateAlias, normalise_name
from tests.factories import OrganisationFactory, StateFactory


@pytest.mark.parametrize(
    "written, folded",
    [
        ("Côte d'Ivoire", "cote d ivoire"),
        ("Asim Dorović", "asim dorovic"),
        ("Amélie Chayer", "amelie chayer"),
        ("The Netherlands", "netherlands"),
        ("Bosnia & Herzegovina", "bosnia and herzegovina"),
        ("Bosnia-Herzegovina", "bosnia herzegovina"),
        ("  Lao   PDR ", "lao pdr"),
        ("Bolivia (Plurinational State of)", "bolivia plurinational state of"),
    ],
)
def test_normalise_name_folds_what_documents_vary(written, folded):
    assert normalise_name(written) == folded


def test_variants_found_in_real_minutes_fold_to_the_register_name():
    assert normalise_name("The Netherlands") == normalise_name("Netherlands")
    assert normalise_name("Bosnia & Herzegovina") == normalise_name("Bosnia and Herzegovina")
    assert normalise_name("Víctor Martínez") == normalise_name("Victor Martinez")


def test_only_a_leading_the_is_dropped():
    assert normalise_name("Theland") == "theland"
    assert normalise_name("Republic of the Congo") == "republic of the congo"


@pytest.mark.django_db
def test_a_state_gets_its_delegation_which_follows_its_name():
    state = StateFactory(iso3="QNA", name="Northland")
    assert state.delegation.name == "Northland" and state.delegation.is_state
    state.name = "Republic of Northland"
    state.save()
    assert Delegation.objects.get(state=state).name == "Republic of Northland"
    assert Delegation.objects.filter(state=state).count() == 1


@pytest.mark.django_db
def test_an_organisation_gets_its_delegation_named_by_its_acronym():
    unoda = OrganisationFactory(name="United Nations Office for Disarmament Affairs", acronym="UNODA")
    assert unoda.delegation.name == "UNODA" and not unoda.delegation.is_state
    plain = OrganisationFactory(name="Norwegian People's Aid", acronym="")
    assert plain.delegation.name == "Norwegian People's Aid"


@pytest.mark.django_db
def test_a_delegation_is_a_state_or_an_organisation_never_both():
    state = StateFactory()
    organisation = OrganisationFactory()
    Delegation.objects.filter(state=state).delete()
    with pytest.raises(IntegrityError):
        Delegation.objects.create(state=state, organisation=organisation, name="both")


@pytest.mark.django_db
def test_an_alias_is_stored_folded_and_only_once():
    netherlands = StateFactory(iso3="NLD", name="Netherlands")
    alias = StateAlias.objects.create(state=netherlands, alias="The Netherlands")
    assert alias.normalised == "netherlands"
    with pytest.raises(IntegrityError):
        StateAlias.objects.create(state=StateFactory(), alias="the  netherlands")
