from django.contrib import admin

from apps.accounts.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Read-only: shows who has a key and when it was checked; the ciphertext never appears."""

    list_display = ("user", "masked", "projects_seen", "verified_at", "updated_at")
    search_fields = ("user__username",)
    fields = ("user", "masked", "projects_seen", "verified_at", "created_at", "updated_at")
    readonly_fields = fields
    exclude = ("ciphertext",)

    @admin.display(description="Key")
    def masked(self, obj):
        return obj.masked

    def has_add_permission(self, request):
        return False  # a key is only stored after IdentityCall accepted it, on the key page

    def has_change_permission(self, request, obj=None):
        return False
