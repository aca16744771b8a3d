"""Every URL of the portal is in a permission matrix: a new page cannot ship untested."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.finance.coverage import COVERED as FINANCE_COVERED
from tests.meetings.test_views_permissions import PAGES as MEETING_PAGES
from tests.outreach.coverage import COVERED as OUTREACH_COVERED
from tests.security.coverage import COVERED as SECURITY_COVERED

# Pages whose role rules are tested in their own files, named here so the list stays honest.
COVERED_ELSEWHERE = {
    "home": "tests/meetings/test_public.py (public)",
    "public:summary-detail": "tests/meetings/test_public.py (public)",
    "public:summary-pdf": "tests/meetings/test_public.py (public)",
    "public:search": "tests/meetings/test_public.py (public)",
    "public:calendar": "tests/meetings/test_public.py (public)",
    "dashboard": "tests/test_dashboard.py",
    "health": "tests/test_health.py (public: check names only)",
    "documents:document-download": "tests/documents/test_documents.py",
    "coordinators:area-list": "tests/coordinators/test_views.py",
    "coordinators:public-plans": "tests/coordinators/test_views.py (public)",
    "meetings:import-review": "tests/meetings/test_import.py",
    "directory:state-list": "tests/directory/test_state_profiles.py",
    "directory:state-profile": "tests/directory/test_state_profiles.py",
    "coordinators:plan-detail": "tests/coordinators/test_views.py",
    "coordinators:progress-add": "tests/coordinators/test_views.py (forged POST)",
    "coordinators:output-edit": "tests/coordinators/test_views.py (forged POST)",
    "coordinators:activity-add": "tests/coordinators/test_views.py (forged POST)",
    "coordinators:output-history": "tests/coordinators/test_views.py",
    "coordinators:targets": "tests/coordinators/test_views.py",
    "coordinators:coalition-list": "tests/coordinators/test_coalitions.py",
    "coordinators:coalition-detail": "tests/coordinators/test_coalitions.py",
    "coordinators:plan-report": "tests/coordinators/test_views.py",
    "coordinators:concept-note": "tests/coordinators/test_views.py",
    "coordinators:concept-note-file": "tests/coordinators/test_views.py",
    "coordinators:quarterly-update": "tests/coordinators/test_views.py",
    "coordinators:plan-export": "tests/coordinators/test_views.py",
    "coordinators:targets-export": "tests/coordinators/test_views.py",
    "coordinators:target-remove": "tests/coordinators/test_views.py",
    "documents:document-status": "tests/documents/test_documents.py",
}
# Django's own: login, logout and password change (auth), and the admin (staff flag).
FRAMEWORK_NAMESPACES = {"admin"}
FRAMEWORK_NAMES = {
    "set_language",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def _names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in FRAMEWORK_NAMESPACES:
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_named_url_is_in_a_permission_matrix():
    covered = {name for name, *_ in MEETING_PAGES} | set(COVERED_ELSEWHERE) | FRAMEWORK_NAMES
    covered |= set(OUTREACH_COVERED) | set(FINANCE_COVERED) | set(SECURITY_COVERED)
    missing = sorted(set(_names(get_resolver())) - covered)
    assert missing == []
