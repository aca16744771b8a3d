"""The login page: a safe `next` wins; otherwise each person lands where their work is. A user
who chose a language (EmailPreference.language) gets it back at login, on any browser: the
response carries the language cookie, so the pages that follow are in it."""

from django.contrib.auth.views import LoginView

from directory.landing import landing_url
from directory.models import EmailPreference
from directory.preferences_views import language_cookie_set


class PortalLoginView(LoginView):
    def form_valid(self, form):
        response = super().form_valid(form)
        chosen = EmailPreference.objects.filter(user=form.get_user()).values_list("language", flat=True).first()
        return language_cookie_set(response, chosen) if chosen else response

    def get_default_redirect_url(self):
        if self.next_page:
            return super().get_default_redirect_url()
        return landing_url(self.request.user)
