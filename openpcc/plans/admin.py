from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DeliveryStatus, Plan, Theme


class StatusInline(admin.TabularInline):
    model = DeliveryStatus
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "period_start", "period_end", "publication_status"]
    list_filter = ["body"]
    inlines = [StatusInline, ThemeInline]
