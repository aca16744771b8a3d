# Stamps per table as well (pagecache/stamps.py: TableStamps): the change rows carry their table,
# the triggers count each table apart. Taken down and made again; every kept page and part is then
# out of date (a new epoch), as after any deployment that changes them.

from django.db import migrations


def reinstall(apps, schema_editor):
    from pagecache.stamps import install, uninstall

    uninstall(schema_editor.connection.alias)
    install(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0001_triggers")]

    operations = [migrations.RunPython(reinstall, reinstall)]
