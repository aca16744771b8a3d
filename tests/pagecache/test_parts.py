"""Parts of a page kept under the stamps of the tables they read (pagecache/parts.py, the
{% keptpart %} tag): after a write, only the parts that read a changed table are built again;
everything else about a kept part is as exact as a kept page."""

import datetime

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection, transaction
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.models import State
from directory.roles import ISU_STAFF
from meetings.models import ActionItem
from pagecache import stamps
from pagecache.parts import Lazy

from ..factories import ActionItemFactory, StateFactory, user_with_role

# Transactional: inside a transaction that has written, parts are never kept (parts.py).
pytestmark = pytest.mark.django_db(transaction=True)

PAGE = Template(
    "{% load pagecache %}"
    "{% keptpart 'states' %}<p>{% for name in state_names %}{{ name }};{% endfor %}</p>{% endkeptpart %}"
    "{% keptpart 'actions' %}<ul>{% for text in action_texts %}<li>{{ text }}</li>{% endfor %}</ul>{% endkeptpart %}"
)


def _page_context(request):
    return {
        "request": request,
        "state_names": Lazy(lambda: list(State.objects.filter(iso3__startswith="Q").values_list("name", flat=True))),
        "action_texts": Lazy(lambda: list(ActionItem.objects.order_by("pk").values_list("text", flat=True))),
    }


def _request(user, path="/dashboard/", method="get"):
    """A request as the middleware hands it to a view: with the session of `user` logged in,
    the user, and a CSRF secret."""
    request = getattr(RequestFactory(), method)(path)
    SessionMiddleware(lambda request: None).process_request(request)
    if user.is_authenticated:
        request.session[SESSION_KEY] = str(user.pk)
        request.session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        request.session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    request.user = user
    get_token(request)
    return request


def _render(user, template=PAGE, path="/dashboard/", context=None) -> tuple[str, list[str]]:
    """The page and the SQL it sent."""
    request = _request(user, path)
    with CaptureQueriesContext(connection) as sent:
        html = template.render(Context(context(request) if context else _page_context(request)))
    return html, [query["sql"] for query in sent.captured_queries]


def _read(queries, table) -> bool:
    return any(f'"{table}"' in sql for sql in queries)


@pytest.fixture
def isu():
    return user_with_role("ada-lindqvist", ISU_STAFF)


@pytest.fixture
def world():
    StateFactory(name="Freedonia", iso3="QFR")
    return ActionItemFactory(text="Send the Freedonia letters")


def test_a_part_is_built_again_only_when_a_table_it_read_has_changed(isu, world):
    first, queries = _render(isu)
    assert "Freedonia;" in first and "<li>Send the Freedonia letters</li>" in first
    assert _read(queries, "directory_state") and _read(queries, "meetings_actionitem")

    again, queries = _render(isu)
    assert again == first
    assert not _read(queries, "directory_state") and not _read(queries, "meetings_actionitem")  # both kept

    ActionItem.objects.filter(pk=world.pk).update(text="Send the Sylvania letters")  # the trigger alone
    changed, queries = _render(isu)
    assert "<li>Send the Sylvania letters</li>" in changed and "Freedonia;" in changed
    assert _read(queries, "meetings_actionitem")  # built again
    assert not _read(queries, "directory_state")  # still kept: no table it read has changed


def test_a_change_to_a_table_read_through_a_join_rebuilds_the_part(isu, world):
    template = Template(
        "{% load pagecache %}{% keptpart 'owners' %}{% for name in owners %}{{ name }};{% endfor %}{% endkeptpart %}"
    )

    def context(request):
        rows = ActionItem.objects.values_list("owner_delegation__state__name", flat=True)
        return {"request": request, "owners": Lazy(lambda: list(rows))}

    assert "Freedonia" not in _render(isu, template, context=context)[0]
    owner = world.owner_delegation.state
    _render(isu, template, context=context)
    State.objects.filter(pk=owner.pk).update(name="Grand Fenwick")
    assert "Grand Fenwick;" in _render(isu, template, context=context)[0]


def test_a_value_first_used_outside_a_part_still_ties_the_part_to_its_tables(isu, world):
    template = Template(
        "{% load pagecache %}<h1>{{ action_texts|length }}</h1>"
        "{% keptpart 'actions' %}{% for text in action_texts %}{{ text }};{% endfor %}{% endkeptpart %}"
    )
    assert "Send the Freedonia letters;" in _render(isu, template)[0]
    ActionItem.objects.filter(pk=world.pk).update(text="Send the Sylvania letters")
    assert "Send the Sylvania letters;" in _render(isu, template)[0]


def test_a_part_around_a_kept_part_depends_on_the_inner_parts_tables(isu, world):
    template = Template(
        "{% load pagecache %}{% keptpart 'outer' %}[{% keptpart 'inner' %}{% for t in action_texts %}{{ t }}"
        "{% endfor %}{% endkeptpart %}]{% endkeptpart %}"
    )
    _render(isu, template)  # both kept
    _render(isu, template, path="/dashboard/?other=1")  # another page: the inner one kept alone
    ActionItem.objects.filter(pk=world.pk).update(text="Send the Sylvania letters")
    assert "[Send the Sylvania letters]" in _render(isu, template)[0]


def test_each_person_and_each_language_get_their_own_part(isu, world):
    template = Template(
        "{% load i18n pagecache %}{% keptpart 'who' %}{{ request.user.username }} "
        "{% translate 'Meetings' %}{% endkeptpart %}"
    )

    def context(request):
        return {"request": request}

    other = user_with_role("ben-okafor", ISU_STAFF)
    assert _render(isu, template, context=context)[0] == "ada-lindqvist Meetings"
    assert _render(other, template, context=context)[0] == "ben-okafor Meetings"
    with translation.override("fr"):
        assert _render(isu, template, context=context)[0] == "ada-lindqvist Réunions"
    assert _render(isu, template, context=context)[0] == "ada-lindqvist Meetings"


def test_the_token_in_a_kept_part_is_the_requesters_own(isu, world):
    template = Template("{% load pagecache %}{% keptpart 'form' %}{% csrf_token %}{% endkeptpart %}")
    tokens = []
    for _ in range(2):
        request = _request(isu)
        html = template.render(Context({"request": request, "csrf_token": get_token(request)}))
        token = html.split('value="')[1].split('"')[0]
        assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
        tokens.append(request.META["CSRF_COOKIE"])
    assert tokens[0] != tokens[1]


def test_parts_are_built_every_time_where_pages_are_not_kept(isu, world, settings):
    def sends_its_queries_twice(user, method="get", **overrides):
        for name, value in overrides.items():
            setattr(settings, name, value)
        for _ in range(2):
            request = _request(user, method=method)
            with CaptureQueriesContext(connection) as sent:
                PAGE.render(Context(_page_context(request)))
            assert _read([q["sql"] for q in sent.captured_queries], "directory_state")

    from django.contrib.auth.models import AnonymousUser

    sends_its_queries_twice(AnonymousUser())
    sends_its_queries_twice(isu, method="post")
    sends_its_queries_twice(isu, PAGE_CACHE=False)
    # a request made without the session middleware (a view rendered directly): built, no error
    for _ in range(2):
        request = RequestFactory().get("/dashboard/")
        request.user = isu
        assert "Freedonia;" in PAGE.render(Context(_page_context(request)))


def test_inside_a_transaction_that_has_written_parts_are_neither_kept_nor_served(isu, world):
    _render(isu)  # kept
    with transaction.atomic():
        ActionItem.objects.filter(pk=world.pk).update(text="Send the Sylvania letters")
        inside, queries = _render(isu)
        assert "Send the Sylvania letters" in inside
        assert _read(queries, "directory_state")  # not served from the kept part either
        transaction.set_rollback(True)
    assert "Send the Freedonia letters" in _render(isu)[0]


def test_each_table_has_its_own_stamp():
    before = stamps.tables()
    state = StateFactory(name="Freedonia", iso3="QFR")
    after_insert = stamps.tables()
    assert after_insert.of("directory_state") != before.of("directory_state")
    assert after_insert.of("meetings_actionitem") == before.of("meetings_actionitem")
    with pytest.raises(RuntimeError), transaction.atomic():
        State.objects.filter(pk=state.pk).update(name="Grand Fenwick")
        raise RuntimeError("rolled back")
    assert stamps.tables().of("directory_state") == after_insert.of("directory_state")


@pytest.mark.postgres
def test_per_table_stamps_survive_compaction():
    """On PostgreSQL a writer now and then (1 statement in 100, at random) folds the committed
    change rows into pagecache_table: the stamps read are the same before and after a fold."""
    state = StateFactory(name="Freedonia", iso3="QFR")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.25)")  # this connection's random(): the same run every time
    start = int(stamps.tables().of("directory_state"))
    for n in range(1000):
        State.objects.filter(pk=state.pk).update(name=f"Freedonia {n}")
        assert int(stamps.tables().of("directory_state")) == start + n + 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n FROM {stamps.TABLE_TABLE} WHERE tbl = 'directory_state'")
        assert cursor.fetchone()[0] > 0  # folded (with 1,000 chances)


def test_tables_named_bare_in_hand_written_sql_are_watched_too(isu, world):
    template = Template(
        "{% load pagecache %}{% keptpart 'raw' %}{% for t in texts %}{{ t }};{% endfor %}{% endkeptpart %}"
    )

    def context(request):
        def texts():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT a.text FROM meetings_actionitem a JOIN meetings_meeting m ON m.id = a.meeting_id"
                )
                return [row[0] for row in cursor.fetchall()]

        return {"request": request, "texts": Lazy(texts)}

    assert "Send the Freedonia letters;" in _render(isu, template, context=context)[0]
    ActionItem.objects.filter(pk=world.pk).update(text="Send the Sylvania letters")
    assert "Send the Sylvania letters;" in _render(isu, template, context=context)[0]


def test_an_action_item_done_leaves_the_dashboard_at_once(isu, world):
    """The whole page, with its parts kept, through the test client (outside a transaction)."""
    from django.test import Client
    from django.urls import reverse

    ActionItem.objects.filter(pk=world.pk).update(due_date=datetime.date.today() - datetime.timedelta(days=3))
    client = Client()
    client.force_login(isu)
    assert "Send the Freedonia letters" in client.get(reverse("dashboard")).content.decode()
    assert "Send the Freedonia letters" in client.get(reverse("dashboard")).content.decode()
    ActionItem.objects.filter(pk=world.pk).update(status=ActionItem.Status.DONE)
    assert "Send the Freedonia letters" not in client.get(reverse("dashboard")).content.decode()


def test_a_part_read_through_prepared_statements_still_depends_on_its_tables(isu, world):
    """On PostgreSQL directory.sql runs a read as EXECUTE of a prepared statement, which names no
    table: it carries its query as a comment, and the part still sees what it reads."""
    from directory import sql

    template = Template("{% load pagecache %}{% keptpart 'prepared' %}{{ texts }}{% endkeptpart %}")
    query = f"SELECT a.text FROM {ActionItem._meta.db_table} a WHERE a.id = %s"

    def context(request):
        return {"request": request, "texts": Lazy(lambda: sql.rows(query, world.pk)[0][0])}

    for _ in range(2):  # the second time prepared, on PostgreSQL
        assert _render(isu, template, context=context)[0] == "Send the Freedonia letters"
    ActionItem.objects.filter(pk=world.pk).update(text="Send the Sylvania letters")
    assert _render(isu, template, context=context)[0] == "Send the Sylvania letters"
