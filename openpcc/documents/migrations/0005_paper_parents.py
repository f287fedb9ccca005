"""Papers attach to any registered kind of record (core.registry) through a generic relation,
instead of four foreign keys that named each kind; existing papers keep their parent."""

import django.db.models.deletion
from django.db import migrations, models

PARENTS = {"report": ("meetings", "report"), "agenda_item": ("meetings", "agendaitem"),
           "meeting": ("meetings", "meeting"), "decision": ("decisions", "decision")}  # fmt: skip


def to_generic(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for field, (app_label, model) in PARENTS.items():
        parent_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for doc in Document.objects.filter(**{f"{field}__isnull": False}).only("pk", f"{field}_id"):
            Document.objects.filter(pk=doc.pk).update(parent_type=parent_type, parent_id=getattr(doc, f"{field}_id"))


def to_foreign_keys(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for field, (app_label, model) in PARENTS.items():
        parent_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if parent_type is not None:
            for doc in Document.objects.filter(parent_type=parent_type).only("pk", "parent_id"):
                Document.objects.filter(pk=doc.pk).update(**{f"{field}_id": doc.parent_id})


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0004_text_truncated"),
        ("meetings", "0002_delete_reportfile"),
        ("decisions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="parent_type",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
            ),
        ),
        migrations.AddField(model_name="document", name="parent_id", field=models.PositiveBigIntegerField(null=True)),
        # the constraint goes first, so that going back it returns only once the keys are filled again
        migrations.RemoveConstraint(model_name="document", name="document_attached_to_exactly_one_record"),
        migrations.RunPython(to_generic, to_foreign_keys),
        migrations.RemoveField(model_name="document", name="agenda_item"),
        migrations.RemoveField(model_name="document", name="decision"),
        migrations.RemoveField(model_name="document", name="meeting"),
        migrations.RemoveField(model_name="document", name="report"),
        migrations.AlterField(
            model_name="document",
            name="parent_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
            ),
        ),
        migrations.AlterField(model_name="document", name="parent_id", field=models.PositiveBigIntegerField()),
        migrations.AddIndex(
            model_name="document", index=models.Index(fields=["parent_type", "parent_id"], name="document_parent")
        ),
    ]
