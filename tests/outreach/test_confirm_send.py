"""Issue 15, confirm before the irreversible: e-mailing a campaign's letters shows which letters go
to whom, and which States will not be e-mailed (no address), then e-mails once per one-time token.

The consolidated campaign of tests/outreach/conftest.py: letters to Afghanistan, Lebanon and Benin,
each State with its mission's address; here Benin's address is removed."""

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Contact
from outbox.models import OneTimeAction
from outreach import services
from outreach.models import Letter
from tests.confirming import token_in

pytestmark = pytest.mark.django_db

SAYS = "E-mail 2 letters of Consolidated letter to target States to 2 States: Afghanistan, Lebanon."
WITHOUT = "1 State has no e-mail address and will not be e-mailed: Benin."
REFUSED = "This action is done from its confirmation page"


@pytest.fixture
def approved(objects, world, isu_staff):
    campaign = objects["consolidated"]
    assert services.campaign_approve_all(campaign=campaign, by=isu_staff) == 3
    Contact.objects.filter(state=world["ben"]).update(email="")
    mail.outbox.clear()
    return campaign


def url(campaign):
    return reverse("outreach:campaign-send", args=[campaign.pk])


def sent_rows(campaign):
    return sorted(campaign.letters.filter(sent_at__isnull=False).values_list("state__iso3", flat=True))


def test_the_send_page_says_which_letters_go_to_whom_and_changes_nothing(client, isu_staff, approved):
    client.force_login(isu_staff)
    page = client.get(url(approved)).content.decode()
    assert SAYS in page
    assert WITHOUT in page
    assert "mission@afg.invalid" in page and "mission@lbn.invalid" in page
    assert "An e-mail cannot be called back once sent" in page
    assert "E-mail 2 letters" in page and 'name="confirm_token"' in page
    assert mail.outbox == [] and sent_rows(approved) == []
    assert not approved.letters.filter(send_queued_at__isnull=False).exists()


def test_the_campaign_page_leads_to_the_confirmation(client, isu_staff, approved):
    client.force_login(isu_staff)
    page = client.get(reverse("outreach:campaign-detail", args=[approved.pk])).content.decode()
    assert f'href="{url(approved)}"' in page and f'action="{url(approved)}"' not in page


def test_the_first_post_emails_and_a_second_post_of_the_same_token_does_not(
    client, isu_staff, approved, django_capture_on_commit_callbacks
):
    client.force_login(isu_staff)
    token = token_in(client.get(url(approved)))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url(approved), {"confirm_token": token}, follow=True)
    detail = reverse("outreach:campaign-detail", args=[approved.pk])
    assert first.redirect_chain[-1][0] == detail
    assert sorted(address for m in mail.outbox for address in m.to) == ["mission@afg.invalid", "mission@lbn.invalid"]
    assert sent_rows(approved) == ["AFG", "LBN"]
    assert "No e-mail address for Benin" in first.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url(approved), {"confirm_token": token}, follow=True)
    assert again.redirect_chain[-1][0] == detail
    assert "Already done: 2 letters of Consolidated letter to target States handed over to be e-mailed." in (
        again.content.decode()
    )
    assert len(mail.outbox) == 2 and sent_rows(approved) == ["AFG", "LBN"]
    assert OneTimeAction.objects.filter(action="outreach.campaign-send").count() == 1


def test_a_post_without_a_token_emails_nothing(client, isu_staff, approved, django_capture_on_commit_callbacks):
    client.force_login(isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        for data in ({}, {"confirm_token": "forged"}):
            response = client.post(url(approved), data, follow=True)
            assert response.redirect_chain[-1][0] == url(approved)
            assert REFUSED in response.content.decode()
    assert mail.outbox == [] and sent_rows(approved) == []
    assert not Letter.objects.filter(send_queued_at__isnull=False).exists()


def test_a_letter_approved_after_the_review_asks_for_a_new_review(client, isu_staff, objects, world):
    campaign = objects["consolidated"]
    afghanistan = campaign.letters.get(state=world["afg"])
    services.letter_approve(letter=afghanistan, by=isu_staff)
    client.force_login(isu_staff)
    token = token_in(client.get(url(campaign)))  # one letter, to Afghanistan
    services.letter_approve(letter=campaign.letters.get(state=world["lbn"]), by=isu_staff)
    mail.outbox.clear()
    response = client.post(url(campaign), {"confirm_token": token}, follow=True)
    assert "has changed since its confirmation page was shown" in response.content.decode()
    assert "E-mail 2 letters of Consolidated letter to target States to 2 States: Afghanistan, Lebanon." in (
        response.content.decode()
    )
    assert mail.outbox == [] and sent_rows(campaign) == []


def test_with_no_approved_letter_there_is_nothing_to_confirm(client, isu_staff, objects):
    client.force_login(isu_staff)
    page = client.get(url(objects["consolidated"])).content.decode()
    assert "No approved letter waits to be e-mailed." in page and 'name="confirm_token"' not in page
