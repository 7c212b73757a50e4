import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F

AUTOMATIC = ["rule", "category", "area", "model"]
CORRECTIONS = ["reassigned", "returned"]


def backfill(apps, schema_editor):
    """Complaints routed before these columns existed: how the system routed them, and when staff corrected it.

    Only complaints that were later moved or returned need their events read; the rest still carry their
    automatic routing source.
    """
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    Complaint.objects.filter(routing_source__in=AUTOMATIC).update(auto_routing_source=F("routing_source"))
    corrected_ids = ComplaintEvent.objects.filter(event_type__in=CORRECTIONS).values("complaint_id")
    rows = (
        ComplaintEvent.objects.filter(complaint_id__in=corrected_ids, event_type__in=["routed", *CORRECTIONS])
        .order_by("complaint_id", "created_at", "id")
        .values_list("complaint_id", "event_type", "created_at", "data")
    )
    state = {}
    for complaint_id, event_type, created_at, data in rows.iterator(chunk_size=2000):
        source, corrected_at = state.get(complaint_id, ("", None))
        if event_type == "routed" and not source:
            given = data.get("source") if isinstance(data, dict) else None
            source = given if given in AUTOMATIC else "category"
        elif event_type != "routed" and source and corrected_at is None:
            corrected_at = created_at
        state[complaint_id] = (source, corrected_at)
    changed = [
        Complaint(id=complaint_id, auto_routing_source=source, routing_corrected_at=corrected_at)
        for complaint_id, (source, corrected_at) in state.items()
        if source
    ]
    Complaint.objects.bulk_update(changed, ["auto_routing_source", "routing_corrected_at"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0003_intake_key'),
        ('routing', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='complaint',
            name='auto_routing_source',
            field=models.CharField(blank=True, choices=[('rule', 'Routing rule'), ('category', 'Category default'), ('area', 'Area office'), ('model', 'Text classifier'), ('manual', 'Staff decision')], max_length=16, verbose_name='routed on arrival by'),
        ),
        migrations.AddField(
            model_name='complaint',
            name='routing_corrected_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='automatic routing corrected at'),
        ),
        migrations.AddField(
            model_name='complaint',
            name='routing_rule',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='routed_complaints', to='routing.routingrule', verbose_name='routing rule'),
        ),
        migrations.AddIndex(
            model_name='complaint',
            index=models.Index(fields=['created_at', 'auto_routing_source', 'routing_corrected_at'], name='complaint_routing_idx'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
