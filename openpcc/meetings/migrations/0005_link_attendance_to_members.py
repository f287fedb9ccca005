"""Link attendance recorded from minutes (the demo, the archive importer, rows added one by one)
to the committee members it names, as ``attendance_add`` now does: a row to the member current
on the meeting's date whose name it is, and a substitute's "for" to the member replaced, when
exactly one member fits (``meetings.names.match_name``). Rows that fit nobody are left as they
are; the roster shows them as recorded."""

from django.db import migrations
from django.db.models import Q

from openpcc.meetings.names import match_name

MEMBER_KINDS = ("present", "apologies", "absent", "substitute")


def link(apps, schema_editor):
    Attendance = apps.get_model("meetings", "Attendance")
    CommitteeMember = apps.get_model("meetings", "CommitteeMember")
    wanted = Q(member__isnull=True, kind__in=MEMBER_KINDS) | Q(
        kind="substitute", substitute_for_member__isnull=True
    ) & ~Q(substitute_for="")
    meeting_ids = sorted(set(Attendance.objects.filter(wanted).values_list("meeting_id", flat=True)))
    for meeting_id in meeting_ids:
        rows = list(Attendance.objects.filter(meeting_id=meeting_id).select_related("meeting").order_by("id"))
        meeting = rows[0].meeting
        members = list(
            CommitteeMember.objects.filter(committee_id=meeting.committee_id)
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=meeting.date))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=meeting.date))
            .select_related("person")
        )
        if not members:
            continue
        taken = {r.member_id for r in rows if r.member_id}
        for row in rows:
            changed = []
            if row.member_id is None and row.kind in MEMBER_KINDS:
                free = [m for m in members if m.pk not in taken]
                pk = match_name(row.name, [(m.pk, m.person.name) for m in free])
                if pk is not None:
                    member = next(m for m in free if m.pk == pk)
                    row.member_id, row.person_id = member.pk, member.person_id
                    taken.add(member.pk)
                    changed += ["member", "person"]
            if row.kind == "substitute" and row.substitute_for and row.substitute_for_member_id is None:
                others = [m for m in members if m.pk != row.member_id]
                pk = match_name(row.substitute_for, [(m.pk, m.person.name) for m in others])
                if pk is not None:
                    row.substitute_for_member_id = pk
                    changed.append("substitute_for_member")
            if changed:
                row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_meeting_declarations_recorded_at"),
    ]

    operations = [
        migrations.RunPython(link, migrations.RunPython.noop),
    ]
