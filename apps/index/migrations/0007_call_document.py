"""One search document a call (apps/index/fts.py): the searches ask which calls match among one
row a call instead of among every line. PostgreSQL keeps it in `search_document` with a GIN
index; SQLite in the FTS5 table insights_call_fts (rowid: the recording's id), whose row a
trigger drops with its recording. Both are filled here from the lines already indexed.

Also kept with each recording, so the search's filters need not look into its lines and goals:
the emotions its lines show and how many goals it has and missed. And PostgreSQL gets an index
for each order of the search (newest, oldest, longest, shortest, score high and low) that walks
one key's calls in that order, so a page of a common word's calls stops after a few rows."""

import django.contrib.postgres.search
from django.db import migrations, models

from apps.index import fts

SORTS = {  # PostgreSQL only: SQLite has no NULLS LAST in an index
    "insights_rec_sort_new": "created_at DESC NULLS LAST, id DESC",
    "insights_rec_sort_long": "duration_ms DESC NULLS LAST, id DESC",
    "insights_rec_sort_short": "duration_ms ASC NULLS LAST, id ASC",
    "insights_rec_sort_high": "goal_score DESC NULLS LAST, id DESC",
    "insights_rec_sort_low": "goal_score ASC NULLS LAST, id ASC",
}
FILTERS = (
    "UPDATE insights_recording SET "
    "emotions = COALESCE((SELECT ' ' || {agg} || ' ' FROM (SELECT DISTINCT emotion FROM "
    "insights_line l WHERE l.recording_id = insights_recording.id AND l.kind = 'line' "
    "AND l.emotion <> '' ORDER BY emotion) e), ''), "
    "goals_total = (SELECT count(*) FROM insights_goal g "
    "WHERE g.recording_id = insights_recording.id), "
    "goals_missed = (SELECT count(*) FROM insights_goal g "
    "WHERE g.recording_id = insights_recording.id AND g.met = false)"
)


def forwards(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute(FILTERS.format(agg="string_agg(emotion, ' ')"))
        sql, params = fts.document_update()
        execute(sql, params)
        execute("CREATE INDEX insights_rec_doc_gin ON insights_recording "
                "USING GIN (search_document)")
        for name, columns in SORTS.items():
            execute(f"CREATE INDEX {name} ON insights_recording (key_fingerprint, {columns})")
        # Without statistics of the new column the planner guesses every word rare, and reads
        # a common word's whole GIN list instead of walking the calls in order.
        execute("ANALYZE insights_recording")
        return
    execute(FILTERS.format(agg="group_concat(emotion, ' ')"))
    execute(f"CREATE VIRTUAL TABLE {fts.CALL_FTS} USING fts5(text, tokenize='{fts.TOKENIZE}')")
    execute(f"CREATE TRIGGER insights_recording_ad AFTER DELETE ON insights_recording BEGIN "
            f"DELETE FROM {fts.CALL_FTS} WHERE rowid = old.id; END")
    sql, params = fts.document_insert()
    execute(sql, params)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in ["insights_rec_doc_gin", *SORTS]:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS insights_recording_ad")
    schema_editor.execute(f"DROP TABLE IF EXISTS {fts.CALL_FTS}")


class Migration(migrations.Migration):

    dependencies = [
        ("insights", "0006_line_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexedrecording",
            name="emotions",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="indexedrecording",
            name="goals_total",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="indexedrecording",
            name="goals_missed",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="indexedrecording",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="indexedrecording",
            name="document_partial",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(forwards, backwards),
    ]
