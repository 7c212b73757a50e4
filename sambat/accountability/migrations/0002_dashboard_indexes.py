"""Indexes for the leaders' dashboard (sambat/accountability/dashboard.py) on the complaint table.

Each lets one dashboard query read only the recent rows, from the index alone (no table rows), so its cost
follows the last weeks' complaints and not the city's whole history. Plain SQL that SQLite and PostgreSQL both
accept; the complaint model's state is unchanged (these are not model indexes of the complaints app).
"""

from django.db import migrations

TABLE = "complaints_complaint"
OPEN = "'received', 'triage', 'assigned', 'in_progress'"

INDEXES = {
    # Finished per week: resolved, or closed without a resolution (rejected, merged).
    "complaint_finished_at_idx": "(COALESCE(resolved_at, closed_at), resolved_at, closed_at)",
    # Response-time trend: first responses of the last weeks and the assignment they answer.
    "complaint_first_response_idx": "(first_response_at, assigned_at) WHERE first_response_at IS NOT NULL",
    # Complaints per kelurahan and per category over the last 90 days.
    "complaint_created_area_cat_idx": "(created_at, area_id, category_id)",
    # Overdue by department: the open complaints that can be late, with their deadlines.
    "complaint_overdue_dept_idx": (
        f"(status, department_id, respond_due_at, resolve_due_at, verify_due_at) WHERE status IN ({OPEN})"
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0001_initial"),
        ("complaints", "0005_ladder_event_types"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX {name} ON {TABLE} {definition}",
            reverse_sql=f"DROP INDEX {name}",
        )
        for name, definition in INDEXES.items()
    ]
