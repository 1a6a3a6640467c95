from django.contrib import admin

from apps.accounts.models import ApiKey, Membership


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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Team roles; the console's team page (/settings/team/) is the everyday place to change them."""

    list_display = ("user", "role", "updated_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email")
