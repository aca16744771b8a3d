from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_import_corrections"),
    ]

    operations = [
        migrations.AddField(
            model_name="leakfinding",
            name="possible",
            field=models.BooleanField(default=False),
        ),
    ]
