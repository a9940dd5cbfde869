"""The audit trail in /admin/: seen, never changed."""

from django.apps import apps
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


def model_name(label: str) -> str:
    """A model's name for people (依申请公开案件), from the name the trail keeps (requestcase)."""
    for model in apps.get_models():
        if model._meta.model_name == label:
            return str(model._meta.verbose_name)
    return label


class ModelFilter(admin.SimpleListFilter):
    title = "对象类型"
    parameter_name = "model"

    def lookups(self, request, model_admin):
        labels = AuditEntry.objects.order_by().values_list("model", flat=True).distinct()
        return sorted(((label, model_name(label)) for label in labels), key=lambda x: x[1])

    def queryset(self, request, queryset):
        return queryset.filter(model=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ("at", "actor", "kind", "object_id", "action", "reason")
    list_filter = (ModelFilter, "action")
    search_fields = ("actor", "object_id")

    @admin.display(description="对象类型", ordering="model")
    def kind(self, entry: AuditEntry) -> str:
        return model_name(entry.model)
