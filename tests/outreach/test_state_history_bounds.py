"""A State's outreach history stays bounded as the years accumulate: a page of the latest letters
(the older ones a page further), every planned follow-up but only the latest done, the latest 30
meetings its delegation attended, and the same number of queries however long the history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance
from outreach.models import Campaign, FollowUp, Letter, Response
from outreach.selectors.history import HISTORY_DONE_FOLLOWUPS, HISTORY_LETTERS_PER_PAGE, HISTORY_MEETINGS
from tests.factories import MeetingFactory, PersonFactory, StateFactory

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2010, 1, 4)


def _campaign(world, title: str) -> Campaign:
    return Campaign.objects.create(
        title=title, term=world["term"], template=world["letter_template"], signatory_name="H.E. the President",
        period_start=FIRST,
    )  # fmt: skip


def _sent_letters(world, state, count: int, *, start: int = 0) -> list[Letter]:
    """`count` letters sent to the State a month apart, oldest first, each in its own campaign."""
    letters = []
    for n in range(start, start + count):
        campaign = _campaign(world, f"Campaign {n:03d}")
        sent_at = datetime.datetime.combine(FIRST + datetime.timedelta(days=30 * n), datetime.time(9), datetime.UTC)
        letters.append(
            Letter.objects.create(
                campaign=campaign, state=state, reference=f"CCM/ISU/TEST/{n:04d}", status="sent", sent_at=sent_at
            )
        )
    return letters


def _attended_meetings(state, people, count: int, *, start: int = 0) -> list:
    """`count` meetings a week apart, oldest first, each attended by `people` of the State's delegation."""
    meetings = []
    for n in range(start, start + count):
        meeting = MeetingFactory(title=f"Meeting {n:03d}", date=FIRST + datetime.timedelta(days=7 * n))
        for person, status in zip(people, ("present", "remote"), strict=False):
            Attendance.objects.create(meeting=meeting, delegation=state.delegation, person=person, status=status)
        meetings.append(meeting)
    return meetings


def _done_followups(state, count: int, *, start: int = 0) -> list[FollowUp]:
    """`count` démarches done a fortnight apart, oldest first."""
    followups = []
    for n in range(start, start + count):
        on = FIRST + datetime.timedelta(days=14 * n)
        followups.append(
            FollowUp.objects.create(state=state, kind="demarche", planned_on=on, done_on=on, place=f"Done {n:03d}")
        )
    return followups


def _history(client, state, **query):
    return client.get(reverse("outreach:state-history", args=[state.pk]), query)


def _section(response, title_id: str) -> str:
    """The HTML of the page's section headed by `title_id` (the forms also name meetings)."""
    html = response.content.decode()
    start = html.index(f'id="{title_id}"')
    return html[start : html.index("</section>", start)]


def test_history_shows_the_latest_letters_and_the_older_ones_a_page_further(client, isu_staff, world):
    afg = world["afg"]
    letters = _sent_letters(world, afg, HISTORY_LETTERS_PER_PAGE + 6)
    # A letter not sent yet is the newest: first, on every database.
    draft = Letter.objects.create(campaign=_campaign(world, "Being written"), state=afg, reference="CCM/ISU/DRAFT")
    Response.objects.create(letter=letters[-1], date=datetime.date(2013, 1, 1), channel="email", summary="Noted.")
    client.force_login(isu_staff)

    first = _history(client, afg)
    shown = list(first.context["letters"])
    assert shown == [draft, *reversed(letters[-(HISTORY_LETTERS_PER_PAGE - 1) :])]
    html = first.content.decode()
    assert f"Showing the latest {HISTORY_LETTERS_PER_PAGE} of {len(letters) + 1} letters." in html
    assert 'href="?page=2#letters-title"' in html and "Noted." in html
    assert letters[6].reference not in html

    second = _history(client, afg, page=2)
    assert list(second.context["letters"]) == list(reversed(letters[:7]))
    html = second.content.decode()
    assert f"Showing letters 26 to {len(letters) + 1} of {len(letters) + 1}, the latest first." in html
    assert letters[0].reference in html and letters[-1].reference not in html


def test_history_with_few_letters_shows_them_all_without_paging(client, isu_staff, world):
    afg = world["afg"]
    letters = _sent_letters(world, afg, 3)
    client.force_login(isu_staff)
    response = _history(client, afg)
    assert list(response.context["letters"]) == list(reversed(letters))
    assert "Showing the latest" not in response.content.decode()


def test_history_shows_the_latest_30_meetings_attended_each_with_its_delegates(client, isu_staff, world):
    afg = world["afg"]
    ana = PersonFactory(delegation=afg.delegation, title="Dr.", first_name="Ana", last_name="Amiri")
    bashir = PersonFactory(delegation=afg.delegation, title="", first_name="Bashir", last_name="Barakzai")
    meetings = _attended_meetings(afg, [ana, bashir], HISTORY_MEETINGS + 5)
    someone_else = PersonFactory(delegation=StateFactory().delegation, first_name="Olga", last_name="Other")
    for meeting in meetings:
        Attendance.objects.create(meeting=meeting, delegation=someone_else.delegation, person=someone_else)
    apologies = MeetingFactory(title="Meeting it sent apologies to", date=datetime.date(2030, 1, 1))
    Attendance.objects.create(meeting=apologies, delegation=afg.delegation, status="apologies")
    client.force_login(isu_staff)

    response = _history(client, afg)
    shown = response.context["meetings"]
    assert shown == list(reversed(meetings[-HISTORY_MEETINGS:]))
    assert all(meeting.delegates == ["Dr. Ana Amiri", "Bashir Barakzai"] for meeting in shown)
    html = _section(response, "meetings-title")
    assert f"The latest {HISTORY_MEETINGS} meetings are shown." in html
    assert "Dr. Ana Amiri, Bashir Barakzai</li>" in html and "Other" not in html
    assert meetings[4].title not in html and apologies.title not in html


def test_history_shows_everything_planned_and_the_latest_followups_done(client, isu_staff, world):
    afg = world["afg"]
    done = _done_followups(afg, HISTORY_DONE_FOLLOWUPS + 3)
    overdue = FollowUp.objects.create(state=afg, kind="follow_up", planned_on=FIRST - datetime.timedelta(days=1))
    coming = FollowUp.objects.create(state=afg, kind="bilateral", planned_on=datetime.date(2030, 1, 1))
    client.force_login(isu_staff)

    response = _history(client, afg)
    latest_done = list(reversed(done[-HISTORY_DONE_FOLLOWUPS:]))
    assert response.context["followups"] == [coming, *latest_done, overdue]
    html = response.content.decode()
    assert f"Showing everything planned and the latest {HISTORY_DONE_FOLLOWUPS} done." in html
    assert 'href="?followups=all#followups-title"' in html and done[2].place not in html

    everything = _history(client, afg, followups="all")
    assert everything.context["followups"] == [coming, *reversed(done), overdue]
    assert done[0].place in everything.content.decode()


def test_history_costs_the_same_queries_however_long_the_history(client, isu_staff, world, settings):
    settings.PAGE_CACHE = False  # the page as built (served from the page cache: tests/pagecache/)
    afg = world["afg"]
    people = [PersonFactory(delegation=afg.delegation), PersonFactory(delegation=afg.delegation)]

    def grow(letters: int, meetings: int, followups: int, start: int) -> None:
        for letter in _sent_letters(world, afg, letters, start=start):
            Response.objects.create(letter=letter, date=datetime.date(2020, 1, 1), channel="email", summary="Noted.")
        _attended_meetings(afg, people, meetings, start=start)
        _done_followups(afg, followups, start=start)
        FollowUp.objects.create(
            state=afg, kind="demarche", planned_on=datetime.date(2030, 1, 1) + datetime.timedelta(start)
        )

    def queries(**query) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _history(client, afg, **query).status_code == 200
        return len(captured)

    grow(letters=2, meetings=2, followups=2, start=0)
    client.force_login(isu_staff)
    _history(client, afg)  # the session and the caches of the first request
    short = queries()
    grow(letters=60, meetings=50, followups=30, start=100)
    assert queries() == short
    assert queries(page=3) == short
    assert queries(followups="all") == short


def test_plan_form_offers_the_meetings_of_the_past_year_and_to_come_not_every_meeting_ever(client, isu_staff, world):
    today = datetime.date.today()
    long_ago = MeetingFactory(title="Held years ago", date=today - datetime.timedelta(days=800))
    recent = MeetingFactory(title="Held last month", date=today - datetime.timedelta(days=30))
    coming = MeetingFactory(title="To come", date=today + datetime.timedelta(days=30))
    client.force_login(isu_staff)
    form_page = client.get(reverse("outreach:followup-add", args=[world["afg"].pk]))
    choices = list(form_page.context["form"].fields["meeting"].queryset)
    assert choices == [coming, recent] and long_ago not in choices


def test_a_meeting_attended_without_a_named_delegate_is_listed_without_names(client, isu_staff):
    state = StateFactory(name="Velmarstan")
    meeting = MeetingFactory(title="Meeting without names", date=FIRST)
    Attendance.objects.create(meeting=meeting, delegation=state.delegation, person=None, status="present")
    client.force_login(isu_staff)
    html = client.get(reverse("outreach:state-history", args=[state.pk])).content.decode()
    assert "Meeting without names</a>, 4 January 2010</li>" in html
