# The States' contacts move down into the register (directory.Contact, issue 15): every outreach
# contact is copied there, with its id and its history, as a contact for correspondence ("mission");
# none is for finance until the ISU says so. Then outreach's own tables go.

from django.core.management.color import no_style
from django.db import migrations

FIELDS = ("id", "state_id", "kind", "name", "addressee", "address", "email", "is_primary", "note")
HISTORY_FIELDS = (*FIELDS, "history_id", "history_date", "history_change_reason", "history_type", "history_user_id")


def _reset_sequences(schema_editor, models):
    """Rows were written with their ids: the next id a sequence hands out must come after them."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def copy_contacts(apps, schema_editor):
    """outreach.Contact (and its history) → directory.Contact, each one for correspondence only."""
    Old, OldHistory = apps.get_model("outreach", "Contact"), apps.get_model("outreach", "HistoricalContact")
    New, NewHistory = apps.get_model("directory", "Contact"), apps.get_model("directory", "HistoricalContact")
    roles = {"for_mission": True, "for_finance": False}
    New.objects.bulk_create(New(**row, **roles) for row in Old.objects.order_by("pk").values(*FIELDS))
    NewHistory.objects.bulk_create(
        NewHistory(**row, **roles) for row in OldHistory.objects.order_by("history_id").values(*HISTORY_FIELDS)
    )
    if schema_editor is not None:
        _reset_sequences(schema_editor, [New, NewHistory])


def copy_contacts_back(apps, schema_editor):
    """Undone: the contacts for correspondence move back to outreach (a finance-only one has no
    place there and stays in the register)."""
    Old, OldHistory = apps.get_model("outreach", "Contact"), apps.get_model("outreach", "HistoricalContact")
    New, NewHistory = apps.get_model("directory", "Contact"), apps.get_model("directory", "HistoricalContact")
    moved, moved_history = New.objects.filter(for_mission=True), NewHistory.objects.filter(for_mission=True)
    Old.objects.bulk_create(Old(**row) for row in moved.order_by("pk").values(*FIELDS))
    OldHistory.objects.bulk_create(OldHistory(**row) for row in moved_history.order_by("history_id").values(*HISTORY_FIELDS))
    moved_history.delete()
    moved.delete()
    if schema_editor is not None:
        _reset_sequences(schema_editor, [Old, OldHistory])


class Migration(migrations.Migration):

    dependencies = [
        ('outreach', '0003_letter_email_error'),
        ('directory', '0004_contacts'),
    ]

    operations = [
        migrations.RunPython(copy_contacts, copy_contacts_back),
        migrations.RemoveField(
            model_name='historicalcontact',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalcontact',
            name='state',
        ),
        migrations.DeleteModel(
            name='Contact',
        ),
        migrations.DeleteModel(
            name='HistoricalContact',
        ),
    ]
