"""GET /health/ for load balancers and `docker compose`: is this web process able to serve?

Checks (django-health-check): the database (SELECT 1), the cache (a value set and read back),
stored files (a small file saved, read and deleted in the default storage) and, when
CELERY_BROKER_URL is a Redis URL, the broker (PING). They run concurrently.

The answer is JSON naming each check, "ok" or "failing": 200 when all pass, 503 otherwise. It
says nothing else (no host, port, error text or timing): the details of a failure go to the log
(logger "health_check"). Never cached; open without login or second factor.
"""

import asyncio

from django.conf import settings
from django.http import JsonResponse
from health_check.checks import Cache, Database, Storage
from health_check.views import HealthCheckView

BROKER_TIMEOUT_SECONDS = 2


def _broker_client(url: str):
    from redis.asyncio import Redis

    return Redis.from_url(url, socket_connect_timeout=BROKER_TIMEOUT_SECONDS, socket_timeout=BROKER_TIMEOUT_SECONDS)


class PortalHealthView(HealthCheckView):
    def named_checks(self) -> list[tuple[str, object]]:
        checks = [("database", Database()), ("cache", Cache()), ("storage", Storage())]
        broker_url = getattr(settings, "CELERY_BROKER_URL", "") or ""
        if broker_url.startswith(("redis://", "rediss://", "unix://")):
            from health_check.contrib.redis import Redis

            checks.append(("broker", Redis(client_factory=lambda: _broker_client(broker_url))))
        return checks

    def get_checks(self):
        # `manage.py health_check health --no-http` runs the same checks.
        for _name, check in self.named_checks():
            yield check

    async def get(self, request, *args, **kwargs):
        named = self.named_checks()
        results = await asyncio.gather(*(check.get_result() for _name, check in named))
        body = {
            name: ("failing" if result.error else "ok") for (name, _check), result in zip(named, results, strict=True)
        }
        status = 503 if any(result.error for result in results) else 200
        return JsonResponse(body, status=status)
