"""Load the demo data set through the services (so the demo proves the write paths).

Facts come from the seed papers (see openpcc/demo/data/*.json); narratives are summaries."""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from openpcc.bodies import services as bodies
from openpcc.bodies.models import Appointment, Organisation
from openpcc.core import services as core_services
from openpcc.core.models import Body, Role, User
from openpcc.core.permissions import system_actor
from openpcc.demo import decisions_demo, funding_demo, meetings_demo, papers_demo, spending_demo
from openpcc.plans import services as plans
from openpcc.search import index as search_index

DATA = Path(__file__).resolve().parents[2] / "data"
LONDON = ZoneInfo("Europe/London")
DEMO_PASSWORD = "openpcc-demo"

DEMO_BODIES = [
    {
        "slug": "cambridgeshire-pcc",
        "name": "Cambridgeshire and Peterborough Police and Crime Commissioner",
        "short_name": "Cambridgeshire PCC",
        "kind": Body.Kind.PCC,
        "area": "Cambridgeshire and Peterborough",
        "description": "The office supporting the Police and Crime Commissioner for Cambridgeshire and Peterborough.",
        "brand_colour": "#1d4f91",
    },
    {
        "slug": "cambridgeshire-panel",
        "name": "Cambridgeshire Police and Crime Panel",
        "short_name": "Cambridgeshire Panel",
        "kind": Body.Kind.PANEL,
        "area": "Cambridgeshire and Peterborough",
        "description": "The panel of councillors and independent members that scrutinises the Commissioner.",
        "brand_colour": "#005a30",
        "scrutinises": "cambridgeshire-pcc",
    },
    {
        "slug": "west-midlands-pcc",
        "name": "West Midlands Police and Crime Commissioner",
        "short_name": "West Midlands PCC",
        "kind": Body.Kind.PCC,
        "area": "West Midlands",
        "description": "The office that supports the Police and Crime Commissioner for the West Midlands.",
        "brand_colour": "#4c2c92",
    },
]

# (username, full name, [(body slug, role)], superuser)
DEMO_USERS = [
    ("admin", "Site Administrator", [], True),
    ("officer", "Nicky Phillipson", [("cambridgeshire-pcc", Role.EDITOR)], False),
    ("officer2", "Second OPCC Officer", [("cambridgeshire-pcc", Role.EDITOR)], False),
    ("approver", "Dorothy Gregson", [("cambridgeshire-pcc", Role.APPROVER)], False),
    ("secretariat", "Panel Secretariat", [("cambridgeshire-panel", Role.SECRETARIAT)], False),
    ("panel", "Panel Member", [("cambridgeshire-panel", Role.PANEL_MEMBER)], False),
    (
        "wm-officer",
        "West Midlands Officer",
        [("west-midlands-pcc", Role.EDITOR), ("west-midlands-pcc", Role.APPROVER)],
        False,
    ),
    # The OPCC leads of the Cambridgeshire priorities whom the seed names only by initials: each can
    # sign in and write the updates of the activities they lead (CK and CS lead more than ten each).
    *[
        (f"lead-{initials.lower()}", f"OPCC officer ({initials})", [("cambridgeshire-pcc", Role.EDITOR)], False)
        for initials in ("CK", "CS", "EW", "AF", "GO", "AW")
    ],
]
# Which demo account each Cambridgeshire OPCC lead (by the seed's initials) signs in as.
LEAD_ACCOUNTS = {
    "NP": "officer",
    "DG": "approver",
    **{i: f"lead-{i.lower()}" for i in ("CK", "CS", "EW", "AF", "GO", "AW")},
}
DEMO_EMAIL_DOMAIN = "demo.openpcc.example"

ILLUSTRATIVE = (
    "Demonstration data. Priorities, leads and activities follow the Cambridgeshire Police and Crime "
    "Panel papers of November 2017; the narratives are short summaries and the delivery statuses are "
    "illustrative, because the source table does not state them in text."
)


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _at(value: str, hour: int = 10) -> datetime:
    d = date.fromisoformat(value)
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=LONDON)


class Command(BaseCommand):
    help = (
        "Load the OpenPCC demo data (bodies, users, plans, meetings, decisions). Does nothing if it is "
        "already loaded. With DJANGO_DEBUG off it refuses unless given --allow-production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing but errors.")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo although DJANGO_DEBUG is off (a training or trial site). Each demo account "
            "gets a random password, printed once.",
        )

    def handle(self, *args, quiet: bool = False, allow_production: bool = False, **options):
        if Body.objects.filter(slug="cambridgeshire-pcc").exists():
            if not quiet:
                self.stdout.write("Demo data is already loaded.")
                self.stdout.write(demo_logins_text(None if not settings.DEBUG else DEMO_PASSWORD))
            return
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DJANGO_DEBUG is off, so this looks like a production installation: the demo would add a "
                f"superuser and {len(DEMO_USERS) - 1} staff accounts to it. Nothing was loaded. "
                "To load the demo into a training or trial site, run `manage.py load_demo --allow-production`: "
                "each account then gets a random password, printed once."
            )
        passwords = (
            dict.fromkeys((u[0] for u in DEMO_USERS), DEMO_PASSWORD)
            if settings.DEBUG
            else {u[0]: secrets.token_urlsafe(12) for u in DEMO_USERS}
        )
        with transaction.atomic(), search_index.deferred():
            load_demo(passwords=passwords)
        if not quiet:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            self.stdout.write(demo_logins_text(DEMO_PASSWORD if settings.DEBUG else None, passwords))


def demo_logins_text(shared: str | None, passwords: dict[str, str] | None = None) -> str:
    """The demo sign-ins: with the shared development password, or each account's own (printed
    only when it is made), or a note on how to set one."""
    if shared:
        lines = ["", f"Demo sign-ins (password for all: {shared}):"]
    elif passwords:
        lines = ["", "Demo sign-ins, each with its own password (shown only now: keep them safe):"]
    else:
        lines = ["", "Demo sign-ins (set a password with `manage.py changepassword USERNAME`):"]
    for username, name, grants, superuser in DEMO_USERS:
        what = "administrator of everything" if superuser else ", ".join(f"{r.label} at {slug}" for slug, r in grants)
        secret = f"  password: {passwords[username]}" if passwords and not shared else ""
        lines.append(f"  {username:<12} {name} – {what}{secret}")
    return "\n".join(lines)


def load_demo(*, passwords: dict[str, str]) -> None:
    """The demo, made through the services in the name of the "demo loader" system actor (and of
    the demo's own users where the step is theirs: updates, publishing, signing)."""
    actor = system_actor("demo loader")
    by_slug: dict[str, Body] = {}
    for spec in DEMO_BODIES:
        spec = dict(spec)
        scrutinises = by_slug.get(spec.pop("scrutinises", ""))
        by_slug[spec["slug"]] = core_services.body_create(**spec, scrutinises=scrutinises, user=actor)
    users: dict[str, User] = {}
    for username, name, grants, superuser in DEMO_USERS:
        first, _, last = name.partition(" ")
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            is_superuser=superuser,
            is_staff=superuser,
        )
        user.set_password(passwords[username])
        user.save()
        users[username] = user
        for slug, role in grants:
            core_services.body_role_grant(grantee=user, body=by_slug[slug], role=role, user=actor)

    _load_cambridgeshire(by_slug["cambridgeshire-pcc"], users)
    _load_west_midlands(by_slug["west-midlands-pcc"])
    meetings_demo.load_panel(by_slug["cambridgeshire-panel"], by_slug["cambridgeshire-pcc"], users)
    meetings_demo.load_boards(by_slug, users)
    decisions_demo.load_decisions(by_slug, users)
    funding_demo.load_funding(by_slug, users)
    spending_demo.load_spending(by_slug["cambridgeshire-pcc"], users)
    papers_demo.load_papers(list(by_slug.values()), actor)


def _load_cambridgeshire(body: Body, users: dict[str, User]) -> None:
    data = json.loads((DATA / "cambridgeshire_plan.json").read_text())
    actor = system_actor("demo loader")
    orgs = {
        o["name"]: bodies.organisation_create(
            body=body, name=o["name"], kind=o["kind"], short_name=(o.get("short_names") or [""])[0][:80], user=actor
        )
        for o in data["organisations"]
    }
    linked_users = {initials: users[username] for initials, username in LEAD_ACCOUNTS.items()}
    people = {}
    for p in data["people"]:
        people[p["initials"]] = bodies.person_create(
            body=body,
            name=p["name"] or f"OPCC officer ({p['initials']})",
            initials=p["initials"],
            job_title=p["job_title"] or "",
            account=linked_users.get(p["initials"]),
            user=actor,
        )
    bodies.appointment_create(person=people["DG"], kind=Appointment.Kind.CHIEF_EXECUTIVE, user=actor)
    pcc = bodies.person_create(body=body, name="Jason Ablewhite", job_title="Police and Crime Commissioner", user=actor)
    bodies.appointment_create(person=pcc, kind=Appointment.Kind.PCC, start_date=date(2016, 5, 12), user=actor)

    meta = data["plan"]
    plan = plans.plan_create(
        body=body,
        title=meta["title"],
        slug="police-and-crime-plan-2017-20",
        period_start=_d(meta["period_start"]),
        period_end=_d(meta["period_end"]),
        effective_date=_d(meta["effective_date"]),
        published_date=_d(meta["published_date"]),
        panel_endorsed_date=_d(meta["panel_endorsed_date"]),
        summary=meta["summary"],
        public_notice=ILLUSTRATIVE,
        user=actor,
    )
    themes = {
        t["code"]: plans.theme_create(plan=plan, code=t["code"], name=t["name"], aim=t["aim"], user=actor)
        for t in data["themes"]
    }
    activities = {}
    for p in data["priorities"]:
        priority = plans.priority_create(
            plan=plan,
            theme=themes[p["theme"]],
            code=p["code"],
            text=p["text"],
            opcc_lead=people.get(p["opcc_lead"]),
            delivery_leads=[orgs[name] for name in p["delivery_leads"]],
            notes=p.get("notes", ""),
            user=actor,
        )
        for a in p["activities"]:
            activities[a["code"]] = plans.activity_create(
                priority=priority,
                code=a["code"],
                key_delivery=a["key_delivery"],
                wider_partnership=a["wider_partnership"],
                user=actor,
            )
    plans.plan_publish(plan=plan, when=_at("2017-03-29"), user=actor)

    rounds = {
        "2017/18 Q1": plans.round_open(
            plan=plan,
            name="2017/18 Q1",
            period_start=date(2017, 4, 1),
            period_end=date(2017, 6, 30),
            reported_to="Business Coordination Board (delivery plan baseline)",
            user=actor,
        ),
        "2017/18 Q2": plans.round_open(
            plan=plan,
            name="2017/18 Q2",
            period_start=date(2017, 7, 1),
            period_end=date(2017, 9, 30),
            reported_to="Business Coordination Board, 21 September 2017",
            user=actor,
        ),
    }
    for p in data["priorities"]:
        for u in p["updates"]:
            code = u["activity"] or p["activities"][0]["code"]
            plans.update_record(
                round=rounds[u["round"]],
                activity=activities[code],
                user=users["officer"],
                status=u["status"],
                narrative=u["narrative"],
            )
    plans.round_publish(round=rounds["2017/18 Q1"], user=users["approver"], when=_at("2017-07-20"))
    plans.round_publish(round=rounds["2017/18 Q2"], user=users["approver"], when=_at("2017-09-21", 14))
    plans.round_open(
        plan=plan,
        name="2017/18 Q3",
        period_start=date(2017, 10, 1),
        period_end=date(2017, 12, 31),
        due_date=date(2018, 1, 12),
        reported_to="Business Coordination Board, January 2018",
        user=users["officer"],
    )


def _load_west_midlands(body: Body) -> None:
    actor = system_actor("demo loader")
    data = json.loads((DATA / "west_midlands_plan.json").read_text())
    for o in data["organisations"]:
        if not Organisation.objects.filter(body=body, name=o["name"]).exists():
            bodies.organisation_create(body=body, name=o["name"], kind=o["kind"], user=actor)
    for p in data["people"]:
        if "OPCC" in p["role"]:
            name = p["name"]
            bodies.person_create(body=body, name=name, job_title=p["role"].split("(")[0].strip(), user=actor)
    meta = data["plan"]
    plan = plans.plan_create(
        body=body,
        title=meta["title"],
        slug="police-and-crime-plan-2016-20",
        period_start=_d(meta["period_start"]) or date(2016, 4, 1),
        period_end=_d(meta["period_end"]) or date(2021, 3, 31),
        summary=meta["summary"],
        public_notice="Demonstration data: the We said / We did commitments summarise the Strategic Policing and "
        "Crime Board paper of 19 May 2020.",
        user=actor,
    )
    ch = data["chapter"]
    chapter = plans.chapter_create(
        plan=plan,
        title=ch["title"],
        kind=ch["kind"],
        adopted_date=_d(ch["adopted_date"]),
        summary=ch["summary"],
        user=actor,
    )
    for o in data["objectives"]:
        objective = plans.objective_create(
            chapter=chapter, number=o["number"], title=o["title"], summary=o["summary"], user=actor
        )
        for c in sorted(o["commitments"], key=lambda c: c["order"]):
            plans.commitment_add(
                objective=objective,
                we_said=c["we_said"],
                we_did=c["we_did"],
                reported_date=_d(c["reported_date"]),
                user=actor,
            )
    plans.plan_publish(plan=plan, when=_at("2020-05-19"), user=actor)
