"""PostgreSQL keeps each line's tsvector in `search_vector` (a trigger fills it on every insert and
change of the text) and indexes that column: a match and its rank read the stored vector instead of
parsing the text again (apps/index/fts.py). SQLite keeps its FTS5 table (0002)."""

import django.contrib.postgres.search
from django.db import migrations

POSTGRES_UP = (
    "DROP INDEX IF EXISTS insights_line_fts",
    "CREATE TRIGGER insights_line_tsv BEFORE INSERT OR UPDATE OF text ON insights_line "
    "FOR EACH ROW EXECUTE FUNCTION "
    "tsvector_update_trigger(search_vector, 'pg_catalog.english', text)",
    "UPDATE insights_line SET text = text",
    "CREATE INDEX insights_line_tsv_gin ON insights_line USING GIN (search_vector)",
)
POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS insights_line_tsv_gin",
    "DROP TRIGGER IF EXISTS insights_line_tsv ON insights_line",
    "CREATE INDEX insights_line_fts ON insights_line "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(text, '')))",
)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0003_project_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='line',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN)),
    ]
