"""The full-text index over insights_line.text, in the database's own engine (apps/index/fts.py):
an FTS5 table kept in step by triggers on SQLite, a GIN index on the expression fts.py queries on
PostgreSQL (`to_tsvector('english', COALESCE(text, ''))`, so the planner uses it)."""

from django.db import migrations

SQLITE_UP = (
    "CREATE VIRTUAL TABLE insights_line_fts USING fts5(text, content='insights_line', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER insights_line_ai AFTER INSERT ON insights_line BEGIN "
    "INSERT INTO insights_line_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER insights_line_ad AFTER DELETE ON insights_line BEGIN "
    "INSERT INTO insights_line_fts(insights_line_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER insights_line_au AFTER UPDATE OF text ON insights_line BEGIN "
    "INSERT INTO insights_line_fts(insights_line_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO insights_line_fts(rowid, text) VALUES (new.id, new.text); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS insights_line_au",
    "DROP TRIGGER IF EXISTS insights_line_ad",
    "DROP TRIGGER IF EXISTS insights_line_ai",
    "DROP TABLE IF EXISTS insights_line_fts",
)
POSTGRES_UP = (
    "CREATE INDEX insights_line_fts ON insights_line "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(text, '')))",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS insights_line_fts",)


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, ()):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
