"""Shared by the security tests: the demo data, and the URL patterns of the whole portal."""

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver


@pytest.fixture
def demo(demo_world):
    """The demo data set (register, meetings, plans, outreach, finance) with its demo logins."""
    names = ("isu", "coordinator-va", "coordinator-ica", "focal-iraq")
    return {name: User.objects.get(username=name) for name in names}


def url_patterns(resolver=None, prefix="", namespace=""):
    """(route prefix, namespaced name, URLPattern) for every named URL of the portal."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), namespace + pattern.name, pattern
