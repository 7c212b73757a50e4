"""A covering index for the two-monthly evaluation (sambat/accountability/evaluation.py), PostgreSQL only.

The evaluation groups a period's complaints by department and reads nine columns of each: with those columns in
the index, PostgreSQL reads the period's index entries and never the table (whose rows carry the complaint
texts), which makes the evaluation of a million-complaint city several times faster. Built CONCURRENTLY, so
creating it on a live database does not block new complaints. SQLite (small, local data) gets no index; the
complaint model's state is unchanged.
"""

from django.db import migrations

NAME = "complaint_evaluation_idx"
CREATE = (
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON complaints_complaint (created_at) "
    "INCLUDE (department_id, status, assigned_at, first_response_at, respond_due_at, resolved_at, resolve_due_at, "
    "rating, reopen_count) WHERE department_id IS NOT NULL"
)
DROP = f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}"


def _on_postgresql(sql: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accountability", "0002_dashboard_indexes"),
    ]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False)]
