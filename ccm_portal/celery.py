"""The Celery application. Workers: `celery -A ccm_portal worker`; beat: `celery -A ccm_portal beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings")

app = Celery("ccm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
