"""Issue 18: the language switcher is on every page (the login page too) and keeps the person on the
page; dates read as each language writes them ("9 juin 2017", "9 de junio de 2017", never "Jui")."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, translation

from tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def switcher(html: str) -> str:
    """The language form of the page ('' when there is none)."""
    found = re.search(r'<form action="/i18n/setlang/" method="post" class="language-form".*?</form>', html, re.S)
    return found.group(0) if found else ""


def test_the_login_page_has_the_switcher_and_it_keeps_where_the_person_was_going(client):
    html = client.get("/accounts/login/?next=/coordinators/targets/").content.decode()
    form = switcher(html)
    assert form, "no language switcher on the login page"
    assert 'name="next" type="hidden" value="/accounts/login/?next=/coordinators/targets/"' in form
    for code, name in (("en", "English"), ("fr", "Français"), ("es", "Español")):
        assert f'name="language" value="{code}"' in form and f'aria-label="{name}"' in form
    assert 'name="csrfmiddlewaretoken"' in form


def test_a_logged_in_page_has_the_switcher_in_its_navigation_bar(client, coordinator_va):
    client.force_login(coordinator_va)
    html = client.get(reverse("coordinators:targets")).content.decode()
    navbar = html.split('id="main-nav"', 1)[1].split("</nav>", 1)[0]
    form = switcher(navbar)
    assert form, "no language switcher in the navigation bar"
    assert 'name="next" type="hidden" value="/coordinators/targets/"' in form
    assert 'value="en" lang="en"' in form and 'aria-current="true"' in form  # English, the current one


def test_choosing_a_language_stays_on_the_page_and_shows_it_in_that_language(client, coordinator_va):
    client.force_login(coordinator_va)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/coordinators/targets/"})
    assert response.status_code == 302 and response["Location"] == "/coordinators/targets/"
    html = client.get("/coordinators/targets/").content.decode()
    assert '<html lang="es">' in html
    assert 'value="es" lang="es"' in switcher(html) and html.count('aria-current="true"') >= 1


@pytest.mark.parametrize(
    ("language", "long", "short_july"),
    [
        ("en", "9 June 2017", "1 Jul 2017"),
        ("fr", "9 juin 2017", "1 juil. 2017"),
        ("es", "9 de junio de 2017", "1 de julio de 2017"),
    ],
)
def test_the_named_date_formats_read_as_each_language_writes_dates(language, long, short_july):
    with translation.override(language):
        assert formats.date_format(datetime.date(2017, 6, 9), "DATE_FORMAT") == long
        assert formats.date_format(datetime.date(2017, 7, 1), "SHORT_DATE_FORMAT") == short_july
        assert "Jui" not in formats.date_format(datetime.date(2017, 6, 9), "SHORT_DATE_FORMAT")


def test_a_coordinators_action_item_is_due_on_9_de_junio_de_2017_in_spanish(client, coordinator_va, italy):
    meeting = MeetingFactory(title="Reunión informal", date=datetime.date(2017, 5, 2))
    ActionItemFactory(meeting=meeting, text="Enviar las cartas", owner_delegation=italy.delegation,
                      due_date=datetime.date(2017, 6, 9))  # fmt: skip
    client.force_login(coordinator_va)
    client.cookies["django_language"] = "es"
    html = client.get(reverse("meetings:my-actions")).content.decode()
    assert "Enviar las cartas" in html
    assert "9 de junio de 2017" in html
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("meetings:my-actions")).content.decode()
    assert "9 juin 2017" in html and "Jui " not in html
