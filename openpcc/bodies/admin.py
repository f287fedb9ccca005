from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Appointment, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "body"]
    list_filter = ["body", "kind"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "initials", "job_title", "body"]
    list_filter = ["body"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "body", "start_date", "end_date"]
