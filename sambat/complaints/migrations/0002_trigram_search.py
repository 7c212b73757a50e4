"""Trigram indexes for the "contains" searches of the public board and the inbox (PostgreSQL only).

Django's icontains becomes `UPPER(column) LIKE UPPER('%word%')` on PostgreSQL; a GIN trigram index on
UPPER(column) answers it without reading every complaint. pg_trgm ships with PostgreSQL; where the role may
not create extensions the search still works, only slower, and the migration says so instead of failing.
SQLite has no such index and needs none at its scale.
"""

import logging

from django.db import migrations, transaction
from django.db.utils import DatabaseError

logger = logging.getLogger(__name__)

INDEXES = {
    "complaint_text_trgm_idx": "text",
    "complaint_title_trgm_idx": "title",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning("pg_trgm is not available: complaint text search works without its index, but slower")
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON complaints_complaint USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
