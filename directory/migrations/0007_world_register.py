from django.db import migrations, models


def fill_world(apps, schema_editor):
    """Every UN Member State, the two observer States, the Cook Islands and Niue, from
    directory/data/world.csv (directory.world.register_fill): created when missing, blank fields
    filled, English aliases added when no State has them. A field that holds a value (an ISU
    edit) is never changed; treaty and CCM status are not touched."""
    from directory.world import register_fill

    register_fill(
        apps.get_model("directory", "State"),
        apps.get_model("directory", "StateAlias"),
        apps.get_model("directory", "Delegation"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_digest_opt_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="state",
            name="official_name_es",
            field=models.CharField(blank=True, max_length=200, verbose_name="official name in Spanish"),
        ),
        migrations.AddField(
            model_name="state",
            name="official_name_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="official name in French"),
        ),
        migrations.AddField(
            model_name="state",
            name="un_group",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "–"),
                    ("African", "African Group"),
                    ("Asia-Pacific", "Asia-Pacific Group"),
                    ("Eastern European", "Eastern European Group"),
                    ("Latin American and Caribbean", "Latin American and Caribbean Group (GRULAC)"),
                    ("Western European and other", "Western European and other States Group (WEOG)"),
                ],
                max_length=40,
                verbose_name="UN regional group",
            ),
        ),
        migrations.RunPython(fill_world, migrations.RunPython.noop),
    ]
