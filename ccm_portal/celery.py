"""The Celery application. Workers: `celery -A ccm_portal worker`; beat: `celery -A ccm_portal beat`."""

import gc
import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings")

app = Celery("ccm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _gc_freeze_wanted() -> bool:
    return os.environ.get("GC_FREEZE", "true").strip().lower() not in ("0", "false", "no", "off")


@worker_init.connect
def _freeze_after_load(**kwargs):
    """In the worker's main process, Django and the tasks loaded, before the pool's processes are
    forked: the objects made at start are left out of every later garbage collection (as in the
    web processes, gunicorn.conf.py), so a collection never walks them and the forked processes
    keep sharing the memory they sit on."""
    if _gc_freeze_wanted():
        gc.freeze()


@worker_process_init.connect
def _freeze_in_pool_process(**kwargs):
    """In each pool process, once it has started: what it loaded itself joins them."""
    if _gc_freeze_wanted():
        gc.freeze()
