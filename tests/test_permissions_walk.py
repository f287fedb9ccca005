"""Walk every URL the project has as the public, as another body's staff, and as the
body's own roles; prove drafts, unpublished rounds and other bodies' staff pages never
reach the wrong person. A new URL fails `test_every_url_is_walked` until it is added here."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openpcc.plans.models import Update
from tests.factories import DRAFT_MARKER, EXEMPT_MARKER, OTHER_BODY_MARKER, PRIVATE_MARKER, actor

pytestmark = pytest.mark.django_db

ANON, OTHER, PANEL, EDITOR, APPROVER = "anonymous", "other_editor", "panel_member", "editor", "approver"
PUBLIC = {ANON: 200, OTHER: 200, PANEL: 200, EDITOR: 200, APPROVER: 200}
EDIT_PAGE = {ANON: 302, OTHER: 403, PANEL: 403, EDITOR: 200, APPROVER: 200}
APPROVE_PAGE = {ANON: 302, OTHER: 403, PANEL: 403, EDITOR: 403, APPROVER: 200}
APPROVE_POST_ONLY = {ANON: 302, OTHER: 403, PANEL: 403, EDITOR: 403, APPROVER: 405}
STAFF_PAGE = {ANON: 302, OTHER: 403, PANEL: 200, EDITOR: 200, APPROVER: 200}
SIGNED_IN = {ANON: 302, OTHER: 200, PANEL: 200, EDITOR: 200, APPROVER: 200}
NOT_FOUND = dict.fromkeys(PUBLIC, 404)
MEETING_POST_ONLY = {ANON: 302, OTHER: 403, PANEL: 403, EDITOR: 405, APPROVER: 405}
OWN_STAFF_404 = {ANON: 302, OTHER: 403, PANEL: 404, EDITOR: 404, APPROVER: 404}
IMPORT_404 = {ANON: 302, OTHER: 403, PANEL: 403, EDITOR: 404, APPROVER: 404}
ADMIN = dict.fromkeys(PUBLIC, 302)  # none of these users is a system administrator


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


IMPORTED = f"""Minutes of the meeting of the Business Coordination Board held on 3 June 2019 at Headquarters
Present: Councillor Ann Example (Chair) and Councillor Bob Example
4.1 Internal audit {DRAFT_MARKER}
The committee received the report.
"""


def _imports(w):
    """A batch at this body (proposals are working material: staff only) and one at another."""
    from openpcc.imports import reading, services
    from openpcc.imports.models import ImportBatch

    batch = ImportBatch.objects.filter(body=w.body).first()
    if batch is None:
        batch = reading.batch_run(
            batch=services.batch_create(
                body=w.body, files=[("m.txt", IMPORTED.encode())], source_name="m.txt", user=actor()
            ),
            user=actor(),
        )
        reading.batch_run(
            batch=services.batch_create(
                body=w.other,
                files=[("o.txt", IMPORTED.replace(DRAFT_MARKER, OTHER_BODY_MARKER).encode())],
                source_name="o.txt",
                user=actor(),
            ),
            user=actor(),
        )
    other = ImportBatch.objects.get(body=w.other)
    return batch, other


def cases(w):
    b, plan, op, pr = w.body.slug, w.plan.slug, w.open_round.slug, w.published_round.slug
    update = Update.objects.get(round=w.open_round, activity__code="V1.1")
    other_plan = w.other_plan.slug
    return [
        ("public:home", [], PUBLIC),
        ("public:accessibility", [], PUBLIC),
        ("public:search", [], PUBLIC),
        ("public:healthz", [], PUBLIC),
        ("public:brand_css", ["1d4f91"], PUBLIC),
        ("public:body_home", [b], PUBLIC),
        ("plans:plan", [b], PUBLIC),
        ("plans:plan_csv", [b], PUBLIC),
        ("plans:plan_json", [b], PUBLIC),
        ("plans:priority", [b, "V1"], PUBLIC),
        ("plans:rounds", [b], PUBLIC),
        ("plans:round", [b, pr], PUBLIC),
        ("plans:round", [b, op], NOT_FOUND),  # not yet published
        ("login", [], {**PUBLIC, OTHER: 302, PANEL: 302, EDITOR: 302, APPROVER: 302}),
        ("logout", [], dict.fromkeys(PUBLIC, 405)),  # POST only
        ("admin:index", [], ADMIN),
        ("staff:dashboard", [], SIGNED_IN),
        ("staff:history", [b, "plans.priority", w.plan.priorities.first().pk], STAFF_PAGE),
        ("staff:history", [b, "plans.update", update.pk], STAFF_PAGE),
        ("staff:history", [b, "plans.reportinground", w.open_round.pk], STAFF_PAGE),
        # Another body's record through this body's address is not found, even for this body's staff.
        ("staff:history", [b, "plans.plan", w.other_plan.pk], {**STAFF_PAGE, PANEL: 404, EDITOR: 404, APPROVER: 404}),
        ("plans_staff:index", [b], EDIT_PAGE),
        ("plans_staff:plan_publish", [b, w.draft_plan.slug], APPROVE_POST_ONLY),
        ("plans_staff:round_create", [b, plan], EDIT_PAGE),
        ("plans_staff:plan_settings", [b, plan], EDIT_PAGE),
        ("plans_staff:plan_settings", [b, other_plan], {**EDIT_PAGE, EDITOR: 404, APPROVER: 404}),
        ("plans_staff:round", [b, plan, op], EDIT_PAGE),
        ("plans_staff:round", [b, other_plan, "2017-18-q1"], {**EDIT_PAGE, EDITOR: 404, APPROVER: 404}),
        ("plans_staff:round_publish", [b, plan, op], EDIT_PAGE),  # the review; publishing (POST) is the approver's
        ("plans_staff:round_publish", [b, plan, pr], EDIT_PAGE),
        ("plans_staff:round_close", [b, plan, op], APPROVE_POST_ONLY),
        ("plans_staff:round_reopen", [b, plan, op], APPROVE_POST_ONLY),
        ("plans_staff:update", [b, plan, op, "V1.1"], EDIT_PAGE),
        ("plans_staff:update", [b, plan, pr, "V1.1"], EDIT_PAGE),  # read-only: the round is published
        ("plans_staff:priorities", [b, plan], EDIT_PAGE),
        ("plans_staff:priority_create", [b, plan], EDIT_PAGE),
        ("plans_staff:priority_edit", [b, plan, "V1"], EDIT_PAGE),
        *meeting_cases(w),
        *pack_cases(w),
        *decision_cases(w),
        *import_cases(w),
        *funding_cases(w),
        *spending_cases(w),
        ("boardpapers_staff:generate", [b], EDIT_PAGE),
        *boardpaper_cases(w),
        ("boardpapers_staff:style", [b], PANEL_STAFF_ONLY),  # the body's administrators only
        ("boardpapers_staff:style_css", [b], EDIT_PAGE),
    ]


def boardpaper_cases(w):
    """Generated papers kept at this body (with a public and with a private report), one at another."""
    from openpcc.boardpapers.models import GeneratedPaper

    b = w.body.slug
    kept = _generated_paper(w.body, w.meetings.committee, w.meetings.report)
    _generated_paper(w.body, w.meetings.committee, w.meetings.private_report, private=True)
    other_item = w.meetings.other_meeting.items.get()
    other = GeneratedPaper.objects.filter(body=w.other).first() or _generated_paper(
        w.other, other_item.meeting.committee, other_item
    )
    return [
        ("boardpapers_staff:save", [b], MEETING_POST_ONLY),
        ("boardpapers_staff:saved", [b], EDIT_PAGE),
        ("boardpapers_staff:versions", [b, kept.pk], EDIT_PAGE),
        ("boardpapers_staff:versions", [b, other.pk], {**EDIT_PAGE, EDITOR: 404, APPROVER: 404}),
    ]


def _generated_paper(body, committee, parent, private=False):
    from datetime import date

    from openpcc.boardpapers.selectors import generated_paper_latest, paper_build
    from openpcc.boardpapers.services import generated_paper_save

    found = generated_paper_latest(parent=parent, kind="action-log")
    if found is not None:
        return found
    values = {"committee": str(committee.pk)}
    frame = {"date": date(2017, 9, 21), "classification": "OFFICIAL"}
    paper = paper_build(body=body, user=actor(), key="action-log", values=values, frame=frame, private=private)
    return generated_paper_save(body=body, paper=paper, parameters=values, parent=parent, user=actor()).version


PANEL_STAFF_ONLY = {ANON: 302, OTHER: 403, PANEL: 403, EDITOR: 403, APPROVER: 403}


def import_cases(w):
    b = w.body.slug
    batch, other_batch = _imports(w)
    row, other_row = batch.files.get(), other_batch.files.get()
    proposal, other_proposal = row.proposals.first(), other_row.proposals.first()
    return [
        ("imports_staff:index", [b], EDIT_PAGE),
        ("imports_staff:batch", [b, batch.pk], EDIT_PAGE),
        ("imports_staff:batch", [b, other_batch.pk], IMPORT_404),
        ("imports_staff:file", [b, row.pk], EDIT_PAGE),
        ("imports_staff:file", [b, other_row.pk], IMPORT_404),
        ("imports_staff:proposal", [b, proposal.pk], EDIT_PAGE),
        ("imports_staff:proposal", [b, other_proposal.pk], IMPORT_404),
        ("imports_staff:meeting_all", [b, row.proposals.get(kind="meeting").pk], EDIT_PAGE),
        ("imports_staff:meeting_all", [b, other_row.proposals.get(kind="meeting").pk], IMPORT_404),
    ]


def _spending(w):
    """Spending at the body (a published month, an imported one, an upload awaiting its mapping)
    and an unpublished month at the other body: made once per world."""
    from tests.factories import spending_make

    if getattr(w, "_spending", None) is None:
        w._spending = spending_make(w.body, w.other)
    return w._spending


def spending_cases(w):
    b, s = w.body.slug, _spending(w)
    april, may = s.published.url_args, s.draft.url_args
    return [
        ("spending:list", [b], PUBLIC),
        ("spending:json", [b], PUBLIC),
        ("spending:month", [b, *april], PUBLIC),
        ("spending:month_csv", [b, *april], PUBLIC),
        ("spending:month_json", [b, *april], PUBLIC),
        ("spending:month", [b, *may], NOT_FOUND),  # imported, not published
        ("spending:month_csv", [b, *may], NOT_FOUND),
        ("spending:month_json", [b, *may], NOT_FOUND),
        ("spending:month", [w.other.slug, *april], NOT_FOUND),
        ("spending:month", [b, "2020", "13"], NOT_FOUND),
        ("spending_staff:index", [b], EDIT_PAGE),
        ("spending_staff:upload", [b], EDIT_PAGE),
        ("spending_staff:mapping", [b, s.token], EDIT_PAGE),
        ("spending_staff:mapping", [b, "0" * 32], {**EDIT_PAGE, EDITOR: 404, APPROVER: 404}),
        ("spending_staff:file", [b, s.draft.pk], EDIT_PAGE),
        ("spending_staff:file", [b, s.other.pk], {**EDIT_PAGE, EDITOR: 404, APPROVER: 404}),
        ("spending_staff:publish", [b, s.draft.pk], APPROVE_POST_ONLY),
        ("spending_staff:unpublish", [b, s.published.pk], APPROVE_POST_ONLY),
        ("spending_staff:remove", [b, s.draft.pk], MEETING_POST_ONLY),
        ("staff:history", [b, "spending.spendingfile", s.published.pk], STAFF_PAGE),
    ]


def _funding(w):
    """Funds, grants (published, to an individual, awarded but unpublished, draft), services and
    bids at the body, and a published grant at the other body: made once per world."""
    from tests.factories import funding_make

    if getattr(w, "_funding", None) is None:
        w._funding = funding_make(w.body, w.other, w.plan)
    return w._funding


def funding_cases(w):
    b, f = w.body.slug, _funding(w)
    return [
        ("funding:list", [b], PUBLIC),
        ("funding:csv", [b], PUBLIC),
        ("funding:json", [b], PUBLIC),
        ("funding:detail", [b, f.published.pk], PUBLIC),
        ("funding:detail", [b, f.to_individual.pk], PUBLIC),  # "an individual", never the name
        ("funding:detail", [b, f.awarded.pk], NOT_FOUND),  # awarded, not yet published
        ("funding:detail", [b, f.draft.pk], NOT_FOUND),
        ("funding:detail", [b, f.other_grant.pk], NOT_FOUND),  # another body's, through this body's address
        ("funding:bids", [b], PUBLIC),
        ("funding:bids_csv", [b], PUBLIC),
        ("funding:bids_json", [b], PUBLIC),
        ("funding:services", [b], PUBLIC),
        ("funding:services_csv", [b], PUBLIC),
        ("funding:services_json", [b], PUBLIC),
        ("funding:giving360_json", [b], PUBLIC),  # no individual's name (test_giving360)
        ("funding:giving360_xlsx", [b], PUBLIC),
        ("plans:priority", [b, "V1"], PUBLIC),  # lists the grant and the service that serve it
        ("funding_staff:index", [b], EDIT_PAGE),
        ("funding_staff:fund_create", [b], EDIT_PAGE),
        ("funding_staff:fund_edit", [b, f.fund.pk], EDIT_PAGE),
        ("funding_staff:recipient_create", [b], EDIT_PAGE),
        ("funding_staff:recipient_edit", [b, f.individual.pk], EDIT_PAGE),
        ("funding_staff:recipient_edit", [b, f.other_grant.recipient_id], {**EDIT_PAGE, EDITOR: 404, APPROVER: 404}),
        ("funding_staff:grant_create", [b], EDIT_PAGE),
        ("funding_staff:grant", [b, f.draft.pk], EDIT_PAGE),
        ("funding_staff:grant", [b, f.other_grant.pk], {**EDIT_PAGE, EDITOR: 404, APPROVER: 404}),
        ("funding_staff:grant_edit", [b, f.draft.pk], EDIT_PAGE),
        ("funding_staff:grant_award", [b, f.draft.pk], MEETING_POST_ONLY),
        ("funding_staff:grant_close", [b, f.published.pk], MEETING_POST_ONLY),
        ("funding_staff:grant_publish", [b, f.awarded.pk], APPROVE_POST_ONLY),
        ("funding_staff:grant_vary", [b, f.published.pk], EDIT_PAGE),
        ("funding_staff:payment_create", [b, f.published.pk], EDIT_PAGE),
        ("funding_staff:service_create", [b], EDIT_PAGE),
        ("funding_staff:service_edit", [b, f.draft_service.pk], EDIT_PAGE),
        ("funding_staff:service_publish", [b, f.draft_service.pk], APPROVE_POST_ONLY),
        ("funding_staff:grant_returns", [b, f.published.pk], EDIT_PAGE),
        ("funding_staff:grant_returns", [b, f.other_grant.pk], {**EDIT_PAGE, EDITOR: 404, APPROVER: 404}),
        ("funding_staff:grant_monitoring", [b, f.published.pk], EDIT_PAGE),
        ("funding_staff:grant_return_record", [b, f.published.pk], EDIT_PAGE),
        ("funding_staff:service_returns", [b, f.service.pk], EDIT_PAGE),
        ("funding_staff:service_monitoring", [b, f.service.pk], EDIT_PAGE),
        ("funding_staff:service_return_record", [b, f.service.pk], EDIT_PAGE),
        ("funding_staff:appendix", [b], EDIT_PAGE),
        ("funding_staff:appendix_docx", [b], EDIT_PAGE),
        ("funding_staff:bid_create", [b], EDIT_PAGE),
        ("funding_staff:bid_edit", [b, f.draft_bid.pk], EDIT_PAGE),
        ("funding_staff:bid_publish", [b, f.draft_bid.pk], APPROVE_POST_ONLY),
        ("documents_staff:upload", [b, "grant", f.published.pk], EDIT_PAGE),
        ("staff:history", [b, "funding.grant", f.published.pk], STAFF_PAGE),
    ]


def decision_cases(w):
    b, d = w.body.slug, w.decisions
    panel = d.panel.slug
    return [
        ("decisions:list", [b], PUBLIC),
        ("decisions:csv", [b], PUBLIC),
        ("decisions:json", [b], PUBLIC),
        ("decisions:feed", [b], PUBLIC),
        ("decisions:detail", [b, d.published.reference_slug], PUBLIC),
        ("decisions:detail", [b, d.signed.reference_slug], NOT_FOUND),  # signed, not yet published
        ("decisions_staff:index", [b], EDIT_PAGE),
        ("decisions_staff:create", [b], EDIT_PAGE),
        ("decisions_staff:forward", [b], EDIT_PAGE),
        ("decisions_staff:scheme", [b], APPROVE_PAGE),
        ("decisions_staff:detail", [b, d.draft.pk], EDIT_PAGE),
        ("decisions_staff:edit", [b, d.draft.pk], EDIT_PAGE),
        ("decisions_staff:sign", [b, d.draft.pk], APPROVE_POST_ONLY),
        ("decisions_staff:publish", [b, d.signed.pk], APPROVE_POST_ONLY),
        ("decisions_staff:notify", [panel, d.panel_meeting.pk], PANEL_STAFF_ONLY),
        ("decisions_staff:respond", [panel, d.notification.pk], PANEL_STAFF_ONLY),
        ("public:body_home", [panel], PUBLIC),
        ("meetings:detail", [panel, d.panel_meeting.pk], PUBLIC),
        ("staff:history", [b, "decisions.decision", d.draft.pk], STAFF_PAGE),
    ]


def meeting_cases(w):
    b, m = w.body.slug, w.meetings
    held, item = m.held.pk, m.report.agenda_item_id
    return [
        ("meetings:list", [b], PUBLIC),
        ("meetings:ics", [b], PUBLIC),
        ("meetings:csv", [b], PUBLIC),
        ("meetings:json", [b], PUBLIC),
        ("meetings:meeting_ics", [b, held], PUBLIC),
        ("meetings:meeting_ics", [b, m.upcoming.pk], PUBLIC),  # its draft agenda item never named
        ("meetings:meeting_ics", [b, m.private.pk], PUBLIC),
        ("meetings:meeting_ics", [b, m.other_meeting.pk], NOT_FOUND),
        ("meetings:actions_csv", [b], PUBLIC),
        ("meetings:actions_json", [b], PUBLIC),
        ("public:body_feed", [b], PUBLIC),
        ("meetings:detail", [b, held], PUBLIC),
        ("meetings:detail", [b, m.private.pk], PUBLIC),  # listed, with its reason, never its papers
        ("meetings:detail", [b, m.upcoming.pk], PUBLIC),
        ("meetings:detail", [b, m.other_meeting.pk], NOT_FOUND),
        ("meetings:committee", [b, m.committee.slug], PUBLIC),
        ("meetings:report", [b, m.report.pk], PUBLIC),
        ("meetings:report", [b, m.exempt_report.pk], NOT_FOUND),
        ("meetings:report", [b, m.private_report.pk], NOT_FOUND),
        ("documents:list", [b], PUBLIC),
        ("documents:detail", [b, m.public_file.pk], PUBLIC),
        ("documents:file", [b, m.public_file.pk, m.public_file.download_name], PUBLIC),
        ("documents:file_redirect", [b, m.public_file.pk], dict.fromkeys(PUBLIC, 301)),
        ("documents:detail", [b, m.private_file.pk], NOT_FOUND),
        ("documents:file", [b, m.private_file.pk, m.private_file.download_name], NOT_FOUND),
        ("documents:file_redirect", [b, m.private_file.pk], NOT_FOUND),
        ("documents_staff:detail", [b, m.private_file.pk], STAFF_PAGE),
        ("documents_staff:file", [b, m.private_file.pk], STAFF_PAGE),
        (
            "documents_staff:reextract",
            [b, m.private_file.pk],
            {ANON: 302, OTHER: 403, PANEL: 403, EDITOR: 405, APPROVER: 405},
        ),
        ("documents_staff:upload", [b, "report", m.report.pk], EDIT_PAGE),
        ("meetings:actions", [b], PUBLIC),
        ("meetings:work_programme", [b], PUBLIC),
        ("meetings_staff:index", [b], STAFF_PAGE),
        ("meetings_staff:committee_create", [b], EDIT_PAGE),
        ("meetings_staff:committee", [b, m.committee.slug], STAFF_PAGE),
        ("meetings_staff:meeting_create", [b], EDIT_PAGE),
        ("meetings_staff:actions", [b], STAFF_PAGE),
        ("meetings_staff:action", [b, m.action.pk], STAFF_PAGE),
        ("meetings_staff:meeting", [b, m.private.pk], STAFF_PAGE),
        ("meetings_staff:meeting", [b, held], STAFF_PAGE),
        ("meetings_staff:meeting", [b, m.other_meeting.pk], OWN_STAFF_404),
        ("meetings_staff:meeting_edit", [b, held], EDIT_PAGE),
        ("meetings_staff:publish_agenda", [b, m.upcoming.pk], MEETING_POST_ONLY),
        ("meetings_staff:publish_minutes", [b, held], MEETING_POST_ONLY),
        ("meetings_staff:approve_minutes", [b, held], MEETING_POST_ONLY),
        ("meetings_staff:cancel", [b, m.upcoming.pk], MEETING_POST_ONLY),
        ("meetings_staff:attendance", [b, held], EDIT_PAGE),
        ("meetings_staff:action_create", [b, held], EDIT_PAGE),
        ("meetings_staff:item_create", [b, held], EDIT_PAGE),
        ("meetings_staff:item_edit", [b, held, item], EDIT_PAGE),
        ("meetings_staff:report_edit", [b, held, item], EDIT_PAGE),
        ("meetings_staff:minutes", [b, held, item], EDIT_PAGE),
        ("meetings_staff:member", [b, m.committee.slug, m.committee.members.first().pk], EDIT_PAGE),
        ("meetings_staff:work_item", [b, m.committee.work_programme.first().pk], EDIT_PAGE),
        ("staff:history", [b, "meetings.meeting", held], STAFF_PAGE),
    ]


def pack_cases(w):
    """A meeting's agenda pack (built once, in the background task, inline here)."""
    from openpcc.meetings.models import AgendaPack
    from openpcc.meetings.services import agenda_pack_request

    b, m = w.body.slug, w.meetings
    if not AgendaPack.objects.filter(meeting=m.held).exists():
        agenda_pack_request(meeting=m.held, user=actor())
    held = m.held.pk
    return [
        ("meetings:pack_file", [b, held, 1], PUBLIC),
        ("meetings:pack_file", [b, held, 2], NOT_FOUND),
        ("meetings:pack_file", [b, m.private.pk, 1], NOT_FOUND),
        ("meetings_staff:pack", [b, held], STAFF_PAGE),
        ("meetings_staff:pack", [b, m.private.pk], STAFF_PAGE),
        ("meetings_staff:pack", [b, m.other_meeting.pk], OWN_STAFF_404),
        ("meetings_staff:pack_build", [b, held], MEETING_POST_ONLY),
        ("meetings_staff:pack_file", [b, held, 1], STAFF_PAGE),
        ("meetings_staff:pack_file", [b, m.other_meeting.pk, 1], OWN_STAFF_404),
    ]


def test_every_url_is_walked(world):
    walked = {name for name, _, _ in cases(world)}
    every = {n for n in _names(get_resolver().url_patterns) if not n.startswith("admin:")} | {"admin:index"}
    assert every - walked == set(), "URLs missing from the permissions walk"


def _text(response) -> str:
    """A response's text for the leak checks: a spreadsheet (.xlsx) or a Word document (.docx) is
    the text of its XML parts (a .docx also holds a thumbnail image, which is not text)."""
    if getattr(response, "streaming", False):
        return ""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return "".join(book.read(n).decode() for n in book.namelist() if n.endswith((".xml", ".rels")))
    return response.content.decode()


@pytest.mark.parametrize("who", [ANON, OTHER, PANEL, EDITOR, APPROVER])
def test_walk(client, world, who):
    users = {OTHER: world.other_editor, PANEL: world.panel_member, EDITOR: world.editor, APPROVER: world.approver}
    if who != ANON:
        client.force_login(users[who])
    failures = []
    for name, args, expected in cases(world):
        url = reverse(name, args=args)
        response = client.get(url)
        if response.status_code != expected[who]:
            failures.append(f"{url}: {response.status_code}, expected {expected[who]}")
            continue
        namespace = name.split(":")[0]
        staff_page = namespace == "staff" or namespace.endswith("_staff")
        if response.status_code == 302 and expected[who] == 302 and staff_page:
            assert "/accounts/login/" in response["Location"]
        content = _text(response)
        if OTHER_BODY_MARKER in content:
            failures.append(f"{url}: shows another body's data to {who}")
        for marker in (DRAFT_MARKER, EXEMPT_MARKER, PRIVATE_MARKER):
            if not staff_page and marker in content:
                failures.append(f"{url}: public page shows unpublished, exempt or private text to {who}")
            if who in (ANON, OTHER) and marker in content:
                failures.append(f"{url}: shows unpublished, exempt or private text to {who}")
        if who == PANEL and DRAFT_MARKER in content and name.startswith("plans_staff"):
            failures.append(f"{url}: shows draft plan text to a panel member")
    assert not failures, "\n".join(failures)


def test_other_body_staff_cannot_write(client, world):
    """Posting to another body's staff pages is refused and changes nothing."""
    client.force_login(world.other_editor)
    b, plan, op = world.body.slug, world.plan.slug, world.open_round.slug
    before = Update.objects.get(round=world.open_round, activity__code="V1.1")
    r = client.post(
        reverse("plans_staff:update", args=[b, plan, op, "V1.1"]),
        {"status": "green", "narrative": "hijack", "version": before.version},
    )
    assert r.status_code == 403
    assert client.post(reverse("plans_staff:round_publish", args=[b, plan, op])).status_code == 403
    assert client.post(reverse("plans_staff:plan_publish", args=[b, world.draft_plan.slug])).status_code == 403
    world.open_round.refresh_from_db()
    world.draft_plan.refresh_from_db()
    assert not world.open_round.is_published and not world.draft_plan.is_published
    assert Update.objects.get(pk=before.pk).narrative == DRAFT_MARKER
    # nor can they accept, correct or reject this body's import proposals, or import into it
    batch, _ = _imports(world)
    proposal = batch.files.get().proposals.get(kind="meeting")
    url = reverse("imports_staff:proposal", args=[b, proposal.pk])
    for action in ("accept", "save", "reject"):
        assert client.post(url, {"version": proposal.version, "action": action, "committee": "x"}).status_code == 403
    assert client.post(reverse("imports_staff:index", args=[b]), {"file": "x"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "pending" and proposal.version == 1


def test_editor_cannot_publish(client, world):
    client.force_login(world.editor)
    b, plan, op = world.body.slug, world.plan.slug, world.open_round.slug
    assert client.post(reverse("plans_staff:round_publish", args=[b, plan, op])).status_code == 403
    world.open_round.refresh_from_db()
    assert not world.open_round.is_published


@pytest.mark.parametrize("who", [ANON, OTHER, EDITOR])
def test_search_never_finds_unpublished_exempt_or_private_text(client, world, who):
    users = {OTHER: world.other_editor, EDITOR: world.editor}
    if who != ANON:
        client.force_login(users[who])
    for marker in (DRAFT_MARKER, EXEMPT_MARKER, PRIVATE_MARKER, OTHER_BODY_MARKER):
        for body in ("", world.body.slug, world.other.slug):
            page = client.get(reverse("public:search"), {"q": marker, "body": body}).content.decode()
            results = page.split('aria-label="Results"')[-1]
            assert "0 results" in page and marker not in results, (marker, body, who)
