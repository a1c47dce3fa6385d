"""On PostgreSQL, keep observation blocks with lz4 (fast) instead of the default pglz TOAST compression.

Blocks are large text values; pglz compresses them at a fraction of the speed of the rest of an import.
lz4 needs PostgreSQL 14 built with lz4 (Debian's is); otherwise the values are stored uncompressed.
"""

from django.db import migrations


def storage(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        version = int(cursor.fetchone()[0])
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        has_lz4 = cursor.fetchone() is not None
    if version >= 140000 and has_lz4:
        schema_editor.execute("ALTER TABLE insights_seriesblock ALTER COLUMN body SET COMPRESSION lz4")
    else:
        schema_editor.execute("ALTER TABLE insights_seriesblock ALTER COLUMN body SET STORAGE EXTERNAL")


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(storage, migrations.RunPython.noop)]
