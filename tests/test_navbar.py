"""The navigation bar of every page ({% navbar %}, ccm_portal/templatetags/chrome.py) is drawn once
per what it shows and kept: each person still gets their own links, name, language, active
section, CSRF token and page address, whoever asked before them."""

import re

import pytest
from django.test import Client, override_settings

from directory.roles import COORDINATORS
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _nav(response) -> str:
    html = response.content.decode()
    return html[html.index("<header>") : html.index("</header>")]


def _links(nav: str) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', nav)]


def _without_token(nav: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", nav)


def _tokens(response) -> set[str]:
    html = response.content.decode()
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)) | set(
        re.findall(r'"X-CSRFToken": "([^"]+)"', html)
    )


def test_each_role_sees_its_own_links_one_after_the_other(client, isu_staff, coordinator_va, focal_point_iraq):
    isu_staff.first_name, isu_staff.last_name = "Ida", "Stone"
    isu_staff.save()
    no_person = user_with_role("coordinator-without-person", COORDINATORS)
    seen = {}
    for user in (isu_staff, coordinator_va, focal_point_iraq, no_person, isu_staff):
        client.force_login(user)
        seen.setdefault(user.username, []).append(_nav(client.get("/coordinators/")))
    isu = seen["isu"][0]
    assert _links(isu) == ["Dashboard", "Meetings", "Action items", "Action plans", "States", "Outreach", "Finance"]
    assert "Ida Stone" in isu and '<span class="badge text-bg-light ms-1">ISU</span>' in isu
    assert _without_token(seen["isu"][1]) == _without_token(isu)  # the same bar after three others asked
    coordinator = seen["coordinator-va"][0]
    assert _links(coordinator) == [
        "Meetings", "Action items", "Action plans", "States", "Outreach", "My action items",
    ]  # fmt: skip
    assert "coordinator-va" in coordinator and ">Coordinator</span>" in coordinator
    # a Coordinator with no person in the register has no action items of their own
    assert _links(seen["coordinator-without-person"][0]) == [
        "Meetings", "Action items", "Action plans", "States", "Outreach",
    ]  # fmt: skip
    assert "coordinator-without-person" in seen["coordinator-without-person"][0]
    focal = seen["focal-iraq"][0]
    assert "Focal point" in focal and "Action plans" not in focal


def test_the_active_section_follows_the_page(client, isu_staff):
    client.force_login(isu_staff)
    active = re.compile(r'class="nav-link active" aria-current="page" href="([^"]+)"')
    assert active.findall(_nav(client.get("/dashboard/"))) == ["/dashboard/"]
    assert active.findall(_nav(client.get("/finance/"))) == ["/finance/"]
    assert active.findall(_nav(client.get("/meetings/"))) == ["/meetings/"]
    assert active.findall(_nav(client.get("/dashboard/"))) == ["/dashboard/"]


def test_the_language_switcher_returns_to_this_very_page_escaped(client, isu_staff):
    client.force_login(isu_staff)
    first = _nav(client.get("/meetings/", {"q": 'a"<b>&c'}))
    second = _nav(client.get("/finance/"))
    assert '<input name="next" type="hidden" value="/meetings/?q=a%22%3Cb%3E%26c">' in first
    assert '<input name="next" type="hidden" value="/finance/">' in second
    # what URL quoting leaves in a path (an apostrophe, an ampersand) is escaped as HTML
    other = _nav(client.get("/meetings/", QUERY_STRING="q=it's&x=1"))
    assert '<input name="next" type="hidden" value="/meetings/?q=it&#x27;s&amp;x=1">' in other


def test_every_form_of_a_page_carries_that_request_s_token_and_it_is_accepted(isu_staff):
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(isu_staff)
        response = client.get("/dashboard/")
        found = _tokens(response)
        assert len(found) == 1  # the logout and language forms and the page's htmx header alike
        tokens.append(found.pop())
        assert client.post("/i18n/setlang/", {"language": "fr", "next": "/dashboard/"}).status_code == 403
        answer = client.post(
            "/i18n/setlang/", {"language": "fr", "next": "/dashboard/", "csrfmiddlewaretoken": tokens[-1]}
        )
        assert answer.status_code == 302 and answer["Location"] == "/dashboard/"
    assert tokens[0] != tokens[1]  # each request its own masked token, not the one kept


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        (
            "fr",
            [
                "Tableau de bord",
                "Réunions",
                "Mesures de suivi",
                "Plans d'action",
                "États",
                "Sensibilisation",
                "Finances",
            ],
        ),
        (
            "es",
            [
                "Panel de control",
                "Reuniones",
                "Medidas de seguimiento",
                "Planes de acción",
                "Estados",
                "Divulgación",
                "Finanzas",
            ],
        ),
    ],
)
def test_the_bar_is_in_the_page_s_language(client, isu_staff, language, labels):
    client.force_login(isu_staff)
    english = _links(_nav(client.get("/dashboard/")))
    translated = _nav(client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE=language))
    assert _links(translated) == labels and english != labels
    assert re.search(rf'lang="{language}"\s+class="btn btn-outline-light active"', translated)


def test_an_anonymous_visitor_gets_the_log_in_link_and_no_menu(client, isu_staff):
    client.force_login(isu_staff)
    client.get("/dashboard/")
    client.logout()
    nav = _nav(client.get("/"))
    assert _links(nav) == ["Log in"]
    assert "Log out" not in nav and "isu" not in nav


def test_a_changed_setting_draws_the_bar_again(client, isu_staff):
    client.force_login(isu_staff)
    client.get("/meetings/")  # a page the page cache does not keep
    with override_settings(LANGUAGES=[("en", "English"), ("fr", "French")]):
        nav = _nav(client.get("/meetings/"))
    assert 'value="fr"' in nav and 'value="es"' not in nav
    assert 'value="es"' in _nav(client.get("/meetings/"))
