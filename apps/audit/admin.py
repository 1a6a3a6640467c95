from django.contrib import admin

from apps.audit.models import AuditEvent

COLUMNS = (
    "created_at",
    "username",
    "action",
    "resource_type",
    "resource_id",
    "status",
    "error",
    "ip_address",
)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Everyone's trail for staff, read-only: only the console itself ever writes it."""

    list_display = COLUMNS
    list_filter = ("action", ("user", admin.RelatedOnlyFieldListFilter), "status", "error")
    search_fields = ("username", "resource_id")
    date_hierarchy = "created_at"
    fields = ("user", *COLUMNS, "detail")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
