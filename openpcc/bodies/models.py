"""Organisations named in the work (the constabulary, councils, delivery groups...)
and people with the roles they hold."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from openpcc.core.models import Body, ScopedModel


class Organisation(ScopedModel):
    """A partner named in a body's records, e.g. a delivery lead for a plan priority."""

    PUBLICATION_PATH = None  # public by nature: the names a body's public records give

    class Kind(models.TextChoices):
        CONSTABULARY = "constabulary", "Police force"
        COUNCIL = "council", "Local authority"
        PARTNERSHIP = "partnership", "Partnership"
        DELIVERY_GROUP = "delivery_group", "Delivery group or board"
        HEALTH = "health", "Health body"
        CHARITY = "charity", "Charity or voluntary organisation"
        CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice agency"
        OPCC = "opcc", "Office of the commissioner"
        OTHER = "other", "Other"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="unique_organisation_name_per_body")]

    def __str__(self) -> str:
        return self.name


class Person(ScopedModel):
    """Someone named in a body's records: a lead officer, a panel member, an author.

    Only names and public job titles are kept here; a linked user account lets the
    staff pages show "what I lead"."""

    PUBLICATION_PATH = None  # public by nature: the names a body's public records give

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    initials = models.CharField(max_length=8, blank=True, help_text="As used in delivery tables, e.g. NP.")
    job_title = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["body", "initials"], condition=~models.Q(initials=""), name="unique_initials_per_body"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Appointment(ScopedModel):
    """A role a person holds at a body for a period (PCC, Deputy, Chief Executive...)."""

    PUBLICATION_PATH = None  # public by nature: the names a body's public records give

    class Kind(models.TextChoices):
        PCC = "pcc", "Police and Crime Commissioner"
        DEPUTY = "deputy", "Deputy Police and Crime Commissioner"
        CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
        CFO = "cfo", "Chief Finance Officer"
        OFFICER = "officer", "Officer"
        PANEL_CHAIR = "panel_chair", "Panel chair"
        PANEL_VICE_CHAIR = "panel_vice_chair", "Panel vice-chair"
        PANEL_MEMBER = "panel_member", "Panel member"
        CO_OPTED = "co_opted", "Independent co-opted member"
        CONTACT_OFFICER = "contact_officer", "Contact officer"
        OTHER = "other", "Other"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="appointments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True, help_text="The title as the body uses it, if different.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="appointment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title or self.get_kind_display()}"
