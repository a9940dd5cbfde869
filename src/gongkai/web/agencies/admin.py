"""The system administrator's screens: agencies, people and their roles."""

from django.contrib import admin

from ..audit.admin import NoDelete
from .models import Agency, Alias, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    can_delete = False  # a role ends by being voided
    fields = ("user", "role", "voided")


class AliasInline(admin.TabularInline):
    """The other names an agency is printed under; one confirmed wrongly is voided (kept in
    the trail), never deleted."""
    model = Alias
    extra = 0
    can_delete = False
    fields = ("name", "reason", "voided")


@admin.register(Agency)
class AgencyAdmin(NoDelete):
    list_display = ("name", "code", "level", "kind", "parent", "voided")
    list_filter = ("level", "kind")
    search_fields = ("name", "code", "aliases__name")
    inlines = [AliasInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(NoDelete):
    list_display = ("user", "agency", "role", "voided")
    list_filter = ("role",)
