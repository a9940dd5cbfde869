"""The system administrator's screens of the register: holiday schedules, letter
templates, reviews and lawsuits, normative documents, the letters issued (read only)."""

from django.contrib import admin

from ..audit.admin import NoDelete, ReadOnly
from .models import Approval, HolidaySchedule, IssuedLetter, LetterTemplate, NormativeDocument, Review


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(NoDelete):
    list_display = ("year", "source")


@admin.register(LetterTemplate)
class LetterTemplateAdmin(NoDelete):
    list_display = ("agency", "kind", "title", "voided")
    list_filter = ("kind",)


@admin.register(Review)
class ReviewAdmin(NoDelete):
    """行政复议 and 行政诉讼 (table 三), until they have their own screens."""
    list_display = ("agency", "number", "kind", "filed", "decided", "outcome", "voided")
    list_filter = ("kind", "outcome")


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(NoDelete):
    """规章 and 行政规范性文件 (table 一), until they have their own screens."""
    list_display = ("agency", "number", "title", "kind", "issued", "repealed", "voided")
    list_filter = ("kind",)
    search_fields = ("number", "title")


@admin.register(IssuedLetter)
class IssuedLetterAdmin(ReadOnly):
    list_display = ("number", "title", "agency", "kind", "case", "on", "corrects")
    list_filter = ("kind", "year")
    search_fields = ("number",)


@admin.register(Approval)
class ApprovalAdmin(ReadOnly):
    list_display = ("case", "state", "submitted_by", "created", "decided_by", "decided_at", "note")
    list_filter = ("state",)
