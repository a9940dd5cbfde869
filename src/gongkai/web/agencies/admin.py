"""The system administrator's screens: agencies, people and their roles."""

from django.contrib import admin

from ..audit.admin import NoDelete
from .models import Agency, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    can_delete = False  # a role ends by being voided
    fields = ("user", "role", "voided")


@admin.register(Agency)
class AgencyAdmin(NoDelete):
    list_display = ("name", "region", "parent", "voided")
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(NoDelete):
    list_display = ("user", "agency", "role", "voided")
    list_filter = ("role",)
