"""The audit trail in /admin/: seen, never changed."""

from django.contrib import admin

from .models import AuditEntry


class NoDelete(admin.ModelAdmin):
    """Nothing is deleted: records are closed or voided (the audited models refuse it too)."""

    actions = None

    def has_delete_permission(self, request, obj=None):
        return False


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
