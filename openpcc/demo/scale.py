"""A synthetic national-scale data set for benchmarks and the query-count guard: every PCC
and panel in England and Wales with years of history, written through the models in bulk.

Counts per body and year are set by a ``Spec``; ``PRESETS["national"]`` gives about 20,000
meetings, 200,000 agenda items, 50,000 decisions, 500,000 plan updates and 100,000
documents. Text is drawn from the word frequencies of real board papers
(``data/vocabulary.txt``) plus a long tail of rare names, so a search index built on it
behaves like one built on real papers. Publication states, exempt parts, private
briefings, drafts and unpublished rounds are all present in realistic shares.

Bulk writes skip the services' per-record checks for speed, but the records are the ones
the services would write: reporting-round snapshots come from ``plans.snapshots.round_snapshot``
and the search index from ``search.index.rebuild``."""

from __future__ import annotations

import hashlib
import itertools
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from openpcc.bodies.models import Appointment, Organisation, Person
from openpcc.core.models import Body, BodyRole, Publication, Role, User
from openpcc.core.permissions import system_actor
from openpcc.core.progress import Progress, statement
from openpcc.decisions.models import (
    Amendment,
    Decision,
    ForwardDecision,
    Notification,
    ReferenceCounter,
    ReferenceScheme,
)
from openpcc.documents.models import Document, document_path
from openpcc.funding.models import (
    CommissionedService,
    Fund,
    Grant,
    GrantVariation,
    MonitoringReturn,
    Payment,
    Recipient,
    ReturnFigure,
    financial_year_label,
)
from openpcc.funding.selectors import return_periods
from openpcc.meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Meeting,
    Question,
    Report,
    WorkProgrammeItem,
)
from openpcc.meetings.services import PRIVATE_BRIEFING_REASON
from openpcc.plans.models import (
    Activity,
    DeliveryStatus,
    Plan,
    Priority,
    PriorityStatus,
    ReportingRound,
    Snapshot,
    Theme,
    Update,
)
from openpcc.plans.snapshots import round_snapshot
from openpcc.spending.models import REDACTED_SUPPLIER, SpendingFile, SpendingLine

PASSWORD = "openpcc-scale"

# Police force areas of England and Wales (public names), for realistic body names.
AREAS = [
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "Cleveland", "Cumbria",
    "Derbyshire", "Devon and Cornwall", "Dorset", "Durham", "Dyfed-Powys", "Essex", "Gloucestershire",
    "Gwent", "Hampshire and Isle of Wight", "Hertfordshire", "Humberside", "Kent", "Lancashire",
    "Leicestershire", "Lincolnshire", "Merseyside", "Norfolk", "North Wales", "North Yorkshire",
    "Northamptonshire", "Northumbria", "Nottinghamshire", "South Wales", "South Yorkshire",
    "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames Valley", "Warwickshire", "West Mercia",
    "West Midlands", "West Yorkshire", "Wiltshire", "Greater Manchester", "Cheshire East", "Solent",
]  # fmt: skip

THEMES = [
    ("V", "Victims", "Putting victims and witnesses at the heart of the criminal justice system."),
    ("O", "Offenders", "Reducing reoffending and bringing offenders to justice."),
    ("C", "Communities", "Safer, stronger and more resilient communities."),
    ("T", "Transformation", "An efficient, effective and modern police service."),
]
STATUS_KEY = [
    ("not-started", "Not started", DeliveryStatus.Colour.WHITE, 0, False),
    ("on-track", "On track", DeliveryStatus.Colour.GREEN, 1, False),
    ("some-risk", "Some risk to delivery", DeliveryStatus.Colour.AMBER, 2, True),
    ("off-track", "Off track", DeliveryStatus.Colour.RED, 3, True),
    ("complete", "Complete", DeliveryStatus.Colour.BLUE, 0, False),
]
OFFICE_COMMITTEES = [
    ("Business Coordination Board", "business-coordination-board", Committee.Kind.BOARD),
    ("Joint Audit Committee", "joint-audit-committee", Committee.Kind.AUDIT),
    ("Strategic Partnership Board", "strategic-partnership-board", Committee.Kind.PARTNERSHIP),
]
PANEL_COMMITTEES = [
    ("Police and Crime Panel", "police-and-crime-panel", Committee.Kind.PANEL),
    ("Budget Working Group", "budget-working-group", Committee.Kind.OTHER),
]
ITEM_TITLES = [
    "Apologies for absence", "Declarations of interest", "Minutes of the previous meeting",
    "Action log", "Performance report", "Budget monitoring report", "Commissioning update",
    "Police and Crime Plan delivery", "Victims services update", "Estates strategy",
    "Collaboration agreements", "Risk register", "Internal audit progress", "Forward plan",
    "Complaints and reviews", "Precept proposal", "Domestic abuse strategy", "Rural crime update",
]  # fmt: skip
FUNDS = [
    ("Victims Fund", "Services for victims and witnesses of crime."),
    ("Community Safety Fund", "Local partnerships that prevent crime and disorder."),
    ("Youth and Community Fund", "Small grants to youth and community groups."),
    ("Violence Reduction Fund", "Early intervention with young people at risk of serious violence."),
]
SPEND_AREAS = ["Commissioning", "Estates", "Victims Services", "Information Technology", "Corporate", "Fleet"]
SPEND_TYPES = ["Grants to voluntary bodies", "Professional fees", "Building maintenance", "Computer software",
               "Consultancy", "Vehicle repairs", "Training"]  # fmt: skip
RETURN_MEASURES = ["People supported", "Referrals received", "Sessions delivered", "Volunteers trained",
                   "Cases closed", "Hours of support"]  # fmt: skip
INDIVIDUAL_REASON = "Payment to an individual (the supplier is a person): personal data is not published."
EXEMPT_REASON = "Exempt under paragraph 3 of Schedule 12A: information about the financial affairs of a person."


# The day every preset's history ends on (and its "upcoming" meetings start from), whatever day it
# is generated: two runs on different days make the same data, so figures compare across runs.
# The tests' pinned day (conftest.PINNED_NOW), so the query-count guard sees the same set too.
REFERENCE_DAY = date(2026, 6, 17)


@dataclass(frozen=True)
class Spec:
    """How much to make. Counts are per body (meetings), per office (plans, decisions) and
    per year; offices and panels alternate, so half the bodies have plans and decisions."""

    bodies: int = 45
    years: int = 10
    meetings_per_year: int = 44
    items_per_meeting: int = 10
    decisions_per_year: int = 217
    priorities: int = 60
    activities_per_priority: int = 3
    document_chars: tuple[int, int] = (2_000, 20_000)
    history: bool = True
    seed: int = 2026
    first_area: int = 0  # where in AREAS the bodies start (two sets side by side in one database)
    # money out, per office: grants a year (national: about 200,000) and spending lines over £500 a
    # month (national: about 2 million)
    grants_per_year: int = 870
    spending_lines_per_month: int = 725
    # commissioned services a year per office (a few dozen over the history), each with returns
    services_per_year: int = 4
    # the day the history ends on (generate(today=...) or generate_scale --today moves it)
    today: date = REFERENCE_DAY

    def scaled(self, factor: int) -> Spec:
        """The same shape with ``factor`` times the records (for the query-count guard)."""
        return replace(
            self,
            meetings_per_year=self.meetings_per_year * factor,
            items_per_meeting=self.items_per_meeting * factor,
            decisions_per_year=self.decisions_per_year * factor,
            priorities=self.priorities * factor,
            grants_per_year=self.grants_per_year * factor,
            spending_lines_per_month=self.spending_lines_per_month * factor,
            services_per_year=self.services_per_year * factor,
        )


PRESETS = {
    "national": Spec(),
    "small": Spec(
        bodies=4,
        years=2,
        meetings_per_year=12,
        items_per_meeting=6,
        decisions_per_year=24,
        priorities=12,
        grants_per_year=60,
        spending_lines_per_month=50,
        services_per_year=3,
    ),
    # The smallest set with every kind of record, for tests.
    "tiny": Spec(
        bodies=2,
        years=1,
        meetings_per_year=6,
        items_per_meeting=4,
        decisions_per_year=4,
        priorities=2,
        activities_per_priority=2,
        document_chars=(400, 800),
        grants_per_year=12,
        spending_lines_per_month=6,
        services_per_year=3,
    ),
}


# --- text -----------------------------------------------------------------------------------------


class Writer:
    """Board-paper-like text: sentences of words drawn in their real frequencies, with rare
    place and person names mixed in so the index has a long tail as real papers do."""

    def __init__(self, rng: random.Random, sentences: int = 20_000):
        words, weights = [], []
        path = Path(__file__).parent / "data" / "vocabulary.txt"
        for line in path.read_text().splitlines():
            if line and not line.startswith("#"):
                word, count = line.split()
                words.append(word)
                weights.append(int(count))
        syllables = ["ash", "ton", "bury", "ford", "ley", "wick", "ham", "combe", "mere", "field", "by", "stow"]
        self.names = [
            (rng.choice(syllables) + rng.choice(syllables) + rng.choice(syllables)).capitalize() for _ in range(5_000)
        ]
        self.people = [
            f"{rng.choice(FIRST_NAMES)} {(rng.choice(syllables) + rng.choice(syllables)).capitalize()}"
            for _ in range(2_000)
        ]
        cum = list(itertools.accumulate(weights))
        pool = []
        for n in range(sentences):
            chosen = rng.choices(words, cum_weights=cum, k=rng.randint(8, 24))
            if n % 3 == 0:
                chosen.insert(rng.randrange(len(chosen)), rng.choice(self.names))
            pool.append(" ".join(chosen).capitalize() + ".")
        self.pool = pool
        self.rng = rng

    def sentence(self) -> str:
        return self.rng.choice(self.pool)

    def words(self, low: int, high: int) -> str:
        return " ".join(self.sentence().rstrip(".").split()[: self.rng.randint(low, high)]).capitalize()

    def text(self, low: int, high: int) -> str:
        """Paragraphs of between ``low`` and ``high`` characters."""
        target = self.rng.randint(low, high)
        out, size = [], 0
        while size < target:
            para = " ".join(self.rng.choices(self.pool, k=self.rng.randint(3, 7)))
            out.append(para)
            size += len(para) + 2
        return "\n\n".join(out)[:target]

    def person(self) -> str:
        return self.rng.choice(self.people)


FIRST_NAMES = [
    "Alex", "Sam", "Jo", "Chris", "Pat", "Ruth", "Darryl", "Jason", "Nicky", "Dorothy", "Ray",
    "Anne", "Kate", "Lee", "Mark", "Zoe", "Priya", "Tom", "Fiona", "Owen", "Bethan", "Ian",
]  # fmt: skip


# --- writing --------------------------------------------------------------------------------------


class RowWriter:
    """Rows straight to the database, a table at a time: what ``bulk_create`` writes, without
    its per-value SQL compilation (three quarters of the generator's time). Keys are given here,
    counting on from the table's largest (the generator writes into a database of its own, in
    one process); PostgreSQL's key sequences are moved on after each body (``settle``). Values
    are converted by each field's own ``get_db_prep_save``, except plain strings, numbers and
    flags in text, number and key columns, which the drivers take as they are; SQLite takes them
    by ``executemany``, PostgreSQL by ``COPY``. "Added" and "changed" times are the generator's
    ``now``, not the clock's, so the set is the same whatever day it is made."""

    PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
    PLAIN_VALUES = frozenset({str, int, bool, type(None)})

    def __init__(self, *, now: datetime):
        self.now = now
        self.next_key: dict[str, int] = {}
        self.written: set[type[models.Model]] = set()

    def _plain(self, field: models.Field) -> bool:
        return isinstance(field.target_field if field.is_relation else field, self.PLAIN_FIELDS)

    def _keys(self, model: type[models.Model], n: int) -> range:
        table = model._meta.db_table
        if table not in self.next_key:
            with connection.cursor() as cursor:
                pk = connection.ops.quote_name(model._meta.pk.column)
                cursor.execute(f"SELECT MAX({pk}) FROM {connection.ops.quote_name(table)}")
                self.next_key[table] = (cursor.fetchone()[0] or 0) + 1
        first = self.next_key[table]
        self.next_key[table] = first + n
        self.written.add(model)
        return range(first, first + n)

    def _write(self, model: type[models.Model], fields: list, columns: list[list]) -> None:
        db = connections[DEFAULT_DB_ALIAS]  # not the proxy: it costs a lookup a value
        for i, field in enumerate(fields):
            if not (self._plain(field) and self.PLAIN_VALUES.issuperset(map(type, columns[i]))):
                columns[i] = [field.get_db_prep_save(v, db) for v in columns[i]]
        quote = connection.ops.quote_name
        table, names = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
        rows = list(zip(*columns, strict=True))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: one stream, not a statement a row
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
            for start in range(0, len(rows), 20_000):
                cursor.executemany(sql, rows[start : start + 20_000])

    def insert(self, model: type[models.Model], objs: list) -> None:
        meta = model._meta
        if (
            meta.parents
            or not isinstance(meta.pk, models.AutoField | models.BigAutoField)
            or any(o.pk is not None for o in objs)
        ):
            model.objects.bulk_create(objs, batch_size=2000)
            return
        for obj, key in zip(objs, self._keys(model, len(objs)), strict=True):
            obj.pk = key
            obj._state.adding = False
            obj._state.db = connection.alias
        fields = list(meta.concrete_fields)
        for field in fields:
            if field.is_relation:  # a related record given before it was saved: its key now
                target = field.target_field.attname
                for obj in objs:
                    if field.is_cached(obj) and (related := field.get_cached_value(obj)) is not None:
                        setattr(obj, field.attname, getattr(related, target))
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                for obj in objs:
                    setattr(obj, field.attname, self.now)
        self._write(model, fields, [[getattr(o, f.attname) for o in objs] for f in fields])

    def insert_columns(self, model: type[models.Model], columns: dict[str, list]) -> int:
        """Rows given as columns (a list of values for each field, by attribute name), not as
        records: what ``insert`` writes for records made with those values, without making
        millions of model instances (the spending lines). Fields not given take their
        default; the key is given here. Returns the number of rows."""
        n = len(next(iter(columns.values())))
        fields = list(model._meta.concrete_fields)
        keys = self._keys(model, n)
        made: list[list] = []
        for field in fields:
            if field.attname in columns:
                made.append(columns[field.attname])
            elif field.primary_key:
                made.append(list(keys))
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                made.append([self.now] * n)
            else:
                made.append([field.get_default()] * n)
        unknown = set(columns) - {f.attname for f in fields}
        if unknown:
            raise ValueError(f"{model._meta.label} has no fields {', '.join(sorted(unknown))}")
        self._write(model, fields, made)
        return n

    def history(self, model: type[models.Model], objs: list, *, when: datetime, user: User, reason: str) -> None:
        """A "created" history row for each record, as simple_history's ``bulk_history_create``."""
        historical = model.history.model
        fields = list(historical._meta.concrete_fields)
        keys = self._keys(historical, len(objs))
        fixed = {
            "history_date": [when] * len(objs),
            "history_change_reason": [reason] * len(objs),
            "history_type": ["+"] * len(objs),
            "history_user_id": [user.pk] * len(objs),
            "history_id": list(keys),
        }
        columns = [fixed[f.attname] if f.attname in fixed else [getattr(o, f.attname) for o in objs] for f in fields]
        self._write(historical, fields, columns)

    def settle(self) -> None:
        """Move PostgreSQL's key sequences past the keys given here (SQLite's follow by themselves)."""
        if connection.vendor != "postgresql" or not self.written:
            return
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), sorted(self.written, key=lambda m: m._meta.label)):
                cursor.execute(sql)
        self.written.clear()


class Loader:
    def __init__(self, spec: Spec, *, today: date, progress: Callable[[str], None]):
        self.spec = spec
        self.today = today
        # The history covers the ``years`` years up to today, whatever the date: a set made in
        # January has as much in it as one made in June.
        self.start = date(today.year - spec.years, today.month, min(today.day, 28)) + timedelta(days=1)
        self.rng = random.Random(spec.seed)
        self.write = Writer(self.rng)
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.password = make_password(PASSWORD)
        # "now" for publication times and history rows: the evening of ``today`` (or the real time,
        # if that is earlier), so nothing generated depends on the day it is generated
        self.now = min(timezone.now(), timezone.make_aware(datetime.combine(today, clock(18))))
        self.media = Path(settings.MEDIA_ROOT)
        self.ticker = Progress(progress, unit="rows")  # generate() sets what it says and its estimate
        self.doing = ""
        # every change is the generator's, and each record's history says so
        self.actor = system_actor("data generator")
        self.rows = RowWriter(now=self.now)

    def save(self, model: type[models.Model], objs: list, *, history: bool = True) -> list:
        """Insert in bulk (with history rows where the model keeps history)."""
        if not objs:
            return objs
        self.rows.insert(model, objs)
        if history and self.spec.history and hasattr(model, "history"):
            self.rows.history(model, objs, when=self.now, user=self.actor, reason="Generated")
        self.count(model, len(objs))
        return objs

    def count(self, model: type[models.Model], n: int) -> None:
        """``n`` rows of ``model`` written: in the counts returned, and in the progress."""
        key = model._meta.label
        self.counts[key] = self.counts.get(key, 0) + n
        self.ticker.add(n, f"{self.doing}: {key}")

    def tick(self, model: type[models.Model]) -> None:
        """Within a long stretch of building records before they are saved: a line if 10 seconds
        have passed since the last (no rows counted yet)."""
        self.ticker.add(0, f"{self.doing}: {model._meta.label}")

    def link(self, through: type[models.Model], rows: list) -> None:
        self.rows.insert(through, rows)
        self.count(through, len(rows))

    def when(self, day: date, hour: int = 10) -> datetime:
        """A moment on ``day``, never later than now (nothing generated is under embargo)."""
        return min(timezone.make_aware(datetime.combine(day, clock(hour))), self.now)

    # --- bodies and people ---

    def bodies(self) -> list[Body]:
        made: list[Body] = []
        for n in range(self.spec.bodies):
            k = self.spec.first_area + n // 2
            area = AREAS[k % len(AREAS)] + ("" if k < len(AREAS) else f" {k // len(AREAS) + 1}")
            if n % 2 == 0:
                kind = Body.Kind.PFCC if n % 10 == 4 else Body.Kind.PCC
                office = (
                    "Police, Fire and Crime Commissioner" if kind == Body.Kind.PFCC else "Police and Crime Commissioner"
                )
                made.append(
                    Body(
                        slug=slugify(area),
                        name=f"Office of the {office} for {area}",
                        short_name=f"{area} {'PFCC' if kind == Body.Kind.PFCC else 'PCC'}",
                        kind=kind,
                        area=area,
                        description=self.write.text(200, 400),
                        brand_colour="#1d4f91",
                    )
                )
            else:
                made.append(
                    Body(
                        slug=f"{slugify(area)}-panel",
                        name=f"{area} Police and Crime Panel",
                        short_name=f"{area} Panel",
                        kind=Body.Kind.PANEL,
                        area=area,
                        description=self.write.text(200, 400),
                        brand_colour="#4c2c92",
                    )
                )
        slugs = [b.slug for b in made]
        taken = set(Body.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if taken and taken != set(slugs):
            raise ValueError(
                f"Bodies with these addresses already exist: {', '.join(sorted(taken))}. "
                "Generate into an empty database (e.g. DATABASE_URL=sqlite:///var/scale.sqlite3)."
            )
        if taken:  # a generation of this spec stopped part of the way: its bodies, to go on with
            found = Body.objects.in_bulk(slugs, field_name="slug")
            return [found[slug] for slug in slugs]
        self.save(Body, made)
        for office, panel in zip(made[0::2], made[1::2], strict=False):
            panel.scrutinises = office
        Body.objects.bulk_update(made[1::2], ["scrutinises"])
        return made

    def finished(self, bodies: list[Body]) -> set[int]:
        """The bodies whose records are all written: each body's records are written in one
        transaction that starts with its staff accounts, so a body with its administrator has
        the rest (the checkpoint a generation that stopped goes on from)."""
        admins = {f"{b.slug}-admin": b.pk for b in bodies}
        done = BodyRole.objects.filter(user__username__in=admins, body__in=bodies, role=Role.ADMINISTRATOR)
        found = done.values_list("user__username", "body_id")
        return {body_id for username, body_id in found if admins[username] == body_id}

    def staff(self, body: Body) -> dict[str, User]:
        roles = (
            [("officer", Role.EDITOR), ("approver", Role.APPROVER), ("admin", Role.ADMINISTRATOR)]
            if body.kind != Body.Kind.PANEL
            else [("secretariat", Role.SECRETARIAT), ("member", Role.PANEL_MEMBER), ("admin", Role.ADMINISTRATOR)]
        )
        users = self.save(
            User,
            [
                User(
                    username=f"{body.slug}-{name}",
                    password=self.password,
                    first_name=self.write.person().split()[0],
                    last_name=name.capitalize(),
                    email=f"{name}@{body.slug}.example",
                    date_joined=self.now,
                )
                for name, _ in roles
            ],
        )
        self.save(BodyRole, [BodyRole(user=u, body=body, role=r) for u, (_, r) in zip(users, roles, strict=True)])
        return {name: u for u, (name, _) in zip(users, roles, strict=True)}

    def people(self, body: Body) -> tuple[list[Person], list[Organisation]]:
        people, seen = [], set()
        while len(people) < 15:
            name = self.write.person()
            initials = "".join(p[0] for p in name.split()).upper() + str(len(people))
            if name in seen:
                continue
            seen.add(name)
            people.append(Person(body=body, name=name, initials=initials, job_title=self.write.words(2, 5)))
        self.save(Person, people)
        kinds = [Appointment.Kind.PCC, Appointment.Kind.CHIEF_EXECUTIVE, Appointment.Kind.CFO]
        if body.kind == Body.Kind.PANEL:
            kinds = [Appointment.Kind.PANEL_CHAIR, Appointment.Kind.PANEL_VICE_CHAIR, Appointment.Kind.CONTACT_OFFICER]
        self.save(Appointment, [Appointment(body=body, person=p, kind=k) for p, k in zip(people, kinds, strict=False)])
        orgs = [Organisation(body=body, name=f"{body.area} Constabulary", kind=Organisation.Kind.CONSTABULARY)]
        orgs += [
            Organisation(body=body, name=f"{name} Council", kind=Organisation.Kind.COUNCIL)
            for name in self.rng.sample(sorted(set(self.write.names)), 6)
        ]
        orgs += [
            Organisation(body=body, name=f"{body.area} {group}", kind=Organisation.Kind.DELIVERY_GROUP)
            for group in ("Criminal Justice Board", "Safeguarding Partnership", "Community Safety Partnership")
        ]
        return people, self.save(Organisation, orgs)

    # --- plans ---

    def plans(self, body: Body, people: list[Person], orgs: list[Organisation], author: User) -> list[Priority]:
        spec = self.spec
        all_priorities: list[Priority] = []
        # plans run from April: the first is the one in force at the start of the history
        start = date(self.start.year - (self.start.month < 4), 4, 1)
        term = 0
        while start <= self.today:
            end = date(start.year + 4, 3, 31)
            term += 1
            plan = self.save(
                Plan,
                [
                    Plan(
                        body=body,
                        title=f"Police and Crime Plan {start.year}–{end.year}",
                        slug=f"{start.year}-{end.year}",
                        period_start=start,
                        period_end=end,
                        effective_date=start,
                        published_date=start,
                        summary=self.write.text(300, 800),
                        publication_status=Publication.PUBLISHED,
                        published_at=self.when(start),
                    )
                ],
            )[0]
            key = self.save(
                DeliveryStatus,
                [
                    DeliveryStatus(
                        plan=plan, code=c, label=label, colour=colour, rollup_rank=rank, needs_explanation=ne, order=n
                    )
                    for n, (c, label, colour, rank, ne) in enumerate(STATUS_KEY)
                ],
            )
            themes = self.save(
                Theme, [Theme(plan=plan, code=c, name=n, aim=a, order=i) for i, (c, n, a) in enumerate(THEMES)]
            )
            priorities = []
            for n in range(spec.priorities):
                theme = themes[n % len(themes)]
                priorities.append(
                    Priority(
                        plan=plan,
                        theme=theme,
                        code=f"{theme.code}{n // len(themes) + 1}",
                        text=self.write.words(10, 30),
                        opcc_lead=self.rng.choice(people),
                        notes=self.write.words(5, 20) if n % 5 == 0 else "",
                        order=n,
                    )
                )
            self.save(Priority, priorities)
            all_priorities += priorities
            leads = {p.pk: self.rng.sample(orgs, 2) for p in priorities}
            self.link(
                Priority.delivery_leads.through,
                [
                    Priority.delivery_leads.through(priority_id=pk, organisation_id=o.pk)
                    for pk, chosen in leads.items()
                    for o in chosen
                ],
            )
            activities = []
            for p in priorities:
                acts = [
                    Activity(
                        priority=p,
                        code=f"{p.code}.{k + 1}",
                        key_delivery=self.write.words(10, 30),
                        wider_partnership=self.write.words(5, 15),
                        order=k,
                    )
                    for k in range(spec.activities_per_priority)
                ]
                # what round_snapshot reads from each priority, without a query per priority
                p._prefetched_objects_cache = {"activities": acts, "delivery_leads": leads[p.pk]}
                activities += acts
            self.save(Activity, activities)
            self._rounds(plan, key, themes, priorities, activities, author, start, min(end, self.today))
            start = end + timedelta(days=1)
        return all_priorities

    def _rounds(self, plan, key, themes, priorities, activities, author, start: date, end: date) -> None:
        """Monthly reporting rounds: every past month published with a snapshot, the
        current month open with some draft updates."""
        latest: dict[int, Update] = {}
        month = date(start.year, start.month, 1)
        weights = [8, 60, 20, 7, 5]
        while month <= end:
            nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
            current = nxt > self.today
            rnd = ReportingRound(
                plan=plan,
                name=f"{month:%B %Y}",
                slug=f"{month:%Y-%m}",
                period_start=month,
                period_end=nxt - timedelta(days=1),
                due_date=nxt + timedelta(days=10),
                reported_to=f"Business Coordination Board, {nxt + timedelta(days=20):%-d %B %Y}",
                state=ReportingRound.State.OPEN if current else ReportingRound.State.CLOSED,
                published_by=None if current else author,
                publication_status=Publication.DRAFT if current else Publication.PUBLISHED,
                published_at=None if current else self.when(nxt + timedelta(days=25)),
            )
            self.save(ReportingRound, [rnd])
            updates = []
            for activity in activities:
                if current and self.rng.random() < 0.5:
                    continue
                status = self.rng.choices(key, weights=weights)[0]
                u = Update(
                    round=rnd,
                    activity=activity,
                    status=status,
                    narrative=self.write.text(120, 600),
                    author=author,
                )
                updates.append(u)
            self.save(Update, updates, history=False)
            if not current:
                for u in updates:
                    latest[u.activity_id] = u
                data, rows = round_snapshot(
                    plan=plan,
                    rnd=rnd,
                    themes=themes,
                    priorities=priorities,
                    key=key,
                    latest=latest,
                    when=rnd.published_at,
                )
                self.save(PriorityStatus, rows)
                self.save(Snapshot, [Snapshot(round=rnd, data=data, taken_at=rnd.published_at)])
            month = nxt

    # --- meetings ---

    def meetings(self, body: Body, people: list[Person], priorities: list[Priority], author: User) -> dict:
        spec = self.spec
        shapes = PANEL_COMMITTEES if body.kind == Body.Kind.PANEL else OFFICE_COMMITTEES
        committees = self.save(
            Committee,
            [
                Committee(body=body, name=name, slug=slug, kind=kind, description=self.write.words(10, 25))
                for name, slug, kind in shapes
            ],
        )
        self.save(
            CommitteeMember,
            [
                CommitteeMember(
                    committee=c,
                    person=p,
                    role=CommitteeMember.Role.CHAIR if n == 0 else CommitteeMember.Role.MEMBER,
                    representing=f"{self.rng.choice(self.write.names)} Council",
                )
                for c in committees
                for n, p in enumerate(self.rng.sample(people, 8))
            ],
        )
        meetings: list[Meeting] = []
        start = self.start
        days = (self.today + timedelta(days=120) - start).days  # history, and the next four months
        total = spec.meetings_per_year * spec.years
        for n in range(total):
            day = start + timedelta(days=int(n * days / total) + self.rng.randint(0, 3))
            committee = committees[n % len(committees)]
            past = day < self.today
            roll = self.rng.random()
            kind = Meeting.Kind.PUBLIC
            if body.kind == Body.Kind.PANEL and roll < 0.05:
                kind = Meeting.Kind.PRIVATE_BRIEFING
            m = Meeting(
                body=body,
                committee=committee,
                kind=kind,
                date=day,
                start_time=clock(10, 0),
                end_time=clock(12, 30),
                venue=f"{self.rng.choice(self.write.names)} House",
                publication_status=Publication.PUBLISHED,
                published_at=self.when(day - timedelta(days=30)),
            )
            if kind == Meeting.Kind.PRIVATE_BRIEFING:
                m.is_exempt, m.exempt_reason = True, PRIVATE_BRIEFING_REASON
            if past and roll > 0.98:
                m.status, m.cancellation_note = Meeting.Status.CANCELLED, "Cancelled: not quorate."
            elif past:
                m.status = Meeting.Status.MINUTES_APPROVED
                m.agenda_published_at = self.when(day - timedelta(days=7))
                m.minutes_published_at = self.when(day + timedelta(days=10))
                m.minutes_approved_on = day + timedelta(days=30)
            elif day < self.today + timedelta(days=7):
                m.status, m.agenda_published_at = Meeting.Status.AGENDA_PUBLISHED, self.when(day - timedelta(days=7))
            elif roll < 0.3:
                m.publication_status, m.published_at = Publication.DRAFT, None
            meetings.append(m)
        self.save(Meeting, meetings)

        items, reports, questions, attendance, actions = [], [], [], [], []
        for m in meetings:
            self.tick(AgendaItem)
            for k in range(spec.items_per_meeting):
                exempt = self.rng.random() < 0.03
                minuted = m.minutes_published_at is not None
                items.append(
                    AgendaItem(
                        meeting=m,
                        number=str(k + 1),
                        title=ITEM_TITLES[k % len(ITEM_TITLES)]
                        if k < 4
                        else f"{self.rng.choice(ITEM_TITLES)}: {self.write.words(2, 6).lower()}",
                        purpose=self.write.words(10, 30),
                        presenting=self.write.person(),
                        is_exempt=exempt,
                        exempt_reason=EXEMPT_REASON if exempt else "",
                        minutes=self.write.text(300, 1500) if minuted else "",
                        resolution=self.rng.choice(["noted", "agreed", "approved"]) if minuted else "",
                        resolution_text=self.write.words(8, 20) if minuted else "",
                        order=k,
                    )
                )
            for k in range(10):
                kind = [Attendance.Kind.PRESENT] * 6 + [Attendance.Kind.OFFICER] * 3 + [Attendance.Kind.APOLOGIES]
                attendance.append(
                    Attendance(meeting=m, name=self.write.person(), kind=kind[k], role=self.write.words(2, 4))
                )
        self.save(AgendaItem, items)
        self.save(Attendance, attendance)
        counters: dict[int, int] = {}
        for n, item in enumerate(items):
            m = item.meeting
            self.tick(Report)
            if n % 2 == 1:
                reports.append(
                    Report(
                        body=body,
                        agenda_item=item,
                        title=item.title,
                        to=m.committee.name,
                        author=self.write.person(),
                        report_date=m.date - timedelta(days=8),
                        purpose=self.write.text(200, 600),
                        recommendations="\n".join(self.write.words(8, 18) for _ in range(3)),
                        background=self.write.text(500, 2000),
                        key_issues=self.write.text(500, 2000),
                        implications=self.write.text(200, 600),
                        contact_officer=self.write.person(),
                    )
                )
            if m.minutes_published_at and n % 4 == 0:
                questions.append(
                    Question(
                        item=item,
                        letter="a",
                        asked_by=self.write.person(),
                        question=self.write.words(10, 25) + "?",
                        response=self.write.text(100, 400),
                        responded_by=self.write.person(),
                    )
                )
            if m.minutes_published_at and n % 4 == 2:
                number = counters[m.committee_id] = counters.get(m.committee_id, 0) + 1
                # older actions are closed, except one in five that stays on the log for years
                closed = m.date < self.today - timedelta(days=120) and number % 5 != 1
                actions.append(
                    Action(
                        body=body,
                        committee=m.committee,
                        meeting=m,
                        agenda_item=item,
                        number=number,
                        text=self.write.words(10, 25),
                        owner=self.write.person(),
                        due_date=m.date + timedelta(days=60),
                        status=Action.Status.CLOSED if closed else Action.Status.OPEN,
                        closed_on=m.date + timedelta(days=55) if closed else None,
                        closing_note=self.write.words(5, 15) if closed else "",
                    )
                )
        self.save(Report, reports)
        self.save(Question, questions)
        self.save(Action, actions)
        self.save(
            ActionUpdate,
            [
                ActionUpdate(
                    action=a, date=a.meeting.date + timedelta(days=30), text=self.write.words(8, 20), author=author
                )
                for a in actions
            ],
        )
        if priorities:
            self.link(
                AgendaItem.priorities.through,
                [
                    AgendaItem.priorities.through(agendaitem_id=i.pk, priority_id=self.rng.choice(priorities).pk)
                    for i in items[4::5]
                ],
            )
            self.link(
                Report.priorities.through,
                [
                    Report.priorities.through(report_id=r.pk, priority_id=self.rng.choice(priorities).pk)
                    for r in reports[::3]
                ],
            )
        future = [m for m in meetings if m.date >= self.today]
        self.save(
            WorkProgrammeItem,
            [
                WorkProgrammeItem(
                    committee=m.committee, meeting=m, title=self.write.words(4, 10), responsible=self.write.person()
                )
                for m in future
                for _ in range(3)
            ]
            + [
                WorkProgrammeItem(committee=c, title=self.write.words(4, 10), notes=self.write.words(5, 12))
                for c in committees
                for _ in range(4)
            ],
        )
        self.documents(body, reports[::2], author)
        return {"meetings": meetings, "items": items, "reports": reports}

    def documents(self, body: Body, parents: list, author: User) -> None:
        """One text paper per parent (a report or a decision), its text stored as a file."""
        low, high = self.spec.document_chars
        docs = []
        for parent in parents:
            self.tick(Document)
            text = self.write.text(low, high)
            data = text.encode()
            sha = hashlib.sha256(data).hexdigest()
            title = f"{parent.title if isinstance(parent, Report) else parent.subject} – paper"
            doc = Document(
                body=body,
                title=title[:300],
                original_name=f"{slugify(title)[:60] or 'paper'}.txt",
                size=len(data),
                content_type="text/plain",
                kind="txt",
                sha256=sha,
                status=Document.Status.DONE,
                pages=1,
                text=text,
                extraction_seconds=0.001,
                uploaded_by=author,
            )
            doc.parent_type, doc.parent_id = ContentType.objects.get_for_model(parent), parent.pk
            name = document_path(doc, doc.original_name)
            path = self.media / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            doc.file.name = name
            docs.append(doc)
        self.save(Document, docs)
        # uploaded_at is set on insert to the real time: "now" instead, so the set is the same any day
        Document.objects.filter(pk__in=[d.pk for d in docs]).update(uploaded_at=self.now)

    # --- decisions ---

    def decisions(
        self, body: Body, priorities: list[Priority], reports: list[Report], approver: User
    ) -> list[Decision]:
        spec = self.spec
        prefix = "".join(w[0] for w in body.area.replace("-", " ").split() if w[0].isalpha()).upper() + "PCC"
        self.save(ReferenceScheme, [ReferenceScheme(body=body, prefix=prefix)])
        decisions: list[Decision] = []
        numbers: dict[int, int] = {}  # references restart each year
        total = spec.decisions_per_year * spec.years
        span = (self.today - self.start).days
        for n in range(total):
            self.tick(Decision)
            day = self.start + timedelta(days=int((n + 1) * span / total))
            roll = self.rng.random()
            # recent decisions are sometimes still drafts; the latest always is
            signed = n + 1 < total and (roll > 0.05 or day < self.today - timedelta(days=60))
            d = Decision(
                body=body,
                subject=f"{self.rng.choice(ITEM_TITLES)}: {self.write.words(3, 9).lower()}",
                decision=self.write.text(200, 900),
                reasons=self.write.text(200, 900),
                options_considered=self.write.text(100, 500),
                amount=Decimal(self.rng.randrange(1_000, 2_000_000)) if roll < 0.6 else None,
                financial_implications=self.write.text(100, 400),
                legal_implications=self.write.text(100, 300),
                decision_maker=Decision.Maker.PCC,
                decision_maker_name=self.write.person(),
                category=self.rng.choice(Decision.Category.values),
                decision_date=day,
            )
            if signed:
                number = numbers[day.year] = numbers.get(day.year, 0) + 1
                d.status, d.reference = Decision.Status.SIGNED, f"{prefix} {day.year}-{number:03d}"
                d.reference_slug, d.signed_by, d.signed_at = slugify(d.reference), approver, self.when(day)
                if roll < 0.97 or day < self.today - timedelta(days=60):
                    d.publication_status, d.published_at = Publication.PUBLISHED, self.when(day + timedelta(days=2))
                if 0.05 < roll < 0.07:
                    d.is_exempt, d.exempt_reason = True, EXEMPT_REASON
                elif 0.07 < roll < 0.12:
                    d.exempt_parts = ["amount", "financial_implications"]
                    d.withheld_reason = "Commercially sensitive until the contract is awarded."
            decisions.append(d)
        counters = [ReferenceCounter(body=body, year=year, last_number=n) for year, n in numbers.items()]
        self.save(Decision, decisions)
        self.save(ReferenceCounter, counters, history=False)
        if priorities:
            self.link(
                Decision.priorities.through,
                [
                    Decision.priorities.through(decision_id=d.pk, priority_id=self.rng.choice(priorities).pk)
                    for d in decisions[::2]
                ],
            )
        if reports:
            self.link(
                Decision.reports.through,
                [
                    Decision.reports.through(decision_id=d.pk, report_id=self.rng.choice(reports).pk)
                    for d in decisions[::4]
                ],
            )
        published = [d for d in decisions if d.publication_status == Publication.PUBLISHED and not d.is_exempt]
        self.save(
            Amendment,
            [
                Amendment(
                    decision=d, field="decision", previous=d.decision[:200], reason="Correction of a typing error."
                )
                for d in published[::50]
            ],
            history=False,
        )
        self.save(
            ForwardDecision,
            [ForwardDecision(body=body, topic=self.write.words(4, 10), timescale="Next quarter") for _ in range(8)],
        )
        self.documents(body, decisions, approver)
        return decisions

    # --- money out ---

    def money(self, body: Body, priorities: list[Priority], approver: User) -> tuple[int, int]:
        """Funds per financial year, recipients (a few of them individuals), grants in every state
        (drafts, unpublished awards, closed, a few varied) with their payments, commissioned
        services, the monitoring returns of both (received with figures, due, overdue), and a
        spending file per month with its lines (some of them to individuals, redacted; the latest
        month not yet published). Returns (grants, spending lines)."""
        spec, rng = self.spec, self.rng
        recipients: list[Recipient] = []
        for n in range(max(12, spec.grants_per_year // 3)):
            if n % 20 == 7:  # an individual: never named in public
                recipients.append(Recipient(body=body, kind=Recipient.Kind.INDIVIDUAL, name=self.write.person()))
            else:
                name = f"{self.write.words(1, 3).title()} {rng.choice(['Trust', 'Project', 'CIC', 'Ltd', 'Charity'])}"
                identifier = f"GB-CHC-{1_000_000 + n}" if n % 3 else f"GB-COH-{10_000_000 + n:08d}"
                recipients.append(Recipient(body=body, name=name[:200], identifier=identifier))
        self.save(Recipient, recipients)
        funds: list[Fund] = []
        grants: list[Grant] = []
        services: list[CommissionedService] = []
        first_year = self.start.year if self.start.month >= 4 else self.start.year - 1
        years = list(range(first_year, self.today.year + 1))
        per_year = max(1, spec.grants_per_year * spec.years // len(years))
        services_per_year = max(1, spec.services_per_year * spec.years // len(years))
        awarded: dict[str, int] = {}
        for year in years:
            starts = date(year, 4, 1)
            year_funds = [
                Fund(body=body, name=name, financial_year=financial_year_label(starts), starts_on=starts,
                     budget=Decimal(0), description=text)
                for name, text in FUNDS
            ]  # fmt: skip
            funds.extend(year_funds)
            for n in range(per_year):
                self.tick(Grant)
                start = starts + timedelta(days=int(n * 365 / per_year))
                end = start + timedelta(days=rng.choice([90, 182, 364, 729]))
                amount = Decimal(rng.randrange(500, 60_000)) + Decimal(rng.randrange(100)) / 100
                recipient = rng.choice(recipients)
                frequency = rng.choice(["", "", "quarterly", "six_monthly"])
                g = Grant(
                    body=body,
                    fund=rng.choice(year_funds),
                    recipient=recipient,
                    title=f"{self.write.words(2, 6).capitalize()}"[:300],
                    purpose=self.write.text(80, 300),
                    amount=amount,
                    start_date=start,
                    end_date=end,
                    conditions="Quarterly monitoring returns; funds to be spent within the grant period.",
                    return_frequency=frequency,
                    contact_email=f"returns@recipient-{recipient.pk}.example" if frequency else "",
                )
                recent = start > self.today - timedelta(days=60)
                roll = rng.random()
                if start > self.today or (recent and roll < 0.3) or roll < 0.02:
                    pass  # a draft: not yet awarded, never public
                else:
                    g.status = Grant.Status.CLOSED if end < self.today - timedelta(days=90) else Grant.Status.AWARDED
                    g.awarded_on = start - timedelta(days=14)
                    awarded[g.status] = awarded.get(g.status, 0) + 1
                    if awarded[g.status] % 25 != 2:  # a few awards (open and closed) are not yet published
                        g.publication_status = Publication.PUBLISHED
                        g.published_at = self.when(min(start, self.today))
                grants.append(g)
            services += self._services(body, recipients, year_funds, starts, services_per_year, first=len(services))
        for fund in funds:  # each budget a little over what it commits, so every fund reconciles
            fund.budget = Decimal(0)
        for g in grants:
            g.fund.budget += g.amount
        for s in services:
            if s.fund is not None:
                s.fund.budget += s.value
        for fund in funds:
            fund.budget = (fund.budget * Decimal("1.1")).quantize(Decimal(1)) + 1000
        self.save(Fund, funds)
        self.save(Grant, grants)
        self.save(CommissionedService, services)
        if priorities:
            self.link(
                Grant.priorities.through,
                [Grant.priorities.through(grant_id=g.pk, priority_id=rng.choice(priorities).pk) for g in grants[::3]],
            )
            self.link(
                CommissionedService.priorities.through,
                [
                    CommissionedService.priorities.through(
                        commissionedservice_id=s.pk, priority_id=rng.choice(priorities).pk
                    )
                    for s in services[::2]
                ],
            )
        varied = [g for g in grants if g.status != Grant.Status.DRAFT][::50]
        self.save(
            GrantVariation,
            [
                GrantVariation(
                    grant=g, what_changed="Amount and end date", reason=self.write.text(60, 200),
                    previous_amount=g.amount, new_amount=g.amount, previous_start=g.start_date,
                    previous_end=g.end_date, new_start=g.start_date, new_end=g.end_date,
                    made_on=g.start_date + timedelta(days=30), made_by=approver,
                )
                for g in varied
            ],
        )  # fmt: skip
        self._payments(grants)
        self._returns(body, [g for g in grants if g.status != Grant.Status.DRAFT], services, approver)
        return len(grants), self.spending(body, recipients)

    def _services(
        self, body: Body, recipients: list[Recipient], year_funds: list[Fund], starts: date, count: int, first: int
    ) -> list[CommissionedService]:
        """A year's commissioned services: most paid from one of its funds, most of them contracts
        (over £10,000, so listed with their document), most with monitoring returns."""
        rng = self.rng
        providers = [r for r in recipients if r.kind == Recipient.Kind.ORGANISATION]
        made = []
        for n in range(first, first + count):
            start = starts + timedelta(days=rng.randrange(0, 180))
            frequency = ["quarterly", "six_monthly", "", "quarterly"][n % 4]
            provider = rng.choice(providers)
            s = CommissionedService(
                body=body,
                provider=provider,
                name=f"{self.write.words(2, 5).capitalize()} service"[:300],
                description=self.write.text(80, 300),
                fund=rng.choice(year_funds) if rng.random() < 0.8 else None,
                value=Decimal(rng.randrange(5_000, 400_000)),
                start_date=start,
                end_date=start + timedelta(days=365 * rng.choice([1, 2, 3]) - 1),
                procurement_route=rng.choice(CommissionedService.Route.values),
                is_contract=rng.random() < 0.85,
                return_frequency=frequency,
                contact_email=f"returns@recipient-{provider.pk}.example" if frequency else "",
            )
            if start <= self.today and rng.random() < 0.9:  # a few are not yet published
                s.publication_status, s.published_at = Publication.PUBLISHED, self.when(start)
            made.append(s)
        return made

    def _payments(self, grants: list[Grant]) -> None:
        """Each awarded grant paid in one to four instalments over its period, those due by today
        paid: a closed grant in full, an open one in part; never more than the grant."""
        rng, payments = self.rng, []
        for g in grants:
            if g.status == Grant.Status.DRAFT:
                continue
            k = rng.randint(1, 4)
            days = (g.end_date - g.start_date).days
            share = (g.amount / k).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
            for i in range(k):
                paid_on = g.start_date + timedelta(days=days * i // k)
                if paid_on > self.today:
                    break
                payments.append(Payment(grant=g, paid_on=paid_on, amount=share if i < k - 1 else g.amount - share * i))
        self.save(Payment, payments)

    def _returns(self, body: Body, grants: list[Grant], services: list[CommissionedService], recorder: User) -> None:
        """The monitoring returns of awarded grants and of services, a period at a time from their
        dates (the funding app's own schedule): most of those past due received with figures and
        a narrative, the rest overdue (reminded once when long overdue); those to come are due."""
        rng, today = self.rng, self.today
        returns: list[MonitoringReturn] = []
        received: list[MonitoringReturn] = []
        past_due = 0
        records = [("grant", g) for g in grants if g.return_frequency]
        records += [("service", s) for s in services if s.return_frequency]
        for kind, record in records:
            self.tick(MonitoringReturn)
            periods = return_periods(start=record.start_date, end=record.end_date, frequency=record.return_frequency)
            for start, end in periods:
                due = end + timedelta(days=record.return_due_days)
                ret = MonitoringReturn(body=body, period_start=start, period_end=end, due_on=due, **{kind: record})
                arrives = end + timedelta(days=rng.randint(1, record.return_due_days + 20))
                past_due += due < today  # one in seven of those past due is overdue, the first among them
                if arrives <= today and (past_due % 7 != 1 if due < today else rng.random() < 0.4):
                    ret.received_on, ret.recorded_by, ret.version = arrives, recorder, 2
                    ret.narrative = self.write.text(120, 500)
                    received.append(ret)
                elif due < today - timedelta(days=14):  # long overdue: the task queue has reminded them
                    ret.reminder_sent_at = self.when(due + timedelta(days=1))
                    ret.reminder_sent_to = record.contact_email
                returns.append(ret)
        self.save(MonitoringReturn, returns)
        figures = [
            ReturnFigure(monitoring_return=ret, measure=measure, value=Decimal(rng.randrange(1, 400)), order=i)
            for ret in received
            for i, measure in enumerate(rng.sample(RETURN_MEASURES, rng.randint(1, 3)))
        ]
        self.save(ReturnFigure, figures, history=False)  # as return_record writes them: in bulk, no history

    def spending(self, body: Body, recipients: list[Recipient]) -> int:
        """A file a month with its lines. The lines (two million in the national set) are written
        as columns (``RowWriter.insert_columns``): as records they cost most of an office's time."""
        spec, rng = self.spec, self.rng
        suppliers = [r.name for r in recipients if r.kind == Recipient.Kind.ORGANISATION]
        month = date(self.start.year, self.start.month, 1)
        last = date(self.today.year, self.today.month, 1)
        files: list[SpendingFile] = []
        names = (
            "row_number", "date", "supplier", "supplier_type", "expense_type", "service_area", "description", "amount",
            "transaction_reference", "is_redacted", "redaction_reason", "public_supplier", "public_description",
        )  # fmt: skip
        columns: dict[str, list] = {name: [] for name in names}
        (row_numbers, dates, supplier_names, supplier_types, expense_types, service_areas, descriptions, amounts,
         references, redacted, reasons, public_suppliers, public_descriptions) = columns.values()  # fmt: skip
        while month < last:  # every month up to the last complete one
            following = (month + timedelta(days=32)).replace(day=1)
            days = (following - month).days
            self.tick(SpendingLine)
            total, redacted_count = Decimal(0), 0
            for n in range(spec.spending_lines_per_month):
                amount = Decimal(rng.randrange(501, 250_000)) + Decimal(rng.randrange(100)) / 100
                if n % 40 == 39:
                    amount = -amount  # a credit
                person = n % 50 == 3  # paid to an individual: redacted by rule
                supplier = f"Mr {self.write.person()}" if person else rng.choice(suppliers)
                description = self.write.words(3, 8).capitalize()
                row_numbers.append(n + 2)
                dates.append(month + timedelta(days=n % days))
                supplier_names.append(supplier[:300])
                supplier_types.append("Individual" if person else "Company")
                expense_types.append(rng.choice(SPEND_TYPES))
                service_areas.append(rng.choice(SPEND_AREAS))
                descriptions.append(description)
                amounts.append(amount)
                references.append(f"TX{month:%y%m}{n:05d}")
                redacted.append(person)
                reasons.append(INDIVIDUAL_REASON if person else "")
                public_suppliers.append(REDACTED_SUPPLIER if person else supplier[:300])
                public_descriptions.append("" if person else description)
                total += amount
                redacted_count += person
            published = following < last  # the latest month is imported, not yet published
            files.append(
                SpendingFile(
                    body=body, month=month, original_name=f"spending-{month:%Y-%m}.csv",
                    sha256=hashlib.sha256(f"{body.slug}{month}".encode()).hexdigest(), uploaded_by=self.actor,
                    row_count=spec.spending_lines_per_month, skipped_count=rng.randrange(0, 40),
                    redacted_count=redacted_count, total=total,
                    publication_status=Publication.PUBLISHED if published else Publication.DRAFT,
                    published_at=self.when(following + timedelta(days=14)) if published else None,
                )
            )  # fmt: skip
            month = following
        self.save(SpendingFile, files)
        columns["file_id"] = [f.pk for f in files for _ in range(spec.spending_lines_per_month)]
        columns["body_id"] = [body.pk] * len(row_numbers)
        if row_numbers:
            self.rows.insert_columns(SpendingLine, columns)
        self.count(SpendingLine, len(row_numbers))
        return len(row_numbers)

    def notifications(self, panel: Body, made: dict, decisions: list[Decision]) -> None:
        """The panel is told of the office's decisions at its next public meeting."""
        items = [
            i
            for i in made["items"]
            if i.number == "1"
            and i.meeting.kind == Meeting.Kind.PUBLIC
            and i.meeting.status != Meeting.Status.CANCELLED
        ]
        signed = sorted((d for d in decisions if d.status == Decision.Status.SIGNED), key=lambda d: d.decision_date)
        rows, k = [], 0
        for item in sorted(items, key=lambda i: i.meeting.date):
            told = 0
            while k < len(signed) and signed[k].decision_date < item.meeting.date:
                if told < 5:
                    told += 1
                    rows.append(
                        Notification(
                            panel=panel,
                            decision=signed[k],
                            agenda_item=item,
                            response=Notification.Response.NOTED if item.meeting.date < self.today else "",
                        )
                    )
                k += 1
        self.save(Notification, rows)


def generate(
    spec: Spec, *, today: date | None = None, index: bool = True, progress: Callable[[str], None] = print
) -> dict[str, int]:
    """Write the data set, its history ending on ``today`` (by default the spec's fixed reference
    day, so the set is the same whatever day it is made), and rebuild the search index. Returns
    row counts per model (of what this run wrote). Progress: a line per body, and one at least
    every 10 seconds within each step (rows, rate, time left).

    Resumable: the bodies are written in one transaction, then each body's records in one
    transaction of its own (from a seed of its own), then the statistics and the search index
    (one transaction). Run again on the same database after a stop, it finds the bodies, skips
    those already written and goes on from the first that is not, so the set is the one an
    uninterrupted run makes; a set that is complete (its index built) is refused. Without
    ``index`` the search index is left empty, for ``rebuild_search_index`` to build (a run again
    builds it too). The records are written with SQLite's default page cache: a large one
    (``bulk_cache``, which the index build uses) made them a fifth slower."""
    from openpcc.core import public_cache
    from openpcc.search import index as indexers
    from openpcc.search.models import SearchEntry

    started = time.perf_counter()
    loader = Loader(spec, today=today or spec.today, progress=progress)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:  # a scratch load: durability per row is not needed
            cursor.execute("PRAGMA synchronous=OFF")
    with transaction.atomic():
        bodies = loader.bodies()
        loader.rows.settle()
    done = loader.finished(bodies)
    if done and len(done) == len(bodies) and SearchEntry.objects.filter(body__in=bodies).exists():
        raise ValueError(
            f"Bodies with these addresses already exist: {', '.join(b.slug for b in bodies)}, and their data set is "
            "complete. Generate into an empty database (e.g. DATABASE_URL=sqlite:///var/scale.sqlite3)."
        )
    if done:
        progress(f"going on from where a generation stopped: {len(done)} of {len(bodies)} bodies already written")
    decisions_of: dict[int, list[Decision]] = {}  # office id -> its decisions, for its panel's notifications
    body_seconds: list[float] = []
    for n, body in enumerate(bodies, start=1):
        if body.pk in done:
            if body.kind != Body.Kind.PANEL:
                decisions_of[body.pk] = list(Decision.objects.filter(body=body).order_by("pk"))
            continue
        # each body's records from a seed of its own, so a generation that goes on from a body
        # writes what one run without a stop would have written
        loader.rng.seed(spec.seed * 100_003 + n)
        t0 = time.perf_counter()
        loader.doing = f"[{n}/{len(bodies)}] {body.slug}"
        # time left: the bodies done so far took this long each (offices and panels alternate)
        left = len(bodies) - n + 1
        loader.ticker.estimate = lambda t0=t0, left=left: (
            max(0.0, sum(body_seconds) / len(body_seconds) * left - (time.perf_counter() - t0))
            if body_seconds
            else None
        )
        with transaction.atomic():
            users = loader.staff(body)
            people, orgs = loader.people(body)
            author = users.get("officer") or users["secretariat"]
            office = body.kind != Body.Kind.PANEL
            grants = lines = 0
            priorities = loader.plans(body, people, orgs, author) if office else []
            made = loader.meetings(body, people, priorities, author)
            if office:
                decisions_of[body.pk] = loader.decisions(body, priorities, made["reports"], users["approver"])
                grants, lines = loader.money(body, priorities, users["approver"])
            elif body.scrutinises_id:
                loader.notifications(body, made, decisions_of.get(body.scrutinises_id, []))
            loader.rows.settle()
        progress(
            f"[{n}/{len(bodies)}] {body.slug}: {len(made['meetings'])} meetings, {len(made['items'])} items"
            + (f", {grants} grants, {lines} spending lines " if office else " ")
            + f"({time.perf_counter() - t0:.1f} s)"
        )
        body_seconds.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    # table statistics, so the planner picks indexes on the new sizes: a table at a time, to say how far
    tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    ticker = Progress(progress, total=len(tables), unit="tables")
    with connection.cursor() as cursor:
        for table in tables:
            with statement(progress, f"statistics: {table}"):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
            ticker.add(1, f"statistics: {table}")
    progress(f"statistics gathered ({time.perf_counter() - t0:.1f} s)")
    if not index:
        public_cache.bump()  # bulk writes send no signals
        progress(f"done in {time.perf_counter() - started:.0f} s (the search index not built)")
        return loader.counts
    t0 = time.perf_counter()
    counts = indexers.rebuild(progress=progress)  # with the statistics of its entries
    progress(f"search index rebuilt ({time.perf_counter() - t0:.1f} s)")
    loader.counts["documents.SearchEntry"] = sum(counts.values())
    public_cache.bump()  # bulk writes send no signals
    progress(f"done in {time.perf_counter() - started:.0f} s")
    return loader.counts


def expected(spec: Spec) -> dict[str, int]:
    """Rough sizes of a spec, for the command's summary before it starts."""
    offices = math.ceil(spec.bodies / 2)
    grants = offices * spec.years * spec.grants_per_year
    services = offices * spec.years * spec.services_per_year
    return {
        "meetings": spec.bodies * spec.years * spec.meetings_per_year,
        "agenda items": spec.bodies * spec.years * spec.meetings_per_year * spec.items_per_meeting,
        "decisions": offices * spec.years * spec.decisions_per_year,
        "plan updates": offices * spec.years * 12 * spec.priorities * spec.activities_per_priority,
        "grants": grants,
        # an awarded grant is paid in one to four instalments, those due so far: about two each
        "grant payments": grants * 2,
        "commissioned services": services,
        # half the grants and most services send returns, quarterly or six-monthly, over periods
        # of three months to three years
        "monitoring returns": grants * 4 // 3 + services * 4,
        "spending lines": offices * spec.years * 12 * spec.spending_lines_per_month,
    }
