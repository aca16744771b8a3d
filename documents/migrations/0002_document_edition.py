"""Each generated file records which edition of its object it is (the version part of its key).

Existing rows take the edition written in their key. A summary file without one was a preview;
a minutes file without one was rendered at an unknown stage of the text and stays the ISU's
(edition "") until it is rendered again."""

from django.db import migrations, models


def editions_from_keys(apps, schema_editor):
    GeneratedDocument = apps.get_model("documents", "GeneratedDocument")
    for document in GeneratedDocument.objects.only("pk", "kind", "key").iterator():
        parts = document.key.split(":", 2)
        edition = parts[2] if len(parts) == 3 else ("preview" if document.kind == "summary" else "")
        if edition:
            GeneratedDocument.objects.filter(pk=document.pk).update(edition=edition)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="generateddocument",
            name="edition",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.RunPython(editions_from_keys, migrations.RunPython.noop),
    ]
