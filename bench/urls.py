"""The portal's URLs plus /bench/hello/: the limit of the stack (same gunicorn, same middleware)."""

from django.http import HttpResponse
from django.urls import path

from ccm_portal.urls import handler500  # noqa: F401
from ccm_portal.urls import urlpatterns as portal_urlpatterns


def hello(request):
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello, name="bench-hello"), *portal_urlpatterns]
