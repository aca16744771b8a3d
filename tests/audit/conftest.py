"""The audit history: each record kind is changed through its page by a named person of the demo
world (ISU staff), and the change is found afterwards with who, when and what."""

import pytest
from django.utils import timezone


@pytest.fixture
def isu(demo_world, django_user_model, client):
    user = django_user_model.objects.get(username="isu")
    client.force_login(user)
    return user


@pytest.fixture
def started():
    return timezone.now()
