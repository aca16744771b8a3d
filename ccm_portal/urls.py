from django.contrib import admin
from django.urls import include, path

from directory import preferences_views
from meetings.views import public as public_views

from . import views
from .health import PortalHealthView
from .login import PortalLoginView

urlpatterns = [
    path("", public_views.home, name="home"),
    path("health/", PortalHealthView.as_view(), name="health"),
    path("public/", include("meetings.public_urls")),
    path("i18n/setlang/", preferences_views.set_language, name="set_language"),  # remembers a user's choice
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/otp/", include("ccm_portal.security_urls")),
    path("accounts/login/", PortalLoginView.as_view(), name="login"),  # before the auth URLs: it replaces theirs
    path("accounts/email/", preferences_views.email_preferences, name="email-preferences"),
    path("accounts/email/unsubscribe/<str:token>/", preferences_views.digest_unsubscribe, name="digest-unsubscribe"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("meetings/", include("meetings.urls")),
    path("documents/", include("documents.urls")),
    path("coordinators/", include("coordinators.urls")),
    path("states/", include("directory.urls")),
    path("outreach/", include("outreach.urls")),
    path("finance/", include("finance.urls")),
    path("admin/", admin.site.urls),
]
handler500 = "ccm_portal.errors.server_error"
