from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_save

        from .models import Meeting, SummaryEvent
        from .pdfs import register_documents
        from .views.public import forget_public_stamp

        register_documents()

        def stamp_changed(sender, **kwargs):
            forget_public_stamp()  # this connection sees the change already
            transaction.on_commit(forget_public_stamp)  # and every other one from now on

        post_save.connect(stamp_changed, sender=SummaryEvent, dispatch_uid="public-stamp-summary-event")
        post_save.connect(stamp_changed, sender=Meeting.history.model, dispatch_uid="public-stamp-meeting")
