from django.db import migrations

CATEGORIES = [
    ("affected", "Affected State", "An affected State", 1),
    ("donor", "Donor/partner State", "A donor/partner State", 2),
    ("deadline", "State with an impending deadline under the Convention",
     "A State with an impending deadline under the Convention", 3),
    ("not-party", "State not party", "A State not party to the Convention", 4),
    ("isu", "The ISU", "The ISU", 5),
    ("organisation", "Organisation", "An organisation", 6),
]


def create(apps, schema_editor):
    Category = apps.get_model("meetings", "ParticipantCategory")
    for code, name, phrase, order in CATEGORIES:
        Category.objects.get_or_create(code=code, defaults={"name": name, "speaker_phrase": phrase, "order": order})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_public_summaries")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
