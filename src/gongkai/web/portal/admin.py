"""The system administrator's screens: agencies, people and their roles, letter templates,
reviews and normative documents."""

from django.contrib import admin

from ..records.models import (
    Agency,
    AuditEntry,
    HolidaySchedule,
    IssuedLetter,
    LetterTemplate,
    NormativeDocument,
    Review,
)
from .models import Membership


class NoDelete(admin.ModelAdmin):
    """Nothing is deleted: records are closed or voided (the audited models refuse it too)."""

    actions = None

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(NoDelete):
    list_display = ("year", "source")


@admin.register(LetterTemplate)
class LetterTemplateAdmin(NoDelete):
    list_display = ("agency", "kind", "title", "voided")
    list_filter = ("kind",)


@admin.register(Review)
class ReviewAdmin(NoDelete):
    """行政复议 and 行政诉讼 (table 四), until they have their own screens."""
    list_display = ("agency", "number", "kind", "filed", "decided", "outcome", "voided")
    list_filter = ("kind", "outcome")


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(NoDelete):
    """规章 and 行政规范性文件 (table 二), until they have their own screens."""
    list_display = ("agency", "number", "title", "kind", "issued", "repealed", "voided")
    list_filter = ("kind",)
    search_fields = ("number", "title")


class ReadOnly(NoDelete):
    """Kept as it was written: seen here, changed nowhere."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ("at", "actor", "model", "object_id", "action")
    list_filter = ("model", "action")
    search_fields = ("actor", "object_id")


@admin.register(IssuedLetter)
class IssuedLetterAdmin(ReadOnly):
    list_display = ("number", "agency", "kind", "case", "on")
    list_filter = ("kind", "year")
    search_fields = ("number",)
