"""gunicorn's settings for the portal, read from the working folder (gunicorn's default
./gunicorn.conf.py; the Dockerfile, docker-compose.yml and the benchmark start it there).

The application is loaded once in the master (preload_app) and its objects moved out of the
garbage collector's reach (gc.freeze) before the workers are forked: a full collection in a worker
then never walks the tens of thousands of objects Django, the apps and their templates make at
start, which shortens the pauses that show in the p99 (bench/README.md), and the memory pages they
sit on stay shared between the workers. GC_FREEZE=false loads the application in each worker
instead, as gunicorn does by default.
"""

import gc
import os

_FREEZE = os.environ.get("GC_FREEZE", "true").strip().lower() not in ("0", "false", "no", "off")

preload_app = _FREEZE
if _FREEZE:
    gc.disable()  # no collection while the application loads: none would free anything worth it


def when_ready(server):
    """In the master, the application loaded (preload_app), before the first worker is forked."""
    if _FREEZE:
        from django.db import connections

        connections.close_all()  # none is open at load; a connection must never be shared by two workers
        gc.freeze()
        gc.enable()


def post_fork(server, worker):
    if _FREEZE:
        gc.enable()
