"""What every app shares: users, bodies, roles per body, and the base models for
body scoping, publication and optimistic locking."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .colours import contrast_ratio


class User(AbstractUser):
    """A person who signs in. What they may do is given per body by BodyRole.

    A *system actor* is not a person: it is the account in whose name the demo loader, the data
    generator, the archive importer and the background worker make their changes, so a change
    always has an acting user and the history says which process made it. It cannot sign in
    (no usable password, not active) and holds every role (core.permissions)."""

    is_system_actor = models.BooleanField(default=False, editable=False)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def released_q(field: str) -> models.Q:
    """The one rule for a publication time: set, and passed. A time in the future is an embargo,
    on every publishable record (``published_at``, an agenda's or minutes' release time)."""
    return models.Q(**{f"{field}__isnull": False, f"{field}__lte": timezone.now()})


def prefixed_q(q: models.Q, prefix: str) -> models.Q:
    """``q`` about a related record, seen from a record that reaches it through ``prefix``
    (``"meeting__"``): so a rule is written once, on its own model, and reused from others."""
    if not prefix:
        return q
    out = models.Q(
        *(prefixed_q(c, prefix) if isinstance(c, models.Q) else (prefix + c[0], c[1]) for c in q.children),
        _connector=q.connector,
        _negated=q.negated,
    )
    return out


def released(when: datetime | None) -> bool:
    """``released_q`` for a value in hand."""
    return when is not None and when <= timezone.now()


class OpenPCCQuerySet(models.QuerySet):
    """The one place where body scoping and publication filters are written.

    A model says where its body is (``BODY_FIELD``) and where its publication
    state lives (``PUBLICATION_PATH``, a prefix such as ``"round__"`` for records
    published as part of a parent); every page and API read goes through these.
    """

    def for_body(self, body: Body | int) -> OpenPCCQuerySet:
        return self.filter(**{self.model.BODY_FIELD: body})

    def published(self) -> OpenPCCQuerySet:
        """What the public may see: the model's ``public_q``."""
        return self.filter(self.model.public_q())


class ScopedModel(models.Model):
    """Base for every domain model: it knows the path to its body."""

    BODY_FIELD: ClassVar[str] = "body"
    # Prefix to the fields of the publishable record this one is published with;
    # "" for the model's own fields, None for records that are public by nature.
    PUBLICATION_PATH: ClassVar[str | None] = ""

    objects = OpenPCCQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def public_constraints(cls) -> models.Q:
        """Extra conditions for the public to see a record, beyond publication."""
        return models.Q()

    @classmethod
    def public_q(cls) -> models.Q:
        """The one public rule of this kind of record, as a query: published (and past any
        embargo) where it has a publication state, plus ``public_constraints`` (not exempt,
        papers released ...). ``published()``, the search index, feeds, exports and file
        downloads all use it; ``is_public`` says the same of a record in hand."""
        path = cls.PUBLICATION_PATH
        if path is None:  # public by nature, subject only to the model's own constraints
            return cls.public_constraints()
        return (
            models.Q(**{f"{path}publication_status": Publication.PUBLISHED})
            & released_q(f"{path}published_at")
            & cls.public_constraints()
        )

    @property
    def is_public(self) -> bool:
        """``public_q`` for a record in hand (one query; lists use ``published()``). Models whose
        pages check it in loops say it in Python instead, and core/tests/test_public_rules.py
        checks that the two agree record by record."""
        return type(self)._default_manager.filter(self.public_q(), pk=self.pk).exists()

    def owning_body(self) -> Body:
        obj: object = self
        for part in self.BODY_FIELD.split("__"):
            obj = getattr(obj, part)
        return obj  # type: ignore[return-value]

    def owning_body_id(self) -> int:
        return self.owning_body().pk


class Publication(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Classification(models.TextChoices):
    NPM = "NOT PROTECTIVELY MARKED", "Not protectively marked"
    OFFICIAL = "OFFICIAL", "Official"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "Official - sensitive"


class PublishableModel(ScopedModel):
    """The one publishable mixin: nothing is public until published.

    Exempt records are listed publicly with their reason but never their content;
    ``withheld_reason`` explains a part held back (e.g. personal data).
    """

    publication_status = models.CharField(
        max_length=12, choices=Publication.choices, default=Publication.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    classification = models.CharField(max_length=32, choices=Classification.choices, default=Classification.NPM)
    is_exempt = models.BooleanField(default=False)
    exempt_reason = models.CharField(max_length=500, blank=True)
    withheld_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        """Published and past any embargo (the publication state alone; ``is_public`` adds the
        model's own constraints)."""
        return self.publication_status == Publication.PUBLISHED and released(self.published_at)

    @property
    def is_public(self) -> bool:
        if not self.is_published:
            return False
        if not self.public_constraints():  # nothing beyond publication: no query needed
            return True
        return super().is_public

    def clean(self) -> None:
        super().clean()
        if self.is_exempt and not self.exempt_reason.strip():
            raise ValidationError({"exempt_reason": "Give the reason this is exempt from publication."})


class VersionedModel(models.Model):
    """Optimistic locking: every save through a service bumps ``version``; a save
    based on an older version is refused (see core.writing.save_versioned)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "Use lower-case letters, numbers and single hyphens only."
)


def validate_brand_colour(value: str) -> None:
    if not RegexValidator(r"^#[0-9a-fA-F]{6}$").regex.match(value or ""):
        raise ValidationError("Give the colour as #RRGGBB, for example #1d4f91.")
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < 4.5:
        raise ValidationError(
            f"White text on {value} has a contrast ratio of {ratio:.2f}:1; WCAG 2.2 AA needs at least 4.5:1. "
            "Choose a darker colour."
        )


# Top-level paths that a body's slug must never take over.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "accounts",
        "staff",
        "static",
        "media",
        "search",
        "api",
        "accessibility",
        "feeds",
        "feed",
        "about",
        "healthz",
        "brand",
    }
)


def validate_body_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is used by the site itself; choose another address for this body.")


class Body(models.Model):
    """An organisation that owns records and has its own public pages: an office of
    a PCC/PFCC, a police and crime panel, or another public body."""

    class Kind(models.TextChoices):
        PCC = "pcc", "Office of the Police and Crime Commissioner"
        PFCC = "pfcc", "Office of the Police, Fire and Crime Commissioner"
        PANEL = "panel", "Police and Crime Panel"
        OTHER = "other", "Other public body"

    slug = models.SlugField(max_length=60, unique=True, validators=[slug_validator, validate_body_slug])
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    area = models.CharField(
        max_length=120, blank=True, help_text="Police force area, e.g. Cambridgeshire and Peterborough."
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    brand_colour = models.CharField(max_length=7, default="#1d4f91", validators=[validate_brand_colour])
    contact_email = models.EmailField(blank=True)
    scrutinises = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scrutinised_by",
        help_text="For a panel: the commissioner's office whose plan and decisions it scrutinises.",
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def plan_body_ids(self) -> list[int]:
        """Bodies whose plan priorities this body's records may link to: its own, and
        the office it scrutinises (a panel's reports discuss the commissioner's plan)."""
        return [self.pk] + ([self.scrutinises_id] if self.scrutinises_id else [])


class Role(models.TextChoices):
    EDITOR = "editor", "OPCC officer (editor)"
    APPROVER = "approver", "Approver"
    SECRETARIAT = "secretariat", "Panel secretariat"
    PANEL_MEMBER = "panel_member", "Panel member"
    ADMINISTRATOR = "administrator", "Administrator"


class BodyRole(models.Model):
    """A user's role at one body. Rights are per body: a role here gives nothing elsewhere."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="body_roles")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "body", "role"], name="unique_body_role")]
        ordering = ["body__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.body}"


class PublicGeneration(models.Model):
    """One counter, raised after every committed change to a record the public may see; the
    public page cache (core.public_cache) keys pages by it, so a change invalidates them all."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
