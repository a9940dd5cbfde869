"""The system administrator's screens for agencies, people and their roles."""

from django.contrib import admin

from ..records.models import Agency, LetterTemplate
from .models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ("user", "role", "voided")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "parent", "voided")
    search_fields = ("name",)
    inlines = [MembershipInline]
    actions = None  # nothing is deleted

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role", "voided")
    list_filter = ("role",)
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ("agency", "kind", "title", "voided")
    list_filter = ("kind",)
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False
