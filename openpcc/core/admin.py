from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, BodyRole, User


class BodyRoleInline(admin.TabularInline):
    model = BodyRole
    extra = 1


@admin.register(User)
class OpenPCCUserAdmin(UserAdmin):
    inlines = [BodyRoleInline]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
