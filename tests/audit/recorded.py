"""Reading the audit history back: the newest record of an object, and what it must say."""

from django.utils import timezone


def latest(history):
    return history.order_by("-history_date", "-history_id").first()


def assert_recorded(record, who, started, **what):
    assert record is not None
    assert record.history_user == who
    assert started <= record.history_date <= timezone.now()
    for field, value in what.items():
        assert getattr(record, field) == value, field
