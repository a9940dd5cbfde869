"""The system administrator's screens for agencies, people and their roles."""

from django.contrib import admin

from ..records.models import Agency, LetterTemplate, NormativeDocument, Review
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


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """行政复议 and 行政诉讼 (table 四), until they have their own screens."""
    list_display = ("agency", "number", "kind", "filed", "decided", "outcome", "voided")
    list_filter = ("kind", "outcome")
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(admin.ModelAdmin):
    """规章 and 行政规范性文件 (table 二), until they have their own screens."""
    list_display = ("agency", "number", "title", "kind", "issued", "repealed", "voided")
    list_filter = ("kind",)
    search_fields = ("number", "title")
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False
