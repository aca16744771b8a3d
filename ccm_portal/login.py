"""The login page: a safe `next` wins; otherwise each person lands where their work is."""

from django.contrib.auth.views import LoginView

from directory.landing import landing_url


class PortalLoginView(LoginView):
    def get_default_redirect_url(self):
        if self.next_page:
            return super().get_default_redirect_url()
        return landing_url(self.request.user)
