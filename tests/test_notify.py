"""One way to send what people receive (outbox.notify): each e-mail is rendered in its
recipient's language, recorded once under its key, sent once by whichever worker claims it,
with no transaction or row lock open while the mail server is talked to; a failure is recorded
with its reason and tried again."""

import datetime
import smtplib
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction

from outbox import notify
from outbox.models import Notification

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _backend_state():
    Witness.seen.clear()
    Counting.sent.clear()
    yield


@pytest.fixture
def email_templates(settings, tmp_path):
    """A template of the test's own (templates/<app>/email/<name>.txt and _subject.txt)."""
    folder = tmp_path / "templates" / "testing" / "email"
    folder.mkdir(parents=True)
    (folder / "greeting_subject.txt").write_text(
        "{% load i18n %}{% get_current_language as lang %}[{{ lang }}] {{ day|date:'j F Y' }}\n"
    )
    (folder / "greeting.txt").write_text(
        "{% load i18n %}{% get_current_language as lang %}Language: {{ lang }}\n"
        "Month: {{ day|date:'F' }}\nName: {{ name }}\n"
    )
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    settings.TEMPLATES = [engine]
    return "testing/email/greeting"


def _greeting(key, address, language, template):
    return notify.notify(
        key=key,
        to=[address],
        template=template,
        context={"day": datetime.date(2017, 3, 5), "name": "Ana <O'Neil> & Co"},
        language=language,
    )


# ---------------------------------------------------------------- rendering and keys


@pytest.mark.django_db
def test_each_recipient_gets_the_email_in_their_language(email_templates, settings):
    settings.EMAIL_BACKEND = LOCMEM
    for key, address, language in (("hello:fr", "fr@example.org", "fr"), ("hello:es", "es@example.org", "es")):
        notify.deliver(_greeting(key, address, language, email_templates).pk)
    sent = {message.to[0]: (message.subject, message.body) for message in mail.outbox}
    assert sent == {
        "fr@example.org": ("[fr] 5 mars 2017", "Language: fr\nMonth: mars\nName: Ana <O'Neil> & Co\n"),
        "es@example.org": ("[es] 5 marzo 2017", "Language: es\nMonth: marzo\nName: Ana <O'Neil> & Co\n"),
    }
    from django.utils import translation

    assert translation.get_language() == "en"  # the override ended with the rendering


@pytest.mark.django_db(transaction=True)
def test_asking_twice_for_the_same_key_sends_one_email(email_templates, settings):
    settings.EMAIL_BACKEND = LOCMEM
    with transaction.atomic():
        _greeting("hello:once", "once@example.org", "fr", email_templates)
    with transaction.atomic():
        _greeting("hello:once", "once@example.org", "es", email_templates)
    assert [(m.to, m.subject) for m in mail.outbox] == [(["once@example.org"], "[fr] 5 mars 2017")]
    assert Notification.objects.count() == 1


# ---------------------------------------------------------------- failure and retry


class Refusing(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(451, b"4.3.0 Mail server temporarily rejected message")


@pytest.mark.django_db(transaction=True)
def test_a_failure_is_recorded_with_its_reason_then_the_relay_sends_it(email_templates, settings):
    settings.EMAIL_BACKEND = f"{__name__}.Refusing"
    with transaction.atomic():
        notification = _greeting("hello:retry", "retry@example.org", "fr", email_templates)
    notification.refresh_from_db()
    assert (notification.status, notification.error, notification.attempts) == (
        "failed",
        "the mail server answered 451 4.3.0 Mail server temporarily rejected message",
        1,
    )
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM
    assert notify.sweep() == 0  # too soon: the retry waits
    assert notify.sweep(now=notification.claimed_at + datetime.timedelta(minutes=11)) == 1
    assert [m.to for m in mail.outbox] == [["retry@example.org"]]
    notification.refresh_from_db()
    assert (notification.status, notification.error, notification.attempts) == ("sent", "", 2)
    assert notify.sweep(now=notification.claimed_at + datetime.timedelta(days=1)) == 0
    assert notify.deliver(notification.pk, retry=True) is False  # sent: never again
    assert len(mail.outbox) == 1


# ---------------------------------------------------------------- no lock while sending


class Witness(LocmemBackend):
    """Notes, when asked to send, whether this thread's connection is inside a transaction: on
    PostgreSQL as the server sees it (another connection reads pg_stat_activity)."""

    seen: list = []

    def send_messages(self, email_messages):
        server_state = None
        if connection.vendor == "postgresql":
            import psycopg2

            pid = connection.connection.get_backend_pid()
            other = psycopg2.connect(**connection.get_connection_params())
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [pid])
                    server_state = cursor.fetchone()[0]
            finally:
                other.close()
        Witness.seen.append((connection.in_atomic_block, server_state))
        return super().send_messages(email_messages)


@pytest.mark.django_db(transaction=True)
def test_the_circulation_notice_is_sent_outside_any_transaction(settings, isu_staff, coordinator_va):
    from meetings import services
    from meetings.models import Meeting
    from tests.factories import MeetingFactory

    settings.EMAIL_BACKEND = f"{__name__}.Witness"
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    item = services.agenda_item_add(meeting=meeting, title="Opening remarks")
    minutes = services.minutes_start(meeting=meeting)
    services.minutes_item_update(item=minutes.items.get(agenda_item=item), text="Opened.", expected_version=0,
                                 by=isu_staff)  # fmt: skip
    services.minutes_circulate(
        minutes=minutes, comment_deadline=datetime.date.today() + datetime.timedelta(days=7), by=isu_staff
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([isu_staff.email, coordinator_va.email])
    assert all(m.subject.startswith("Draft minutes for comments:") for m in mail.outbox)
    outside = (False, "idle" if connection.vendor == "postgresql" else None)
    assert Witness.seen == [outside, outside]


# ---------------------------------------------------------------- two workers, one e-mail


class Counting(BaseEmailBackend):
    """Slow (0.2 s a message) and counting: two workers racing would both get here."""

    sent: list = []
    lock = threading.Lock()

    def send_messages(self, email_messages):
        time.sleep(0.2)
        with Counting.lock:
            Counting.sent.extend(m.to[0] for m in email_messages)
        return len(email_messages)


def run_at_once(func, *args, workers=2, **kwargs):
    """Call func(*args, **kwargs) from `workers` threads released together; their results."""
    barrier = threading.Barrier(workers)
    results = [None] * workers

    def worker(index):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results[index] = func(*args, **kwargs)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_email_at_once_send_it_once(settings):
    settings.EMAIL_BACKEND = f"{__name__}.Counting"
    notification = Notification.objects.create(
        key="reminder:test", to=["treasury@example.org"], subject="Contributions", body="Outstanding."
    )
    results = run_at_once(notify.deliver, notification.pk)
    assert sorted(results) == [False, True]
    assert Counting.sent == ["treasury@example.org"]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (FileNotFoundError(2, "No such file", "letter.pdf"), "an attachment is missing from the file store"),
        (ConnectionRefusedError(111, "Connection refused"), "the mail server could not be reached"),
    ],
)
def test_a_failure_is_explained_by_what_went_wrong(error, reason):
    from outbox.notify import failure_reason

    assert failure_reason(error).startswith(reason)
