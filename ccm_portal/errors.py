"""The page a user gets when the portal fails: never a traceback.

When the database is unreachable (restarting, failing over) the portal answers 503 with a
page that needs no database, and asks the browser to retry shortly; the web processes keep
running and reconnect by themselves (CONN_HEALTH_CHECKS) once it is back."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def _database_unavailable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, UNAVAILABLE_ERRORS) or (
            isinstance(error, DatabaseError) and "connection" in str(error).lower()
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    if _database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
