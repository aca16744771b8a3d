"""The States' contacts live in the register (issue 15): each serves correspondence ("mission"),
finance, or both; finance falls back to the mission contacts of a State that has no finance
contact; outreach letters go to the mission contacts only; the outreach State page lists and adds
them; the admin keeps them; the migration moves outreach's contacts, with their history, here."""

import importlib

import pytest
from django.db import IntegrityError, connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from directory.models import Contact
from directory.selectors import contact_emails, contacts_for, postal_contact, states_without_email
from outreach import services as outreach
from tests.factories import StateFactory

MISSION, FINANCE = Contact.Role.MISSION, Contact.Role.FINANCE


def _contact(state, name, *, email="", mission=True, finance=False, primary=False, kind="geneva_mission"):
    return Contact.objects.create(
        state=state, kind=kind, name=name, email=email, for_mission=mission, for_finance=finance, is_primary=primary
    )


@pytest.mark.django_db
def test_the_primary_contact_comes_first_and_finance_falls_back_to_the_mission():
    state = StateFactory(name="Freedonia")
    embassy = _contact(state, "Embassy of Freedonia", email="embassy@freedonia.invalid", kind="embassy")
    mission = _contact(state, "Mission of Freedonia", email="mission@freedonia.invalid", primary=True)
    assert list(contacts_for(state, MISSION)) == [mission, embassy]
    assert postal_contact(state, MISSION) == mission
    # no finance contact: the finance letters go to the mission contacts
    assert list(contacts_for(state, FINANCE)) == [mission, embassy]
    assert contact_emails(state, FINANCE) == ["embassy@freedonia.invalid", "mission@freedonia.invalid"]
    treasury = _contact(state, "Treasury of Freedonia", email="treasury@freedonia.invalid", mission=False, finance=True)
    assert list(contacts_for(state, FINANCE)) == [treasury] and postal_contact(state, FINANCE) == treasury
    assert contact_emails(state, FINANCE) == ["treasury@freedonia.invalid"]
    # the outreach letters never go to a finance-only contact
    assert outreach.contact_emails(state) == contact_emails(state, MISSION)
    assert "treasury@freedonia.invalid" not in outreach.contact_emails(state)
    assert treasury.roles == ["finance"] and mission.roles == ["mission"]


@pytest.mark.django_db
def test_states_without_email_for_a_purpose():
    reachable = StateFactory(name="Reachable")
    _contact(reachable, "Mission", email="mission@reachable.invalid")
    postal_only = StateFactory(name="Postal only")
    _contact(postal_only, "Ministry", kind="capital_ministry")
    treasury_by_post = StateFactory(name="Treasury by post")
    _contact(treasury_by_post, "Mission", email="mission@treasury-by-post.invalid")
    _contact(treasury_by_post, "Treasury", mission=False, finance=True)
    nobody = StateFactory(name="Nobody")
    states = [reachable, postal_only, treasury_by_post, nobody]
    assert states_without_email(states, FINANCE) == [nobody, postal_only, treasury_by_post]
    assert states_without_email(states, MISSION) == [nobody, postal_only]


@pytest.mark.django_db
def test_a_contact_serves_a_purpose():
    with pytest.raises(IntegrityError):
        _contact(StateFactory(), "For nothing", mission=False, finance=False)


@pytest.mark.django_db
def test_the_outreach_state_page_lists_and_adds_contacts_with_their_purpose(client, isu_staff):
    state = StateFactory(name="Freedonia")
    _contact(state, "Permanent Mission of Freedonia", email="mission@freedonia.invalid", primary=True)
    client.force_login(isu_staff)
    url = reverse("outreach:contact-add", args=[state.pk])
    treasury_form = {"kind": "capital_ministry", "name": "Treasury of Freedonia", "for_finance": "on"}
    client.post(url, {**treasury_form, "email": "treasury@freedonia.invalid"})
    treasury = Contact.objects.get(name="Treasury of Freedonia")
    assert treasury.roles == ["finance"] and treasury.is_primary  # the first for finance is its primary
    assert Contact.objects.get(name="Permanent Mission of Freedonia").is_primary  # still the mission's
    refused = client.post(url, {"kind": "embassy", "name": "For nothing"}, follow=True).content.decode()
    assert "a purpose (correspondence, finance or both)" in refused
    assert not Contact.objects.filter(name="For nothing").exists()
    page = client.get(reverse("outreach:state-history", args=[state.pk])).content.decode()
    assert "Treasury of Freedonia" in page and "treasury@freedonia.invalid" in page and ">finance<" in page
    assert "Permanent Mission of Freedonia" in page and ">correspondence<" in page
    listing = client.get(reverse("outreach:state-list"), {"q": "Freedonia"})
    assert [row.contact_count for row in listing.context["page_obj"]] == [2]


@pytest.mark.django_db
def test_the_admin_keeps_the_contacts(admin_client):
    contact = _contact(StateFactory(name="Freedonia"), "Mission of Freedonia", finance=True)
    assert admin_client.get(reverse("admin:directory_contact_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:directory_contact_add")).status_code == 200
    assert admin_client.get(reverse("admin:directory_contact_change", args=[contact.pk])).status_code == 200
    assert admin_client.get(reverse("admin:directory_contact_history", args=[contact.pk])).status_code == 200


# --- the migration ------------------------------------------------------------------------------

MOVE = importlib.import_module("outreach.migrations.0004_contacts_moved_to_directory")


def _apps_before_the_move():
    """The models as the migration sees them: outreach's contacts still there, directory's new."""
    from django.db.migrations.loader import MigrationLoader

    with override_settings(MIGRATION_MODULES={}):  # the tests run --nomigrations: read the real ones
        loader = MigrationLoader(connection, ignore_no_migrations=True)
    return loader.project_state([("outreach", "0003_letter_email_error"), ("directory", "0004_contacts")]).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_outreach_contact_and_its_history():
    apps = _apps_before_the_move()
    Old, OldHistory = apps.get_model("outreach", "Contact"), apps.get_model("outreach", "HistoricalContact")
    state = StateFactory(name="Freedonia")
    with connection.schema_editor() as editor:  # the test database has no outreach contact tables
        editor.create_model(Old)
        editor.create_model(OldHistory)
    try:
        old = [
            Old.objects.create(state_id=state.pk, kind="geneva_mission", name="Permanent Mission of Freedonia",
                               addressee="H.E. the Ambassador", address="Geneva", email="mission@freedonia.invalid",
                               is_primary=True, note="Since 2015"),
            Old.objects.create(state_id=state.pk, kind="capital_ministry", name="Ministry of Foreign Affairs"),
        ]  # fmt: skip
        for contact in old:
            OldHistory.objects.create(
                id=contact.pk, state_id=state.pk, kind=contact.kind, name=contact.name, email=contact.email,
                is_primary=contact.is_primary, history_date=timezone.now(), history_type="+",
            )  # fmt: skip
        with connection.schema_editor() as editor:
            MOVE.copy_contacts(apps, editor)
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(OldHistory)
            editor.delete_model(Old)
    moved = list(Contact.objects.order_by("pk"))
    assert [(c.pk, c.name, c.roles) for c in moved] == [
        (old[0].pk, "Permanent Mission of Freedonia", ["mission"]),
        (old[1].pk, "Ministry of Foreign Affairs", ["mission"]),
    ]
    mission = moved[0]
    assert (mission.state, mission.addressee, mission.address, mission.email, mission.is_primary, mission.note) == (
        state, "H.E. the Ambassador", "Geneva", "mission@freedonia.invalid", True, "Since 2015"
    )  # fmt: skip
    assert [h.history_type for h in mission.history.all()] == ["+"]
    assert contact_emails(state, FINANCE) == ["mission@freedonia.invalid"]  # no finance contact yet
    assert _contact(state, "Added after").pk > old[1].pk
