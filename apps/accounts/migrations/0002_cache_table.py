"""The database cache's table, so `migrate` prepares the cache production uses without CACHE_URL.

Created whatever the settings of the run that migrates, so a database migrated under development
settings serves production's cache as well. It holds no model: Django's createcachetable makes it.
"""

from django.core.management import call_command
from django.db import migrations

TABLE = "console_cache"  # CACHE_TABLE in console/settings/base.py


def create_cache_table(apps, schema_editor):
    # Naming the table creates it even where CACHES names no database cache; an existing one stays.
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
