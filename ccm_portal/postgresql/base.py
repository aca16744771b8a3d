"""Django's PostgreSQL back end, with a health check of a persistent connection that costs no
round trip to the server while the connection is sound.

Django's own check (CONN_HEALTH_CHECKS) sends `SELECT 1` before the first query of every request:
on the portal's pages served from the page cache that was one of four round trips, a quarter of
a web process's time under load (bench/README.md). A connection the server has closed (a restart,
a failover, a terminated backend) always has something to read on its socket while no query is
in flight: the server's farewell message, or the end of the stream. So the socket is polled
first, without waiting; only when there is something to read, or the socket is gone, is Django's
`SELECT 1` made, and the connection is replaced if that fails. A sound, idle connection has
nothing to read and is used as it is.

settings.py puts this back end in place of django.db.backends.postgresql (ENGINE).
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        try:
            poller = select.poll()  # poll, not select: no limit on the descriptor's number
            poller.register(self.connection.fileno(), select.POLLIN)
            pending = poller.poll(0)
        except Exception:  # closed on our side (psycopg's InterfaceError), or no socket at all
            return False
        if pending:  # a farewell, the end of the stream or an unsolicited notice: ask the server
            return super().is_usable()
        return True
