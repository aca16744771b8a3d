"""Every object URL of the portal, enumerated from the URLconf, tried for every object of the demo
by people who own none of them: the public, a logged-in person with no role, and the focal point
of a State that has nothing in the portal. They get 404, 403, 405 or the login page, never data;
a POST changes nothing. A URL added later is tried automatically."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from directory.models import Delegation, Person, State
from directory.roles import FOCAL_POINTS
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

# Object pages that are public by design: published summaries and their PDF (the view itself
# refuses anything unpublished, which tests/meetings/test_public.py checks).
PUBLIC = {"public:summary-detail", "public:summary-pdf"}
# Every object id from 1 to this is tried on every URL: the demo's objects of every kind.
MAX_ID = 12
REFUSED = {403, 404, 405}
# Action plans are read by every logged-in user by design (issue [3/7]); asking for a plan's
# progress report to be rendered is part of reading it.
EVERY_LOGGED_IN_READS = {
    ("get", "coordinators:plan-detail"),
    ("get", "coordinators:output-history"),
    ("get", "coordinators:concept-note"),
    ("post", "coordinators:plan-report"),
}
# ...and so are the reports on them, as documents.
EVERY_LOGGED_IN_DOCUMENTS = {"plan-report", "quarterly-update"}


def _object_urls(resolver=None, prefix="", route=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _object_urls(pattern, namespace, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            full = route + str(pattern.pattern)
            converters = re.findall(r"<(?:(\w+):)?(\w+)>", full)
            if converters and all(kind == "int" for kind, _ in converters):
                yield prefix + pattern.name, [name for _, name in converters]


def _public_document(object_id):
    from django.contrib.auth.models import AnonymousUser

    from documents import registry
    from documents.models import GeneratedDocument

    document = GeneratedDocument.objects.filter(pk=object_id).first()
    return document is not None and registry.get(document.kind).can_view(AnonymousUser(), document.object_id)


def _kind(url):
    from documents.models import GeneratedDocument

    object_id = int(url.strip("/").split("/")[1])
    return GeneratedDocument.objects.filter(pk=object_id).values_list("kind", flat=True).first()


def _urls():
    for name, params in sorted(set((n, tuple(p)) for n, p in _object_urls())):
        if name in PUBLIC:
            continue
        for object_id in range(1, MAX_ID + 1):
            if name.startswith("documents:") and _public_document(object_id):
                continue  # the PDF of a published summary: public by design
            yield name, reverse(name, kwargs={param: object_id for param in params})


# Asking for a readable report to be rendered adds a document and its task: that is reading.
RENDER_REQUESTS = {"documents.GeneratedDocument", "outbox.OutboxMessage"}


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label not in RENDER_REQUESTS
    }


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def _nobodys_focal_point():
    state = State.objects.create(iso3="ZZT", iso2="ZT", name="Testland")
    user = user_with_role("focal-testland", FOCAL_POINTS)
    Person.objects.create(last_name="Tester", delegation=Delegation.objects.get(state=state), user=user)
    return user


def _is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_object_urls_are_enumerated():
    names = {name for name, _ in _urls()}
    assert {"documents:document-download", "meetings:meeting-detail"} <= names
    assert any(name.startswith("finance:") for name in names)
    assert any(name.startswith("outreach:") for name in names)


def test_nobody_without_a_claim_reads_or_changes_any_object(demo):
    from django.contrib.auth import get_user_model

    people = {
        "anonymous": Client(),
        "no role": Client(),
        "focal point of Testland": Client(),
    }
    people["no role"].force_login(get_user_model().objects.create_user("nobody"))
    people["focal point of Testland"].force_login(_nobodys_focal_point())
    from documents.models import GeneratedDocument

    before = _row_counts()
    documents_before = set(GeneratedDocument.objects.values_list("kind", flat=True))
    leaks = []
    for who, client in people.items():
        for name, url in _urls():
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code in REFUSED or _is_login_redirect(response):
                    continue
                if who != "anonymous" and (method, name) in EVERY_LOGGED_IN_READS:
                    continue
                if who != "anonymous" and name.startswith("documents:") and _kind(url) in EVERY_LOGGED_IN_DOCUMENTS:
                    continue
                leaks.append(f"{who} {method.upper()} {url} ({name}) → {response.status_code}")
    assert leaks == [], "\n".join(leaks)
    assert _row_counts() == before
    from documents.models import GeneratedDocument

    assert set(GeneratedDocument.objects.values_list("kind", flat=True)) - documents_before <= EVERY_LOGGED_IN_DOCUMENTS
