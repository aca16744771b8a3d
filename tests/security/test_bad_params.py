"""Bad query parameters and loose form fields: a clear message, never a server error.

Each case below answered 500 before issue 13. A bad filter on a page is reported and the page's
default is shown; a bad value in a POST is refused (400 or a form error) with a message; a bad
parameter of an export sends the user back to the page that offers it, with the message.
The test client re-raises an exception in a view, so a server error fails the test loudly.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Mandate
from documents.models import GeneratedDocument
from finance.models import BankStatementImport, BankStatementLine, Payment
from meetings import services as meeting_services
from meetings.models import LeakFinding, Meeting, PublicSummary
from outreach.models import FollowUp
from tests.factories import MeetingFactory, TermFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes, int() says no


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def isu(client, isu_staff):
    client.force_login(isu_staff)
    return client


@pytest.fixture
def term(italy):
    term = TermFactory(name="7MSP")
    Mandate.objects.create(area=ThematicAreaFactory(name="Victim assistance"), term=term, state=italy)
    return term


# --- Coordinators: ?term= --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", HUGE, "1e308", "-1", "nan"])
@pytest.mark.parametrize("name", ["coordinators:area-list", "coordinators:targets"])
def test_a_bad_term_shows_the_current_term_with_a_message(isu, term, name, value):
    response = isu.get(reverse(name), {"term": value})
    assert response.status_code == 200
    assert "Term" in text(response) and "was ignored" in text(response)
    assert "7MSP" in text(response)  # the current term, the default


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_bad_term_on_the_targets_export_goes_back_with_a_message(isu, term, fmt):
    response = isu.get(reverse("coordinators:targets-export", args=[fmt]), {"term": "abc"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("coordinators:targets")
    assert "was ignored" in text(response)


def test_a_bad_term_on_the_quarterly_update_is_refused_with_a_message(isu, term):
    response = isu.post(reverse("coordinators:quarterly-update") + "?term=abc", follow=True)
    assert response.status_code == 200
    assert "was ignored" in text(response)
    assert not GeneratedDocument.objects.exists()


# --- Finance: ?year= on the exports, the invoice list, ?invoice= on a new payment --------------


@pytest.mark.parametrize("value", ["abc", "1999", "2101", HUGE, SUPERSCRIPT_TWO])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_bad_year_on_the_finance_export_goes_back_with_a_message(isu, fmt, value):
    response = isu.get(reverse("finance:export", args=[fmt]), {"year": value}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("finance:dashboard")
    assert "Year" in text(response) and "was ignored" in text(response)


@pytest.mark.parametrize("params", [{"year": SUPERSCRIPT_TWO}, {"year": HUGE}, {"state": "\x00"}, {"kind": "x"}])
def test_a_bad_invoice_filter_lists_every_invoice_with_a_message(isu, params):
    response = isu.get(reverse("finance:invoice-list"), params)
    assert response.status_code == 200
    assert "was ignored" in text(response)


def test_a_bad_invoice_on_a_new_payment_shows_the_blank_form(isu):
    response = isu.get(reverse("finance:payment-create"), {"invoice": SUPERSCRIPT_TWO})
    assert response.status_code == 200
    assert "was ignored" in text(response) and 'name="amount"' in text(response)


# --- Finance: bank statements ----------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1e308", "99999999999999999999.00", "1E+20"])
def test_a_huge_bank_amount_is_refused_naming_the_line(isu, amount):
    body = f"date,amount,reference\n2017-03-01,10.00,Iraq\n2017-03-02,{amount},Italy\n".encode()
    response = isu.post(reverse("finance:bank-import"), {"file": SimpleUploadedFile("march.csv", body)})
    assert response.status_code == 200
    assert "line 3" in text(response)
    assert not BankStatementImport.objects.exists() and not BankStatementLine.objects.exists()


@pytest.fixture
def statement(isu, iraq):
    isu.post(
        reverse("finance:bank-import"),
        {"file": SimpleUploadedFile("march.csv", b"date,amount,reference\n2017-03-01,10.00,Invoice of Iraq\n")},
    )
    return BankStatementImport.objects.get()


@pytest.mark.parametrize(
    "posted",
    [
        {"line": "abc", "action": "ignore"},
        {"line": SUPERSCRIPT_TWO, "action": "ignore"},
        {"line": HUGE, "action": "ignore"},
        {"state": "abc"},
        {"state": HUGE},
        {"invoice": "abc"},
        {"invoice": "1e308"},
        {"action": "explode"},
    ],
)
def test_a_tampered_bank_match_is_refused_with_a_message(isu, statement, iraq, posted):
    line = statement.lines.get()
    data = {"line": line.pk, "state": iraq.pk, "action": "confirm", **posted}
    response = isu.post(reverse("finance:bank-import-detail", args=[statement.pk]), data)
    assert response.status_code == 400
    assert "alert-danger" in text(response) and "march.csv" in text(response)
    assert not Payment.objects.exists()
    assert BankStatementLine.objects.get().status == BankStatementLine.Status.PROPOSED


# --- Outreach: the démarches calendar ----------------------------------------------------------


@pytest.mark.parametrize("value", ["0001-01", "9999-12", "1999-12", "2101-01", "2017-13", "abc", "\x00"])
def test_a_month_out_of_range_shows_this_month_with_a_message(isu, value):
    response = isu.get(reverse("outreach:calendar"), {"month": value})
    assert response.status_code == 200
    assert "Month" in text(response) and "was ignored" in text(response)


def test_the_calendar_still_shows_a_good_month(isu, italy, isu_staff):
    FollowUp.objects.create(
        state=italy, kind=FollowUp.Kind.DEMARCHE, planned_on=datetime.date(2017, 3, 14), owner=isu_staff
    )
    response = isu.get(reverse("outreach:calendar"), {"month": "2017-03"})
    assert response.status_code == 200 and "Italy" in text(response) and "was ignored" not in text(response)


def test_the_calendar_feed_ignores_a_month(isu):
    response = isu.get(reverse("outreach:calendar-ics"), {"month": "0001-01"})
    assert response.status_code == 200 and response.content.startswith(b"BEGIN:VCALENDAR")


def test_a_bad_letter_on_a_follow_up_is_refused(isu, italy):
    response = isu.post(
        reverse("outreach:followup-add", args=[italy.pk]),
        {"letter": SUPERSCRIPT_TWO, "kind": FollowUp.Kind.DEMARCHE, "planned_on": "2017-03-14"},
    )
    assert response.status_code < 500
    assert not FollowUp.objects.exists()


def test_a_bad_area_on_a_template_preview_previews_without_it(isu, italy):
    response = isu.post(reverse("outreach:template-preview"), {"area": SUPERSCRIPT_TWO, "body": "Dear {{ state }}"})
    assert response.status_code == 200


# --- Meetings: ?version= on the minutes, ?item= on a new decision ------------------------------


@pytest.fixture
def meeting():
    meeting = MeetingFactory(title="CC meeting", status=Meeting.Status.HELD, date=datetime.date(2016, 12, 7))
    meeting_services.agenda_item_add(meeting=meeting, title="Finance")
    meeting_services.minutes_start(meeting=meeting)
    return meeting


@pytest.mark.parametrize("value", ["abc", HUGE, "-1", "1e308", SUPERSCRIPT_TWO])
def test_a_bad_minutes_version_for_the_pdf_is_refused_with_a_message(isu, meeting, value):
    url = reverse("meetings:minutes-pdf", args=[meeting.pk]) + f"?version={value}"
    response = isu.post(url, follow=True)
    assert response.status_code == 200
    assert "Version" in text(response) and "was ignored" in text(response)
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize("value", ["abc", HUGE, SUPERSCRIPT_TWO])
def test_a_bad_minutes_version_shows_the_latest_with_a_message(isu, meeting, value):
    response = isu.get(reverse("meetings:minutes-detail", args=[meeting.pk]), {"version": value})
    assert response.status_code == 200
    assert "was ignored" in text(response) and "Finance" in text(response)


@pytest.mark.parametrize("name", ["meetings:decision-add", "meetings:action-add"])
def test_a_bad_agenda_item_preselects_nothing(isu, meeting, name):
    response = isu.get(reverse(name, args=[meeting.pk]), {"item": SUPERSCRIPT_TWO})
    assert response.status_code == 200


# --- Searches: ?q= (a NUL character is refused by PostgreSQL in any string) ------------------


@pytest.mark.parametrize("value", ["\x00", "x" * 5000])
@pytest.mark.parametrize("name", ["public:search", "outreach:state-list"])
def test_a_bad_search_lists_nothing_with_a_message(isu, name, value):
    response = isu.get(reverse(name), {"q": value})
    assert response.status_code == 200
    assert "Search" in text(response) and "was ignored" in text(response)


# --- Public summaries: a reason with a NUL character (PostgreSQL refuses it in any string) ------


@pytest.fixture
def published(demo_world, isu, isu_staff):
    isu.force_login(isu_staff)
    return PublicSummary.objects.published().select_related("meeting").get()


def test_a_withdrawal_reason_with_a_nul_is_refused(published, isu):
    url = reverse("meetings:summary-transition", args=[published.meeting.pk, "withdraw"])
    response = isu.post(url, {"reason": "Named a delegate\x00"}, follow=True)
    assert response.status_code == 200 and "Reason" in text(response) and "was refused" in text(response)
    public = isu.get(reverse("public:summary-detail", args=[published.pk]))
    assert public.status_code == 200


def test_a_waiver_reason_with_a_nul_is_refused(published, isu):
    finding = LeakFinding.objects.create(
        summary=published,
        where="introduction",
        matched="Geneva",
        kind="place",
        participant_key="x",
        context="in Geneva",
    )
    url = reverse("meetings:finding-waive", args=[published.meeting.pk, finding.pk])
    response = isu.post(url, {"reason": "A venue\x00"}, follow=True)
    assert response.status_code == 200 and "was refused" in text(response)
    finding.refresh_from_db()
    assert finding.resolution == LeakFinding.Resolution.OPEN
