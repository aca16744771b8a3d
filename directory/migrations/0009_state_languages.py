from django.db import migrations


def fill_languages(apps, schema_editor):
    """Each State's language of correspondence from directory.languages.CORRESPONDENCE (Spanish,
    French; every other State English), for the States whose language is still English: a choice
    the ISU made is never changed."""
    from directory.languages import fill_state_languages

    fill_state_languages(apps.get_model("directory", "State"))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_languages"),
    ]

    operations = [
        migrations.RunPython(fill_languages, migrations.RunPython.noop),
    ]
