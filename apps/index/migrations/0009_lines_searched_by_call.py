"""Searches now find calls by their documents (0007) and rank a page's lines among those lines
alone (apps/index/fts.py), and the emotion filter reads the recording's row: the indexes over
every line that served them go. SQLite drops the FTS5 table of lines and its triggers (0002);
PostgreSQL drops the GIN index of the lines' tsvectors (0004) but keeps the tsvectors, which
rank a page's lines. Both drop the (recording, emotion) index (0005) and the recording
column's own index, which insights_line_pos (recording, position) already serves.

Done with plain SQL: on SQLite, Django's AlterField would rebuild insights_line."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

fts_0002 = importlib.import_module("apps.index.migrations.0002_full_text_index")

LINE_RECORDING_INDEX = "insights_line_recording_id_b06d1a5f"


def forwards(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute("DROP INDEX IF EXISTS insights_line_tsv_gin")
    else:
        for sql in fts_0002.SQLITE_DOWN:
            execute(sql)
    execute(f"DROP INDEX IF EXISTS {LINE_RECORDING_INDEX}")


def backwards(apps, schema_editor):
    execute = schema_editor.execute
    execute(f"CREATE INDEX {LINE_RECORDING_INDEX} ON insights_line (recording_id)")
    if schema_editor.connection.vendor == "postgresql":
        execute("CREATE INDEX insights_line_tsv_gin ON insights_line USING GIN (search_vector)")
    else:
        for sql in fts_0002.SQLITE_UP:
            execute(sql)
        execute("INSERT INTO insights_line_fts(insights_line_fts) VALUES ('rebuild')")


class Migration(migrations.Migration):

    dependencies = [
        ("insights", "0008_talk_totals"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="line",
            name="insights_line_emotion",
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="line",
                    name="recording",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines", to="insights.indexedrecording",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
