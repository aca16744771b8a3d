"""The layers of the apps hold, in the code and in the templates.

outbox < documents < directory < meetings < coordinators < outreach, and finance stands on
directory and meetings only; demo sits above the apps, ccm_portal on top. A lower app neither
imports a higher one (import-linter, configured in pyproject.toml) nor names its URLs or templates
in its own templates: a higher app fills a slot of the lower one's page through directory/hooks.py."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from directory import roles

ROOT = Path(__file__).resolve().parent.parent

# What each app's templates may name: its own URLs and templates and those of the apps below it.
BELOW = {
    "outbox": {"outbox"},
    "documents": {"documents", "outbox"},
    "directory": {"directory", "documents", "outbox"},
    "meetings": {"meetings", "directory", "documents", "outbox"},
    "coordinators": {"coordinators", "meetings", "directory", "documents", "outbox"},
    "outreach": {"outreach", "coordinators", "meetings", "directory", "documents", "outbox"},
    "finance": {"finance", "meetings", "directory", "documents", "outbox"},
}
# The app each template folder and each URL namespace belongs to (public: the meetings' public pages).
APP_OF = {name: name for name in BELOW} | {"public": "meetings"}
# Names that belong to Django, not to an app.
DJANGO_NAMESPACES = {"admin"}

URL_NAMESPACE = re.compile(r"""\{%\s*url\s+['"]([\w-]+):""")
TEMPLATE_NAME = re.compile(r"""\{%\s*(?:include|extends)\s+['"]([\w-]+)/""")


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _crossings() -> list[str]:
    crossings = []
    for folder, app in APP_OF.items():
        for template in sorted((ROOT / "templates" / folder).rglob("*.html")):
            text = template.read_text(encoding="utf-8")
            named = [(name, "url") for name in URL_NAMESPACE.findall(text)]
            named += [(name, "template") for name in TEMPLATE_NAME.findall(text)]
            for name, kind in named:
                if name in DJANGO_NAMESPACES:
                    continue
                other = APP_OF.get(name)
                if other not in BELOW[app]:
                    crossings.append(f"{template.relative_to(ROOT)} ({app}) names the {kind} {name!r} ({other})")
    return crossings


def test_no_template_names_a_higher_app():
    assert _crossings() == []


def test_the_scan_sees_every_app_folder():
    folders = {path.name for path in (ROOT / "templates").iterdir() if path.is_dir()}
    assert {"directory", "meetings", "public", "coordinators", "outreach", "finance", "documents"} <= folders


# --- the hook: a higher app's links on a lower app's page, for the roles that may follow them --------------


def _state_page(client, user, state) -> str:
    client.force_login(user)
    response = client.get(reverse("directory:state-profile", args=[state.iso3]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_isu_staff_see_the_outreach_and_finance_links_on_a_state_page(client, isu_staff, iraq):
    page = _state_page(client, isu_staff, iraq)
    assert f'href="/outreach/states/{iraq.pk}/">Outreach history</a>' in page
    assert 'href="/finance/states/IRQ/">Invoices and payments</a>' in page
    assert page.index("Outreach history") < page.index("Invoices and payments")


@pytest.mark.django_db
def test_a_coordinator_sees_the_outreach_link_but_no_finance_link(client, coordinator_va, iraq):
    page = _state_page(client, coordinator_va, iraq)
    assert f'href="/outreach/states/{iraq.pk}/">Outreach history</a>' in page
    assert "Invoices and payments" not in page and 'href="/finance/' not in page


@pytest.mark.django_db
def test_a_focal_point_sees_their_own_account_and_no_outreach_link(client, focal_point_iraq, iraq):
    page = _state_page(client, focal_point_iraq, iraq)
    assert 'href="/finance/my/">Invoices and payments</a>' in page
    assert "Outreach history" not in page and 'href="/outreach/' not in page


@pytest.mark.django_db
def test_the_public_home_links_the_published_action_plans(client):
    page = client.get("/").content.decode()
    assert "Coordinators&#x27; action plans" in page or "Coordinators' action plans" in page
    assert 'href="/coordinators/public/">Progress of the published action plans</a>' in page


@pytest.fixture
def extra_link():
    from directory import hooks

    link = hooks.register_link(
        "state-page", label="Extra for the ISU", url_name="directory:state-list", predicate=roles.is_isu_staff
    )
    yield link
    hooks.unregister(link)


@pytest.mark.django_db
def test_a_registered_link_is_served_only_to_the_roles_its_predicate_lets_in(
    client, extra_link, isu_staff, focal_point_iraq, iraq
):
    assert 'href="/states/">Extra for the ISU</a>' in _state_page(client, isu_staff, iraq)
    assert "Extra for the ISU" not in _state_page(client, focal_point_iraq, iraq)
