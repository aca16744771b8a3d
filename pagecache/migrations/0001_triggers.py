# The change stamp's tables and the triggers on every table there is (pagecache/stamps.py). The
# tables later migrations create get theirs after each migrate (post_migrate, pagecache/apps.py).

from django.db import migrations


def install(apps, schema_editor):
    from pagecache.stamps import install

    install(schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    from pagecache.stamps import uninstall

    uninstall(schema_editor.connection.alias)


class Migration(migrations.Migration):
    # The tables there are when it runs get their triggers now, the others after the migrate.
    dependencies: list = []

    operations = [migrations.RunPython(install, uninstall)]
