"""The Django admin with the console's login throttle: `/admin/login/` counts failures in the same
place as `/accounts/login/`, so neither form is a way around the other's limit.

INSTALLED_APPS names `ConsoleAdminConfig` instead of `django.contrib.admin`; its site is the
default `admin.site` every `@admin.register` uses.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache


class ConsoleAdminSite(AdminSite):
    """Django's admin site whose login form is throttled; a refused attempt answers 429."""

    def __init__(self, name="admin"):
        super().__init__(name)
        # Imported here, as Django's own AdminSite.login does: this module is loaded with
        # INSTALLED_APPS, before the models the login forms import exist.
        from apps.accounts.forms import AdminLoginForm

        self.login_form = AdminLoginForm

    # The same decorators as the method it overrides: never cached, open to anonymous visitors.
    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        from apps.accounts.forms import mark_throttled

        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        return mark_throttled(response, form)


class ConsoleAdminConfig(AdminConfig):
    """django.contrib.admin, with ConsoleAdminSite as `admin.site`."""

    default_site = "apps.accounts.admin_site.ConsoleAdminSite"
