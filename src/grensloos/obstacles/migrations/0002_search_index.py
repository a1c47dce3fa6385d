"""The full-text index of the register (see obstacles/search.py), in each database's own form.

SQLite: an external-content FTS5 table fed by triggers. PostgreSQL: a generated tsvector column with a GIN
index. Both follow ``search_terms``, which the application fills, so bulk inserts are indexed as well.
Note for later migrations on SQLite: rebuilding the obstacle table drops its triggers; re-create them (the
search tests would fail otherwise).
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE obstacles_fts USING fts5(search_terms, content='obstacles_obstacle', "
    "content_rowid='id', tokenize='unicode61', prefix='3')",
    "CREATE TRIGGER obstacles_fts_ai AFTER INSERT ON obstacles_obstacle BEGIN "
    "INSERT INTO obstacles_fts(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "CREATE TRIGGER obstacles_fts_ad AFTER DELETE ON obstacles_obstacle BEGIN "
    "INSERT INTO obstacles_fts(obstacles_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); END",
    "CREATE TRIGGER obstacles_fts_au AFTER UPDATE OF search_terms ON obstacles_obstacle BEGIN "
    "INSERT INTO obstacles_fts(obstacles_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO obstacles_fts(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "INSERT INTO obstacles_fts(obstacles_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS obstacles_fts_ai",
    "DROP TRIGGER IF EXISTS obstacles_fts_ad",
    "DROP TRIGGER IF EXISTS obstacles_fts_au",
    "DROP TABLE IF EXISTS obstacles_fts",
]
PG_CREATE = [
    "ALTER TABLE obstacles_obstacle ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_terms)) STORED",
    "CREATE INDEX obstacles_search_vector ON obstacles_obstacle USING gin (search_vector)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS obstacles_search_vector",
    "ALTER TABLE obstacles_obstacle DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("obstacles", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": PG_DROP}),
        )
    ]
