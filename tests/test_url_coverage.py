"""Every named URL of the portal is requested by some test: a new page cannot ship untested.

The record is kept while the suite runs (tests/url_coverage.py, hooked in tests/conftest.py) and
checked at its end when URL_COVERAGE=1: `make test` sets it on a full run, .ci/run always. These
tests check the record itself."""

from django.test import Client
from django.urls import reverse

from tests import url_coverage


def test_a_request_is_recorded_under_the_name_of_its_url(db):
    before = set(url_coverage.REQUESTED)
    url_coverage.REQUESTED.clear()
    try:
        Client().get(reverse("public:calendar"))
        Client().get("/no-such-page/")
        assert url_coverage.REQUESTED == {"public:calendar"}
    finally:
        url_coverage.REQUESTED.update(before)


def test_the_names_are_namespaced_and_leave_out_the_django_admin():
    names = url_coverage.url_names()
    assert {"home", "dashboard", "public:summary-detail", "meetings:meeting-detail", "finance:invoice-credit"} <= names
    assert not [name for name in names if name.startswith("admin:")]


def test_unrequested_lists_the_names_no_test_asked_for():
    names = url_coverage.url_names()
    assert url_coverage.unrequested(names - {"home", "finance:invoice-credit"}) == ["finance:invoice-credit", "home"]
    assert url_coverage.unrequested(names) == []
